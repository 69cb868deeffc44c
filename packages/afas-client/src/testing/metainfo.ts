/**
 * `/metainfo` (what this App Connector may call), `/metainfo/get/{id}` (GetConnector fields) and
 * `/metainfo/update/{id}` (UpdateConnector objects and fields, recursive).
 */
import type { Caller } from './auth.js';
import type { GetConnectorDefinition } from './get-connectors.js';
import type { SimulatorLanguage } from './seed.js';
import type { SimulatorState } from './state.js';
import type { UpdateObjectDef } from './update/body.js';
import type { UpdateConnector } from './update/connector.js';

const ENVIRONMENT_LETTER = { production: 'O', test: 'T', accept: 'A' } as const;

/** `GET /metainfo`. */
export function metainfoList(
  state: SimulatorState,
  caller: Caller,
  getConnectors: readonly GetConnectorDefinition[],
  updateConnectors: readonly UpdateConnector[],
): unknown {
  const { seed } = caller.appConnector;
  const updateDescription = (id: string) => updateConnectors.find((c) => c.id === id)?.description ?? id;
  return {
    updateConnectors: [...caller.appConnector.updateConnectors].map((id) => ({
      id,
      description: updateDescription(id),
    })),
    getConnectors: getConnectors.map((c) => ({ id: c.id, description: c.id })),
    info: {
      envid: `${ENVIRONMENT_LETTER[state.kind]}${state.environmentId}AA`,
      appName: seed.description,
      group: seed.group ?? `Alle Profit-gebruikers (${state.environmentId}.${seed.id})`,
      tokenExpiry: '0',
    },
  };
}

/** `GET /metainfo/get/{id}`. */
export function getConnectorMetainfo(definition: GetConnectorDefinition): unknown {
  return {
    name: definition.id,
    description: definition.description,
    fields: definition.fields.map((field, index) => ({
      id: field.id,
      fieldId: `U${String(index + 1).padStart(3, '0')}`,
      dataType: field.dataType,
      label: field.label ?? field.id,
      length: field.length ?? 0,
      controlType: field.controlType ?? 1,
      decimals: field.decimals ?? 0,
      decimalsFieldId: '',
    })),
  };
}

function objectMetainfo(definition: UpdateObjectDef, language: SimulatorLanguage): Record<string, unknown> {
  return {
    fields: definition.fields.map((field) => ({
      fieldId: field.id,
      primaryKey: field.primaryKey ?? false,
      dataType: field.dataType,
      label: field.label[language],
      mandatory: field.mandatory ?? false,
      length: field.length ?? 0,
      decimals: field.dataType === 'decimal' ? 2 : 0,
      // AFAS spells it without the "s" here (GetConnector metainfo has `decimalsFieldId`).
      decimalFieldId: '',
      notzero: false,
      controlType: field.values ? 2 : 1,
      values: field.values ? field.values.map((v) => ({ id: v.id, description: v.description })) : null,
    })),
    objects: definition.objects.map((sub) => ({
      name: sub.name,
      description: sub.description,
      ...objectMetainfo(sub, language),
    })),
  };
}

/** `GET /metainfo/update/{id}`. */
export function updateConnectorMetainfo(
  connector: UpdateConnector,
  state: SimulatorState,
  language: SimulatorLanguage,
): unknown {
  return {
    name: connector.id,
    description: connector.description,
    ...objectMetainfo(connector.definition(state), language),
  };
}
