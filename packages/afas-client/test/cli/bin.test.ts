import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import {
  BIN,
  closedPort,
  ensureBuilt,
  FIXTURES,
  flatDescription,
  GENERATED,
  helpEntry,
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
  simulator.simulator.addGetConnector('Excel_Amounts', [
    { Id: 1, Name: 'Financiële mutatie', Amount: 1234.56 },
    { Id: 2, Name: 'Café; bar', Amount: -7.5 },
  ]);
}, 60_000);
afterAll(() => simulator?.close());

const afas = (args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runBuilt(args, {
    env: options.env ?? simulator.env,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });

/** Every command and sub-command, with the flags its help must list (a sub-command's are its command's). */
const HELPS = COMMANDS.flatMap((command) => [
  { argv: [command.name], command },
  ...(command.name === 'meta'
    ? [
        { argv: ['meta', 'get'], command },
        { argv: ['meta', 'update'], command },
      ]
    : []),
  ...(command.name === 'token'
    ? [
        { argv: ['token', 'request'], command },
        { argv: ['token', 'activate'], command },
      ]
    : []),
]);

describe('the built afas: help for every command and sub-command', () => {
  it.each(HELPS.map(({ argv, command }) => [argv.join(' '), argv, command] as const))(
    '`afas %s --help` exits 0 and lists every flag it declares, with its description',
    async (_, argv, command) => {
      const help = await afas([...argv, '--help']);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout.startsWith(`Usage: afas ${command.name}`)).toBe(true);
      for (const [flag, spec] of Object.entries(command.flags)) {
        const entry = helpEntry(help.stdout, flag);
        expect(entry, `--${flag}`).toBeDefined();
        expect(entry?.endsWith(` ${flatDescription(spec.description)}`), `--${flag}`).toBe(true);
      }
      expect(help.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
    },
  );

  it('`afas help <command>` is the same help; a mistyped command gets "Did you mean"', async () => {
    expect((await afas(['help', 'get'])).stdout).toBe((await afas(['get', '--help'])).stdout);
    const typo = await afas(['gte', 'Profit_Accounts']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^afas: Unknown command "gte"\. Did you mean get\?\n/);
  });
});

describe('the built afas get: columns, delimiter, Excel, empty columns last', () => {
  it('--columns shows only those fields, in that order; a typo gets the nearest field', async () => {
    const result = await afas([
      'get',
      'Profit_Accounts',
      '--take',
      '2',
      '--order-by',
      'Account',
      '--format',
      'csv',
      '--columns',
      'Description,Account',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Description,Account\r\nTe vorderen btw hoog,1510\r\nTe vorderen btw laag,1520\r\n',
      stderr: '',
    });
    const typo = await afas(['get', 'Profit_Accounts', '--take', '1', '--columns', 'Acount']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean Account?');
  });

  it("--delimiter ';' separates with ; and quotes a value holding one", async () => {
    const result = await afas([
      'get',
      'Excel_Amounts',
      '--order-by',
      'Id',
      '--format',
      'csv',
      '--delimiter',
      ';',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Id;Name;Amount\r\n1;Financiële mutatie;1234.56\r\n2;"Café; bar";-7.5\r\n');
  });

  it('--excel writes the bytes Dutch Excel needs: a UTF-8 BOM, ; and decimal commas', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, 'get', 'Excel_Amounts', '--order-by', 'Id', '--excel'],
      { env: { PATH: process.env['PATH'] ?? '', ...simulator.env }, encoding: 'buffer' },
    );
    expect([...stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(stdout.subarray(3)).toEqual(
      Buffer.from('Id;Name;Amount\r\n1;Financiële mutatie;1234,56\r\n2;"Café; bar";-7,5\r\n', 'utf8'),
    );
  });

  it('a table puts the columns empty in every row last (without --columns)', async () => {
    const args = ['get', 'Profit_Accounts', '--take', '3', '--order-by', 'Account'];
    const table = await afas([...args, '--format', 'table']);
    expect(table.code, table.stderr).toBe(0);
    const header = (table.stdout.split('\n')[0] ?? '').trim().split(/\s{2,}/);
    const rows = JSON.parse((await afas(args)).stdout) as Record<string, unknown>[];
    const keys = Object.keys(rows[0] ?? {});
    const empty = keys.filter((key) => rows.every((row) => row[key] === null || row[key] === ''));
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThan(keys.length);
    // The same columns, the empty ones moved to the end, each group in the rows' own order.
    expect(header).toEqual([...keys.filter((key) => !empty.includes(key)), ...empty]);
    expect(header).not.toEqual(keys);
  });
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
