import {
  type Condition,
  OPERATOR_CODES,
  type OperatorName,
  VALUELESS_OPERATORS,
  type Where,
} from '../index.js';
import { UsageError } from './kit.js';

/** AFAS's own operator symbols (as in its documentation) → the SDK's operator names. */
const SYMBOLS: Readonly<Record<string, OperatorName>> = {
  '=': 'eq',
  '>=': 'gte',
  '<=': 'lte',
  '>': 'gt',
  '<': 'lt',
  '*': 'contains',
  '!=': 'ne',
  '[]': 'empty',
  '![]': 'notEmpty',
  '@': 'startsWith',
  '!*': 'notContains',
  '!@': 'notStartsWith',
  '&': 'endsWith',
  '!&': 'notEndsWith',
};

const NAMES = new Map(Object.keys(OPERATOR_CODES).map((name) => [name.toLowerCase(), name as OperatorName]));

// Longest first, so that `>=` is not read as `>` followed by the value `=…`.
const SYMBOL_PATTERN = Object.keys(SYMBOLS)
  .sort((a, b) => b.length - a.length)
  .map((symbol) => symbol.replace(/[[\]*@&!=<>]/g, '\\$&'))
  .join('|');
const WITH_SYMBOL = new RegExp(`^\\s*([^\\s=<>!*@&[\\]]+)\\s*(${SYMBOL_PATTERN})\\s*(.*?)\\s*$`, 's');
const WITH_NAME = /^\s*(\S+)\s+([A-Za-z]+)(?:\s+(.*?))?\s*$/s;

/**
 * Reads one `--where` expression, `Field op value`: the operator by name (`Account startsWith 4`,
 * case-insensitive) or by AFAS symbol (`Account @ 4`, `Amount>=100`). The value is the rest of the
 * text; one pair of surrounding double quotes is removed, so `Name = ""` compares with empty text.
 */
export function parseCondition(expression: string): Condition {
  const symbol = WITH_SYMBOL.exec(expression);
  const named = symbol ? undefined : WITH_NAME.exec(expression);
  const op = symbol ? SYMBOLS[symbol[2] ?? ''] : NAMES.get((named?.[2] ?? '').toLowerCase());
  const field = (symbol ?? named)?.[1];
  if (op === undefined || field === undefined) {
    throw new UsageError(
      `--where "${expression}" is not of the form 'Field op value'.`,
      `Operators: ${Object.keys(OPERATOR_CODES).join(', ')}, or AFAS's symbols ${Object.keys(SYMBOLS).join(' ')}. ` +
        "Example: --where 'Account startsWith 4' or --where 'Amount >= 100'.",
    );
  }
  const raw = (symbol ? symbol[3] : named?.[3]) ?? '';
  const value = /^".*"$/s.test(raw) ? raw.slice(1, -1) : raw;
  if (VALUELESS_OPERATORS.has(op)) {
    if (raw !== '') throw new UsageError(`--where "${expression}": ${op} takes no value.`);
    return { field, op };
  }
  if (raw === '') {
    throw new UsageError(`--where "${expression}" has no value.`, 'Write "" to compare with empty text.');
  }
  return { field, op, value };
}

/** The filter of several `--where` flags: all must hold, or with `--or` any one of them. */
export function buildWhere(expressions: readonly string[], or: boolean): Where | undefined {
  const conditions = expressions.map(parseCondition);
  if (conditions.length === 0) {
    if (or) throw new UsageError('--or needs at least two --where flags to choose between.');
    return undefined;
  }
  if (conditions.length === 1) return conditions[0];
  return or ? { or: conditions } : conditions;
}
