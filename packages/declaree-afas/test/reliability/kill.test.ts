/**
 * `kill -9` at random moments never books a report twice nor leaves it half-done: the built CLI
 * exports reports (rounds of six) into the loopback simulator (with latency, so kills land between and inside
 * the writes) and is killed with SIGKILL at seeded random moments until 30 runs were killed (a run
 * that finishes before its moment does not count), each run resuming from the SQLite ledger the
 * killed one left. A last run finishes the rest; then every report has exactly one entry, one
 * dossier item holding its PDF and its free fields, AFAS was sent no second entry or dossier item,
 * and one more run writes nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoReports } from '../../src/demo/samples.js';
import { BIN, buildPackages, runCli, writeDemoFiles } from '../support/cli.js';

const SEED = 20261202;
const KILLS = 30;
/** Runs at most, killed or finished: past this the kills do not land, and the test says which runs finished. */
const MAX_RUNS = 80;
const REPORTS = 6;

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0, latencyMs: 15 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-kill-'));
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A small seeded generator (mulberry32), so a failure can be replayed with the same moments. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it(`survives ${KILLS} SIGKILLs at seeded random moments (seed ${SEED}) and books each report exactly once`, async () => {
  await writeDemoFiles(dir, server.url);
  const base = demoReports()[0]!;
  // Rounds of six new reports, each run until it is killed three times or its reports are all
  // booked (by a run that finished, or one killed only after the booking, while it read the entries
  // back): so every run meets work still to do.
  const files: string[] = [];
  const next = random(SEED);
  let killed = 0;
  let halfDone = 0;
  let rounds = 0;
  let killedThisRound = 3;
  const finished: string[] = [];
  /** All three steps done in AFAS: the entry, its dossier item, and the free fields on its lines. */
  const bookedInAfas = (invoice: string) => {
    const { entries, subjects, customFields } = server.simulator;
    const entry = entries.find((e) => e.lines.some((line) => line.invoiceId === invoice));
    return (
      entry !== undefined &&
      subjects.some((subject) => subject.links.some((link) => link['PiId'] === invoice)) &&
      customFields.filter((f) => f.entryNumber === entry.entryNumber).length === entry.lines.length
    );
  };
  for (let run = 0; killed < KILLS; run++) {
    if (run === MAX_RUNS) {
      expect.fail(
        `only ${killed} of ${MAX_RUNS} runs were killed; the others finished first: ${finished.join('; ')}`,
      );
    }
    const roundBooked = files.slice(-REPORTS).every((file) => bookedInAfas(file.replace('.json', '')));
    if (killedThisRound === 3 || (files.length > 0 && roundBooked)) {
      rounds++;
      killedThisRound = 0;
      for (let i = 1; i <= REPORTS; i++) {
        const { pdf: _pdf, ...rest } = base;
        const number = `K-${rounds}-${i}`;
        await writeFile(
          join(dir, `${number}.json`),
          JSON.stringify({ ...rest, id: `rep_${number}`, number, pdf: 'R-2026-0001.pdf' }),
        );
        files.push(`${number}.json`);
      }
    }
    const round = files.slice(-REPORTS);
    const child = spawn(
      process.execPath,
      [BIN, 'export', ...round, '--settings', 'settings.json', '--ledger', 'ledger.db', '--concurrency', '3'],
      { cwd: dir, env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA }, stdio: 'ignore' },
    );
    const moment = 100 + Math.floor(next() * 500); // a run that meets six reports takes about 700 ms
    const timer = setTimeout(() => child.kill('SIGKILL'), moment);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on('close', (code, sig) => done([code, sig])),
    );
    clearTimeout(timer);
    if (signal === 'SIGKILL') {
      killed++;
      killedThisRound++;
    } else {
      killedThisRound = 3; // it finished the round
      finished.push(`run ${run} after ${moment} ms: exit ${exitCode}`);
    }
    // A kill between a report's entry and its dossier item leaves it half-done, for a rerun to finish.
    if (server.simulator.entries.length > server.simulator.subjects.length) halfDone++;
  }
  expect(halfDone).toBeGreaterThan(0); // some kills landed between the steps
  const args = [
    'export',
    ...files,
    '--settings',
    'settings.json',
    '--ledger',
    'ledger.db',
    '--concurrency',
    '5',
  ];

  const last = await runCli(dir, args, { timeoutMs: 60_000 });
  expect(last.code, last.stdout + last.stderr).toBe(0);
  expect(last.stdout).toMatch(/(exported|already exported)/);

  const { simulator } = server;
  const pdf = Buffer.from(base.pdf as Uint8Array).toString('base64');
  for (const file of files) {
    const invoice = file.replace('.json', '');
    const entries = simulator.entries.filter((e) => e.lines.some((line) => line.invoiceId === invoice));
    expect(entries, invoice).toHaveLength(1);
    const items = simulator.subjects.filter((s) => s.links.some((link) => link['PiId'] === invoice));
    expect(items, invoice).toHaveLength(1);
    expect(items[0]?.attachments.map((a) => a.data)).toEqual([pdf]);
    const entry = entries[0]!;
    const withFreeFields = simulator.customFields.filter((f) => f.entryNumber === entry.entryNumber);
    expect(withFreeFields.length, invoice).toBe(entry.lines.length);
  }

  // What AFAS was sent, not only what it holds: the simulator refuses a second entry with the same
  // invoice number, so "one entry each" alone would hold even if a rerun sent the entry again. A
  // killed run leaves its step `pending` in the ledger (recorded before sending), and the rerun
  // looks it up (Profit_Transactions, ProfitSubjects) before writing, so with the lookups
  // authorised nothing AFAS holds is sent again: each report's entry and dossier item were POSTed
  // once, and answered 201 (a refused duplicate would be a POST answered otherwise).
  const posts = (connector: string) =>
    simulator.requests.filter((r) => r.method === 'POST' && r.connector === connector).map((r) => r.status);
  expect(posts('FiEntries')).toEqual(files.map(() => 201));
  expect(posts('KnSubject')).toEqual(files.map(() => 201));

  const before = simulator.requests.length;
  const again = await runCli(dir, args, { timeoutMs: 60_000 });
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(new RegExp(`${files.length} already exported`));
  expect(simulator.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
}, 300_000);
