/**
 * How one expense becomes cost lines and VAT lines. An expense with one VAT code gets one cost line
 * (gross − VAT). With several VAT codes each code gets its own cost line, so AFAS's VAT return sees
 * the right base (grondslag) per code: a code's net is derived from its VAT amount and rate
 * (VAT × 100 / rate, rounded to the cent), and the rest of the net — rounding cents and the base of
 * 0 % parts — goes to the first part whose net cannot be derived (0 % or no VAT), else to the largest.
 * The cost lines of an expense therefore always add up to exactly gross − VAT.
 */

import { formatCents } from 'afas-client';
import type { Expense } from '../report.js';
import { type Cents, divideRounded } from './money.js';

/** One cost line's share of an expense. */
export interface CostPart {
  /** AFAS VAT code (btw-code) of this share; `undefined` when the expense has no VAT part. */
  readonly vatCode: string | undefined;
  /** Net amount in cents, signed like the gross amount. */
  readonly net: Cents;
}

/** One VAT line of an expense. */
export interface VatLinePart {
  /** AFAS VAT code (btw-code). */
  readonly vatCode: string | undefined;
  /** The VAT ledger account (btw-grootboekrekening, Declaree `code (2)`). */
  readonly account: string | undefined;
  /** VAT in cents, signed like the gross amount; never 0. */
  readonly amount: Cents;
}

/** The split of one expense, or why its amounts do not fit together. */
export type ExpenseSplit =
  | { readonly ok: true; readonly costParts: readonly CostPart[]; readonly vatParts: readonly VatLinePart[] }
  | { readonly ok: false; readonly code: 'vat-exceeds-gross' | 'vat-mismatch'; readonly reason: string };

interface Group {
  readonly vatCode: string | undefined;
  derived: Cents;
  open: boolean;
  net: Cents;
}

/** Splits an expense's gross amount into cost parts per VAT code and VAT parts per code and account. */
export function splitExpense(expense: Pick<Expense, 'amount' | 'vat'>): ExpenseSplit {
  const gross = expense.amount;
  for (const part of expense.vat) {
    if (part.amount !== 0 && Math.sign(part.amount) !== Math.sign(gross)) {
      return {
        ok: false,
        code: 'vat-mismatch',
        reason: `the VAT amount ${formatCents(part.amount)} and the gross amount ${formatCents(gross)} have opposite signs`,
      };
    }
  }
  const vatTotal = expense.vat.reduce((sum, part) => sum + part.amount, 0);
  if (Math.abs(vatTotal) > Math.abs(gross)) {
    return {
      ok: false,
      code: 'vat-exceeds-gross',
      reason: `the VAT (${formatCents(vatTotal)}) is more than the gross amount (${formatCents(gross)})`,
    };
  }
  const net = gross - vatTotal;

  const groups: Group[] = [];
  for (const part of expense.vat) {
    let group = groups.find((g) => g.vatCode === part.code);
    if (!group) {
      group = { vatCode: part.code, derived: 0, open: false, net: 0 };
      groups.push(group);
    }
    const hundredths = Math.round(part.rate * 100);
    if (hundredths > 0 && part.amount !== 0) group.derived += divideRounded(part.amount * 10_000, hundredths);
    else group.open = true;
  }

  const vatParts = vatLineParts(expense.vat);
  if (groups.length <= 1) {
    return { ok: true, costParts: [{ vatCode: groups[0]?.vatCode, net }], vatParts };
  }

  for (const group of groups) group.net = group.derived;
  const remainder = net - groups.reduce((sum, group) => sum + group.derived, 0);
  const largest = groups.reduce((best, group) =>
    Math.abs(group.derived) > Math.abs(best.derived) ? group : best,
  );
  const receiver = groups.find((group) => group.open) ?? largest;
  receiver.net += remainder;
  // VAT rounded to the cent is off by up to half a cent, which is 0.5 × 100 / rate cents of net.
  const tolerance = expense.vat
    .filter((part) => part.rate > 0 && part.amount !== 0)
    .reduce((sum, part) => sum + Math.ceil(5_000 / Math.round(part.rate * 100)) + 1, 0);
  // A 0 % part pushed below zero by rounding cents: let the largest derived part absorb the cents.
  if (wrongSign(receiver.net, gross) && receiver !== largest && Math.abs(remainder) <= tolerance) {
    receiver.net -= remainder;
    largest.net += remainder;
  }
  if (groups.some((group) => wrongSign(group.net, gross))) {
    return {
      ok: false,
      code: 'vat-mismatch',
      reason: `the VAT amounts do not fit the gross amount ${formatCents(gross)} at their rates`,
    };
  }
  const costParts = groups.filter((group) => group.net !== 0).map(({ vatCode, net }) => ({ vatCode, net }));
  return {
    ok: true,
    costParts: costParts.length > 0 ? costParts : [{ vatCode: groups[0]?.vatCode, net }],
    vatParts,
  };
}

function wrongSign(amount: Cents, gross: Cents): boolean {
  return amount !== 0 && Math.sign(amount) !== Math.sign(gross);
}

/** Non-zero VAT amounts summed per VAT code and VAT account, in order of appearance. */
function vatLineParts(parts: Expense['vat']): VatLinePart[] {
  const lines: { vatCode: string | undefined; account: string | undefined; amount: Cents }[] = [];
  for (const part of parts) {
    if (part.amount === 0) continue;
    const line = lines.find((l) => l.vatCode === part.code && l.account === part.code2);
    if (line) line.amount += part.amount;
    else lines.push({ vatCode: part.code, account: part.code2, amount: part.amount });
  }
  return lines.filter((line) => line.amount !== 0);
}
