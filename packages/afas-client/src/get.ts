import { z } from 'zod';
import { AfasConfigError, type AfasRequestInfo, AfasSchemaError, type AfasSchemaIssue } from './errors.js';
import { buildQuery, type FilterEncoding, type OrderBy, type Where } from './query.js';
import type { CallOptions, Transport } from './transport.js';

/** A GetConnector row: field id → value (`null` when empty in AFAS). */
export type AfasRow = Record<string, unknown>;

/**
 * Field ids for filters and ordering: the row type's keys are suggested, any other field id of the
 * connector is allowed (a schema need not select every field it filters on). The row type is
 * inferred from the schema only, never from the fields a filter names.
 */
export type FieldOf<Row> = NoInfer<Extract<keyof Row, string> | (string & Record<never, never>)>;

/** A zod (or any Standard-Schema-like zod) schema for rows. */
export type RowSchema<Row> = z.ZodType<Row>;

/** Options of {@link AfasClient.get}. */
export interface GetOptions<Row = AfasRow> extends CallOptions {
  /** Filter; see {@link Where}. */
  readonly where?: Where<FieldOf<Row>> | undefined;
  /** Sort keys, `-` for descending: `['Year', '-EntryNo']`. */
  readonly orderBy?: readonly OrderBy<FieldOf<Row>>[] | undefined;
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
  /** Validates (and may transform) every row; mismatches throw {@link AfasSchemaError} naming row and field. */
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
export interface RowsOptions<Row = AfasRow> extends Omit<GetOptions<Row>, 'skip' | 'take' | 'orderBy'> {
  /**
   * Sort keys. Required: AFAS pages are stable only under an order on a unique field, otherwise rows
   * go missing or repeat between pages.
   */
  readonly orderBy: readonly [OrderBy<FieldOf<Row>>, ...OrderBy<FieldOf<Row>>[]];
  /**
   * Rows per page. AFAS advises columns × rows < 150,000 per page.
   * @default 500
   */
  readonly pageSize?: number | undefined;
  /**
   * Page requests in flight at once (AFAS allows 5–8 parallel calls). With 1, the next page is
   * fetched while the caller works on the current one. `'budget'` asks for as many pages as the
   * client's budget of calls in flight allows (`maxInFlight`); other calls of the client share it.
   * @default 1
   */
  readonly parallel?: number | 'budget' | undefined;
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

const PageSchema = z.object({
  skip: z.number().optional(),
  take: z.number().optional(),
  // Checked, not copied: z.record would rebuild every row key by key (half the client's time per page).
  rows: z.array(z.custom<AfasRow>((row) => typeof row === 'object' && row !== null && !Array.isArray(row))),
});

const MAX_PARALLEL = 8;

/** Fetches one page. */
export async function getPage<Row>(
  transport: Transport,
  connectorId: string,
  options: GetOptions<Row> = {},
): Promise<GetResult<Row>> {
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
  const searchParams = buildQuery({ ...options, skip, take });
  const response = await transport.request({
    method: 'GET',
    path: `connectors/${encodeURIComponent(connectorId)}`,
    connector: connectorId,
    searchParams,
    signal: options.signal,
    timeout: options.timeout,
    deadline: options.deadline,
  });
  const info: AfasRequestInfo = {
    method: 'GET',
    connector: connectorId,
    url: `${transport.baseUrl}/connectors/${connectorId}`,
  };
  const page = parseWith(PageSchema, response.body, info, 'body', skip);
  const rows = options.schema
    ? page.rows.map((row, i) => parseWith(options.schema!, row, info, 'rows', skip + i))
    : page.rows;
  return { skip: page.skip ?? skip, take: page.take ?? take, rows: rows as Row[] };
}

/** Auto-paging over a GetConnector; see {@link RowIterator}. */
export function iterateRows<Row>(
  transport: Transport,
  connectorId: string,
  options: RowsOptions<Row>,
): RowIterator<Row> {
  checkConnectorId(connectorId);
  if (!Array.isArray(options.orderBy) || options.orderBy.length === 0) {
    throw new AfasConfigError(
      `Paging ${connectorId} needs orderBy.`,
      'Order on a unique (preferably numeric) field: AFAS pages are only stable under a fixed order.',
    );
  }
  const pageSize = options.pageSize ?? 500;
  const parallel = options.parallel === 'budget' ? transport.maxInFlight : (options.parallel ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new AfasConfigError(`pageSize ${pageSize} is not a positive whole number.`, 'Use e.g. 500.');
  }
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
    throw new AfasConfigError(
      `parallel ${parallel} is out of range.`,
      `Use 1 to ${MAX_PARALLEL}; AFAS allows 5–8 parallel calls.`,
    );
  }

  async function* pages(): AsyncGenerator<Row[]> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const inFlight: Promise<GetResult<Row>>[] = [];
    let next = 0;
    let ended = false;
    const fill = () => {
      while (!ended && inFlight.length < parallel) {
        const page = getPage(transport, connectorId, {
          ...options,
          signal,
          skip: next++ * pageSize,
          take: pageSize,
        });
        page.catch(() => {}); // rejections surface when the page is awaited in order
        inFlight.push(page);
      }
    };
    try {
      fill();
      while (inFlight.length > 0) {
        const page = await inFlight.shift()!;
        if (page.rows.length < pageSize) ended = true;
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
    async toArray({ limit }) {
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

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  info: AfasRequestInfo,
  where: 'body' | 'rows',
  index: number,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: AfasSchemaIssue[] = result.error.issues.map((issue) => ({
    path: [where === 'rows' ? `rows[${index}]` : 'body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AfasSchemaError(info, issues, result.error);
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
