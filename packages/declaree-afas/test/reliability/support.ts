/** Shared set-up of the adapter's reliability suite. */
import { inspect } from 'node:util';
import { createAfasSimulator, demoSeed, type SimulatorSeed } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { demoReports, demoSettings } from '../../src/demo/samples.js';
import { DeclareeExporter, type ExporterOptions } from '../../src/index.js';

/** A recognisable token and OAuth secret: the suite asserts they never show up. */
export const SECRET_TOKEN_DATA = 'C0FFEE15BAD5EC2E7'.padEnd(64, 'B');
export const SECRET_TOKEN_XML = `<token><version>1</version><data>${SECRET_TOKEN_DATA}</data></token>`;
export const SECRET_TOKEN_BASE64 = Buffer.from(SECRET_TOKEN_XML).toString('base64');
export const SECRET_OAUTH = {
  clientId: 'reliability-client',
  clientSecret: 'S3cr3t-0auth-Do-Not-Leak-42',
} as const;

/** The demo environment, also accepting the recognisable token and OAuth client. */
export const secretSeed: SimulatorSeed = {
  ...demoSeed,
  appConnectors: demoSeed.appConnectors.map((appConnector, i) =>
    i === 0
      ? {
          ...appConnector,
          tokens: [...(appConnector.tokens ?? []), SECRET_TOKEN_DATA],
          oauthClients: [...(appConnector.oauthClients ?? []), SECRET_OAUTH],
        }
      : appConnector,
  ),
};

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

/** The demo report that books cleanly (three expenses, two with a cost centre). */
export const cleanReport = () => demoReports()[0]!;

/** Everything a value can show: String, JSON, inspect with hidden properties and full depth. */
export function everythingShown(value: unknown): string {
  const shown: string[] = [];
  const safe = (show: () => string | undefined) => {
    try {
      shown.push(show() ?? '');
    } catch (error) {
      shown.push(`[cannot show: ${String(error)}]`);
    }
  };
  safe(() => String(value));
  safe(() => JSON.stringify(value));
  shown.push(inspect(value, { depth: Infinity, showHidden: true, getters: true }));
  for (
    let cause = (value as { cause?: unknown })?.cause, depth = 0;
    cause !== undefined && depth < 10;
    depth++
  ) {
    shown.push(inspect(cause, { depth: Infinity, showHidden: true }));
    cause = (cause as { cause?: unknown })?.cause;
  }
  return shown.join('\n');
}

/** Names of the secret forms found in `text`. */
export function secretsIn(text: string): string[] {
  const secrets: Record<string, string> = {
    'token data': SECRET_TOKEN_DATA,
    'token data (lower case)': SECRET_TOKEN_DATA.toLowerCase(),
    'token base64': SECRET_TOKEN_BASE64,
    'client secret': SECRET_OAUTH.clientSecret,
    'client secret (URL-encoded)': encodeURIComponent(SECRET_OAUTH.clientSecret),
  };
  return Object.entries(secrets)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}
