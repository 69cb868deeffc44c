import {
  AfasConfigError,
  AfasNetworkError,
  type AfasRequestInfo,
  AfasResponseError,
  AfasTimeoutError,
  errorFromAnswer,
  isHtmlAnswer,
  TOKEN_REQUEST,
} from './errors.js';
import { inspectCustom } from './internal/inspect.js';
import { redactor } from './internal/redact.js';
import { type Infer, numeric, object, optional, refine, string } from './internal/shape.js';
import { AfasToken } from './token.js';

/**
 * Supplies the `Authorization` header. The client asks for it before every attempt and calls
 * `invalidate()` once after a 401, then replays the request once.
 */
export interface AfasAuth {
  /** The `Authorization` header value to send. */
  authorization(context: AuthContext): Promise<string>;
  /** Forget cached credentials after a 401. Return `true` when a replay with new credentials may help. */
  invalidate?(): boolean;
  /**
   * The secret values this auth sends (token forms, client secret, access tokens), so that the
   * client can blank them out of anything AFAS or a proxy echoes back into an error.
   */
  secrets?(): readonly string[];
}

/** What an {@link AfasAuth} may use: the base URL, the client's fetch, the call's signal and timeout. */
export interface AuthContext {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** Aborts when this call gives up (its deadline, its attempt timeout, or the caller's signal). */
  readonly signal: AbortSignal | undefined;
  /**
   * The client's per-attempt timeout: a bound for work shared by several calls.
   * @unit milliseconds
   */
  readonly timeout: number;
  /** The client's own headers (`Accept-Language`, `User-Agent` …), for requests the auth makes itself. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Classic App Connector token auth: `Authorization: AfasToken <base64>`. */
export function tokenAuth(token: string | AfasToken): AfasAuth {
  const header = AfasToken.from(token).authorizationHeader;
  const base64 = header.slice(header.indexOf(' ') + 1);
  const xml = atob(base64); // the token is ASCII (tags, digits, hex)
  const data = /<data>([^<]*)<\/data>/.exec(xml)?.[1] ?? xml;
  // The client blanks out every form of these (JSON escapes, URL encoding, either case of the data).
  const secrets = [base64, xml, data];
  return redacted({ authorization: async () => header, secrets: () => secrets }, 'tokenAuth');
}

/** Settings for OAuth 2 client credentials. */
export interface OAuthClientCredentials {
  /** The App Connector's OAuth client id. */
  readonly clientId: string;
  /** The client secret; never logged or shown. */
  readonly clientSecret: string;
  /**
   * The token endpoint. UNSURE: AFAS has not published it officially; one source names
   * `{baseUrl}/oauth/token`, which is the default.
   * @default `${baseUrl}/oauth/token`
   */
  readonly tokenUrl?: string | undefined;
  /** Optional OAuth scope. */
  readonly scope?: string | undefined;
  /**
   * Seconds before expiry at which a cached access token is renewed.
   * @default 60
   */
  readonly refreshMarginSeconds?: number | undefined;
}

const TokenResponse = object({
  access_token: refine(string(), (token) => (token === '' ? 'empty access_token' : undefined)),
  token_type: optional(string()),
  expires_in: optional(
    refine(numeric(), (seconds) => (seconds > 0 ? undefined : 'expires_in is not positive')),
  ),
});

/**
 * OAuth 2 client-credentials auth (AFAS announced that classic tokens end on 2027-09-01). The access
 * token is cached until shortly before it expires; concurrent calls share one refresh.
 */
export function oauthClientCredentials(settings: OAuthClientCredentials): AfasAuth {
  if (!settings.clientId || !settings.clientSecret) {
    throw new AfasConfigError(
      'OAuth needs a clientId and a clientSecret.',
      'Copy both from the App Connector in AFAS.',
    );
  }
  const { clientId, clientSecret } = settings;
  const margin = (settings.refreshMarginSeconds ?? 60) * 1000;
  let cached: { header: string; expiresAt: number } | undefined;
  /** The access tokens handed out lately, also after a 401 dropped them: an answer may still echo one. */
  const issued: string[] = [];
  let pending: Promise<string> | undefined;

  /**
   * One token request shared by every call that needs it, so it runs under its own time limit, not
   * under the signal of whichever call happened to start it.
   */
  async function requestToken(context: AuthContext): Promise<string> {
    const url = settings.tokenUrl ?? `${context.baseUrl}/oauth/token`;
    const info: AfasRequestInfo = { method: 'POST', connector: TOKEN_REQUEST, url };
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(), context.timeout);
    try {
      return await exchange(context, info, limit.signal);
    } catch (error) {
      throw limit.signal.aborted ? new AfasTimeoutError(info, context.timeout, 'attempt') : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(context: AuthContext, info: AfasRequestInfo, signal: AbortSignal): Promise<string> {
    const { url } = info;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    if (settings.scope) body.set('scope', settings.scope);
    let response: Response;
    try {
      response = await context.fetch(url, {
        method: 'POST',
        headers: {
          ...context.headers,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
        signal,
      });
    } catch (error) {
      throw new AfasNetworkError(info, error);
    }
    const blank = (text: string) => blankOut(text, [clientSecret]);
    const text = blank(await response.text());
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      const retryAfterHeader = response.headers.get('retry-after');
      throw errorFromAnswer(
        { request: info, status: response.status, contentType, text, retryAfterHeader },
        blank,
      );
    }
    if (isHtmlAnswer(contentType, text))
      throw new AfasResponseError(info, response.status, 'an HTML page instead of a token response', text);
    let parsed: Infer<typeof TokenResponse>;
    try {
      parsed = TokenResponse.read(JSON.parse(text));
    } catch {
      throw new AfasResponseError(info, response.status, 'a token response without access_token', '');
    }
    const header = `Bearer ${parsed.access_token}`;
    issued.push(parsed.access_token);
    if (issued.length > 4) issued.shift();
    // Renew `margin` before expiry, but never sooner than half-way: short-lived tokens are still reused.
    const lifetime = (parsed.expires_in ?? 3600) * 1000;
    cached = { header, expiresAt: Date.now() + Math.max(lifetime / 2, lifetime - margin) };
    return header;
  }

  return redacted(
    {
      async authorization(context) {
        if (cached && Date.now() < cached.expiresAt) return cached.header;
        pending ??= requestToken(context).finally(() => {
          pending = undefined;
        });
        return untilAborted(pending, context.signal);
      },
      invalidate() {
        cached = undefined;
        return true;
      },
      secrets() {
        return [clientSecret, ...issued];
      },
    },
    'oauthClientCredentials',
  );
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself carries on for others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Replaces every form of the secrets (8 characters or more) in `text` with `[redacted]`: as is,
 * JSON-escaped, URL- or form-encoded, as HTML references (see `internal/redact.ts`).
 */
export function blankOut(text: string, secrets: readonly string[]): string {
  return redactor(secrets).text(text);
}

/** Makes an auth object print as its kind only, never its secrets. */
function redacted(auth: AfasAuth, kind: string): AfasAuth {
  const label = `[${kind} redacted]`;
  return Object.defineProperties(auth, {
    toString: { value: () => label },
    toJSON: { value: () => label },
    [inspectCustom]: { value: () => label },
  });
}
