import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DeclareeReport,
  type DeclareeReportInput,
  DeclareeReportSchema,
  freeFieldElements,
  knSubjectElement,
  planBooking,
} from '../src/index.js';
import { reportInput, settings } from './fixtures.js';

const EXPORTED_AT = '2025-03-10T14:05:00';
const parse = (input: DeclareeReportInput): DeclareeReport => DeclareeReportSchema.parse(input);
const dated = { EnDa: '2025-03-04', BpDa: '2025-03-04', InId: 'R-000123' };

/** The `Fields` of every posted line. */
function wireLines(plan: ReturnType<typeof planBooking>): Record<string, unknown>[] {
  const objects = plan.fiEntries.Objects;
  if (!Array.isArray(objects)) throw new TypeError('Objects must be an array');
  const element = objects[0]?.['FiEntries']?.Element;
  if (!Array.isArray(element)) throw new TypeError('FiEntries.Element must be an array');
  return element.map((line) => ({ ...line.Fields }));
}

describe('planBooking: the FiEntries element', () => {
  it('books a report as a purchase invoice: creditor line, then cost and VAT line per expense', () => {
    const plan = planBooking(parse(reportInput()), settings(), { exportedAt: EXPORTED_AT });

    expect(plan.fiEntries).toEqual({
      Fields: { Year: 2025, Peri: 3, UnId: 1, JoCo: '60' },
      Objects: [
        {
          FiEntries: {
            Element: [
              {
                Fields: {
                  VaAs: '3',
                  AcNr: '60013',
                  ...dated,
                  Ds: 'Declaratie R-000123 Jan Jansen',
                  AmCr: '82.30',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4400',
                  ...dated,
                  Ds: 'Travel: Trein Amsterdam–Utrecht',
                  AmDe: '20.00',
                  VaId: '2',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '1520',
                  ...dated,
                  Ds: 'Travel: Trein Amsterdam–Utrecht',
                  AmDe: '1.80',
                  VaId: '2',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4510',
                  ...dated,
                  Ds: 'Meals: Lunch klant',
                  AmDe: '50.00',
                  VaId: '1',
                },
                Objects: [{ FiDimEntries: { Element: { Fields: { DiC1: 'P100' } } } }],
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '1510',
                  ...dated,
                  Ds: 'Meals: Lunch klant',
                  AmDe: '10.50',
                  VaId: '1',
                },
              },
            ],
          },
        },
      ],
    });
    expect(plan).toMatchObject({
      invoiceNumber: 'R-000123',
      creditorId: '60013',
      total: 8230,
      booking: { date: '2025-03-04', year: 2025, period: 3 },
    });
    expect(plan.lines.map(({ seqNo, kind, expenseId }) => [seqNo, kind, expenseId])).toEqual([
      [1, 'creditor', undefined],
      [2, 'cost', 'E1'],
      [3, 'vat', 'E1'],
      [4, 'cost', 'E2'],
      [5, 'vat', 'E2'],
    ]);
  });

  it('swaps debit and credit for a refund, and debits the creditor when the report total is negative', () => {
    const report = reportInput({
      expenses: [
        {
          id: 'R1',
          date: '2025-03-01',
          description: 'Refund hotel',
          category: { name: 'Hotel', code: '4410' },
          amount: '-121.00',
          vat: [{ rate: 21, amount: '-21.00', code: '1', code2: '1510' }],
        },
      ],
    });
    const lines = wireLines(planBooking(parse(report), settings(), { exportedAt: EXPORTED_AT }));

    expect(lines.map(({ AcNr, AmDe, AmCr }) => ({ AcNr, AmDe, AmCr }))).toEqual([
      { AcNr: '60013', AmDe: '121.00', AmCr: undefined },
      { AcNr: '4410', AmDe: undefined, AmCr: '100.00' },
      { AcNr: '1510', AmDe: undefined, AmCr: '21.00' },
    ]);
  });

  it('splits an expense with two VAT codes into one cost line per code (net derived from each VAT amount)', () => {
    const report = reportInput({
      expenses: [
        {
          id: 'H1',
          date: '2025-03-02',
          description: 'Hotel',
          category: { name: 'Hotel', code: '4410' },
          amount: '133.20',
          vat: [
            { rate: 9, amount: '9.00', code: '2', code2: '1520' },
            { rate: 21, amount: '4.20', code: '1', code2: '1510' },
          ],
        },
      ],
    });
    const lines = wireLines(planBooking(parse(report), settings(), { exportedAt: EXPORTED_AT }));

    expect(lines.map(({ AcNr, AmDe, AmCr, VaId }) => ({ AcNr, AmDe, AmCr, VaId }))).toEqual([
      { AcNr: '60013', AmDe: undefined, AmCr: '133.20', VaId: undefined },
      { AcNr: '4410', AmDe: '100.00', AmCr: undefined, VaId: '2' },
      { AcNr: '4410', AmDe: '20.00', AmCr: undefined, VaId: '1' },
      { AcNr: '1520', AmDe: '9.00', AmCr: undefined, VaId: '2' },
      { AcNr: '1510', AmDe: '4.20', AmCr: undefined, VaId: '1' },
    ]);
  });

  it('puts VAT rounding cents on the largest cost line rather than a negative 0 % line', () => {
    // 1.74 VAT at 21 % implies 8.29 net, but gross − VAT is 8.26: the 3 cents are rounding, not a 0 % base.
    const report = reportInput({
      expenses: [
        {
          id: 'T1',
          date: '2025-03-02',
          category: { name: 'Taxi', code: '4420' },
          amount: '10.00',
          vat: [
            { rate: 21, amount: '1.74', code: '1', code2: '1510' },
            { rate: 0, amount: '0', code: '0' },
          ],
        },
      ],
    });
    const lines = wireLines(planBooking(parse(report), settings(), { exportedAt: EXPORTED_AT }));

    expect(lines.map(({ AcNr, AmDe, VaId }) => ({ AcNr, AmDe, VaId }))).toEqual([
      { AcNr: '60013', AmDe: undefined, VaId: undefined },
      { AcNr: '4420', AmDe: '8.26', VaId: '1' },
      { AcNr: '1510', AmDe: '1.74', VaId: '1' },
    ]);
  });

  it('books the project on the configured allocation axis, on the cost line only', () => {
    const plan = planBooking(parse(reportInput()), settings({ allocationAxis: 3 }), {
      exportedAt: EXPORTED_AT,
    });
    const objects = plan.fiEntries.Objects;
    const lines = Array.isArray(objects) ? objects[0]?.['FiEntries']?.Element : undefined;

    expect(Array.isArray(lines) && lines.map((line) => line.Objects)).toEqual([
      undefined,
      undefined,
      undefined,
      [{ FiDimEntries: { Element: { Fields: { DiC3: 'P100' } } } }],
      undefined,
    ]);
  });

  it.each([
    ['approved', '2025-03-04'],
    ['expense', '2025-03-02'],
    ['export', '2025-03-10'],
  ] as const)('books on the %s date when bookingDate is %s', (bookingDate, date) => {
    const plan = planBooking(parse(reportInput()), settings({ bookingDate }), { exportedAt: EXPORTED_AT });

    expect(wireLines(plan).every((line) => line['EnDa'] === date && line['BpDa'] === date)).toBe(true);
  });

  it('uses the period chosen from the administration periods, e.g. after moving out of a blocked one', () => {
    const booking = {
      date: '2025-04-01',
      year: 2025,
      period: 4,
      moved: { from: '2025-03-04', reason: 'blocked' },
    };
    const plan = planBooking(parse(reportInput()), settings(), { exportedAt: EXPORTED_AT, booking });

    expect(plan.fiEntries.Fields).toEqual({ Year: 2025, Peri: 4, UnId: 1, JoCo: '60' });
    expect(wireLines(plan)[0]).toMatchObject({ EnDa: '2025-04-01', BpDa: '2025-03-04' });
    expect(plan.booking.moved).toEqual({ from: '2025-03-04', reason: 'blocked' });
  });

  it('takes the creditor from code (2) when creditorField is code2', () => {
    const plan = planBooking(parse(reportInput()), settings({ creditorField: 'code2' }), {
      exportedAt: EXPORTED_AT,
    });

    expect(wireLines(plan)[0]).toMatchObject({ VaAs: '3', AcNr: 'M042' });
  });

  it('shortens a long report number to a 12-character invoice number on every line', () => {
    const plan = planBooking(parse(reportInput({ number: 'DECL-2025-000123' })), settings(), {
      exportedAt: EXPORTED_AT,
    });

    expect(plan.invoiceNumber).toMatch(/^000123-[0-9A-Z]{5}$/);
    expect(wireLines(plan).every((line) => line['InId'] === plan.invoiceNumber)).toBe(true);
  });

  it('refuses an export moment that is not a wall-clock date-time', () => {
    expect(() => planBooking(parse(reportInput()), settings(), { exportedAt: '2025-03-10' })).toThrow(
      RangeError,
    );
  });
});

describe('knSubjectElement', () => {
  it('links the PDF dossier item to the purchase invoice and the creditor', () => {
    const plan = planBooking(parse(reportInput()), settings(), { exportedAt: EXPORTED_AT });

    expect(knSubjectElement(plan, 'JVBERg==')).toEqual({
      Fields: {
        StId: -5,
        Ds: 'Declaratie R-000123 Jan Jansen Klantbezoek Utrecht',
        Da: '2025-03-10T14:05:00',
      },
      Objects: [
        {
          KnSubjectLink: {
            Element: { Fields: { DoCRM: true, SfTp: 11, SfId: '60013', PiUn: 1, PiTp: 1, PiId: 'R-000123' } },
          },
        },
        {
          KnSubjectAttachment: {
            Element: [{ Fields: { FileName: 'Declaratie R-000123.pdf', FileStream: 'JVBERg==' } }],
          },
        },
      ],
    });
  });

  it('makes a safe .pdf file name from the template', () => {
    const plan = planBooking(
      parse(reportInput({ title: 'Reis: A/B' })),
      settings({ templates: { fileName: '{report.title} {invoice.number}' } }),
      { exportedAt: EXPORTED_AT },
    );

    expect(plan.dossier.fileName).toBe('Reis_ A_B R-000123.pdf');
  });
});

describe('freeFieldElements', () => {
  const REPORT_FIELD = 'U1B2F1C0F4928966011FE358D8DAD7554';
  const EXPENSE_FIELD = 'UB3F73075494CE9C6FFD40BAB26E13A24';

  it('writes report fields on every line and expense fields on that expense’s lines, keyed by entry and line', () => {
    const plan = planBooking(
      parse(reportInput()),
      settings({ freeFields: { [REPORT_FIELD]: 'Declaree {report.id}', [EXPENSE_FIELD]: '{expense.id}' } }),
      { exportedAt: EXPORTED_AT },
    );

    expect(freeFieldElements(plan, '54605')).toEqual([
      { '@UnId': '1', '@EnNo': '54605', '@SeNo': '1', Fields: { [REPORT_FIELD]: 'Declaree 9001' } },
      {
        '@UnId': '1',
        '@EnNo': '54605',
        '@SeNo': '2',
        Fields: { [REPORT_FIELD]: 'Declaree 9001', [EXPENSE_FIELD]: 'E1' },
      },
      {
        '@UnId': '1',
        '@EnNo': '54605',
        '@SeNo': '3',
        Fields: { [REPORT_FIELD]: 'Declaree 9001', [EXPENSE_FIELD]: 'E1' },
      },
      {
        '@UnId': '1',
        '@EnNo': '54605',
        '@SeNo': '4',
        Fields: { [REPORT_FIELD]: 'Declaree 9001', [EXPENSE_FIELD]: 'E2' },
      },
      {
        '@UnId': '1',
        '@EnNo': '54605',
        '@SeNo': '5',
        Fields: { [REPORT_FIELD]: 'Declaree 9001', [EXPENSE_FIELD]: 'E2' },
      },
    ]);
  });

  it('is empty without configured free fields, so the FiEntriesCustom call can be skipped', () => {
    const plan = planBooking(parse(reportInput()), settings(), { exportedAt: EXPORTED_AT });

    expect(freeFieldElements(plan, 54605)).toEqual([]);
  });
});

/** `'12.34'` → 1234 without floats. */
function cents(amount: unknown): number {
  if (typeof amount !== 'string' || !/^\d+\.\d{2}$/.test(amount))
    throw new TypeError(`bad amount ${String(amount)}`);
  return Number(amount.replace('.', ''));
}

/** 1234 → `'12.34'`, -7 → `'-0.07'`, from integers only. */
function money(c: number): string {
  const abs = Math.abs(c);
  return `${c < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const RATES = [0, 5.5, 9, 21] as const;

/** An expense whose VAT is computed from per-code nets the way a receipt does. */
const consistentExpense = fc
  .record({
    sign: fc.constantFrom(1, -1),
    parts: fc.array(
      fc.record({
        net: fc.integer({ min: 0, max: 5_000_000 }),
        rate: fc.constantFrom(...RATES),
        code: fc.constantFrom('0', '1', '2', '3'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ sign, parts }) => {
    const vat = parts.map(({ net, rate, code }) => ({
      rate,
      amount: sign * Math.round((net * rate) / 100),
      net: sign * net,
      code,
      code2: `15${code}0`,
    }));
    const gross = vat.reduce((sum, part) => sum + part.net + part.amount, 0);
    return {
      id: 'E',
      date: '2025-03-01',
      category: { name: 'Cat', code: '4400' },
      amount: money(gross),
      vat: vat.map(({ rate, amount, code, code2 }) => ({ rate, amount: money(amount), code, code2 })),
    };
  });

/** Any amounts at all, VAT possibly not fitting the gross: the entry must balance even then. */
const arbitraryExpense = fc.record({
  id: fc.stringMatching(/^[A-Z0-9]{1,5}$/),
  date: fc.constant('2025-03-01'),
  category: fc.constant({ name: 'Cat', code: '4400' }),
  amount: fc.integer({ min: -10_000_000, max: 10_000_000 }).map(money),
  vat: fc.array(
    fc.record({
      rate: fc.constantFrom(...RATES),
      amount: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(money),
      code: fc.constantFrom('0', '1', '2'),
      code2: fc.constant('1510'),
    }),
    { maxLength: 3 },
  ),
});

describe('balance', () => {
  it.each([
    ['receipt-like VAT', consistentExpense],
    ['arbitrary amounts', arbitraryExpense],
  ] as const)('debit equals credit to the cent on the wire for every report (%s)', (_, expense) => {
    fc.assert(
      fc.property(fc.array(expense, { minLength: 1, maxLength: 25 }), (expenses) => {
        const report = parse(reportInput({ expenses }));
        const plan = planBooking(report, settings(), { exportedAt: EXPORTED_AT });
        const lines = wireLines(plan);
        let debit = 0;
        let credit = 0;
        for (const line of lines) {
          expect(('AmDe' in line ? 1 : 0) + ('AmCr' in line ? 1 : 0)).toBe(1);
          if ('AmDe' in line) debit += cents(line['AmDe']);
          else credit += cents(line['AmCr']);
        }
        const total = report.expenses.reduce((sum, e) => sum + e.amount, 0);
        expect(debit).toBe(credit);
        expect(plan.total).toBe(total);
        expect(lines[0]?.[total < 0 ? 'AmDe' : 'AmCr']).toBe(money(Math.abs(total)));
      }),
      { numRuns: 300 },
    );
  });
});
