/**
 * Deadlines: an answer that never comes is abandoned at the configured time with a typed error, and
 * no timer or socket is left to keep the process alive — not after the error, not after a success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfasClient, AfasTimeoutError } from '../../src/index.js';
import {
  DEMO_OAUTH_CLIENT,
  DEMO_TOKEN_DATA,
  type RunningAfasSimulator,
  startAfasSimulator,
} from '../../src/testing/index.js';
import { leftOpen, liveResources, settle } from './support.js';

let running: RunningAfasSimulator;
beforeAll(async () => {
  running = await startAfasSimulator();
});
afterAll(() => running.close());

const client = (options: { timeout?: number; deadline?: number }) =>
  new AfasClient({
    baseUrl: running.url,
    token: DEMO_TOKEN_DATA,
    retry: { retries: 2, minDelay: 1, maxDelay: 5, maxRetryAfter: 1 },
    ...options,
  });

async function timed<T>(call: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

/** Timers only: a hanging socket is the simulator's to cut; the client must not keep a timer. */
const timers = (before: Record<string, number>) => {
  const open = leftOpen(before);
  return open['Timeout'] ? { Timeout: open['Timeout'] } : {};
};

describe('a response that never comes', () => {
  it.each([
    ['GET', 'hang'],
    ['POST', 'hang'],
    ['POST', 'hang-after-write'],
  ] as const)('%s with %s: abandoned at the deadline, typed, no timer left', async (method, fault) => {
    running.simulator.inject({ fault, times: Infinity });
    const before = liveResources();
    const afas = client({ timeout: 60_000, deadline: 150 });
    const { error, ms } = await timed<unknown>(() =>
      method === 'GET'
        ? afas.get('Profit_Accounts')
        : afas.insert('KnSubject', { Fields: { StId: 31, Ds: 'x' } }),
    );
    running.simulator.clearFaults();
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 150, request: { method } });
    expect((error as Error).message).toMatch(/overall deadline/);
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1_000);
    expect(await settle(() => timers(before))).toEqual({});
  });

  it('per-attempt time-outs: a GET is retried, then fails typed; no timer left', async () => {
    running.simulator.inject({ connector: 'Profit_Journals', fault: 'hang', times: Infinity });
    const before = liveResources();
    const { error, ms } = await timed(() => client({ timeout: 60, deadline: 10_000 }).get('Profit_Journals'));
    running.simulator.clearFaults();
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 60 });
    expect((error as Error).message).toMatch(/per-attempt timeout/);
    expect(running.simulator.requests.filter((r) => r.connector === 'Profit_Journals')).toHaveLength(3);
    expect(ms).toBeLessThan(2_000);
    expect(await settle(() => timers(before))).toEqual({});
  });

  it('a write that times out is not sent again (AFAS may have booked it)', async () => {
    running.simulator.reset();
    running.simulator.inject({ connector: 'KnSubject', fault: 'hang-after-write' });
    const { error } = await timed(() =>
      client({ timeout: 60, deadline: 10_000 }).insert('KnSubject', {
        Fields: { StId: 31, Ds: 'Reliability' },
      }),
    );
    expect(error).toBeInstanceOf(AfasTimeoutError);
    expect(running.simulator.requests.filter((r) => r.connector === 'KnSubject')).toHaveLength(1);
    expect(running.simulator.subjects).toHaveLength(1);
  });

  it('a per-call deadline overrides the client’s', async () => {
    running.simulator.inject({ connector: 'metainfo', fault: 'hang' });
    const { error, ms } = await timed(() => client({ deadline: 60_000 }).metainfo({ deadline: 80 }));
    expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 80 });
    expect(ms).toBeLessThan(1_000);
  });

  it('an OAuth token endpoint that never answers is abandoned at the deadline', async () => {
    running.simulator.inject({ connector: 'oauth/token', fault: 'hang', times: Infinity });
    const before = liveResources();
    const afas = new AfasClient({
      baseUrl: running.url,
      oauth: DEMO_OAUTH_CLIENT,
      timeout: 60_000,
      deadline: 120,
    });
    const { error, ms } = await timed(() => afas.profitVersion());
    running.simulator.clearFaults();
    expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 120 });
    expect(ms).toBeLessThan(1_000);
    expect(await settle(() => timers(before))).toEqual({});
  });

  // BUG (reported): the token request gets the call's deadline signal but not the per-attempt
  // `timeout`, so with the defaults (timeout 60 s, deadline 300 s) a hanging token endpoint holds
  // every call for five minutes. Make this a plain `it` once the token request honours `timeout`.
  it('… and at the per-attempt timeout, like every other request', async () => {
    running.simulator.inject({ connector: 'oauth/token', fault: 'hang', times: Infinity });
    const afas = new AfasClient({
      baseUrl: running.url,
      oauth: DEMO_OAUTH_CLIENT,
      timeout: 50,
      deadline: 1_500,
      retry: false, // a token request that timed out is retried like a GET; here one attempt shows the bound
    });
    const { error, ms } = await timed(() => afas.profitVersion());
    running.simulator.clearFaults();
    expect(error).toMatchObject({ kind: 'timeout', request: { connector: 'oauth/token' } });
    expect((error as Error).message).toMatch(/per-attempt timeout/);
    expect(ms).toBeLessThan(1_000);
  });

  it('successful calls leave no deadline timer behind', async () => {
    const before = liveResources();
    const afas = client({ deadline: 300_000 });
    await Promise.all(Array.from({ length: 20 }, () => afas.profitVersion()));
    expect(await settle(() => timers(before))).toEqual({});
  });

  it('after close(), not even a socket is left', async () => {
    const before = liveResources();
    const own = await startAfasSimulator();
    own.simulator.inject({ fault: 'hang' });
    const afas = new AfasClient({ baseUrl: own.url, token: DEMO_TOKEN_DATA, deadline: 50 });
    await expect(afas.get('Profit_Accounts')).rejects.toBeInstanceOf(AfasTimeoutError);
    await afas.profitVersion();
    await own.close();
    expect(await settle(() => leftOpen(before))).toEqual({});
  });
});
