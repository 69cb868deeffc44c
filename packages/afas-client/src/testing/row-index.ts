/**
 * Runs a GetConnector query the way a database behind AFAS would: over an index per (connector rows,
 * order), built once and reused until the rows change, instead of copying, filtering and sorting the
 * whole connector on every page. It counts the rows it reads, which is what the cost model charges:
 * every skipped row is read, a filter on the leading order key seeks into the index, any other
 * filter reads rows in index order until the page is full.
 */
import {
  type Condition,
  compareRows,
  compareValue,
  type GetQuery,
  isEmpty,
  matches,
  type Row,
  type SortKey,
} from './query.js';

/** A page of rows and how many rows were read to produce it. */
export interface QueryResult {
  readonly rows: readonly Row[];
  /** Rows read in index order: skipped, refused by the filter, and returned. */
  readonly read: number;
}

/** Operators that bound a range on the order key (equality without a wildcard, and the four comparisons). */
const RANGE_OPERATORS = new Set([1, 2, 3, 4, 5]);

function orderKey(order: readonly SortKey[]): string {
  return order.map((key) => `${key.descending ? '-' : ''}${key.field.id}`).join(',');
}

/** Sorted views of row arrays, by order; forgotten with the array (a write makes a new one). */
export class RowIndexes {
  readonly #byRows = new WeakMap<readonly Row[], Map<string, readonly Row[]>>();

  /** `rows` in `order` (stable: ties keep the connector's order); the same array until `rows` changes. */
  sorted(rows: readonly Row[], order: readonly SortKey[]): readonly Row[] {
    if (order.length === 0) return rows;
    let indexes = this.#byRows.get(rows);
    if (!indexes) {
      indexes = new Map();
      this.#byRows.set(rows, indexes);
    }
    const key = orderKey(order);
    let sorted = indexes.get(key);
    if (!sorted) {
      sorted = [...rows].sort((a, b) => compareRows(a, b, order));
      indexes.set(key, sorted);
    }
    return sorted;
  }

  /** Filters and pages `rows` as `query` asks, reading as few rows as the index allows. */
  run(rows: readonly Row[], query: GetQuery): QueryResult {
    const sorted = this.sorted(rows, query.order);
    const { start, end, exact } = seekRange(sorted, query);
    if (query.filter.length === 0 || exact) {
      // Every row in the range matches: the page is a slice, though AFAS still reads the skipped rows.
      const from = query.all ? start : Math.min(end, start + query.skip);
      const to = query.all ? end : Math.min(end, from + query.take);
      return { rows: sorted.slice(from, to), read: to - start };
    }
    const wanted = query.all ? Number.POSITIVE_INFINITY : query.skip + query.take;
    const page: Row[] = [];
    let matched = 0;
    let index = start;
    for (; index < end && matched < wanted; index++) {
      const row = sorted[index] as Row;
      if (query.filter.length > 0 && !query.filter.some((group) => group.every((c) => matches(row, c)))) {
        continue;
      }
      if (query.all || matched >= query.skip) page.push(row);
      matched++;
    }
    return { rows: page, read: index - start };
  }
}

/** A range of the index, and whether every row in it matches the whole filter. */
interface Range {
  readonly start: number;
  readonly end: number;
  readonly exact: boolean;
}

/**
 * The part of the index a single AND group's bounds on the leading order key allow, found by binary
 * search; the whole index when there is no such bound (OR groups, wildcards, other fields).
 */
function seekRange(sorted: readonly Row[], query: GetQuery): Range {
  const whole: Range = { start: 0, end: sorted.length, exact: false };
  const [lead] = query.order;
  const [group, ...others] = query.filter;
  if (!lead || !group || others.length > 0) return whole;
  const bounds = group.filter(
    (c) =>
      c.field.id === lead.field.id &&
      RANGE_OPERATORS.has(c.operator) &&
      !/^%|.%$/.test(c.value) &&
      compareValue(probeValue(sorted, lead), c.value, c.field.dataType) !== undefined,
  );
  if (bounds.length === 0) return whole;
  const cell = (row: Row) => row[lead.field.id] ?? null;
  // Rows before the range fail a bound "from below"; rows after it fail one "from above".
  const before = (row: Row) => isEmpty(cell(row)) || bounds.some((c) => side(c, cell(row)) < 0);
  const after = (row: Row) => !isEmpty(cell(row)) && bounds.some((c) => side(c, cell(row)) > 0);
  // Ascending: empty, below, inside, above. Descending: above, inside, below, empty.
  const [enters, leaves] = lead.descending
    ? [(row: Row) => !after(row), before]
    : [(row: Row) => !before(row), after];
  const start = firstIndex(sorted, enters);
  return { start, end: firstIndex(sorted, leaves, start), exact: bounds.length === group.length };
}

/** A non-empty value of the order key, to check that the filter value compares with its type. */
function probeValue(sorted: readonly Row[], lead: SortKey): Row[string] {
  const row = sorted.find((r) => !isEmpty(r[lead.field.id] ?? null));
  return row?.[lead.field.id] ?? null;
}

/** Whether `value` lies below (-1), inside (0) or above (1) what condition `c` allows. */
function side(c: Condition, value: Row[string]): number {
  const order = compareValue(value, c.value, c.field.dataType) ?? 0;
  switch (c.operator) {
    case 1:
      return Math.sign(order);
    case 2:
      return order < 0 ? -1 : 0;
    case 3:
      return order > 0 ? 1 : 0;
    case 4:
      return order <= 0 ? -1 : 0;
    default:
      return order >= 0 ? 1 : 0;
  }
}

/** The first index from `from` where `test` holds, for a `test` that stays true once it is. */
function firstIndex(sorted: readonly Row[], test: (row: Row) => boolean, from = 0): number {
  let [low, high] = [from, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(sorted[middle] as Row)) high = middle;
    else low = middle + 1;
  }
  return low;
}
