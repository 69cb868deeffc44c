/**
 * Secrets in the adapter: with a recognisable token and OAuth client secret, every way an export can
 * fail is driven; neither the token (data, XML, base64) nor the client secret may appear in a thrown
 * error, an export result (explanations included), the journal file, a preview, or the hook events.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from 'afas-client';
import { describe, expect, it } from 'vitest';
import { demoSettings } from '../../src/demo/samples.js';
import { DeclareeExporter, explainAfasError, sqliteLedger } from '../../src/index.js';
import {
  cleanReport,
  everythingShown,
  exporterFor,
  SECRET_OAUTH,
  SECRET_TOKEN_BASE64,
  SECRET_TOKEN_DATA,
  SECRET_TOKEN_XML,
  secretsIn,
  useSimulator,
} from './support.js';

const simulator = useSimulator();
const events: RequestEvent[] = [];
const hooks = {
  beforeRequest: (e: RequestEvent) => events.push(e),
  afterResponse: (e: RequestEvent) => events.push(e),
};

const thrownBy = (make: () => unknown): unknown => {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('settings that are refused', () => {
  const base = demoSettings({
    baseUrl: 'https://12345.rest.afas.online/ProfitRestServices',
    token: SECRET_TOKEN_XML,
  });
  it.each([
    ['a token XML that is cut off', { ...base, token: SECRET_TOKEN_XML.slice(0, -10) }],
    ['token data with a typo', { ...base, token: `${SECRET_TOKEN_DATA}Z` }],
    ['a base64 token with garbage', { ...base, token: `AfasToken ${SECRET_TOKEN_BASE64}!` }],
    ['token and oauth both', { ...base, oauth: SECRET_OAUTH }],
    [
      'oauth without client id',
      { ...base, token: undefined, oauth: { clientId: '', clientSecret: SECRET_OAUTH.clientSecret } },
    ],
    ['a non-https base URL', { ...base, baseUrl: 'http://afas.example.com/ProfitRestServices' }],
    ['an unknown administration type', { ...base, administration: 'één' }],
  ])('%s: the error shows no secret', (_name, settings) => {
    const error = thrownBy(() => new DeclareeExporter({ settings: settings as never }));
    expect(secretsIn(everythingShown(error))).toEqual([]);
  });
});

describe('exports that fail', () => {
  // [name, the fault, OAuth client?, the report still gets exported?]
  const failures: [string, () => void, boolean?, boolean?][] = [
    ['token revoked (401)', () => simulator.revokeToken(SECRET_TOKEN_DATA)],
    ['401 on the entry', () => simulator.inject({ connector: 'FiEntries', fault: 'unauthorized' })],
    ['maintenance on the entry', () => simulator.inject({ connector: 'FiEntries', fault: 'maintenance' })],
    [
      'HTML page on the dossier item',
      () => simulator.inject({ connector: 'KnSubject', fault: 'html', times: Infinity }),
    ],
    [
      'dropped free fields',
      () => simulator.inject({ connector: 'FiEntriesCustom', fault: 'drop', times: Infinity }),
    ],
    ['hanging entry', () => simulator.inject({ connector: 'FiEntries', fault: 'hang', times: Infinity })],
    ['locked entry', () => simulator.inject({ connector: 'FiEntries', fault: 'locked', times: Infinity })],
    [
      'metainfo down',
      () => simulator.inject({ connector: 'metainfo', fault: 'drop', times: Infinity }),
      false,
      true,
    ],
    [
      'OAuth token endpoint down',
      () => simulator.inject({ connector: 'oauth/token', fault: 'html', times: Infinity }),
      true,
    ],
    [
      'OAuth token endpoint hangs',
      () => simulator.inject({ connector: 'oauth/token', fault: 'hang', times: Infinity }),
      true,
    ],
    [
      'OAuth access token refused',
      () => simulator.inject({ connector: 'FiEntries', fault: 'unauthorized', times: 2 }),
      true,
    ],
  ];

  it.each(failures)(
    '%s: result, explanation and journal show no secret',
    async (_name, strike, oauth = false, exported = false) => {
      const dir = await mkdtemp(join(tmpdir(), 'declaree-secrets-'));
      try {
        const journalFile = join(dir, 'journal.jsonl');
        strike();
        const exporter = exporterFor(simulator.baseUrl, {
          oauth,
          ledger: sqliteLedger(journalFile),
          // A hanging token endpoint is abandoned at the deadline only (see deadlines.test.ts in afas-client).
          clientOptions: {
            retry: { retries: 1, minDelay: 1, maxDelay: 2, maxRetryAfter: 1 },
            timeout: 60,
            deadline: 150,
            hooks,
          },
        });
        const [result] = await exporter.exportReports([
          cleanReport(),
          { ...cleanReport(), user: { name: 'x' } },
        ]);
        expect(result?.status === 'exported').toBe(exported);
        const journal = await readFile(journalFile, 'utf8').catch(() => '');
        expect(secretsIn(everythingShown(result) + journal)).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('an OAuth client with a wrong secret: no secret in the result', async () => {
    const exporter = new DeclareeExporter({
      settings: {
        ...demoSettings({ baseUrl: simulator.baseUrl, token: '' }),
        token: undefined,
        oauth: { ...SECRET_OAUTH, clientSecret: `${SECRET_OAUTH.clientSecret}-wrong` },
      },
      clientOptions: { hooks, retry: false },
    });
    const result = await exporter.exportReport(cleanReport());
    expect(result.status).toBe('failed');
    expect(secretsIn(everythingShown(result))).toEqual([]);
  });

  it('explainAfasError of what the client threw shows no secret', async () => {
    simulator.inject({ connector: 'profitversion', fault: 'html' });
    const error = await exporterFor(simulator.baseUrl)
      .client.profitVersion()
      .catch((e: unknown) => e);
    expect(secretsIn(everythingShown(explainAfasError(error)))).toEqual([]);
  });

  it('a preview shows no secret', async () => {
    const preview = await exporterFor(simulator.baseUrl).preview(cleanReport());
    expect(preview.ok).toBe(true);
    expect(secretsIn(everythingShown(preview))).toEqual([]);
  });

  // Runs after the tests above: every hook event they produced.
  it('no hook event shows a secret', () => {
    expect(events.length).toBeGreaterThan(10);
    expect(secretsIn(everythingShown(events))).toEqual([]);
  });
});

describe('the exporter object', () => {
  it('its client shows no secret', () => {
    expect(secretsIn(everythingShown(exporterFor(simulator.baseUrl).client))).toEqual([]);
  });

  // BUG (reported): `exporter.settings` is the parsed settings object, token and OAuth secret in plain
  // text, so `util.inspect(exporter)` (console.log) and `JSON.stringify(exporter)` print them.
  it.each([
    ['token', false],
    ['OAuth', true],
  ])('with %s credentials, inspect and JSON.stringify show no secret', (_name, oauth) => {
    expect(secretsIn(everythingShown(exporterFor(simulator.baseUrl, { oauth })))).toEqual([]);
  });
});
