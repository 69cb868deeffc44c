/**
 * Property: random expense reports (any number of expenses, refunds, VAT at 9 % and 21 % computed as
 * on a receipt, cost centres, categories of the demo administration) go through the exporter into
 * the simulator — which refuses an unbalanced entry as AFAS does — and the booked entry balances to
 * the cent, with the creditor line holding the report total.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanReport, exporterFor, useSimulator } from './support.js';

const simulator = useSimulator();

const money = (cents: number) => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** Categories of the demo administration; all take cost centre KP100. */
const CATEGORIES = [
  { name: 'Autokosten', code: '4000' },
  { name: 'Reiskosten', code: '4100' },
  { name: 'Kantoorkosten', code: '4300' },
  { name: 'Representatie', code: '4500' },
];
const VAT = [
  { rate: 21, code: '1', code2: '1510' },
  { rate: 9, code: '2', code2: '1520' },
] as const;

const expense = fc
  .record({
    category: fc.constantFrom(...CATEGORIES),
    refund: fc.boolean(),
    parts: fc.array(fc.record({ net: fc.integer({ min: 1, max: 250_000 }), vat: fc.constantFrom(...VAT) }), {
      maxLength: 2,
    }),
    untaxed: fc.integer({ min: 0, max: 100_000 }),
    day: fc.integer({ min: 1, max: 19 }),
  })
  .filter(({ parts, untaxed }) => parts.length > 0 || untaxed > 0);

const report = fc.array(expense, { minLength: 1, maxLength: 12 }).map((expenses) => ({
  ...cleanReport(),
  expenses: expenses.map(({ category, refund, parts, untaxed, day }, i) => {
    const sign = refund ? -1 : 1;
    const vat = parts.map(({ net, vat: code }) => ({
      ...code,
      amount: sign * Math.round((net * code.rate) / 100),
      net: sign * net,
    }));
    const gross = vat.reduce((sum, part) => sum + part.net + part.amount, sign * untaxed);
    return {
      id: `exp_${i + 1}`,
      date: `2026-03-${String(day).padStart(2, '0')}`,
      description: `Uitgave ${i + 1}`,
      category,
      amount: money(gross),
      vat: [
        ...vat.map(({ rate, amount, code, code2 }) => ({ rate, amount: money(amount), code, code2 })),
        // The untaxed part (e.g. a tip) under the 0 % rate, code 0 (geen btw).
        ...(untaxed > 0 ? [{ rate: 0, amount: '0.00', code: '0' }] : []),
      ],
      project: { name: 'Directie', code: 'KP100' },
    };
  }),
}));

describe('random reports through the exporter into the simulator', () => {
  it('book an entry balanced to the cent whose creditor line is the report total', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (input) => {
        simulator.reset();
        const total = input.expenses.reduce((sum, e) => sum + Math.round(Number(e.amount) * 100), 0);
        const result = await exporterFor(simulator.baseUrl, { preflight: false }).exportReport(input);
        if (total === 0) {
          // Nothing to book: refused before sending, or booked as a zero entry; never half.
          expect(simulator.entries.length).toBeLessThanOrEqual(1);
          return;
        }
        expect(result.status, JSON.stringify(result.steps.entry.explanation ?? result.problems)).toBe(
          'exported',
        );
        expect(simulator.entries).toHaveLength(1);
        const { lines } = simulator.entries[0]!;
        const debit = lines.reduce((sum, line) => sum + Math.round(line.debit * 100), 0);
        const credit = lines.reduce((sum, line) => sum + Math.round(line.credit * 100), 0);
        expect(debit).toBe(credit);
        const creditor = lines.filter((line) => line.accountType === '3');
        expect(creditor).toHaveLength(1);
        expect(Math.round((creditor[0]!.credit - creditor[0]!.debit) * 100)).toBe(total);
      }),
      { numRuns: 60 },
    );
  });
});
