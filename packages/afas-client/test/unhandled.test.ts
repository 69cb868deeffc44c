import { AfasNetworkError } from 'afas-client';
import { expect, it } from 'vitest';
import { testClient } from './support/fixtures.js';
import './support/msw.js';

it('a request no handler answers fails instead of reaching the network', async () => {
  await expect(testClient({ retry: false }).get('Profit_Unmocked')).rejects.toBeInstanceOf(AfasNetworkError);
});
