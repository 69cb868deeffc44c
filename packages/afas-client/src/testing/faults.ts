/**
 * Deterministic failures on demand: a rule picks requests (by connector, method and call number) and
 * says what goes wrong. Faults fire before the request is handled, so a failed write is never applied;
 * only `drop-after-write` / `hang-after-write` apply the write and then lose the answer.
 */
import { messages } from './messages.js';
import { emptyResponse, jsonBodyAsXmlType, profitErrorResponse } from './responses.js';
import type { SimulatorLanguage } from './seed.js';
import { fiEntriesMessages } from './update/fi-entries.js';

/** What goes wrong. */
export type FaultKind =
  /** Answer normally, after `latencyMs`. */
  | 'latency'
  /** 503 with AFAS's maintenance body and a `Retry-After` header. */
  | 'maintenance'
  /** 500 "booking layout blocked by another user" (retryable). */
  | 'locked'
  /** 500 "The maximum duration for performing the assignment has been exceeded." */
  | 'timeout'
  /** 401 with an empty body, as for an expired or revoked token. */
  | 'unauthorized'
  /** 502 with an HTML page, as a proxy in front of AFAS sends. */
  | 'html'
  /** The connection is reset; nothing is written. */
  | 'drop'
  /** No answer ever comes; nothing is written. */
  | 'hang'
  /** The write is applied, then the connection is reset: the client cannot know it succeeded. */
  | 'drop-after-write'
  /** The write is applied, then no answer comes. */
  | 'hang-after-write'
  /**
   * An error page that prints the credentials the request carried, as some proxies, firewalls and
   * debug pages do: see {@link FaultRule.echo}. Nothing is written.
   */
  | 'echo';

/** What an `echo` fault answers: a status and a body written from the request's credentials. */
export interface EchoAnswer {
  /** HTTP status. @default 500 */
  readonly status?: number;
  /** `Content-Type` of the answer. @default 'application/json; charset=utf-8' */
  readonly contentType?: string;
  /**
   * Writes the body from what the request carried: its `Authorization` header and, for the OAuth
   * token endpoint, its form body (`client_secret=…`). Encode them as the server being acted out
   * would (JSON escapes, URL encoding).
   */
  readonly body: (credentials: { readonly authorization: string; readonly form: string }) => string;
}

/** Which requests a fault hits and how. */
export interface FaultRule {
  readonly fault: FaultKind;
  /**
   * Connector id (`'FiEntries'`, `'Profit_Accounts'`) or endpoint (`'metainfo'`, `'oauth/token'`,
   * `'profitversion'`, `'subjectconnector'`, `'fileconnector'`); case-insensitive. Default: every request.
   */
  readonly connector?: string;
  /** HTTP method; default: any. */
  readonly method?: string;
  /** The first matching call (1-based) that fails. @default 1 */
  readonly nth?: number;
  /** How many matching calls fail from `nth` on; `Infinity` for all. @default 1 */
  readonly times?: number;
  /** Delay for `latency` (and before any other fault). @default 0 */
  readonly latencyMs?: number;
  /** Seconds in `retry_after` and `Retry-After` for `maintenance`. @default 7200 */
  readonly retryAfter?: number;
  /** The answer of an `echo` fault. @default a 500 whose JSON `externalMessage` quotes the Authorization header */
  readonly echo?: EchoAnswer;
}

/** An injected fault; `fired` counts how often it has struck. */
export interface InjectedFault {
  readonly rule: FaultRule;
  readonly fired: number;
  /** Stops the fault. */
  remove(): void;
}

/** What a request is, for matching rules. */
export interface FaultTarget {
  readonly connector: string;
  readonly method: string;
}

/** The faults that strike one request. */
export interface FaultDecision {
  readonly latencyMs: number;
  /** The first non-latency fault, if any. */
  readonly fault: Exclude<FaultKind, 'latency'> | undefined;
  readonly retryAfter: number;
  /** The rule's `echo` answer, for an `echo` fault. */
  readonly echo: EchoAnswer | undefined;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

/** The set of injected faults, counting matching calls per rule. */
export class FaultPlan {
  #rules: ActiveRule[] = [];

  add(rule: FaultRule): InjectedFault {
    const active: ActiveRule = { rule, seen: 0, fired: 0 };
    this.#rules.push(active);
    return {
      rule,
      get fired() {
        return active.fired;
      },
      remove: () => {
        this.#rules = this.#rules.filter((r) => r !== active);
      },
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** Counts the request against every rule and says which faults strike it. */
  decide(target: FaultTarget): FaultDecision {
    let latencyMs = 0;
    let fault: FaultDecision['fault'];
    let retryAfter = 7200;
    let echo: EchoAnswer | undefined;
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.connector !== undefined && rule.connector.toLowerCase() !== target.connector.toLowerCase())
        continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== target.method) continue;
      active.seen += 1;
      if (active.seen < (rule.nth ?? 1) || active.fired >= (rule.times ?? 1)) continue;
      active.fired += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.fault !== 'latency' && fault === undefined) {
        fault = rule.fault;
        retryAfter = rule.retryAfter ?? retryAfter;
        echo = rule.echo;
      }
    }
    return { latencyMs, fault, retryAfter, echo };
  }
}

const PROXY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1><p>The server returned an invalid or incomplete response.</p></body></html>
`;

const DEFAULT_ECHO: EchoAnswer = {
  body: ({ authorization }) =>
    JSON.stringify({ externalMessage: `Request refused: Authorization: ${authorization}`, errorNumber: -1 }),
};

/** The answer of an `echo` fault: reads the request's credentials (a clone, the request stays unread). */
export async function echoResponse(request: Request, echo: EchoAnswer = DEFAULT_ECHO): Promise<Response> {
  const form = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
  const authorization = request.headers.get('authorization') ?? '';
  return new Response(echo.body({ authorization, form }), {
    status: echo.status ?? 500,
    headers: { 'Content-Type': echo.contentType ?? 'application/json; charset=utf-8' },
  });
}

/** The HTTP answer of a fault that has one (all but drop/hang and the after-write kinds). */
export function faultResponse(
  fault: 'maintenance' | 'locked' | 'timeout' | 'unauthorized' | 'html',
  retryAfter: number,
  language: SimulatorLanguage,
): Response {
  switch (fault) {
    case 'maintenance':
      return jsonBodyAsXmlType(
        503,
        {
          error: {
            code: '503',
            message:
              'Service temporarily unavailable due to scheduled maintenance. Please check afasstatus.nl for details.',
          },
          retry_after: retryAfter,
        },
        { 'Retry-After': String(retryAfter) },
      );
    case 'locked':
      return profitErrorResponse(fiEntriesMessages.bookingLayoutLocked(), language);
    case 'timeout':
      return profitErrorResponse(messages.timeout(), language);
    case 'unauthorized':
      return emptyResponse(401);
    case 'html':
      return new Response(PROXY_PAGE, {
        status: 502,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
  }
}
