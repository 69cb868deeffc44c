import { AfasConfigError, type AfasError, AfasSchemaError } from 'afas-client';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASE, testClient } from './support/fixtures.js';
import { server } from './support/msw.js';

const URL_ = `${BASE}/connectors/Profit_Transactions`;

/** Serves `total` rows ordered by EntryNo and records every query it gets. */
function serveRows(total: number, latencyMs = 0) {
  const queries: URLSearchParams[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  server.use(
    http.get(URL_, async ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // A request the client aborts (a page past the end) is no longer in flight.
      let open = true;
      const end = () => {
        if (open) inFlight--;
        open = false;
      };
      request.signal.addEventListener('abort', end);
      if (latencyMs) await delay(latencyMs);
      end();
      const skip = Number(query.get('skip') ?? 0);
      const take = Number(query.get('take') ?? 100);
      const rows = Array.from({ length: Math.max(0, Math.min(take, total - skip)) }, (_, i) => ({
        EntryNo: skip + i + 1,
        Amount: 1.5,
      }));
      return HttpResponse.json({ skip, take, rows });
    }),
  );
  return { queries, maxInFlight: () => maxInFlight };
}

describe('get', () => {
  it('reads one page with skip 0 and take 100 by default', async () => {
    const { queries } = serveRows(250);
    const page = await testClient().get('Profit_Transactions');
    expect(page.rows).toHaveLength(100);
    expect(page).toMatchObject({ skip: 0, take: 100 });
    expect(queries[0]?.get('skip')).toBe('0');
    expect(queries[0]?.get('take')).toBe('100');
  });

  it('validates rows with a schema and names the row and field that do not match', async () => {
    serveRows(3);
    const schema = z.object({ EntryNo: z.number(), Amount: z.string() });
    const error = await testClient()
      .get('Profit_Transactions', { schema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasSchemaError);
    expect((error as AfasSchemaError).issues[0]?.path).toBe('rows[0].Amount');
    expect((error as AfasSchemaError).message).toMatch(/rows\[0\]\.Amount/);
  });

  it('a schema error and an HTTP error from the same call name the same request', async () => {
    serveRows(3);
    const call = () =>
      testClient()
        .get('Profit_Transactions', {
          schema: z.object({ Amount: z.string() }),
          where: { field: 'EntryNo', op: 'gt', value: 1 },
          take: 2,
        })
        .then(
          () => expect.unreachable('the call should fail'),
          (e: unknown) => e as AfasError,
        );
    const schemaError = await call();
    server.use(http.get(URL_, () => HttpResponse.json({ externalMessage: 'Nee' }, { status: 500 })));
    const httpError = await call();
    expect(schemaError).toBeInstanceOf(AfasSchemaError);
    expect(httpError.kind).toBe('profit');
    expect(schemaError.request).toEqual(httpError.request);
    expect(schemaError.request?.url).toContain('filterfieldids=EntryNo');
  });

  it('types and transforms rows through the schema', async () => {
    serveRows(2);
    const schema = z
      .object({ EntryNo: z.number(), Amount: z.number() })
      .transform((r) => ({ entry: r.EntryNo, cents: r.Amount * 100 }));
    const page = await testClient().get('Profit_Transactions', { schema });
    expect(page.rows).toEqual([
      { entry: 1, cents: 150 },
      { entry: 2, cents: 150 },
    ]);
  });

  it.each([
    ['skip -2', { skip: -2 }],
    ['take 0', { take: 0 }],
    ['take 1.5', { take: 1.5 }],
  ])('refuses %s before sending', async (_name, options) => {
    await expect(testClient().get('Profit_Transactions', options)).rejects.toBeInstanceOf(AfasConfigError);
  });

  it.each([['Profit Accounts'], ['../metainfo'], ['']])('refuses the connector id %j', async (id) => {
    await expect(testClient().get(id)).rejects.toBeInstanceOf(AfasConfigError);
  });
});

describe('rows (auto-paging)', () => {
  it('yields every row in order and, one page at a time, stops on the first short page', async () => {
    const { queries } = serveRows(1050);
    const entries: number[] = [];
    for await (const row of testClient().rows<{ EntryNo: number }>('Profit_Transactions', {
      orderBy: ['EntryNo'],
      pageSize: 500,
      parallel: 1,
    })) {
      entries.push(row.EntryNo);
    }
    expect(entries).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1));
    expect(queries.map((q) => q.get('skip'))).toEqual(['0', '500', '1000']);
    expect(queries.every((q) => q.get('orderbyfieldids') === 'EntryNo')).toBe(true);
  });

  it('requests one page past an exact multiple and then stops', async () => {
    const { queries } = serveRows(1000);
    const rows = await testClient()
      .rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 500, parallel: 1 })
      .toArray({ limit: 5000 });
    expect(rows).toHaveLength(1000);
    expect(queries.map((q) => q.get('skip'))).toEqual(['0', '500', '1000']);
  });

  it('with parallel 1, fetches the next page while the caller works on the current one', async () => {
    const { queries } = serveRows(300, 5);
    const seenWhenConsuming: number[] = [];
    for await (const page of testClient()
      .rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100, parallel: 1 })
      .pages()) {
      await delay(30);
      seenWhenConsuming.push(queries.length);
      expect(page).toHaveLength(100);
    }
    // While page 1 was being consumed, page 2 had already been requested.
    expect(seenWhenConsuming[0]).toBe(2);
  });

  it('fetches up to `parallel` pages at once and keeps the order', async () => {
    const probe = serveRows(2000, 10);
    const rows = await testClient()
      .rows<{ EntryNo: number }>('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100, parallel: 4 })
      .toArray({ limit: 10_000 });
    expect(rows.map((r) => r.EntryNo)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(probe.maxInFlight()).toBe(4);
  });

  it('by default keeps as many pages in flight as the client budget allows (maxInFlight, default 4)', async () => {
    for (const [options, expected] of [
      [{}, 4],
      [{ maxInFlight: 2 }, 2],
      [{ maxInFlight: 6 }, 6],
    ] as const) {
      const probe = serveRows(2000, 10);
      const rows = await testClient(options)
        .rows<{ EntryNo: number }>('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100 })
        .toArray({ limit: 10_000 });
      expect(rows.map((r) => r.EntryNo)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
      expect(probe.maxInFlight()).toBe(expected);
    }
  });

  it('asks for one page first: a connector that fits in one page costs one call', async () => {
    const { queries } = serveRows(40, 5);
    const rows = await testClient()
      .rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100 })
      .toArray({ limit: 1000 });
    expect(rows).toHaveLength(40);
    expect(queries.map((q) => q.get('skip'))).toEqual(['0']);
  });

  it('two rows() of one client share its budget: together never more than maxInFlight calls', async () => {
    const probe = serveRows(1000, 10);
    const client = testClient({ maxInFlight: 3 });
    const all = () =>
      client.rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100 }).toArray({ limit: 5000 });
    const [a, b] = await Promise.all([all(), all()]);
    expect(a).toHaveLength(1000);
    expect(b).toEqual(a);
    expect(probe.maxInFlight()).toBe(3);
  });

  it.each([
    // The two pages it needs, and one fetched ahead.
    [1, 3],
    // The first page, then the budget's four pages ahead.
    ['budget' as const, 5],
  ])('toArray stops paging at the limit (parallel %s: at most %i calls)', async (parallel, calls) => {
    const { queries } = serveRows(10_000);
    const rows = await testClient()
      .rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100, parallel })
      .toArray({ limit: 150 });
    expect(rows).toHaveLength(150);
    expect(queries.length).toBeLessThanOrEqual(calls);
  });

  it('toArray without a limit is refused', async () => {
    serveRows(1);
    const rows = testClient().rows('Profit_Transactions', { orderBy: ['EntryNo'] });
    // An untyped caller forgetting the limit.
    const untypedToArray = rows.toArray as (options?: object) => Promise<unknown>;
    await expect(untypedToArray({})).rejects.toBeInstanceOf(AfasConfigError);
    await expect(untypedToArray()).rejects.toBeInstanceOf(AfasConfigError); // not a TypeError
  });

  it.each([
    ['no orderBy', {}],
    ['an empty orderBy', { orderBy: [] }],
    ['parallel 9', { orderBy: ['EntryNo'], parallel: 9 }],
    ['pageSize 0', { orderBy: ['EntryNo'], pageSize: 0 }],
  ])('refuses %s', (_name, options) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from untyped callers
    expect(() => testClient().rows('Profit_Transactions', options as any)).toThrow(AfasConfigError);
  });

  it('a failing page surfaces in order, and leaves no request running', async () => {
    server.use(
      http.get(URL_, ({ request }) => {
        const skip = Number(new URL(request.url).searchParams.get('skip'));
        if (skip === 100) return HttpResponse.json({ externalMessage: 'Out of memory' }, { status: 500 });
        return HttpResponse.json({ rows: Array.from({ length: 100 }, (_, i) => ({ EntryNo: skip + i })) });
      }),
    );
    const seen: number[] = [];
    const iterate = async () => {
      for await (const page of testClient()
        .rows('Profit_Transactions', { orderBy: ['EntryNo'], pageSize: 100, parallel: 3 })
        .pages()) {
        seen.push(page.length);
      }
    };
    await expect(iterate()).rejects.toThrow(/Out of memory/);
    expect(seen).toEqual([100]);
  });
});
