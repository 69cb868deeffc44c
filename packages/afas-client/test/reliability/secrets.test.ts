/**
 * Secrets: with a recognisable token and OAuth client secret, every error path of the SDK is driven,
 * and neither the token (data, XML, base64) nor the client secret may appear in the error's message,
 * `String`, `JSON.stringify`, `util.inspect` (hidden properties, full depth), its causes, the objects
 * the caller holds, or what the logging hooks receive.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AfasClient,
  type AfasClientOptions,
  AfasToken,
  isAfasError,
  oauthClientCredentials,
  type RequestEvent,
  tokenAuth,
} from '../../src/index.js';
import { AfasSimulator, type RunningAfasSimulator, startAfasSimulator } from '../../src/testing/index.js';
import {
  everythingShown,
  SECRET_OAUTH,
  SECRET_TOKEN_BASE64,
  SECRET_TOKEN_DATA,
  SECRET_TOKEN_XML,
  secretSeed,
  secretsIn,
} from './support.js';

const FAST = { retry: { retries: 1, minDelay: 1, maxDelay: 2, maxRetryAfter: 1 }, timeout: 300 } as const;
const hookEvents: RequestEvent[] = [];
const hooks = {
  beforeRequest: (event: RequestEvent) => hookEvents.push(event),
  afterResponse: (event: RequestEvent) => hookEvents.push(event),
};
/** The OAuth access tokens the simulator handed out: they must not show up either. */
const accessTokens: string[] = [];

let running: RunningAfasSimulator;
let refusedUrl: string;
beforeAll(async () => {
  running = await startAfasSimulator({ seed: secretSeed });
  const closed = await startAfasSimulator({ seed: secretSeed });
  refusedUrl = closed.url;
  await closed.close(); // nothing listens there any more: connection refused
});
afterAll(() => running.close());

/** A fetch that records access tokens handed out by the token endpoint. */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (String(input instanceof Request ? input.url : input).endsWith('/oauth/token') && response.ok) {
    const body = (await response.clone().json()) as { access_token?: string };
    if (body.access_token) accessTokens.push(body.access_token);
  }
  return response;
};

function tokenClient(options: Partial<AfasClientOptions> = {}) {
  return new AfasClient({ baseUrl: running.url, token: SECRET_TOKEN_XML, hooks, ...FAST, ...options });
}

function oauthClient(options: Partial<AfasClientOptions> = {}) {
  return new AfasClient({
    baseUrl: running.url,
    oauth: SECRET_OAUTH,
    hooks,
    fetch: recordingFetch,
    ...FAST,
    ...options,
  });
}

/** A fetch standing for a proxy or server that answers `respond(request)` without calling AFAS. */
function answering(respond: (request: Request, body: string) => Response): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    return respond(request, await request.clone().text());
  };
}

const profitBody = (message: string) =>
  JSON.stringify({ externalMessage: message, errorNumber: -1, profitLogReference: 'AB'.repeat(16) });

/** Every way a call can fail, each with the client kind it uses. */
const failures: [string, () => Promise<unknown>][] = [
  ['config: unknown environment', async () => new AfasClient({ environment: 'X1', token: SECRET_TOKEN_XML })],
  [
    'config: http base URL that is not loopback',
    async () =>
      new AfasClient({ baseUrl: 'http://afas.example.com/ProfitRestServices', token: SECRET_TOKEN_XML }),
  ],
  [
    'config: token and oauth both',
    async () => new AfasClient({ environment: '12345', token: SECRET_TOKEN_XML, oauth: SECRET_OAUTH }),
  ],
  [
    'config: OAuth without a client id',
    async () => oauthClientCredentials({ clientId: '', clientSecret: SECRET_OAUTH.clientSecret }),
  ],
  [
    'token: XML without the closing data tag',
    async () => AfasToken.from(SECRET_TOKEN_XML.replace('</data>', '')),
  ],
  ['token: data with a non-hex character', async () => AfasToken.from(`${SECRET_TOKEN_DATA}G`)],
  ['token: base64 with garbage', async () => AfasToken.from(`AfasToken ${SECRET_TOKEN_BASE64}%%`)],
  [
    'token: XML with a second element',
    async () => tokenAuth(`<token><data>${SECRET_TOKEN_DATA}</data></token><x/>`),
  ],
  [
    'token: lower-case data in broken XML',
    async () => AfasToken.from(`<token><data>${SECRET_TOKEN_DATA.toLowerCase()}</token>`),
  ],
  [
    'auth: 401 for a revoked token',
    async () => {
      running.simulator.revokeToken(SECRET_TOKEN_DATA);
      try {
        return await tokenClient().profitVersion();
      } finally {
        running.simulator.reset();
      }
    },
  ],
  [
    'auth: 401 injected on a GetConnector',
    async () => {
      running.simulator.inject({ connector: 'Profit_Accounts', fault: 'unauthorized' });
      return tokenClient().get('Profit_Accounts');
    },
  ],
  [
    'auth: OAuth with a wrong secret (invalid_client)',
    async () =>
      oauthClient({
        oauth: { ...SECRET_OAUTH, clientSecret: `${SECRET_OAUTH.clientSecret}-wrong` },
      }).metainfo(),
  ],
  [
    'auth: OAuth access token expired, renewed once, 401 again',
    async () => {
      const client = oauthClient();
      await client.profitVersion();
      running.simulator.expireAccessTokens();
      running.simulator.inject({ connector: 'profitversion', fault: 'unauthorized', nth: 2 });
      return client.profitVersion();
    },
  ],
  [
    'profit: 500 with AFAS message (booking refused)',
    async () => tokenClient().insert('FiEntries', { Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' } }),
  ],
  [
    'profit: 500 locked, retries exhausted',
    async () => {
      running.simulator.inject({ connector: 'FiEntries', fault: 'locked', times: Infinity });
      try {
        return await tokenClient().insert('FiEntries', { Fields: { Year: 2026 } });
      } finally {
        running.simulator.clearFaults();
      }
    },
  ],
  [
    'profit: unknown field in a filter',
    async () => tokenClient().get('Profit_Accounts', { where: { field: 'Nope', op: 'eq', value: 'x' } }),
  ],
  [
    'unavailable: 503 maintenance',
    async () => {
      running.simulator.inject({ connector: 'metainfo', fault: 'maintenance', retryAfter: 7200 });
      return tokenClient().metainfo();
    },
  ],
  [
    'response: 502 HTML page, retries exhausted',
    async () => {
      running.simulator.inject({ connector: 'Profit_Journals', fault: 'html', times: Infinity });
      try {
        return await tokenClient().get('Profit_Journals');
      } finally {
        running.simulator.clearFaults();
      }
    },
  ],
  [
    'network: connection dropped (GET, retries exhausted)',
    async () => {
      running.simulator.inject({ connector: 'Profit_Creditor', fault: 'drop', times: Infinity });
      try {
        return await tokenClient().get('Profit_Creditor');
      } finally {
        running.simulator.clearFaults();
      }
    },
  ],
  [
    'network: connection dropped after the write (POST)',
    async () => {
      running.simulator.inject({ connector: 'KnSubject', fault: 'drop' });
      return tokenClient().insert('KnSubject', { Fields: { StId: 31, Ds: 'x' } });
    },
  ],
  ['network: connection refused', async () => tokenClient({ baseUrl: refusedUrl }).profitVersion()],
  ['network: OAuth token endpoint refused', async () => oauthClient({ baseUrl: refusedUrl }).profitVersion()],
  [
    'timeout: per attempt (hang)',
    async () => {
      running.simulator.inject({ connector: 'Profit_VAT_code', fault: 'hang', times: Infinity });
      try {
        return await tokenClient({ timeout: 50 }).get('Profit_VAT_code');
      } finally {
        running.simulator.clearFaults();
      }
    },
  ],
  [
    'timeout: overall deadline (hang)',
    async () => {
      running.simulator.inject({ connector: 'metainfo', fault: 'hang' });
      return tokenClient({ timeout: 10_000, deadline: 80 }).metainfo();
    },
  ],
  [
    'timeout: OAuth token endpoint hangs',
    async () => {
      running.simulator.inject({ connector: 'oauth/token', fault: 'hang' });
      return oauthClient({ deadline: 80 }).profitVersion();
    },
  ],
  [
    'aborted: by the caller',
    async () => {
      running.simulator.inject({ connector: 'profitversion', fault: 'hang' });
      return tokenClient().profitVersion({ signal: AbortSignal.timeout(30) });
    },
  ],
  ['not-found: missing dossier attachment', async () => tokenClient().subjectAttachment(99999, 'nope')],
  [
    'payload-too-large: 413',
    async () => {
      const small = new AfasSimulator({ seed: secretSeed, maxBodyBytes: 100 });
      const server = await startAfasSimulator({ simulator: small });
      try {
        return await tokenClient({ baseUrl: server.url }).insert('KnSubject', {
          Fields: { Ds: 'x'.repeat(500) },
        });
      } finally {
        await server.close();
      }
    },
  ],
  [
    'forbidden: 403 (IP restriction)',
    async () => tokenClient({ fetch: answering(() => new Response('', { status: 403 })) }).profitVersion(),
  ],
  [
    'http: 418 with a JSON body',
    async () =>
      tokenClient({
        fetch: answering(() => new Response('{"message":"teapot"}', { status: 418 })),
      }).profitVersion(),
  ],
  [
    'response: 200 that is not JSON',
    async () =>
      tokenClient({ fetch: answering(() => new Response('<<not json', { status: 200 })) }).profitVersion(),
  ],
  [
    'response: JSON of the wrong shape',
    async () => tokenClient({ fetch: answering(() => Response.json({ version: 42 })) }).profitVersion(),
  ],
  [
    'schema: rows that do not match the schema',
    async () => tokenClient().get('Profit_Accounts', { schema: z.object({ Account: z.number() }) }),
  ],
  [
    'response: OAuth token endpoint answers 500',
    async () =>
      oauthClient({
        fetch: answering(() => new Response('internal error', { status: 500 })),
      }).profitVersion(),
  ],
  [
    'response: OAuth token endpoint answers without access_token',
    async () =>
      oauthClient({ fetch: answering(() => Response.json({ token_type: 'Bearer' })) }).profitVersion(),
  ],
];

describe('no error of the SDK shows a secret', () => {
  it.each(failures)('%s', async (_name, fail) => {
    let error: unknown;
    try {
      await fail();
    } catch (caught) {
      error = caught;
    } finally {
      running.simulator.clearFaults();
    }
    expect(isAfasError(error), `expected an AfasError, got ${inspect(error)}`).toBe(true);
    expect(secretsIn(everythingShown(error), accessTokenSecrets())).toEqual([]);
  });
});

function accessTokenSecrets(): Record<string, string> {
  return Object.fromEntries(accessTokens.map((token, i) => [`access token ${i + 1}`, token]));
}

describe('AFAS or a proxy echoing the credentials back', () => {
  // Some proxies, WAFs and debug pages print the request they refused, headers included. The SDK
  // keeps the first 200 characters of an unreadable body (`bodyExcerpt`) and AFAS's `externalMessage`.
  // Both are scrubbed of the credentials the SDK itself sent.
  const echoHtml = answering(
    (request) =>
      new Response(
        `<html><body>Blocked: Authorization: ${request.headers.get('authorization')}</body></html>`,
        {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        },
      ),
  );
  const echoProfit = answering(
    (request) =>
      new Response(profitBody(`Ongeldig token ${request.headers.get('authorization')}`), {
        status: 500,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const echoForm = answering(
    (_request, body) =>
      new Response(`bad request: ${body}`, { status: 500, headers: { 'Content-Type': 'text/plain' } }),
  );

  it('an HTML error page that prints the Authorization header', async () => {
    const error = await tokenClient({ fetch: echoHtml, retry: false })
      .profitVersion()
      .catch((e: unknown) => e);
    expect(isAfasError(error)).toBe(true);
    expect(secretsIn(everythingShown(error))).toEqual([]);
  });

  it('an AFAS message that quotes the Authorization header', async () => {
    const error = await tokenClient({ fetch: echoProfit })
      .profitVersion()
      .catch((e: unknown) => e);
    expect(isAfasError(error)).toBe(true);
    expect(secretsIn(everythingShown(error))).toEqual([]);
  });

  it('a failing fetch or auth whose error (or its cause) quotes the credentials', async () => {
    const header = `AfasToken ${SECRET_TOKEN_BASE64}`;
    const failingFetch: typeof fetch = async () => {
      throw new TypeError(`fetch failed for ${header}`, {
        cause: Object.assign(new Error(`connect ECONNREFUSED, sent ${JSON.stringify(header)}`), {
          code: 'ECONNREFUSED',
        }),
      });
    };
    const byFetch = await tokenClient({ fetch: failingFetch, retry: false })
      .profitVersion()
      .catch((e: unknown) => e);
    const secret = SECRET_OAUTH.clientSecret;
    const byAuth = await tokenClient({
      auth: {
        authorization: async () => {
          throw new Error(`vault said no to ${encodeURIComponent(secret)}`, { cause: new Error(secret) });
        },
        secrets: () => [secret],
      },
      retry: false,
    })
      .profitVersion()
      .catch((e: unknown) => e);
    for (const error of [byFetch, byAuth]) expect(secretsIn(everythingShown(error))).toEqual([]);
    expect(isAfasError(byFetch)).toBe(true);
  });

  it('an OAuth token endpoint that prints the form it got (client_secret)', async () => {
    const error = await oauthClient({ fetch: echoForm })
      .profitVersion()
      .catch((e: unknown) => e);
    expect(isAfasError(error)).toBe(true);
    expect(secretsIn(everythingShown(error))).toEqual([]);
  });
});

describe('the objects a caller holds and the hooks', () => {
  it('client, token and auth objects show no secret', async () => {
    const shown = [
      tokenClient(),
      oauthClient(),
      AfasToken.from(SECRET_TOKEN_XML),
      tokenAuth(SECRET_TOKEN_DATA),
      oauthClientCredentials(SECRET_OAUTH),
    ].map(everythingShown);
    expect(secretsIn(shown.join('\n'))).toEqual([]);
  });

  it('successful calls with token and OAuth give hooks no secret', async () => {
    await tokenClient().profitVersion();
    await oauthClient().get('Profit_Administrations');
    expect(accessTokens.length).toBeGreaterThan(0);
  });

  // Runs last in this file (vitest keeps declaration order): every hook event of every test above.
  it('no hook event of any test above shows a secret', () => {
    expect(hookEvents.length).toBeGreaterThan(20);
    expect(hookEvents.every((event) => event.headers['Authorization'] === '[redacted]')).toBe(true);
    expect(secretsIn(everythingShown(hookEvents), accessTokenSecrets())).toEqual([]);
  });
});
