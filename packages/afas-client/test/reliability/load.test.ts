/**
 * Load: 10,000 GetConnector calls through one client, 8 in flight, against the simulator's loopback
 * server. All succeed; afterwards no socket or timer is left open; the heap does not grow with the
 * number of calls.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { AfasClient } from '../../src/index.js';
import { DEMO_TOKEN_DATA, startAfasSimulator } from '../../src/testing/index.js';
import { leftOpen, liveResources, settle } from './support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const CALLS = 10_000;
const IN_FLIGHT = 8;

it(`${CALLS} GetConnector calls, ${IN_FLIGHT} in flight: all succeed, nothing left open, heap stable`, async () => {
  const before = liveResources();
  const running = await startAfasSimulator();
  const afas = new AfasClient({ baseUrl: running.url, token: DEMO_TOKEN_DATA, timeout: 10_000 });
  const CONNECTORS = ['Profit_Administrations', 'Profit_Journals', 'Profit_VAT_code', 'Profit_Creditor'];
  let started = 0;
  let succeeded = 0;
  let rows = 0;
  const heap: number[] = [];
  const worker = async () => {
    while (started < CALLS) {
      const call = started++;
      const page = await afas.get(CONNECTORS[call % CONNECTORS.length]!, { take: 10 });
      rows += page.rows.length;
      succeeded++;
      // Clear the simulator's request log now and then: it is the simulator's memory, not the client's.
      if (call % 1_000 === 999) {
        running.simulator.reset();
        heap.push(heapMb());
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  expect(succeeded).toBe(CALLS);
  expect(rows).toBeGreaterThan(CALLS);

  // After the first thousand calls (warm-up), the heap stays within a few MB.
  const [first, ...rest] = heap.slice(1);
  expect(
    Math.max(...rest) - first!,
    `heap after each 1,000 calls (MB): ${heap.map(Math.round)}`,
  ).toBeLessThan(8);

  await running.close();
  expect(await settle(() => leftOpen(before))).toEqual({});
}, 60_000);
