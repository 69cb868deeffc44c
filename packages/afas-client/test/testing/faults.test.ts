import { describe, expect, it } from 'vitest';
import { entryBody, profitError, useSimulator } from './support.js';

const { simulator, call } = useSimulator({ maxBodyBytes: 64 * 1024 });

const postEntry = (signal?: AbortSignal) =>
  call('/connectors/FiEntries', { method: 'POST', json: entryBody(), ...(signal ? { signal } : {}) });

describe('faults on demand', () => {
  it('maintenance: 503 with retry_after and a Retry-After header', async () => {
    simulator.inject({ fault: 'maintenance', retryAfter: 120 });
    const response = await call('/connectors/Profit_Accounts');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(await response.json()).toEqual({
      error: {
        code: '503',
        message:
          'Service temporarily unavailable due to scheduled maintenance. Please check afasstatus.nl for details.',
      },
      retry_after: 120,
    });
  });

  it.each([
    ['nl-nl', 'General message: De boekingslay-out is op dit moment geblokkeerd door een andere gebruiker.'],
    ['en-us', 'General message: The booking layout is currently blocked by another user.'],
  ])('locked (%s): 500, and the entry is not booked', async (language, message) => {
    simulator.inject({ connector: 'FiEntries', fault: 'locked' });
    const response = await call('/connectors/FiEntries', { method: 'POST', json: entryBody(), language });
    expect((await profitError(response)).externalMessage).toBe(message);
    expect(simulator.entries).toEqual([]);
  });

  it('timeout: AFAS’s 15-minute message', async () => {
    simulator.inject({ fault: 'timeout' });
    expect((await profitError(await call('/connectors/Profit_Accounts'))).externalMessage).toBe(
      'De maximale tijdsduur voor het uitvoeren van de opdracht is verstreken.',
    );
  });

  it('html: a proxy error page', async () => {
    simulator.inject({ fault: 'html' });
    const response = await call('/profitversion');
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('unauthorized: 401 with an empty body', async () => {
    simulator.inject({ fault: 'unauthorized' });
    const response = await call('/profitversion');
    expect([response.status, await response.text()]).toEqual([401, '']);
  });

  it('fails only the nth call of a connector, `times` times', async () => {
    const fault = simulator.inject({
      connector: 'profit_accounts',
      method: 'GET',
      nth: 2,
      times: 2,
      fault: 'maintenance',
    });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call('/connectors/Profit_Accounts')).status);
    expect(statuses).toEqual([200, 503, 503, 200, 200]);
    expect((await call('/connectors/Profit_Journals')).status).toBe(200);
    expect(fault.fired).toBe(2);
  });

  it('remove() stops a fault', async () => {
    const fault = simulator.inject({ fault: 'maintenance', times: Number.POSITIVE_INFINITY });
    fault.remove();
    expect((await call('/profitversion')).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    simulator.inject({ fault: 'latency', latencyMs: 60 });
    const started = performance.now();
    expect((await call('/profitversion')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('drop: the connection fails and nothing is written', async () => {
    simulator.inject({ connector: 'FiEntries', fault: 'drop' });
    await expect(postEntry()).rejects.toThrow();
    expect(simulator.entries).toEqual([]);
    expect(simulator.requests.at(-1)).toMatchObject({
      connector: 'FiEntries',
      status: undefined,
      fault: 'drop',
    });
  });

  it('hang: no answer until the client gives up, nothing written', async () => {
    simulator.inject({ connector: 'FiEntries', fault: 'hang' });
    await expect(postEntry(AbortSignal.timeout(50))).rejects.toThrow();
    expect(simulator.entries).toEqual([]);
  });

  it('drop-after-write: booked, but the answer is lost; a retry meets the duplicate-invoice rule', async () => {
    simulator.inject({ connector: 'FiEntries', fault: 'drop-after-write' });
    await expect(postEntry()).rejects.toThrow();
    expect(simulator.entries).toHaveLength(1);
    expect((await profitError(await postEntry())).externalMessage).toContain('wordt al gebruikt');
  });

  it('hang-after-write: booked, the answer never comes', async () => {
    simulator.inject({ connector: 'FiEntries', fault: 'hang-after-write' });
    await expect(postEntry(AbortSignal.timeout(50))).rejects.toThrow();
    expect(simulator.entries).toHaveLength(1);
  });
});

describe('limits', () => {
  it('answers a body over the limit with 413 and writes nothing', async () => {
    const response = await call('/connectors/KnSubject', {
      method: 'POST',
      body: JSON.stringify({ KnSubject: { Element: { Fields: { Ds: 'x'.repeat(70 * 1024) } } } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(simulator.subjects).toEqual([]);
  });

  it('answers an unknown path with an empty 404', async () => {
    const response = await call('/nothing/here');
    expect([response.status, await response.text()]).toEqual([404, '']);
  });
});
