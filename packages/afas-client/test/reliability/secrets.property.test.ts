/**
 * Secrets echoed back in any encoding (property): a server or proxy that prints the credentials it
 * got — the token's `Authorization` header, the OAuth form with `client_secret`, the access token —
 * writes them raw, JSON-escaped (`+` as `\u002B`, as .NET's System.Text.Json does, or every
 * character as `\uXXXX`, or `\/`), URL- or form-encoded, or as HTML character references, into a
 * JSON, HTML or plain-text body of any status. The simulator's `echo` fault acts it out behind msw.
 * No form of any secret may appear in any field of the error thrown (message, hint, bodyExcerpt,
 * externalMessage, stack, causes), whatever the encoding, the body and the status.
 */
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AfasClient, isAfasError } from '../../src/index.js';
import { createAfasSimulator } from '../../src/testing/index.js';
import {
  ECHO_BODIES,
  ENCODINGS,
  echoing,
  everythingShown,
  formsShown,
  SECRET_OAUTH,
  secretSeed,
} from './support.js';

const BASE_URL = 'https://12345.rest.afas.online/ProfitRestServices';
const simulator = createAfasSimulator({ seed: secretSeed, baseUrl: BASE_URL });
const server = setupServer(...simulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const hexData = fc.string({
  unit: fc.constantFrom(...'0123456789ABCDEFabcdef'),
  minLength: 16,
  maxLength: 96,
});
/** Characters that URL, form and JSON encoding each treat differently, letters, and non-ASCII. */
const secretChar = fc.oneof(
  fc.constantFrom(...' !()~*\'+/"\\&<>%=?#;:@$,[]{}|^`\t'),
  fc.constantFrom(...'abcXYZ0189'),
  fc.constantFrom('é', '€', 'ß', '😀'),
);
/** A client secret: recognisable letters around any mix of awkward characters. */
const clientSecret = fc
  .string({ unit: secretChar, minLength: 4, maxLength: 30 })
  .map((middle) => `Sx9${middle}Q7k`);
const encoding = fc.constantFrom(...Object.keys(ENCODINGS));
const carrier = fc.constantFrom(...Object.keys(ECHO_BODIES));

/** One attempt: each run costs one request through msw (about 12 ms). */
const FAST = { retry: false, timeout: 2_000 } as const;

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('an echoed token in any encoding is shown nowhere (property)', () => {
  it('the Authorization header, its base64, XML or data, in every body and status', async () => {
    await fc.assert(
      fc.asyncProperty(
        hexData,
        fc.constantFrom('header', 'base64', 'xml', 'data', 'data lower-case'),
        encoding,
        carrier,
        async (data, part, encode, body) => {
          simulator.reset();
          const xml = `<token><version>1</version><data>${data}</data></token>`;
          const base64 = Buffer.from(xml).toString('base64');
          const pick = ({ authorization }: { authorization: string }) =>
            part === 'header'
              ? authorization
              : part === 'base64'
                ? authorization.slice('AfasToken '.length)
                : part === 'xml'
                  ? Buffer.from(authorization.slice('AfasToken '.length), 'base64').toString()
                  : part === 'data'
                    ? data
                    : data.toLowerCase();
          simulator.inject({
            connector: 'Profit_Accounts',
            fault: 'echo',
            echo: echoing(body, encode, pick),
          });
          const error = await thrown(() =>
            new AfasClient({ baseUrl: BASE_URL, token: xml, ...FAST }).get('Profit_Accounts'),
          );
          expect(isAfasError(error)).toBe(true);
          expect(formsShown(everythingShown(error), { 'token data': data, 'token base64': base64 })).toEqual(
            [],
          );
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);
});

describe('an echoed OAuth secret in any encoding is shown nowhere (property)', () => {
  it('the client secret, as the token endpoint got it or decoded and re-encoded', async () => {
    await fc.assert(
      fc.asyncProperty(
        clientSecret,
        fc.boolean(),
        encoding,
        carrier,
        async (secret, asSent, encode, body) => {
          simulator.reset();
          // As sent: the form body itself (already form-encoded); else the secret read from it.
          const pick = ({ form }: { form: string }) =>
            asSent ? form : (new URLSearchParams(form).get('client_secret') ?? '');
          simulator.inject({ connector: 'oauth/token', fault: 'echo', echo: echoing(body, encode, pick) });
          const error = await thrown(() =>
            new AfasClient({
              baseUrl: BASE_URL,
              oauth: { clientId: SECRET_OAUTH.clientId, clientSecret: secret },
              ...FAST,
            }).profitVersion(),
          );
          expect(isAfasError(error)).toBe(true);
          expect(formsShown(everythingShown(error), { 'client secret': secret })).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);

  it('the access token echoed by a connector', async () => {
    await fc.assert(
      fc.asyncProperty(encoding, carrier, async (encode, body) => {
        simulator.reset();
        // A 401 makes the client fetch a new access token and replay once: both are echoed.
        const accessTokens: string[] = [];
        const pick = ({ authorization }: { authorization: string }) => {
          accessTokens.push(authorization.slice('Bearer '.length));
          return authorization;
        };
        simulator.inject({
          connector: 'profitversion',
          fault: 'echo',
          times: Infinity,
          echo: echoing(body, encode, pick),
        });
        const error = await thrown(() =>
          new AfasClient({ baseUrl: BASE_URL, oauth: SECRET_OAUTH, ...FAST }).profitVersion(),
        );
        expect(isAfasError(error)).toBe(true);
        expect(accessTokens.length).toBeGreaterThan(0);
        expect(
          formsShown(everythingShown(error), {
            ...Object.fromEntries(accessTokens.map((token, i) => [`access token ${i + 1}`, token])),
            'client secret': SECRET_OAUTH.clientSecret,
          }),
        ).toEqual([]);
      }),
      { numRuns: 50 },
    );
  }, 30_000);
});
