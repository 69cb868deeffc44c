import { createAfasSimulator, DEMO_LIMITED_TOKEN_DATA, DEMO_TOKEN_DATA, demoSeed } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoReports, demoSettings } from '../src/demo/samples.js';
import { DeclareeExporter, type DeclareeReportInput, type ExporterOptions } from '../src/index.js';

// Bookkeeping cases of real Dutch expense reports, exported into the simulator's demo administration.
const simulator = createAfasSimulator();
// An App Connector without the periods GetConnector, on a host of its own: AFAS itself refuses a blocked period.
const NO_PERIODS_URL = 'https://12345.resttest.afas.online/ProfitRestServices';
const noPeriods = createAfasSimulator({
  baseUrl: NO_PERIODS_URL,
  seed: {
    ...demoSeed,
    appConnectors: demoSeed.appConnectors.map((connector) => ({
      ...connector,
      getConnectors: (connector.getConnectors ?? []).filter(
        (id) => id !== 'Profit_periods_per_administration',
      ),
    })),
  },
});
// An AFAS that numbers the creditor line last (n, 1, 2, …): the posted order is no safe assumption.
const CREDITOR_LAST_URL = 'https://12345.restaccept.afas.online/ProfitRestServices';
const EXPENSE_FIELD = 'U00000000000000000000000000000EE1';
const creditorLast = createAfasSimulator({
  baseUrl: CREDITOR_LAST_URL,
  seed: {
    ...demoSeed,
    freeFields: [...(demoSeed.freeFields ?? []), { id: EXPENSE_FIELD, label: 'Uitgave' }],
  },
  lineNumbering: (count) => [count, ...Array.from({ length: count - 1 }, (_, i) => i + 1)],
});
const NO_TRANSACTIONS_URL = 'https://54321.rest.afas.online/ProfitRestServices';
const noTransactions = createAfasSimulator({
  baseUrl: NO_TRANSACTIONS_URL,
  seed: {
    ...demoSeed,
    appConnectors: demoSeed.appConnectors.map((connector) => ({
      ...connector,
      getConnectors: (connector.getConnectors ?? []).filter((id) => id !== 'Profit_Transactions'),
    })),
  },
});
const server = setupServer(
  ...simulator.handlers,
  ...noPeriods.handlers,
  ...creditorLast.handlers,
  ...noTransactions.handlers,
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  simulator.reset();
  noPeriods.reset();
  creditorLast.reset();
  noTransactions.reset();
});
afterAll(() => server.close());

const NOW = new Date('2026-03-20T09:00:00Z');
const withoutVat = demoReports()[3]!;

function exporter(options: Partial<ExporterOptions> = {}) {
  return new DeclareeExporter({
    settings: demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_TOKEN_DATA }),
    now: () => NOW,
    clientOptions: { retry: { retries: 0 }, timeout: 1000 },
    ...options,
  });
}

describe('expenses without VAT', () => {
  it('books a fine without VAT part and a 0 % part on an account that allows no VAT, with no VAT code', async () => {
    const result = await exporter().exportReport(withoutVat);
    expect(result.status).toBe('exported');
    const lines = simulator.entries[0]!.lines;
    expect(lines.map((l) => [l.account, l.debit, l.credit, l.vatCode])).toEqual([
      ['30002', 0, 79, null],
      ['4600', 70, 0, null],
      ['4600', 9, 0, null],
    ]);
  });

  it('the preview says a line has no VAT code because its expense has none', async () => {
    const preview = await exporter().preview(withoutVat);
    if (!preview.ok) throw new Error('expected a preview');
    const costs = preview.preview.plan.lines.filter((line) => line.kind === 'cost');
    expect(costs.map((line) => [line.expenseId, line.vatCode, line.withoutVat])).toEqual([
      ['exp_7', undefined, 'no-vat-code'],
      // The preview reads nothing from AFAS, so the 0 % code stays until the export knows the account.
      ['exp_8', '0', undefined],
    ]);
  });

  it('a dry run plans as the export does: the 0 % code left off, the note with it, nothing sent', async () => {
    const dry = await exporter().dryRun(withoutVat);
    if (!dry.ok) throw new Error(`expected a dry run, got ${JSON.stringify(dry.problems)}`);
    const costs = dry.preview.plan.lines.filter((line) => line.kind === 'cost');
    expect(costs.map((line) => [line.expenseId, line.vatCode, line.withoutVat])).toEqual([
      ['exp_7', undefined, 'no-vat-code'],
      ['exp_8', undefined, 'account-allows-no-vat'],
    ]);
    expect(dry.notes.map((n) => [n.expenseId, n.code])).toEqual([['exp_8', 'vat-code-left-off']]);
    expect(dry.skipped).toEqual([]);
    expect(simulator.entries).toEqual([]);
    const result = await exporter().exportReport(withoutVat);
    expect(simulator.entries[0]!.lines.map((l) => l.vatCode ?? undefined)).toEqual(
      dry.preview.plan.lines.map((line) => line.vatCode),
    );
    expect(result.status).toBe('exported');
  });

  it('preflight passes an expense without VAT on an account that allows none, and says the 0 % code is left off', async () => {
    const check = await exporter().preflight(withoutVat);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.notes.map((n) => [n.expenseId, n.field, n.code])).toEqual([
      ['exp_8', 'expenses[1].vat[0].code', 'vat-code-left-off'],
    ]);
    expect(check.notes[0]?.message).toMatch(/left off.*ledger account 4600 allows no VAT/);
  });

  it('an expense with VAT on such an account is caught by preflight and explained when AFAS refuses it', async () => {
    const report: DeclareeReportInput = {
      ...withoutVat,
      number: 'R-2026-0005',
      expenses: [
        {
          id: 'exp_9',
          date: '2026-03-16',
          description: 'Boete met btw',
          category: { name: 'Boetes', code: '4600' },
          amount: '12.10',
          vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }],
        },
      ],
    };
    const check = await exporter().preflight(report);
    expect(check.problems.map((p) => [p.code, p.field])).toEqual([
      ['vat-not-allowed', 'expenses[0].vat[0].code'],
    ]);
    expect(check.problems[0]?.message).toMatch(/set the expense's VAT to 0\.00 in Declaree/);

    const caught = await exporter().exportReport(report);
    expect(caught.status).toBe('invalid');
    expect(caught.problems.map((p) => p.code)).toEqual(['vat-not-allowed']);

    const result = await exporter({ preflight: false }).exportReport(report);
    expect(result.status).toBe('failed');
    expect(result.steps.entry.explanation).toMatchObject({
      code: 'vat-not-allowed',
      // The exporter knows 4600 is this report's category account: only that fix is given.
      details: { account: '4600', accountRole: 'category' },
    });
    expect(result.steps.entry.explanation?.fix).not.toMatch(/code \(2\)/);
    expect(simulator.entries).toHaveLength(0);
  });
});

describe('duplicates with any invoice number', () => {
  it('a report number with spaces is recognised as already booked, and the rerun finishes', async () => {
    const report = { ...demoReports()[0]!, number: 'R 2026 01' };
    const first = await exporter().exportReport(report);
    expect(first).toMatchObject({ status: 'exported', invoiceNumber: 'R 2026 01' });
    // No journal and no Profit_Transactions lookup decides: AFAS's duplicate message must be recognised.
    const again = await exporter().exportReport(report);
    expect(again.status).toBe('already-exported');
    expect(simulator.entries).toHaveLength(1);
  });
});

describe('blocked periods', () => {
  // The demo administration blocks periods 1 and 2 of 2026.
  const february = { ...demoReports()[0]!, approvedAt: '2026-02-10' };

  it("AFAS's own blocked-period message is explained, not a generic refusal", async () => {
    const result = await exporter({
      settings: demoSettings({ baseUrl: NO_PERIODS_URL, token: DEMO_TOKEN_DATA }),
    }).exportReport(february);
    expect(result.status).toBe('failed');
    expect(result.steps.entry.explanation).toMatchObject({
      code: 'period-blocked',
      details: { period: 2, year: 2026 },
    });
    expect(noPeriods.entries).toHaveLength(0);
  });

  it('moving out of a blocked period keeps the voucher date and moves only entry date and period', async () => {
    const result = await exporter({
      settings: {
        ...demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_TOKEN_DATA }),
        moveBlockedPeriod: true,
      },
    }).exportReport(february);
    expect(result.status).toBe('exported');
    const entry = simulator.entries[0]!;
    expect(entry).toMatchObject({ year: 2026, period: 3 });
    expect(entry.lines.every((l) => l.entryDate === '2026-03-01' && l.voucherDate === '2026-02-10')).toBe(
      true,
    );
  });

  it('without readable periods, year and period come from the configured financial year', async () => {
    const settings = {
      ...demoSettings({ baseUrl: NO_PERIODS_URL, token: DEMO_TOKEN_DATA }),
      financialYear: { firstMonth: 1, periods: 13 },
    } as const;
    // 31 March is day 90 of the year: the fourth four-week period, not the third month.
    const result = await exporter({ settings }).exportReport({
      ...demoReports()[0]!,
      approvedAt: '2026-03-31',
    });
    expect(result.status).toBe('exported');
    expect(noPeriods.entries[0]).toMatchObject({ year: 2026, period: 4 });

    // A year starting in July: March 2026 is period 9 of financial year 2025.
    const july = await exporter({
      settings: { ...settings, financialYear: { firstMonth: 7, periods: 12 } },
    }).preview(demoReports()[0]!);
    expect(july.ok && july.preview.plan.booking).toMatchObject({ year: 2025, period: 9 });
  });
});

describe('free-field line numbers', () => {
  const settingsFor = (baseUrl: string) => {
    const base = demoSettings({ baseUrl, token: DEMO_TOKEN_DATA });
    return { ...base, freeFields: { ...base.freeFields, [EXPENSE_FIELD]: '{expense.id}' } };
  };

  it('reads the numbers back from Profit_Transactions and matches lines by content', async () => {
    const result = await exporter({ settings: settingsFor(CREDITOR_LAST_URL) }).exportReport(
      demoReports()[0]!,
    );
    expect(result.status).toBe('exported');
    expect(result.steps.freeFields).toEqual({ status: 'done', label: 'free fields (FiEntriesCustom)' });
    const entry = creditorLast.entries[0]!;
    const expenseOf = (seqNo: number) =>
      creditorLast.customFields.find((f) => f.seqNo === seqNo)?.fields[EXPENSE_FIELD];
    const byAccount = Object.fromEntries(entry.lines.map((line) => [line.account, expenseOf(line.seqNo)]));
    expect(byAccount).toMatchObject({
      '30001': undefined,
      '4100': 'exp_1',
      '4500': 'exp_2',
      '4000': 'exp_3',
    });
  });

  it('says when the numbers were assumed because Profit_Transactions is not authorised', async () => {
    const result = await exporter({
      settings: demoSettings({ baseUrl: NO_TRANSACTIONS_URL, token: DEMO_TOKEN_DATA }),
    }).exportReport(demoReports()[0]!);
    expect(result.steps.freeFields).toMatchObject({
      status: 'done',
      note: expect.stringMatching(/assumed to follow the posted order.*Profit_Transactions/),
    });
  });
});

describe("Declaree's error table, each driven through the exporter into the simulator", () => {
  const [clean, , mappingMistake] = demoReports() as [
    DeclareeReportInput,
    DeclareeReportInput,
    DeclareeReportInput,
  ];
  const oneExpense = (number: string, changes: Partial<DeclareeReportInput['expenses'][number]>) => ({
    ...clean,
    number,
    expenses: [{ ...clean.expenses[0]!, ...changes }],
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'Voor code verbijzondering … is geen toewijzing bij rekening …',
      () => exporter({ preflight: false }).exportReport(mappingMistake),
      'allocation-not-assigned',
    ],
    [
      'Code verbijzondering voor as … moet gevuld worden voor rekening …',
      // Account 4100 requires an allocation code on axis 1.
      () => exporter({ preflight: false }).exportReport(oneExpense('R-E-0002', { project: undefined })),
      'allocation-required',
    ],
    [
      'Btw is niet toegestaan bij rekening …',
      () =>
        exporter({ preflight: false }).exportReport(
          oneExpense('R-E-0003', { category: { name: 'Boetes', code: '4600' } }),
        ),
      'vat-not-allowed',
    ],
    [
      'unknown VAT code (foreign key KnVat)',
      () =>
        exporter({ preflight: false }).exportReport(
          oneExpense('R-E-0004', { vat: [{ rate: 9, amount: '4.50', code: '7', code2: '1520' }] }),
        ),
      'unknown-vat-code',
    ],
    [
      'Deze UpdateConnector wordt niet ondersteund (of de gebruiker is niet geautoriseerd)',
      () =>
        exporter({
          preflight: false,
          settings: demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_LIMITED_TOKEN_DATA }),
        }).exportReport(clean),
      'connector-not-authorised',
    ],
    [
      'Voor deze administratie is periode 2 van jaar 2026 geblokkeerd.',
      () =>
        exporter({
          preflight: false,
          settings: demoSettings({ baseUrl: NO_PERIODS_URL, token: DEMO_TOKEN_DATA }),
        }).exportReport({ ...clean, approvedAt: '2026-02-10' }),
      'period-blocked',
    ],
  ])('"%s" becomes the explanation the table gives', async (_, run, code) => {
    const result = (await run()) as Awaited<ReturnType<DeclareeExporter['exportReport']>>;
    expect(result.status).toBe('failed');
    expect(result.steps.entry.explanation?.code).toBe(code);
    expect(result.steps.entry.explanation?.afasMessage).toBeTruthy();
    expect(simulator.entries).toHaveLength(0);
  });

  it('"Vul een waarde in bij \'Rekeningnummer\'" cannot happen: a missing creditor code is refused before sending', async () => {
    const result = await exporter().exportReport({ ...clean, user: { name: 'Jan de Vries' } });
    expect(result.status).toBe('invalid');
    expect(result.problems.map((p) => p.code)).toContain('missing-creditor');
    expect(simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('"Factuurnummer … wordt al gebruikt" finishes as already exported, booked once', async () => {
    await exporter().exportReport(clean);
    expect((await exporter().exportReport(clean)).status).toBe('already-exported');
    expect(simulator.entries).toHaveLength(1);
  });

  // The table's last rows: AFAS's answers that are not about the report, from the simulator's faults
  // (403 and 413 acted out with AFAS's empty answers: the exporter's own checks keep a real 413 away).
  // A time-out or dropped connection struck once is looked up and sent again: here it strikes every time.
  it.each<[string, () => void, string]>([
    [
      'booking layout locked by another user',
      () => simulator.inject({ fault: 'locked', times: Infinity }),
      'booking-layout-locked',
    ],
    ['HTTP 401', () => simulator.inject({ fault: 'unauthorized', connector: 'FiEntries' }), 'unauthorised'],
    [
      'HTTP 403',
      () =>
        simulator.inject({ fault: 'echo', connector: 'FiEntries', echo: { status: 403, body: () => '' } }),
      'ip-restricted',
    ],
    ['HTTP 503', () => simulator.inject({ fault: 'maintenance', connector: 'FiEntries' }), 'maintenance'],
    [
      'HTTP 413',
      () =>
        simulator.inject({ fault: 'echo', connector: 'FiEntries', echo: { status: 413, body: () => '' } }),
      'payload-too-large',
    ],
    [
      'a time-out',
      () => simulator.inject({ fault: 'hang', connector: 'FiEntries', times: Infinity }),
      'timeout',
    ],
    [
      'a dropped connection',
      () => simulator.inject({ fault: 'drop', connector: 'FiEntries', times: Infinity }),
      'network',
    ],
  ])('%s on the financial entry becomes the explanation the table gives', async (_, strike, code) => {
    strike();
    const result = await exporter({
      preflight: false,
      clientOptions: { retry: { retries: 0 }, timeout: 200 },
    }).exportReport(clean);
    expect(result.status).toBe('failed');
    expect(result.steps.entry.explanation?.code).toBe(code);
    expect(result.steps.entry.explanation?.fix).toBeTruthy();
    expect(simulator.entries).toHaveLength(0);
  });
});

describe('explanations in Dutch and English', () => {
  const mappingMistake = demoReports()[2]!;
  const explain = async (overrides: object) =>
    (
      await exporter({
        preflight: false,
        settings: { ...demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_TOKEN_DATA }), ...overrides },
      }).exportReport(mappingMistake)
    ).steps.entry.explanation;

  it('explains in Dutch with explanationLanguage nl, keeping AFAS’s own text and log reference', async () => {
    const dutch = await explain({ explanationLanguage: 'nl' });
    expect(dutch).toMatchObject({
      code: 'allocation-not-assigned',
      title: 'Code verbijzondering PRJ001 is niet toegewezen aan rekening 4500',
      fix: expect.stringMatching(/Gebruik project 'PRJ001' alleen bij categorieën/),
    });
    expect(dutch?.afasMessage).toMatch(/PRJ001.*4500/);
    expect(dutch?.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
  });

  it('follows a Dutch AFAS language when not set, and is English otherwise', async () => {
    expect((await explain({ language: 'nl-nl' }))?.title).toMatch(/^Code verbijzondering/);
    expect((await explain({}))?.title).toBe('Allocation code PRJ001 is not assigned to account 4500');
    expect((await explain({ language: 'nl-nl', explanationLanguage: 'en' }))?.title).toMatch(
      /^Allocation code/,
    );
  });
});
