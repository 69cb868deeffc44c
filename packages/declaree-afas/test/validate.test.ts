import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeclareeReportInput, MAX_ENTRY_LINES, validateReport } from '../src/index.js';
import { reportInput, settings } from './fixtures.js';

type ExpenseInput = DeclareeReportInput['expenses'][number];

const expense = (overrides: Partial<ExpenseInput> = {}): ExpenseInput => ({
  id: 'E9',
  date: '2025-03-01',
  description: 'Taxi',
  category: { name: 'Travel', code: '4400' },
  amount: '12.10',
  vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }],
  ...overrides,
});

/** Problems as `[code, field, expenseId]`, the part code reacts to. */
function problemKeys(input: unknown, options: Parameters<typeof settings>[0] = {}) {
  const result = validateReport(input, settings(options));
  return result.ok ? [] : result.problems.map((p) => [p.code, p.field, p.expenseId]);
}

describe('validateReport', () => {
  it('accepts an approved report and returns it parsed: cents, calendar days, trimmed codes', () => {
    const result = validateReport(reportInput(), settings());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.id).toBe('9001');
    expect(result.report.submittedAt).toBe('2025-03-03');
    expect(result.report.expenses.map((e) => [e.amount, e.vat.map((v) => [v.rate, v.amount])])).toEqual([
      [2180, [[9, 180]]],
      [6050, [[21, 1050]]],
    ]);
  });

  it('lists every problem at once, each naming report, expense and Declaree field', () => {
    const input = reportInput({
      status: 'Submitted',
      currency: 'usd',
      user: { name: 'Jan Jansen', code: '  ' },
      expenses: [
        expense({ id: 'E1' }),
        expense({
          id: 'E2',
          category: { name: 'Travel' },
          vat: [{ rate: 21, amount: '2.10', code: '1' }],
          project: { name: 'Alpha' },
        }),
      ],
    });
    const result = validateReport(input, settings());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.problems.map(({ code, field, expenseId, reportId, reportNumber }) => ({
        code,
        field,
        expenseId,
        reportId,
        reportNumber,
      })),
    ).toEqual([
      {
        code: 'not-approved',
        field: 'status',
        expenseId: undefined,
        reportId: '9001',
        reportNumber: 'R-000123',
      },
      {
        code: 'currency-mismatch',
        field: 'currency',
        expenseId: undefined,
        reportId: '9001',
        reportNumber: 'R-000123',
      },
      {
        code: 'missing-creditor',
        field: 'user.code',
        expenseId: undefined,
        reportId: '9001',
        reportNumber: 'R-000123',
      },
      {
        code: 'missing-account',
        field: 'expenses[1].category.code',
        expenseId: 'E2',
        reportId: '9001',
        reportNumber: 'R-000123',
      },
      {
        code: 'missing-vat-account',
        field: 'expenses[1].vat[0].code2',
        expenseId: 'E2',
        reportId: '9001',
        reportNumber: 'R-000123',
      },
      {
        code: 'missing-allocation-code',
        field: 'expenses[1].project.code',
        expenseId: 'E2',
        reportId: '9001',
        reportNumber: 'R-000123',
      },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "Report R-000123 has status 'submitted'; only reports with status 'approved' are exported. Approve the report (goedkeuren) in Declaree first, or add the status to the setting exportStatuses.",
      "Report R-000123 is in USD, but administration 1 books in EUR (valuta): AFAS entries from Declaree are booked in the administration's currency only. Convert the report to EUR in Declaree.",
      'The user Jan Jansen has no code: set it to their creditor number (crediteurnummer) in AFAS (Declaree\'s "crediteur" field is code).',
      // The expense is the problem's own (problem.expense), not repeated in the message.
      "The category 'Travel' has no code: set its code to the AFAS ledger account (grootboekrekening) it books to.",
      'The VAT rate 21 % has no code (2): set its code (2) to the AFAS ledger account for the VAT (btw-grootboekrekening).',
      "The project 'Alpha' has no code: set its code in Declaree to the AFAS allocation code (code verbijzondering) on axis 1.",
    ]);
  });

  it('turns shape errors into problems with the field path and the expense id', () => {
    const input = reportInput({
      expenses: [
        expense({ id: 'E1' }),
        expense({ id: 'E2', amount: '12,10', vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }] }),
      ],
    });
    const { date: _omitted, ...withoutDate } = expense({ id: 'E3' });
    const broken = { ...input, expenses: [...input.expenses, withoutDate] };
    const result = validateReport(broken, settings());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        reportId: '9001',
        reportNumber: 'R-000123',
        expenseId: 'E2',
        // Named as far as it can be read: the amount as written.
        expense: '2025-03-01 "Taxi" € 12,10',
        field: 'expenses[1].amount',
        code: 'invalid-amount',
        message:
          '"12,10" is not an amount with at most two decimals and a dot as decimal separator (e.g. 12.50).',
      },
      {
        reportId: '9001',
        reportNumber: 'R-000123',
        expenseId: 'E3',
        expense: '"Taxi" € 12.10',
        field: 'expenses[2].date',
        code: 'missing-field',
        message: 'This field is missing. Enter a date such as 2024-03-31.',
      },
    ]);
  });

  it('names the report even when its input is not an object of the right shape', () => {
    expect(problemKeys({ id: 'X1', number: 'R-1', expenses: 'none' }).slice(0, 2)).toEqual([
      ['missing-field', 'status', undefined],
      ['missing-field', 'currency', undefined],
    ]);
    const result = validateReport(null, settings());
    expect(!result.ok && result.problems[0]).toMatchObject({
      reportId: '?',
      field: '',
      code: 'invalid-field',
    });
  });

  it.each([
    [
      'VAT above the gross amount',
      { amount: '10.00', vat: [{ rate: 21, amount: '12.00', code: '1', code2: '1510' }] },
      'vat-exceeds-gross',
    ],
    [
      'VAT with the opposite sign of a refund',
      { amount: '-12.10', vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }] },
      'vat-mismatch',
    ],
    [
      'two VAT codes whose amounts do not fit the gross at their rates',
      {
        amount: '100.00',
        vat: [
          { rate: 21, amount: '21.00', code: '1', code2: '1510' },
          { rate: 9, amount: '9.00', code: '2', code2: '1520' },
        ],
      },
      'vat-mismatch',
    ],
    ['a zero-amount expense', { amount: '0.00', vat: [] }, 'invalid-amount'],
    ['a VAT rate without code', { vat: [{ rate: 21, amount: '2.10', code2: '1510' }] }, 'missing-vat-code'],
    [
      'a VAT code longer than AFAS allows',
      { vat: [{ rate: 21, amount: '2.10', code: 'HOOG', code2: '1510' }] },
      'code-too-long',
    ],
    ['an amount with three decimals', { amount: '12.105' }, 'invalid-amount'],
    ['a float artefact', { amount: 0.1 + 0.2 }, 'invalid-amount'],
    ['an impossible date', { date: '2025-02-30' }, 'invalid-date'],
  ] satisfies [string, Partial<ExpenseInput>, string][])('refuses %s', (_, overrides, code) => {
    const [first] = problemKeys(reportInput({ expenses: [expense(overrides)] }));

    expect(first?.[0]).toBe(code);
    expect(first?.[2]).toBe('E9');
  });

  it('accepts a 0 % VAT part without VAT ledger account (there is no VAT line to book)', () => {
    expect(
      problemKeys(
        reportInput({ expenses: [expense({ amount: '5.00', vat: [{ rate: 0, amount: 0, code: '0' }] })] }),
      ),
    ).toEqual([]);
  });

  it('accepts an expense without VAT: no VAT part, or a 0.00 part without code or VAT account', () => {
    expect(problemKeys(reportInput({ expenses: [expense({ amount: '50.00', vat: [] })] }))).toEqual([]);
    expect(
      problemKeys(reportInput({ expenses: [expense({ amount: '50.00', vat: [{ rate: 0, amount: 0 }] })] })),
    ).toEqual([]);
  });

  it('names the expense of a problem as the bookkeeper finds it in Declaree: date, description, amount', () => {
    const result = validateReport(
      reportInput({ expenses: [expense({ category: { name: 'Travel', code: '' } })] }),
      settings(),
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.expenseId, p.expense])).toEqual([
      ['E9', '2025-03-01 "Taxi" € 12.10'],
    ]);
  });

  it('gives a zero amount and an amount over the limit each their own text', () => {
    const message = (amount: string) => {
      const result = validateReport(reportInput({ expenses: [expense({ amount, vat: [] })] }), settings());
      return result.ok ? '' : (result.problems[0]?.message ?? '');
    };
    expect(message('0.00')).toMatch(/The amount is 0\.00: a line of nothing cannot be booked/);
    expect(message('100000000.01')).toMatch(/more than the largest amount one entry takes \(100000000\.00\)/);
    expect(message('12,50')).toMatch(/not an amount with at most two decimals/);
  });

  it('refuses a report number with a control character instead of sending it', () => {
    expect(problemKeys(reportInput({ number: 'R-12\t3' }))).toEqual([['invalid-field', 'number', undefined]]);
  });

  it('refuses a report without expenses', () => {
    expect(problemKeys(reportInput({ expenses: [] }))).toEqual([['empty-report', 'expenses', undefined]]);
  });

  it('needs an approval date only when booking on it', () => {
    const { approvedAt: _omitted, ...unapproved } = reportInput();

    expect(problemKeys(unapproved)).toEqual([['missing-approval-date', 'approvedAt', undefined]]);
    expect(problemKeys(unapproved, { bookingDate: 'export' })).toEqual([]);
  });

  it('exports other statuses only when the settings list them', () => {
    expect(problemKeys(reportInput({ status: 'paid' }))).toEqual([['not-approved', 'status', undefined]]);
    expect(problemKeys(reportInput({ status: 'PAID' }), { exportStatuses: ['approved', 'paid'] })).toEqual(
      [],
    );
  });

  it('checks the creditor in the user field the settings name', () => {
    const input = reportInput({ user: { name: 'Jan Jansen', code: '60013' } });

    expect(problemKeys(input, { creditorField: 'code2' })).toEqual([
      ['missing-creditor', 'user.code2', undefined],
    ]);
  });

  it(`refuses a report that would exceed ${MAX_ENTRY_LINES} lines`, () => {
    const expenses = Array.from({ length: 500 }, (_, i) => expense({ id: `E${i}` }));

    expect(problemKeys(reportInput({ expenses }))).toEqual([['too-many-lines', 'expenses', undefined]]);
    // AFAS's advice, not a hard limit of AFAS: the text says so.
    const result = validateReport(reportInput({ expenses }), settings());
    expect(result.ok ? '' : result.problems[0]?.message).toMatch(/AFAS advises at most 1000 lines per entry/);
  });

  it('accepts every expense whose VAT was computed per rate from its net, like a receipt', () => {
    const part = fc.record({
      net: fc.integer({ min: 1, max: 5_000_000 }),
      rate: fc.constantFrom(0, 5.5, 9, 21),
      code: fc.constantFrom('0', '1', '2'),
    });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.constantFrom(1, -1), (parts, sign) => {
        const vat = parts.map(({ net, rate, code }) => ({
          rate,
          amount: sign * Math.round((net * rate) / 100),
          code,
          code2: '1510',
        }));
        const gross = parts.reduce((sum, p, i) => sum + sign * p.net + (vat[i]?.amount ?? 0), 0);
        const money = (c: number) =>
          `${c < 0 ? '-' : ''}${Math.trunc(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
        const input = reportInput({
          expenses: [
            expense({ amount: money(gross), vat: vat.map((v) => ({ ...v, amount: money(v.amount) })) }),
          ],
        });

        expect(problemKeys(input)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
