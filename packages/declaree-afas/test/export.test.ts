import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAfasSimulator, DEMO_FREE_FIELDS, DEMO_TOKEN_DATA, demoSeed } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoReports, demoSettings } from '../src/demo/samples.js';
import {
  DeclareeExporter,
  type ExporterOptions,
  LedgerUnavailableError,
  memoryLedger,
  sqliteLedger,
} from '../src/index.js';

const simulator = createAfasSimulator();
// An App Connector that cannot read dossier items back (no ProfitSubjects), on a host of its own.
const NO_SUBJECTS_URL = 'https://12345.resttest.afas.online/ProfitRestServices';
const noSubjects = createAfasSimulator({
  baseUrl: NO_SUBJECTS_URL,
  seed: {
    ...demoSeed,
    appConnectors: demoSeed.appConnectors.map((connector) => ({
      ...connector,
      getConnectors: (connector.getConnectors ?? []).filter((id) => id !== 'ProfitSubjects'),
    })),
  },
});
const server = setupServer(...simulator.handlers, ...noSubjects.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  simulator.reset();
  noSubjects.reset();
});
afterAll(() => server.close());

const NOW = new Date('2026-03-20T09:00:00Z');
const [clean, withRefund, mappingMistake] = demoReports() as [unknown, unknown, unknown];

function exporter(options: Partial<ExporterOptions> = {}) {
  return new DeclareeExporter({
    settings: demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_TOKEN_DATA }),
    now: () => NOW,
    clientOptions: { retry: { retries: 2, minDelay: 1, maxDelay: 5, maxRetryAfter: 1 }, timeout: 500 },
    ...options,
  });
}

const writes = () =>
  simulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.connector} ${r.status}`);

describe('exportReport against the simulator', () => {
  it('books the entry, stores the PDF in a linked dossier item, and sets the free fields', async () => {
    const result = await exporter().exportReport(clean);

    expect(result).toMatchObject({
      status: 'exported',
      invoiceNumber: 'R-2026-0001',
      steps: { entry: { status: 'done' }, dossier: { status: 'done' }, freeFields: { status: 'done' } },
    });
    expect(simulator.entries).toHaveLength(1);
    const entry = simulator.entries[0]!;
    expect(String(entry.entryNumber)).toBe(result.entryNo);
    expect(entry).toMatchObject({ administration: 1, journal: '70', year: 2026, period: 3 });
    const debit = entry.lines.reduce((sum, line) => sum + Math.round(line.debit * 100), 0);
    const credit = entry.lines.reduce((sum, line) => sum + Math.round(line.credit * 100), 0);
    expect(debit).toBe(credit);
    expect(credit).toBe(13920);
    expect(entry.lines[0]).toMatchObject({
      accountType: '3',
      account: '30001',
      invoiceId: 'R-2026-0001',
      credit: 139.2,
    });
    expect(entry.lines.find((line) => line.account === '4100')?.allocations).toEqual({ 1: 'KP300' });

    expect(simulator.subjects).toHaveLength(1);
    const dossier = simulator.subjects[0]!;
    expect(String(dossier.id)).toBe(result.subjectId);
    expect(dossier).toMatchObject({ typeId: 31 });
    expect(dossier.links[0]).toMatchObject({ PiUn: 1, PiId: 'R-2026-0001' });
    expect(dossier.attachments).toHaveLength(1);
    expect(Buffer.from(dossier.attachments[0]!.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const fieldsPerLine = simulator.customFields.filter((f) => String(f.entryNumber) === result.entryNo);
    expect(fieldsPerLine).toHaveLength(entry.lines.length);
    expect(fieldsPerLine.every((f) => f.fields[DEMO_FREE_FIELDS.reportNumber] === 'R-2026-0001')).toBe(true);
  });

  it('books a refund (negative expense) balanced to the cent', async () => {
    const result = await exporter().exportReport(withRefund);
    expect(result.status).toBe('exported');
    const lines = simulator.entries[0]!.lines;
    expect(lines[0]).toMatchObject({ account: '30002', credit: 174.8 });
    expect(lines.filter((line) => line.account === '4300').map((l) => [l.debit, l.credit])).toEqual([
      [164.46, 0],
      [0, 20],
    ]);
  });

  it('never books a report twice: a second export finds it already exported', async () => {
    const ledger = memoryLedger();
    await exporter({ ledger }).exportReport(clean);
    const again = await exporter({ ledger }).exportReport(clean);
    expect(again.status).toBe('already-exported');
    expect(again.steps.entry.status).toBe('already-done');

    // Without the ledger (another machine, a lost state file): AFAS's duplicate check decides.
    const fresh = await exporter().exportReport(clean);
    expect(fresh.status).toBe('already-exported');
    expect(fresh.entryNo).toBe(again.entryNo);
    expect(simulator.entries).toHaveLength(1);
    expect(simulator.subjects).toHaveLength(1);
  });

  it('sends nothing for an invalid report and lists what to fix', async () => {
    const invalid = { ...(clean as object), user: { name: 'Jan de Vries' } };
    const result = await exporter().exportReport(invalid);
    expect(result.status).toBe('invalid');
    expect(result.problems.map((p) => [p.code, p.field])).toContainEqual(['missing-creditor', 'user.code']);
    expect(writes()).toEqual([]);
  });

  it('the preflight, on by default, refuses what AFAS would refuse, and sends nothing', async () => {
    const result = await exporter().exportReport(mappingMistake);
    expect(result.status).toBe('invalid');
    expect(result.problems.map((p) => [p.code, p.field])).toEqual([
      ['allocation-not-assigned', 'expenses[0].project.code'],
    ]);
    expect(simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('explains an AFAS refusal in plain words and keeps AFAS message and log reference', async () => {
    const result = await exporter({ preflight: false }).exportReport(mappingMistake);
    expect(result.status).toBe('failed');
    const explanation = result.steps.entry.explanation;
    expect(explanation).toMatchObject({ code: 'allocation-not-assigned', alreadyExported: false });
    expect(explanation?.afasMessage).toMatch(/PRJ001.*4500/);
    expect(explanation?.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
    expect(simulator.entries).toHaveLength(0);
  });
});

describe('resuming and faults', () => {
  it('a dossier failure after the entry was booked resumes without booking again', async () => {
    const ledger = memoryLedger();
    simulator.inject({ connector: 'KnSubject', method: 'POST', fault: 'maintenance', retryAfter: 7200 });
    const first = await exporter({ ledger }).exportReport(clean);
    expect(first.status).toBe('failed');
    expect(first.steps.dossier.explanation?.code).toBe('maintenance');
    expect(first.steps).toMatchObject({
      entry: { status: 'done' },
      dossier: { status: 'failed' },
      freeFields: { status: 'not-started' },
    });

    const second = await exporter({ ledger }).exportReport(clean);
    expect(second.status).toBe('already-exported');
    expect(second.steps).toMatchObject({
      entry: { status: 'already-done' },
      dossier: { status: 'done' },
      freeFields: { status: 'done' },
    });
    expect(simulator.entries).toHaveLength(1);
    expect(simulator.subjects).toHaveLength(1);
  });

  it('an unreadable answer to the dossier item is resolved by looking it up, then sent once more', async () => {
    simulator.inject({ connector: 'KnSubject', method: 'POST', fault: 'html' });
    const result = await exporter().exportReport(clean);
    expect(result.status).toBe('exported');
    expect(simulator.subjects).toHaveLength(1);
  });

  it.each([['drop-after-write'], ['hang-after-write']] as const)(
    'an entry written but whose answer was lost (%s) is found by lookup, not booked again, and counts as exported by this run',
    async (fault) => {
      simulator.inject({ connector: 'FiEntries', method: 'POST', fault });
      const result = await exporter().exportReport(clean);
      expect(result.status).toBe('exported');
      expect(result.steps.entry.status).toBe('done');
      expect(result.steps.dossier.status).toBe('done');
      expect(simulator.entries).toHaveLength(1);
      expect(result.entryNo).toBe(String(simulator.entries[0]!.entryNumber));
    },
  );

  it('an entry that was not written (dropped before the write) is sent once more after the lookup', async () => {
    simulator.inject({ connector: 'FiEntries', method: 'POST', fault: 'drop' });
    const result = await exporter().exportReport(clean);
    expect(result.status).toBe('exported');
    expect(simulator.entries).toHaveLength(1);
    expect(writes().filter((w) => w.startsWith('POST FiEntries'))).toHaveLength(2);
  });

  it('a booking layout lock is retried until it clears', async () => {
    simulator.inject({ connector: 'FiEntries', method: 'POST', fault: 'locked', times: 2 });
    const result = await exporter().exportReport(clean);
    expect(result.status).toBe('exported');
    expect(simulator.entries).toHaveLength(1);
  });

  it('exports several reports concurrently and reports each', async () => {
    const results = await exporter().exportReports([clean, withRefund, mappingMistake, clean], {
      concurrency: 2,
    });
    expect(results.map((r) => r.status).sort()).toEqual([
      'already-exported',
      'exported',
      'exported',
      'invalid',
    ]);
    expect(simulator.entries).toHaveLength(2);
  });
});

describe('never twice, also when things around the export go wrong', () => {
  it('the same report twice in one batch is booked once, with one dossier item', async () => {
    const results = await exporter().exportReports([clean, clean, clean], { concurrency: 3 });
    expect(results.map((r) => r.status)).toEqual(['exported', 'already-exported', 'already-exported']);
    expect(simulator.entries).toHaveLength(1);
    expect(simulator.subjects).toHaveLength(1);
  });

  it('without ProfitSubjects and without the ledger, an already booked report gets no second dossier item', async () => {
    const settings = demoSettings({ baseUrl: NO_SUBJECTS_URL, token: DEMO_TOKEN_DATA });
    const first = await new DeclareeExporter({ settings, now: () => NOW }).exportReport(clean);
    expect(first.status).toBe('exported');
    const again = await new DeclareeExporter({ settings, now: () => NOW }).exportReport(clean);
    expect(again.status).toBe('already-exported');
    expect(again.steps.dossier.status).toBe('skipped');
    expect(again.steps.dossier.note).toMatch(/ProfitSubjects/);
    expect(noSubjects.subjects).toHaveLength(1);
  });

  it('with its own ledger it still finishes a dossier item that was refused before', async () => {
    const settings = demoSettings({ baseUrl: NO_SUBJECTS_URL, token: DEMO_TOKEN_DATA });
    const ledger = memoryLedger();
    noSubjects.inject({ connector: 'KnSubject', method: 'POST', fault: 'maintenance', retryAfter: 7200 });
    const first = await new DeclareeExporter({ settings, ledger, now: () => NOW }).exportReport(clean);
    expect(first.steps.dossier.status).toBe('failed');
    const again = await new DeclareeExporter({ settings, ledger, now: () => NOW }).exportReport(clean);
    expect(again.steps.dossier.status).toBe('done');
    expect(noSubjects.subjects).toHaveLength(1);
  });

  it('a ledger that cannot be written books nothing: a failed result naming the fix, not a thrown batch', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'declaree-unwritable-'));
    try {
      const seen: string[] = [];
      const results = await exporter({ ledger: sqliteLedger(folder) }).exportReports([clean, withRefund], {
        onResult: (result) => {
          seen.push(result.status);
          throw new Error('a progress callback that breaks');
        },
      });
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(results[0]?.steps.entry.explanation).toMatchObject({
        code: 'ledger-unavailable',
        fix: expect.stringMatching(/--ledger.*nothing was sent to AFAS/),
      });
      expect(seen).toEqual(['failed', 'failed']);
      expect(writes()).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('a ledger that stops taking writes mid-report says whether this run sent part of the report', async () => {
    // The free fields are sent without a `pending` record first (the same PUT again is harmless):
    // when their `done` cannot be recorded, the result still says the PUT went out.
    const ledger = memoryLedger();
    const failing: typeof ledger = {
      ...ledger,
      async record(lease, step, state) {
        if (step === 'freeFields' && state.status === 'done')
          throw new LedgerUnavailableError('The ledger test cannot be written (disk full).', 'Make room.');
        return ledger.record(lease, step, state);
      },
    };
    const result = await exporter({ ledger: failing }).exportReport(clean);
    expect(result.status).toBe('failed');
    expect(result.steps.freeFields.explanation?.explanation).toMatch(/This run had sent part of this report/);
    expect(simulator.customFields.length).toBeGreaterThan(0);

    const ledger2 = memoryLedger();
    const full: typeof ledger2 = {
      ...ledger2,
      async claim() {
        throw new LedgerUnavailableError('The ledger test cannot be written (disk full).', 'Make room.');
      },
    };
    const before = simulator.requests.filter((r) => r.method !== 'GET').length;
    const nothing = await exporter({ ledger: full }).exportReport(withRefund);
    expect(nothing.steps.entry.explanation?.explanation).toMatch(/This run sent nothing of this report/);
    expect(simulator.requests.filter((r) => r.method !== 'GET')).toHaveLength(before);
  });

  it('one ledger used for two environments books the report in each (the key is where it lands)', async () => {
    const ledger = memoryLedger();
    const production = await exporter({ ledger }).exportReport(clean);
    expect(production.status).toBe('exported');
    const test = await new DeclareeExporter({
      settings: {
        ...demoSettings({ baseUrl: NO_SUBJECTS_URL, token: DEMO_TOKEN_DATA }),
        environmentKind: 'test' as const,
      },
      ledger,
      now: () => NOW,
    }).exportReport(clean);
    expect(test.status).toBe('exported');
    expect(simulator.entries).toHaveLength(1);
    expect(noSubjects.entries).toHaveLength(1);
    expect(noSubjects.subjects).toHaveLength(1);
  });

  it('a second exporter sharing the ledger waits for the first, then finds the report done', async () => {
    const ledger = memoryLedger();
    const [first, second] = await Promise.all([
      exporter({ ledger }).exportReport(clean),
      exporter({ ledger }).exportReport(clean),
    ]);
    expect([first.status, second.status].sort()).toEqual(['already-exported', 'exported']);
    expect(simulator.entries).toHaveLength(1);
    expect(simulator.subjects).toHaveLength(1);
  });
});
