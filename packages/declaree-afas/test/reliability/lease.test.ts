/**
 * An export that takes longer than its lease keeps it: the exporter renews the lease while it works
 * on a report, so a second exporter sharing the ledger (another process, here a second SQLite
 * handle on the same file) waits for it instead of taking the report over halfway and booking it
 * again. AFAS is made slow (each write answered after 800 ms) and the lease short (300 ms).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { sqliteLedger } from '../../src/index.js';
import { cleanReport, exporterFor, useSimulator } from './support.js';

const simulator = useSimulator();
const LEASE_MS = 300;
const WRITE_LATENCY_MS = 800;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'declaree-lease-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('a report whose export outlasts the lease is booked once; a second exporter on the ledger waits and finds it done', async () => {
  const file = join(dir, 'ledger.db');
  const [firstLedger, secondLedger] = [sqliteLedger(file), sqliteLedger(file)];
  // Long enough for AFAS's slow answers: the lease, not the client, is what is under test.
  const clientOptions = { retry: { retries: 0 }, timeout: 10_000 };
  const first = exporterFor(simulator.baseUrl, { ledger: firstLedger, leaseMs: LEASE_MS, clientOptions });
  const second = exporterFor(simulator.baseUrl, { ledger: secondLedger, leaseMs: LEASE_MS, clientOptions });
  // Only the first exporter's writes are slow (the first call of each): a second exporter that took
  // the report over would be answered at once, and book before the first heard back.
  const slowEntry = simulator.inject({
    fault: 'latency',
    connector: 'FiEntries',
    method: 'POST',
    latencyMs: WRITE_LATENCY_MS,
  });
  simulator.inject({ fault: 'latency', connector: 'KnSubject', method: 'POST', latencyMs: WRITE_LATENCY_MS });

  try {
    const exporting = first.exportReport(cleanReport());
    // The second starts while the first's entry is on its way, with its lease claimed and the entry
    // recorded `pending`: over the next 1.6 s the first lease would run out five times unrenewed.
    await vi.waitFor(() => expect(slowEntry.fired).toBe(1), { timeout: 5_000, interval: 5 });
    const [one, other] = await Promise.all([exporting, second.exportReport(cleanReport())]);

    // The first kept its lease to the end: no step of it was refused for a lease taken over.
    expect(one).toMatchObject({
      status: 'exported',
      steps: { entry: { status: 'done' }, dossier: { status: 'done' }, freeFields: { status: 'done' } },
    });
    // The second waited for the lease to be released, not for it to expire, and found all done.
    expect(other).toMatchObject({
      status: 'already-exported',
      entryNo: one.entryNo,
      subjectId: one.subjectId,
      steps: {
        entry: { status: 'already-done' },
        dossier: { status: 'already-done' },
        freeFields: { status: 'already-done' },
      },
    });

    // AFAS was sent each write once: one entry, one dossier item (no duplicate refused, none stored twice).
    const writes = simulator.requests
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.connector} ${r.status}`);
    expect(writes).toEqual(['POST FiEntries 201', 'POST KnSubject 201', 'PUT FiEntriesCustom 201']);
    expect(simulator.entries).toHaveLength(1);
    expect(simulator.subjects).toHaveLength(1);
    const [record] = await secondLedger.findByReport(one.reportId);
    expect(record?.steps).toMatchObject({
      entry: { status: 'done' },
      dossier: { status: 'done' },
      freeFields: { status: 'done' },
    });
  } finally {
    await Promise.all([firstLedger.close(), secondLedger.close()]);
  }
}, 20_000);
