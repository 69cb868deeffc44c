/**
 * Behaviours users rely on that other tests covered weakly or not at all: the exact bytes of the
 * file connectors, `cause` on errors, OAuth with a custom token URL and renewal, a custom `auth`,
 * 504 retries with back-off jitter, and an empty 200 body on a GetConnector.
 */
import {
  type AfasAuth,
  AfasAuthError,
  AfasClient,
  AfasNetworkError,
  AfasResponseError,
  AfasSchemaError,
  type AuthContext,
  isAfasError,
} from 'afas-client';
import { createAfasSimulator, DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { HttpResponse, http, passthrough } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { BASE, closedPort, everythingShown, failure, TOKEN_BASE64, testClient } from './support/fixtures.js';
import { server } from './support/msw.js';

const ACCOUNTS = `${BASE}/connectors/Profit_Accounts`;

/** Every error in a cause chain, AggregateError members included. */
function causeChain(error: unknown, depth = 0): unknown[] {
  if (depth > 8 || error === undefined || error === null) return [];
  const members =
    error instanceof AggregateError ? error.errors.flatMap((e) => causeChain(e, depth + 1)) : [];
  const next = error instanceof Error ? causeChain(error.cause, depth + 1) : [];
  return [error, ...members, ...next];
}

const codesIn = (error: unknown) =>
  causeChain(error)
    .map((e) => (e as { code?: unknown } | null)?.code)
    .filter((c) => typeof c === 'string');

/** Every byte value once, then the troublemakers again: NUL, 0xFF, a lone continuation byte, a BOM. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from([0x00, 0xff, 0x80, 0xfe, 0xef, 0xbb, 0xbf, 0xc3, 0x28, 0x00]),
]);

describe('file connectors return exactly the bytes AFAS holds', () => {
  const simulator = createAfasSimulator();
  beforeEach(() => server.use(...simulator.handlers));
  afterEach(() => simulator.reset());
  const client = () =>
    new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA, retry: { retries: 0 } });

  /** Stores `bytes` as an attachment of a new dossier item (KnSubject) and finds its file id. */
  async function storeAttachment(afas: AfasClient, fileName: string, stream: string | Uint8Array) {
    const { keys } = await afas.insert('KnSubject', {
      Fields: { StId: 31, Ds: `Bijlage ${fileName}` },
      Objects: [
        {
          KnSubjectAttachment: {
            Element: [{ Fields: { FileName: fileName, FileStream: stream } }],
          },
        },
      ],
    });
    const subjectId = keys['SbId'] ?? '';
    const stored = simulator.subjects.find((item) => String(item.id) === subjectId)?.attachments[0];
    if (!stored) throw new Error('the simulator did not store the attachment');
    return { subjectId, stored };
  }

  it('subjectAttachment gives the stored bytes byte for byte (NUL, 0xFF, 0x80 …), with name and MIME type', async () => {
    const afas = client();
    // FileStream given as bytes: the client base64-encodes them into the body.
    const { subjectId, stored } = await storeAttachment(afas, 'bon.pdf', new Uint8Array(BINARY));
    // What the simulator holds is what was sent: the comparison below is against AFAS's copy.
    expect(Buffer.from(stored.data, 'base64').equals(BINARY)).toBe(true);

    const file = await afas.subjectAttachment(subjectId, stored.fileId);
    expect(file.data).toBeInstanceOf(Uint8Array);
    expect(file.data.byteLength).toBe(BINARY.length);
    expect(Buffer.from(file.data).equals(BINARY)).toBe(true);
    expect(file.fileName).toBe('bon.pdf');
    expect(file.mimeType).toBe('application/pdf');
  });

  it.each([
    ['a plain name', 'scan.png', 'image/png'],
    ['a name with underscores and spaces', 'bon_2026 maart_v2.pdf', 'application/pdf'],
    ['a name with a literal "_5f" and non-ASCII', 'rapport_5f été.pdf', 'application/pdf'],
  ])('file(fileId, fileName) with %s gives the stored bytes', async (_name, fileName, mimeType) => {
    const afas = client();
    const { stored } = await storeAttachment(afas, fileName, BINARY.toString('base64'));
    const file = await afas.file(stored.fileId, fileName);
    expect(Buffer.from(file.data).equals(BINARY)).toBe(true);
    expect(file.fileName).toBe(fileName);
    expect(file.mimeType).toBe(mimeType);
  });

  it('the bytes survive a real socket too (loopback simulator)', async () => {
    const running = await startAfasSimulator({ port: 0 });
    try {
      server.use(http.all(`${running.url}/*`, () => passthrough()));
      const afas = new AfasClient({ baseUrl: running.url, token: DEMO_TOKEN_DATA, retry: false });
      const { keys } = await afas.insert('KnSubject', {
        Fields: { StId: 31, Ds: 'Bijlage' },
        Objects: [
          {
            KnSubjectAttachment: {
              Element: [{ Fields: { FileName: 'raw.bin', FileStream: BINARY.toString('base64') } }],
            },
          },
        ],
      });
      const fileId = running.simulator.subjects[0]?.attachments[0]?.fileId ?? '';
      const viaSubject = await afas.subjectAttachment(keys['SbId'] ?? '', fileId);
      const viaFile = await afas.file(fileId, 'raw.bin');
      expect(Buffer.from(viaSubject.data).equals(BINARY)).toBe(true);
      expect(Buffer.from(viaFile.data).equals(BINARY)).toBe(true);
      expect(viaFile.mimeType).toBe('application/octet-stream');
    } finally {
      await running.close();
    }
  });

  // The simulator has no ReportConnector or ImageConnector: AFAS's answer is acted out by hand.
  it('report() gives the rendered bytes, and a missing mimetype/filename falls back sanely', async () => {
    server.use(
      http.get(`${BASE}/reportconnector/R-42`, () =>
        HttpResponse.json({ filedata: BINARY.toString('base64'), mimetype: null }),
      ),
    );
    const report = await testClient().report('R-42');
    expect(Buffer.from(report.data).equals(BINARY)).toBe(true);
    expect(report.fileName).toBeUndefined();
    expect(report.mimeType).toBe('application/octet-stream');
  });

  it('image() gives each format its own bytes', async () => {
    const formats = [BINARY, BINARY.subarray(0, 17), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x80])];
    server.use(
      http.get(`${BASE}/imageconnector/IMG-1`, ({ request }) => {
        const format = Number(new URL(request.url).searchParams.get('format'));
        return HttpResponse.json({
          filename: `photo-${format}.png`,
          mimetype: 'image/png',
          filedata: formats[format]?.toString('base64'),
        });
      }),
    );
    const afas = testClient();
    for (const format of [0, 1, 2] as const) {
      const image = await afas.image('IMG-1', format);
      expect(Buffer.from(image.data).equals(formats[format] ?? Buffer.alloc(0))).toBe(true);
      expect(image.fileName).toBe(`photo-${format}.png`);
      expect(image.mimeType).toBe('image/png');
    }
  });
});

describe('errors keep their cause', () => {
  it('a connection reset (msw HttpResponse.error) is a network error whose cause is the fetch error', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.error()));
    const error = await failure(testClient({ retry: false }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.cause).toBeInstanceOf(Error);
    // The cause is the underlying failure, not the SDK's own error wrapped again.
    expect(isAfasError(error.cause)).toBe(false);
  });

  it('a closed port: the cause chain holds ECONNREFUSED, and no ky Request (with headers) is kept', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/ProfitRestServices`;
    server.use(http.get(`${base}/connectors/Profit_Accounts`, () => passthrough()));
    const error = await failure(testClient({ baseUrl: base, retry: false }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(codesIn(error.cause)).toContain('ECONNREFUSED');
    expect((error as AfasNetworkError).connectionRefused).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(everythingShown(error)).not.toContain(TOKEN_BASE64);
  });

  it('a token endpoint on a closed port: a network error for oauth/token with ECONNREFUSED in its cause', async () => {
    const tokenUrl = `http://127.0.0.1:${await closedPort()}/oauth2/token`;
    server.use(http.post(tokenUrl, () => passthrough()));
    const error = await failure(
      new AfasClient({
        environment: '12345',
        oauth: { clientId: 'declaree', clientSecret: 'client-secret-S3CR3T', tokenUrl },
        retry: false,
      }).get('Profit_Accounts'),
    );
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.request).toMatchObject({ connector: 'oauth/token', url: tokenUrl });
    expect(codesIn(error.cause)).toContain('ECONNREFUSED');
  });

  it("a schema mismatch keeps the schema library's issues as cause", async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.json({ rows: [{ Account: 4000 }] })));
    const error = await failure(
      testClient().get('Profit_Accounts', { schema: z.object({ Account: z.string() }) }),
    );
    expect(error).toBeInstanceOf(AfasSchemaError);
    expect((error as AfasSchemaError).issues[0]?.path).toBe('rows[0].Account');
    expect(Array.isArray(error.cause)).toBe(true);
    expect((error.cause as { path?: unknown[] }[])[0]?.path).toEqual(['Account']);
  });
});

describe('OAuth: a custom tokenUrl and renewal before expiry', () => {
  const TOKEN_URL = 'https://login.example.test/afas/oauth2/token';
  const SECRET = 'client-secret-S3CR3T';
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Counts token requests at the custom URL and at the default one; records what AFAS saw. */
  function tokenEndpoints(expiresIn: number) {
    const seen = { custom: 0, fallback: 0, forms: [] as Record<string, string>[], auth: [] as string[] };
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        seen.custom++;
        seen.forms.push(Object.fromEntries(new URLSearchParams(await request.text())));
        return HttpResponse.json({ access_token: `at-${seen.custom}`, expires_in: expiresIn });
      }),
      http.post(`${BASE}/oauth/token`, () => {
        seen.fallback++;
        return HttpResponse.json({ access_token: 'wrong-endpoint', expires_in: 3600 });
      }),
      http.get(ACCOUNTS, ({ request }) => {
        seen.auth.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ rows: [] });
      }),
    );
    return seen;
  }

  const oauthClient = (extra: { refreshMarginSeconds?: number } = {}) =>
    new AfasClient({
      environment: '12345',
      oauth: { clientId: 'declaree', clientSecret: SECRET, tokenUrl: TOKEN_URL, scope: 'profit', ...extra },
      retry: false,
    });

  it('asks the custom tokenUrl, never the default {baseUrl}/oauth/token, and sends its token as Bearer', async () => {
    const seen = tokenEndpoints(3600);
    await oauthClient().get('Profit_Accounts');
    expect(seen.custom).toBe(1);
    expect(seen.fallback).toBe(0);
    expect(seen.forms[0]).toEqual({
      grant_type: 'client_credentials',
      client_id: 'declaree',
      client_secret: SECRET,
      scope: 'profit',
    });
    expect(seen.auth).toEqual(['Bearer at-1']);
  });

  it('a refusal by the custom tokenUrl names that URL in the error', async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })));
    const error = await failure(oauthClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(error.request).toMatchObject({ method: 'POST', connector: 'oauth/token', url: TOKEN_URL });
  });

  it('a short-lived token is renewed after half its lifetime, before it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: msw and the retry timers stay real
    const start = Date.now();
    const seen = tokenEndpoints(30);
    const client = oauthClient();
    await client.get('Profit_Accounts');
    vi.setSystemTime(start + 14_000);
    await client.get('Profit_Accounts');
    expect(seen.custom).toBe(1);
    vi.setSystemTime(start + 16_000); // past half of 30 s, well before expiry
    await client.get('Profit_Accounts');
    expect(seen.custom).toBe(2);
    expect(seen.auth).toEqual(['Bearer at-1', 'Bearer at-1', 'Bearer at-2']);
  });

  it('a long-lived token is renewed refreshMarginSeconds before expiry (default 60 s)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const seen = tokenEndpoints(3600);
    const client = oauthClient();
    await client.get('Profit_Accounts');
    vi.setSystemTime(start + 3_530_000); // 70 s before expiry
    await client.get('Profit_Accounts');
    expect(seen.custom).toBe(1);
    vi.setSystemTime(start + 3_550_000); // 50 s before expiry
    await client.get('Profit_Accounts');
    expect(seen.custom).toBe(2);

    const custom = tokenEndpoints(3600);
    const early = oauthClient({ refreshMarginSeconds: 600 });
    const t0 = Date.now();
    await early.get('Profit_Accounts');
    vi.setSystemTime(t0 + 3_100_000); // 500 s before expiry: inside a 600 s margin
    await early.get('Profit_Accounts');
    expect(custom.custom).toBe(2);
  });
});

describe('a custom auth', () => {
  /** An AfasAuth that hands out `Custom key-<n>` and counts what the client asked of it. */
  function customAuth(options: { replay?: boolean; invalidate?: boolean } = {}) {
    const calls = { authorization: 0, invalidate: 0, contexts: [] as AuthContext[] };
    let generation = 1;
    const auth: AfasAuth = {
      async authorization(context) {
        calls.authorization++;
        calls.contexts.push(context);
        return `Custom key-${generation}`;
      },
      secrets: () => ['key-1-SECRET-VALUE', `key-${generation}`],
    };
    if (options.invalidate !== false) {
      Object.assign(auth, {
        invalidate() {
          calls.invalidate++;
          generation++;
          return options.replay ?? true;
        },
      });
    }
    return { auth, calls };
  }

  it('its header goes on every request (GET, retries, POST), and it wins over token', async () => {
    const { auth, calls } = customAuth();
    const seen: string[] = [];
    let gets = 0;
    server.use(
      http.get(ACCOUNTS, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return ++gets === 1
          ? new HttpResponse('<html>gateway</html>', {
              status: 504,
              headers: { 'Content-Type': 'text/html' },
            })
          : HttpResponse.json({ rows: [] });
      }),
      http.post(`${BASE}/connectors/KnSubject`, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ results: { KnSubject: { SbId: '7' } } }, { status: 201 });
      }),
    );
    const client = testClient({ auth }); // testClient also passes a token: auth takes precedence
    await client.get('Profit_Accounts');
    await client.insert('KnSubject', { Fields: { Ds: 'x' } });
    expect(seen).toEqual(['Custom key-1', 'Custom key-1', 'Custom key-1']);
    expect(calls.authorization).toBe(3);
    expect(calls.contexts[0]).toMatchObject({ baseUrl: BASE, timeout: 60_000 });
    expect(typeof calls.contexts[0]?.fetch).toBe('function');

    // auth alone is enough: no token or oauth needed.
    const alone = new AfasClient({ environment: '12345', auth, retry: false });
    await alone.get('Profit_Accounts');
    expect(seen.at(-1)).toBe('Custom key-1');
  });

  it('on a 401 its invalidate() is called once and the call is replayed with the new header', async () => {
    const { auth, calls } = customAuth();
    const seen: string[] = [];
    server.use(
      http.get(ACCOUNTS, ({ request }) => {
        const header = request.headers.get('authorization') ?? '';
        seen.push(header);
        return header === 'Custom key-1'
          ? new HttpResponse(null, { status: 401 })
          : HttpResponse.json({ rows: [{ Account: '4000' }] });
      }),
    );
    const page = await testClient({ auth }).get('Profit_Accounts');
    expect(page.rows).toEqual([{ Account: '4000' }]);
    expect(seen).toEqual(['Custom key-1', 'Custom key-2']);
    expect(calls.invalidate).toBe(1);
  });

  it('a second 401 after the replay is an auth error: no endless refresh loop', async () => {
    const { auth, calls } = customAuth();
    let requests = 0;
    server.use(http.get(ACCOUNTS, () => (requests++, new HttpResponse(null, { status: 401 }))));
    const error = await failure(testClient({ auth }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(requests).toBe(2);
    expect(calls.invalidate).toBe(1);
  });

  it.each([
    ['invalidate() returns false', { replay: false }, 1],
    ['there is no invalidate()', { invalidate: false }, 0],
  ])('no replay when %s', async (_name, options, invalidations) => {
    const { auth, calls } = customAuth(options);
    let requests = 0;
    server.use(http.get(ACCOUNTS, () => (requests++, new HttpResponse(null, { status: 401 }))));
    const error = await failure(testClient({ auth }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(requests).toBe(1);
    expect(calls.invalidate).toBe(invalidations);
  });

  it('its secrets() are blanked out of what AFAS or a proxy echoes back', async () => {
    const { auth } = customAuth();
    server.use(
      http.get(ACCOUNTS, () =>
        HttpResponse.json({ externalMessage: 'Refused key-1-SECRET-VALUE for this app' }, { status: 500 }),
      ),
    );
    const error = await failure(testClient({ auth }).get('Profit_Accounts'));
    expect(everythingShown(error)).not.toContain('key-1-SECRET-VALUE');
  });
});

describe('504 gateway time-outs and back-off jitter', () => {
  const gateway = () =>
    new HttpResponse('<!DOCTYPE html><html><body><h1>504 Gateway Time-out</h1></body></html>', {
      status: 504,
      headers: { 'Content-Type': 'text/html' },
    });

  it('a GET answered 504 with an HTML page is retried and succeeds when the next answer is fine', async () => {
    let calls = 0;
    server.use(
      http.get(ACCOUNTS, () => (++calls === 1 ? gateway() : HttpResponse.json({ rows: [{ Account: '1' }] }))),
    );
    const page = await testClient().get('Profit_Accounts');
    expect(page.rows).toEqual([{ Account: '1' }]);
    expect(calls).toBe(2);
  });

  it('a 504 that persists ends as a response error naming the HTML page, after the configured retries', async () => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, gateway())));
    const error = await failure(testClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasResponseError);
    expect((error as AfasResponseError).status).toBe(504);
    expect(error.hint).toMatch(/HTML page/);
    expect(calls).toBe(3);
  });

  it('back-off delays lie within [minDelay, maxDelay], vary between calls, and are really waited', async () => {
    const minDelay = 20;
    const maxDelay = 40;
    // The waits the client schedules, read off setTimeout: the deadline (300000) and the per-attempt
    // timeout (60000) are far out of the back-off range, so what lies below 1000 ms is back-off.
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const firstDelays: number[] = [];
    const allDelays: number[] = [];
    const gaps: number[] = [];
    try {
      for (let run = 0; run < 8; run++) {
        let calls = 0;
        const times: number[] = [];
        server.use(
          http.get(ACCOUNTS, () => {
            times.push(performance.now());
            return ++calls <= 2 ? gateway() : HttpResponse.json({ rows: [] });
          }),
        );
        spy.mockClear();
        await testClient({ retry: { retries: 2, minDelay, maxDelay } }).get('Profit_Accounts');
        expect(calls).toBe(3);
        const delays = spy.mock.calls
          .map((call) => call[1])
          .filter((ms): ms is number => typeof ms === 'number' && ms > 0 && ms < 1000);
        expect(delays).toHaveLength(2);
        firstDelays.push(delays[0] ?? -1);
        allDelays.push(...delays);
        for (let i = 1; i < times.length; i++) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0));
      }
    } finally {
      spy.mockRestore();
    }
    for (const ms of allDelays) {
      expect(ms).toBeGreaterThanOrEqual(minDelay);
      expect(ms).toBeLessThanOrEqual(maxDelay);
    }
    // Jitter: eight first delays drawn from 21 values are all equal with probability 21^-7.
    expect(new Set(firstDelays).size).toBeGreaterThan(1);
    // The delays are really waited (lower bound only: timers never fire much early).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(minDelay - 5);
  });
});

describe('an empty 200 body on a GetConnector', () => {
  it.each([
    ['no body', () => new HttpResponse(null, { status: 200 })],
    ['an empty string', () => new HttpResponse('', { status: 200 })],
    [
      'whitespace with a JSON content type',
      () => new HttpResponse('  \r\n', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    ],
  ])('with %s is an unreadable answer (response error), not a schema error', async (_name, respond) => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, respond())));
    const error = await failure(testClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasResponseError);
    expect(error).not.toBeInstanceOf(AfasSchemaError);
    expect(error.kind).toBe('response');
    expect((error as AfasResponseError).status).toBe(200);
    expect(error.message).toMatch(/HTTP 200 with an empty body/);
    expect(error.message + error.hint).not.toMatch(/regenerate|codegen|schema/i);
    expect(error.request).toMatchObject({ method: 'GET', connector: 'Profit_Accounts' });
    expect(error.applied).toBe('no');
    expect(calls).toBe(1);
  });

  it('rows() reports it the same way', async () => {
    server.use(http.get(ACCOUNTS, () => new HttpResponse(null, { status: 200 })));
    const error = await failure(
      testClient()
        .rows('Profit_Accounts', { orderBy: ['Account'] })
        .toArray({ limit: 10 }),
    );
    expect(error).toBeInstanceOf(AfasResponseError);
    expect(error.message).toMatch(/empty body/);
  });

  it('JSON that is not a page of rows is an unreadable answer too, naming what is wrong', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.json({ skip: 0, take: 100, data: [] })));
    const error = await failure(testClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasResponseError);
    expect(error.message).toMatch(/not a page of rows \(rows: /);
    expect(error.message + error.hint).not.toMatch(/regenerate|codegen/i);
  });

  it('an empty page is still data, not an error', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.json({ skip: 0, take: 100, rows: [] })));
    expect((await testClient().get('Profit_Accounts')).rows).toEqual([]);
  });
});
