/** One budget of calls in flight per client, shared by all its calls. */
import { AfasClient, AfasConfigError } from 'afas-client';
import { DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { describe, expect, it } from 'vitest';
import { InFlightBudget } from '../src/in-flight.js';

/** A promise and the function that settles it. */
function gate() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('InFlightBudget', () => {
  it('lets at most `limit` tasks run and serves the waiters in order', async () => {
    const budget = new InFlightBudget(2);
    const started: number[] = [];
    const gates = Array.from({ length: 4 }, gate);
    const runs = gates.map((g, i) =>
      budget.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(budget.waiting).toBe(2);
    gates[1]?.resolve();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(budget.active).toBe(0);
  });

  it('a failing task frees its slot, and an aborted wait takes none', async () => {
    const budget = new InFlightBudget(1);
    await expect(budget.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const held = gate();
    const holder = budget.run(() => held.promise);
    const stop = new AbortController();
    const waiting = budget.run(async () => 'never', stop.signal);
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(budget.waiting).toBe(0);
    held.resolve();
    await holder;
    expect(await budget.run(async () => 'free')).toBe('free');
    expect(budget.active).toBe(0);
  });
});

describe('AfasClient maxInFlight', () => {
  /** A fetch that counts how many requests are open at the same time. */
  function countingFetch() {
    const counter = { open: 0, peak: 0 };
    const fetchImpl: typeof fetch = async (input, init) => {
      counter.open++;
      counter.peak = Math.max(counter.peak, counter.open);
      try {
        return await fetch(input, init);
      } finally {
        counter.open--;
      }
    };
    return { counter, fetchImpl };
  }

  it('all calls of one client share the budget: pages, reads and writes never exceed it', async () => {
    const running = await startAfasSimulator({ latencyMs: 20 });
    running.simulator.addGetConnector(
      'Custom_Items',
      Array.from({ length: 12 }, (_, i) => ({ Id: i + 1 })),
    );
    try {
      const { counter, fetchImpl } = countingFetch();
      const client = new AfasClient({
        baseUrl: running.url,
        token: DEMO_TOKEN_DATA,
        maxInFlight: 3,
        fetch: fetchImpl,
      });
      expect(client.maxInFlight).toBe(3);
      const pages = client.rows('Custom_Items', { orderBy: ['Id'], pageSize: 1, parallel: 'budget' });
      const [rows] = await Promise.all([
        pages.toArray({ limit: 1000 }),
        ...Array.from({ length: 6 }, () => client.get('Custom_Items', { take: 1 })),
        client.metainfo(),
      ]);
      expect(rows).toHaveLength(12);
      expect(counter.peak).toBe(3);
    } finally {
      await running.close();
    }
  });

  it('rows() with no options beyond the order fills the default budget of 4 against the simulator', async () => {
    const running = await startAfasSimulator({ latencyMs: 20 });
    running.simulator.addGetConnector(
      'Custom_Items',
      Array.from({ length: 40 }, (_, i) => ({ Id: i + 1 })),
    );
    try {
      const { counter, fetchImpl } = countingFetch();
      const client = new AfasClient({ baseUrl: running.url, token: DEMO_TOKEN_DATA, fetch: fetchImpl });
      const rows = await client
        .rows('Custom_Items', { orderBy: ['Id'], pageSize: 2 })
        .toArray({ limit: 100 });
      expect(rows.map((row) => row['Id'])).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(counter.peak).toBe(4); // pages ahead up to the client's budget, never past it
    } finally {
      await running.close();
    }
  });

  it('defaults to 4 and refuses a budget AFAS would not allow', () => {
    const client = new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA });
    expect(client.maxInFlight).toBe(4);
    for (const bad of [0, 9, 2.5]) {
      expect(
        () => new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA, maxInFlight: bad }),
      ).toThrow(AfasConfigError);
    }
  });
});
