/** Shared set-up of the adapter's reliability suite. */
import { createAfasSimulator } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SECRET_OAUTH, SECRET_TOKEN_XML, secretSeed } from '../../../afas-client/test/reliability/support.js';
import { demoReports, demoSettings } from '../../src/demo/samples.js';
import { DeclareeExporter, type ExporterOptions } from '../../src/index.js';

// The recognisable credentials and the "is a secret shown?" helpers are the SDK suite's own.
export {
  everythingShown,
  SECRET_OAUTH,
  SECRET_TOKEN_BASE64,
  SECRET_TOKEN_DATA,
  SECRET_TOKEN_XML,
  secretSeed,
  secretsIn,
} from '../../../afas-client/test/reliability/support.js';

/** The simulator behind msw for a whole file, reset after each test. */
export function useSimulator() {
  const simulator = createAfasSimulator({ seed: secretSeed });
  const server = setupServer(...simulator.handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => simulator.reset());
  afterAll(() => server.close());
  return simulator;
}

export const NOW = new Date('2026-03-20T09:00:00Z');
/** Fast retries and a short per-attempt timeout, so that faults resolve quickly. */
export const FAST_CLIENT = {
  retry: { retries: 2, minDelay: 1, maxDelay: 5, maxRetryAfter: 1 },
  timeout: 150,
} as const;

/** An exporter on the simulator with the recognisable token (or `oauth: true` for the OAuth client). */
export function exporterFor(
  baseUrl: string,
  options: Partial<ExporterOptions> & { oauth?: boolean } = {},
): DeclareeExporter {
  const { oauth, ...rest } = options;
  const base = demoSettings({ baseUrl, token: SECRET_TOKEN_XML });
  const settings = oauth ? { ...base, token: undefined, oauth: SECRET_OAUTH } : base;
  return new DeclareeExporter({ settings, now: () => NOW, clientOptions: FAST_CLIENT, ...rest });
}

/** The demo report that books cleanly (three expenses, two with a project). */
export const cleanReport = () => demoReports()[0]!;
