/** Shared set-up of the reliability suite: recognisable secrets, a seed that knows them, leak checks. */
import { inspect } from 'node:util';
import { demoSeed, type SimulatorSeed } from '../../src/testing/index.js';

/** A recognisable token: the suite asserts it never shows up. */
export const SECRET_TOKEN_DATA = 'C0FFEE15BAD5EC2E7'.padEnd(64, 'A');
export const SECRET_TOKEN_XML = `<token><version>1</version><data>${SECRET_TOKEN_DATA}</data></token>`;
export const SECRET_TOKEN_BASE64 = Buffer.from(SECRET_TOKEN_XML).toString('base64');
export const SECRET_OAUTH = {
  clientId: 'reliability-client',
  clientSecret: 'S3cr3t-0auth-Do-Not-Leak-42',
} as const;

/** The demo environment, with an App Connector that accepts the recognisable token and OAuth client. */
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

/** Everything a value can show: String, JSON, inspect (hidden properties, whole depth), and its causes. */
export function everythingShown(value: unknown): string {
  const shown = [
    safe(() => String(value)),
    safe(() => JSON.stringify(value)),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
  ];
  for (
    let cause = (value as { cause?: unknown })?.cause, depth = 0;
    cause !== undefined && depth < 10;
    depth++
  ) {
    shown.push(
      safe(() => String(cause)),
      safe(() => JSON.stringify(cause)),
    );
    shown.push(inspect(cause, { depth: Infinity, showHidden: true }));
    cause = (cause as { cause?: unknown })?.cause;
  }
  return shown.join('\n');
}

function safe(show: () => string | undefined): string {
  try {
    return show() ?? '';
  } catch (error) {
    return `[cannot show: ${String(error)}]`;
  }
}

/** The secret forms that must never appear, with a name for failure messages. */
export function secretsIn(text: string, extra: Record<string, string> = {}): string[] {
  const secrets: Record<string, string> = {
    'token data': SECRET_TOKEN_DATA,
    'token data (lower case)': SECRET_TOKEN_DATA.toLowerCase(),
    'token base64': SECRET_TOKEN_BASE64,
    'client secret': SECRET_OAUTH.clientSecret,
    'client secret (URL-encoded)': encodeURIComponent(SECRET_OAUTH.clientSecret),
    ...extra,
  };
  return Object.entries(secrets)
    .filter(([, secret]) => secret !== '' && text.includes(secret))
    .map(([name]) => name);
}

/** Handle and timer kinds that keep the process alive. */
const LIVE = new Set(['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'Immediate', 'PipeWrap', 'TTYWrap']);

/** A count of live handles by kind (only the kinds that keep a process alive). */
export function liveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (LIVE.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Kinds with more live handles now than in `before`. */
export function leftOpen(before: Record<string, number>): Record<string, number> {
  const now = liveResources();
  return Object.fromEntries(
    Object.entries(now)
      .filter(([kind, count]) => count > (before[kind] ?? 0))
      .map(([kind, count]) => [kind, count - (before[kind] ?? 0)]),
  );
}

/** Waits until `check()` is empty or `ms` pass; returns the last result. */
export async function settle<T extends object>(check: () => T, ms = 1_000): Promise<T> {
  const until = Date.now() + ms;
  let result = check();
  while (Object.keys(result).length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    result = check();
  }
  return result;
}
