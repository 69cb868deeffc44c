/**
 * Property: random expense reports (any number of expenses, refunds, VAT at 9 % and 21 % computed as
 * on a receipt, projects as allocation codes, categories of the demo administration) give a financial entry that
 * balances to the cent, with the creditor line holding the report total.
 *
 * The cost is kept low so that it holds on two busy cores: most runs are pure (validate and plan the
 * booking, then check the amounts as sent) and hand the planned body straight to a simulator's request
 * handler (no HTTP, no msw), which refuses an unbalanced entry as AFAS does; a few runs go the whole
 * way through the exporter into the simulator behind msw.
 */

import type { UpdateElement } from 'afas-client';
import { afasTokenHeader, createAfasSimulator, DEMO_TOKEN_DATA } from 'afas-client/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoSettings } from '../../src/demo/samples.js';
import { ExportSettingsSchema, planBooking, validateReport } from '../../src/index.js';
import { cleanReport, exporterFor, useSimulator } from './support.js';

const simulator = useSimulator();

const money = (cents: number) => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** Categories of the demo administration; all take allocation code KP100. */
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

/** The export moment of the pure runs: the booking date follows `approvedAt` (2026-03). */
const EXPORTED_AT = '2026-03-20T10:00:00';
/** A simulator without transport: its request handler is called directly, one entry per run. */
const direct = createAfasSimulator();
const settings = ExportSettingsSchema.parse(
  demoSettings({ baseUrl: direct.baseUrl, token: DEMO_TOKEN_DATA }),
);
const cents = (amount: unknown) => (typeof amount === 'string' ? Math.round(Number(amount) * 100) : 0);
const reportTotal = (input: { expenses: { amount: string }[] }) =>
  input.expenses.reduce((sum, e) => sum + cents(e.amount), 0);

/** The lines as sent: `Fields` of `FiEntries.Element`, amounts as the decimal strings AFAS reads. */
function wireLines(fiEntries: UpdateElement): Record<string, unknown>[] {
  const objects = fiEntries.Objects;
  const element = Array.isArray(objects) ? objects[0]?.['FiEntries']?.Element : undefined;
  if (!Array.isArray(element)) throw new TypeError('FiEntries.Element must be an array');
  return element.map((line) => ({ ...line.Fields }));
}

/** Posts a FiEntries element to the simulator's handler, as the SDK would (one FiEntryPar envelope). */
async function book(fiEntries: UpdateElement): Promise<Response> {
  const answer = await direct.handle(
    new Request(`${direct.baseUrl}/connectors/FiEntries`, {
      method: 'POST',
      headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA), 'Content-Type': 'application/json' },
      body: JSON.stringify({ FiEntryPar: { Element: fiEntries } }),
    }),
  );
  if (!(answer instanceof Response)) throw new Error('the simulator dropped the request');
  return answer;
}

/** Debit minus credit of the lines as sent, in cents. */
const imbalance = (lines: Record<string, unknown>[]) =>
  lines.reduce((sum, line) => sum + cents(line['AmDe']) - cents(line['AmCr']), 0);

describe('random reports planned and booked in the simulator', () => {
  it('give an entry balanced to the cent whose creditor line is the report total', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (input) => {
        const total = reportTotal(input);
        const valid = validateReport(input, settings);
        if (total === 0) return; // nothing to book: the exporter's own run below covers it
        expect(valid.ok, JSON.stringify(valid.ok ? [] : valid.problems)).toBe(true);
        if (!valid.ok) return;
        const plan = planBooking(valid.report, settings, { exportedAt: EXPORTED_AT });

        // Pure: the plan and the body it sends balance, and the creditor is owed the total.
        expect(plan.lines.reduce((sum, l) => sum + l.debit - l.credit, 0)).toBe(0);
        const lines = wireLines(plan.fiEntries);
        expect(imbalance(lines)).toBe(0);
        const creditor = lines.filter((line) => line['VaAs'] === '3');
        expect(creditor).toHaveLength(1);
        expect(cents(creditor[0]?.['AmCr']) - cents(creditor[0]?.['AmDe'])).toBe(total);

        // The simulator, which refuses an unbalanced entry as AFAS does, books it.
        direct.reset();
        const answer = await book(plan.fiEntries);
        expect(answer.status, await answer.clone().text()).toBe(201);
        const booked = direct.entries[0]?.lines ?? [];
        expect(
          booked.reduce((sum, l) => sum + Math.round(l.debit * 100) - Math.round(l.credit * 100), 0),
        ).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('an entry a cent off is found: by the check above and by the simulator', async () => {
    const valid = validateReport(cleanReport(), settings);
    if (!valid.ok) throw new Error('the demo report must be valid');
    const { fiEntries } = planBooking(valid.report, settings, { exportedAt: EXPORTED_AT });
    // The same body with one cost line a cent higher.
    const unbalanced = structuredClone(fiEntries);
    const off = wireLines(unbalanced);
    const cost = off.findIndex((line) => line['VaAs'] === '1' && typeof line['AmDe'] === 'string');
    const objects = unbalanced.Objects as { FiEntries: { Element: { Fields: Record<string, unknown> }[] } }[];
    const fields = objects[0]!.FiEntries.Element[cost]!.Fields;
    fields['AmDe'] = ((cents(fields['AmDe']) + 1) / 100).toFixed(2);
    expect(imbalance(wireLines(fiEntries))).toBe(0);
    expect(imbalance(wireLines(unbalanced))).toBe(1);
    direct.reset();
    const answer = await book(unbalanced);
    expect(answer.status).toBe(500);
    expect(await answer.text()).toMatch(/niet in balans|not balanced/);
    expect(direct.entries).toHaveLength(0);
  });
});

describe('random reports through the exporter into the simulator', () => {
  it('book an entry balanced to the cent whose creditor line is the report total', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (input) => {
        simulator.reset();
        const total = reportTotal(input);
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
      { numRuns: 6 },
    );
  });
});
