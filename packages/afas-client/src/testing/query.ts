/**
 * GetConnector query parameters as AFAS reads them: simple filters (`,` AND, `;` OR), `filterjson`,
 * multi-field `orderbyfieldids` and `skip`/`take` paging. Comparison is type-aware: numbers
 * numerically, dates by value, text case-insensitively.
 */
import { operatorName } from '../operators.js';
import { messages } from './messages.js';
import { ProfitFailure } from './responses.js';
import type { CellValue } from './state.js';
import {
  comparableDateTime,
  type DataType,
  endsInZ,
  parseBoolean,
  parseDateTime,
  parseNumber,
} from './values.js';

/** A GetConnector field as metainfo describes it. */
export interface FieldMeta {
  /** The field id used in rows, filters and sorting. */
  readonly id: string;
  readonly dataType: DataType;
  /** Label shown in metainfo. @default the id */
  readonly label?: string;
  /** Maximum length (text) or digits. */
  readonly length?: number;
  /** Decimals of a decimal field. */
  readonly decimals?: number;
  /** AFAS control type; 5 for codes with a lookup, 1 otherwise. */
  readonly controlType?: number;
}

/** One row of a GetConnector: field id → value. */
export type Row = Readonly<Record<string, CellValue>>;

/** One filter condition: field, AFAS operator code and the value as sent. */
export interface Condition {
  readonly field: FieldMeta;
  readonly operator: number;
  readonly value: string;
}

/** One sort key of `orderbyfieldids`. */
export interface SortKey {
  readonly field: FieldMeta;
  readonly descending: boolean;
}

/** A parsed GetConnector request. */
export interface GetQuery {
  /** OR-groups of AND-ed conditions; empty means no filter. */
  readonly filter: readonly (readonly Condition[])[];
  readonly order: readonly SortKey[];
  readonly skip: number;
  readonly take: number;
  /** `skip=-1`: every row. */
  readonly all: boolean;
}

const DEFAULT_TAKE = 100;
const INTEGER = /^-?\d+$/;
/** Operators whose answer is "yes" for an empty value: not equal, does not contain/start/end with. */
const NEGATED = new Set([7, 11, 12, 14]);
const collator = new Intl.Collator('nl', { sensitivity: 'accent' });

function unexpected(): ProfitFailure {
  return new ProfitFailure(messages.unexpected());
}

/** Reads the query string; throws {@link ProfitFailure} with AFAS's message when AFAS would refuse it. */
export function parseGetQuery(search: URLSearchParams, fields: readonly FieldMeta[]): GetQuery {
  // AFAS treats parameter names case-insensitively (`filterFieldIds` works too).
  const params = new Map<string, string>();
  for (const [name, value] of search) params.set(name.toLowerCase(), value);
  const field = fieldResolver(fields);

  const simple = parseSimpleFilter(params, field);
  const json = params.has('filterjson') ? parseJsonFilter(params.get('filterjson') ?? '', field) : [];
  return {
    filter: combineAnd(simple, json),
    order: parseOrder(params.get('orderbyfieldids') ?? '', field),
    ...parsePaging(params.get('skip'), params.get('take')),
  };
}

function fieldResolver(fields: readonly FieldMeta[]): (id: string) => FieldMeta {
  const byId = new Map(fields.map((f) => [f.id.toLowerCase(), f]));
  return (id) => {
    // Field ids with special characters may be quoted as ['Name'].
    const bare = /^\['(.*)'\]$/.exec(id)?.[1] ?? id;
    const found = byId.get(bare.toLowerCase());
    if (!found) throw new ProfitFailure(messages.fieldNotFound(bare));
    return found;
  };
}

/** Splits `a,b;c` into items and the separators between them. */
function splitList(text: string): { items: string[]; separators: string[] } {
  const items: string[] = [];
  const separators: string[] = [];
  let current = '';
  for (const char of text) {
    if (char === ',' || char === ';') {
      items.push(current);
      separators.push(char);
      current = '';
    } else current += char;
  }
  items.push(current);
  return { items, separators };
}

function parseOperator(text: string): number {
  const code = INTEGER.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (operatorName(code) === undefined) throw unexpected();
  return code;
}

function parseSimpleFilter(params: Map<string, string>, field: (id: string) => FieldMeta): Condition[][] {
  const ids = params.get('filterfieldids');
  if (ids === undefined || ids === '') return [];
  const fieldList = splitList(ids);
  const valueList = params.has('filtervalues') ? splitList(params.get('filtervalues') ?? '') : undefined;
  const operatorList = params.has('operatortypes') ? splitList(params.get('operatortypes') ?? '') : undefined;
  const sameShape = (list: { separators: string[] } | undefined) =>
    list === undefined || list.separators.join('') === fieldList.separators.join('');
  if (!sameShape(valueList) || !sameShape(operatorList)) throw unexpected();

  const groups: Condition[][] = [[]];
  fieldList.items.forEach((id, index) => {
    const condition = checkedCondition(
      field(id.trim()),
      operatorList ? parseOperator(operatorList.items[index] ?? '') : 1,
      valueList?.items[index] ?? '',
    );
    groups.at(-1)?.push(condition);
    if (fieldList.separators[index] === ';') groups.push([]);
  });
  return groups;
}

/** Operators that compare a date field's value with the filter value as a date-time. */
const DATE_COMPARISONS = new Set([1, 2, 3, 4, 5, 7]);

/**
 * A condition as AFAS accepts it: a date-time ending in `Z` is illegal as a filter value on a date
 * field (PracticalAfas, README-get, from live systems); what AFAS answers is modelled as the
 * unexpected error it gives other invalid parameters.
 */
function checkedCondition(field: FieldMeta, operator: number, value: string): Condition {
  if (field.dataType === 'date' && DATE_COMPARISONS.has(operator) && endsInZ(value)) throw unexpected();
  return { field, operator, value };
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected();
  return value as Record<string, unknown>;
}

function parseJsonFilter(text: string, field: (id: string) => FieldMeta): Condition[][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw unexpected();
  }
  const filters = asArray(record(record(parsed)['Filters'])['Filter']);
  return filters.map((filter) =>
    asArray(record(filter)['Field']).map((entry) => {
      const item = record(entry);
      const value = item['#text'];
      return checkedCondition(
        field(String(item['@FieldId'] ?? '')),
        parseOperator(String(item['@OperatorType'] ?? '1')),
        value === undefined || value === null ? '' : String(value),
      );
    }),
  );
}

/** (A1 or A2) and (B1 or B2) as OR-groups. */
function combineAnd(left: Condition[][], right: Condition[][]): Condition[][] {
  if (left.length === 0) return right;
  if (right.length === 0) return left;
  return left.flatMap((a) => right.map((b) => [...a, ...b]));
}

/**
 * A sort field id AFAS takes unquoted; any other must be written `['Name']` (one with a `.`). A `-`
 * inside is fine: the Invantive forum's corrected URL sorts on `Budget_sub-afdeling` unquoted.
 */
const PLAIN_FIELD_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_-]*$/u;

function parseOrder(text: string, field: (id: string) => FieldMeta): SortKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const descending = part.startsWith('-');
      const id = descending ? part.slice(1) : part;
      if (!id.startsWith('[') && !PLAIN_FIELD_ID.test(id)) {
        throw new ProfitFailure(messages.invalidIndexField());
      }
      return { field: field(id), descending };
    });
}

function parsePaging(
  skipText: string | undefined,
  takeText: string | undefined,
): { skip: number; take: number; all: boolean } {
  if (
    (skipText !== undefined && !INTEGER.test(skipText)) ||
    (takeText !== undefined && !INTEGER.test(takeText))
  ) {
    throw unexpected();
  }
  const skip = skipText === undefined ? 0 : Number(skipText);
  const take = takeText === undefined ? DEFAULT_TAKE : Number(takeText);
  // skip=-1 means "everything" and ignores take; take=-1 with a real skip is what AFAS refuses.
  if (skip === -1) return { skip, take, all: true };
  if (skip < -1 || take < 0) throw unexpected();
  return { skip, take, all: false };
}

export function isEmpty(value: CellValue): boolean {
  return value === null || value === '';
}

function text(value: CellValue): string {
  return String(value).toLowerCase();
}

/** `%x%`, `x%`, `%x`: leading/trailing `%` mark a wildcard, as in AFAS's XML-filter examples. */
function wildcard(value: string): { core: string; leading: boolean; trailing: boolean } {
  const leading = value.startsWith('%');
  const trailing = value.length > 1 && value.endsWith('%');
  return { core: value.slice(leading ? 1 : 0, trailing ? -1 : undefined).toLowerCase(), leading, trailing };
}

function like(value: CellValue, pattern: ReturnType<typeof wildcard>): boolean {
  const subject = text(value);
  if (pattern.leading && pattern.trailing) return subject.includes(pattern.core);
  if (pattern.leading) return subject.endsWith(pattern.core);
  return subject.startsWith(pattern.core);
}

/** Compares a row value with a filter value by the field's type; `undefined` when they cannot be compared. */
export function compareValue(value: CellValue, filterValue: string, type: DataType): number | undefined {
  switch (type) {
    case 'int':
    case 'decimal': {
      const wanted = parseNumber(filterValue);
      return wanted === undefined || typeof value !== 'number' ? undefined : Math.sign(value - wanted);
    }
    case 'date': {
      // The stored value keeps its milliseconds; the filter value means exactly .000 of its second.
      const wanted = parseDateTime(filterValue);
      const actual = parseDateTime(String(value));
      if (wanted === undefined || actual === undefined) return undefined;
      const [a, b] = [comparableDateTime(actual), comparableDateTime(wanted)];
      return a < b ? -1 : a > b ? 1 : 0;
    }
    case 'boolean': {
      const wanted = parseBoolean(filterValue);
      return wanted === undefined ? undefined : Number(value === true) - Number(wanted);
    }
    case 'string':
      return collator.compare(String(value), filterValue);
  }
}

/** Whether a row meets one condition. */
export function matches(row: Row, condition: Condition): boolean {
  const { operator, value: filterValue, field } = condition;
  const value = row[field.id] ?? null;
  if (operator === 8) return isEmpty(value);
  if (operator === 9) return !isEmpty(value);
  if (isEmpty(value)) return NEGATED.has(operator);

  const pattern = wildcard(filterValue);
  const hasWildcard = pattern.leading || pattern.trailing;
  switch (operator) {
    case 1:
    case 7: {
      const equal = hasWildcard
        ? like(value, pattern)
        : compareValue(value, filterValue, field.dataType) === 0;
      return operator === 1 ? equal : !equal;
    }
    case 2:
    case 3:
    case 4:
    case 5: {
      const order = compareValue(value, filterValue, field.dataType);
      if (order === undefined) return false;
      return operator === 2
        ? order >= 0
        : operator === 3
          ? order <= 0
          : operator === 4
            ? order > 0
            : order < 0;
    }
    case 6:
    case 15:
      return text(value).includes(pattern.core);
    case 11:
      return !text(value).includes(pattern.core);
    case 10:
      return text(value).startsWith(pattern.core);
    case 12:
      return !text(value).startsWith(pattern.core);
    case 13:
      return text(value).endsWith(pattern.core);
    default:
      return !text(value).endsWith(pattern.core);
  }
}

function compareCells(a: CellValue, b: CellValue, type: DataType): number {
  // Like SQL Server, empty values sort first when ascending.
  if (isEmpty(a) || isEmpty(b)) return Number(!isEmpty(a)) - Number(!isEmpty(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (type === 'boolean') return Number(a === true) - Number(b === true);
  if (type === 'date') {
    // In time order, as filters compare them (a stored time may carry milliseconds).
    const [x, y] = [String(a), String(b)].map((v) => comparableDateTime(parseDateTime(v) ?? v));
    return x === y ? 0 : (x ?? '') < (y ?? '') ? -1 : 1;
  }
  return collator.compare(String(a), String(b));
}

/** The order of two rows under `order` (stable ties are left to the caller). */
export function compareRows(a: Row, b: Row, order: readonly SortKey[]): number {
  for (const { field, descending } of order) {
    const result = compareCells(a[field.id] ?? null, b[field.id] ?? null, field.dataType);
    if (result !== 0) return descending ? -result : result;
  }
  return 0;
}
