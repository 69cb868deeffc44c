/**
 * Headers as AFAS's OpenAPI records them (`components.responses` and the 201 answers of the
 * UpdateConnectors in "Dossiers en bijlagen en workflows" and "Mutaties"), languages as its
 * `Accept-Language` parameter lists them, and bodies read as UTF-8 (AFAS help, App_Cnr_Rest_Update).
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AfasSimulator,
  type AfasSimulatorOptions,
  afasTokenHeader,
  DEMO_TOKEN_DATA,
  demoSeed,
  type RunningAfasSimulator,
  startAfasSimulator,
} from '../../src/testing/index.js';
import { entryBody } from './support.js';

const AUTH = { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) };

async function answer(simulator: AfasSimulator, path: string, init: RequestInit = {}): Promise<Response> {
  const result = await simulator.handle(new Request(`${simulator.baseUrl}${path}`, init));
  if (!(result instanceof Response)) throw new Error(`no answer: ${result.fault}`);
  return result;
}

describe('over a real HTTP connection (the loopback server)', () => {
  let running: RunningAfasSimulator;
  beforeAll(async () => {
    running = await startAfasSimulator();
  });
  afterAll(() => running.close());

  it('sends an empty 401 with Content-Length: 0 and the Content-Type AFAS records', async () => {
    const response = await fetch(`${running.url}/profitversion`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store, no-cache');
    expect(response.headers.get('x-afas-proxy-version')).toBe('4.3.0.0');
    expect(await response.text()).toBe('');
  });

  it('sends an empty 200 the same way (OtpRequest)', async () => {
    const response = await fetch(`${running.url}/otprequest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey: 'x', apiToken: 'y', userId: 'z' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  });

  it('sends a 500 JSON body under the application/xml type AFAS records for it', async () => {
    const response = await fetch(`${running.url}/connectors/Nope`, { headers: AUTH });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await response.json()).toMatchObject({ errorNumber: -2147180996 });
  });

  it('sends rows as application/json, gzip-compressed on the wire when asked', async () => {
    const response = await fetch(`${running.url}/connectors/Profit_Administrations`, {
      headers: { ...AUTH, 'Accept-Encoding': 'gzip' },
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as { rows: unknown[] }).rows[0]).toMatchObject({ AdminId: 1 });
  });
});

describe('gzip', () => {
  const simulator = new AfasSimulator();

  it('compresses a 201 when Accept-Encoding allows gzip, as AFAS records on UpdateConnector answers', async () => {
    const response = await answer(simulator, '/connectors/FiEntries', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json', 'Accept-Encoding': 'br;q=1, gzip;q=0.8' },
      body: JSON.stringify(entryBody()),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = JSON.parse(gunzipSync(new Uint8Array(await response.arrayBuffer())).toString('utf8'));
    expect(body).toEqual({ results: { FiEntryPar: { UnId: '1', EnNo: expect.any(String) } } });
  });

  it.each([
    ['no Accept-Encoding', {}],
    ['gzip;q=0', { 'Accept-Encoding': 'gzip;q=0, deflate' }],
  ])('sends plain JSON for %s', async (_case, headers) => {
    const response = await answer(simulator, '/connectors/Profit_Administrations', {
      headers: { ...AUTH, ...headers },
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await response.text()).rows[0]).toMatchObject({ AdminId: 1 });
  });

  it('leaves error bodies uncompressed (their recorded headers have no Content-Encoding)', async () => {
    const response = await answer(simulator, '/connectors/Nope', {
      headers: { ...AUTH, 'Accept-Encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await response.text())).toHaveProperty('profitLogReference');
  });
});

describe('Accept-Language', () => {
  const dutch =
    'General message: GetConnector niet ondersteund voor deze app of de gebruiker is niet geautoriseerd';
  const english = 'General message: GetConnector not supported for this app or the user is not authorized';
  const message = async (language: string, options: AfasSimulatorOptions = {}) => {
    const response = await answer(new AfasSimulator(options), '/connectors/Nope', {
      headers: { ...AUTH, 'Accept-Language': language },
    });
    return ((await response.json()) as { externalMessage: string }).externalMessage;
  };

  it.each([
    ['nl-nl', dutch],
    ['nl-be', dutch],
    ['en-us', english],
    ['*', dutch],
    ['es-es, en-us;q=0.5', english],
    ['de-de;q=0.9, nl-nl', dutch],
  ])('%s gets the text in the right language', async (language, expected) => {
    expect(await message(language)).toBe(expected);
  });

  it("no header, or `*`, gets the environment's base language: English in an English environment", async () => {
    const englishEnvironment = { seed: { ...demoSeed, language: 'en' as const } };
    const without = await answer(new AfasSimulator(englishEnvironment), '/connectors/Nope', {
      headers: AUTH,
    });
    expect(((await without.json()) as { externalMessage: string }).externalMessage).toBe(english);
    expect(await message('*', englishEnvironment)).toBe(english);
    expect(await message('nl-nl', englishEnvironment)).toBe(dutch);
  });

  it.each(['fr-fr', 'de-de'])(
    '%s (listed by AFAS, no recorded texts) gets English, or the untranslatedLanguage option',
    async (language) => {
      expect(await message(language)).toBe(english);
      expect(await message(language, { untranslatedLanguage: 'nl' })).toBe(dutch);
    },
  );
});

describe('Content-Type of writes', () => {
  const post = (simulator: AfasSimulator, body: BodyInit, contentType?: string) =>
    answer(simulator, '/connectors/FiEntries', {
      method: 'POST',
      headers: { ...AUTH, ...(contentType ? { 'Content-Type': contentType } : {}) },
      body,
    });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'refuses %s with an empty 415 and books nothing',
    async (type) => {
      const simulator = new AfasSimulator();
      const response = await post(simulator, JSON.stringify(entryBody()), type);
      expect(response.status).toBe(415);
      expect(await response.text()).toBe('');
      expect(simulator.entries).toEqual([]);
    },
  );

  it.each([undefined, 'application/json', 'application/json;charset=utf-8'])(
    "accepts Content-Type %s (the header is optional in AFAS's OpenAPI)",
    async (type) => {
      const simulator = new AfasSimulator();
      // Bytes, not a string: fetch would label a string body text/plain by itself.
      const bytes = new TextEncoder().encode(JSON.stringify(entryBody()));
      expect((await post(simulator, bytes, type)).status).toBe(201);
    },
  );

  it('accepts any type with refuseNonJsonBodies: false', async () => {
    const simulator = new AfasSimulator({ refuseNonJsonBodies: false });
    expect((await post(simulator, JSON.stringify(entryBody()), 'text/plain')).status).toBe(201);
  });

  it('reads the body as UTF-8 whatever the charset: a Latin-1 "é" arrives as "?"', async () => {
    const simulator = new AfasSimulator();
    const lines = entryBody() as {
      FiEntryPar: {
        Element: { Objects: { FiEntries: { Element: { Fields: Record<string, unknown> }[] } }[] };
      };
    };
    const first = lines.FiEntryPar.Element.Objects[0]?.FiEntries.Element[0];
    if (first) first.Fields['Ds'] = 'Caf\u00e9';
    const latin1 = Uint8Array.from(JSON.stringify(lines), (char) => char.charCodeAt(0));
    const response = await post(simulator, latin1, 'application/json;charset=iso-8859-1');
    expect(response.status).toBe(201);
    expect(simulator.entries[0]?.lines[0]?.description).toBe('Caf?');
  });
});
