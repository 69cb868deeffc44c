/**
 * `declaree-afas watch` as a user runs it: the built CLI on an inbox folder against the simulator's
 * loopback server. Complete report files are exported once and moved with a result file; a file
 * still being written is left for the next pass; the log lines are JSON for collectors.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPackages, runCli, watchOnce, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-watch-'));
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('exports each complete report once, moves it with its result file, and leaves a file still being written', async () => {
  const inbox = join(dir, 'inbox');
  await mkdir(inbox);
  const names = await writeDemoFiles(inbox, server.url);
  await writeFile(join(dir, 'settings.json'), await readFile(join(inbox, 'settings.json')));
  await rm(join(inbox, 'settings.json'));
  const old = new Date(Date.now() - 10_000);
  for (const name of names) {
    await utimes(join(inbox, name), old, old);
    await utimes(join(inbox, name.replace('.json', '.pdf')), old, old);
  }
  // One more, written just now: not complete yet.
  await writeFile(join(inbox, 'fresh.json'), '{ "id": "rep_fresh", ');

  const run = await runCli(dir, watchOnce('json'));
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.map((line) => line['event'])).toEqual([
    'start',
    'report',
    'report',
    'report',
    'report',
    'stop',
  ]);
  expect(run.stdout).not.toContain(DEMO_TOKEN_DATA);
  expect(run.code).toBe(1); // one report is invalid
  // Each problem names its expense as the bookkeeper finds it in Declaree, and the field.
  const invalid = lines.find((line) => line['report'] === 'R-2026-0003');
  expect(invalid?.['problems']).toEqual([
    expect.stringMatching(
      /^expense 2026-03-13 "Bloemen relatie" € 36\.30 \(expenses\[0\]\.project\.code\): Allocation code \(code verbijzondering\) PRJ001 is not assigned/,
    ),
  ]);

  expect((await readdir(join(inbox, 'exported'))).sort()).toEqual([
    'R-2026-0001.json',
    'R-2026-0001.pdf',
    'R-2026-0001.result.txt',
    'R-2026-0002.json',
    'R-2026-0002.pdf',
    'R-2026-0002.result.txt',
    'R-2026-0004.json',
    'R-2026-0004.pdf',
    'R-2026-0004.result.txt',
  ]);
  expect(await readFile(join(inbox, 'exported', 'R-2026-0001.result.txt'), 'utf8')).toMatch(
    /R-2026-0001\.json was booked in AFAS\.[\s\S]*R-2026-0001 +exported +700\d\d +500\d\d/,
  );
  expect(await readFile(join(inbox, 'invalid', 'R-2026-0003.result.txt'), 'utf8')).toMatch(
    /was not sent to AFAS: fix the problems below[\s\S]*PRJ001 is not assigned to ledger account 4500/,
  );
  expect((await readdir(inbox)).filter((name) => !name.startsWith('.'))).toEqual(
    expect.arrayContaining(['fresh.json', 'exported', 'invalid']),
  );
  expect(server.simulator.entries).toHaveLength(3);

  // Fixed and moved back into the inbox, the invalid report is exported too; nothing is booked twice.
  const report = JSON.parse(await readFile(join(inbox, 'invalid', 'R-2026-0003.json'), 'utf8')) as {
    expenses: { project?: unknown }[];
  };
  for (const expense of report.expenses) expense.project = { name: 'Kantoor', code: 'KP100' }; // assigned to 4500
  await writeFile(join(inbox, 'R-2026-0003.json'), JSON.stringify(report));
  await rename(join(inbox, 'invalid', 'R-2026-0003.pdf'), join(inbox, 'R-2026-0003.pdf'));
  await rm(join(inbox, 'fresh.json'));
  await utimes(join(inbox, 'R-2026-0003.json'), old, old);
  const again = await runCli(dir, watchOnce('json'));
  expect(again.stdout).toMatch(/"report":"R-2026-0003","status":"exported"/);
  expect(server.simulator.entries).toHaveLength(4);
});
