/**
 * `declaree-afas export --dry-run`, the built CLI against the simulator's loopback server: the dry
 * run shows what a real export of the same report sends, says which checks it could not run, and
 * ends with the exit code the help gives (issue #15).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_TOKEN_DATA,
  type RunningAfasSimulator,
  startAfasSimulator,
} from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let root: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  root = await mkdtemp(join(tmpdir(), 'declaree-dry-run-'));
}, 120_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A folder with the demo settings and report files; returns it and the report files by number. */
async function folder(settings: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(root, 'run-'));
  const names = await writeDemoFiles(dir, server.url, settings);
  const file = (number: string) => names.find((name) => name.startsWith(number)) ?? '';
  return { dir, file };
}

const dryRun = (dir: string, report: string, extra: string[] = [], token = DEMO_TOKEN_DATA) =>
  runCli(dir, ['export', report, '--settings', 'settings.json', '--dry-run', ...extra], {
    env: { AFAS_TOKEN: token },
  });

/** The FiEntries lines of a `--dry-run --json` run. */
function sentLines(stdout: string): Record<string, unknown>[] {
  type Lines = { Fields: Record<string, unknown> }[];
  const printed = JSON.parse(stdout) as {
    requests: {
      path: string;
      body: { FiEntryPar: { Element: { Objects: [{ FiEntries: { Element: Lines } }] } } };
    }[];
  };
  const body = printed.requests.find((r) => r.path === '/connectors/FiEntries')?.body;
  return (body?.FiEntryPar.Element.Objects[0].FiEntries.Element ?? []).map((line) => line.Fields);
}

describe('a dry run shows what a real export sends', () => {
  it('R-2026-0004: the 0 % VAT code the preflight leaves off is off in the table and the body, with its note', async () => {
    const { dir, file } = await folder();
    const table = await dryRun(dir, file('R-2026-0004'));
    expect(table.code, table.stderr).toBe(0);
    const line3 = table.stdout.split('\n').find((line) => /^ +3 +4600 /.test(line)) ?? '';
    expect(line3).toMatch(/ 9\.00 +none$/);
    expect(table.stdout).not.toContain('0 (0 %)');
    // The preflight's note says why.
    expect(table.stdout).toMatch(
      /\n {2}i .*\(expenses\[1\]\.vat\[0\]\.code\): VAT code \(btw-code\) 0 is left off: the expense has no VAT, and ledger account 4600 allows no VAT/,
    );

    const json = await dryRun(dir, file('R-2026-0004'), ['--json']);
    expect(json.code, json.stderr).toBe(0);
    const planned = sentLines(json.stdout);
    expect(planned.map((line) => line['VaId'])).toEqual([undefined, undefined, undefined]);

    // The real export sends exactly these lines.
    const real = await runCli(dir, ['export', file('R-2026-0004'), '--settings', 'settings.json'], {
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect(real.code, real.stdout).toBe(0);
    const [entry] = server.simulator.entries;
    expect(entry?.lines.map((line) => line.vatCode ?? undefined)).toEqual(
      planned.map((line) => line['VaId']),
    );
    expect(entry?.lines.map((line) => line.account)).toEqual(planned.map((line) => line['AcNr']));
  });

  it('a report approved in a blocked period: the dry run books on the date the export moves it to', async () => {
    const { dir, file } = await folder({ moveBlockedPeriod: true });
    const path = join(dir, file('R-2026-0001'));
    const report = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...report, approvedAt: '2026-02-10' })); // period 2 is blocked
    const table = await dryRun(dir, file('R-2026-0001'));
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^R-2026-0001: .*entry date 2026-03-01 \(moved from 2026-02-10: .*\), year 2026 period 3,/,
    );
    const json = await dryRun(dir, file('R-2026-0001'), ['--json']);
    const planned = sentLines(json.stdout);
    expect(new Set(planned.map((line) => `${line['EnDa']} ${line['BpDa']}`))).toEqual(
      new Set(['2026-03-01 2026-02-10']),
    );

    const real = await runCli(dir, ['export', file('R-2026-0001'), '--settings', 'settings.json'], {
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect(real.code, real.stdout).toBe(0);
    const [entry] = server.simulator.entries;
    expect(entry?.period).toBe(3);
    expect(new Set(entry?.lines.map((line) => `${line.entryDate} ${line.voucherDate}`))).toEqual(
      new Set(['2026-03-01 2026-02-10']),
    );
  });
});

describe('a dry run says which checks it could not run', () => {
  it('without the GetConnectors: each check not run is listed with why, and the summary says so (exit 0)', async () => {
    const { dir, file } = await folder();
    const result = await dryRun(dir, file('R-2026-0003'), [], DEMO_LIMITED_TOKEN_DATA);
    expect(result.code, result.stderr).toBe(0);
    for (const [connector, check] of [
      ['Profit_Accounts', 'ledger accounts exist'],
      ['Profit_VAT_code', 'VAT codes exist'],
      ['Profit_Creditor', 'the creditor exists'],
      ['Profit_Allocation_Assigments', 'allocation codes are assigned to the accounts'],
      ['Profit_periods_per_administration', "the entry date's period is open"],
    ]) {
      expect(result.stdout).toMatch(
        new RegExp(`\\n {2}– not checked \\(${connector} not authorised\\): ${check}`),
      );
    }
    expect(result.stdout).toMatch(
      /\nDry run: 1 report ready, not checked against AFAS: Profit_Accounts, .*Profit_Allocation_Assigments.* not authorised \(the checks marked – above\); nothing was sent\./,
    );
    expect(result.stdout).not.toMatch(/Dry run: 1 report ready;/);
    expect(server.simulator.entries).toEqual([]);

    const json = await dryRun(dir, file('R-2026-0003'), ['--json'], DEMO_LIMITED_TOKEN_DATA);
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as { skipped: { connector: string; reason: string }[] };
    expect(printed.skipped).toContainEqual(
      expect.objectContaining({ connector: 'Profit_Allocation_Assigments', reason: 'not-authorised' }),
    );
  });

  it('AFAS out of reach is not "not authorised": the dry run stops with exit 3, as the export would', async () => {
    const { dir, file } = await folder();
    const listener = createServer();
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    const { port } = listener.address() as AddressInfo;
    await new Promise((done) => listener.close(done));
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ ...settings, baseUrl: `http://127.0.0.1:${port}/ProfitRestServices` }),
    );
    const result = await dryRun(dir, file('R-2026-0001'), ['--retries', '0']);
    expect(result.code, result.stdout).toBe(3);
    expect(result.stdout).not.toContain('not authorised');
    expect(result.stdout).not.toContain('ready');
    expect(result.stderr).toMatch(/connection|reach/i);
  });

  it('with every GetConnector: nothing is listed as not checked', async () => {
    const { dir, file } = await folder();
    const result = await dryRun(dir, file('R-2026-0001'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('not checked');
    expect(result.stdout).toMatch(
      /\nDry run: 1 report ready; nothing was sent\. Run without --dry-run to book them\.\n$/,
    );
  });
});

describe('a report that is not ready', () => {
  it('R-2026-0003, which the preflight rejects: the dry run fails with exit 1 and names the expense and the fix', async () => {
    const { dir, file } = await folder();
    const result = await dryRun(dir, file('R-2026-0003'));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('R-2026-0003.json: not ready, nothing would be sent:');
    expect(result.stdout).toMatch(
      /✗ R-2026-0003, expense 2026-03-13 "Bloemen relatie" € 36\.30 \(expenses\[0\]\.project\.code\): Allocation code \(code verbijzondering\) PRJ001 is not assigned to ledger account 4500 .*: use this project only with categories whose account it is assigned to, or add the assignment in AFAS\./,
    );
    expect(result.stdout).toMatch(/\nDry run: 0 reports ready, 1 not ready \(above\); nothing was sent\.\n$/);
    const json = await dryRun(dir, file('R-2026-0003'), ['--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({ code: 'allocation-not-assigned' });
    expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('exits as a real export does, with the code the help gives for an invalid report', async () => {
    const { dir, file } = await folder();
    const help = await runCli(dir, ['export', '--help']);
    expect(help.stdout).toMatch(/Exit codes: .*1 AFAS refused something \(a report failed or was invalid/);
    const dry = await dryRun(dir, file('R-2026-0003'));
    const real = await runCli(dir, ['export', file('R-2026-0003'), '--settings', 'settings.json'], {
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect(real.stdout).toMatch(/R-2026-0003 +invalid/);
    expect([dry.code, real.code]).toEqual([1, 1]);
    // A report invalid in itself (an amount with a comma), before any check against AFAS: the same.
    const path = join(dir, file('R-2026-0001'));
    const report = JSON.parse(await readFile(path, 'utf8')) as { expenses: Record<string, unknown>[] };
    report.expenses[1] = { ...report.expenses[1], amount: '72,60' };
    await writeFile(join(dir, 'comma.json'), JSON.stringify(report));
    const dryComma = await dryRun(dir, 'comma.json');
    const realComma = await runCli(dir, ['export', 'comma.json', '--settings', 'settings.json'], {
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect([dryComma.code, realComma.code]).toEqual([1, 1]);
    expect(server.simulator.entries).toEqual([]);
  });
});

describe('each problem and note names its expense once: date, description, amount', () => {
  /** How often the text names the expense of `line`: its name, "Expense 2", "(id exp_5)", its description. */
  const namings = (line: string, description: string) =>
    [/\bexpense \d\b/gi, /\(id exp_\d+\)/g, new RegExp(description, 'g')].reduce(
      (sum, pattern) => sum + (line.match(pattern)?.length ?? 0),
      0,
    );

  it('a problem in the report itself (an amount with a comma): named as the preflight names one', async () => {
    const { dir, file } = await folder();
    const path = join(dir, file('R-2026-0001'));
    const report = JSON.parse(await readFile(path, 'utf8')) as { expenses: Record<string, unknown>[] };
    report.expenses[1] = { ...report.expenses[1], amount: '72,60' };
    await writeFile(join(dir, 'comma.json'), JSON.stringify(report));
    const result = await dryRun(dir, 'comma.json');
    const line = result.stdout.split('\n').find((l) => l.includes('expenses[1].amount')) ?? '';
    expect(line).toBe(
      '  ✗ R-2026-0001, expense 2026-03-05 "Lunch met klant" € 72,60 (expenses[1].amount): "72,60" is not an amount with at most two decimals and a dot as decimal separator (e.g. 12.50).',
    );
  });

  it('VAT that does not fit the amount: the expense named once', async () => {
    const { dir, file } = await folder();
    const path = join(dir, file('R-2026-0002'));
    const report = JSON.parse(await readFile(path, 'utf8')) as { expenses: Record<string, unknown>[] };
    // A refund whose VAT has the opposite sign.
    report.expenses[1] = {
      ...report.expenses[1],
      vat: [{ rate: 21, amount: '4.20', code: '1', code2: '1510' }],
    };
    await writeFile(join(dir, 'mismatch.json'), JSON.stringify(report));
    const result = await dryRun(dir, 'mismatch.json');
    expect(result.code).toBe(1);
    const line = result.stdout.split('\n').find((l) => l.includes('(expenses[1].vat)')) ?? '';
    expect(line).toMatch(
      /^ {2}✗ R-2026-0002, expense 2026-03-04 "Retour bureaulamp" € -24\.20 \(expenses\[1\]\.vat\): .*opposite signs/,
    );
    expect(namings(line, 'Retour bureaulamp')).toBe(1);
  });

  it("the preflight's note names its expense as the problems do", async () => {
    const { dir, file } = await folder();
    const result = await dryRun(dir, file('R-2026-0004'));
    const line = result.stdout.split('\n').find((l) => l.startsWith('  i ')) ?? '';
    expect(line).toMatch(
      /^ {2}i R-2026-0004, expense 2026-03-16 "Administratiekosten CJIB" € 9\.00 \(expenses\[1\]\.vat\[0\]\.code\): VAT code \(btw-code\) 0 is left off/,
    );
    expect(namings(line, 'Administratiekosten CJIB')).toBe(1);
  });
});
