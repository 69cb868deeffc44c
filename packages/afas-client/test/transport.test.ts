import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AfasAbortError,
  AfasAuthError,
  AfasClient,
  AfasError,
  AfasForbiddenError,
  AfasHttpError,
  AfasNetworkError,
  AfasNotFoundError,
  AfasPayloadTooLargeError,
  AfasProfitError,
  AfasResponseError,
  AfasTimeoutError,
  AfasUnavailableError,
  type RequestEvent,
} from 'afas-client';
import { delay, HttpResponse, http, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BASE,
  closedPort,
  everythingShown,
  failure,
  TOKEN_BASE64,
  TOKEN_DATA,
  testClient,
} from './support/fixtures.js';
import { server } from './support/msw.js';

const ACCOUNTS = `${BASE}/connectors/Profit_Accounts`;
const profitError = (externalMessage: string) => ({
  externalMessage,
  errorNumber: -2147180996,
  profitLogReference: '923A9F6F4D5875E0D7B96982F6E4E0D2',
});

describe('requests', () => {
  it('sends the AfasToken header, Accept, Accept-Language and IntegrationId', async () => {
    let headers: Headers | undefined;
    server.use(
      http.get(ACCOUNTS, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({ skip: 0, take: 100, rows: [] });
      }),
    );
    await testClient({ language: 'en-us', integrationId: '12345_678900' }).get('Profit_Accounts');
    expect(headers?.get('authorization')).toBe(`AfasToken ${TOKEN_BASE64}`);
    expect(headers?.get('accept')).toBe('application/json');
    expect(headers?.get('accept-language')).toBe('en-us');
    expect(headers?.get('integrationid')).toBe('12345_678900');
    expect(headers?.get('connection')).not.toBe('close');
  });

  it("on the wire: Accept-Language nl-nl unless chosen (never fetch's `*`), and User-Agent afas-client/<version>", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const wire = createServer((request, response) => {
      seen.push(request.headers);
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end('{"skip":0,"take":100,"rows":[]}');
    });
    await new Promise<void>((done) => wire.listen(0, '127.0.0.1', done));
    try {
      const base = `http://127.0.0.1:${(wire.address() as AddressInfo).port}/ProfitRestServices`;
      server.use(http.get(`${base}/connectors/Profit_Accounts`, () => passthrough()));
      await testClient({ baseUrl: base }).get('Profit_Accounts');
      await testClient({ baseUrl: base, language: 'en-us' }).get('Profit_Accounts');
    } finally {
      await new Promise((done) => wire.close(done));
    }
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(seen.map((headers) => headers['accept-language'])).toEqual(['nl-nl', 'en-us']);
    expect(seen.map((headers) => headers['user-agent'])).toEqual([
      `afas-client/${version}`,
      `afas-client/${version}`,
    ]);
  });

  it('sends JSON bodies as UTF-8', async () => {
    let contentType: string | null = null;
    let body: unknown;
    server.use(
      http.post(`${BASE}/connectors/KnSubject`, async ({ request }) => {
        contentType = request.headers.get('content-type');
        body = await request.json();
        return HttpResponse.json({ results: { KnSubject: { SbId: '7' } } }, { status: 201 });
      }),
    );
    await testClient().insert('KnSubject', { Fields: { Ds: 'Café één' } });
    expect(contentType).toBe('application/json;charset=utf-8');
    expect(body).toEqual({ KnSubject: { Element: { Fields: { Ds: 'Café één' } } } });
  });
});

describe('AFAS answers become typed errors', () => {
  it.each([
    [
      '401 with an empty body',
      () => new HttpResponse(null, { status: 401 }),
      AfasAuthError,
      'auth',
      [/HTTP 401/, /token belongs to this environment/],
    ],
    [
      '403 (IP restriction)',
      () => new HttpResponse(null, { status: 403 }),
      AfasForbiddenError,
      'forbidden',
      [/HTTP 403/, /IP address/],
    ],
    ['404', () => new HttpResponse(null, { status: 404 }), AfasNotFoundError, 'not-found', /HTTP 404/],
    [
      '413',
      () => new HttpResponse(null, { status: 413 }),
      AfasPayloadTooLargeError,
      'payload-too-large',
      [/HTTP 413/, /75 MB/],
    ],
    [
      '500 with an AFAS body',
      () => HttpResponse.json(profitError("Connector field 'Acount' not found"), { status: 500 }),
      AfasProfitError,
      'profit',
      /GET Profit_Accounts failed with HTTP 500: Connector field 'Acount' not found \(AFAS log reference 923A9F6F4D5875E0D7B96982F6E4E0D2\)/,
    ],
    [
      '500 "not supported"',
      () =>
        HttpResponse.json(
          profitError(
            'General message: Deze connector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
          ),
          { status: 500 },
        ),
      AfasProfitError,
      'profit',
      [/niet ondersteund/, /App Connector/],
    ],
    [
      '503 maintenance',
      () =>
        HttpResponse.json(
          {
            error: { code: '503', message: 'Service temporarily unavailable due to scheduled maintenance.' },
            retry_after: 7200,
          },
          { status: 503 },
        ),
      AfasUnavailableError,
      'unavailable',
      [/HTTP 503/, /after 7200 s/],
    ],
    [
      '502 HTML page from a proxy',
      () =>
        new HttpResponse('<!DOCTYPE html><html><body>Bad gateway</body></html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        }),
      AfasResponseError,
      'response',
      /HTML page/,
    ],
    [
      '500 with text',
      () => new HttpResponse('Internal error', { status: 500, headers: { 'Content-Type': 'text/plain' } }),
      AfasResponseError,
      'response',
      /not JSON/,
    ],
    ['418', () => new HttpResponse(null, { status: 418 }), AfasHttpError, 'http', /HTTP 418/],
  ])('%s', async (_name, respond, ErrorClass, kind, shown) => {
    server.use(http.get(ACCOUNTS, respond));
    const error = await failure(testClient({ retry: false }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(AfasError);
    expect(error.kind).toBe(kind);
    // [message, hint]: the hint is its own field, never repeated in the message.
    const [message = /^/, hint] = [shown].flat();
    expect(error.message).toMatch(message);
    if (hint) expect(error.hint).toMatch(hint);
    expect(error.message).not.toContain(error.hint);
    expect(error.request).toMatchObject({ method: 'GET', connector: 'Profit_Accounts' });
    expect(everythingShown(error)).not.toContain(TOKEN_DATA);
    expect(everythingShown(error)).not.toContain(TOKEN_BASE64);
  });

  it('keeps externalMessage, errorNumber and profitLogReference', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.json(profitError('Boom'), { status: 500 })));
    const error = (await failure(testClient().get('Profit_Accounts'))) as AfasProfitError;
    expect(error).toMatchObject({
      status: 500,
      externalMessage: 'Boom',
      errorNumber: -2147180996,
      profitLogReference: '923A9F6F4D5875E0D7B96982F6E4E0D2',
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'AfasProfitError',
      kind: 'profit',
      status: 500,
      externalMessage: 'Boom',
    });
  });

  it('a filter that would pass the 2049-character limit is refused before anything is sent', async () => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, new HttpResponse(null, { status: 404 }))));
    const where = { field: 'Description', op: 'contains' as const, value: 'x'.repeat(2100) };
    await expect(testClient().get('Profit_Accounts', { where })).rejects.toThrow(/AFAS accepts 2049/);
    expect(calls).toBe(0);
    const error = (await failure(
      testClient().get('Profit_Accounts', { where: { field: 'A', op: 'eq', value: 'x' } }),
    )) as AfasNotFoundError;
    expect(error.queryTooLong).toBe(false);
    expect(calls).toBe(1);
  });

  it('an HTML page with status 200 is a response error, not data', async () => {
    server.use(
      http.get(
        ACCOUNTS,
        () => new HttpResponse('<html>Login</html>', { headers: { 'Content-Type': 'text/html' } }),
      ),
    );
    const error = await failure(testClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasResponseError);
    expect((error as AfasResponseError).bodyExcerpt).toBe('<html>Login</html>');
  });

  it('JSON rows whose text holds HTML markup are data, not an HTML page', async () => {
    const rows = [{ Account: '4000', Description: '<html> and <!DOCTYPE> in a description' }];
    server.use(http.get(ACCOUNTS, () => HttpResponse.json({ skip: 0, take: 100, rows })));
    expect((await testClient().get('Profit_Accounts')).rows).toEqual(rows);
  });

  it('a connection that fails is a network error with the cause kept', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.error()));
    const error = await failure(testClient({ retry: false }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.message).toMatch(/connection to AFAS failed/);
  });
});

describe('retries: one owner, safe by default', () => {
  it('retries a GET after 503 and 502 and succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(ACCOUNTS, () => {
        calls++;
        if (calls === 1)
          return HttpResponse.json({ error: { code: '503' }, retry_after: 0 }, { status: 503 });
        if (calls === 2)
          return new HttpResponse('<html>bad gateway</html>', {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
          });
        return HttpResponse.json({ skip: 0, take: 100, rows: [{ Account: '4000' }] });
      }),
    );
    const page = await testClient().get('Profit_Accounts');
    expect(page.rows).toEqual([{ Account: '4000' }]);
    expect(calls).toBe(3);
  });

  it('retries a GET after a dropped connection', async () => {
    let calls = 0;
    server.use(
      http.get(ACCOUNTS, () => (++calls === 1 ? HttpResponse.error() : HttpResponse.json({ rows: [] }))),
    );
    await testClient().get('Profit_Accounts');
    expect(calls).toBe(2);
  });

  it('gives up after the configured retries', async () => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, HttpResponse.json({ retry_after: 0 }, { status: 503 }))));
    await expect(
      testClient({ retry: { retries: 1, minDelay: 1, maxDelay: 1 } }).get('Profit_Accounts'),
    ).rejects.toBeInstanceOf(AfasUnavailableError);
    expect(calls).toBe(2);
  });

  it.each([
    [
      'a 500 validation error',
      () => HttpResponse.json(profitError("Vul een waarde in bij 'Rekeningnummer'."), { status: 500 }),
    ],
    ['a dropped connection (the entry may have been booked)', () => HttpResponse.error()],
    [
      'a 502 HTML page',
      () => new HttpResponse('<html/>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ],
  ])('never re-sends a POST after %s', async (_name, respond) => {
    let calls = 0;
    server.use(http.post(`${BASE}/connectors/FiEntries`, () => (calls++, respond())));
    await expect(testClient().insert('FiEntries', { Fields: { Year: 2026 } })).rejects.toBeInstanceOf(
      AfasError,
    );
    expect(calls).toBe(1);
  });

  it.each([
    ['503 maintenance (nothing was written)', () => HttpResponse.json({ retry_after: 0 }, { status: 503 })],
    [
      'booking layout locked by another user',
      () =>
        HttpResponse.json(profitError('De boekingslayout is geblokkeerd door een andere gebruiker.'), {
          status: 500,
        }),
    ],
  ])('re-sends a POST after %s', async (_name, respond) => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/connectors/FiEntries`, () =>
        ++calls === 1
          ? respond()
          : HttpResponse.json({ results: { FiEntryPar: { UnId: '1', EnNo: '42' } } }, { status: 201 }),
      ),
    );
    const result = await testClient().insert('FiEntries', { Fields: { Year: 2026 } });
    expect(result.keys['EnNo']).toBe('42');
    expect(calls).toBe(2);
  });

  it('re-sends a write marked idempotent after a dropped connection', async () => {
    let calls = 0;
    server.use(
      http.put(`${BASE}/connectors/FiEntriesCustom`, () =>
        ++calls === 1 ? HttpResponse.error() : new HttpResponse(null, { status: 201 }),
      ),
    );
    await testClient().update(
      'FiEntriesCustom',
      { '@UnId': 1, '@EnNo': 2, '@SeNo': 1, Fields: {} },
      { idempotent: true },
    );
    expect(calls).toBe(2);
  });

  it('waits retry_after before retrying, and fails at once when it is longer than maxRetryAfter', async () => {
    let calls = 0;
    const times: number[] = [];
    server.use(
      http.get(ACCOUNTS, () => {
        times.push(performance.now());
        return ++calls === 1
          ? HttpResponse.json({ retry_after: 1 }, { status: 503 })
          : HttpResponse.json({ rows: [] });
      }),
    );
    await testClient({ retry: { retries: 2, minDelay: 1, maxDelay: 1, maxRetryAfter: 5 } }).get(
      'Profit_Accounts',
    );
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);

    calls = 0;
    server.use(
      http.get(ACCOUNTS, () => (calls++, HttpResponse.json({ retry_after: 7200 }, { status: 503 }))),
    );
    const error = (await failure(testClient().get('Profit_Accounts'))) as AfasUnavailableError;
    expect(error.retryAfter).toBe(7200);
    expect(calls).toBe(1);
  });

  it('never retries 401 or 403', async () => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, new HttpResponse(null, { status: 401 }))));
    await expect(testClient().get('Profit_Accounts')).rejects.toBeInstanceOf(AfasAuthError);
    expect(calls).toBe(1);
  });
});

describe('applied: whether a failed write may have reached AFAS, decided by the client', () => {
  const FI_ENTRIES = `${BASE}/connectors/FiEntries`;
  const html = (status: number) =>
    new HttpResponse('<html>gateway</html>', { status, headers: { 'Content-Type': 'text/html' } });

  it.each([
    ['503 maintenance', () => HttpResponse.json({ retry_after: 0 }, { status: 503 }), 'no'],
    ['401', () => new HttpResponse(null, { status: 401 }), 'no'],
    ['400 with a message', () => HttpResponse.json({ message: 'Invalid json' }, { status: 400 }), 'no'],
    [
      'a 500 refusal with AFAS message',
      () => HttpResponse.json(profitError("Vul een waarde in bij 'Rekeningnummer'."), { status: 500 }),
      'no',
    ],
    [
      'a booking-layout lock',
      () =>
        HttpResponse.json(profitError('De boekingslayout is geblokkeerd door een andere gebruiker.'), {
          status: 500,
        }),
      'no',
    ],
    [
      "AFAS's own 15-minute time-out",
      () =>
        HttpResponse.json(
          profitError('The maximum duration for performing the assignment has been exceeded.'),
          { status: 500 },
        ),
      'unknown',
    ],
    ['a 500 without a message', () => new HttpResponse('', { status: 500 }), 'unknown'],
    ['502', () => html(502), 'unknown'],
    ['504', () => html(504), 'unknown'],
    ['a reset after sending', () => HttpResponse.error(), 'unknown'],
    ['a 201 whose body cannot be read', () => new HttpResponse('{"results":', { status: 201 }), 'unknown'],
  ] as const)('a POST that fails with %s carries applied %s', async (_name, respond, applied) => {
    server.use(http.post(FI_ENTRIES, () => respond()));
    const error = await failure(testClient({ retry: false }).insert('FiEntries', { Fields: { Year: 2026 } }));
    expect(error.applied).toBe(applied);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ applied });
  });

  it('a POST that times out carries applied unknown', async () => {
    server.use(
      http.post(FI_ENTRIES, async () => (await delay('infinite'), new HttpResponse(null, { status: 201 }))),
    );
    const error = await failure(testClient({ timeout: 30, retry: false }).insert('FiEntries', {}));
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error.applied).toBe('unknown');
  });

  it.each([
    ['a closed port', async () => `127.0.0.1:${await closedPort()}`],
    [
      'a closed port on every address of a name (IPv4 and IPv6)',
      async () => `localhost:${await closedPort()}`,
    ],
  ])('a refused connection (%s) carries applied no, and the write is re-sent', async (_name, host) => {
    const base = `http://${await host()}/ProfitRestServices`;
    let calls = 0;
    server.use(http.post(`${base}/connectors/FiEntries`, () => (calls++, passthrough())));
    const error = await failure(
      testClient({ baseUrl: base, retry: { retries: 1, minDelay: 1, maxDelay: 1 } }).insert('FiEntries', {}),
    );
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.applied).toBe('no');
    expect(calls).toBe(2);
  });

  it('a port fetch refuses to connect to (port 9) is a refused connection: nothing was sent', async () => {
    const base = 'http://127.0.0.1:9/ProfitRestServices';
    const error = await failure(testClient({ baseUrl: base, retry: false }).insert('FiEntries', {}));
    expect(error).toBeInstanceOf(AfasNetworkError);
    expect(error.applied).toBe('no');
  });

  it('a GET never wrote anything, whatever failed', async () => {
    server.use(http.get(ACCOUNTS, () => HttpResponse.error()));
    const error = await failure(testClient({ retry: false }).get('Profit_Accounts'));
    expect(error.applied).toBe('no');
  });
});

describe('timeouts, deadline and cancellation', () => {
  it('abandons an attempt at the per-attempt timeout with a typed error', async () => {
    server.use(http.get(ACCOUNTS, async () => (await delay('infinite'), HttpResponse.json({ rows: [] }))));
    const started = performance.now();
    const error = await failure(testClient({ timeout: 50, retry: false }).get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error.message).toMatch(/within 50 ms \(per-attempt timeout\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stops retrying at the overall deadline', async () => {
    server.use(http.get(ACCOUNTS, async () => (await delay('infinite'), HttpResponse.json({ rows: [] }))));
    const error = await failure(
      testClient({ timeout: 40, deadline: 100, retry: { retries: 10, minDelay: 1, maxDelay: 1 } }).get(
        'Profit_Accounts',
      ),
    );
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error.message).toMatch(/overall deadline/);
  });

  it('a POST that times out says to look it up before re-sending', async () => {
    server.use(
      http.post(
        `${BASE}/connectors/FiEntries`,
        async () => (await delay('infinite'), new HttpResponse(null, { status: 201 })),
      ),
    );
    const error = await failure(testClient({ timeout: 30 }).insert('FiEntries', {}));
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error.hint).toMatch(/look it up before sending it again/);
  });

  it("honours the caller's AbortSignal", async () => {
    server.use(http.get(ACCOUNTS, async () => (await delay('infinite'), HttpResponse.json({ rows: [] }))));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure(testClient().get('Profit_Accounts', { signal: controller.signal }));
    expect(error).toBeInstanceOf(AfasAbortError);
  });

  it('an already aborted signal sends nothing', async () => {
    let calls = 0;
    server.use(http.get(ACCOUNTS, () => (calls++, HttpResponse.json({ rows: [] }))));
    await expect(testClient().get('Profit_Accounts', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AfasAbortError,
    );
    expect(calls).toBe(0);
  });
});

describe('hooks and secrecy', () => {
  it('hooks see every attempt with the Authorization header redacted', async () => {
    const events: RequestEvent[] = [];
    const statuses: number[] = [];
    let calls = 0;
    server.use(
      http.get(ACCOUNTS, () =>
        ++calls === 1
          ? HttpResponse.json({ retry_after: 0 }, { status: 503 })
          : HttpResponse.json({ rows: [] }),
      ),
    );
    await testClient({
      hooks: {
        beforeRequest: (event) => events.push(event),
        afterResponse: (event) => statuses.push(event.status),
      },
    }).get('Profit_Accounts');
    expect(events.map((e) => e.attempt)).toEqual([1, 2]);
    expect(statuses).toEqual([503, 200]);
    expect(events[0]?.headers['Authorization']).toBe('[redacted]');
    expect(JSON.stringify(events)).not.toContain(TOKEN_BASE64);
  });

  it('a hook that throws does not break the call, not even after a write was applied', async () => {
    server.use(
      http.post(`${BASE}/connectors/KnSubject`, () =>
        HttpResponse.json({ results: { KnSubject: { SbId: '7' } } }, { status: 201 }),
      ),
    );
    const broken = () => {
      throw new Error('logger down');
    };
    const result = await testClient({ hooks: { beforeRequest: broken, afterResponse: broken } }).insert(
      'KnSubject',
      { Fields: {} },
    );
    expect(result.keys['SbId']).toBe('7');
  });

  it('the client never shows its token', () => {
    const client = testClient();
    expect(everythingShown(client)).not.toContain(TOKEN_DATA);
    expect(everythingShown(client)).not.toContain(TOKEN_BASE64);
    expect(String(client)).toBe(`AfasClient(${BASE})`);
  });
});

describe('OAuth client credentials', () => {
  const SECRET = 'client-secret-S3CR3T';
  const oauthClient = () =>
    new AfasClient({
      environment: '12345',
      oauth: { clientId: 'declaree', clientSecret: SECRET },
      retry: { retries: 0 },
    });

  it('fetches one access token for concurrent calls, caches it, and sends it as Bearer', async () => {
    let tokenCalls = 0;
    const seen: string[] = [];
    server.use(
      http.post(`${BASE}/oauth/token`, async ({ request }) => {
        tokenCalls++;
        const form = new URLSearchParams(await request.text());
        expect(Object.fromEntries(form)).toEqual({
          grant_type: 'client_credentials',
          client_id: 'declaree',
          client_secret: SECRET,
        });
        await delay(20);
        return HttpResponse.json({
          access_token: `at-${tokenCalls}`,
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }),
      http.get(
        ACCOUNTS,
        ({ request }) => (
          seen.push(request.headers.get('authorization') ?? ''), HttpResponse.json({ rows: [] })
        ),
      ),
    );
    const client = oauthClient();
    await Promise.all([
      client.get('Profit_Accounts'),
      client.get('Profit_Accounts'),
      client.get('Profit_Accounts'),
    ]);
    await client.get('Profit_Accounts');
    expect(tokenCalls).toBe(1);
    expect(seen).toEqual(['Bearer at-1', 'Bearer at-1', 'Bearer at-1', 'Bearer at-1']);
  });

  it('a caller that gives up does not fail the others waiting for the same token', async () => {
    server.use(
      http.post(`${BASE}/oauth/token`, async () => {
        await delay(50);
        return HttpResponse.json({ access_token: 'shared', expires_in: 3600 });
      }),
      http.get(ACCOUNTS, () => HttpResponse.json({ rows: [] })),
    );
    const client = oauthClient();
    const impatient = client.get('Profit_Accounts', { signal: AbortSignal.timeout(10) });
    const patient = client.get('Profit_Accounts');
    await expect(impatient).rejects.toBeInstanceOf(AfasAbortError);
    await expect(patient).resolves.toMatchObject({ rows: [] });
  });

  it('reuses a short-lived access token until half its lifetime', async () => {
    let tokenCalls = 0;
    server.use(
      http.post(`${BASE}/oauth/token`, () =>
        HttpResponse.json({ access_token: `at-${++tokenCalls}`, expires_in: 30 }),
      ),
      http.get(ACCOUNTS, () => HttpResponse.json({ rows: [] })),
    );
    const client = oauthClient();
    await client.get('Profit_Accounts');
    await client.get('Profit_Accounts');
    expect(tokenCalls).toBe(1);
  });

  it('on a 401 refreshes once and replays the call once', async () => {
    let tokenCalls = 0;
    const seen: string[] = [];
    server.use(
      http.post(`${BASE}/oauth/token`, () =>
        HttpResponse.json({ access_token: `at-${++tokenCalls}`, expires_in: 3600 }),
      ),
      http.get(ACCOUNTS, ({ request }) => {
        const auth = request.headers.get('authorization') ?? '';
        seen.push(auth);
        return auth === 'Bearer at-1'
          ? new HttpResponse(null, { status: 401 })
          : HttpResponse.json({ rows: [] });
      }),
    );
    await oauthClient().get('Profit_Accounts');
    expect(seen).toEqual(['Bearer at-1', 'Bearer at-2']);
  });

  it('a 401 after the refresh is an auth error, and the secret appears nowhere', async () => {
    server.use(
      http.post(`${BASE}/oauth/token`, () => HttpResponse.json({ access_token: 'at', expires_in: 3600 })),
      http.get(ACCOUNTS, () => new HttpResponse(null, { status: 401 })),
    );
    const client = oauthClient();
    const error = await failure(client.get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(everythingShown(error) + everythingShown(client)).not.toContain(SECRET);
  });

  it("sends the client's Accept-Language and User-Agent to the token endpoint too", async () => {
    let headers: Headers | undefined;
    server.use(
      http.post(`${BASE}/oauth/token`, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({ access_token: 'at', expires_in: 3600 });
      }),
      http.get(ACCOUNTS, () => HttpResponse.json({ rows: [] })),
    );
    await oauthClient().get('Profit_Accounts');
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(headers?.get('user-agent')).toBe(`afas-client/${version}`);
    expect(headers?.get('accept-language')).toBe('nl-nl');
  });

  it.each([
    [
      '400 invalid_client',
      () => HttpResponse.json({ error: 'invalid_client' }, { status: 400 }),
      AfasAuthError,
    ],
    [
      '503 maintenance',
      () => HttpResponse.json({ retry_after: 7200 }, { status: 503 }),
      AfasUnavailableError,
    ],
    [
      '200 with an HTML login page',
      () => HttpResponse.html('<!doctype html><title>Sign in</title>'),
      AfasResponseError,
    ],
  ])(
    'the token endpoint answering %s: the same error class as any AFAS answer',
    async (_name, answer, kind) => {
      server.use(http.post(`${BASE}/oauth/token`, answer));
      const error = await failure(oauthClient().get('Profit_Accounts'));
      expect(error).toBeInstanceOf(kind);
      expect(error.request?.connector).toBe('oauth/token');
      if (kind === AfasResponseError) expect(error.message).toMatch(/HTML page/);
    },
  );

  it('wrong client credentials are an auth error', async () => {
    server.use(
      http.post(`${BASE}/oauth/token`, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })),
    );
    const error = await failure(oauthClient().get('Profit_Accounts'));
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(error.request?.connector).toBe('oauth/token');
    expect(everythingShown(error)).not.toContain(SECRET);
  });
});
