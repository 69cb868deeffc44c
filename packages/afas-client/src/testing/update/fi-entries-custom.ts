/**
 * `FiEntriesCustom` (Financiële vrije velden): its objects and fields, and its rule. PUT only. Each element names an entry line by
 * `@UnId`, `@EnNo`, `@SeNo` and sets free fields (`U` + 32 hex) on it.
 */
import { messages } from '../messages.js';
import { emptyResponse, ProfitFailure } from '../responses.js';
import type { FreeFieldSeed } from '../seed.js';
import { labelOf, numberOf, parseUpdateBody, type UpdateObjectDef } from './body.js';
import type { UpdateConnector, UpdateContext } from './connector.js';
import { f } from './fields.js';

/** `FiEntriesCustom` (Financiële vrije velden): the keys plus the environment's free fields. */
export function fiEntriesCustom(freeFields: Iterable<FreeFieldSeed>): UpdateObjectDef {
  return {
    name: 'FiEntriesCustom',
    description: 'Financiële vrije velden',
    fields: [
      f('UnId', 'int', 'Administratie', 'Administration', { primaryKey: true, mandatory: true }),
      f('EnNo', 'int', 'Nummer journaalpost', 'Journal entry number', { primaryKey: true, mandatory: true }),
      f('SeNo', 'int', 'Volgnummer journaalpost', 'Journal entry sequence number', {
        primaryKey: true,
        mandatory: true,
      }),
      ...[...freeFields].map((free) =>
        f(free.id.toUpperCase(), free.dataType ?? 'string', free.label, free.label, {
          ...(free.dataType === undefined || free.dataType === 'string'
            ? { length: free.length ?? 255 }
            : {}),
        }),
      ),
    ],
    objects: [],
  };
}

const KEYS = new Set(['UnId', 'EnNo', 'SeNo']);

function put(context: UpdateContext, body: unknown): Response {
  const { state } = context;
  const definition = fiEntriesCustom(state.freeFields.values());
  // 'insert' mode: the three keys are mandatory, whether sent as @attributes or as Fields.
  const changes = parseUpdateBody(body, definition, 'insert').map((element) => {
    const key = (id: string) => numberOf(element.keys[id] ?? element.fields[id]) ?? 0;
    const [administration, entryNumber, seqNo] = [key('UnId'), key('EnNo'), key('SeNo')];
    const entryExists = state.entries.some(
      (e) => e.administration === administration && e.entryNumber === entryNumber,
    );
    if (!entryExists) throw new ProfitFailure(messages.doesNotExist(labelOf(definition, 'EnNo')));
    if (!state.findLine(administration, entryNumber, seqNo)) {
      throw new ProfitFailure(messages.doesNotExist(labelOf(definition, 'SeNo')));
    }
    const values = Object.fromEntries(Object.entries(element.fields).filter(([id]) => !KEYS.has(id)));
    return { administration, entryNumber, seqNo, values };
  });

  for (const { administration, entryNumber, seqNo, values } of changes) {
    const id = `${administration}/${entryNumber}/${seqNo}`;
    const previous = state.customFields.get(id)?.fields ?? {};
    state.customFields.set(id, { administration, entryNumber, seqNo, fields: { ...previous, ...values } });
  }
  // AFAS's OpenAPI declares only "201 Created" for this PUT: no body.
  return emptyResponse(201);
}

/** The `FiEntriesCustom` UpdateConnector. */
export const fiEntriesCustomConnector: UpdateConnector = {
  id: 'FiEntriesCustom',
  description: 'Financiële vrije velden',
  definition: (state) => fiEntriesCustom(state.freeFields.values()),
  put,
};
