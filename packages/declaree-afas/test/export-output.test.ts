/**
 * What a real `declaree-afas export` prints and writes, the built CLI against the simulator's
 * loopback server: "What AFAS now holds" and the export report (`--report`) read like the dry-run
 * table (same columns and header, amounts in euros, the VAT rate beside the code, the allocation
 * code, totals), and the run ends with its summary line (issue #15).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let root: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  root = await mkdtemp(join(tmpdir(), 'declaree-export-output-'));
}, 120_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function folder() {
  const dir = await mkdtemp(join(root, 'run-'));
  const reports = await writeDemoFiles(dir, server.url);
  return { dir, reports };
}

const env = { AFAS_TOKEN: DEMO_TOKEN_DATA };
const TABLE_HEADER = /Line +Account +Description +Debit \(EUR\) +Credit \(EUR\) +VAT code +Allocation code/;

/** The dry-run table of R-2026-0001, its lines without the head line. */
async function dryRunTable(dir: string): Promise<string[]> {
  const dry = await runCli(dir, ['export', 'R-2026-0001.json', '--settings', 'settings.json', '--dry-run'], {
    env,
  });
  expect(dry.code, dry.stderr).toBe(0);
  return dry.stdout.split('\n').slice(1, 13);
}

describe('what AFAS now holds', () => {
  it('reads like the dry-run table: header, euros, VAT code with rate, allocation code, totals', async () => {
    const { dir } = await folder();
    const table = await dryRunTable(dir);
    const result = await runCli(dir, ['export', 'R-2026-0001.json', '--settings', 'settings.json'], { env });
    expect(result.code, result.stdout).toBe(0);
    const holdings = result.stdout.slice(result.stdout.indexOf('What AFAS now holds'));
    const lines = holdings.split('\n');
    expect(lines[1]).toMatch(/^ {2}Entry 700\d\d \(invoice R-2026-0001\), dossier item 500\d\d:$/);
    expect(lines[2]).toMatch(new RegExp(`^ {4}${TABLE_HEADER.source}$`));
    // The lines AFAS holds are the lines the dry run showed, in the same columns.
    const rows = (text: string[]) =>
      text.filter((line) => /^ +\d+ +\d+ /.test(line)).map((line) => line.trim());
    const held = rows(lines.slice(2, 14));
    expect(held).toHaveLength(7);
    expect(held).toEqual(rows(table));
    expect(holdings).toMatch(/\n {7}1 {2}30001 +Declaratie R-2026-0001 Jan de Vries +139\.20\n/);
    expect(holdings).toMatch(/\n {7}2 {2}4100 +Reiskosten: .* 50\.00 +2 \(9 %\) +KP300\n/);
    expect(holdings).toMatch(/\n {4}-{4} .*\n {4} +Total +139\.20 +139\.20\n/);
  });
});

describe('the export report (--report)', () => {
  it('has the same columns, euro amounts, VAT rate, allocation code and totals', async () => {
    const { dir } = await folder();
    const result = await runCli(
      dir,
      ['export', 'R-2026-0001.json', '--settings', 'settings.json', '--report', 'export-report.md'],
      { env },
    );
    expect(result.code, result.stdout).toBe(0);
    const text = await readFile(join(dir, 'export-report.md'), 'utf8');
    expect(text).toContain(
      '| Line | Account | Description | Debit (EUR) | Credit (EUR) | VAT code | Allocation code |\n| ---: | --- | --- | ---: | ---: | --- | --- |\n',
    );
    expect(text).toContain('| 1 | 30001 | Declaratie R-2026-0001 Jan de Vries |  | 139.20 |  |  |');
    expect(text).toMatch(/\| 2 \| 4100 \| Reiskosten: [^|]+ \| 50\.00 \| {2}\| 2 \(9 %\) \| KP300 \|/);
    expect(text).toContain('|  |  | Total | 139.20 | 139.20 |  |  |');
  });
});

describe('a real export ends with its summary line', () => {
  it('after what AFAS now holds and where the export report is', async () => {
    const { dir, reports } = await folder();
    const result = await runCli(
      dir,
      ['export', ...reports, '--settings', 'settings.json', '--report', 'export-report.md'],
      { env },
    );
    expect(result.code).toBe(1); // R-2026-0003 is kept back by the preflight
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 exported, 1 invalid');
    expect(result.stdout.indexOf('What AFAS now holds')).toBeLessThan(
      result.stdout.indexOf('The export report is in export-report.md.'),
    );
    expect(result.stdout.indexOf('The export report is in')).toBeLessThan(
      result.stdout.lastIndexOf('3 exported, 1 invalid'),
    );
    // Said once, at the end.
    expect(result.stdout.match(/3 exported, 1 invalid/g)).toHaveLength(1);
  });
});

describe('colour on the built CLI', () => {
  it('none in a pipe or with NO_COLOR; FORCE_COLOR colours the results and the last line, the summary', async () => {
    const { dir } = await folder();
    const args = ['export', 'R-2026-0001.json', '--settings', 'settings.json', '--ledger', 'colour.db'];
    const forced = await runCli(dir, args, { env: { ...env, FORCE_COLOR: '1' } });
    expect(forced.code).toBe(0);
    const shown = forced.stdout.replaceAll('\u001b', '<ESC>');
    expect(shown).toMatch(/<ESC>\[32mR-2026-0001 +exported/);
    expect(shown.trimEnd().split('\n').at(-1)).toBe('<ESC>[1m1 exported<ESC>[22m');
    for (const extra of [{}, { NO_COLOR: '1' }]) {
      const plain = await runCli(dir, args, { env: { ...env, ...extra } });
      expect(plain.stdout).toMatch(/R-2026-0001 +already exported/);
      expect(plain.stdout).not.toContain('\u001b');
      expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe('1 already exported');
    }
  });
});

describe("a run that finishes an earlier run's export says which steps it did", () => {
  const ENTRY_EARLIER =
    'R-2026-0001: the financial entry (FiEntries) was already in AFAS (by an earlier run, or by hand); this run added the dossier item with the PDF (KnSubject) and the free fields (FiEntriesCustom).';

  it('in the results and in the export report; nothing extra when one run did it all, or none of it', async () => {
    const { dir } = await folder();
    const args = ['export', 'R-2026-0001.json', '--settings', 'settings.json', '--report', 'report.md'];
    // The first run books the entry; AFAS refuses the dossier item (once).
    server.simulator.inject({ fault: 'unauthorized', connector: 'KnSubject', method: 'POST' });
    const first = await runCli(dir, args, { env });
    expect(first.code, first.stdout).not.toBe(0);
    expect(first.stdout).toMatch(/R-2026-0001 +failed/);
    expect(server.simulator.entries).toHaveLength(1);
    expect(server.simulator.subjects).toHaveLength(0);

    // The second run finds the entry booked and adds the rest: the status is "already exported",
    // and a line under the table says what this run did.
    const second = await runCli(dir, args, { env });
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/R-2026-0001 +already exported/);
    expect(second.stdout.split('\n')).toContain(ENTRY_EARLIER);
    // What AFAS now holds shows the entry this run completed, with the dossier item it added.
    expect(second.stdout).toMatch(
      /What AFAS now holds:\n {2}Entry 700\d\d \(invoice R-2026-0001\), dossier item 500\d\d:/,
    );
    expect(server.simulator.entries).toHaveLength(1);
    expect(server.simulator.subjects).toHaveLength(1);
    const report = await readFile(join(dir, 'report.md'), 'utf8');
    expect(report).toContain(
      'The financial entry (FiEntries) was already in AFAS (by an earlier run, or by hand); this run added the dossier item with the PDF (KnSubject) and the free fields (FiEntriesCustom).',
    );
    expect(report).not.toMatch(/not booked again/);

    // A third run does nothing: already exported, with no line about steps.
    const third = await runCli(dir, args, { env });
    expect(third.code, third.stdout).toBe(0);
    expect(third.stdout).toMatch(/R-2026-0001 +already exported/);
    expect(third.stdout).not.toMatch(/this run added|already in AFAS/);

    // A run that does every step says nothing extra either.
    const fresh = await folder();
    const whole = await runCli(fresh.dir, ['export', 'R-2026-0002.json', '--settings', 'settings.json'], {
      env,
    });
    expect(whole.code, whole.stdout).toBe(0);
    expect(whole.stdout).toMatch(/R-2026-0002 +exported/);
    expect(whole.stdout).not.toMatch(/this run added|already in AFAS/);
  });
});
