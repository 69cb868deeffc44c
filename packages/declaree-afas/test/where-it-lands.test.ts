/**
 * One ledger, several settings: an export is remembered by where it lands (environment and its kind,
 * administration, journal, creditor, invoice number), so the same reports exported with the same
 * ledger to a second environment or administration are booked there, and going back books nothing.
 * The built CLI, one SQLite ledger in one folder, three loopback simulators (production and test of
 * one participant, and another participant's production).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSeed, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let production: RunningAfasSimulator;
let test: RunningAfasSimulator;
let other: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  [production, test, other] = await Promise.all([
    startAfasSimulator({ port: 0 }),
    startAfasSimulator({ port: 0, seed: { ...demoSeed, kind: 'test' } }),
    startAfasSimulator({ port: 0, seed: { ...demoSeed, environmentId: '54321' } }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'declaree-where-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([production.close(), test.close(), other.close()]);
  await rm(dir, { recursive: true, force: true });
});

const REPORT = 'R-2026-0002.json';
const writes = (afas: RunningAfasSimulator) => afas.simulator.requests.filter((r) => r.method !== 'GET');
const entriesIn = (afas: RunningAfasSimulator, administration: number) =>
  afas.simulator.entries.filter((e) => e.administration === administration);

/** Exports the report with the demo settings changed by `changes`, always into the same ledger. */
async function exportWith(changes: Record<string, unknown>) {
  const settings = JSON.parse(await readFile(join(dir, 'base.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...settings, ...changes }));
  return runCli(dir, ['export', REPORT, '--settings', 'settings.json', '--ledger', 'ledger.db'], {
    timeoutMs: 30_000,
  });
}

it('books the same report in a second environment, another participant and a second administration, never twice', async () => {
  await writeDemoFiles(dir, production.url);
  await writeFile(join(dir, 'base.json'), await readFile(join(dir, 'settings.json')));

  const first = await exportWith({});
  expect(first.code, first.stdout).toBe(0);
  expect(first.stdout).toMatch(/R-2026-0002 +exported/);
  expect(entriesIn(production, 1)).toHaveLength(1);

  // The test environment: same participant, kind test, its own URL.
  const inTest = await exportWith({ environmentKind: 'test', baseUrl: test.url });
  expect(inTest.code, inTest.stdout).toBe(0);
  expect(inTest.stdout).toMatch(/R-2026-0002 +exported/);
  expect(entriesIn(test, 1)).toHaveLength(1);
  expect(test.simulator.subjects).toHaveLength(1);

  // Another participant's environment (another company's AFAS).
  const elsewhere = await exportWith({ environment: '54321', baseUrl: other.url });
  expect(elsewhere.code, elsewhere.stdout + elsewhere.stderr).toBe(0);
  expect(elsewhere.stdout).toMatch(/R-2026-0002 +exported/);
  expect(entriesIn(other, 1)).toHaveLength(1);

  // A second administration of the production environment, with its own journal.
  const inHolding = await exportWith({ administration: 2, journal: '60' });
  expect(inHolding.code, inHolding.stdout + inHolding.stderr).toBe(0);
  expect(inHolding.stdout).toMatch(/R-2026-0002 +exported/);
  expect(entriesIn(production, 2)).toHaveLength(1);

  // Back to where it was first booked: nothing is sent.
  const before = writes(production).length;
  const again = await exportWith({});
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/R-2026-0002 +already exported/);
  expect(writes(production).slice(before)).toEqual([]);
  expect(entriesIn(production, 1)).toHaveLength(1);
});
