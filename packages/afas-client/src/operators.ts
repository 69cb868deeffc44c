/**
 * AFAS GetConnector filter operators: readable names and the numeric codes AFAS expects in
 * `operatortypes` and `@OperatorType`.
 */
export const OPERATOR_CODES = {
  /** `=` equal to */
  eq: 1,
  /** `>=` greater than or equal to */
  gte: 2,
  /** `<=` less than or equal to */
  lte: 3,
  /** `>` greater than */
  gt: 4,
  /** `<` less than */
  lt: 5,
  /** `*` contains */
  contains: 6,
  /** `!=` not equal to */
  ne: 7,
  /** `[]` is empty (the value is ignored) */
  empty: 8,
  /** `![]` is not empty (the value is ignored) */
  notEmpty: 9,
  /** `@` starts with */
  startsWith: 10,
  /** `!*` does not contain */
  notContains: 11,
  /** `!@` does not start with */
  notStartsWith: 12,
  /** `&` ends with */
  endsWith: 13,
  /** `!&` does not end with */
  notEndsWith: 14,
  /** `Sf` AFAS quick filter (snelfilter) */
  quickFilter: 15,
} as const;

/** A readable operator name, e.g. `eq`, `startsWith`. */
export type OperatorName = keyof typeof OPERATOR_CODES;

/** The numeric AFAS operator code, 1 to 15. */
export type OperatorCode = (typeof OPERATOR_CODES)[OperatorName];

/** Operators that take no value (AFAS still wants the parameter; the SDK sends an empty one). */
export const VALUELESS_OPERATORS: ReadonlySet<OperatorName> = new Set(['empty', 'notEmpty']);

const NAME_BY_CODE = new Map<number, OperatorName>(
  Object.entries(OPERATOR_CODES).map(([name, code]) => [code, name as OperatorName]),
);

/** The readable name of an AFAS operator code, or `undefined` for a code AFAS does not have. */
export function operatorName(code: number): OperatorName | undefined {
  return NAME_BY_CODE.get(code);
}
