/**
 * Behaviour users rely on that the other suites only touched: file bytes as AFAS holds them, the
 * cause kept on a network error, OAuth with a custom token URL and renewal before expiry, a custom
 * `auth`, a 504 retried with jittered back-off, and an empty 200 answer on a GetConnector.
 */
import { createServer } from 'node:net';
import {
  type AfasAuth,
  AfasClient,
  AfasNetworkError,
  AfasResponseError,
  AfasSchemaError,
  isAfasError,
} from 'afas-client';
import { createAfasSimulator, DEMO_TOKEN_DATA } from 'afas-client/testing';
import { HttpResponse, http, passthrough } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, testClient } from './support/fixtures.js';
import { server } from './support/msw.js';

const ACCOUNTS = `${BASE}/connectors/Profit_Accounts`;
/** Every byte value, 0x00, 0x80 and 0xFF among them: not text in any encoding. */
const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAfasError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('file connectors return the bytes AFAS holds', () => {
  it('a dossier item attachment written through KnSubject comes back byte for byte (SubjectConnector, FileConnector)', async () => {
    const simulator = createAfasSimulator();
    server.use(...simulator.handlers);
    const client = new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA, retry: { retries: 0 } });
    const { keys } = await client.insert('KnSubject', {
      Fields: { StId: 31, Ds: 'Declaratie R-1', Da: '2026-03-20T09:00:00' },
      Objects: [
        { KnSubjectAttachment: { Element: [{ Fields: { FileName: 'Bon_1.pdf', FileStream: BYTES } }] } },
      ],
    });
    const attachment = simulator.subjects[0]!.attachments[0]!;
    const bySubject = await client.subjectAttachment(keys['SbId']!, attachment.fileId);
    expect(Buffer.from(bySubject.data).equals(Buffer.from(BYTES))).toBe(true);
    expect(bySubject.fileName).toBe('Bon_1.pdf');
    // The file name with `_` (sent as `_5f`, as AFAS wants it).
    const byFile = await client.file(attachment.fileId, 'Bon_1.pdf');
    expect(Buffer.from(byFile.data).equals(Buffer.from(BYTES))).toBe(true);
  });

  it.each([
    [
      'report',
      (client: AfasClient) => client.report('R01'),
      `${BASE}/reportconnector/R01`,
      'application/pdf',
    ],
    ['image', (client: AfasClient) => client.image('IMG1', 1), `${BASE}/imageconnector/IMG1`, 'image/png'],
  ] as const)(
    'the %s connector decodes filedata to the exact bytes, with name and type',
    async (_name, call, url, mimetype) => {
      server.use(
        http.get(url, () =>
          HttpResponse.json({
            filename: 'out.bin',
            mimetype,
            filedata: Buffer.from(BYTES).toString('base64'),
          }),
        ),
      );
      const file = await call(testClient({ retry: false }));
      expect(Buffer.from(file.data).equals(Buffer.from(BYTES))).toBe(true);
      expect(file).toMatchObject({ fileName: 'out.bin', mimeType: mimetype });
    },
  );
});

it('a network error keeps its cause: the system error (ECONNREFUSED) is in the chain', async () => {
  const listener = createServer();
  await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
  const { port } = listener.address() as { port: number };
  await new Promise((done) => listener.close(done));
  server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough())); // to the real, closed port
  const error = await failure(
    testClient({ baseUrl: `http://127.0.0.1:${port}/ProfitRestServices`, retry: false }).get(
      'Profit_Accounts',
    ),
  );
  expect(error).toBeInstanceOf(AfasNetworkError);
  const codes: unknown[] = [];
  for (
    let cause = error.cause, depth = 0;
    cause instanceof Error && depth < 5;
    cause = cause.cause, depth++
  ) {
    codes.push((cause as { code?: unknown }).code);
  }
  expect(codes).toContain('ECONNREFUSED');
});

describe('OAuth', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the custom tokenUrl for the access token, and renews it a minute before it expires', async () => {
    const tokenUrl = 'https://login.example.nl/afas/token';
    const sent: string[] = [];
    let tokens = 0;
    server.use(
      http.post(tokenUrl, () => HttpResponse.json({ access_token: `at-${++tokens}`, expires_in: 600 })),
      http.post(`${BASE}/oauth/token`, () => HttpResponse.json({ error: 'not here' }, { status: 500 })),
      http.get(ACCOUNTS, ({ request }) => {
        sent.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ rows: [] });
      }),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T09:00:00Z'));
    const client = new AfasClient({
      environment: '12345',
      oauth: { clientId: 'declaree', clientSecret: 'secret-1', tokenUrl },
      retry: false,
    });
    await client.get('Profit_Accounts');
    vi.setSystemTime(new Date('2026-03-20T09:08:30Z')); // 8½ of 10 minutes: still the same token
    await client.get('Profit_Accounts');
    vi.setSystemTime(new Date('2026-03-20T09:09:30Z')); // within the last minute (refreshMarginSeconds): a new one
    await client.get('Profit_Accounts');
    expect(sent).toEqual(['Bearer at-1', 'Bearer at-1', 'Bearer at-2']);
  });
});

it('a custom auth: its header goes out on every call, and after a 401 it is invalidated and the call replayed once', async () => {
  let generation = 1;
  const auth: AfasAuth = {
    authorization: async () => `Custom key-${generation}`,
    invalidate: () => {
      generation++;
      return true;
    },
  };
  const sent: string[] = [];
  server.use(
    http.get(ACCOUNTS, ({ request }) => {
      const header = request.headers.get('authorization') ?? '';
      sent.push(header);
      return header === 'Custom key-1'
        ? new HttpResponse(null, { status: 401 })
        : HttpResponse.json({ rows: [{ Account: '4000' }] });
    }),
  );
  const client = new AfasClient({ environment: '12345', auth, retry: false });
  await expect(client.get('Profit_Accounts')).resolves.toMatchObject({ rows: [{ Account: '4000' }] });
  await client.get('Profit_Accounts');
  expect(sent).toEqual(['Custom key-1', 'Custom key-2', 'Custom key-2']);
});

it('a GET answered 504 by a gateway is retried after a jittered back-off, and then succeeds', async () => {
  const gaps: number[] = [];
  let last = 0;
  let calls = 0;
  server.use(
    http.get(ACCOUNTS, () => {
      const now = performance.now();
      if (calls++ > 0) gaps.push(now - last);
      last = now;
      return calls <= 6
        ? new HttpResponse('<html><body>504 Gateway Time-out</body></html>', {
            status: 504,
            headers: { 'Content-Type': 'text/html' },
          })
        : HttpResponse.json({ rows: [] });
    }),
  );
  const result = await testClient({ retry: { retries: 6, minDelay: 20, maxDelay: 20 } }).get(
    'Profit_Accounts',
  );
  expect(result.rows).toEqual([]);
  expect(calls).toBe(7);
  // p-retry's randomize multiplies each delay by 1–2: never less than the configured delay, and not all alike.
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(18);
  expect(new Set(gaps.map((gap) => Math.round(gap / 2))).size).toBeGreaterThan(1);
});

it('an empty 200 answer on a GetConnector is an unreadable answer, not a schema mismatch to regenerate for', async () => {
  server.use(http.get(ACCOUNTS, () => new HttpResponse(null, { status: 200 })));
  const error = await failure(testClient({ retry: false }).get('Profit_Accounts'));
  expect(error).toBeInstanceOf(AfasResponseError);
  expect(error).not.toBeInstanceOf(AfasSchemaError);
  expect(error.message).toMatch(/empty/i);
  expect(`${error.message} ${error.hint}`).not.toMatch(/regenerate/i);
});
