import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  afasTokenHeader,
  DEMO_TOKEN_DATA,
  type RunningAfasSimulator,
  startAfasSimulator,
} from '../../src/testing/index.js';
import { entryBody } from './support.js';

let running: RunningAfasSimulator;
const auth = { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) };

beforeAll(async () => {
  running = await startAfasSimulator({ port: 0 });
});
afterEach(() => running.simulator.reset());
afterAll(() => running.close());

describe('loopback server', () => {
  it('listens on a free port under /ProfitRestServices', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ProfitRestServices$/);
  });

  it('serves GetConnectors and books entries over real HTTP', async () => {
    const page = await fetch(`${running.url}/connectors/Profit_Administrations?orderbyfieldids=AdminId`, {
      headers: auth,
    });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { rows: unknown[] }).rows).toHaveLength(2);

    const posted = await fetch(`${running.url}/connectors/FiEntries`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(entryBody()),
    });
    expect(posted.status).toBe(201);
    expect(running.simulator.entries).toHaveLength(1);
  });

  it('keeps AFAS status codes and empty bodies', async () => {
    const response = await fetch(`${running.url}/profitversion`);
    expect([response.status, await response.text()]).toEqual([401, '']);
  });

  it('drops the connection on a drop fault', async () => {
    running.simulator.inject({ fault: 'drop' });
    await expect(fetch(`${running.url}/profitversion`, { headers: auth })).rejects.toThrow();
  });

  it('never answers on a hang fault', async () => {
    running.simulator.inject({ fault: 'hang' });
    await expect(
      fetch(`${running.url}/profitversion`, { headers: auth, signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
  });

  it('close() ends a hanging request', async () => {
    const other = await startAfasSimulator();
    other.simulator.inject({ fault: 'hang' });
    const pending = fetch(`${other.url}/profitversion`, { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});
