/**
 * Secrets through both command lines: with a recognisable token (and, for declaree-afas, an OAuth
 * client secret), every error path of the built `afas` and `declaree-afas` commands — refused token,
 * AFAS refusal, maintenance, proxy HTML page, dropped connection, time-out, bad files, --debug —
 * prints neither the token in any form nor the client secret, on stdout or stderr; nor does a
 * Postgres ledger that cannot be used show the password of its --ledger URL.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type FaultRule, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ECHO_BODIES,
  ENCODINGS,
  echoing,
  formsShown,
} from '../../../afas-client/test/reliability/support.js';
import { demoReports, demoSettings } from '../../src/demo/samples.js';
import { freePort, startPostgres } from '../support/postgres.js';
import {
  SECRET_OAUTH,
  SECRET_TOKEN_BASE64,
  SECRET_TOKEN_DATA,
  SECRET_TOKEN_XML,
  secretSeed,
} from './support.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const BINS = {
  afas: join(ROOT, 'packages/afas-client/dist/cli/bin.js'),
  'declaree-afas': join(ROOT, 'packages/declaree-afas/dist/cli/bin.js'),
};
const SECRETS = [
  SECRET_TOKEN_DATA,
  SECRET_TOKEN_DATA.toLowerCase(),
  SECRET_TOKEN_BASE64,
  SECRET_OAUTH.clientSecret,
  encodeURIComponent(SECRET_OAUTH.clientSecret),
];

let server: RunningAfasSimulator;
let dir: string;

beforeAll(async () => {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  for (const pkg of ['afas-client', 'declaree-afas']) {
    await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: join(ROOT, 'packages', pkg) });
  }
  server = await startAfasSimulator({ port: 0, seed: secretSeed });
  dir = await mkdtemp(join(tmpdir(), 'cli-secrets-'));
  const { pdf, ...report } = demoReports()[0] ?? {};
  await writeFile(
    join(dir, 'report.json'),
    JSON.stringify({ ...report, pdfBase64: Buffer.from(pdf as Uint8Array).toString('base64') }),
  );
  await writeFile(join(dir, 'token.xml'), SECRET_TOKEN_XML);
  await writeFile(join(dir, 'broken-token.txt'), `${SECRET_TOKEN_DATA.slice(0, 40)}-not-hex`);
  await writeFile(
    join(dir, 'entry.json'),
    JSON.stringify({ FiEntryPar: { Element: { Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '99' } } } }),
  );
}, 120_000); // two TypeScript builds
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(bin: keyof typeof BINS, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BINS[bin], ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, output: Buffer.concat(out).toString() };
}

const leaks = (output: string) => SECRETS.filter((secret) => output.includes(secret));
const afasEnv = () => ({ AFAS_BASE_URL: server.url, AFAS_TOKEN: SECRET_TOKEN_XML });

async function settings(name: string, credentials: object) {
  const { token: _token, ...rest } = demoSettings({ baseUrl: server.url, token: '' });
  await writeFile(join(dir, name), JSON.stringify({ ...rest, ...credentials }));
}

const faults: [string, FaultRule | 'revoke' | undefined][] = [
  ['no fault (success)', undefined],
  ['a revoked token (401)', 'revoke'],
  ['maintenance (503)', { fault: 'maintenance', times: Infinity }],
  ['a proxy HTML page (502)', { fault: 'html', times: Infinity }],
  ['a dropped connection', { fault: 'drop', times: Infinity }],
  ['no answer (time-out)', { fault: 'hang', times: Infinity }],
];

function apply(fault: FaultRule | 'revoke' | undefined) {
  if (fault === 'revoke') server.simulator.revokeToken(SECRET_TOKEN_DATA);
  else if (fault) server.simulator.inject(fault);
}

describe('afas', () => {
  it.each(faults)('get with %s shows no secret, also with --debug', async (_name, fault) => {
    apply(fault);
    const result = await cli(
      'afas',
      ['get', 'Profit_Accounts', '--retries', '0', '--timeout', '1', '--debug'],
      afasEnv(),
    );
    expect(result.code).toBe(
      fault === undefined ? 0 : fault === 'revoke' ? 1 : fault.fault === 'maintenance' ? 1 : 3,
    );
    expect(leaks(result.output)).toEqual([]);
  });

  it.each([
    ['check', ['check']],
    ['an unknown connector (AFAS refuses)', ['get', 'Profit_Nope']],
    ['a refused write', ['insert', 'FiEntries', 'entry.json']],
    ['metainfo', ['meta']],
  ])('%s shows no secret', async (_name, args) => {
    const result = await cli('afas', args, afasEnv());
    expect(result.output.length).toBeGreaterThan(0);
    expect(leaks(result.output)).toEqual([]);
  });

  it('a token from a file works, and an unreadable token file is refused without echoing it', async () => {
    const fromFile = await cli('afas', ['check', '--token-file', 'token.xml'], { AFAS_BASE_URL: server.url });
    expect(fromFile.code).toBe(0);
    const broken = await cli('afas', ['check', '--token-file', 'broken-token.txt', '--debug'], {
      AFAS_BASE_URL: server.url,
    });
    expect(broken.code).toBe(2);
    expect(broken.output).not.toContain(SECRET_TOKEN_DATA.slice(0, 40));
    expect(leaks(fromFile.output + broken.output)).toEqual([]);
  });
});

describe('declaree-afas', () => {
  it.each([
    ['token', { token: SECRET_TOKEN_XML }],
    ['OAuth', { oauth: SECRET_OAUTH }],
  ])(
    'check and export with %s credentials, through every fault, show no secret',
    async (kind, credentials) => {
      await settings('settings.json', credentials);
      const fast = ['--settings', 'settings.json', '--timeout', '0.5', '--retries', '0', '--debug'];
      const dryRun = await cli('declaree-afas', [
        'export',
        'report.json',
        '--settings',
        'settings.json',
        '--dry-run',
      ]);
      expect(leaks(dryRun.output)).toEqual([]);
      for (const [name, fault] of faults) {
        server.simulator.reset();
        apply(fault);
        // Revoking a classic token does not touch an OAuth client: then everything still works.
        const fails = fault !== undefined && !(kind === 'OAuth' && fault === 'revoke');
        const check = await cli('declaree-afas', ['check', ...fast]);
        const exported = await cli('declaree-afas', [
          'export',
          'report.json',
          ...fast,
          '--ledger',
          `${kind} ${name}.db`,
        ]);
        expect(check.output).toMatch(fails ? /✗/ : /Ready to export/);
        expect(exported.output).toMatch(fails ? /R-2026-0001 +failed/ : /R-2026-0001 +exported/);
        expect(leaks(check.output + exported.output)).toEqual([]);
      }
    },
    60_000,
  );

  it('settings with a wrong OAuth secret or a malformed token are refused without echoing them', async () => {
    await settings('wrong-secret.json', {
      oauth: { clientId: SECRET_OAUTH.clientId, clientSecret: `${SECRET_OAUTH.clientSecret}-wrong` },
    });
    await settings('bad-token.json', { token: `${SECRET_TOKEN_DATA}!` });
    const wrongSecret = await cli('declaree-afas', ['check', '--settings', 'wrong-secret.json']);
    const badToken = await cli('declaree-afas', ['check', '--settings', 'bad-token.json']);
    expect(wrongSecret.code).toBe(1);
    expect(badToken.code).toBe(2);
    expect(leaks(wrongSecret.output + badToken.output)).toEqual([]);
  });

  it('a Postgres ledger that cannot be used stops the run before any report (exit 2) with the fix, never showing its password', async () => {
    await settings('settings.json', { token: SECRET_TOKEN_XML });
    const password = 'Ledger-Pa55word-Secret';
    const postgres = await startPostgres();
    try {
      for (const url of [
        `postgres://exporter:${password}@127.0.0.1:${await freePort()}/ledger`, // nothing listens
        `postgres://postgres:${password}@127.0.0.1:${postgres.port}/postgres`, // wrong password
      ]) {
        server.simulator.reset();
        const result = await cli('declaree-afas', [
          'export',
          'report.json',
          '--settings',
          'settings.json',
          '--ledger',
          url,
          '--debug',
        ]);
        expect(result.code).toBe(2);
        expect(result.output).toMatch(/The Postgres ledger \S+@127\.0\.0\.1:\d+\/\w+ cannot be used/);
        expect(result.output).toMatch(/Nothing was sent to AFAS/);
        expect(result.output).not.toContain(password);
        expect(result.output).not.toContain(encodeURIComponent(password));
        expect(leaks(result.output)).toEqual([]);
        expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      }
    } finally {
      await postgres.stop();
    }
  }, 30_000);
});

describe('credentials echoed back in any encoding (property, through both built commands)', () => {
  // A server that prints the credentials it got, JSON-escaped as .NET does (`+` as `\u002B`),
  // URL- or form-encoded, as HTML references …: the command prints no form of them, also with --debug.
  const hexData = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 32, maxLength: 64 });
  const encoding = fc.constantFrom(...Object.keys(ENCODINGS));
  const carrier = fc.constantFrom(...Object.keys(ECHO_BODIES));
  const clientSecret = fc
    .string({ unit: fc.constantFrom(...' !()~*\'+/"\\&<>%=abcXYZ019é€'), minLength: 4, maxLength: 20 })
    .map((middle) => `Sx9${middle}Q7k`);
  const tokenForms = (data: string) => ({
    'token data': data,
    'token base64': Buffer.from(`<token><version>1</version><data>${data}</data></token>`).toString('base64'),
  });

  it.each([
    ["the issue's case: .NET escapes in AFAS's JSON", 'dotnet', 'AFAS 500 JSON'],
    ['a proxy page', 'html', '502 HTML'],
    ['a JSON string inside a JSON string', 'json in json', '500 JSON, long'],
  ])('afas get: %s', async (_name, encode, body) => {
    server.simulator.inject({
      connector: 'Profit_Accounts',
      fault: 'echo',
      times: Infinity,
      echo: echoing(body, encode, ({ authorization }) => authorization),
    });
    const result = await cli('afas', ['get', 'Profit_Accounts', '--retries', '0', '--debug'], afasEnv());
    expect(result.code).not.toBe(0);
    expect(formsShown(result.output, tokenForms(SECRET_TOKEN_DATA))).toEqual([]);
  });

  it('afas get with any token, any encoding, any body', async () => {
    await fc.assert(
      fc.asyncProperty(hexData, encoding, carrier, async (data, encode, body) => {
        server.simulator.reset();
        server.simulator.inject({
          connector: 'Profit_Accounts',
          fault: 'echo',
          times: Infinity,
          echo: echoing(body, encode, ({ authorization }) => authorization),
        });
        const token = `<token><version>1</version><data>${data}</data></token>`;
        const result = await cli('afas', ['get', 'Profit_Accounts', '--retries', '0', '--debug'], {
          AFAS_BASE_URL: server.url,
          AFAS_TOKEN: token,
        });
        expect(result.code).not.toBe(0);
        expect(formsShown(result.output, tokenForms(data))).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 60_000);

  it('declaree-afas check with any OAuth secret (the form echoed by the token endpoint) or token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          clientSecret.map((secret) => ({ secret })),
          hexData.map((data) => ({ data })),
        ),
        encoding,
        carrier,
        async (credential, encode, body) => {
          server.simulator.reset();
          const oauth = 'secret' in credential;
          server.simulator.inject({
            connector: oauth ? 'oauth/token' : 'profitversion',
            fault: 'echo',
            times: Infinity,
            echo: echoing(body, encode, ({ authorization, form }) =>
              oauth ? (new URLSearchParams(form).get('client_secret') ?? form) : authorization,
            ),
          });
          await settings(
            'echo.json',
            oauth
              ? { oauth: { clientId: SECRET_OAUTH.clientId, clientSecret: credential.secret } }
              : { token: credential.data },
          );
          const result = await cli('declaree-afas', [
            'check',
            '--settings',
            'echo.json',
            '--retries',
            '0',
            '--debug',
          ]);
          expect(result.output).toMatch(/✗/);
          expect(
            formsShown(
              result.output,
              oauth ? { 'client secret': credential.secret } : tokenForms(credential.data),
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000);
});

describe('a secret given where something else belongs is not echoed', () => {
  // A token pasted as the environment id or the base URL, or as a flag value or extra argument:
  // the error says what shape was expected and repeats nothing of the value.
  const header = `AfasToken ${SECRET_TOKEN_BASE64}`;
  const pasted = [
    ['token data', SECRET_TOKEN_DATA],
    ['token XML', SECRET_TOKEN_XML],
    ['header value', header],
    ['client secret', SECRET_OAUTH.clientSecret],
  ] as const;
  const shows = (output: string, value: string) => [
    ...formsShown(output, { value }),
    ...(output.includes(value.slice(0, 12)) ? ['its start'] : []),
  ];

  it.each(pasted)('afas check and afas url with the %s as the environment', async (_name, value) => {
    const check = await cli('afas', ['check'], { AFAS_ENVIRONMENT: value, AFAS_TOKEN: SECRET_TOKEN_XML });
    const url = await cli('afas', ['url', value]);
    const flag = await cli('afas', ['check', '--environment', value], { AFAS_TOKEN: SECRET_TOKEN_XML });
    for (const result of [check, url, flag]) {
      expect(result.code).toBe(2);
      expect(result.output).toMatch(/participant number .*12345.* environment name .*O12345AA/);
      expect(shows(result.output, value)).toEqual([]);
    }
  });

  it.each(pasted)('afas with the %s as base URL, flag value or extra argument', async (_name, value) => {
    const results = await Promise.all([
      cli('afas', ['check'], { AFAS_BASE_URL: value, AFAS_TOKEN: SECRET_TOKEN_XML }),
      cli('afas', ['check', '--base-url', `http://${value}/x`], { AFAS_TOKEN: SECRET_TOKEN_XML }),
      cli('afas', ['check', value], afasEnv()),
      cli('afas', ['check', '--kind', value], { ...afasEnv(), AFAS_ENVIRONMENT: '12345' }),
      cli('afas', ['check', '--timeout', value], afasEnv()),
      cli('afas', ['get', 'Profit_Accounts', '--format', value], afasEnv()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(shows(result.output, value)).toEqual([]);
    }
    expect(results[0]?.output).toMatch(/absolute URL such as https:/);
  });

  it.each(pasted)(
    'declaree-afas with the %s as environment or base URL in the settings',
    async (_name, value) => {
      await settings('pasted-env.json', { token: SECRET_TOKEN_XML, environment: value, baseUrl: undefined });
      await settings('pasted-url.json', { token: SECRET_TOKEN_XML, baseUrl: value });
      const env = await cli('declaree-afas', ['check', '--settings', 'pasted-env.json']);
      const url = await cli('declaree-afas', ['export', 'report.json', '--settings', 'pasted-url.json']);
      for (const result of [env, url]) {
        expect(result.code).toBe(2);
        expect(shows(result.output, value)).toEqual([]);
      }
      expect(env.output).toMatch(/participant number/);
      expect(url.output).toMatch(/absolute URL/);
    },
  );
});
