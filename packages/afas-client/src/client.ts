import { type AfasAuth, type OAuthClientCredentials, oauthClientCredentials, tokenAuth } from './auth.js';
import {
  type ConnectorElement,
  type ConnectorField,
  type ConnectorMap,
  type ConnectorRow,
  type ConnectorUpdate,
  type GetConnectorIdOf,
  type KnownConnectors,
  knownConnectors,
  type UpdateConnectorIdOf,
} from './connectors.js';
import type { UpdateElement } from './envelope.js';
import { checkBaseUrl, type EnvironmentKind, resolveEnvironment } from './environment.js';
import { AfasConfigError, AfasResponseError } from './errors.js';
import {
  type AfasRow,
  type GetOptions,
  type GetResult,
  getPage,
  iterateRows,
  type RowIterator,
  type RowsOptions,
} from './get.js';
import { InFlightBudget } from './in-flight.js';
import { bytesFromBase64 } from './internal/base64.js';
import { inspectCustom } from './internal/inspect.js';
import type { Shape } from './internal/shape.js';
import {
  type AfasFile,
  FileResponseSchema,
  type GetConnectorMeta,
  GetConnectorMetaSchema,
  type Metainfo,
  MetainfoSchema,
  ProfitVersionSchema,
  type UpdateConnectorMeta,
  UpdateConnectorMetaSchema,
} from './metainfo.js';
import { buildQuery, type Where } from './query.js';
import type { AfasToken } from './token.js';
import { type CallOptions, type Hooks, type RequestSpec, type RetryOptions, Transport } from './transport.js';
import {
  type DeleteKeys,
  type DeleteSegment,
  remove,
  type UpdateOptions,
  type UpdateResult,
  write,
} from './update.js';
import { VERSION } from './version.js';

/** Languages AFAS answers in (`Accept-Language`); it affects error messages. */
export const LANGUAGES = ['nl-nl', 'en-us', 'nl-be', 'fr-fr', 'de-de'] as const;
const DEFAULT_LANGUAGE: AfasLanguage = 'nl-nl';

/** A language AFAS answers in. */
export type AfasLanguage = (typeof LANGUAGES)[number];

/** Options of {@link AfasClient}. Give `environment` (or `baseUrl`) and `token` (or `oauth` / `auth`). */
export interface AfasClientOptions<Map extends ConnectorMap = ConnectorMap> {
  /** Participant number (`12345`) or environment name (`O12345AA`, `T12345AA`, `A12345AA`). */
  readonly environment?: string | undefined;
  /**
   * Production, test or accept; taken from the environment name's first letter when it has one.
   * @default 'production'
   */
  readonly environmentKind?: EnvironmentKind | undefined;
  /** Overrides the base URL (a proxy, a local simulator). https, or http for loopback hosts only. */
  readonly baseUrl?: string | undefined;
  /** The App Connector token in any form users paste (see {@link AfasToken.from}). */
  readonly token?: string | AfasToken | undefined;
  /** OAuth 2 client credentials instead of a token. UNSURE details: see the docs. */
  readonly oauth?: OAuthClientCredentials | undefined;
  /** Any other auth; takes precedence over `token` and `oauth`. */
  readonly auth?: AfasAuth | undefined;
  /**
   * `Accept-Language`: the language of AFAS's messages (`externalMessage`). Always sent, because
   * without it fetch sends `*`, which AFAS does not document.
   * @default 'nl-nl'
   */
  readonly language?: AfasLanguage | undefined;
  /** AFAS partner `IntegrationId` header (`{subscription}_{project}`), required for certified partner integrations. */
  readonly integrationId?: string | undefined;
  /**
   * Per-attempt timeout.
   * @default 60000
   * @unit milliseconds
   */
  readonly timeout?: number | undefined;
  /**
   * Overall deadline of one call, retries included.
   * @default 300000
   * @unit milliseconds
   */
  readonly deadline?: number | undefined;
  /** Retry policy, or `false` for none. */
  readonly retry?: RetryOptions | false | undefined;
  /** Logging hooks; they see redacted headers only. */
  readonly hooks?: Hooks | undefined;
  /** A fetch implementation. @default globalThis.fetch */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Calls in flight at once, shared by every call of this client (parallel pages, concurrent
   * writes, lookups): the rest wait their turn. AFAS allows 5–8 per environment; use one client
   * per environment so the budget means what it says.
   * @default 4
   */
  readonly maxInFlight?: number | undefined;
  /**
   * The connectors `afas codegen` generated (its `connectors` export): the client then takes only
   * their ids, types rows and validates them with their schemas, accepts only their field ids in
   * filters and ordering and only their elements in writes, and names custom `U…` fields after
   * their labels (their ids on the wire). Without it any connector id and field id goes.
   */
  readonly connectors?: Map | undefined;
}

/**
 * A client for one AFAS Profit environment: GetConnectors (filters, sorting, paging),
 * UpdateConnectors (insert, update, delete), metainfo and the file connectors. Every failure is an
 * {@link AfasError}. The token never appears in `toString()`, `JSON.stringify` or `util.inspect`.
 *
 * @example
 * const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN });
 * const { rows } = await afas.get('Profit_Accounts', { where: { field: 'Account', op: 'startsWith', value: '4' } });
 *
 * @example Typed by the module `afas codegen` writes
 * import { connectors } from './afas.generated.js';
 * const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN, connectors });
 * const { rows } = await afas.get('Profit_Accounts', { orderBy: ['Account'] }); // rows: ProfitAccountsRow[]
 *
 * @typeParam Map - the connector map given as `connectors`; {@link ConnectorMap} (untyped) without one.
 */
export class AfasClient<Map extends ConnectorMap = ConnectorMap> {
  readonly #transport: Transport;
  readonly #connectors: KnownConnectors;
  /** The REST base URL calls go to. */
  readonly baseUrl: string;
  /** Calls this client has in flight at most ({@link AfasClientOptions.maxInFlight}). */
  readonly maxInFlight: number;

  constructor(options: AfasClientOptions<Map>) {
    if (typeof options !== 'object' || options === null) {
      throw new AfasConfigError('AfasClient needs options.', 'Pass { environment, token }.');
    }
    this.#connectors = knownConnectors(options.connectors);
    this.#transport = transportFor(options, () => resolveAuth(options));
    this.baseUrl = this.#transport.baseUrl;
    this.maxInFlight = this.#transport.maxInFlight;
  }

  /**
   * Reads one page of a GetConnector (AFAS returns 100 rows when `take` is not given). The row type
   * is the `schema`'s output, else the connector's on a typed client, else {@link AfasRow}.
   */
  get<Id extends GetConnectorIdOf<Map>, Row = ConnectorRow<Map, Id>>(
    connectorId: Id,
    options?: GetOptions<Row, ConnectorField<Map, Id, Row>>,
  ): Promise<GetResult<Row>>;
  /** Reads one page, its rows cast to `Row` unchecked (a `schema` checks them). */
  get<Row>(
    connectorId: GetConnectorIdOf<Map>,
    options?: GetOptions<Row, ConnectorField<Map, GetConnectorIdOf<Map>, Row>>,
  ): Promise<GetResult<Row>>;
  get(connectorId: string, options?: GetOptions<unknown, string>): Promise<GetResult<unknown>> {
    return getPage(this.#transport, connectorId, options, this.#connectors.get.get(connectorId));
  }

  /**
   * All rows of a GetConnector, page by page as they are consumed (`for await`), with prefetch
   * and optional parallel pages. `orderBy` is required for stable paging. Rows are typed as for
   * {@link AfasClient.get}.
   */
  rows<Id extends GetConnectorIdOf<Map>, Row = ConnectorRow<Map, Id>>(
    connectorId: Id,
    options: RowsOptions<Row, ConnectorField<Map, Id, Row>>,
  ): RowIterator<Row>;
  /** All rows of a GetConnector, cast to `Row` unchecked (a `schema` checks them). */
  rows<Row>(
    connectorId: GetConnectorIdOf<Map>,
    options: RowsOptions<Row, ConnectorField<Map, GetConnectorIdOf<Map>, Row>>,
  ): RowIterator<Row>;
  rows(connectorId: string, options: RowsOptions<unknown, string>): RowIterator<unknown> {
    return iterateRows(this.#transport, connectorId, options, this.#connectors.get.get(connectorId));
  }

  /**
   * Inserts (POST) one or more elements; the body envelope is built for you. Returns the generated
   * keys. On a typed client only the connector's element type is accepted.
   */
  insert<Id extends UpdateConnectorIdOf<Map>>(
    connectorId: Id,
    element: ConnectorElement<Map, Id> | readonly ConnectorElement<Map, Id>[],
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return write(
      this.#transport,
      'POST',
      connectorId,
      element as UpdateElement,
      options,
      this.#connectors.update.get(connectorId),
    );
  }

  /**
   * Updates (PUT) one or more elements; keys go in `@Key` attributes or as AFAS wants for the
   * connector. On a typed client the connector's element type with every field optional.
   */
  update<Id extends UpdateConnectorIdOf<Map>>(
    connectorId: Id,
    element: ConnectorUpdate<Map, Id> | readonly ConnectorUpdate<Map, Id>[],
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return write(
      this.#transport,
      'PUT',
      connectorId,
      element as UpdateElement,
      options,
      this.#connectors.update.get(connectorId),
    );
  }

  /**
   * Inserts into a sub-object of an existing record: `POST /connectors/KnSubject/KnSubjectAttachment`.
   * The element is not typed by a connector map; its custom field names are translated all the same.
   */
  insertSubObject(
    connectorId: UpdateConnectorIdOf<Map>,
    subObject: string,
    element: UpdateElement | readonly UpdateElement[],
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return write(
      this.#transport,
      'POST',
      connectorId,
      element,
      { ...options, subObject },
      this.#connectors.update.get(connectorId),
    );
  }

  /**
   * Deletes a record (final in AFAS). `keys` like `{ '@SbId': 9910 }`, or nested segments such as
   * `[{ object: 'FiEntryPar', keys: { UnId: 1, JoCo: '70' } }, { object: 'FiEntries', keys: { '@EnNo': 42 } }]`.
   */
  delete(
    connectorId: string,
    keys: DeleteKeys | readonly DeleteSegment[],
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return remove(this.#transport, connectorId, keys, options);
  }

  /** The Get- and UpdateConnectors this token may use, and session info. */
  async metainfo(options?: CallOptions): Promise<Metainfo> {
    return this.#json({ method: 'GET', path: 'metainfo', connector: 'metainfo', ...options }, MetainfoSchema);
  }

  /** Field metadata of a GetConnector. */
  async getConnectorMeta(connectorId: string, options?: CallOptions): Promise<GetConnectorMeta> {
    const path = `metainfo/get/${encodeURIComponent(connectorId)}`;
    return this.#json({ method: 'GET', path, connector: connectorId, ...options }, GetConnectorMetaSchema);
  }

  /** Field and object metadata of an UpdateConnector (recursive objects, code-table values). */
  async updateConnectorMeta(connectorId: string, options?: CallOptions): Promise<UpdateConnectorMeta> {
    const path = `metainfo/update/${encodeURIComponent(connectorId)}`;
    return this.#json({ method: 'GET', path, connector: connectorId, ...options }, UpdateConnectorMetaSchema);
  }

  /** The Profit version of the environment, e.g. `'22.22.5'`. */
  async profitVersion(options?: CallOptions): Promise<string> {
    const body = await this.#json(
      { method: 'GET', path: 'profitversion', connector: 'profitversion', ...options },
      ProfitVersionSchema,
    );
    return body.version;
  }

  /** An attachment of a dossier item (SubjectConnector): `subjectId` = `SbId`, `fileId` from `Profit_Subject_Attachments`. */
  subjectAttachment(subjectId: string | number, fileId: string, options?: CallOptions): Promise<AfasFile> {
    const path = `subjectconnector/${encodeURIComponent(String(subjectId))}/${encodeURIComponent(fileId)}`;
    return this.#file({ method: 'GET', path, connector: 'SubjectConnector', ...options });
  }

  /** A file by id and original name (FileConnector). */
  file(fileId: string, fileName: string, options?: CallOptions): Promise<AfasFile> {
    // AFAS wants the name URL-encoded with `_` written as `_5f`.
    const name = encodeURIComponent(fileName).replaceAll('_', '_5f');
    return this.#file({
      method: 'GET',
      path: `fileconnector/${encodeURIComponent(fileId)}/${name}`,
      connector: 'FileConnector',
      ...options,
    });
  }

  /** A report rendered by AFAS (ReportConnector), optionally filtered. */
  report(
    reportId: string,
    options?: CallOptions & { readonly where?: Where | undefined },
  ): Promise<AfasFile> {
    const path = `reportconnector/${encodeURIComponent(reportId)}`;
    return this.#file({
      method: 'GET',
      path,
      connector: 'ReportConnector',
      searchParams: buildQuery({ where: options?.where }),
      ...options,
    });
  }

  /** An image (ImageConnector): format 0 original, 1 thumbnail, 2 medium. */
  image(imageId: string, format: 0 | 1 | 2 = 0, options?: CallOptions): Promise<AfasFile> {
    const path = `imageconnector/${encodeURIComponent(imageId)}`;
    return this.#file({
      method: 'GET',
      path,
      connector: 'ImageConnector',
      searchParams: new URLSearchParams({ format: String(format) }),
      ...options,
    });
  }

  toString(): string {
    return `AfasClient(${this.baseUrl})`;
  }

  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  [inspectCustom](): string {
    return this.toString();
  }

  async #json<T>(spec: RequestSpec, schema: Shape<T>): Promise<T> {
    const response = await this.#transport.request(spec);
    const parsed = schema.check(response.body);
    if (!parsed.ok) {
      throw new AfasResponseError(
        response.request,
        response.status,
        `an answer that does not match the documented shape (${parsed.issue.describe()})`,
        JSON.stringify(response.body ?? ''),
      );
    }
    return parsed.value;
  }

  async #file(spec: RequestSpec): Promise<AfasFile> {
    const body = await this.#json(spec, FileResponseSchema);
    return {
      fileName: body.filename ?? undefined,
      mimeType: body.mimetype ?? 'application/octet-stream',
      data: bytesFromBase64(body.filedata),
    };
  }
}

/**
 * Internal: the transport a client with these options uses, authenticated by `auth()` (the OTP
 * flow, which has no token yet, borrows it with an auth that sends none). Options are checked in
 * a fixed order (base URL, calls in flight, credentials, headers …), so the first mistake is named.
 */
export function transportFor(options: AfasClientOptions<ConnectorMap>, auth: () => AfasAuth): Transport {
  const baseUrl = resolveBaseUrl(options);
  const budget = new InFlightBudget(inFlightLimit(options.maxInFlight));
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  return new Transport({
    baseUrl,
    auth: auth(),
    headers: resolveHeaders(options),
    timeout: positive('timeout', options.timeout, 60_000),
    deadline: positive('deadline', options.deadline, 300_000),
    retry: {
      retries: wholeNumber('retry.retries', retry.retries, 2),
      minDelay: nonNegative('retry.minDelay', retry.minDelay, 500),
      maxDelay: nonNegative('retry.maxDelay', retry.maxDelay, 10_000),
      maxRetryAfter: nonNegative('retry.maxRetryAfter', retry.maxRetryAfter, 60),
    },
    hooks: options.hooks ?? {},
    fetch: options.fetch,
    budget,
  });
}

function resolveBaseUrl(options: AfasClientOptions): string {
  if (options.baseUrl !== undefined) {
    if (options.environment !== undefined) resolveEnvironment(options.environment, options.environmentKind);
    return checkBaseUrl(options.baseUrl);
  }
  if (options.environment === undefined) {
    throw new AfasConfigError(
      'No AFAS environment given.',
      'Pass `environment` (e.g. 12345 or O12345AA), or `baseUrl`.',
    );
  }
  return resolveEnvironment(options.environment, options.environmentKind).baseUrl;
}

function resolveAuth(options: AfasClientOptions): AfasAuth {
  if (options.auth) return options.auth;
  if (options.token !== undefined && options.oauth !== undefined) {
    throw new AfasConfigError('Both `token` and `oauth` were given.', 'Choose one way to authenticate.');
  }
  if (options.oauth !== undefined) return oauthClientCredentials(options.oauth);
  if (options.token !== undefined) return tokenAuth(options.token);
  throw new AfasConfigError(
    'No credentials given.',
    'Pass `token` (the App Connector token) or `oauth` (client credentials).',
  );
}

function resolveHeaders(options: AfasClientOptions): Record<string, string> {
  const language = options.language ?? DEFAULT_LANGUAGE;
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new AfasConfigError(`Unknown language "${language}".`, `Use one of: ${LANGUAGES.join(', ')}.`);
  }
  // Always explicit: without it fetch sends `Accept-Language: *`, which AFAS does not document.
  const headers: Record<string, string> = {
    'Accept-Language': language,
    'User-Agent': `afas-client/${VERSION}`,
  };
  if (options.integrationId !== undefined) {
    if (!/^\d+_\d+$/.test(options.integrationId)) {
      throw new AfasConfigError(
        `IntegrationId "${options.integrationId}" is not of the form {subscription}_{project}.`,
        'AFAS partners get it as e.g. 12345_678900.',
      );
    }
    headers['IntegrationId'] = options.integrationId;
  }
  return headers;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new AfasConfigError(`${name} must be a positive number.`, `Leave it out for ${fallback}.`);
  return value;
}

function wholeNumber(name: string, value: number | undefined, fallback: number): number {
  if (value !== undefined && !Number.isInteger(value)) {
    throw new AfasConfigError(`${name} must be a whole number.`, `Leave it out for ${fallback}.`);
  }
  return nonNegative(name, value, fallback);
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new AfasConfigError(`${name} must be zero or more.`, `Leave it out for ${fallback}.`);
  return value;
}

function inFlightLimit(value: number | undefined): number {
  if (value === undefined) return 4;
  if (!Number.isInteger(value) || value < 1 || value > 8)
    throw new AfasConfigError(
      `maxInFlight ${value} is not 1 to 8.`,
      'AFAS allows 5 to 8 calls at once per environment; leave it out for 4.',
    );
  return value;
}
