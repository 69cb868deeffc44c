/**
 * `declaree-afas watch` as a long-running service: the built CLI against the simulator's loopback
 * server, with many clean reports in its inbox. AFAS in maintenance pauses it and it resumes after;
 * SIGTERM in the middle of a batch leaves a state a restart completes; two watchers on one inbox and
 * one ledger share the work; an outage backs it off; reports dropped in while it runs (one still being
 * written) are picked up when complete. Each ends with every report booked exactly once and moved to
 * exported/.
 */
import {
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { demoSettings } from '../src/demo/samples.js';
import { expectBookedOnce, writeCleanReports } from './support/booked.js';
import { buildPackages, runCli, startWatch, watchOnce } from './support/cli.js';

let server: RunningAfasSimulator;
let root: string;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  // A little latency per answer, so that a batch takes long enough to be interrupted.
  server = await startAfasSimulator({ port: 0, latencyMs: 5 });
  root = await mkdtemp(join(tmpdir(), 'declaree-watch-service-'));
}, 120_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

let folders = 0;
/** A fresh folder with settings.json and an inbox of `count` clean reports, complete (dated 10 s ago). */
async function inboxWith(count: number, prefix: string) {
  dir = join(root, `run-${++folders}`);
  const inbox = join(dir, 'inbox');
  await mkdir(inbox, { recursive: true });
  const { token: _token, ...settings } = demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
  const reports = await writeCleanReports(inbox, count, prefix, new Date(Date.now() - 10_000));
  return { inbox, reports };
}

const WATCH = ['inbox', '--settings', 'settings.json', '--interval', '1', '--log-format', 'json'];
const exported = (events: readonly Record<string, unknown>[]) =>
  events.filter((event) => event['event'] === 'report' && event['status'] === 'exported');

it('pauses while AFAS is in maintenance (503 with retry_after) and resumes after it', async () => {
  const { inbox, reports } = await inboxWith(4, 'M-2026');
  const maintenance = server.simulator.inject({ fault: 'maintenance', retryAfter: 1, times: Infinity });
  // --retries 0: the service's own pause, not the SDK's retries, waits out the maintenance.
  const service = startWatch(dir, [...WATCH, '--retries', '0']);
  await service.waitFor((event) => event['event'] === 'pause' && event['reason'] === 'maintenance');
  expect(server.simulator.entries).toHaveLength(0);
  maintenance.remove();

  await service.waitFor(() => exported(service.events).length === reports.size, 60_000);
  const run = await service.stop();
  expect(run.code, run.stderr).toBe(0);
  const kinds = service.events.map((event) => event['event']);
  expect(kinds.indexOf('resume')).toBeGreaterThan(kinds.indexOf('pause'));
  // Reports deferred by the maintenance stay in the inbox (not failed/) and are exported after it.
  expect(service.events.filter((event) => event['status'] === 'failed')).toEqual([]);
  expect(kinds.at(-1)).toBe('stop');
  expectBookedOnce(server.simulator, reports);
  expect((await readdir(join(inbox, 'exported'))).filter((name) => name.endsWith('.json'))).toHaveLength(
    reports.size,
  );
}, 90_000);

it('on SIGTERM mid-batch exits 0, and a restart completes every report exactly once', async () => {
  const { inbox, reports } = await inboxWith(16, 'S-2026');
  server.simulator.inject({ fault: 'latency', latencyMs: 40, times: Infinity });
  const service = startWatch(dir, [...WATCH, '--concurrency', '2']);
  await service.waitFor(() => exported(service.events).length >= 2);
  const stopped = await service.stop('SIGTERM');
  expect(stopped.code, stopped.stderr).toBe(0);
  expect(service.events.at(-1)).toMatchObject({ event: 'stop', reason: 'signal' });
  // It stopped in the middle: some reports are still waiting.
  const booked = server.simulator.entries.length;
  expect(booked).toBeGreaterThanOrEqual(2);
  expect(booked).toBeLessThan(reports.size);

  server.simulator.clearFaults();
  const restart = await runCli(dir, ['watch', ...WATCH, '--once'], { timeoutMs: 60_000 });
  expect(restart.code, restart.stderr).toBe(0);
  expectBookedOnce(server.simulator, reports);
  expect(server.simulator.entries).toHaveLength(reports.size);
  expect(server.simulator.subjects).toHaveLength(reports.size);
  const left = (await readdir(inbox)).filter((name) => name.endsWith('.json'));
  expect(left).toEqual([]);
  expect(await readdir(join(inbox, '.processing')).catch(() => [])).toEqual([]);
}, 90_000);

it('two watchers on one inbox and one ledger book each report once', async () => {
  const { inbox, reports } = await inboxWith(24, 'T-2026');
  const once = ['watch', ...WATCH, '--once', '--concurrency', '3'];
  const runs = await Promise.all([
    runCli(dir, once, { timeoutMs: 60_000 }),
    runCli(dir, once, { timeoutMs: 60_000 }),
  ]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  const perWatcher = runs.map((run) =>
    run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event['event'] === 'report')
      .map((event) => event['report']),
  );
  // Each report went to exactly one watcher, and between them they did all.
  expect(new Set(perWatcher.flat()).size).toBe(reports.size);
  expect(perWatcher.flat()).toHaveLength(reports.size);
  expectBookedOnce(server.simulator, reports);
  expect(server.simulator.entries).toHaveLength(reports.size);
  expect((await readdir(join(inbox, 'exported'))).filter((name) => name.endsWith('.json'))).toHaveLength(
    reports.size,
  );
}, 90_000);

it('backs off while AFAS cannot be reached, keeps running, and exports once it is back', async () => {
  const { reports } = await inboxWith(3, 'N-2026');
  const outage = server.simulator.inject({ fault: 'drop', times: Infinity });
  const service = startWatch(dir, [...WATCH, '--retries', '0']);
  await service.waitFor((event) => event['event'] === 'pause' && event['reason'] === 'network');
  expect(server.simulator.entries).toHaveLength(0);
  outage.remove();

  await service.waitFor(() => exported(service.events).length === reports.size, 60_000);
  const run = await service.stop('SIGINT'); // Ctrl-C stops it as SIGTERM does
  expect(run.code, run.stderr).toBe(0);
  expect(service.events.at(-1)).toMatchObject({ event: 'stop', reason: 'signal' });
  expect(service.events.filter((event) => event['status'] === 'failed')).toEqual([]);
  const resumed = service.events.findIndex((event) => event['event'] === 'resume');
  expect(resumed).toBeGreaterThan(service.events.findIndex((event) => event['event'] === 'pause'));
  expectBookedOnce(server.simulator, reports);
}, 90_000);

it('on a terminal (text) says each outcome in words and what every pass did', async () => {
  await inboxWith(2, 'X-2026');
  const run = await runCli(dir, watchOnce('text'));
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/start +watching .*inbox/);
  expect(run.stdout).toMatch(/report +X-2026-0001: exported, entry 700\d\d, dossier item 500\d\d/);
  expect(run.stdout).toMatch(/pass +2 reports: 2 exported\n/);
  expect(run.stdout).toMatch(/stop +done\n$/);
  expect(run.stdout).not.toContain(DEMO_TOKEN_DATA);
}, 60_000);

it('exports reports dropped into a running watcher once each, one of them while it is still being written', async () => {
  const { inbox } = await inboxWith(0, 'D-2026');
  const service = startWatch(dir, WATCH);
  await service.waitFor((event) => event['event'] === 'start');
  // Written elsewhere and renamed into the inbox (the recommended way)…
  const staging = join(dir, 'staging');
  await mkdir(staging);
  const reports = await writeCleanReports(staging, 3, 'D-2026');
  for (const name of await readdir(staging)) await rename(join(staging, name), join(inbox, name));
  // …and one written in place, slowly, over more than one poll.
  const slow = await writeCleanReports(staging, 1, 'D-2027');
  const [number, pdf] = [...slow][0]!;
  await writeFile(join(inbox, `${number}.pdf`), pdf);
  const text = await readFile(join(staging, `${number}.json`), 'utf8');
  const handle = await open(join(inbox, `${number}.json`), 'w');
  for (let at = 0; at < text.length; at += Math.ceil(text.length / 6)) {
    await handle.write(text.slice(at, at + Math.ceil(text.length / 6)));
    await sleep(300);
  }
  await handle.close();
  reports.set(number, pdf);

  await service.waitFor(() => exported(service.events).length === reports.size, 60_000);
  const run = await service.stop();
  expect(run.code, run.stderr).toBe(0);
  expect(service.events.filter((event) => event['event'] === 'report')).toHaveLength(reports.size);
  expectBookedOnce(server.simulator, reports);
  expect(
    (await readdir(join(inbox, 'exported'))).filter((name) => name.endsWith('.result.txt')),
  ).toHaveLength(reports.size);
}, 90_000);

it('moves a report AFAS refuses into failed/ with the fix, and keeps the ledger where --ledger says, owner-only', async () => {
  const { inbox, reports } = await inboxWith(1, 'F-2026');
  const [number] = [...reports.keys()];
  const file = join(inbox, `${number}.json`);
  const report = JSON.parse(await readFile(file, 'utf8')) as { expenses: Record<string, unknown>[] };
  // Not in AFAS's chart of accounts; without the preflight AFAS itself refuses the entry.
  report.expenses = [{ ...report.expenses[0]!, category: { name: 'Onbekend', code: '9999' } }];
  await writeFile(file, JSON.stringify(report));
  await utimes(file, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
  await mkdir(join(dir, 'books'));
  const run = await runCli(dir, [...watchOnce('json'), '--no-preflight', '--ledger', 'books/ledger.db']);
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toMatch(new RegExp(`"report":"${number}","status":"failed"`));
  expect((await readdir(join(inbox, 'failed'))).sort()).toEqual([
    `${number}.json`,
    `${number}.pdf`,
    `${number}.result.txt`,
  ]);
  expect(await readFile(join(inbox, 'failed', `${number}.result.txt`), 'utf8')).toMatch(/Fix: /);
  expect(server.simulator.entries).toHaveLength(0);
  expect((await stat(join(dir, 'books', 'ledger.db'))).mode & 0o777).toBe(0o600);
}, 60_000);

it('says which steps a pass did when it finishes what an earlier pass began, in words and as JSON', async () => {
  const { inbox, reports } = await inboxWith(2, 'S-2026');
  const [first, second] = [...reports.keys()] as [string, string];
  const old = () => new Date(Date.now() - 10_000);
  const moveBack = async (number: string, from: string) => {
    for (const ext of ['json', 'pdf']) {
      await rename(join(inbox, from, `${number}.${ext}`), join(inbox, `${number}.${ext}`));
      await utimes(join(inbox, `${number}.${ext}`), old(), old());
    }
  };
  // The first pass books both entries; AFAS refuses their dossier items (once each): both go to failed/.
  server.simulator.inject({ fault: 'unauthorized', connector: 'KnSubject', method: 'POST', times: 2 });
  const failing = await runCli(dir, watchOnce('json'));
  expect(failing.stdout).toMatch(new RegExp(`"report":"${first}","status":"failed"`));
  expect(server.simulator.entries).toHaveLength(2);
  const sentence =
    'the financial entry (FiEntries) was already in AFAS (by an earlier run, or by hand); this run added the dossier item with the PDF (KnSubject) and the free fields (FiEntriesCustom).';

  // Moved back into the inbox, the next pass adds the dossier item and the free fields: in words…
  await moveBack(first, 'failed');
  const text = await runCli(dir, watchOnce('text'));
  expect(text.code, text.stdout).toBe(0);
  expect(text.stdout).toContain(`${first}: already exported (entry 700`);
  expect(text.stdout).toContain(`); ${sentence}`);
  expect(await readFile(join(inbox, 'exported', `${first}.result.txt`), 'utf8')).toMatch(
    new RegExp(`^${first}\\.json: the financial entry \\(FiEntries\\) was already in AFAS`),
  );

  // …and as JSON, per step.
  await moveBack(second, 'failed');
  const json = await runCli(dir, watchOnce('json'));
  const line = json.stdout
    .trim()
    .split('\n')
    .map((entry) => JSON.parse(entry) as Record<string, unknown>)
    .find((event) => event['report'] === second);
  expect(line).toMatchObject({
    status: 'already-exported',
    steps: { entry: 'already-done', dossier: 'done', freeFields: 'done' },
    stepsDone: sentence,
  });
  expect(server.simulator.entries).toHaveLength(2);
  expect(server.simulator.subjects).toHaveLength(2);
}, 60_000);

it('a disk that fills up during a pass: the ledger failure is logged with what was sent, exit 2, and the next pass books each once', async () => {
  const { reports } = await inboxWith(20, 'D-2026');
  const full = await runCli(dir, watchOnce('text'), { fileSizeLimitKiB: 96, timeoutMs: 60_000 });
  expect(full.code, full.stdout + full.stderr).toBe(2);
  expect(full.stdout).toMatch(/failed: The ledger cannot be used\. The ledger .* cannot be written/);
  expect(full.stdout).toMatch(/This run (had sent part|sent nothing) of this report/);
  expect(full.stdout + full.stderr).not.toMatch(/unexpected|maintainers/i);

  // Room again: the failed reports are moved back into the inbox, as a user would, and exported.
  const inbox = join(dir, 'inbox');
  for (const name of await readdir(join(inbox, 'failed')).catch(() => [] as string[]))
    if (!name.endsWith('.result.txt')) await rename(join(inbox, 'failed', name), join(inbox, name));
  const old = new Date(Date.now() - 10_000);
  for (const name of await readdir(inbox))
    if (/\.(json|pdf)$/.test(name)) await utimes(join(inbox, name), old, old);
  const again = await runCli(dir, watchOnce('json'), { timeoutMs: 60_000 });
  expect(again.code, again.stdout).toBe(0);
  const created = (connector: string) =>
    server.simulator.requests.filter(
      (r) => r.connector === connector && r.method === 'POST' && r.status === 201,
    );
  expect(created('FiEntries')).toHaveLength(reports.size);
  expect(created('KnSubject')).toHaveLength(reports.size);
}, 120_000);
