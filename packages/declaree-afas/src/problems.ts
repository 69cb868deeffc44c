import { formatCents } from 'afas-client';
import type { z } from 'zod';
import { parseScaled } from './internal/money.js';

/** Every kind of problem {@link ReportProblem} can report. */
export const PROBLEM_CODES = [
  'missing-field',
  'invalid-field',
  'invalid-amount',
  'invalid-date',
  'not-approved',
  'missing-approval-date',
  'currency-mismatch',
  'empty-report',
  'missing-creditor',
  'missing-account',
  'missing-vat',
  'missing-vat-code',
  'missing-vat-account',
  'missing-allocation-code',
  'vat-exceeds-gross',
  'vat-mismatch',
  'code-too-long',
  'too-many-lines',
  'period-blocked',
  'no-open-period',
  'period-missing',
  'unknown-account',
  'blocked-account',
  'unknown-vat-code',
  'vat-not-allowed',
  'unknown-creditor',
  'allocation-not-assigned',
  'allocation-required',
  'unknown-project',
  'project-required',
  'pdf-unreadable',
  'pdf-not-a-file',
  'pdf-too-large',
  'pdf-not-pdf',
  'pdf-invalid-base64',
  'free-field-unknown',
  'free-field-too-long',
  'dossier-text-too-long',
  'unknown-dossier-type',
] as const;

/** The kind of a {@link ReportProblem}, for code that reacts to it (the message is for people). */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One thing to fix before a report can be exported: in Declaree, or (a `settings.*` field) in the settings. */
export interface ReportProblem {
  /** Declaree id of the report (`'?'` when the input had none). */
  readonly reportId: string;
  /** The report number, when known. */
  readonly reportNumber?: string | undefined;
  /** Declaree id of the expense the problem is in, when it is in one. */
  readonly expenseId?: string | undefined;
  /** That expense as a bookkeeper finds it in Declaree: date, description, amount (`2026-03-05 "Lunch" € 72.60`). */
  readonly expense?: string | undefined;
  /** The field to fix, as a path: `'user.code'`, `'expenses[2].vat[0].code2'`, or a setting: `'settings.dossierItemType'`. */
  readonly field: string;
  /** What kind of problem. */
  readonly code: ProblemCode;
  /** Plain English naming the Dutch AFAS term, saying what to change. */
  readonly message: string;
}

/** An expense as a bookkeeper finds it in Declaree: date, description and amount. */
export function expenseName(
  expense: { readonly date: string; readonly description?: string | undefined; readonly amount: number },
  currency: string,
): string {
  const money = `${currency === 'EUR' ? '€' : currency} ${formatCents(expense.amount)}`;
  return `${expense.date}${expense.description ? ` "${expense.description}"` : ''} ${money}`;
}

/**
 * An expense of input that may not have parsed, named as {@link expenseName} names a parsed one:
 * what of its date, description and amount can be read, as written (an amount `"12,50"` stays
 * `12,50`); its position and id when none can.
 */
function looseExpenseName(input: unknown, index: number): string {
  const at = (key: string) => valueAt(input, ['expenses', index, key]);
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() || undefined : undefined);
  const date = text(at('date'))?.slice(0, 10);
  const description = text(at('description'));
  const raw = at('amount');
  const amount = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : text(raw);
  const currency = text(valueAt(input, ['currency']))?.toUpperCase();
  const cents = amount === undefined ? undefined : parseScaled(amount, 2, Number.MAX_SAFE_INTEGER);
  const money =
    amount === undefined
      ? undefined
      : `${currency === undefined || currency === 'EUR' ? '€' : currency} ${cents === undefined ? amount : formatCents(cents)}`;
  const parts = [date, description === undefined ? undefined : `"${description}"`, money].filter(
    (part) => part !== undefined,
  );
  if (parts.length > 0) return parts.join(' ');
  const id = idAt(input, ['expenses', index, 'id']);
  return `${index + 1}${id === undefined ? '' : ` (id ${id})`}`;
}

/**
 * Where a problem (or note) is, for people: the expense as the bookkeeper finds it in Declaree, if
 * it is in one, then the field as a path for whoever maps the data:
 * `expense 2026-03-05 "Lunch met klant" € 72.60 (expenses[1].amount)`, or `(user.code)`.
 */
export function problemLocation(problem: Pick<ReportProblem, 'expense' | 'expenseId' | 'field'>): string {
  const expense = problem.expense ?? problem.expenseId;
  const field = problem.field.startsWith('(') ? problem.field : `(${problem.field || 'report'})`;
  return `${expense === undefined ? '' : `expense ${expense} `}${field}`;
}

/** A problem in one line, naming its expense once: `expense … (field): message`. */
export function describeProblem(
  problem: Pick<ReportProblem, 'expense' | 'expenseId' | 'field' | 'message'>,
): string {
  return `${problemLocation(problem)}: ${problem.message}`;
}

/** `['expenses', 2, 'vat', 0, 'code2']` → `'expenses[2].vat[0].code2'`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Reads `input.a[1].b` from unknown input without trusting its shape. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

/** An id from unknown input, when it is text or a number. */
function idAt(input: unknown, path: readonly PropertyKey[]): string | undefined {
  const value = valueAt(input, path);
  return typeof value === 'string' || typeof value === 'number'
    ? String(value).trim() || undefined
    : undefined;
}

/** The report's id and number read loosely from input that may not have parsed. */
export function reportKeys(input: unknown): { reportId: string; reportNumber: string | undefined } {
  return { reportId: idAt(input, ['id']) ?? '?', reportNumber: idAt(input, ['number']) };
}

/**
 * Turns zod issues on a report into problems naming report, expense and field. The message says
 * what is wrong; the report, the expense (named as far as it can be read) and the field are the
 * problem's own properties, as for every other problem ({@link describeProblem} puts them together).
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ReportProblem[] {
  const keys = reportKeys(input);
  return issues.map((issue) => {
    const path = issue.path;
    const field = fieldPath(path);
    const expenseIndex = path[0] === 'expenses' && typeof path[1] === 'number' ? path[1] : undefined;
    const expenseId = expenseIndex === undefined ? undefined : idAt(input, ['expenses', expenseIndex, 'id']);
    const last = String(path.at(-1) ?? '');
    const missing = issue.code === 'invalid_type' && valueAt(input, path) === undefined;
    const code: ProblemCode = missing
      ? 'missing-field'
      : last === 'amount'
        ? 'invalid-amount'
        : last === 'date' || last.endsWith('At')
          ? 'invalid-date'
          : 'invalid-field';
    const message = `${missing ? 'This field is missing. ' : ''}${issue.message}`;
    return {
      ...keys,
      ...(expenseId === undefined ? {} : { expenseId }),
      ...(expenseIndex === undefined ? {} : { expense: looseExpenseName(input, expenseIndex) }),
      field,
      code,
      message,
    };
  });
}
