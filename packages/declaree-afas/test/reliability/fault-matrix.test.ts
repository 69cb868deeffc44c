/**
 * Fault matrix: every fault at every step of an export (FiEntries → KnSubject → FiEntriesCustom),
 * struck once or on every call of that step during a first run; then a rerun, with the same ledger
 * or with a lost one. Whatever the first run did, the rerun ends with exactly one entry, one dossier
 * item holding the report's PDF, and the free fields set on every line of the entry. The first run
 * never books twice either. docs/reliability.md has the table of cases.
 */
import { DEMO_FREE_FIELDS, type FaultKind } from 'afas-client/testing';
import { describe, expect, it } from 'vitest';
import { memoryLedger } from '../../src/index.js';
import { cleanReport, exporterFor, NOW, useSimulator } from './support.js';

const simulator = useSimulator();

const STEPS = [
  ['FiEntries', 'POST'],
  ['KnSubject', 'POST'],
  ['FiEntriesCustom', 'PUT'],
] as const;

const FAULTS: readonly FaultKind[] = [
  'drop', // connection dropped before AFAS wrote anything
  'drop-after-write', // AFAS wrote, the answer was lost
  'hang', // time-out, nothing written
  'hang-after-write', // time-out, AFAS wrote
  'locked', // 500 "booking layout locked by another user"
  'maintenance', // 503 with retry_after 7200
  'html', // 502 HTML page from a proxy
];

const MODES = [
  ['once', 'same ledger'],
  ['every call', 'same ledger'],
  ['every call', 'lost ledger'],
] as const;

const cases = STEPS.flatMap(([connector, method]) =>
  FAULTS.flatMap((fault) =>
    MODES.map(([strikes, ledgerMode]) => [connector, method, fault, strikes, ledgerMode] as const),
  ),
);

function expectExactlyOnce(pdf: Uint8Array) {
  expect(simulator.entries).toHaveLength(1);
  const entry = simulator.entries[0]!;
  expect(simulator.subjects).toHaveLength(1);
  const subject = simulator.subjects[0]!;
  expect(subject.attachments).toHaveLength(1);
  expect(Buffer.from(subject.attachments[0]!.data, 'base64').equals(Buffer.from(pdf))).toBe(true);
  expect(subject.links[0]).toMatchObject({ PiId: 'R-2026-0001' });
  const fields = simulator.customFields.filter((f) => f.entryNumber === entry.entryNumber);
  expect(fields).toHaveLength(entry.lines.length);
  for (const line of fields) {
    expect(line.fields[DEMO_FREE_FIELDS.reportNumber]).toBe('R-2026-0001');
    expect(line.fields[DEMO_FREE_FIELDS.reportLink]).toBe('https://app.declaree.com/reports/rep_7f3a01');
  }
}

describe('a rerun after any fault at any step ends with exactly one of everything', () => {
  it.each(cases)('%s %s: %s, %s, rerun with %s', async (connector, method, fault, strikes, ledgerMode) => {
    const report = cleanReport();
    const pdf = report.pdf as Uint8Array;
    const ledger = memoryLedger();
    simulator.inject({ connector, method, fault, times: strikes === 'once' ? 1 : Infinity });

    const first = await exporterFor(simulator.baseUrl, { ledger }).exportReport(report);
    expect(simulator.entries.length).toBeLessThanOrEqual(1);
    expect(simulator.subjects.length).toBeLessThanOrEqual(1);
    expect(first.status).not.toBe('invalid');

    simulator.clearFaults();
    const rerun = await exporterFor(simulator.baseUrl, {
      ledger: ledgerMode === 'same ledger' ? ledger : memoryLedger(),
    }).exportReport(report);

    expect(rerun.status, JSON.stringify(rerun.steps)).toMatch(/^(already-)?exported$/);
    expect(rerun.entryNo).toBe(String(simulator.entries[0]?.entryNumber));
    expectExactlyOnce(pdf);

    // And a third run changes nothing.
    const third = await exporterFor(simulator.baseUrl, { ledger }).exportReport(report);
    expect(third.status).toBe('already-exported');
    expectExactlyOnce(pdf);
  });
});

describe('a lost ledger, or one that lost its last records, never leads to a second write', () => {
  it('a lost ledger and the answer to the duplicate refusal lost: the dossier item is looked up, not made again', async () => {
    const report = cleanReport();
    const pdf = report.pdf as Uint8Array;
    await exporterFor(simulator.baseUrl, { ledger: memoryLedger() }).exportReport(report);
    expectExactlyOnce(pdf);
    // A new machine (an empty ledger); AFAS refuses the entry as a duplicate, and that answer is lost.
    simulator.inject({ connector: 'FiEntries', method: 'POST', fault: 'drop-after-write', times: 1 });
    const rerun = await exporterFor(simulator.baseUrl, { ledger: memoryLedger() }).exportReport(report);
    expect(rerun.steps.dossier.status, JSON.stringify(rerun.steps)).toBe('already-done');
    expectExactlyOnce(pdf);
  });

  it('an entry the ledger holds as pending is looked up before it is sent again', async () => {
    const report = cleanReport();
    const ledger = memoryLedger();
    await exporterFor(simulator.baseUrl, { ledger }).exportReport(report);
    // As a power cut after AFAS booked the entry would leave it: the ledger says only 'entry pending'.
    const [record] = await ledger.findByReport(String(report.id));
    const rewound = memoryLedger();
    const claim = await rewound.claim(
      record!.key,
      { reportId: String(report.id) },
      { owner: 'x', ttlMs: 1000 },
    );
    if (!claim.claimed) throw new Error('not claimed');
    await rewound.record(claim.lease, 'entry', { status: 'pending', at: NOW.toISOString() });
    await rewound.release(claim.lease);
    const from = simulator.requests.length;
    const rerun = await exporterFor(simulator.baseUrl, { ledger: rewound }).exportReport(report);
    const sent = simulator.requests.slice(from).map((request) => `${request.method} ${request.connector}`);
    expect(sent).not.toContain('POST FiEntries'); // found by the lookup: not sent blind
    expect(rerun.steps.entry.status).toBe('already-done');
    expectExactlyOnce(report.pdf as Uint8Array);
  });
});
