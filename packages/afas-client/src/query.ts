import { formatAfasDateTime } from './dates.js';
import { AfasConfigError } from './errors.js';
import { OPERATOR_CODES, type OperatorName, VALUELESS_OPERATORS } from './operators.js';

/**
 * A value to filter on. Dates are sent as Amsterdam wall-clock time without `Z`. A string date-time
 * ending in `Z` is refused ({@link AfasConfigError}): AFAS refuses it, and stripping the `Z` would be
 * right for a value copied from an AFAS row but shift a real UTC time by an hour or two.
 */
export type FilterValue = string | number | boolean | Date;

/** One condition: `field op value`, e.g. `{ field: 'Account', op: 'startsWith', value: '4' }`. */
export interface Condition<Field extends string = string> {
  /** The GetConnector's field id (as in its rows and metainfo). */
  readonly field: Field;
  /** Readable operator name; see {@link OPERATOR_CODES} for the AFAS codes. */
  readonly op: OperatorName;
  /** The value; ignored (and may be left out) for `empty` and `notEmpty`. */
  readonly value?: FilterValue | undefined;
}

/** Conditions that must all hold. */
export type AllOf<Field extends string = string> = readonly Condition<Field>[];

/**
 * A GetConnector filter: one condition, a list of conditions that must all hold (AND), or
 * `{ or: [...] }` whose entries (each a condition or an AND list) are alternatives.
 *
 * @example
 * { or: [[{ field: 'Year', op: 'eq', value: 2026 }, { field: 'Period', op: 'lte', value: 3 }],
 *        { field: 'Blocked', op: 'eq', value: false }] }
 */
export type Where<Field extends string = string> =
  | Condition<Field>
  | AllOf<Field>
  | { readonly or: readonly (Condition<Field> | AllOf<Field>)[] };

/** A sort key: the field id ascending, or `-` + field id descending. */
export type OrderBy<Field extends string = string> = Field | `-${Field}`;

/** `2026-03-01T09:30:00Z`, `…T09:30Z`, `…T09:30:00.123Z`: a date-time AFAS refuses as a filter value. */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/i;

/** AFAS refuses query strings (everything after `?`) longer than this with a 404. */
export const MAX_QUERY_LENGTH = 2049;

/** How filters are sent: simple lists, or the `filterjson` parameter. */
export type FilterEncoding = 'simple' | 'json';

/** Normalises any {@link Where} into OR groups of AND-ed conditions. */
export function filterGroups<Field extends string>(where: Where<Field> | undefined): Condition<Field>[][] {
  if (where === undefined) return [];
  if ('or' in where) return where.or.map((entry) => (isCondition(entry) ? [entry] : [...entry]));
  return isCondition(where) ? [[where]] : where.length === 0 ? [] : [[...where]];
}

function isCondition<Field extends string>(
  value: Condition<Field> | AllOf<Field>,
): value is Condition<Field> {
  return !Array.isArray(value);
}

/** The text AFAS gets for a filter value. */
export function formatFilterValue(condition: Condition): string {
  if (!(condition.op in OPERATOR_CODES)) {
    throw new AfasConfigError(
      `Unknown filter operator "${condition.op}" on field ${condition.field}.`,
      `Use one of: ${Object.keys(OPERATOR_CODES).join(', ')}.`,
    );
  }
  if (typeof condition.field !== 'string' || condition.field === '') {
    throw new AfasConfigError('A filter condition has no field.', 'Give the field id of the GetConnector.');
  }
  const { value } = condition;
  if (VALUELESS_OPERATORS.has(condition.op)) return '';
  if (value === undefined) {
    throw new AfasConfigError(
      `The filter on ${condition.field} (${condition.op}) has no value.`,
      'Give a value, or use the operators empty / notEmpty.',
    );
  }
  if (value instanceof Date) return formatAfasDateTime(value);
  if (typeof value === 'string' && UTC_DATE_TIME.test(value.trim())) {
    throw new AfasConfigError(
      `The filter on ${condition.field} has the date-time "${value}", which ends in Z; AFAS refuses a Z in filter values.`,
      'Pass a Date instead (sent as Amsterdam wall-clock time): for a value read from an AFAS row use ' +
        'parseAfasDateTime(value), as its Z does not mean UTC; or write the Amsterdam time without the Z.',
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new AfasConfigError(
      `The filter on ${condition.field} has a non-finite number.`,
      'Give a finite number.',
    );
  }
  return String(value);
}

/**
 * Builds the GetConnector query parameters for a filter, sort and page. Values containing `,` or `;`
 * (AFAS's separators, which it cannot escape) go out as `filterjson`; a query string over
 * {@link MAX_QUERY_LENGTH} is refused before it is sent (the JSON form is never the shorter one).
 */
export function buildQuery(options: {
  readonly where?: Where | undefined;
  readonly orderBy?: readonly OrderBy[] | undefined;
  readonly skip?: number | undefined;
  readonly take?: number | undefined;
  readonly filterEncoding?: FilterEncoding | undefined;
}): URLSearchParams {
  const groups = filterGroups(options.where);
  const values = groups.map((group) => group.map(formatFilterValue));
  const base = new URLSearchParams();
  if (options.skip !== undefined) base.set('skip', String(options.skip));
  if (options.take !== undefined) base.set('take', String(options.take));
  if (options.orderBy && options.orderBy.length > 0) base.set('orderbyfieldids', options.orderBy.join(','));
  if (groups.length === 0) return base;

  const needsJson = values.some((group) => group.some((value) => /[,;]/.test(value)));
  if (!needsJson && options.filterEncoding !== 'json') {
    const simple = new URLSearchParams(base);
    simple.set('filterfieldids', groups.map((g) => g.map((c) => c.field).join(',')).join(';'));
    simple.set('filtervalues', values.map((g) => g.join(',')).join(';'));
    simple.set('operatortypes', groups.map((g) => g.map((c) => OPERATOR_CODES[c.op]).join(',')).join(';'));
    if (simple.toString().length <= MAX_QUERY_LENGTH) return simple;
  }
  const json = new URLSearchParams(base);
  json.set('filterjson', JSON.stringify(filterJson(groups, values)));
  if (json.toString().length > MAX_QUERY_LENGTH) {
    throw new AfasConfigError(
      `The filter makes a query string of ${json.toString().length} characters; AFAS accepts ${MAX_QUERY_LENGTH}.`,
      'Use fewer or shorter filter values, or split the request into several.',
    );
  }
  return json;
}

function filterJson(groups: readonly Condition[][], values: readonly string[][]) {
  return {
    Filters: {
      Filter: groups.map((group, g) => ({
        '@FilterId': `Filter ${g + 1}`,
        Field: group.map((condition, c) => ({
          '@FieldId': condition.field,
          '@OperatorType': String(OPERATOR_CODES[condition.op]),
          '#text': values[g]?.[c] ?? '',
        })),
      })),
    },
  };
}
