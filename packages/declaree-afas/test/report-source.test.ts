/**
 * A custom `ReportSource`, as an integrator writes one over Declaree's API: `exportApproved` hands it
 * every kind of outcome — exported (with entry number and dossier item id), already exported,
 * invalid (with the problems), failed (with AFAS's refusal explained) — and hands back a report that
 * AFAS's maintenance deferred, without settling it, so that the next pass exports it.
 */
import { createAfasSimulator } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ExportResult, PendingReport, ReportSource } from '../src/index.js';
import { cleanReport, exporterFor, secretSeed } from './reliability/support.js';

const simulator = createAfasSimulator({ seed: secretSeed });
const server = setupServer(...simulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());
const PDF = new TextEncoder().encode('%PDF-1.7\n% a report\n');

/** A source over an in-memory list, recording what it hears back. */
function listSource(reports: readonly Record<string, unknown>[]) {
  const settled: { ref: string; result: ExportResult }[] = [];
  const released: string[] = [];
  let waiting = [...reports];
  const source: ReportSource = {
    async *pending() {
      for (const report of waiting)
        yield { ref: String(report['id']), report: { ...report, pdf: async () => PDF } };
    },
    async settle(item: PendingReport, result: ExportResult) {
      settled.push({ ref: item.ref, result });
      waiting = waiting.filter((report) => report['id'] !== item.ref);
    },
    async release(item: PendingReport) {
      released.push(item.ref);
    },
  };
  return { source, settled, released, outcome: (ref: string) => settled.find((s) => s.ref === ref)?.result };
}

const report = (id: string, number: string, changes: Record<string, unknown> = {}) => {
  const { pdf: _pdf, ...clean } = cleanReport() as unknown as Record<string, unknown>;
  return { ...clean, id, number, ...changes };
};

it('hears every kind of outcome, and gets a report deferred by maintenance back unsettled', async () => {
  const clean = cleanReport() as unknown as { expenses: Record<string, unknown>[] };
  const refusedByAfas = report('rep_refused', 'RS-0003', {
    // Not in AFAS's chart of accounts: with the preflight off, AFAS itself refuses the entry.
    expenses: [{ ...clean.expenses[0]!, category: { name: 'Onbekend', code: '9999' } }],
  });
  const exporter = exporterFor(simulator.baseUrl, { preflight: false });

  // Pass 1: one exported, one invalid (not approved), one refused by AFAS.
  const first = listSource([
    report('rep_ok', 'RS-0001'),
    report('rep_draft', 'RS-0002', { status: 'submitted' }),
    refusedByAfas,
  ]);
  const summary = await exporter.exportApproved(first.source, { concurrency: 2 });
  expect(summary).toMatchObject({ exported: 1, alreadyExported: 0, invalid: 1, failed: 1, deferred: 0 });
  expect(first.outcome('rep_ok')).toMatchObject({
    status: 'exported',
    entryNo: String(simulator.entries[0]?.entryNumber),
    subjectId: String(simulator.subjects[0]?.id),
  });
  expect(first.outcome('rep_draft')?.status).toBe('invalid');
  expect(first.outcome('rep_draft')?.problems.length).toBeGreaterThan(0);
  const refused = first.outcome('rep_refused');
  expect(refused?.status).toBe('failed');
  expect(
    Object.values(refused?.steps ?? {}).find((step) => step.status === 'failed')?.explanation,
  ).toMatchObject({
    code: 'unknown-account',
    fix: expect.any(String),
  });
  expect(first.released).toEqual([]);

  // Pass 2: the exported report offered again is already exported; AFAS goes into maintenance for the new one.
  const maintenance = simulator.inject({ fault: 'maintenance', retryAfter: 60, times: Infinity });
  const second = listSource([report('rep_ok', 'RS-0001'), report('rep_later', 'RS-0004')]);
  const paused = await exporter.exportApproved(second.source, { concurrency: 1 });
  expect(second.outcome('rep_ok')?.status).toBe('already-exported');
  expect(second.outcome('rep_later')).toBeUndefined();
  expect(second.released).toEqual(['rep_later']);
  expect(paused).toMatchObject({ alreadyExported: 1, deferred: 1, pausedUntil: expect.any(Date) });

  // After the maintenance the deferred report is offered again and exported.
  maintenance.remove();
  const resumed = await exporter.exportApproved(second.source);
  expect(resumed).toMatchObject({ exported: 1, deferred: 0 });
  expect(second.outcome('rep_later')?.status).toBe('exported');
  expect(simulator.entries).toHaveLength(2);
  expect(simulator.subjects).toHaveLength(2);
});

/** Counts the requests at AFAS at the same moment while `work` runs; returns the peak. */
async function peakInFlight(work: () => Promise<void>): Promise<number> {
  let inFlight = 0;
  let peak = 0;
  const start = () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
  };
  const end = () => {
    inFlight--;
  };
  server.events.on('request:start', start);
  server.events.on('response:mocked', end);
  simulator.inject({ fault: 'latency', latencyMs: 15, times: Infinity });
  try {
    await work();
  } finally {
    server.events.removeListener('request:start', start);
    server.events.removeListener('response:mocked', end);
  }
  return peak;
}

const twelve = () =>
  Array.from({ length: 12 }, (_, i) => report(`rep_${i}`, `RS-1${String(i).padStart(3, '0')}`));

it("keeps the calls in flight to one AFAS environment within the client's budget, however many reports run at once", async () => {
  const peak = await peakInFlight(async () => {
    const exporter = exporterFor(simulator.baseUrl, { clientOptions: { maxInFlight: 3 } });
    const summary = await exporter.exportApproved(listSource(twelve()).source, { concurrency: 8 });
    expect(summary.exported).toBe(12);
  });
  expect(peak).toBe(3); // 8 reports at once, but never more than 3 calls at AFAS
});

it('exportReports runs at most `concurrency` reports at once', async () => {
  const peak = await peakInFlight(async () => {
    const exporter = exporterFor(simulator.baseUrl, { clientOptions: { maxInFlight: 8 } });
    const reports = twelve().map((r) => ({ ...r, pdf: PDF }));
    const results = await exporter.exportReports(reports, { concurrency: 2 });
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('exported'));
  });
  // Each report's calls are sequential (entry, dossier item, free fields), so 2 reports: 2 calls.
  expect(peak).toBe(2);
});
