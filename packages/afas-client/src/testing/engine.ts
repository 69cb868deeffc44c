/**
 * The one place that turns a web `Request` into AFAS's answer. Transports (msw, the loopback server)
 * only translate HTTP; every rule lives behind {@link handleRequest}.
 */
import type { Authenticator, Caller } from './auth.js';
import { type GetCostModel, pageCostMs, proxyStats } from './cost.js';
import { echoResponse, type FaultPlan, faultResponse } from './faults.js';
import { type GetConnectorDefinition, toOutputRow } from './get-connectors.js';
import { languageOf, messages } from './messages.js';
import { getConnectorMetainfo, metainfoList, updateConnectorMetainfo } from './metainfo.js';
import type { OtpDesk } from './otp.js';
import { parseGetQuery, type Row } from './query.js';
import {
  asAfasAnswer,
  emptyResponse,
  jsonResponse,
  ProfitFailure,
  profitErrorResponse,
  type SimulatedResponse,
} from './responses.js';
import { RowIndexes } from './row-index.js';
import type { SimulatorLanguage } from './seed.js';
import type { SimulatorState } from './state.js';
import type { UpdateConnector, UpdateContext } from './update/connector.js';
import { findUpdateConnector, UPDATE_CONNECTORS } from './update/registry.js';

/** Everything after `?` longer than this gets a 404 from AFAS. */
const MAX_QUERY_LENGTH = 2049;
const BASE_PATH = '/profitrestservices';

/** One handled request, as `simulator.requests` shows it. Credentials are redacted. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path and query string, e.g. `/ProfitRestServices/connectors/Profit_Accounts?skip=0&take=100`. */
  readonly path: string;
  /** Connector id or endpoint (`metainfo`, `oauth/token` …) the request was for. */
  readonly connector: string;
  /** HTTP status, or `undefined` when the connection was dropped or left hanging. */
  readonly status: number | undefined;
  /** The transport fault acted out, if any. */
  readonly fault?: 'drop' | 'hang';
  /** Request headers, lower-case names; `authorization` shows only its scheme. */
  readonly headers: Readonly<Record<string, string>>;
  /** GetConnector pages: the rows read to answer (skipped, filtered out, returned). */
  readonly rowsRead?: number;
  /** GetConnector pages: AFAS's modelled time for the page, in ms (see `getCost`). */
  readonly costMs?: number;
}

/** What the engine needs from the simulator. */
export interface EngineHost {
  readonly state: SimulatorState;
  readonly auth: Authenticator;
  readonly faults: FaultPlan;
  readonly otp: OtpDesk;
  readonly log: RequestLogEntry[];
  readonly latencyMs: number;
  readonly maxBodyBytes: number;
  /** Whether an UpdateConnector write with a non-JSON `Content-Type` gets 415 (UNSURE). */
  readonly refuseNonJsonBodies: boolean;
  /** The language answered for `fr-fr` / `de-de`, which have no recorded texts. */
  readonly untranslatedLanguage: SimulatorLanguage;
  /** AFAS's modelled cost of a GetConnector page. */
  readonly getCost: GetCostModel;
  /** Whether a GetConnector answer waits for its modelled cost. */
  readonly waitForCost: boolean;
  readonly updateContext: UpdateContext;
  /** Standard and custom GetConnectors. */
  getConnectors(): readonly GetConnectorDefinition[];
  /** Whether the caller may use this GetConnector. */
  mayGet(caller: Caller, definition: GetConnectorDefinition): boolean;
}

interface Routed {
  readonly segments: readonly string[];
  readonly connector: string;
}

function route(url: URL): Routed | undefined {
  const lower = url.pathname.toLowerCase();
  const start = lower.indexOf(BASE_PATH);
  if (start === -1) return undefined;
  const segments = url.pathname
    .slice(start + BASE_PATH.length)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  const first = segments[0]?.toLowerCase() ?? '';
  const connector =
    first === 'connectors' ? (segments[1] ?? '') : first === 'oauth' ? `oauth/${segments[1] ?? ''}` : first;
  return { segments, connector };
}

function redactedHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] =
      name === 'authorization' || name === 'cookie' ? `${value.split(/\s+/)[0] ?? ''} [redacted]` : value;
  });
  return headers;
}

/**
 * Profit reads every body as UTF-8 whatever charset the request declares: "special characters that
 * are not UTF-8 arrive as ?" (AFAS help, App_Cnr_Rest_Update).
 */
function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes).replaceAll('\uFFFD', '?');
  }
}

/** Whether a write's `Content-Type` is one Profit reads: JSON, or none at all (the header is optional). */
function isJsonContentType(header: string | null): boolean {
  if (header === null || header.trim() === '') return true;
  const mediaType = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Handles one request the way AFAS Profit would. */
export async function handleRequest(host: EngineHost, request: Request): Promise<SimulatedResponse> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const routed = route(url);
  const language = languageOf(
    request.headers.get('accept-language'),
    host.state.language,
    host.untranslatedLanguage,
  );
  const connector = routed?.connector ?? '';
  const logged = async (answer: SimulatedResponse): Promise<SimulatedResponse> => {
    const response = answer instanceof Response ? await asAfasAnswer(answer, request) : answer;
    host.log.push({
      method,
      path: url.pathname + url.search,
      connector,
      status: response instanceof Response ? response.status : undefined,
      ...(response instanceof Response ? {} : { fault: response.fault }),
      headers: redactedHeaders(request),
      ...(answer instanceof Response ? pageFigures(answer) : {}),
    });
    return response;
  };

  // The proxy in front of Profit refuses long query strings before anything else.
  if (!routed || url.search.length - 1 > MAX_QUERY_LENGTH) return logged(emptyResponse(404));

  const decision = host.faults.decide({ connector, method });
  const delay = host.latencyMs + decision.latencyMs;
  if (delay > 0) await sleep(delay);
  const { fault } = decision;
  if (fault === 'drop' || fault === 'hang') return logged({ fault });
  if (fault === 'echo') return logged(await echoResponse(request, decision.echo));
  if (fault !== undefined && fault !== 'drop-after-write' && fault !== 'hang-after-write') {
    return logged(faultResponse(fault, decision.retryAfter, language));
  }

  const declaredLength = Number(request.headers.get('content-length') ?? 0);
  if (declaredLength > host.maxBodyBytes) return logged(emptyResponse(413));
  const bytes = method === 'GET' || method === 'HEAD' ? new Uint8Array() : await request.bytes();
  if (bytes.byteLength > host.maxBodyBytes) return logged(emptyResponse(413));
  const body = utf8Text(bytes);

  let response: Response;
  try {
    response = await dispatch(host, request, url, method, routed.segments, body, language);
  } catch (error) {
    if (!(error instanceof ProfitFailure)) throw error;
    response = profitErrorResponse(error.afasMessage, language);
  }
  if (fault === 'drop-after-write') return logged({ fault: 'drop' });
  if (fault === 'hang-after-write') return logged({ fault: 'hang' });
  return logged(response);
}

async function dispatch(
  host: EngineHost,
  request: Request,
  url: URL,
  method: string,
  segments: readonly string[],
  body: string,
  language: SimulatorLanguage,
): Promise<Response> {
  const [first = '', second, third] = segments.map((s, i) => (i === 0 ? s.toLowerCase() : s));
  const { state } = host;

  // Endpoints that need no App Connector token.
  if (first === 'oauth' && second?.toLowerCase() === 'token' && method === 'POST') {
    return host.auth.issueAccessToken(request, body);
  }
  if (first === 'otprequest' && method === 'POST') return host.otp.request(state, body);
  if (first === 'otpvalidation' && method === 'POST') return host.otp.validate(state, body);

  const known = ['profitversion', 'metainfo', 'connectors', 'subjectconnector', 'fileconnector'];
  if (!known.includes(first)) return emptyResponse(404);
  const caller = host.auth.authenticate(request);
  if (caller instanceof Response) return caller;

  switch (first) {
    case 'profitversion':
      return method === 'GET' ? jsonResponse(200, { version: state.profitVersion }) : emptyResponse(404);
    case 'metainfo':
      return method === 'GET'
        ? metainfo(host, caller, second?.toLowerCase(), third, language)
        : emptyResponse(404);
    case 'connectors':
      if (second === undefined) return emptyResponse(404);
      return method === 'GET' && segments.length === 2
        ? getConnector(host, caller, second, url)
        : updateConnector(
            host,
            caller,
            second,
            method,
            segments.slice(2),
            body,
            request.headers.get('content-type'),
          );
    case 'subjectconnector':
      return fileAnswer(state.findFile(third ?? ''), (found) => found.item.id === Number(second));
    default:
      // The client sends the name URL-encoded with `_` written as `_5f` (AFAS's own escape).
      return fileAnswer(
        state.findFile(second ?? ''),
        (found) => found.attachment.fileName === decodeFileName(third ?? ''),
      );
  }
}

/** A FileConnector name segment (already URL-decoded) with AFAS's `_5f` for `_` undone. */
function decodeFileName(segment: string): string {
  return segment.replaceAll('_5f', '_');
}

function fileAnswer<T extends { attachment: { fileName: string; mimeType: string; data: string } }>(
  found: T | undefined,
  belongs: (found: T) => boolean,
): Response {
  if (!found || !belongs(found)) return emptyResponse(404);
  const { fileName, mimeType, data } = found.attachment;
  return jsonResponse(200, { filename: fileName, mimetype: mimeType, filedata: data });
}

function authorizedGetConnector(host: EngineHost, caller: Caller, id: string): GetConnectorDefinition {
  const definition = host.getConnectors().find((c) => c.id === id);
  if (!definition || !host.mayGet(caller, definition)) {
    throw new ProfitFailure(messages.getConnectorNotAuthorized());
  }
  return definition;
}

function authorizedUpdateConnector(caller: Caller, id: string): UpdateConnector {
  const connector = findUpdateConnector(id);
  if (!connector || !caller.appConnector.updateConnectors.has(id)) {
    throw new ProfitFailure(messages.updateConnectorNotAuthorized());
  }
  return connector;
}

const indexes = new RowIndexes();
/** Each state's GetConnector rows, kept (with their indexes) until a write changes the state. */
const rowCache = new WeakMap<
  object,
  Map<GetConnectorDefinition, { revision: number; rows: readonly Row[] }>
>();

function rowsOf(host: EngineHost, definition: GetConnectorDefinition): readonly Row[] {
  let cached = rowCache.get(host.state);
  if (!cached) {
    cached = new Map();
    rowCache.set(host.state, cached);
  }
  const entry = cached.get(definition);
  if (entry && entry.revision === host.state.revision) return entry.rows;
  const rows = definition.rows(host.state);
  cached.set(definition, { revision: host.state.revision, rows });
  return rows;
}

/** What a GetConnector page read and cost, for the request log. */
const pages = new WeakMap<Response, { readonly rowsRead: number; readonly costMs: number }>();

function pageFigures(response: Response): { rowsRead?: number; costMs?: number } {
  return pages.get(response) ?? {};
}

async function getConnector(host: EngineHost, caller: Caller, id: string, url: URL): Promise<Response> {
  const definition = authorizedGetConnector(host, caller, id);
  const query = parseGetQuery(url.searchParams, definition.fields);
  const page = indexes.run(rowsOf(host, definition), query);
  const costMs = pageCostMs(host.getCost, page.read, page.rows.length);
  if (host.waitForCost && costMs > 0) await sleep(costMs);
  const rows = page.rows.map((row) => toOutputRow(row, definition.fields));
  const response = jsonResponse(
    200,
    { skip: query.skip, take: query.take, rows },
    { 'X-AFAS-Proxy-Stats': proxyStats(costMs) },
  );
  pages.set(response, { rowsRead: page.read, costMs });
  return response;
}

function metainfo(
  host: EngineHost,
  caller: Caller,
  kind: string | undefined,
  id: string | undefined,
  language: SimulatorLanguage,
): Response {
  if (kind === undefined) {
    const allowed = host.getConnectors().filter((c) => host.mayGet(caller, c));
    return jsonResponse(200, metainfoList(host.state, caller, allowed, UPDATE_CONNECTORS));
  }
  if (kind === 'get' && id !== undefined) {
    return jsonResponse(200, getConnectorMetainfo(authorizedGetConnector(host, caller, id)));
  }
  if (kind === 'update' && id !== undefined) {
    const connector = authorizedUpdateConnector(caller, id);
    return jsonResponse(200, updateConnectorMetainfo(connector, host.state, language));
  }
  return emptyResponse(404);
}

function updateConnector(
  host: EngineHost,
  caller: Caller,
  id: string,
  method: string,
  path: readonly string[],
  text: string,
  contentType: string | null,
): Response {
  const connector = authorizedUpdateConnector(caller, id);
  const context = host.updateContext;
  if (method !== 'DELETE' && host.refuseNonJsonBodies && !isJsonContentType(contentType)) {
    return emptyResponse(415);
  }
  const unsupported = () => new ProfitFailure(messages.methodNotSupported(method, id));
  if (method === 'DELETE') {
    if (!connector.delete) throw unsupported();
    return written(host, connector.delete(context, path));
  }
  const body = parseJson(text);
  if (body instanceof Response) return body;
  if (method === 'POST' && connector.post && path.length <= 1) {
    return written(host, connector.post(context, body, path[0]));
  }
  if (method === 'PUT' && connector.put && path.length === 0)
    return written(host, connector.put(context, body));
  throw unsupported();
}

/** A write went through: GetConnector rows (and their indexes) must be derived afresh. */
function written(host: EngineHost, response: Response): Response {
  host.state.revision++;
  return response;
}

/** A body that is no JSON gets the other error shape AFAS is known to send. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return jsonResponse(400, { message: 'Invalid json' });
  }
}
