/**
 * `declaree-afas watch` on several machines: two watchers, each with its own inbox (as on two
 * machines), receive the same reports and share one Postgres ledger on a real server. Each report is
 * booked once: one watcher exports it, the other finds it already exported.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoSettings } from '../src/demo/samples.js';
import { expectBookedOnce, writeCleanReports } from './support/booked.js';
import { buildPackages, runCli, watchOnce } from './support/cli.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

let server: RunningAfasSimulator;
let postgres: TestPostgres;
let root: string;
beforeAll(async () => {
  await buildPackages();
  [server, postgres] = await Promise.all([startAfasSimulator({ port: 0, latencyMs: 5 }), startPostgres()]);
  root = await mkdtemp(join(tmpdir(), 'declaree-watch-machines-'));
}, 120_000);
afterAll(async () => {
  await server?.close();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

it('two watchers with their own inboxes and one Postgres ledger book each report once', async () => {
  const ledger = await postgres.createDatabase();
  const { token: _token, ...settings } = demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA });
  const old = new Date(Date.now() - 10_000);
  const machines = ['machine-a', 'machine-b'].map((name) => join(root, name));
  let reports = new Map<string, Buffer>();
  for (const machine of machines) {
    await mkdir(join(machine, 'inbox'), { recursive: true });
    await writeFile(join(machine, 'settings.json'), JSON.stringify(settings));
    reports = await writeCleanReports(join(machine, 'inbox'), 12, 'M-2026', old);
  }
  const runs = await Promise.all(
    machines.map((machine) =>
      runCli(machine, [...watchOnce('json'), '--ledger', ledger, '--concurrency', '3'], {
        timeoutMs: 60_000,
      }),
    ),
  );
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  const outcomes = runs.flatMap((run) =>
    run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event['event'] === 'report'),
  );
  // Every report was settled on both machines: exported by one, already exported for the other.
  for (const number of reports.keys()) {
    const statuses = outcomes.filter((event) => event['report'] === number).map((event) => event['status']);
    expect(statuses.sort(), number).toEqual(['already-exported', 'exported']);
  }
  expectBookedOnce(server.simulator, reports);
  expect(server.simulator.entries).toHaveLength(reports.size);
  for (const machine of machines) {
    expect(
      (await readdir(join(machine, 'inbox', 'exported'))).filter((name) => name.endsWith('.json')),
    ).toHaveLength(reports.size);
  }
}, 120_000);
