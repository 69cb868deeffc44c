/**
 * Several exporter processes at once, as cron jobs on one or more machines start them: the BUILT
 * CLI (`declaree-afas export …`, run `pnpm -r build` first) in separate processes, all given the same
 * 50 reports, against one loopback simulator, sharing one ledger: a SQLite file, or one Postgres
 * database. Afterwards the simulator's state proves each report booked exactly once: one FiEntries
 * entry, one KnSubject dossier item holding its PDF, and its free fields (FiEntriesCustom).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoSettings } from '../../src/demo/samples.js';
import { openLedger } from '../../src/index.js';
import { expectBookedOnce, type WrittenReports, writeCleanReports } from '../support/booked.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(ROOT, 'packages/declaree-afas/dist/cli/bin.js');
const REPORTS = 50;

let server: RunningAfasSimulator;
let postgres: TestPostgres;
let dir: string;
/** Report number → the PDF bytes its file holds. */
let pdfs: WrittenReports;
const files: string[] = [];

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm -r build\` before this test.`);
  // A little latency per answer, so that the processes' exports overlap in time.
  [server, postgres] = await Promise.all([startAfasSimulator({ port: 0, latencyMs: 2 }), startPostgres()]);
  dir = await mkdtemp(join(tmpdir(), 'declaree-afas-processes-'));
  const { token: _token, ...settings } = demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
  // 50 variants of the demo report that books cleanly, each with its own number, id and PDF.
  pdfs = await writeCleanReports(dir, REPORTS, 'P-2026');
  files.push(...[...pdfs.keys()].map((number) => `${number}.json`));
}, 60_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the built `declaree-afas export` on all reports with `ledger`, in its own process. */
function exportProcess(ledger: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [BIN, 'export', ...files, '--settings', 'settings.json', '--ledger', ledger, '--concurrency', '4'],
    {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) =>
      done({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    ),
  );
}

/**
 * Starts `count` processes at once on one ledger and checks what each reports, what AFAS holds and
 * what the ledger (opened here as `readBack`) remembers.
 */
async function race(
  count: number,
  ledger: string,
  options: { env?: Record<string, string>; readBack?: string } = {},
) {
  const runs = await Promise.all(
    Array.from({ length: count }, () => exportProcess(ledger, options.env ?? {})),
  );
  for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });

  // Across the processes each report was exported by exactly one; the others found it done.
  const statuses = new Map<string, string[]>();
  for (const run of runs) {
    for (const [, number, status] of run.stdout.matchAll(
      /^(P-2026-\d{4}) +(exported|already exported)\b/gm,
    )) {
      statuses.set(number!, [...(statuses.get(number!) ?? []), status!]);
    }
  }
  expect(statuses.size).toBe(REPORTS);
  for (const [number, seen] of statuses) {
    expect({ number, seen: seen.length, exported: seen.filter((s) => s === 'exported').length }).toEqual({
      number,
      seen: count,
      exported: 1,
    });
  }

  const { simulator } = server;
  // One FiEntries write per report: no process sent a second one (AFAS's duplicate check never had to step in).
  expect(simulator.requests.filter((r) => r.method === 'POST' && r.connector === 'FiEntries')).toHaveLength(
    REPORTS,
  );
  expect(simulator.entries).toHaveLength(REPORTS);
  expectBookedOnce(simulator, pdfs);
  expect(simulator.subjects).toHaveLength(REPORTS);

  // And the shared ledger holds every report as done.
  const opened = openLedger(options.readBack ?? ledger);
  try {
    for (let i = 1; i <= REPORTS; i++) {
      const [record] = await opened.findByReport(`rep_P-2026_${i}`);
      expect(record?.steps).toMatchObject({
        entry: { status: 'done' },
        dossier: { status: 'done' },
        freeFields: { status: 'done' },
      });
    }
  } finally {
    await opened.close();
  }
}

describe('several exporter processes on the same reports', () => {
  it('4 processes sharing one SQLite ledger book each of 50 reports exactly once', async () => {
    await race(4, join(dir, 'shared.db'));
  }, 30_000);

  it('3 processes sharing one Postgres ledger book each of 50 reports exactly once', async () => {
    const url = await postgres.createDatabase();
    // As the docs advise: the password in PGPASSWORD, not in the URL on the command line.
    const withoutPassword = url.replace(`:${postgres.password}@`, '@');
    expect(withoutPassword).not.toContain(postgres.password);
    await race(3, withoutPassword, { env: { PGPASSWORD: postgres.password }, readBack: url });
  }, 30_000);
});
