import type { AfasAuth } from './auth.js';
import {
  AfasAbortError,
  type AfasError,
  AfasHttpError,
  AfasNetworkError,
  AfasProfitError,
  type AfasRequestInfo,
  AfasResponseError,
  AfasTimeoutError,
  AfasUnavailableError,
  errorFromAnswer,
  isAfasError,
  isHtmlAnswer,
  TOKEN_REQUEST,
} from './errors.js';
import type { InFlightBudget } from './in-flight.js';
import { jsonBody } from './internal/json-body.js';
import { type Redactor, redactor } from './internal/redact.js';

/** HTTP methods the AFAS REST API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Retry policy. The client is the only layer that retries. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 2
   */
  readonly retries?: number | undefined;
  /**
   * First back-off delay; it doubles each retry, with jitter.
   * @default 500
   * @unit milliseconds
   */
  readonly minDelay?: number | undefined;
  /**
   * Longest back-off delay.
   * @default 10000
   * @unit milliseconds
   */
  readonly maxDelay?: number | undefined;
  /**
   * The longest `retry_after` (503 maintenance) the client waits for; a longer one fails at once.
   * @default 60
   * @unit seconds
   */
  readonly maxRetryAfter?: number | undefined;
}

/** A secret-free view of a request, for logging hooks. */
export interface RequestEvent {
  readonly method: HttpMethod;
  readonly url: string;
  readonly connector: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Request headers with `Authorization` replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A secret-free view of a response, for logging hooks. */
export interface ResponseEvent extends RequestEvent {
  readonly status: number;
  /** Milliseconds from sending to the full body. */
  readonly durationMs: number;
}

/** Logging/metrics hooks. They see redacted headers only and must not throw. */
export interface Hooks {
  readonly beforeRequest?: ((event: RequestEvent) => void) | undefined;
  readonly afterResponse?: ((event: ResponseEvent) => void) | undefined;
}

/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Per-attempt timeout; overrides the client's.
   * @unit milliseconds
   */
  readonly timeout?: number | undefined;
  /**
   * Overall deadline for the call including retries; overrides the client's.
   * @unit milliseconds
   */
  readonly deadline?: number | undefined;
}

/** One HTTP exchange the client wants made. */
export interface RequestSpec extends CallOptions {
  readonly method: HttpMethod;
  /** Path below the base URL, e.g. `connectors/Profit_Accounts`. */
  readonly path: string;
  /** Connector or endpoint name, for errors and hooks. */
  readonly connector: string;
  readonly searchParams?: URLSearchParams | undefined;
  readonly json?: unknown;
  /**
   * Whether repeating the call can do no harm. Only GETs are by default: a write is re-sent only
   * when AFAS's answer proves nothing was written (503, a booking-layout lock, connection refused).
   */
  readonly idempotent?: boolean | undefined;
}

/** A successful answer: status and parsed JSON (`undefined` for an empty body). */
export interface TransportResponse {
  readonly status: number;
  readonly body: unknown;
  /** The request as errors name it, built once per call: a schema error names the same URL as an HTTP error. */
  readonly request: AfasRequestInfo;
}

/** Settings of the transport, resolved by the client. */
export interface TransportSettings {
  readonly baseUrl: string;
  readonly auth: AfasAuth;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly deadline: number;
  readonly retry: { readonly [K in keyof RetryOptions]-?: NonNullable<RetryOptions[K]> };
  readonly hooks: Hooks;
  readonly fetch: typeof fetch | undefined;
  /** The client's budget of calls in flight: every HTTP exchange takes a slot. */
  readonly budget: InFlightBudget;
}

const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The one place that speaks HTTP, retries, and turns AFAS answers into typed errors. It uses
 * `fetch` itself, with its own per-attempt timer and back-off: an HTTP library and a retry library
 * cost more start-up time than the SDK's own code, for the twenty lines they would replace.
 */
export class Transport {
  readonly #settings: TransportSettings;
  readonly #fetch: typeof fetch;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    // Late-bound so that interceptors installed after the client was made (msw) are honoured.
    this.#fetch = (input, init) => (settings.fetch ?? globalThis.fetch)(input, init);
  }

  get baseUrl(): string {
    return this.#settings.baseUrl;
  }

  /** How many calls this client may have in flight at once. */
  get maxInFlight(): number {
    return this.#settings.budget.limit;
  }

  /** Sends the request with retries, deadline and cancellation; returns the parsed body or throws an AfasError. */
  async request(spec: RequestSpec): Promise<TransportResponse> {
    const query = spec.searchParams?.toString() ?? '';
    const url = `${this.#settings.baseUrl}/${spec.path}${query ? `?${query}` : ''}`;
    const info: AfasRequestInfo = { method: spec.method, connector: spec.connector, url };
    const deadlineMs = spec.deadline ?? this.#settings.deadline;
    // Our own timer (not AbortSignal.timeout) so that it is cleared the moment the call settles.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline.signal]) : deadline.signal;
    const { retry } = this.#settings;
    const stopped = () =>
      spec.signal?.aborted
        ? new AfasAbortError(info, spec.signal.reason)
        : new AfasTimeoutError(info, deadlineMs, 'deadline');

    try {
      if (signal.aborted) throw stopped();
      // Serialised once per call, not per attempt: a dossier body holds a whole PDF.
      const body = spec.json === undefined ? undefined : jsonBody(spec.json);
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#exchange(spec, info, url, body, signal, attempt);
        } catch (error) {
          if (attempt > retry.retries || signal.aborted || !this.#isRetryable(error, spec)) throw error;
          await sleep(retryDelay(retry, attempt, error), signal);
          if (signal.aborted) throw stopped();
        }
      }
    } catch (error) {
      // Whatever failed, and however AFAS or a proxy echoed our credentials, none reach the caller.
      throw this.#redactor().error(signal.aborted ? stopped() : error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Blanks every form of the credentials this client sends out of texts and errors. */
  #redactor(): Redactor {
    return redactor(this.#settings.auth.secrets?.() ?? []);
  }

  async #exchange(
    spec: RequestSpec,
    info: AfasRequestInfo,
    url: string,
    body: string | Uint8Array | undefined,
    signal: AbortSignal,
    attempt: number,
  ) {
    let replayed = false;
    for (;;) {
      const timeout = spec.timeout ?? this.#settings.timeout;
      const authorization = await this.#authorize(signal, timeout);
      const headers: Record<string, string> = { Accept: 'application/json', ...this.#settings.headers };
      // The OTP flow has no credentials yet: its auth gives '' and no header is sent.
      if (authorization !== '') headers['Authorization'] = authorization;
      if (body !== undefined) headers['Content-Type'] = 'application/json;charset=utf-8';
      const event: RequestEvent = {
        method: spec.method,
        url,
        connector: spec.connector,
        attempt,
        headers: redact(headers),
      };
      callHook(() => this.#settings.hooks.beforeRequest?.(event));
      const started = performance.now();
      let status: number;
      let text: string;
      let contentType: string;
      let retryAfterHeader: string | null;
      // The attempt's own timer covers the whole exchange, body included, and is cleared with it.
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(), timeout);
      try {
        // Only the exchange holds a slot: retry waits and the token request do not.
        ({ status, contentType, retryAfterHeader, text } = await this.#settings.budget.run(async () => {
          const response = await this.#fetch(url, {
            method: spec.method,
            headers,
            // A Uint8Array is a BufferSource; TypeScript's DOM types want its buffer to be an ArrayBuffer.
            body: (body as BodyInit | undefined) ?? null,
            signal: AbortSignal.any([signal, limit.signal]),
          });
          return {
            status: response.status,
            contentType: response.headers.get('content-type') ?? '',
            retryAfterHeader: response.headers.get('retry-after'),
            text: await response.text(),
          };
        }, signal));
      } catch (error) {
        throw this.#transportError(error, info, signal, limit.signal.aborted ? timeout : undefined);
      } finally {
        clearTimeout(timer);
      }
      const durationMs = performance.now() - started;
      callHook(() => this.#settings.hooks.afterResponse?.({ ...event, status, durationMs }));

      if (status === 401 && !replayed && this.#settings.auth.invalidate?.()) {
        replayed = true;
        continue;
      }
      // What AFAS or a proxy echoes back must not carry our own credentials into an error: blanked
      // out of the raw text, and again out of what it decodes to (JSON escapes such as \u002B).
      const blank = this.#redactor();
      const shown = () => blank.text(text);
      if (status >= 200 && status < 300)
        return { status, body: parseSuccess(info, status, contentType, text, shown), request: info };
      const answer = { request: info, status, contentType, text: shown(), retryAfterHeader };
      throw blank.error(errorFromAnswer(answer, blank.text));
    }
  }

  /** The Authorization header; fetching it (OAuth) is bounded by the per-attempt timeout too. */
  async #authorize(signal: AbortSignal, timeout: number): Promise<string> {
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(), timeout);
    try {
      return await this.#settings.auth.authorization({
        baseUrl: this.#settings.baseUrl,
        fetch: this.#fetch,
        signal: AbortSignal.any([signal, attempt.signal]),
        timeout,
        headers: this.#settings.headers,
      });
    } catch (error) {
      if (!attempt.signal.aborted || signal.aborted) throw error;
      const info =
        isAfasError(error) && error.request
          ? error.request
          : { method: 'POST', connector: TOKEN_REQUEST, url: `${this.#settings.baseUrl}/oauth/token` };
      throw new AfasTimeoutError(info, timeout, 'attempt');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The typed error of a failed exchange; `timedOut` is the attempt's timeout when its timer fired. */
  #transportError(
    error: unknown,
    info: AfasRequestInfo,
    signal: AbortSignal,
    timedOut: number | undefined,
  ): AfasError {
    if (isAfasError(error)) return error;
    if (signal.aborted) return new AfasAbortError(info); // replaced by the caller with abort or deadline
    if (timedOut !== undefined) return new AfasTimeoutError(info, timedOut, 'attempt');
    // fetch fails with a TypeError whose cause is the system error (ECONNREFUSED …): keep that, or
    // the TypeError itself when its cause is no error (msw gives the Response.error() it answered).
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return new AfasNetworkError(info, cause, connectionNeverMade(cause));
  }

  #isRetryable(error: unknown, spec: RequestSpec): boolean {
    if (!isAfasError(error)) return false;
    // A write is re-sent only when the error proves AFAS wrote nothing, unless the caller says a repeat is harmless.
    if (error.applied !== 'no' && spec.idempotent !== true) return false;
    if (error instanceof AfasUnavailableError) {
      return error.retryAfter === undefined || error.retryAfter <= this.#settings.retry.maxRetryAfter;
    }
    if (error instanceof AfasProfitError) return error.transient;
    if (error instanceof AfasNetworkError || error instanceof AfasTimeoutError) return true;
    if (error instanceof AfasHttpError || error instanceof AfasResponseError) {
      return [502, 503, 504].includes(error.status);
    }
    return false;
  }
}

function parseSuccess(
  info: AfasRequestInfo,
  status: number,
  contentType: string,
  text: string,
  shown: () => string,
): unknown {
  if (text.trim() === '') return undefined;
  if (isHtmlAnswer(contentType, text)) {
    throw new AfasResponseError(info, status, 'an HTML page instead of JSON', shown());
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AfasResponseError(info, status, 'a body that is not JSON', shown());
  }
}

/** Logging hooks must not break a call, least of all after AFAS has applied a write. */
function callHook(hook: () => void): void {
  try {
    hook();
  } catch {
    // ignored on purpose
  }
}

function redact(headers: Record<string, string>): Record<string, string> {
  return headers['Authorization'] === undefined
    ? { ...headers }
    : { ...headers, Authorization: '[redacted]' };
}

function connectionNeverMade(cause: unknown, depth = 0): boolean {
  if (!(cause instanceof Error) || depth > 5) return false;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && REFUSED_CODES.has(code)) return true;
  // fetch refuses some ports before connecting ("bad port"); with several addresses (IPv4 and IPv6)
  // Node reports an AggregateError: never made when every address was refused.
  if (cause.message === 'bad port') return true;
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.every((error: unknown) => connectionNeverMade(error, depth + 1));
  }
  return connectionNeverMade(cause.cause, depth + 1);
}

/**
 * The wait before retry `attempt` + 1: `minDelay` doubling each time, times a random 1–2 (so that
 * clients that failed together do not retry together), at most `maxDelay`; at least the
 * `retry_after` AFAS asked for during maintenance.
 */
function retryDelay(retry: TransportSettings['retry'], attempt: number, error: unknown): number {
  const backoff = Math.min(retry.maxDelay, retry.minDelay * 2 ** (attempt - 1) * (1 + Math.random()));
  const asked = error instanceof AfasUnavailableError ? (error.retryAfter ?? 0) * 1000 : 0;
  return Math.max(backoff, asked);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
