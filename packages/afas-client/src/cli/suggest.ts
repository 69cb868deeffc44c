/**
 * "Did you mean" for what AFAS does not know: a connector id, a field id in a filter or sort, a
 * field or object in an UpdateConnector body. Each looks the names up in metainfo only after AFAS
 * refused (a call that succeeds costs nothing extra), and adds a suggestion only when a close name
 * exists: AFAS's own message stays first, and the exit code stays AFAS's (1).
 */

import { rootObjectOf } from '../envelope.js';
import type { AfasClient, UpdateConnectorMeta, UpdateConnectorObject, UpdateElement } from '../index.js';
import { isAfasError } from '../index.js';
import { closest, Suggested } from './kit.js';

/** `Did you mean A or B?` for the candidates close to `value`, or undefined when none is. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  // A candidate equal to the value is no suggestion: AFAS refused that very name for another reason.
  const near = closest(value, candidates).filter((candidate) => candidate !== value);
  return near.length > 0 ? `Did you mean ${near.join(' or ')}?` : undefined;
}

/** AFAS's "not supported or not authorised": the connector is not one this token may use. */
function isUnknownConnector(error: unknown): boolean {
  return (
    isAfasError(error) && error.kind === 'profit' && /niet ondersteund|not supported/i.test(error.message)
  );
}

/**
 * Throws `error`; for AFAS's "not supported or not authorised" with a connector id close to one
 * this token may use (of `kind`, from GET /metainfo), as the same error with "did you mean".
 */
export async function suggestConnector(
  client: AfasClient,
  kind: 'get' | 'update',
  connector: string,
  error: unknown,
): Promise<never> {
  if (!isUnknownConnector(error)) throw error;
  const known = await client.metainfo().then(
    (meta) => (kind === 'get' ? meta.getConnectors : meta.updateConnectors).map((c) => c.id),
    () => [] as string[],
  );
  // The connector is there: AFAS's "not supported" is about something else (a method, say).
  if (known.includes(connector)) throw error;
  const suggestion = didYouMean(connector, known);
  throw suggestion === undefined
    ? error
    : new Suggested(error, `${suggestion} (afas meta lists the connectors this token may use)`);
}

/** A field id the user named, and the flag that named it (`--where`, `--order-by`). */
export interface NamedField {
  readonly flag: string;
  readonly field: string;
}

/**
 * Throws `error` from a GetConnector call; when AFAS refused a field id given in `fields` that the
 * connector does not have (GET /metainfo/get/<connector>) and a close one exists, with "did you
 * mean". An unknown connector gets its own suggestion ({@link suggestConnector}).
 */
export async function suggestGetField(
  client: AfasClient,
  connector: string,
  fields: readonly NamedField[],
  error: unknown,
): Promise<never> {
  if (isUnknownConnector(error)) return suggestConnector(client, 'get', connector, error);
  if (!isAfasError(error) || error.kind !== 'profit' || fields.length === 0) throw error;
  const ids = await client.getConnectorMeta(connector).then(
    (meta) => meta.fields.map((field) => field.id),
    () => undefined,
  );
  if (ids === undefined) throw error;
  // AFAS takes field ids in any case; `['Name']` is how a field id with special characters is written.
  const known = new Set(ids.map((id) => id.toLowerCase()));
  for (const { flag, field } of fields) {
    const bare = /^\['(.*)'\]$/.exec(field)?.[1] ?? field;
    if (known.has(bare.toLowerCase())) continue;
    const suggestion = didYouMean(bare, ids);
    if (suggestion !== undefined)
      throw new Suggested(error, `${flag}: ${connector} has no field ${bare}. ${suggestion}`);
  }
  throw error;
}

/** A name in a body that the UpdateConnector's metainfo does not have, with the close ones. */
interface UnknownName {
  readonly what: 'field' | 'object';
  readonly name: string;
  /** The object it was given in. */
  readonly object: string;
  readonly suggestion: string;
}

/**
 * Throws `error` from an UpdateConnector call; when AFAS refused a body with a field or object the
 * connector does not have (GET /metainfo/update/<connector>) and a close one exists, with "did you
 * mean". The elements are of `place.subObject` (`afas insert --sub-object`), else of the root
 * object (`place.object`, or the connector's own). An unknown connector gets its own suggestion ({@link suggestConnector}).
 */
export async function suggestBodyField(
  client: AfasClient,
  connector: string,
  elements: UpdateElement | readonly UpdateElement[],
  place: { readonly object?: string | undefined; readonly subObject?: string | undefined },
  error: unknown,
): Promise<never> {
  if (isUnknownConnector(error)) return suggestConnector(client, 'update', connector, error);
  if (!isAfasError(error) || error.kind !== 'profit') throw error;
  const meta = await client.updateConnectorMeta(connector).catch(() => undefined);
  const { subObject } = place;
  const object = meta && (subObject === undefined ? meta : findObject(meta, subObject));
  if (object === undefined) throw error;
  const root = subObject ?? place.object ?? rootObjectOf(connector);
  const unknown = unknownNames(toList(elements), object, root)[0];
  if (unknown === undefined) throw error;
  throw new Suggested(
    error,
    `${unknown.suggestion} (${unknown.name} is not ${unknown.what === 'field' ? 'a field' : 'an object'} of ${unknown.object}; afas meta update ${connector} lists them)`,
  );
}

/** Custom fields: their ids are `U` and 32 hex digits, which metainfo may list under their label. */
const CUSTOM_FIELD_ID = /^U[0-9A-F]{32}$/i;

function unknownNames(
  elements: readonly UpdateElement[],
  object: UpdateConnectorMeta | UpdateConnectorObject,
  name: string,
): UnknownName[] {
  const fieldIds = object.fields.map((field) => field.fieldId);
  const objectNames = object.objects.map((inner) => inner.name);
  const found: UnknownName[] = [];
  for (const element of elements) {
    for (const field of Object.keys(element.Fields ?? {})) {
      if (fieldIds.includes(field) || CUSTOM_FIELD_ID.test(field)) continue;
      const suggestion = didYouMean(field, fieldIds);
      if (suggestion !== undefined) found.push({ what: 'field', name: field, object: name, suggestion });
    }
    const groups = element.Objects === undefined ? [] : toList(element.Objects);
    for (const group of groups) {
      for (const [innerName, inner] of Object.entries(group)) {
        const innerMeta = object.objects.find((candidate) => candidate.name === innerName);
        if (innerMeta === undefined) {
          const suggestion = didYouMean(innerName, objectNames);
          if (suggestion !== undefined)
            found.push({ what: 'object', name: innerName, object: name, suggestion });
          continue;
        }
        found.push(...unknownNames(toList(inner.Element), innerMeta, innerName));
      }
    }
  }
  return found;
}

/** The object called `name` anywhere under `meta`. */
function findObject(
  meta: UpdateConnectorMeta | UpdateConnectorObject,
  name: string,
): UpdateConnectorObject | undefined {
  for (const object of meta.objects) {
    if (object.name === name) return object;
    const inner = findObject(object, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function toList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? value : [value as T];
}
