import { AfasClient, AfasConfigError, checkBaseUrl, resolveEnvironment } from 'afas-client';
import { describe, expect, it } from 'vitest';
import { TOKEN_DATA } from './support/fixtures.js';

describe('resolveEnvironment', () => {
  it.each([
    ['12345', undefined, 'production', 'https://12345.rest.afas.online/ProfitRestServices'],
    ['12345', 'test', 'test', 'https://12345.resttest.afas.online/ProfitRestServices'],
    ['12345', 'accept', 'accept', 'https://12345.restaccept.afas.online/ProfitRestServices'],
    ['O12345AA', undefined, 'production', 'https://12345.rest.afas.online/ProfitRestServices'],
    ['T12345AA', undefined, 'test', 'https://12345.resttest.afas.online/ProfitRestServices'],
    ['a12345ab', undefined, 'accept', 'https://12345.restaccept.afas.online/ProfitRestServices'],
    [' T36369AA ', 'test', 'test', 'https://36369.resttest.afas.online/ProfitRestServices'],
    ['1234567', undefined, 'production', 'https://1234567.rest.afas.online/ProfitRestServices'],
  ] as const)('%s with kind %s is %s at %s', (environment, kind, expectedKind, baseUrl) => {
    const resolved = resolveEnvironment(environment, kind);
    expect(resolved.kind).toBe(expectedKind);
    expect(resolved.baseUrl).toBe(baseUrl);
  });

  it.each([
    ['a T-name with kind production', 'T12345AA', 'production', /test environment.*production/],
    ['an O-name with kind accept', 'O12345AA', 'accept', /production environment.*accept/],
    ['letters only', 'acme', undefined, /not an AFAS environment/],
    ['an unknown first letter', 'X12345AA', undefined, /not an AFAS environment/],
    ['a URL', 'https://12345.rest.afas.online', undefined, /not an AFAS environment/],
    ['an empty string', '', undefined, /not an AFAS environment/],
    ['an unknown kind', '12345', 'staging', /Unknown environment kind/],
  ])('rejects %s', (_name, environment, kind, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from untyped callers
    expect(() => resolveEnvironment(environment, kind as any)).toThrow(AfasConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    expect(() => resolveEnvironment(environment, kind as any)).toThrow(message);
  });
});

describe('baseUrl override', () => {
  it.each([
    ['https://proxy.example/ProfitRestServices/', 'https://proxy.example/ProfitRestServices'],
    ['http://127.0.0.1:8080/ProfitRestServices', 'http://127.0.0.1:8080/ProfitRestServices'],
    ['http://localhost:3000/x', 'http://localhost:3000/x'],
    ['http://[::1]:3000/x', 'http://[::1]:3000/x'],
  ])('accepts %s', (input, expected) => {
    expect(checkBaseUrl(input)).toBe(expected);
  });

  it.each([
    ['http://proxy.example/x'],
    ['ftp://127.0.0.1/x'],
    ['not a url'],
    ['https://user:pw@proxy.example/x'],
  ])('refuses %s', (input) => {
    expect(() => checkBaseUrl(input)).toThrow(AfasConfigError);
  });

  it('is used by the client instead of the environment URL', () => {
    const client = new AfasClient({
      environment: '12345',
      baseUrl: 'http://127.0.0.1:9/ProfitRestServices',
      token: TOKEN_DATA,
    });
    expect(client.baseUrl).toBe('http://127.0.0.1:9/ProfitRestServices');
  });
});

describe('client options', () => {
  it.each([
    ['no environment', { token: TOKEN_DATA }, /No AFAS environment/],
    ['no credentials', { environment: '12345' }, /No credentials/],
    [
      'token and oauth',
      { environment: '12345', token: TOKEN_DATA, oauth: { clientId: 'a', clientSecret: 'b' } },
      /Both/,
    ],
    ['an unknown language', { environment: '12345', token: TOKEN_DATA, language: 'nl' }, /Unknown language/],
    [
      'a malformed IntegrationId',
      { environment: '12345', token: TOKEN_DATA, integrationId: 'abc' },
      /IntegrationId/,
    ],
    ['a negative timeout', { environment: '12345', token: TOKEN_DATA, timeout: -1 }, /timeout/],
    [
      'a fractional retry count',
      { environment: '12345', token: TOKEN_DATA, retry: { retries: 1.5 } },
      /whole number/,
    ],
    [
      'a contradicting kind',
      { environment: 'T12345AA', environmentKind: 'production', token: TOKEN_DATA },
      /test environment/,
    ],
  ])('refuses %s with an AfasConfigError', (_name, options, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from untyped callers
    expect(() => new AfasClient(options as any)).toThrow(AfasConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    expect(() => new AfasClient(options as any)).toThrow(message);
  });
});
