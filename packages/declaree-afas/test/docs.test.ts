/**
 * Every code sample of README.md, the package READMEs and docs/*.md is run as written.
 *
 * - Each ```ts block is written to a file inside this package (so that `afas-client` and
 *   `declaree-afas` resolve as they would for a user, to the built packages) and run with Node's type
 *   stripping, after `docs/prelude.ts`: requests for AFAS environment 12345 go to the simulator's
 *   loopback server, and the placeholders the samples leave undefined (`afas`, `handle`, `report` …)
 *   are given. A sample that imports `vitest` is a test file and is run by vitest.
 * - Each command line of docs/cli.md's and docs/declaree-afas.md's ```sh blocks that starts with `afas`
 *   or `declaree-afas` is run by `sh` with both built CLIs on PATH, against the same simulator. A
 *   synopsis (`<connector>`, `[--json]`) is not run: its command's `--help` must exist and name every
 *   flag it shows.
 *
 * A block marked ```ts no-run <reason> (or ```sh no-run <reason>) is skipped; the reason is required.
 * Not run: lines starting with `npx` or `pnpm` (they go through a package manager), the other docs'
 * shell blocks (install, test and bench commands).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AfasClient } from 'afas-client';
import {
  DEMO_TOKEN_DATA,
  demoSeed,
  type RunningAfasSimulator,
  startAfasSimulator,
} from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoReports, demoSettings } from '../src/demo/samples.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGE = resolve(import.meta.dirname, '..');
/** Inside the package (gitignored), so that bare imports resolve as in a user's project. */
const SAMPLES = join(PACKAGE, '.doc-samples');
const PRELUDE = join(import.meta.dirname, 'docs/prelude.ts');
const TOKEN_XML = `<token><version>1</version><data>${DEMO_TOKEN_DATA}</data></token>`;
const BINS = {
  afas: join(ROOT, 'packages/afas-client/dist/cli/bin.js'),
  'declaree-afas': join(ROOT, 'packages/declaree-afas/dist/cli/bin.js'),
};

interface Sample {
  readonly doc: string;
  readonly line: number;
  readonly lang: string;
  /** The reason after `no-run`, when the block carries the marker. */
  readonly noRun: string | undefined;
  readonly code: string;
}

const DOCS = [
  'README.md',
  'packages/afas-client/README.md',
  'packages/declaree-afas/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The fenced blocks of a Markdown file, with their info strings. */
function fencedBlocks(doc: string, text: string): Sample[] {
  const blocks: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)(.*)$/.exec(lines[i] ?? '');
    if (!open) {
      if (lines[i]?.startsWith('```')) i = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      if (i < 0) break;
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const info = (open[2] ?? '').trim();
    const noRun = /^no-run\b\s*(.*)$/.exec(info);
    blocks.push({
      doc,
      line: i + 1,
      lang: open[1] ?? '',
      noRun: noRun ? noRun[1] : undefined,
      code: `${lines.slice(i + 1, end).join('\n')}\n`,
    });
    i = end;
  }
  return blocks;
}

const blocks = DOCS.flatMap((doc) => fencedBlocks(doc, readFileSync(join(ROOT, doc), 'utf8')));
const runnable = blocks.filter((b) => b.lang === 'ts' && b.noRun === undefined);
const SHELL_DOCS = ['docs/cli.md', 'docs/declaree-afas.md'];
const shellBlocks = blocks.filter((b) => b.lang === 'sh' && SHELL_DOCS.includes(b.doc));

/** Command lines of a sh block: continuation lines (indented) joined, comments dropped. */
function commandLines(block: Sample): string[] {
  const lines: string[] = [];
  for (const line of block.code.split('\n')) {
    if (/^\s+\S/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else if (line.trim()) lines.push(line);
  }
  return lines
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => /^(afas|declaree-afas)(\s|$)/.test(line));
}
/** A usage line (`afas get <connector> [--take N]`) rather than a command to run. */
const isSynopsis = (line: string) => /<[a-z]|\s\[/.test(line);

let server: RunningAfasSimulator;
let work: string;
let shims: string;

beforeAll(async () => {
  await build();
  await rm(SAMPLES, { recursive: true, force: true });
  await mkdir(SAMPLES, { recursive: true });
  work = await mkdtemp(join(tmpdir(), 'doc-samples-'));
  shims = join(work, 'bin');
  await mkdir(shims);
  for (const [name, bin] of Object.entries(BINS)) {
    await writeFile(join(shims, name), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    await chmod(join(shims, name), 0o755);
  }
  // Dossier item 9910 as in docs/cli.md's `afas delete KnSubject KnSubject @SbId=9910`.
  server = await startAfasSimulator({ port: 0, seed: { ...demoSeed, firstSubjectId: 9910 } });
  // docs/cli.md's sample imports the module `afas codegen Profit_Accounts FiEntries FiEntriesCustom` writes.
  const codegen = await shell(
    `afas codegen Profit_Accounts FiEntries FiEntriesCustom --out '${join(SAMPLES, 'afas.generated.ts')}'`,
  );
  expect(codegen.code, codegen.stderr).toBe(0);
  server.simulator.reset();
}, 120_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  await rm(SAMPLES, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

/** Builds both packages when their dist is older than their source (tsc only: others may read dist). */
async function build() {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  for (const pkg of ['afas-client', 'declaree-afas']) {
    const dir = join(ROOT, 'packages', pkg);
    const bin = join(dir, 'dist/cli/bin.js');
    if (existsSync(bin) && statSync(bin).mtimeMs >= newest(join(dir, 'src'))) continue;
    await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: dir }).catch((error: unknown) => {
      if (!existsSync(bin)) throw error; // type errors elsewhere still emit JavaScript
    });
  }
}
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
async function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}

/** Only what a sample needs: no AFAS_* variable of the developer leaks in. */
const environment = () => ({
  PATH: `${shims}:${process.env['PATH'] ?? ''}`,
  HOME: work,
  AFAS_TOKEN: TOKEN_XML,
  DOCS_SIMULATOR_URL: server.url,
});

const slug = (sample: Sample) => `${sample.doc.replace(/[^a-z0-9]+/gi, '-')}-${sample.line}`;

/** Writes a ts sample into the package and runs it: with node after the prelude, or with vitest. */
async function writeSample(sample: Sample): Promise<string> {
  const file = join(SAMPLES, `${slug(sample)}${/from 'vitest'/.test(sample.code) ? '.test.ts' : '.ts'}`);
  await writeFile(file, sample.code);
  return file;
}

async function runSample(sample: Sample, cwd: string): Promise<Run> {
  const isTest = /from 'vitest'/.test(sample.code);
  const file = await writeSample(sample);
  const args = isTest
    ? [
        join(ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        relative(SAMPLES, file),
        '--root',
        SAMPLES,
        '--config',
        join(SAMPLES, 'vitest.config.mjs'),
      ]
    : ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--import', PRELUDE, file];
  if (isTest) await writeFile(join(SAMPLES, 'vitest.config.mjs'), 'export default {};\n');
  return finished(
    spawn(process.execPath, args, { cwd, env: environment(), stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}

/**
 * What some samples leave behind, checked beyond "it ran": found by a distinctive piece of their code.
 * A sample not listed here must still exit 0 with nothing on stderr, and talk to the simulator when
 * it uses a client.
 */
const outcomes: { readonly when: string; readonly check: (run: Run) => void }[] = [
  {
    when: "Ds: 'Expense report EXP-1001'",
    check: () => expect(server.simulator.subjects.map((s) => s.subject)).toEqual(['Expense report EXP-1001']),
  },
  {
    when: "InId: 'EXP-1001', AmDe: '21.00'",
    check: () => expect(server.simulator.entries.map((e) => e.lines.length)).toEqual([3]),
  },
  {
    when: 'await exporter.exportReport(report)',
    check: () => expect(server.simulator.entries.length).toBeGreaterThan(0),
  },
  {
    when: 'log.warn(`AFAS refused',
    check: (run) => expect(run.stdout).toMatch(/^log\.warn: AFAS refused: /m),
  },
  { when: 'handle(', check: (run) => expect(run.stdout).toMatch(/^handle: [1-9]\d* rows$/m) },
];

describe('TypeScript samples run as written', () => {
  it('every no-run marker gives a reason', () => {
    expect(blocks.filter((b) => b.noRun === '').map((b) => `${b.doc}:${b.line}`)).toEqual([]);
  });

  it.each(runnable.map((s) => [`${s.doc}:${s.line}`, s] as const))(
    '%s',
    async (_name, sample) => {
      // Profit_Transactions holds booked lines: book one entry, so that a loop over them handles rows.
      if (sample.code.includes("'Profit_Transactions'")) await bookEntry('DOCS-0001');
      const cwd = await mkdtemp(join(work, 'cwd-'));
      const requestsBefore = server.simulator.requests.length;
      const run = await runSample(sample, cwd);
      expect({ code: run.code, stderr: run.stderr }, run.stdout).toEqual({ code: 0, stderr: '' });
      if (!/from 'vitest'/.test(sample.code) && /\b(afas|exporter)\.[a-z]/.test(sample.code))
        expect(server.simulator.requests.length, 'the sample never reached the simulator').toBeGreaterThan(
          requestsBefore,
        );
      for (const outcome of outcomes) if (sample.code.includes(outcome.when)) outcome.check(run);
    },
    60_000,
  );
});

/** Runs a command line with `sh`, both CLIs on PATH and AFAS_BASE_URL pointing at the simulator. */
async function shell(line: string, cwd = work): Promise<Run> {
  return finished(
    spawn('/bin/sh', ['-c', line], {
      cwd,
      env: { ...environment(), AFAS_BASE_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/**
 * Files the declaree-afas command lines name: settings.json, reports/*.json (PDFs beside them) and
 * declaree-afas-journal.jsonl, a journal of declaree-afas 0.1 with the first report booked.
 */
async function declareeFiles(cwd: string) {
  const { token: _token, ...settings } = demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA });
  await writeFile(join(cwd, 'settings.json'), JSON.stringify(settings));
  await mkdir(join(cwd, 'reports'));
  for (const report of demoReports()) {
    const { pdf, ...rest } = report;
    await writeFile(join(cwd, 'reports', `${report.number}.pdf`), pdf as Uint8Array);
    await writeFile(
      join(cwd, 'reports', `${report.number}.json`),
      JSON.stringify({ ...rest, pdf: `${report.number}.pdf` }),
    );
  }
  const booked = { reportId: 'rep_7f3a01', invoiceNumber: 'R-2026-0001', administration: 1, journal: '70' };
  const record = { ...booked, entryNo: '70001', subjectId: '50001', freeFieldsDone: true };
  await writeFile(
    join(cwd, 'declaree-afas-journal.jsonl'),
    `${JSON.stringify({ ...record, updatedAt: '2026-03-10T09:00:00Z' })}\n`,
  );
}

const setupClient = () => new AfasClient({ environment: '12345', baseUrl: server.url, token: TOKEN_XML });

/** Books a balanced two-line purchase entry (the first gets EnNo 70001). */
async function bookEntry(invoiceNumber: string) {
  const fields = { EnDa: '2026-03-10', BpDa: '2026-03-10', InId: invoiceNumber };
  await setupClient().insert('FiEntries', {
    Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
    Objects: [
      {
        FiEntries: {
          Element: [
            { Fields: { ...fields, VaAs: '3', AcNr: '30001', AmCr: '100.00' } },
            { Fields: { ...fields, VaAs: '1', AcNr: '4300', AmDe: '100.00' } },
          ],
        },
      },
    ],
  });
}

/** What AFAS must hold before a command line: the records `afas delete` deletes. */
async function before(line: string) {
  if (line.startsWith('afas delete KnSubject'))
    await setupClient().insert('KnSubject', { Fields: { StId: 31, Ds: 'Expense report EXP-1001' } });
  if (line.startsWith('afas delete FiEntries')) await bookEntry('EXP-1001');
}

const shellLines = shellBlocks
  .filter((b) => b.noRun === undefined)
  .flatMap((b) => commandLines(b).map((line) => [`${b.doc}:${b.line}: ${line}`, line] as const));

/** The placeholders `docs/prelude.ts` defines, as the samples' type checker sees them. */
const GLOBALS = `import type { AfasClient, UpdateElement } from 'afas-client';
import type { AfasSimulator } from 'afas-client/testing';
import type { DeclareeReportInput, ExportSettingsInput } from 'declaree-afas';

declare global {
  const afas: AfasClient;
  const handle: (row: unknown) => void;
  const report: DeclareeReportInput;
  const reports: DeclareeReportInput[];
  const settings: ExportSettingsInput;
  const entry: UpdateElement;
  const log: { warn(text: string): void; error(text: string): void };
  const simulator: AfasSimulator;
}
`;

describe('TypeScript samples type-check', () => {
  it("under the repository's strict settings, with the placeholders declared", async () => {
    for (const sample of runnable) await writeSample(sample);
    await writeFile(join(SAMPLES, 'globals.d.ts'), GLOBALS);
    const config = {
      extends: '../../../tsconfig.base.json',
      // A user's project would not forbid `process.env.AFAS_TOKEN`; everything else stays as strict.
      compilerOptions: {
        moduleDetection: 'force',
        noUnusedLocals: false,
        noPropertyAccessFromIndexSignature: false,
      },
      include: ['*.ts'],
    };
    await writeFile(join(SAMPLES, 'tsconfig.json'), JSON.stringify(config));
    const tsc = await finished(
      spawn(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(SAMPLES, 'tsconfig.json')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.code).toBe(0);
  }, 60_000);
});

describe('command lines of the CLI docs run against the simulator', () => {
  it('the docs have command lines to run', () => {
    expect(shellLines.filter(([, line]) => !isSynopsis(line)).length).toBeGreaterThanOrEqual(9);
  });

  it.each(shellLines)(
    '%s',
    async (_name, line) => {
      if (isSynopsis(line)) {
        // The command and its subcommands: the words before the first placeholder or flag.
        const command = /^[a-z-]+(\s+[a-z]+)*(?=\s|$)/.exec(line)?.[0] ?? line;
        const help = await shell(`${command} --help`);
        expect(help.code, help.stderr).toBe(0);
        const flags = [...line.matchAll(/--[a-z][a-z-]*/g)].map(([flag]) => flag);
        expect(flags.filter((flag) => !help.stdout.includes(flag))).toEqual([]);
        return;
      }
      const cwd = await mkdtemp(join(work, 'cwd-'));
      await declareeFiles(cwd);
      await before(line);
      const run = await shell(line, cwd);
      expect({ code: run.code, stderr: run.stderr }, run.stdout).toEqual({ code: 0, stderr: '' });
    },
    60_000,
  );
});
