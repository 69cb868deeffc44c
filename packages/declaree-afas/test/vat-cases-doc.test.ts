import { readFile } from 'node:fs/promises';
import { formatCents } from 'afas-client';
import { describe, expect, it } from 'vitest';
import {
  type BookingPlan,
  type DeclareeReportInput,
  DeclareeReportSchema,
  ExportSettingsSchema,
  planBooking,
} from '../src/index.js';
import { reportInput, settingsInput } from './fixtures.js';

// docs/declaree-afas.md shows each VAT case as the table of lines the real planner makes. This test
// renders those tables from planBooking and compares them with the page, so the docs cannot drift.
// After a deliberate change, paste the table a failure shows as expected.
type ExpenseInput = DeclareeReportInput['expenses'][number];

const DOC = new URL('../../../docs/declaree-afas.md', import.meta.url);

const expense = (id: string, description: string, rest: Partial<ExpenseInput>): ExpenseInput => ({
  id,
  date: '2026-03-05',
  description,
  category: { name: 'Kosten', code: '4300' },
  amount: '0',
  ...rest,
});

/** Heading in the docs → the expense of that case. */
const CASES: Record<string, ExpenseInput> = {
  '21 %': expense('E1', 'Lunch', {
    category: { name: 'Representatie', code: '4500' },
    amount: '72.60',
    vat: [{ rate: 21, amount: '12.60', code: '1', code2: '1510' }],
  }),
  '9 %': expense('E2', 'Trein', {
    category: { name: 'Reiskosten', code: '4100' },
    amount: '54.50',
    vat: [{ rate: 9, amount: '4.50', code: '2', code2: '1520' }],
  }),
  '0 % with a code': expense('E3', 'Boek', {
    amount: '25.00',
    vat: [{ rate: 0, amount: '0.00', code: '0' }],
  }),
  'No VAT': expense('E4', 'Parkeerboete', {
    category: { name: 'Boetes', code: '4600' },
    amount: '70.00',
  }),
  'Several rates in one receipt': expense('E5', 'Supermarkt', {
    amount: '33.70',
    vat: [
      { rate: 21, amount: '4.20', code: '1', code2: '1510' },
      { rate: 9, amount: '0.90', code: '2', code2: '1520' },
    ],
  }),
  'A refund': expense('E6', 'Retour bureaulamp', {
    amount: '-24.20',
    vat: [{ rate: 21, amount: '-4.20', code: '1', code2: '1510' }],
  }),
};

function planOf(caseExpense: ExpenseInput): BookingPlan {
  const report = DeclareeReportSchema.parse(reportInput({ expenses: [caseExpense] }));
  const settings = ExportSettingsSchema.parse(
    settingsInput({
      templates: { entryDescription: 'Declaratie {report.number}', lineDescription: '{expense.description}' },
    }),
  );
  return planBooking(report, settings, { exportedAt: '2026-03-20T10:00:00' });
}

function table(plan: BookingPlan): string {
  const amount = (cents: number) => (cents === 0 ? '' : formatCents(cents));
  const rows = plan.lines.map((line) =>
    [line.account, line.description, amount(line.debit), amount(line.credit), line.vatCode ?? '—'].join(
      ' | ',
    ),
  );
  return [
    '| account | description | debit | credit | VAT code |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

describe('docs/declaree-afas.md: the booking of each VAT case', () => {
  it.each(Object.entries(CASES))('shows the planner’s lines for "%s"', async (heading, caseExpense) => {
    const rendered = table(planOf(caseExpense));
    const doc = await readFile(DOC, 'utf8');
    const section = doc.split(`\n#### ${heading}\n`)[1]?.split('\n#')[0];
    expect(section, `docs/declaree-afas.md has no "#### ${heading}" section`).toBeDefined();
    expect(section).toContain(rendered);
    // The table ends the section: nothing pasted below it.
    expect(section?.trimEnd().endsWith(rendered)).toBe(true);
  });
});
