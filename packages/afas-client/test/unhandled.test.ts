/**
 * msw refuses a request no handler answers (`onUnhandledFrame: 'error'`), so no test reaches a real
 * server. A real server listens on a loopback port and answers 200 with rows: only msw's refusal can
 * explain a failure (an offline DNS lookup would fail with a network error too).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AfasNetworkError } from 'afas-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClient } from './support/fixtures.js';
import { server as msw } from './support/msw.js';

let hits = 0;
const real = createServer((_request, response) => {
  hits++;
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ skip: 0, take: 100, rows: [{ Account: '4000' }] }));
});
let baseUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(real.address() as AddressInfo).port}/ProfitRestServices`;
});
afterAll(async () => {
  await new Promise((resolve) => real.close(resolve));
});

/** Every message in an error's cause chain. */
const causes = (error: unknown): string[] =>
  error instanceof Error ? [error.message, ...causes(error.cause)] : [];

it('a request no handler answers is refused by msw and never reaches the server', async () => {
  hits = 0;
  const error = await testClient({ retry: false, baseUrl })
    .get('Profit_Unmocked')
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AfasNetworkError);
  expect(causes(error).join('\n')).toContain(
    '[MSW] Cannot bypass a request when using the "error" strategy for the "onUnhandledFrame" option.',
  );
  expect(hits).toBe(0);
});

// Last: it stops msw, then starts it again for the shared afterAll.
it('the real server answers when msw is not listening', async () => {
  msw.close();
  try {
    hits = 0;
    const { rows } = await testClient({ retry: false, baseUrl }).get('Profit_Unmocked');
    expect(rows).toEqual([{ Account: '4000' }]);
    expect(hits).toBe(1);
  } finally {
    msw.listen({ onUnhandledFrame: 'error' }); // so that the shared afterAll can close it
  }
});
