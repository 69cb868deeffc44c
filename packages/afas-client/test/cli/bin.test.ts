import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  closedPort,
  ensureBuilt,
  FIXTURES,
  GENERATED,
  runBuilt,
  startSimulator,
  TOKEN_XML,
  UNKNOWN_TOKEN,
} from './support.js';

/** The built `afas` (dist/cli/bin.js, run with node) against the simulator's local server. */
let simulator: Awaited<ReturnType<typeof startSimulator>>;
beforeAll(async () => {
  await ensureBuilt();
  await mkdir(GENERATED, { recursive: true });
  simulator = await startSimulator();
}, 60_000);
afterAll(() => simulator?.close());

const afas = (args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runBuilt(args, {
    env: options.env ?? simulator.env,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });

describe('the built afas command', () => {
  it('helps, and exits 2 without a command', async () => {
    const help = await afas(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: afas <command>');
    expect((await afas([])).code).toBe(2);
  });

  it('token: prints the header from stdin; refuses a malformed token with exit 2 and no stack', async () => {
    const ok = await afas(['token', '-'], { stdin: TOKEN_XML });
    expect(ok).toEqual({
      code: 0,
      stdout: `AfasToken ${Buffer.from(TOKEN_XML).toString('base64')}\n`,
      stderr: '',
    });
    const bad = await afas(['token', '<token><data>XYZ</data>'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^afas: The token XML has no single <token> element\.\n/);
    expect(bad.stderr).not.toContain('    at ');
  });

  it('url: prints the base URL; exit 2 for a name that is no environment', async () => {
    expect(await afas(['url', 'T12345AA'])).toEqual({
      code: 0,
      stdout: 'https://12345.resttest.afas.online/ProfitRestServices\n',
      stderr: '',
    });
    expect((await afas(['url', 'Q1'])).code).toBe(2);
  });

  it('check: exit 0 with version and connectors; 1 for a token AFAS refuses; 3 when unreachable', async () => {
    const ok = await afas(['check']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Reachable         yes, Profit 22.22.5');
    expect(ok.stdout).toContain('UpdateConnectors (3)');

    const refused = await afas(['check'], { env: { ...simulator.env, AFAS_TOKEN: UNKNOWN_TOKEN } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 401');
    expect(refused.stderr).not.toContain(UNKNOWN_TOKEN);

    const port = await closedPort();
    const down = await afas(['check', '--retries', '0'], {
      env: { AFAS_BASE_URL: `http://127.0.0.1:${port}/ProfitRestServices`, AFAS_TOKEN: TOKEN_XML },
    });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('ECONNREFUSED');
  });

  it('get: streams CSV of every row; exit 1 for an unknown connector, 2 for --all without --order-by', async () => {
    const csv = await afas([
      'get',
      'Profit_Accounts',
      '--all',
      '--order-by',
      'Account',
      '--where',
      'Account @ 4',
      '--format',
      'csv',
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^Account,Description,/);
    expect(lines.slice(1, -1).every((line) => line.startsWith('4'))).toBe(true);

    const unknown = await afas(['get', 'Profit_Acounts']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/niet ondersteund.*AFAS log reference [0-9A-F]{32}/);

    const unordered = await afas(['get', 'Profit_Accounts', '--all']);
    expect(unordered.code).toBe(2);
    expect(unordered.stderr).toContain('--all needs --order-by.');
  });

  it('meta: prints GetConnector metainfo as JSON', async () => {
    const result = await afas(['meta', 'get', 'Profit_Accounts']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).name).toBe('Profit_Accounts');
  });

  it('insert, update, delete: a dossier item from stdin, changed, deleted; exit 2 for an invalid body', async () => {
    const inserted = await afas(['insert', 'KnSubject', '-'], {
      stdin: '{"Fields": {"StId": 31, "Ds": "Built CLI"}}',
    });
    expect(inserted.code).toBe(0);
    const id: string = JSON.parse(inserted.stdout).keys.SbId;

    const updated = await afas(['update', 'KnSubject', '-'], {
      stdin: JSON.stringify({ '@SbId': Number(id), Fields: { Ds: 'Renamed' } }),
    });
    expect(updated.code).toBe(0);

    expect((await afas(['delete', 'KnSubject', 'KnSubject', `@SbId=${id}`])).code).toBe(0);
    const gone = await afas(['delete', 'KnSubject', 'KnSubject', `@SbId=${id}`]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('DELETE KnSubject failed with HTTP 500');

    const invalid = await afas(['insert', 'KnSubject', '-'], { stdin: '{"Fields": [1, 2]}' });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('stdin is not an UpdateConnector body: Fields must be an object');
  });

  it('codegen: writes types from saved metainfo; exit 2 for a connector the token may not use', async () => {
    const out = join(GENERATED, 'built.generated.ts');
    const result = await afas([
      'codegen',
      '--from-file',
      join(FIXTURES, 'FiEntries.update.json'),
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('export const FiEntriesElement = z.object({');
    const unknown = await afas(['codegen', 'Profit_Debtor', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Profit_Debtor: not among the connectors this token may use.');
  });

  it('simulator: prints URL and token, serves until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0'], {
      env: { PATH: process.env['PATH'] ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Stop with Ctrl-C.')) resolve();
      });
      // Fail with what it said rather than a bare timeout.
      child.on('close', (code) => reject(new Error(`simulator exited ${code}: ${stderr}`)));
    });
    const url = /listening on (\S+)/.exec(stdout)?.[1] ?? '';
    expect(stdout).toContain(`Token: ${TOKEN_XML}`);
    expect((await afas(['check'], { env: { AFAS_BASE_URL: url, AFAS_TOKEN: TOKEN_XML } })).code).toBe(0);
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  }, 15_000);
});
