import { elementToWire, type KnownConnector } from './connectors.js';
import { envelope, type FieldValue, rootObjectOf, type UpdateElement } from './envelope.js';
import { AfasConfigError } from './errors.js';
import { CONTROL_CHARACTER, checkConnectorId, escapeControl } from './get.js';
import { isRecord } from './internal/is-record.js';
import { record, recordOf } from './internal/shape.js';
import type { CallOptions, HttpMethod, Transport } from './transport.js';

/** Options of the UpdateConnector calls. */
export interface UpdateOptions extends CallOptions {
  /**
   * The root object of the body when it differs from the connector id and is not known to the
   * client (it knows `FiEntries` → `FiEntryPar`).
   */
  readonly object?: string | undefined;
  /**
   * Declare that repeating this write can do no harm, so that it is retried like a GET on
   * network errors, timeouts and 502/504. Only do this for writes you know to be idempotent.
   * @default false
   */
  readonly idempotent?: boolean | undefined;
}

const ResultsSchema = recordOf(record());

/** What AFAS answered to a write. */
export interface UpdateResult {
  /** HTTP status: 201 for inserts, 200/201 for updates and deletes. */
  readonly status: number;
  /** Generated keys per object, e.g. `{ FiEntryPar: { UnId: '1', EnNo: '54605' } }`; values as strings. */
  readonly results: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** All generated keys in one record, e.g. `{ UnId: '1', EnNo: '54605' }` or `{ SbId: '9910' }`. */
  readonly keys: Readonly<Record<string, string>>;
}

/** Keys of the record to delete: `{ '@SbId': 9910 }`. Write `@` where AFAS wants it in the path. */
export type DeleteKeys = Readonly<Record<string, FieldValue>>;

/** One level of a nested delete path: the object and its keys. */
export interface DeleteSegment {
  readonly object: string;
  readonly keys: DeleteKeys;
}

/** Sends an UpdateConnector body built from `element`; a typed client's custom field names go out as their ids. */
export async function write(
  transport: Transport,
  method: 'POST' | 'PUT',
  connectorId: string,
  element: UpdateElement | readonly UpdateElement[],
  options: UpdateOptions & { readonly subObject?: string | undefined } = {},
  connector?: KnownConnector,
): Promise<UpdateResult> {
  checkConnectorId(connectorId);
  if (options.subObject !== undefined) checkConnectorId(options.subObject);
  if (Array.isArray(element) && element.length === 0) {
    throw new AfasConfigError(`Nothing to send to ${connectorId}.`, 'Pass at least one element.');
  }
  if (options.object !== undefined) checkIdentifier(connectorId, 'the root object', options.object);
  const root = options.subObject ?? options.object ?? rootObjectOf(connectorId);
  const path = `connectors/${connectorId}${options.subObject ? `/${options.subObject}` : ''}`;
  const wire = connector ? elementToWire(element, connector.toWire) : element;
  const body = envelope(connectorId, wire, root);
  checkBody(connectorId, body, '');
  return send(transport, method, path, connectorId, body, options);
}

/**
 * Deletes a record. `keys` alone addresses the root object (`{ '@SbId': 9910 }` →
 * `KnSubject/KnSubject/@SbId/9910`); segments address nested records, e.g.
 * `[{ object: 'FiEntryPar', keys: { UnId: 1, JoCo: '70' } }, { object: 'FiEntries', keys: { '@EnNo': 42 } }]`.
 */
export async function remove(
  transport: Transport,
  connectorId: string,
  keys: DeleteKeys | readonly DeleteSegment[],
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  checkConnectorId(connectorId);
  const segments: readonly DeleteSegment[] = Array.isArray(keys)
    ? keys
    : [{ object: options.object ?? rootObjectOf(connectorId), keys: keys as DeleteKeys }];
  if (segments.length === 0)
    throw new AfasConfigError(`Delete on ${connectorId} needs keys.`, 'Name the record to delete.');
  const parts = segments.map(({ object, keys: segmentKeys }) => {
    checkConnectorId(object);
    const entries = Object.entries(segmentKeys);
    for (const [name, value] of entries) {
      checkIdentifier(connectorId, `the key name of ${object}`, name);
      if (typeof value === 'string') checkIdentifier(connectorId, `the ${name} key of ${object}`, value);
      if (typeof value === 'number') checkNumber(connectorId, `${object}.${name}`, value);
    }
    if (entries.length === 0 || entries.some(([, value]) => value === null || value === '')) {
      throw new AfasConfigError(
        `Delete on ${connectorId}: ${object} needs key values.`,
        'Give every key a value.',
      );
    }
    const names = entries.map(([name]) => encodeURIComponent(name).replaceAll('%40', '@')).join(',');
    const values = entries.map(([, value]) => encodeURIComponent(String(value))).join(',');
    return `${object}/${names}/${values}`;
  });
  return send(
    transport,
    'DELETE',
    `connectors/${connectorId}/${parts.join('/')}`,
    connectorId,
    undefined,
    options,
  );
}

/**
 * Refuses what `JSON.stringify` would silently change — NaN and ±Infinity become `null` (a booked
 * empty amount), -0 becomes 0 — and control characters in object, field and key names, before
 * anything is sent. The error names the place: `FiEntryPar.Element.Objects[0].FiEntries.Element[2].Fields.AmDe`.
 */
function checkBody(connectorId: string, value: unknown, path: string): void {
  if (value instanceof Uint8Array) return; // file contents, sent as base64
  if (typeof value === 'number') checkNumber(connectorId, path, value);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkBody(connectorId, item, `${path}[${i}]`);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkIdentifier(connectorId, `the name ${path ? `in ${path}` : ''}`.trim(), key);
      checkBody(connectorId, item, path ? `${path}.${key}` : key);
    }
  }
}

function checkNumber(connectorId: string, path: string, value: number): void {
  const shown = Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : String(value);
  if (Number.isFinite(value) && !Object.is(value, -0)) return;
  throw new AfasConfigError(
    `${connectorId}: ${path} is ${shown}, which JSON cannot carry (it would send ${Object.is(value, -0) ? '0' : 'null'}).`,
    Object.is(value, -0)
      ? 'Write 0; nothing was sent.'
      : 'Give a finite number (a number too large for JavaScript, such as 1e400, reads as Infinity); nothing was sent.',
  );
}

function checkIdentifier(connectorId: string, what: string, name: string): void {
  if (!CONTROL_CHARACTER.test(name)) return;
  throw new AfasConfigError(
    `${connectorId}: ${what} "${escapeControl(name.slice(0, 60))}" holds a control character.`,
    'Use the ids AFAS shows in metainfo (letters, digits, @ and _); nothing was sent.',
  );
}

async function send(
  transport: Transport,
  method: HttpMethod,
  path: string,
  connectorId: string,
  json: unknown,
  options: UpdateOptions,
): Promise<UpdateResult> {
  const response = await transport.request({
    method,
    path,
    connector: connectorId,
    json,
    idempotent: options.idempotent,
    signal: options.signal,
    timeout: options.timeout,
    deadline: options.deadline,
  });
  return toResult(response.status, response.body);
}

function toResult(status: number, body: unknown): UpdateResult {
  // AFAS wraps the keys in `results`, except in some documented examples: accept both.
  const unwrapped = isRecord(body) && isRecord(body['results']) ? body['results'] : body;
  const parsed = ResultsSchema.check(unwrapped);
  const results: Record<string, Record<string, string>> = {};
  const keys: Record<string, string> = {};
  for (const [object, fields] of Object.entries(parsed.ok ? parsed.value : {})) {
    results[object] = Object.fromEntries(
      Object.entries(fields).flatMap(([key, value]) =>
        value === null || value === undefined ? [] : [[key, String(value)]],
      ),
    );
    Object.assign(keys, results[object]);
  }
  return { status, results, keys };
}
