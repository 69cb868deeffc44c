/**
 * Keyset paging (`paging: 'keyset'`): each page asks for the rows after the last one seen instead of
 * a growing `skip`, so against the simulator's cost model (AFAS reads every skipped row) a deep page
 * reads no more than the first. The client talks to the simulator through its `fetch` option.
 */
import { AfasClient, AfasConfigError } from 'afas-client';
import { describe, expect, it } from 'vitest';
import { AfasSimulator, DEMO_TOKEN_DATA, type FieldMeta } from '../src/testing/index.js';
import type { Row } from '../src/testing/query.js';

const N = 2_000;
const FIELDS: FieldMeta[] = [
  { id: 'Id', dataType: 'int' },
  { id: 'Code', dataType: 'string' },
  { id: 'Amount', dataType: 'decimal' },
  { id: 'Group', dataType: 'string' },
  { id: 'Booked', dataType: 'date' },
  { id: 'Modified', dataType: 'date' },
];
// Ids in a shuffled order, so the order really comes from the connector's sort.
const ROWS: Row[] = Array.from({ length: N }, (_, i) => {
  const id = (i * 7919) % N;
  return {
    Id: id,
    Code: `C-${String(id).padStart(5, '0')}`,
    Amount: (id % 97) - 40.5,
    Group: id % 4 === 0 ? null : ['a', 'b', 'c'][id % 3]!,
    Booked: `2026-0${(id % 9) + 1}-01T00:00:00Z`,
    Modified: `2026-03-01T12:${String(id % 60).padStart(2, '0')}:00Z`,
  };
});

function setup() {
  const simulator = new AfasSimulator();
  simulator.addGetConnector('Big', ROWS, { fields: FIELDS });
  const afas = new AfasClient({
    baseUrl: simulator.baseUrl,
    token: DEMO_TOKEN_DATA,
    fetch: async (input, init) => (await simulator.handle(new Request(input, init))) as Response,
  });
  return { simulator, afas };
}

const ids = (rows: readonly Record<string, unknown>[]) => rows.map((row) => row['Id']);

describe('keyset paging', () => {
  it.each([
    ['a unique number', ['Id'] as const],
    ['a unique code, descending', ['-Code'] as const],
    ['two keys together unique (descending amount, then id)', ['-Amount', 'Id'] as const],
  ])('on %s yields the same rows in the same order as skip paging', async (_name, orderBy) => {
    const { afas } = setup();
    const options = { orderBy: [...orderBy] as [string, ...string[]], pageSize: 150 };
    const bySkip = await afas.rows('Big', options).toArray({ limit: N });
    const byKeyset = await afas.rows('Big', { ...options, paging: 'keyset' }).toArray({ limit: N });
    expect(bySkip).toHaveLength(N);
    expect(ids(byKeyset)).toEqual(ids(bySkip));
  });

  it("keeps the caller's filter, AND and OR, in every page", async () => {
    const { afas } = setup();
    const where = {
      or: [
        [
          { field: 'Group', op: 'eq', value: 'a' },
          { field: 'Amount', op: 'gt', value: 0 },
        ],
        { field: 'Code', op: 'startsWith', value: 'C-019' },
      ],
    } as const;
    const expected = ROWS.filter(
      (row) => (row['Group'] === 'a' && Number(row['Amount']) > 0) || String(row['Code']).startsWith('C-019'),
    )
      .map((row) => row['Id'] as number)
      .sort((a, b) => a - b);
    const rows = await afas
      .rows('Big', { where, orderBy: ['Id'], pageSize: 40, paging: 'keyset' })
      .toArray({ limit: N });
    expect(expected.length).toBeGreaterThan(200);
    expect(ids(rows)).toEqual(expected);
  });

  it('pages from a date key read from the rows (its Z left out of the filter, as AFAS wants)', async () => {
    const { afas } = setup();
    const rows = await afas
      .rows('Big', { orderBy: ['Booked', 'Id'], pageSize: 300, paging: 'keyset' })
      .toArray({ limit: N });
    const bySkip = await afas.rows('Big', { orderBy: ['Booked', 'Id'], pageSize: 300 }).toArray({ limit: N });
    expect(ids(rows)).toEqual(ids(bySkip));
  });

  it('asks with skip 0 and the last key, so a deep page reads no more rows than the first', async () => {
    const { afas, simulator } = setup();
    // One past N: the empty page after the last full one shows the end.
    await afas.rows('Big', { orderBy: ['Id'], pageSize: 100, paging: 'keyset' }).toArray({ limit: N + 1 });
    const keyset = simulator.requests.filter((request) => request.connector === 'Big');
    expect(keyset).toHaveLength(N / 100 + 1);
    const last = new URL(keyset.at(-2)!.path, 'http://x/').searchParams;
    expect(last.get('skip')).toBe('0');
    expect([last.get('filterfieldids'), last.get('operatortypes'), last.get('filtervalues')]).toEqual([
      'Id',
      '4',
      String(N - 101),
    ]);
    expect(keyset.at(-2)!.rowsRead).toBeLessThanOrEqual(keyset[0]!.rowsRead! + 1);

    simulator.reset();
    await afas.rows('Big', { orderBy: ['Id'], pageSize: 100, parallel: 1 }).toArray({ limit: N + 1 });
    const skip = simulator.requests.filter((request) => request.connector === 'Big');
    // Skip paging: AFAS reads every skipped row, so the last full page reads all of them.
    expect(skip.at(-2)!.rowsRead).toBeGreaterThanOrEqual(N);
  });

  it('refuses parallel pages, and a key that is empty in a row, with what to do', async () => {
    const { afas } = setup();
    expect(() => afas.rows('Big', { orderBy: ['Id'], paging: 'keyset', parallel: 4 })).toThrow(
      /Keyset paging cannot fetch 4 pages at once/,
    );
    const error = await afas
      .rows('Big', { orderBy: ['Group', 'Id'], pageSize: 7, paging: 'keyset' })
      .toArray({ limit: N })
      .then(
        () => expect.unreachable('paging should stop'),
        (e: unknown) => e as AfasConfigError,
      );
    expect(error).toBeInstanceOf(AfasConfigError);
    expect(error.message).toMatch(/Keyset paging needs Group in every row, but row 6 has none/);
    expect(error.hint).toMatch(/never empty/);
  });

  it('refuses to continue after a time of day: AFAS keeps fractions of a second it does not show', async () => {
    const { afas } = setup();
    const error = await afas
      .rows('Big', { orderBy: ['Modified', 'Id'], pageSize: 50, paging: 'keyset' })
      .toArray({ limit: N })
      .then(
        () => expect.unreachable('paging should stop'),
        (e: unknown) => e as AfasConfigError,
      );
    expect(error).toBeInstanceOf(AfasConfigError);
    expect(error.message).toMatch(/cannot continue after Modified 2026-03-01T12:\d\d:00Z: AFAS keeps times/);
    expect(error.hint).toMatch(/unique number/);
  });
});
