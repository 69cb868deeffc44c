import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_TOKEN_DATA,
  type RunningAfasSimulator,
  startAfasSimulator,
} from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { demoReports, demoSettings } from '../src/demo/samples.js';
import { sqliteLedger } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let server: RunningAfasSimulator;
let dir: string;

beforeAll(async () => {
  await build();
  server = await startAfasSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-afas-cli-'));
});
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const BIN = join(ROOT, 'packages/declaree-afas/dist/cli/bin.js');

/** Builds both packages (tsc only: other test files may be reading dist meanwhile). */
async function build() {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  for (const pkg of ['afas-client', 'declaree-afas']) {
    await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: join(ROOT, 'packages', pkg) });
  }
}

/** Runs the built `declaree-afas` in the test's directory and captures what it prints. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
  const { port } = listener.address() as AddressInfo;
  await new Promise((done) => listener.close(done));
  return port;
}

/** Writes the demo settings (without the token unless given) and the demo reports, with their PDFs as files. */
async function files(options: { token?: string | undefined } = {}) {
  const { token: _token, ...settings } = demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA });
  await writeFile(
    join(dir, 'settings.json'),
    JSON.stringify(options.token ? { ...settings, token: options.token } : settings),
  );
  const paths: string[] = [];
  for (const report of demoReports()) {
    const { pdf, ...rest } = report;
    await writeFile(join(dir, `${report.number}.pdf`), pdf as Uint8Array);
    await writeFile(
      join(dir, `${report.number}.json`),
      JSON.stringify({ ...rest, pdf: `${report.number}.pdf` }),
    );
    paths.push(`${report.number}.json`);
  }
  return paths;
}

describe('declaree-afas check', () => {
  it('prints a passing checklist with the token from AFAS_TOKEN', async () => {
    await files();
    const result = await cli(['check', '--settings', 'settings.json'], { AFAS_TOKEN: DEMO_TOKEN_DATA });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /✓ update-connectors: FiEntries, KnSubject and FiEntriesCustom are authorised/,
    );
    expect(result.stdout).toMatch(/Ready to export/);
  });

  it('fails with the missing UpdateConnectors and where to add them', async () => {
    await files({ token: DEMO_LIMITED_TOKEN_DATA });
    const result = await cli(['check', '--settings', 'settings.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ update-connectors: .*Financiële mutatie \(FiEntries\)/);
    expect(result.stdout).toMatch(/→ Add them under Algemeen > Beheer > App connector/);
  });

  it.each([
    ['a malformed token', { token: 'not a token' }, /token/],
    ['no token at all', {}, /No AFAS token: .*AFAS_TOKEN_FILE.*AFAS_TOKEN.*\n.*AFAS_TOKEN_FILE.*profile/],
  ])('refuses settings with %s (exit 2) without echoing the secret', async (_name, options, message) => {
    await files(options);
    const result = await cli(['check', '--settings', 'settings.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('not a token');
  });

  it('without a token, the hint names AFAS_TOKEN_FILE and a profile, never the settings file', async () => {
    await files();
    const result = await cli(['check', '--settings', 'settings.json']);
    expect(result.code).toBe(2);
    const hint = result.stderr.split('\n').slice(1).join('\n');
    expect(hint).toMatch(/AFAS_TOKEN_FILE/);
    expect(hint).toMatch(/--profile/);
    expect(result.stderr).not.toMatch(/put "token"|"token" in the settings|settings file \(readable/i);
  });

  it('a token written into the settings file is still read, with a warning that does not repeat it', async () => {
    await files({ token: DEMO_TOKEN_DATA });
    const result = await cli(['check', '--settings', 'settings.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning: settings\.json holds the AFAS token as text\. Move it out: AFAS_TOKEN_FILE/,
    );
    expect(result.stderr + result.stdout).not.toContain(DEMO_TOKEN_DATA.slice(0, 16));
  });

  it('prints what to do once: a bad token in the settings is listed with the forms AFAS shows', async () => {
    await files({ token: 'not a token' });
    const result = await cli(['check', '--settings', 'settings.json']);
    expect(result.stderr).toMatch(
      /^declaree-afas: warning: settings\.json holds the AFAS token as text[^\n]*\ndeclaree-afas: The settings in settings\.json are not valid:\n {2}token: The token is in none of the accepted forms\. Paste the token as AFAS shows it \(<token>/,
    );
    expect(result.stderr.split('Paste the token').length - 1).toBe(1);
    expect(result.stderr).not.toContain('not a token');
  });

  it('reads the token as afas does (AFAS_TOKEN_FILE before AFAS_TOKEN), and AFAS_BASE_URL for a missing baseUrl', async () => {
    await files(); // settings without the token
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { baseUrl: _baseUrl, ...withoutBaseUrl } = settings;
    await writeFile(join(dir, 'settings.json'), JSON.stringify(withoutBaseUrl));
    await writeFile(join(dir, 'token.txt'), DEMO_TOKEN_DATA);
    const result = await cli(['check', '--settings', 'settings.json'], {
      AFAS_TOKEN_FILE: 'token.txt',
      AFAS_TOKEN: 'not a token',
      AFAS_BASE_URL: server.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Ready to export/);
  });

  it('AFAS_ENVIRONMENT, AFAS_ENVIRONMENT_KIND and AFAS_LANGUAGE give what the settings leave out, as for afas', async () => {
    const paths = await files();
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { baseUrl: _baseUrl, environment: _environment, ...rest } = settings;
    await writeFile(join(dir, 'settings.json'), JSON.stringify(rest));
    const reports = paths.filter((path) => /R-2026-000[13]/.test(path));
    const result = await cli(['export', ...reports, '--settings', 'settings.json', '--no-preflight'], {
      AFAS_TOKEN: DEMO_TOKEN_DATA,
      AFAS_BASE_URL: server.url,
      AFAS_ENVIRONMENT: '12345',
      AFAS_ENVIRONMENT_KIND: 'accept',
      AFAS_LANGUAGE: 'nl-nl',
    });
    expect(result.code, result.stderr).toBe(1); // R-2026-0003 is refused by AFAS (no preflight)
    expect(result.stdout).toMatch(/Code verbijzondering \S+ is niet toegewezen aan rekening/); // Dutch, from nl-nl
    const { DatabaseSync } = await import('node:sqlite');
    const ledger = new DatabaseSync(join(dir, 'declaree-afas.db'));
    const booked = ledger
      .prepare("SELECT participant, environment_kind FROM exports WHERE report_number = 'R-2026-0001'")
      .all();
    ledger.close();
    expect(booked).toEqual([{ participant: '12345', environment_kind: 'accept' }]);
  });

  it('settings without an environment name both places to give it: the settings or AFAS_ENVIRONMENT', async () => {
    await files();
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { baseUrl: _baseUrl, environment: _environment, ...rest } = settings;
    await writeFile(join(dir, 'settings.json'), JSON.stringify(rest));
    const result = await cli(['check', '--settings', 'settings.json'], { AFAS_TOKEN: DEMO_TOKEN_DATA });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /environment: environment is missing: add "environment" to the settings \(e\.g\. "O12345AA"[^\n]*\), or set AFAS_ENVIRONMENT/,
    );
  });

  it('every command has its own help, generated from its flags; a mistyped flag gets a suggestion', async () => {
    for (const command of ['check', 'export', 'watch', 'ledger', 'demo']) {
      const help = await cli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: declaree-afas ${command}`));
    }
    expect((await cli(['export', '--help'])).stdout).toMatch(
      /--dry-run +check as the export does and show each entry/,
    );
    expect((await cli(['demo', '--help'])).stdout).not.toContain('Connection check'); // it did not run the demo
    const typo = await cli(['export', 'x.json', '--settings', 'settings.json', '--dryrun']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Unknown flag --dryrun. Did you mean --dry-run?');
  });

  it('refuses a missing settings file and unknown flags', async () => {
    expect((await cli(['check', '--settings', 'nope.json'])).stderr).toMatch(
      /The settings file nope.json does not exist: check the path/,
    );
    expect((await cli(['check', '--settngs', 'x'])).code).toBe(2);
    expect((await cli(['launch'])).code).toBe(2);
  });
});

describe('declaree-afas export', () => {
  it('exports the reports, remembers them in the SQLite ledger, and ends with a per-report table', async () => {
    const reports = await files({ token: DEMO_TOKEN_DATA });
    const result = await cli([
      'export',
      ...reports,
      '--settings',
      'settings.json',
      '--ledger',
      'exports.db',
      '--concurrency',
      '2',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/R-2026-0001 +exported +700\d\d +500\d\d/);
    // The preflight (on by default) keeps the report with the mapping mistake back.
    expect(result.stdout).toMatch(/R-2026-0003 +invalid/);
    expect(result.stdout).toMatch(/R-2026-0003: fix in Declaree, nothing was sent/);
    expect(result.stdout).toMatch(/PRJ001 is not assigned to ledger account 4500/);
    // The expense named as the bookkeeper finds it in Declaree: date, description, amount.
    expect(result.stdout).toMatch(
      /✗ R-2026-0003, expense 2026-\d\d-\d\d "[^"]+" € \d+\.\d\d \(expenses\[\d\]\.project\.code\): /,
    );
    expect(result.stdout).toMatch(/3 exported, 1 invalid/);
    expect(server.simulator.entries).toHaveLength(3);
    // Then what AFAS now holds, read back from AFAS: each booked entry's lines.
    const holdings = result.stdout.slice(result.stdout.indexOf('What AFAS now holds:'));
    expect(holdings).toMatch(
      /^What AFAS now holds:\n {2}Entry 700\d\d \(invoice R-2026-000\d\), dossier item 500\d\d:\n/,
    );
    const first = server.simulator.entries.find((e) => e.lines.some((l) => l.invoiceId === 'R-2026-0001'))!;
    for (const line of first.lines) {
      const amount = (line.debit || line.credit).toFixed(2);
      expect(holdings).toMatch(new RegExp(` ${line.seqNo} +${line.account} .*${amount.replace('.', '\\.')}`));
    }
    expect(holdings.match(/^ {2}Entry /gm)).toHaveLength(3);

    // With --no-preflight it is sent, and AFAS's refusal is explained.
    const unchecked = await cli([
      'export',
      reports[2]!,
      '--settings',
      'settings.json',
      '--ledger',
      'exports.db',
      '--no-preflight',
    ]);
    expect(unchecked.code).toBe(1);
    expect(unchecked.stdout).toMatch(/R-2026-0003 +failed/);
    expect(unchecked.stdout).toMatch(/Fix: Use project 'PRJ001' only with categories/);
    expect(unchecked.stdout).toMatch(
      /AFAS: .*Voor code verbijzondering 'PRJ001'.*\(log reference [0-9A-F]{32}\)/,
    );
    expect(server.simulator.entries).toHaveLength(3);
    const ledger = sqliteLedger(join(dir, 'exports.db'));
    const [record] = await ledger.findByReport('rep_7f3a01');
    await ledger.close();
    expect(record?.key).toMatchObject({
      participant: '12345',
      environmentKind: 'production',
      invoiceNumber: 'R-2026-0001',
    });
    expect(record?.steps).toMatchObject({
      entry: { status: 'done', data: { entryNo: expect.stringMatching(/^700\d\d$/) } },
      dossier: { status: 'done', data: { subjectId: expect.stringMatching(/^500\d\d$/) } },
      freeFields: { status: 'done' },
    });

    const again = await cli(['export', reports[0]!, '--settings', 'settings.json', '--ledger', 'exports.db']);
    expect(again.code).toBe(0);
    const entryNo = String(record?.steps['entry']?.data?.['entryNo']);
    expect(again.stdout).toMatch(new RegExp(`R-2026-0001 +already exported +${entryNo} `));
    expect(server.simulator.entries).toHaveLength(3);
  });

  it('a dry run shows each booking as the journal-entry screen does, with totals, and sends nothing', async () => {
    const [first] = await files({ token: DEMO_TOKEN_DATA });
    const result = await cli(['export', first!, '--settings', 'settings.json', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^R-2026-0001: journal \(dagboek\) 70, administration 1, entry date 2026-03-\d\d, year 2026 period 3, invoice number R-2026-0001$/,
    );
    expect(lines[1]).toMatch(
      /^Line +Account +Description +Debit \(EUR\) +Credit \(EUR\) +VAT code +Allocation code$/,
    );
    // The creditor line owes the employee the total; cost lines show the VAT code with its rate.
    expect(result.stdout).toMatch(/\n +1 +30001 +.+ +\d+\.\d\d\n/);
    expect(result.stdout).toMatch(/ 1 \(21 %\)/);
    const total = lines.find((line) => /^ +Total /.test(line));
    const [debit, credit] = [...(total ?? '').matchAll(/\d+\.\d\d/g)].map(([amount]) => amount);
    expect(debit).toBeDefined();
    expect(debit).toBe(credit);
    expect(result.stdout).toMatch(/Dry run: 1 report ready; nothing was sent\./);
    expect(result.stdout).not.toContain('FiEntryPar');
    expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a dry run with --json prints the exact bodies and sends nothing', async () => {
    const [first] = await files({ token: DEMO_TOKEN_DATA });
    const result = await cli(['export', first!, '--settings', 'settings.json', '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      'POST /connectors/FiEntries',
      'POST /connectors/KnSubject',
      'PUT /connectors/FiEntriesCustom',
    ]);
    expect(printed.requests[0].body.FiEntryPar.Element.Fields).toEqual({
      Year: 2026,
      Peri: 3,
      UnId: 1,
      JoCo: '70',
    });
    expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an invalid report file lists the problems per field (exit 1) and a broken one is a usage error (exit 2)', async () => {
    await files({ token: DEMO_TOKEN_DATA });
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({
        id: 'x1',
        number: 'R-9',
        status: 'approved',
        currency: 'USD',
        user: { name: 'A' },
        expenses: [],
        pdfBase64: 'JVBERi0=',
      }),
    );
    const invalid = await cli(['export', 'bad.json', '--settings', 'settings.json', '--ledger', 'j2.db']);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/R-9 +invalid/);
    expect(invalid.stdout).toMatch(/currency/i);

    await writeFile(join(dir, 'nopdf.json'), JSON.stringify({ id: 'x2', number: 'R-10' }));
    const noPdf = await cli(['export', 'nopdf.json', '--settings', 'settings.json', '--ledger', 'j3.db']);
    expect(noPdf.code).toBe(1);
    expect(noPdf.stdout).toMatch(/R-10 +invalid/);
    expect(noPdf.stdout).toMatch(/The report has no PDF.*"pdf".*"pdfBase64"/);

    await writeFile(join(dir, 'broken.json'), '{ "id": ');
    const broken = await cli(['export', 'broken.json', '--settings', 'settings.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken.json is not valid JSON/);
  });

  it('an AFAS that refuses connections exits 3 and says nothing reached it; a rerun then books the report', async () => {
    const reports = await files({ token: DEMO_TOKEN_DATA });
    const port = await closedPort();
    const settingsFile = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ ...settingsFile, baseUrl: `http://127.0.0.1:${port}/ProfitRestServices` }),
    );
    const args = ['export', reports[0]!, '--settings', 'settings.json', '--ledger', 'j3.db'];
    const result = await cli([...args, '--retries', '0']);
    expect(result.code, result.stdout).toBe(3);
    expect(result.stdout).toMatch(/R-2026-0001 +failed/);
    // Settings without a language: the CLI explains in English (its documented default).
    expect(result.stdout).toContain('nothing reached AFAS');
    expect(result.stdout).toContain('sending again is safe');
    expect(result.stdout).not.toContain(DEMO_TOKEN_DATA);
    // With language nl-nl, in Dutch.
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        ...settingsFile,
        language: 'nl-nl',
        baseUrl: `http://127.0.0.1:${port}/ProfitRestServices`,
      }),
    );
    const dutch = await cli([...args, '--retries', '0']);
    expect(dutch.stdout).toContain('AFAS is niet bereikbaar');
    expect(dutch.stdout).not.toContain('nothing reached AFAS');

    await writeFile(join(dir, 'settings.json'), JSON.stringify(settingsFile));
    const rerun = await cli(args);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toMatch(/R-2026-0001 +exported/);
    expect(server.simulator.entries).toHaveLength(1);
  });
});

describe('progress lines', () => {
  it('are written to a terminal only: none into a pipe or a log file', async () => {
    const reports = await files();
    const args = ['export', reports[0]!, reports[1]!, '--settings', 'settings.json', '--concurrency', '1'];
    const piped = await cli([...args, '--ledger', 'progress-piped.db'], { AFAS_TOKEN: DEMO_TOKEN_DATA });
    expect(piped.code, piped.stdout).toBe(0);
    expect(piped.stderr).toBe('');

    server.simulator.reset();
    const stderr: string[] = [];
    const code = await run([...args, '--ledger', 'progress-tty.db'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => stderr.push(chunk), isTTY: true },
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stderr.join('')).toBe('[1/2] R-2026-0001: exported\n[2/2] R-2026-0002: exported\n');
    // In the words of the results table, not the status ids.
    const again: string[] = [];
    await run([...args, '--ledger', 'progress-tty.db'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => again.push(chunk), isTTY: true },
      env: { AFAS_TOKEN: DEMO_TOKEN_DATA },
      cwd: dir,
    });
    expect(again.join('')).toContain('[1/2] R-2026-0001: already exported\n');
  });
});

describe('the export report (--report)', () => {
  it("writes each report's outcome, entry lines as AFAS holds them and dossier item, as Markdown or HTML", async () => {
    const reports = await files({ token: DEMO_TOKEN_DATA });
    const args = ['export', ...reports, '--settings', 'settings.json', '--ledger', 'report.db'];
    const md = await cli([...args, '--report', 'export-report.md']);
    expect(md.code).toBe(1); // R-2026-0003 is kept back by the preflight
    expect(md.stdout).toContain('The export report is in export-report.md.');
    const text = await readFile(join(dir, 'export-report.md'), 'utf8');
    expect(text).toMatch(/^# Export of Declaree expense reports to AFAS\n/);
    expect(text).toMatch(/\| R-2026-0001 \| exported \| 700\d\d \| 500\d\d \| R-2026-0001 \|/);
    expect(text).toMatch(
      /## R-2026-0003: invalid: nothing was sent\n\nTo fix in Declaree:\n\n- expense 2026-\d\d-\d\d "[^"]+" € \d+\.\d\d \(expenses\[\d\]\.project\.code\): .*PRJ001/,
    );
    const entry = server.simulator.entries.find((e) => e.lines.some((l) => l.invoiceId === 'R-2026-0001'))!;
    for (const line of entry.lines) {
      expect(text).toMatch(new RegExp(`\\| ${line.seqNo} \\| ${line.account} \\|`));
    }

    const html = await cli([...args, '--report', 'export-report.html']);
    expect(html.code).toBe(1);
    const page = await readFile(join(dir, 'export-report.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h2>R-2026-0001: already exported</h2>');
    expect(page).not.toMatch(
      /<(?!\/?(?:html|head|meta|title|body|h1|h2|p|li|table|thead|tbody|tr|th|td)\b|!doctype)/,
    );
  });

  it('is refused before anything is sent when its folder is missing, or in a dry run', async () => {
    const reports = await files({ token: DEMO_TOKEN_DATA });
    const args = ['export', reports[0]!, '--settings', 'settings.json', '--ledger', 'report2.db'];
    const missing = await cli([...args, '--report', 'no/such/folder/report.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot write the export report to no\/such\/folder\/report\.md/);
    const dry = await cli([...args, '--dry-run', '--report', 'r.md']);
    expect(dry.code).toBe(2);
    expect(server.simulator.entries).toHaveLength(0);
  });
});

describe('colour', () => {
  it('on a terminal marks each report by its status; none with NO_COLOR or TERM=dumb, nor in a pipe', async () => {
    const reports = await files({ token: DEMO_TOKEN_DATA });
    const exportTo = async (ledger: string, env: Record<string, string>) => {
      const out: string[] = [];
      const code = await run(['export', reports[0]!, '--settings', 'settings.json', '--ledger', ledger], {
        stdout: { write: (chunk: string) => out.push(chunk), isTTY: true },
        stderr: { write: () => true },
        env,
        cwd: dir,
      });
      // ESC shown as <ESC>, so the patterns below hold no control character.
      return { code, text: out.join('').replaceAll('\u001b', '<ESC>') };
    };
    const coloured = await exportTo('colour.db', {});
    expect(coloured.code).toBe(0);
    expect(coloured.text).toMatch(/<ESC>\[32mR-2026-0001 +exported.*<ESC>\[39m/);
    expect(coloured.text).toMatch(/<ESC>\[1m1 exported<ESC>\[22m/); // the summary line
    const again = await exportTo('colour.db', {});
    expect(again.text).toMatch(/<ESC>\[2mR-2026-0001 +already exported/);
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const plain = await exportTo('colour.db', env);
      expect(plain.text).toMatch(/R-2026-0001 +already exported/);
      expect(plain.text).not.toContain('<ESC>');
    }
    const piped = await cli(['export', reports[0]!, '--settings', 'settings.json', '--ledger', 'colour.db']);
    expect(piped.stdout).not.toContain('\u001b[');
  });
});

describe('declaree-afas demo', () => {
  it('`declaree-afas demo` runs the main job with no configuration', async () => {
    const { code, stdout } = await cli(['demo']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/R-2026-0001 +exported/);
    expect(stdout).toMatch(/R-2026-0003 +invalid/);
    expect(stdout).toMatch(/R-2026-0003 +failed/); // step 4, sent without the preflight
    expect(stdout).toMatch(/R-2026-0001 +already exported/);
    expect(stdout).toMatch(/Dossier item 500\d\d .* holding Declaratie R-2026-0001\.pdf/);
    // What AFAS holds reads as after a real export: AFAS's lines, with amounts in € and VAT rates.
    const holdings = stdout.slice(stdout.indexOf('6. What AFAS now holds:'));
    expect(holdings).toMatch(
      /Entry 700\d\d \(invoice R-2026-0001\), dossier item 500\d\d:\n +Line +Account +Description +Debit \(EUR\) +Credit \(EUR\) +VAT code/,
    );
    expect(holdings).toMatch(/4500 +Representatie: Lunch met klant +60\.00 +1 \(21 %\) +KP100/);
    expect(stdout).not.toContain(DEMO_TOKEN_DATA);
  });
});
