import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { AfasClient, type AfasClientOptions, type AnyAfasError, isAfasError } from 'afas-client';

/** A recognisable token: tests assert it never leaks. */
export const TOKEN_DATA = 'D0D0CAFE'.repeat(8);
export const TOKEN_XML = `<token><version>1</version><data>${TOKEN_DATA}</data></token>`;
export const TOKEN_BASE64 = Buffer.from(TOKEN_XML).toString('base64');
export const BASE = 'https://12345.rest.afas.online/ProfitRestServices';

/** A client for environment 12345 with fast retries, so that retry tests stay quick. */
export function testClient(options: Partial<AfasClientOptions> = {}): AfasClient {
  return new AfasClient({
    environment: '12345',
    token: TOKEN_XML,
    retry: { retries: 2, minDelay: 1, maxDelay: 5, maxRetryAfter: 1 },
    ...options,
  });
}

/**
 * Everything an error or object can show: message, JSON, inspect, String. Stack frames (`at …`
 * lines: code locations, never data) are left out, or an input such as "property" would be
 * "found" in fast-check's own frames.
 */
export function everythingShown(value: unknown): string {
  const inspected = inspect(value, { depth: 10, showHidden: true }).replace(/^\s+at .*$/gm, '');
  return [String(value), JSON.stringify(value), inspected].join('\n');
}

/** The typed error a call fails with; fails the test when it succeeds or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<AnyAfasError> {
  try {
    await promise;
  } catch (error) {
    if (isAfasError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A loopback port nobody listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
