/** Shared set-up of the reliability suite: recognisable secrets, a seed that knows them, leak checks. */
import { inspect } from 'node:util';
import { demoSeed, type EchoAnswer, type SimulatorSeed } from '../../src/testing/index.js';

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

/**
 * The ways a server writes a secret it echoes back into a body, each as a function of the secret:
 * as is, JSON string escapes (standard, .NET System.Text.Json, every character as `\uXXXX`, `\/`,
 * a JSON string inside a JSON string), URL encoding (`encodeURIComponent`) and form encoding as
 * `URLSearchParams` writes it (space as `+`, `!()~` as `%21%28%29%7E`), and HTML character references.
 */
export const ENCODINGS: Readonly<Record<string, (secret: string) => string>> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s).slice(1, -1),
  // System.Text.Json's default encoder: `+ < > & ' " \` and all non-ASCII as \uXXXX, upper-case hex.
  dotnet: (s) =>
    s.replace(
      /[^\x20-\x7E]|[+<>&'"`\\]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    ),
  'all \\u': (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'json with \\/': (s) => JSON.stringify(s).slice(1, -1).replaceAll('/', '\\/'),
  'json in json': (s) => JSON.stringify(JSON.stringify(s)).slice(2, -2),
  uri: (s) => encodeURIComponent(s),
  form: (s) => new URLSearchParams({ v: s }).toString().slice(2),
  html: (s) => s.replace(/[^A-Za-z0-9]/gu, (c) => `&#${c.codePointAt(0)};`),
  // What encoders that work on UTF-16 units write for characters beyond the BMP (emoji).
  'html of UTF-16 units': (s) => s.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
};

/**
 * Every form of `secret` a reader could recognise it in: each encoding of it, in both cases when
 * it is hexadecimal (AFAS token data), forms shorter than 8 characters left out.
 */
export function formsOf(secret: string): string[] {
  const cases = /^[0-9a-f]+$/i.test(secret) ? [secret, secret.toLowerCase(), secret.toUpperCase()] : [secret];
  const forms = new Set<string>();
  for (const variant of cases) for (const encode of Object.values(ENCODINGS)) forms.add(encode(variant));
  return [...forms].filter((form) => form.length >= 8);
}

/** JSON `\uXXXX` / `\/` escapes and `%XX` sequences decoded, repeatedly: what a reader would decode. */
export function decoded(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const next = current
      .replace(/\\+u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(/\\+\//g, '/')
      .replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
        try {
          return decodeURIComponent(m);
        } catch {
          return m;
        }
      });
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The names of the `secrets` any form of which shows in `text` (also after decoding it). */
export function formsShown(text: string, secrets: Readonly<Record<string, string>>): string[] {
  const plain = decoded(text);
  return Object.entries(secrets)
    .filter(([, secret]) => formsOf(secret).some((form) => text.includes(form) || plain.includes(form)))
    .map(([name]) => name);
}

/** The bodies an echoed secret can come back in, each with its status and content type. */
export const ECHO_BODIES: Readonly<
  Record<string, (echoed: string) => Omit<EchoAnswer, 'body'> & { text: string }>
> = {
  'AFAS 500 JSON': (e) => ({
    status: 500,
    text: `{"externalMessage":"Ongeldige aanvraag: ${e}","errorNumber":-1,"profitLogReference":"${'AB'.repeat(16)}"}`,
  }),
  '401 JSON message': (e) => ({ status: 401, text: `{"message":"denied for ${e}"}` }),
  '403 JSON': (e) => ({ status: 403, text: `{"externalMessage":"IP refused, you sent ${e}"}` }),
  '404 JSON': (e) => ({ status: 404, text: `{"error":{"message":"no route for ${e}"}}` }),
  '503 JSON': (e) => ({
    status: 503,
    text: `{"error":{"code":"503","message":"down ${e}"},"retry_after":99999}`,
  }),
  '418 JSON': (e) => ({ status: 418, text: `{"message":"${e}"}` }),
  '502 HTML': (e) => ({
    status: 502,
    contentType: 'text/html',
    text: `<!DOCTYPE html><html><body><pre>Authorization: ${e}</pre></body></html>`,
  }),
  '500 plain text': (e) => ({ status: 500, contentType: 'text/plain', text: `bad request: ${e}` }),
  '200 not JSON': (e) => ({ status: 200, contentType: 'text/plain', text: `<<${e}` }),
  '500 JSON, long': (e) => ({
    status: 500,
    text: `{"message":"${'x'.repeat(150)} ${e} ${'y'.repeat(300)}"}`,
  }),
};

/** The simulator's `echo` answer: `body` with the credential `pick` chooses, written in `encode`. */
export function echoing(
  name: string,
  encode: string,
  pick: (credentials: { authorization: string; form: string }) => string,
) {
  const make = ECHO_BODIES[name];
  const encoder = ENCODINGS[encode];
  if (!make || !encoder) throw new Error(`no ${name} / ${encode}`);
  const { text: _text, ...answer } = make('');
  return {
    ...answer,
    body: (credentials: { authorization: string; form: string }) => make(encoder(pick(credentials))).text,
  } satisfies EchoAnswer;
}
