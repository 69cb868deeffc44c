import { afterEach, expect, it, vi } from 'vitest';
import { remembered } from '../../src/internal/remembered.js';

afterEach(() => {
  vi.useRealTimers();
});

it('shares one load between callers until it expires, then loads again', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  let loads = 0;
  const read = remembered(async () => ++loads, 60_000);
  expect(await Promise.all([read(), read()])).toEqual([1, 1]);
  vi.setSystemTime(Date.now() + 60_001);
  expect(await read()).toBe(2);
});

it('forgets a load that failed, so the next call tries again; without a time, keeps a success for good', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  let loads = 0;
  const read = remembered(async () => {
    loads++;
    if (loads === 1) throw new Error('not yet');
    return loads;
  });
  await expect(read()).rejects.toThrow('not yet');
  expect(await read()).toBe(2);
  vi.setSystemTime(Date.now() + 365 * 24 * 3600_000);
  expect(await read()).toBe(2);
});
