import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type KnownConnector, orderToWire, rowFromWire, whereToWire } from './connectors.js';
import {
  AfasConfigError,
  type AfasRequestInfo,
  AfasResponseError,
  AfasSchemaError,
  type AfasSchemaIssue,
} from './errors.js';
import { array, type Infer, number, object, optional, record } from './internal/shape.js';
import { buildQuery, type FilterEncoding, filterGroups, type OrderBy, type Where } from './query.js';
import type { CallOptions, Transport } from './transport.js';

/** A GetConnector row: field id → value (`null` when empty in AFAS). */
export type AfasRow = Record<string, unknown>;

/**
 * Field ids for filters and ordering: the row type's keys are suggested, any other field id of the
 * connector is allowed (a schema need not select every field it filters on). The row type is
 * inferred from the schema only, never from the fields a filter names.
 */
export type FieldOf<Row> = NoInfer<Extract<keyof Row, string> | (string & Record<never, never>)>;

/**
 * A schema for rows from any library that implements Standard Schema (`@standard-schema/spec`):
 * zod 4 and zod 3.24+, valibot, arktype … Its output type is the row type.
 */
export type RowSchema<Row> = StandardSchemaV1<unknown, Row>;

/**
 * Options of {@link AfasClient.get}. `Field` is what filters and ordering accept: on a typed client
 * the connector's field ids, otherwise any string.
 */
export interface GetOptions<Row = AfasRow, Field extends string = FieldOf<Row>> extends CallOptions {
  /** Filter; see {@link Where}. */
  readonly where?: Where<Field> | undefined;
  /** Sort keys, `-` for descending: `['Year', '-EntryNo']`. */
  readonly orderBy?: readonly OrderBy<Field>[] | undefined;
  /**
   * Rows to skip.
   * @default 0
   */
  readonly skip?: number | undefined;
  /**
   * Rows to return. AFAS returns at most 100 when it is not sent.
   * @default 100
   */
  readonly take?: number | undefined;
  /**
   * Validates (and may transform) every row: any Standard Schema (zod, valibot, arktype …).
   * Mismatches throw {@link AfasSchemaError} naming row and field. On a typed client it replaces
   * the connector's generated schema.
   */
  readonly schema?: RowSchema<Row> | undefined;
  /**
   * Force `filterjson`; by default the client uses it only when a value contains `,` or `;` or the
   * simple form would pass AFAS's query-length limit.
   * @default 'simple'
   */
  readonly filterEncoding?: FilterEncoding | undefined;
}

/** One page of a GetConnector. */
export interface GetResult<Row> {
  readonly skip: number;
  readonly take: number;
  readonly rows: Row[];
}

/** Options of {@link AfasClient.rows}: like {@link GetOptions} but with a required, stable order. */
export interface RowsOptions<Row = AfasRow, Field extends string = FieldOf<Row>>
  extends Omit<GetOptions<Row, Field>, 'skip' | 'take' | 'orderBy'> {
  /**
   * Sort keys. Required: AFAS pages are stable only under an order on a unique field, otherwise rows
   * go missing or repeat between pages.
   */
  readonly orderBy: readonly [OrderBy<Field>, ...OrderBy<Field>[]];
  /**
   * Rows per page. AFAS advises columns × rows < 150,000 per page.
   * @default 500
   */
  readonly pageSize?: number | undefined;
  /**
   * Page requests in flight at once (AFAS allows 5–8 parallel calls). `'budget'` asks for as many
   * pages as the client's budget of calls in flight allows (`maxInFlight`, default 4); other calls
   * of the client share that budget, so several `rows()` at once never exceed it. With 1, only the
   * next page is fetched while the caller works on the current one. Rows arrive in order either way.
   * @default 'budget'
   */
  readonly parallel?: number | 'budget' | undefined;
  /**
   * How the next page is found. `'skip'` asks for `skip = n × pageSize`: pages can be fetched in
   * parallel, but AFAS reads every skipped row, so pages past about 100,000 rows get slow (AFAS's
   * own advice is to filter instead). `'keyset'` asks for the rows after the last one seen
   * (`Key > last value` on the `orderBy` keys, which must be unique together and never empty):
   * every page costs the same however deep, but pages come one after the other, so `parallel`
   * must be 1 or left out.
   * @default 'skip'
   */
  readonly paging?: 'skip' | 'keyset' | undefined;
}

/** Rows of a GetConnector, fetched page by page as they are consumed. */
export interface RowIterator<Row> extends AsyncIterable<Row> {
  /** The rows page by page (each page an array). */
  pages(): AsyncIterable<Row[]>;
  /**
   * Collects at most `limit` rows and stops paging there. A limit is required so that a large
   * connector cannot fill memory by accident.
   */
  toArray(options: { readonly limit: number }): Promise<Row[]>;
}

const PageSchema = object({
  skip: optional(number()),
  take: optional(number()),
  // Each row is checked to be an object, not copied: a page holds up to 150,000 cells.
  rows: array(record()),
});

const MAX_PARALLEL = 8;

/**
 * Fetches one page. With a `connector` of a typed client, field names go out as AFAS's ids, rows
 * come back under the TypeScript names and are validated by its schema unless `options.schema` is given.
 */
export async function getPage<Row>(
  transport: Transport,
  connectorId: string,
  options: GetOptions<Row, string> = {},
  connector?: KnownConnector,
): Promise<GetResult<Row>> {
  return (await readPage(transport, connectorId, options, connector)).page;
}

/**
 * {@link getPage}, also giving the page's last row as AFAS sent it (under the caller's field names,
 * before a schema transforms it): keyset paging reads its order keys there. `firstRow` numbers the
 * rows in schema errors by their place in the whole set.
 */
async function readPage<Row>(
  transport: Transport,
  connectorId: string,
  options: GetOptions<Row, string>,
  connector: KnownConnector | undefined,
  firstRow = options.skip ?? 0,
): Promise<{ readonly page: GetResult<Row>; readonly last: AfasRow | undefined }> {
  checkConnectorId(connectorId);
  const skip = options.skip ?? 0;
  const take = options.take ?? 100;
  if (
    !Number.isInteger(skip) ||
    !Number.isInteger(take) ||
    (skip < 0 && skip !== -1) ||
    (take < 1 && take !== -1)
  ) {
    throw new AfasConfigError(
      `skip ${skip} / take ${take} is not a page AFAS accepts.`,
      'Use skip ≥ 0 and take ≥ 1 (or skip -1 with take -1 for everything, which AFAS discourages).',
    );
  }
  const schema = (options.schema ?? connector?.schema) as RowSchema<Row> | undefined;
  if (schema !== undefined) checkRowSchema(schema);
  const searchParams = buildQuery({
    where: connector ? whereToWire(options.where, connector.toWire) : options.where,
    orderBy: connector ? orderToWire(options.orderBy, connector.toWire) : options.orderBy,
    filterEncoding: options.filterEncoding,
    skip,
    take,
  });
  const response = await transport.request({
    method: 'GET',
    path: `connectors/${encodeURIComponent(connectorId)}`,
    connector: connectorId,
    searchParams,
    signal: options.signal,
    timeout: options.timeout,
    deadline: options.deadline,
  });
  const info = response.request;
  const page = parseBody(response.body, info, response.status);
  const fromWire = connector?.fromWire;
  const named = fromWire?.size ? page.rows.map((row) => rowFromWire(row, fromWire)) : page.rows;
  const rows = schema ? await validateRows(schema, named, info, firstRow) : named;
  return {
    page: { skip: page.skip ?? skip, take: page.take ?? take, rows: rows as Row[] },
    last: named.at(-1),
  };
}

/** Auto-paging over a GetConnector; see {@link RowIterator}. */
export function iterateRows<Row>(
  transport: Transport,
  connectorId: string,
  options: RowsOptions<Row, string>,
  connector?: KnownConnector,
): RowIterator<Row> {
  checkConnectorId(connectorId);
  if (!Array.isArray(options.orderBy) || options.orderBy.length === 0) {
    throw new AfasConfigError(
      `Paging ${connectorId} needs orderBy.`,
      'Order on a unique (preferably numeric) field: AFAS pages are only stable under a fixed order.',
    );
  }
  const pageSize = options.pageSize ?? 500;
  const parallel =
    options.parallel === undefined || options.parallel === 'budget'
      ? transport.maxInFlight
      : options.parallel;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new AfasConfigError(`pageSize ${pageSize} is not a positive whole number.`, 'Use e.g. 500.');
  }
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
    throw new AfasConfigError(
      `parallel ${parallel} is out of range.`,
      `Use 1 to ${MAX_PARALLEL}; AFAS allows 5–8 parallel calls.`,
    );
  }

  const paging = options.paging ?? 'skip';
  if (paging !== 'skip' && paging !== 'keyset') {
    throw new AfasConfigError(`paging "${String(paging)}" is not skip or keyset.`, "Use 'skip' or 'keyset'.");
  }
  if (paging === 'keyset' && typeof options.parallel === 'number' && options.parallel > 1) {
    throw new AfasConfigError(
      `Keyset paging cannot fetch ${options.parallel} pages at once.`,
      'Each page starts after the last row of the one before: leave parallel out, or use skip paging.',
    );
  }

  async function* keysetPages(): AsyncGenerator<Row[]> {
    let after: AfasRow | undefined;
    for (let seen = 0; ; ) {
      const where =
        after === undefined ? options.where : afterRow(options.where, options.orderBy, after, seen);
      const { page, last } = await readPage<Row>(
        transport,
        connectorId,
        { ...options, where, skip: 0, take: pageSize },
        connector,
        seen,
      );
      seen += page.rows.length;
      if (page.rows.length > 0) yield page.rows;
      if (page.rows.length < pageSize) return;
      after = last;
    }
  }

  async function* pages(): AsyncGenerator<Row[]> {
    if (paging === 'keyset') {
      yield* keysetPages();
      return;
    }
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const inFlight: Promise<GetResult<Row>>[] = [];
    let next = 0;
    let ended = false;
    // One page first: most connectors fit in one, and asking for more ahead of the first answer
    // would cost AFAS calls for nothing. Once a full page shows there is more, widen to `parallel`.
    let width = 1;
    const fill = () => {
      while (!ended && inFlight.length < width) {
        const page = getPage<Row>(
          transport,
          connectorId,
          { ...options, signal, skip: next++ * pageSize, take: pageSize },
          connector,
        );
        page.catch(() => {}); // rejections surface when the page is awaited in order
        inFlight.push(page);
      }
    };
    try {
      fill();
      while (inFlight.length > 0) {
        const page = await inFlight.shift()!;
        if (page.rows.length < pageSize) ended = true;
        else width = parallel;
        fill();
        if (page.rows.length > 0) yield page.rows;
        if (ended) return;
      }
    } finally {
      stop.abort(); // pages fetched ahead past the end, or abandoned by the caller
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
    async toArray(options) {
      // Destructured only after the check: from JavaScript, toArray() may come without options.
      const limit = (options as { readonly limit?: unknown } | undefined)?.limit as number;
      if (!Number.isInteger(limit) || limit < 0) {
        throw new AfasConfigError(
          'toArray needs a limit.',
          'Pass { limit: n } with the most rows you are prepared to hold.',
        );
      }
      const rows: Row[] = [];
      if (limit === 0) return rows;
      for await (const page of pages()) {
        for (const row of page) {
          rows.push(row);
          if (rows.length >= limit) return rows;
        }
      }
      return rows;
    },
  };
}

/**
 * The filter for the rows after `row` in the order of `orderBy`, AND-ed with the caller's filter:
 * for keys K1, K2 … `K1 > v1 OR (K1 = v1 AND K2 > v2) OR …` (`<` for a descending key). AFAS
 * filters are OR groups of AND-ed conditions, so the caller's groups are repeated in each.
 */
function afterRow(
  where: Where<string> | undefined,
  orderBy: readonly OrderBy<string>[],
  row: AfasRow,
  seen: number,
): Where<string> {
  const keys = orderBy.map((key) => {
    const descending = key.startsWith('-');
    const field = descending ? key.slice(1) : key;
    const value = row[field];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new AfasConfigError(
        `Keyset paging needs ${field} in every row, but row ${seen - 1} has ${value === null || value === undefined ? 'none' : 'no plain value'}.`,
        'Order on fields that are never empty (a number or code), or use skip paging.',
      );
    }
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T(?!00:00:00)\d{2}:\d{2}/.test(value)) {
      throw new AfasConfigError(
        `Keyset paging cannot continue after ${field} ${value}: AFAS keeps times to a fraction of a second but shows whole seconds, so rows at that second would be lost or repeated.`,
        'Order on a unique number or code (e.g. EntryNo), or use skip paging.',
      );
    }
    // A date in a row ends in Z although it is Amsterdam time; a filter value must not.
    const bare = typeof value === 'string' ? value.replace(/^(\d{4}-\d{2}-\d{2}T[\d:.]+)Z$/i, '$1') : value;
    return { field, value: bare, op: descending ? ('lt' as const) : ('gt' as const) };
  });
  const after = keys.map((key, i) => [
    ...keys.slice(0, i).map(({ field, value }) => ({ field, op: 'eq' as const, value })),
    key,
  ]);
  const groups = filterGroups(where);
  if (groups.length === 0) return { or: after };
  return { or: groups.flatMap((group) => after.map((conditions) => [...group, ...conditions])) };
}

/**
 * The page AFAS documents (`{ skip, take, rows }`). Anything else — an empty body, JSON of another
 * shape — is an unreadable answer (a proxy, a cut-off response), not a schema to regenerate: that
 * error is for rows that do not match the caller's schema.
 */
function parseBody(value: unknown, info: AfasRequestInfo, status: number): Infer<typeof PageSchema> {
  const result = PageSchema.check(value);
  if (result.ok) return result.value;
  if (value === undefined) throw new AfasResponseError(info, status, 'an empty body instead of rows', '');
  throw new AfasResponseError(
    info,
    status,
    `JSON that is not a page of rows (${result.issue.describe()})`,
    '', // no excerpt: this answer has passed the transport's redaction already
  );
}

/**
 * Validates rows one by one with a Standard Schema, stopping at the first row that fails. A
 * synchronous schema stays synchronous (no promise per row); an asynchronous one is awaited.
 */
async function validateRows<Row>(
  schema: RowSchema<Row>,
  rows: readonly AfasRow[],
  info: AfasRequestInfo,
  skip: number,
): Promise<Row[]> {
  const standard = schema['~standard'];
  const valid: Row[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let result = standard.validate(rows[i]);
    if (result instanceof Promise) result = await result;
    if (result.issues !== undefined) {
      const issues: AfasSchemaIssue[] = result.issues.map((issue) => ({
        path: [`rows[${skip + i}]`, ...(issue.path ?? []).map(pathKey)].join('.'),
        message: issue.message,
      }));
      throw new AfasSchemaError(info, issues, result.issues);
    }
    valid[i] = result.value;
  }
  return valid;
}

/** A schema given from plain JavaScript may be anything: refuse what cannot validate, before sending. */
function checkRowSchema(schema: unknown): void {
  const standard = (schema as { readonly '~standard'?: { readonly validate?: unknown } } | null)?.[
    '~standard'
  ];
  if (typeof standard?.validate !== 'function') {
    throw new AfasConfigError(
      'The row schema is not a Standard Schema.',
      'Pass a schema of a library that implements Standard Schema: zod 3.24+ or 4, valibot, arktype.',
    );
  }
}

/** A Standard Schema path segment is a key or `{ key }`. */
function pathKey(segment: PropertyKey | StandardSchemaV1.PathSegment): string {
  return String(typeof segment === 'object' ? segment.key : segment);
}

/** Connector ids are plain identifiers; anything else is a typo or an injection. */
export function checkConnectorId(connectorId: string): void {
  if (typeof connectorId !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(connectorId)) {
    throw new AfasConfigError(
      `"${escapeControl(String(connectorId).slice(0, 60))}" is not a connector id.`,
      'Use the id AFAS shows for the connector, e.g. Profit_Accounts or FiEntries.',
    );
  }
}

/** Control characters (C0, DEL, C1): never part of an AFAS identifier. */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/** `text` with its control characters written as `\u00XX`, so that an error message never carries one. */
export function escapeControl(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
