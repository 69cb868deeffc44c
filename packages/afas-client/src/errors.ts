import { isRecord } from './internal/is-record.js';
import { number, numeric, object, optional, string, unknown } from './internal/shape.js';
import { MAX_QUERY_LENGTH } from './query.js';

/**
 * One error hierarchy for everything the SDK can fail on. Every class has a literal `kind` for an
 * exhaustive `switch`, a `hint` that says what to do, and never carries the token or the
 * `Authorization` header (they are not stored on errors at all).
 */

/** The body AFAS sends with a 500 (and some other) answers. */
export interface AfasErrorBody {
  /** Short user-facing message, in the language of `Accept-Language`. */
  readonly externalMessage?: string | undefined;
  /** AFAS error number; often generic, so not fit for branching. */
  readonly errorNumber?: number | undefined;
  /** 32-hex reference into the environment's log (Algemeen > Beheer > Logboek). Quote it to support. */
  readonly profitLogReference?: string | undefined;
}

/** The `connector` of requests to the OAuth token endpoint (they reach no connector). */
export const TOKEN_REQUEST = 'oauth/token';

/** Every `kind` an {@link AfasError} can have. */
export type AfasErrorKind =
  | 'config'
  | 'token'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'http'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'payload-too-large'
  | 'profit'
  | 'unavailable'
  | 'response'
  | 'schema';

/** What an error knows about the request that failed (never headers). */
export interface AfasRequestInfo {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Connector or endpoint, e.g. `Profit_Accounts`, `FiEntries`, `metainfo`. */
  readonly connector: string;
  /** Full URL; AFAS URLs never contain the token. */
  readonly url: string;
}

/**
 * Whether a failed call may have written to AFAS: `'no'` when the call writes nothing (a GET, a
 * token request) or AFAS's answer proves nothing was written (connection refused, 503, a 4xx, a 500
 * refusal with AFAS's message); `'unknown'` when the write may have been applied before the answer
 * was lost (time-out, reset after sending, 502/504, AFAS's own time-out, an unreadable answer).
 */
export type AfasApplied = 'no' | 'unknown';

/** What a failure proves about the request: never sent, sent but the answer lost, or answered. */
type Evidence = 'not-sent' | 'lost' | { readonly status: number; readonly afasMessage?: string | undefined };

/** AFAS stopped the request after its 15-minute limit; it may have processed (part of) it. */
const AFAS_TIMEOUT_MESSAGE =
  /maximale tijdsduur voor het uitvoeren van de opdracht is verstreken|maximum duration for performing the assignment has been exceeded/i;

/** The one place that decides {@link AfasError.applied} from what a failure proves. */
function appliedAfter(request: AfasRequestInfo | undefined, evidence: Evidence): AfasApplied {
  if (request === undefined || request.method === 'GET' || request.connector === TOKEN_REQUEST) return 'no';
  if (evidence === 'not-sent') return 'no';
  if (evidence === 'lost') return 'unknown';
  const { status, afasMessage } = evidence;
  if (status === 503 || (status >= 400 && status < 500)) return 'no';
  if (status === 500 && afasMessage !== undefined && !AFAS_TIMEOUT_MESSAGE.test(afasMessage)) return 'no';
  return 'unknown';
}

interface AfasErrorOptions {
  readonly hint: string;
  readonly cause?: unknown;
  readonly request?: AfasRequestInfo | undefined;
  readonly evidence?: Evidence | undefined;
}

/** Base class of every error the SDK throws. Use `kind` to tell them apart. */
export abstract class AfasError extends Error {
  /** Literal discriminant, one per class. */
  abstract readonly kind: AfasErrorKind;
  /** What to do about it, in one or two sentences. */
  readonly hint: string;
  /** The request that failed, when there was one. */
  readonly request: AfasRequestInfo | undefined;
  /**
   * Whether the failed call may have written to AFAS. `'no'`: nothing was written, a write may be
   * sent again. `'unknown'`: look the record up in AFAS before sending the write again.
   */
  readonly applied: AfasApplied;

  protected constructor(message: string, options: AfasErrorOptions) {
    // The hint stays out of `message`: a CLI or UI shows it on its own line (see `hint`).
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.hint = options.hint;
    this.request = options.request;
    this.applied = appliedAfter(options.request, options.evidence ?? 'not-sent');
  }

  /** A plain, secret-free view for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...own } = Object.assign({}, this) as Record<string, unknown>;
    return { name: this.name, message: this.message, ...own };
  }
}

/**
 * Every concrete error class, as a union: `switch (error.kind)` narrows it to the class (and its
 * fields, such as `externalMessage` for `'profit'`).
 */
export type AnyAfasError =
  | AfasConfigError
  | AfasTokenError
  | AfasNetworkError
  | AfasTimeoutError
  | AfasAbortError
  | AfasHttpError
  | AfasAuthError
  | AfasForbiddenError
  | AfasNotFoundError
  | AfasPayloadTooLargeError
  | AfasProfitError
  | AfasUnavailableError
  | AfasResponseError
  | AfasSchemaError;

/** True for any error thrown by this SDK, also across realms (matches by name and `kind`). */
export function isAfasError(value: unknown): value is AnyAfasError {
  return (
    value instanceof AfasError ||
    (value instanceof Error &&
      value.name.startsWith('Afas') &&
      typeof (value as { kind?: unknown }).kind === 'string')
  );
}

/** Invalid options: an unknown environment, a non-https base URL, contradicting settings. */
export class AfasConfigError extends AfasError {
  override readonly name = 'AfasConfigError';
  readonly kind = 'config';
  constructor(message: string, hint: string) {
    super(message, { hint });
  }
}

/** The token could not be read. The message never contains (part of) the token. */
export class AfasTokenError extends AfasError {
  override readonly name = 'AfasTokenError';
  readonly kind = 'token';
  constructor(message: string) {
    super(message, {
      hint:
        'Paste the token as AFAS shows it (<token><version>1</version><data>…</data></token>), only the hexadecimal ' +
        'text between <data> and </data>, or the base64 form that follows "AfasToken " in an Authorization header.',
    });
  }
}

/** The connection failed before an answer arrived (DNS, refused, reset, TLS). */
export class AfasNetworkError extends AfasError {
  override readonly name = 'AfasNetworkError';
  readonly kind = 'network';
  /** True when the connection was never made (refused, DNS): nothing reached AFAS, so a resend is safe. */
  readonly connectionRefused: boolean;
  constructor(request: AfasRequestInfo, cause?: unknown, connectionRefused = false) {
    super(
      `${request.method} ${request.connector}: the connection to AFAS failed (${describeCause(cause)}).`,
      {
        hint: 'Check the environment number, the network and a proxy in between; AFAS Online may be unreachable.',
        cause,
        request,
        evidence: connectionRefused ? 'not-sent' : 'lost',
      },
    );
    this.connectionRefused = connectionRefused;
  }
}

/** No answer within the per-attempt timeout or the overall deadline. */
export class AfasTimeoutError extends AfasError {
  override readonly name = 'AfasTimeoutError';
  readonly kind = 'timeout';
  /** Milliseconds that passed before the call was abandoned. */
  readonly timeoutMs: number;
  constructor(request: AfasRequestInfo, timeoutMs: number, what: 'attempt' | 'deadline') {
    super(
      `${request.method} ${request.connector}: no answer from AFAS within ${timeoutMs} ms (${what === 'deadline' ? 'overall deadline' : 'per-attempt timeout'}).`,
      {
        hint:
          request.method === 'GET'
            ? 'Narrow the filter or use a smaller page size; raise `timeout` or `deadline` if the data set is large.'
            : request.connector === TOKEN_REQUEST
              ? 'The OAuth token endpoint did not answer: check tokenUrl and try again.'
              : 'AFAS may still have processed the write: look it up before sending it again.',
        request,
        evidence: 'lost',
      },
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. */
export class AfasAbortError extends AfasError {
  override readonly name = 'AfasAbortError';
  readonly kind = 'aborted';
  constructor(request: AfasRequestInfo, cause?: unknown) {
    super(`${request.method} ${request.connector}: aborted by the caller.`, {
      hint: 'Nothing to fix; the call was cancelled through its AbortSignal.',
      cause,
      request,
      evidence: 'lost',
    });
  }
}

type HttpKind = 'http' | 'auth' | 'forbidden' | 'not-found' | 'payload-too-large' | 'profit' | 'unavailable';

/** AFAS answered with a non-2xx status. Subclasses say what the status means. */
export class AfasHttpError extends AfasError {
  override readonly name: string = 'AfasHttpError';
  readonly kind: HttpKind = 'http';
  /** HTTP status code. */
  readonly status: number;
  /** AFAS's own message, when the body carried one. */
  readonly externalMessage: string | undefined;
  /** AFAS's error number, when the body carried one. */
  readonly errorNumber: number | undefined;
  /** AFAS log reference (32 hex), when the body carried one. */
  readonly profitLogReference: string | undefined;

  constructor(request: AfasRequestInfo, status: number, body: AfasErrorBody, hint: string, what?: string) {
    const afasSays = body.externalMessage ? `: ${body.externalMessage}` : '';
    const reference = body.profitLogReference ? ` (AFAS log reference ${body.profitLogReference})` : '';
    super(
      `${request.method} ${request.connector} failed with HTTP ${status}${what ? ` ${what}` : ''}${afasSays}${reference}.`,
      { hint, request, evidence: { status, afasMessage: body.externalMessage } },
    );
    this.status = status;
    this.externalMessage = body.externalMessage;
    this.errorNumber = body.errorNumber;
    this.profitLogReference = body.profitLogReference;
  }
}

/** 401: the token is wrong, expired, not base64, or for another environment. */
export class AfasAuthError extends AfasHttpError {
  override readonly name = 'AfasAuthError';
  override readonly kind = 'auth';
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}) {
    super(
      request,
      401,
      body,
      'Check that the token belongs to this environment (production, test and accept have their own tokens), ' +
        'that it was not revoked under App Connector > Gebruikerstokens, and that the URL is right.',
      '(unauthorized)',
    );
  }
}

/** 403: the App Connector's IP restriction refused this machine. */
export class AfasForbiddenError extends AfasHttpError {
  override readonly name = 'AfasForbiddenError';
  override readonly kind = 'forbidden';
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}) {
    super(
      request,
      403,
      body,
      "Add this machine's public IP address to the App Connector's IP restriction in AFAS, or remove the restriction.",
      '(forbidden)',
    );
  }
}

/** 404: wrong URL, a query string over AFAS's 2049-character limit, or a file that does not exist. */
export class AfasNotFoundError extends AfasHttpError {
  override readonly name = 'AfasNotFoundError';
  override readonly kind = 'not-found';
  /** True when the query string passed the 2049-character limit (AFAS answers 404 then). */
  readonly queryTooLong: boolean;
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}, queryTooLong = false) {
    super(
      request,
      404,
      body,
      queryTooLong
        ? 'The query string is longer than AFAS accepts (2049 characters): use fewer filter values or split the request.'
        : 'Check the environment, connector id and path; for files: the file may not exist or the user may lack rights.',
      queryTooLong ? '(query string too long)' : '(not found)',
    );
    this.queryTooLong = queryTooLong;
  }
}

/** 413: the request body is over AFAS's 75 MB limit. */
export class AfasPayloadTooLargeError extends AfasHttpError {
  override readonly name = 'AfasPayloadTooLargeError';
  override readonly kind = 'payload-too-large';
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}) {
    super(
      request,
      413,
      body,
      'AFAS accepts at most 75 MB per request, attachments included: compress or split the attachments.',
      '(payload too large)',
    );
  }
}

/** 500 with an AFAS message: a functional or validation error inside Profit. */
export class AfasProfitError extends AfasHttpError {
  override readonly name = 'AfasProfitError';
  override readonly kind = 'profit';
  /**
   * True when AFAS refused for a passing reason and wrote nothing (the booking layout is locked by
   * another user): the same request may be sent again after a pause.
   */
  readonly transient: boolean;
  /**
   * True when AFAS stopped the request at its own 15-minute limit ("De maximale tijdsduur … is
   * verstreken"). Never retried by the client: the same request would run as long again. A read
   * changed nothing and may be sent again once it is smaller; a write may have been (partly) applied.
   */
  readonly timedOut: boolean;
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}) {
    const message = body.externalMessage ?? '';
    const timedOut = AFAS_TIMEOUT_MESSAGE.test(message);
    super(request, 500, body, timedOut ? afasTimeoutHint(request) : profitHint(message));
    this.transient = TRANSIENT_PROFIT_MESSAGE.test(message);
    this.timedOut = timedOut;
  }
}

/** 503: AFAS is in maintenance or unavailable. */
export class AfasUnavailableError extends AfasHttpError {
  override readonly name = 'AfasUnavailableError';
  override readonly kind = 'unavailable';
  /** Seconds AFAS asked to wait (`retry_after` in the body or the `Retry-After` header). */
  readonly retryAfter: number | undefined;
  constructor(request: AfasRequestInfo, body: AfasErrorBody = {}, retryAfter?: number) {
    super(
      request,
      503,
      body,
      `AFAS Online is unavailable (maintenance); try again${retryAfter === undefined ? ' later' : ` after ${retryAfter} s`}. See afasstatus.nl.`,
      '(service unavailable)',
    );
    this.retryAfter = retryAfter;
  }
}

/** The answer could not be read: HTML from a proxy, an empty body, invalid JSON. */
export class AfasResponseError extends AfasError {
  override readonly name = 'AfasResponseError';
  readonly kind = 'response';
  /** HTTP status of the unreadable answer. */
  readonly status: number;
  /** The first 200 characters of the body, for diagnosis. */
  readonly bodyExcerpt: string;
  constructor(request: AfasRequestInfo, status: number, problem: string, body: string) {
    super(`${request.method} ${request.connector}: HTTP ${status} with ${problem}.`, {
      hint: isHtmlAnswer('', body)
        ? 'An HTML page came back: a proxy, firewall or maintenance page sits between you and AFAS, or the base URL is wrong.'
        : 'AFAS sent something that is not the JSON it documents; check the base URL and try again.',
      request,
      evidence: { status },
    });
    this.status = status;
    this.bodyExcerpt = body.slice(0, 200);
  }
}

/** One problem found by a schema check. */
export interface AfasSchemaIssue {
  /** Where: e.g. `rows[3].Account`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * Rows did not match the row schema the caller gave (any Standard Schema), or a body did not have
 * the shape AFAS documents. `cause` holds the schema library's own issues.
 */
export class AfasSchemaError extends AfasError {
  override readonly name = 'AfasSchemaError';
  readonly kind = 'schema';
  /** Every mismatch, each naming the row and field. */
  readonly issues: readonly AfasSchemaIssue[];
  constructor(request: AfasRequestInfo, issues: readonly AfasSchemaIssue[], cause?: unknown) {
    const first = issues
      .slice(0, 3)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    super(
      `${request.method} ${request.connector}: ${issues.length} value(s) do not match the schema (${first}${issues.length > 3 ? '; …' : ''}).`,
      {
        hint: "Compare the schema with the connector's fields (metainfo), or regenerate it with `afas codegen`.",
        cause,
        request,
        evidence: { status: 200 },
      },
    );
    this.issues = issues;
  }
}

/** AFAS's "booking layout locked by another user" family: nothing was written, a retry may pass. */
const TRANSIENT_PROFIT_MESSAGE =
  /(booking ?layout|boekingslayout|boekingsscherm).*(locked|blocked|geblokkeerd|vergrendeld|in gebruik)|(locked|geblokkeerd|vergrendeld) (by|door) (another|een andere) (user|gebruiker)/i;

const profitHints: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /niet ondersteund|not supported|niet geautoriseerd|not authori[sz]ed/i,
    'Add the connector to the App Connector (Algemeen > Beheer > App connector) and check the user group has rights.',
  ],
  [/not found|niet gevonden/i, "Use the connector's own field ids (see metainfo) in filters and ordering."],
  [
    /geblokkeerd|blocked|locked|vergrendeld/i,
    'A lock or blocked setting in AFAS: retry later or ask the AFAS administrator.',
  ],
  [
    /unexpected error|onverwachte fout/i,
    'Check skip/take and filters; quote the log reference to AFAS support if it persists.',
  ],
];

function afasTimeoutHint(request: AfasRequestInfo): string {
  return request.method === 'GET'
    ? 'AFAS stopped the query at its 15-minute limit. A read changes nothing, so sending it again is safe, but the same query runs as long again: filter on the order key or another selective field, ask for fewer fields, or use a smaller page (`take`; AFAS advises fields × rows under 150,000).'
    : 'AFAS stopped the request at its 15-minute limit and may have processed part of it: look it up in AFAS before sending it again, and send less at once (fewer lines per entry).';
}

function profitHint(message: string): string {
  for (const [pattern, hint] of profitHints) if (pattern.test(message)) return hint;
  return 'Correct the data AFAS names in the message; the log reference finds the details in Profit (Algemeen > Beheer > Logboek).';
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = cause.cause instanceof Error ? describeCause(cause.cause) : undefined;
    return typeof code === 'string' ? code : (inner ?? cause.message);
  }
  return 'unknown cause';
}

/** What AFAS answered, as the transport read it. */
export interface AfasAnswer {
  readonly request: AfasRequestInfo;
  readonly status: number;
  readonly contentType: string;
  /** The body as text, with the client's own credentials already blanked out. */
  readonly text: string;
  readonly retryAfterHeader: string | null;
}

const ErrorBody = object({
  externalMessage: optional(string()),
  errorNumber: optional(number()),
  profitLogReference: optional(string()),
  message: optional(string()),
  // AFAS sends { code, message }; an OAuth endpoint a string (invalid_client).
  error: unknown(),
  retry_after: optional(numeric()),
});

/** The `message` of an `error` object, when it has one. */
function messageOf(error: unknown): string | undefined {
  return isRecord(error) && typeof error['message'] === 'string' ? error['message'] : undefined;
}

/**
 * An HTML page (a proxy, a firewall, a maintenance page) where AFAS sends JSON. The one HTML check.
 * Markup further in counts only in text that is not JSON: rows may hold `<html>` in their values.
 */
export function isHtmlAnswer(contentType: string, text: string): boolean {
  if (/text\/html/i.test(contentType) || /^\s*</.test(text)) return true;
  return !/^\s*[[{]/.test(text) && /<html|<!doctype/i.test(text.slice(0, 512));
}

/**
 * The typed error for a non-2xx answer: the one place where a status becomes an error class.
 * `blank` clears the client's credentials out of texts taken from the body.
 */
export function errorFromAnswer(answer: AfasAnswer, blank: (text: string) => string): AfasError {
  const { request, status, contentType, text } = answer;
  const html = text.trim() !== '' && isHtmlAnswer(contentType, text);
  let json: unknown;
  if (text.trim() !== '' && !html) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const parsed = ErrorBody.check(json);
  const raw = parsed.ok ? parsed.value : undefined;
  const optional = (value: string | undefined) => (value === undefined ? undefined : blank(value));
  const body: AfasErrorBody = raw
    ? {
        externalMessage: optional(raw.externalMessage ?? messageOf(raw.error) ?? raw.message),
        errorNumber: raw.errorNumber,
        profitLogReference: optional(raw.profitLogReference),
      }
    : {};
  const unreadable = text.trim() !== '' && !raw;

  // OAuth token endpoints answer 400 (invalid_client, invalid_grant) for wrong credentials.
  if (status === 400 && request.connector === TOKEN_REQUEST) return new AfasAuthError(request, body);
  switch (status) {
    case 401:
      return new AfasAuthError(request, body);
    case 403:
      return new AfasForbiddenError(request, body);
    case 404:
      return new AfasNotFoundError(request, body, new URL(request.url).search.length - 1 > MAX_QUERY_LENGTH);
    case 413:
      return new AfasPayloadTooLargeError(request, body);
    case 503: {
      if (unreadable) return new AfasResponseError(request, status, 'an unreadable maintenance page', text);
      const header = answer.retryAfterHeader;
      const seconds = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
      return new AfasUnavailableError(request, body, raw?.retry_after ?? seconds);
    }
  }
  if (unreadable) {
    return new AfasResponseError(request, status, html ? 'an HTML page' : 'a body that is not JSON', text);
  }
  if (status === 500 && body.externalMessage !== undefined) return new AfasProfitError(request, body);
  return new AfasHttpError(
    request,
    status,
    body,
    'AFAS gave an unexpected status; try again later or check the request.',
  );
}
