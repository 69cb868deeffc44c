/**
 * The cost model and the indexes behind GetConnectors: AFAS reads every skipped row (deep pages get
 * slow, OAS get-connector: "skip > 100,000"), a filter on the order key seeks, and the simulator
 * sorts a connector once per order instead of on every page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AfasSimulator,
  type AfasSimulatorOptions,
  afasTokenHeader,
  DEFAULT_GET_COST,
  DEMO_TOKEN_DATA,
  type FieldMeta,
} from '../../src/testing/index.js';
import { type GetQuery, parseGetQuery, type Row } from '../../src/testing/query.js';
import { RowIndexes } from '../../src/testing/row-index.js';
import { entryBody } from './support.js';

const N = 10_000;
const FIELDS: FieldMeta[] = [
  { id: 'Id', dataType: 'int' },
  { id: 'Group', dataType: 'string' },
  { id: 'Even', dataType: 'boolean' },
  { id: 'Amount', dataType: 'decimal' },
];
// Ids in a shuffled order, so every order has to be sorted.
const ROWS: Row[] = Array.from({ length: N }, (_, i) => {
  const id = (i * 7919) % N;
  return {
    Id: id,
    Group: ['a', 'B', 'c', null][id % 4] ?? null,
    Even: id % 2 === 0,
    Amount: (id % 97) - 40.5,
  };
});

function simulatorWith(options: AfasSimulatorOptions = {}): AfasSimulator {
  const simulator = new AfasSimulator(options);
  simulator.addGetConnector('Big', ROWS, { fields: FIELDS });
  return simulator;
}

async function get(simulator: AfasSimulator, query: string) {
  const response = (await simulator.handle(
    new Request(`${simulator.baseUrl}/connectors/${query}`, {
      headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) },
    }),
  )) as Response;
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as { rows: Record<string, unknown>[] };
  const entry = simulator.requests.at(-1);
  return { ids: body.rows.map((r) => r['Id']), entry, stats: response.headers.get('x-afas-proxy-stats') };
}

const gt = (value: number) => `filterfieldids=Id&filtervalues=${value}&operatortypes=4`;

describe('the cost model (modelled, not measured)', () => {
  const simulator = simulatorWith();

  it('reads every skipped row, so a deep page costs more than the first', async () => {
    const first = await get(simulator, 'Big?orderbyfieldids=Id&skip=0&take=100');
    const deep = await get(simulator, 'Big?orderbyfieldids=Id&skip=9000&take=100');
    expect(first.entry?.rowsRead).toBe(100);
    expect(deep.entry?.rowsRead).toBe(9100);
    const { requestMs, rowReadMs, rowSentMs } = DEFAULT_GET_COST;
    expect(deep.entry?.costMs).toBe(Math.round(requestMs + 9100 * rowReadMs + 100 * rowSentMs));
    expect(deep.entry?.costMs).toBeGreaterThan((first.entry?.costMs ?? 0) * 4);
    expect(deep.stats).toBe(`init(0ms), before response(0ms), complete(${deep.entry?.costMs}ms)`);
  });

  it('seeks with a filter on the order key: the same page as skip=9000, reading only its rows', async () => {
    const keyset = await get(simulator, `Big?orderbyfieldids=Id&take=100&${gt(8999)}`);
    const skipped = await get(simulator, 'Big?orderbyfieldids=Id&skip=9000&take=100');
    expect(keyset.ids).toEqual(skipped.ids);
    expect(keyset.ids[0]).toBe(9000);
    expect(keyset.entry?.rowsRead).toBe(100);
  });

  it('reads a filter on another field in index order until the page is full', async () => {
    const page = await get(
      simulator,
      'Big?orderbyfieldids=Id&take=50&filterfieldids=Even&filtervalues=false&operatortypes=1',
    );
    expect(page.ids).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
    expect(page.entry?.rowsRead).toBe(100);
  });

  it('takes its parameters as options', async () => {
    const custom = simulatorWith({ getCost: { requestMs: 0, rowReadMs: 1 } });
    const page = await get(custom, 'Big?orderbyfieldids=Id&skip=10&take=5');
    expect(page.entry?.costMs).toBe(Math.round(15 * 1 + 5 * DEFAULT_GET_COST.rowSentMs));
  });

  describe('waitForCost', () => {
    afterEach(() => vi.useRealTimers());

    it('makes the answer wait for its modelled time', async () => {
      vi.useFakeTimers();
      const waiting = simulatorWith({
        waitForCost: true,
        getCost: { requestMs: 100, rowReadMs: 0, rowSentMs: 0 },
      });
      let answered = false;
      const pending = get(waiting, 'Big?take=1').then(() => {
        answered = true;
      });
      await vi.advanceTimersByTimeAsync(90);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(20);
      await pending;
      expect(answered).toBe(true);
    });
  });
});

describe('indexes per (connector, order)', () => {
  it('sorts once per order and reuses the index', () => {
    const indexes = new RowIndexes();
    const order = parseGetQuery(new URLSearchParams('orderbyfieldids=-Amount,Id'), FIELDS).order;
    const sorted = indexes.sorted(ROWS, order);
    expect(indexes.sorted(ROWS, order)).toBe(sorted);
    expect(indexes.sorted([...ROWS], order)).not.toBe(sorted);
  });

  it('through the simulator, sorts a connector once for many pages in one order, and again for another', async () => {
    const simulator = simulatorWith();
    const sort = vi.spyOn(Array.prototype, 'sort');
    const sortsOfTheConnector = () =>
      sort.mock.contexts.filter((array) => (array as unknown[]).length === N).length;
    try {
      for (let skip = 0; skip < 2_000; skip += 200) {
        await get(simulator, `Big?orderbyfieldids=-Amount,Id&skip=${skip}&take=200`);
      }
      expect(sortsOfTheConnector()).toBe(1);
      await get(simulator, 'Big?orderbyfieldids=Id&skip=0&take=10');
      await get(simulator, 'Big?orderbyfieldids=Id&skip=10&take=10');
      expect(sortsOfTheConnector()).toBe(2);
    } finally {
      sort.mockRestore();
    }
  });

  it('sees writes: derived rows (Profit_Transactions) are rebuilt after a booking', async () => {
    const simulator = new AfasSimulator();
    const lines = async () =>
      (await get(simulator, 'Profit_Transactions?orderbyfieldids=EntryNo')).ids.length;
    const post = () =>
      simulator.handle(
        new Request(`${simulator.baseUrl}/connectors/FiEntries`, {
          method: 'POST',
          headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA), 'Content-Type': 'application/json' },
          body: JSON.stringify(entryBody(undefined, {})),
        }),
      );
    expect(await lines()).toBe(0);
    await post();
    const after = await lines();
    expect(after).toBeGreaterThan(0);
  });

  // The index and its seek must answer exactly what filtering and sorting everything would.
  const reference = (query: GetQuery): Row[] => {
    const matching = ROWS.filter(
      (row) =>
        query.filter.length === 0 || query.filter.some((group) => group.every((c) => naiveMatch(row, c))),
    );
    const sorted = [...matching].sort((a, b) => naiveCompare(a, b, query));
    return query.all ? sorted : sorted.slice(query.skip, query.skip + query.take);
  };

  it.each([
    'orderbyfieldids=Id&skip=20&take=30&filterfieldids=Id,Id&filtervalues=100,200&operatortypes=2,5',
    'orderbyfieldids=-Id&take=25&filterfieldids=Id,Id&filtervalues=500,600&operatortypes=4,3',
    'orderbyfieldids=-Id&take=10&filterfieldids=Id&filtervalues=42&operatortypes=1',
    'orderbyfieldids=Id&take=10&filterfieldids=Id;Id&filtervalues=5;9000&operatortypes=5;4',
    'orderbyfieldids=Amount,Id&take=40&filterfieldids=Amount&filtervalues=10.5&operatortypes=2',
    'orderbyfieldids=-Amount,-Id&skip=3&take=40&filterfieldids=Amount,Even&filtervalues=0,true&operatortypes=3,1',
    'orderbyfieldids=Group,Id&take=30&filterfieldids=Group&filtervalues=b&operatortypes=1',
    'orderbyfieldids=-Group,Id&take=30&filterfieldids=Group&filtervalues=B&operatortypes=5',
    'orderbyfieldids=Id&skip=-1&take=-1&filterfieldids=Id,Id&filtervalues=9990,10&operatortypes=2,3',
  ])('answers %s as a full filter-and-sort would', (text) => {
    const query = parseGetQuery(new URLSearchParams(text), FIELDS);
    expect(new RowIndexes().run(ROWS, query).rows).toEqual(reference(query));
  });
});

// A deliberately plain reference: no index, no seek.
function naiveMatch(row: Row, c: GetQuery['filter'][number][number]): boolean {
  const value = row[c.field.id] ?? null;
  if (value === null) return false;
  const wanted =
    c.field.dataType === 'string'
      ? c.value.toLowerCase()
      : c.field.dataType === 'boolean'
        ? c.value === 'true'
        : Number(c.value);
  const actual = typeof value === 'string' ? value.toLowerCase() : value;
  const order = actual < wanted ? -1 : actual > wanted ? 1 : 0;
  return [order === 0, order >= 0, order <= 0, order > 0, order < 0][c.operator - 1] ?? false;
}

function naiveCompare(a: Row, b: Row, query: GetQuery): number {
  for (const { field, descending } of query.order) {
    const [x, y] = [a[field.id] ?? null, b[field.id] ?? null];
    let order = 0;
    if (x === null || y === null) order = Number(x !== null) - Number(y !== null);
    else {
      const [p, q] = typeof x === 'string' ? [x.toLowerCase(), String(y).toLowerCase()] : [x, y];
      order = p < q ? -1 : p > q ? 1 : 0;
    }
    if (order !== 0) return descending ? -order : order;
  }
  return 0;
}
