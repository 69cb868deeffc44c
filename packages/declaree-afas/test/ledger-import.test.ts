/**
 * `declaree-afas ledger import`: the JSON-lines journal of declaree-afas 0.1 goes into the ledger
 * once, so that reports it recorded are not booked again. The built CLI, against the loopback
 * simulator: a record is imported, a line a crash cut off is reported (not taken for a record), a
 * second import adds nothing, the imported report then exports as "already exported" with no write,
 * and a journal "file" that is a pipe is refused at once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-ledger-import-'));
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('imports the journal once, reports a cut-off line, and the imported report is not booked again', async () => {
  await writeDemoFiles(dir, server.url);
  const report = JSON.parse(await readFile(join(dir, 'R-2026-0001.json'), 'utf8')) as { id: string };
  const record = {
    reportId: report.id,
    invoiceNumber: 'R-2026-0001',
    administration: 1,
    journal: '70',
    entryNo: '70001',
    subjectId: '50001',
    freeFieldsDone: true,
    updatedAt: '2026-03-10T09:00:00Z',
  };
  // The second line is what a crash leaves: half a record, no newline.
  await writeFile(join(dir, 'journal.jsonl'), `${JSON.stringify(record)}\n{"reportId":"rep_other","invoi`);
  const args = ['ledger', 'import', 'journal.jsonl', '--settings', 'settings.json', '--ledger', 'ledger.db'];

  const first = await runCli(dir, [...args, 'R-2026-0001.json']);
  expect(first.stdout).toMatch(/^Imported 1 export\(s\) into SQLite .*ledger\.db; 1 skipped\./);
  expect(first.stdout).toContain('line 2: not a complete journal record (a crash may have cut it off)');
  expect(first.code).toBe(2); // something was skipped: the user is to look

  const again = await runCli(dir, [...args, 'R-2026-0001.json']);
  expect(again.stdout).toMatch(/^Imported 0 export\(s\)/);
  expect(again.stdout).toContain(`${report.id}: already in the ledger`);

  const exported = await runCli(dir, [
    'export',
    'R-2026-0001.json',
    '--settings',
    'settings.json',
    '--ledger',
    'ledger.db',
  ]);
  expect(exported.code, exported.stdout + exported.stderr).toBe(0);
  expect(exported.stdout).toMatch(/R-2026-0001 +already exported +70001 +50001/);
  expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
});

it('refuses a journal that is no regular file (a pipe would block the reader) before anything is read', async () => {
  execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]);
  const result = await runCli(
    dir,
    ['ledger', 'import', 'pipe.jsonl', '--settings', 'settings.json', 'R-2026-0001.json'],
    {
      timeoutMs: 20_000,
    },
  );
  expect(result.signal).toBeNull(); // it did not hang
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/The journal file .*pipe\.jsonl is not a regular file/);
});
