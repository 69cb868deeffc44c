/**
 * The limits AFAS puts on the bodies, checked before the first write: a free field (vrij veld) that
 * does not exist or a value longer than it holds (FiEntriesCustom's metainfo), a text longer than
 * KnSubject's field, a dossier item type AFAS does not have (KnSubject's metainfo, or the standard
 * GetConnector `Profit_SubjectTypes`). The exporter reads them every five minutes at most, each only
 * when the App Connector authorises its connector; a failed read leaves that limit unknown, and AFAS
 * checks it itself.
 */
import type { AfasClient, UpdateConnectorMeta, UpdateConnectorObject } from 'afas-client';
import type { BookingPlan } from './booking.js';
import { LOOKUP_CONNECTORS, readDossierItemTypes } from './lookups.js';
import type { ReportProblem } from './problems.js';

/** What the exporter knows of AFAS's limits; a part left undefined is unknown. */
export interface UpdateLimits {
  /** FiEntriesCustom's free fields: id (upper case) → label and length (for text fields). */
  readonly freeFields?: ReadonlyMap<string, { readonly label: string; readonly length?: number | undefined }>;
  /** KnSubject's text fields (`Ds`, `FileName`) → length. */
  readonly dossierTextLengths?: ReadonlyMap<string, number>;
  /**
   * The dossier item types (`StId`) AFAS has: the values KnSubject's metainfo lists for `StId`, or
   * else the rows of `Profit_SubjectTypes`. AFAS's metainfo gives `StId` as a reference without
   * values as far as we know (UNSURE), so the GetConnector is the usual source.
   */
  readonly dossierTypes?: ReadonlySet<number>;
}

/** The connectors the limits are read from. */
type LimitsConnector = 'FiEntriesCustom' | 'KnSubject' | typeof LOOKUP_CONNECTORS.subjectTypes;

/**
 * Reads the limits: FiEntriesCustom's and KnSubject's metainfo, and the dossier item types, each
 * when its connector is authorised.
 */
export async function readUpdateLimits(
  client: AfasClient,
  authorised: (connector: LimitsConnector) => Promise<boolean>,
): Promise<UpdateLimits> {
  const read = async (connector: 'FiEntriesCustom' | 'KnSubject') =>
    (await authorised(connector)) ? client.updateConnectorMeta(connector).catch(() => undefined) : undefined;
  const readTypes = async () =>
    (await authorised(LOOKUP_CONNECTORS.subjectTypes))
      ? readDossierItemTypes(client)
          .then((types) => types && new Set(types.map((type) => type.id)))
          .catch(() => undefined)
      : undefined;
  const [custom, subject] = await Promise.all([read('FiEntriesCustom'), read('KnSubject')]);
  const limits: {
    freeFields?: Map<string, { label: string; length?: number | undefined }>;
    dossierTextLengths?: Map<string, number>;
    dossierTypes?: Set<number>;
  } = {};
  if (custom) {
    limits.freeFields = new Map(
      fieldsOf(custom)
        .filter((field) => /^U[0-9A-F]{32}$/i.test(field.fieldId))
        .map((field) => [
          field.fieldId.toUpperCase(),
          {
            label: field.label ?? field.fieldId,
            length: field.dataType === 'string' && field.length ? field.length : undefined,
          },
        ]),
    );
  }
  if (subject) {
    const fields = fieldsOf(subject);
    limits.dossierTextLengths = new Map(
      fields
        .filter((field) => field.dataType === 'string' && field.length)
        .map((f) => [f.fieldId, f.length ?? 0]),
    );
    const listed = fields.find((field) => field.fieldId === 'StId')?.values;
    if (listed && listed.length > 0) limits.dossierTypes = new Set(listed.map((value) => Number(value.id)));
  }
  // Only when metainfo does not list the types: one call fewer, and no more calls at once than two.
  if (limits.dossierTypes === undefined) {
    const types = await readTypes();
    if (types) limits.dossierTypes = types; // an empty list too: judged as such, not as unread
  }
  return limits;
}

/**
 * What the list of dossier item types says of `type`: `listed`; `unlisted` (AFAS has no such
 * type: refused); or it cannot tell: `unread` (no list: not authorised, or the read failed),
 * `empty` (AFAS listed none), `no-own-types` (a negative type, one of AFAS's own, and the list holds
 * none of those: whether `Profit_SubjectTypes` lists them is UNSURE). The export, its dry run and
 * `check` all judge by this.
 */
export type DossierTypeVerdict = 'listed' | 'unlisted' | 'unread' | 'empty' | 'no-own-types';

/** See {@link DossierTypeVerdict}. */
export function judgeDossierType(types: ReadonlySet<number> | undefined, type: number): DossierTypeVerdict {
  if (types === undefined) return 'unread';
  if (types.has(type)) return 'listed';
  if (types.size === 0) return 'empty';
  return type < 0 && ![...types].some((id) => id < 0) ? 'no-own-types' : 'unlisted';
}

/** Why the dossier item type cannot be judged, for a skipped check (`empty`, `no-own-types`). */
export const UNJUDGED_DOSSIER_TYPE = {
  empty: 'lists no dossier item types',
  'no-own-types': "lists none of AFAS's own dossier item types (the negative ones)",
} as const;

/** Every field of an UpdateConnector, its nested objects' included. */
function fieldsOf(meta: UpdateConnectorMeta): UpdateConnectorMeta['fields'] {
  const all = [...meta.fields];
  const visit = (objects: readonly UpdateConnectorObject[]) => {
    for (const object of objects) {
      all.push(...object.fields);
      // afas-client's emitted type of the recursive schema stops at one level.
      visit(object.objects as unknown as readonly UpdateConnectorObject[]);
    }
  };
  visit(meta.objects);
  return all;
}

/**
 * The problems a planned booking has against the limits: each names the setting or Declaree field
 * to change. Nothing here reaches AFAS.
 */
export function checkLimits(
  plan: BookingPlan,
  settings: { readonly dossierItemType: number; readonly freeFields: Readonly<Record<string, string>> },
  limits: UpdateLimits,
): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const base = { reportId: plan.reportId, reportNumber: plan.reportNumber };
  const { freeFields } = limits;
  if (freeFields) {
    for (const id of Object.keys(settings.freeFields)) {
      if (!freeFields.has(id.toUpperCase())) {
        problems.push({
          ...base,
          field: `settings.freeFields.${id}`,
          code: 'free-field-unknown',
          message: `The free field ${id} does not exist in FiEntriesCustom (Financiële vrije velden): copy the field id from Algemeen > Beheer > Vrije velden into the settings, or remove it.`,
        });
      }
    }
    const reported = new Set<string>();
    for (const line of plan.lines) {
      for (const [id, value] of Object.entries(line.freeFields)) {
        const field = freeFields.get(id.toUpperCase());
        if (field?.length === undefined || value.length <= field.length || reported.has(id)) continue;
        reported.add(id);
        problems.push({
          ...base,
          field: `settings.freeFields.${id}`,
          code: 'free-field-too-long',
          message: `The free field "${field.label}" holds at most ${field.length} characters; "${value}" has ${value.length}. Shorten the value in Declaree (e.g. the report number) or change the free-field template in the settings.`,
        });
      }
    }
  }
  const lengths = limits.dossierTextLengths;
  if (lengths) {
    const texts: [string, string][] = [
      ['Ds', plan.dossier.subject],
      ['FileName', plan.dossier.fileName],
    ];
    for (const [id, value] of texts) {
      const length = lengths.get(id);
      if (length !== undefined && value.length > length) {
        problems.push({
          ...base,
          field: id === 'FileName' ? 'settings.templates.fileName' : 'settings.templates.dossierSubject',
          code: 'dossier-text-too-long',
          message: `The dossier item's ${id === 'FileName' ? 'file name' : 'subject'} holds at most ${length} characters; "${value}" has ${value.length}. Shorten the template in the settings.`,
        });
      }
    }
  }
  if (judgeDossierType(limits.dossierTypes, settings.dossierItemType) === 'unlisted') {
    problems.push({
      ...base,
      field: 'settings.dossierItemType',
      code: 'unknown-dossier-type',
      message: `AFAS has no dossier item type ${settings.dossierItemType} (Type dossieritem, StId): choose one listed under Algemeen > Dossier > Beheer > Type dossieritem, and set dossierItemType in the settings.`,
    });
  }
  return problems;
}
