import { AfasConfigError } from './errors.js';

/** AFAS environment kinds: production (`O…`), test (`T…`) and acceptance (`A…`). */
export const ENVIRONMENT_KINDS = ['production', 'test', 'accept'] as const;

/** An AFAS environment kind: one of {@link ENVIRONMENT_KINDS}. */
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** An AFAS environment as the SDK uses it. */
export interface AfasEnvironment {
  /** The participant number (deelnemersnummer), digits only: `12345`. */
  readonly id: string;
  /** Production, test or accept. */
  readonly kind: EnvironmentKind;
  /** The environment name AFAS shows, e.g. `O12345AA`, when it was given. */
  readonly name: string | undefined;
  /** REST base URL, e.g. `https://12345.rest.afas.online/ProfitRestServices`. */
  readonly baseUrl: string;
}

const KIND_BY_LETTER: Readonly<Record<string, EnvironmentKind>> = { O: 'production', T: 'test', A: 'accept' };
const HOST_PART: Readonly<Record<EnvironmentKind, string>> = {
  production: 'rest',
  test: 'resttest',
  accept: 'restaccept',
};
const KINDS = Object.keys(HOST_PART) as EnvironmentKind[];

/**
 * Resolves a participant number (`12345`) or an environment name (`O12345AA`, `T12345AA`,
 * `A12345AA`) and an optional kind to the environment and its REST base URL.
 * A name whose letter contradicts `kind` (a `T…` name with kind `production`) is an error.
 *
 * @example
 * resolveEnvironment('T12345AA').baseUrl // 'https://12345.resttest.afas.online/ProfitRestServices'
 */
export function resolveEnvironment(environment: string, kind?: EnvironmentKind): AfasEnvironment {
  if (kind !== undefined && !KINDS.includes(kind)) {
    throw new AfasConfigError('Unknown environment kind.', `Use one of: ${KINDS.join(', ')}.`);
  }
  const text = typeof environment === 'string' ? environment.trim() : '';
  const digitsOnly = /^\d{1,10}$/.exec(text);
  const named = /^([OTA])(\d{1,10})([A-Z]{2})$/i.exec(text);
  if (!digitsOnly && !named) {
    // Nothing of the value is repeated: a token pasted into the wrong place must not be printed.
    throw new AfasConfigError(
      'The environment given is not an AFAS environment: expected a participant number (digits, e.g. 12345) ' +
        'or an environment name (O, T or A, the number and two letters, e.g. O12345AA). ' +
        'The value is not repeated here, in case it is a token.',
      'Give the participant number or the environment name shown under Algemeen > Omgeving > Beheer > Informatie.',
    );
  }
  if (named) {
    const [, letter = '', id = ''] = named;
    const nameKind = KIND_BY_LETTER[letter.toUpperCase()] ?? 'production';
    if (kind !== undefined && kind !== nameKind) {
      throw new AfasConfigError(
        `Environment ${text} is a ${nameKind} environment, but kind "${kind}" was given.`,
        'Drop `kind`, or use the environment name whose first letter matches it (O production, T test, A accept).',
      );
    }
    return build(id, nameKind, text.toUpperCase());
  }
  return build(text, kind ?? 'production', undefined);
}

function build(id: string, kind: EnvironmentKind, name: string | undefined): AfasEnvironment {
  return { id, kind, name, baseUrl: `https://${id}.${HOST_PART[kind]}.afas.online/ProfitRestServices` };
}

/**
 * Checks a base-URL override: https, or http only for loopback hosts (a local simulator or proxy).
 * Returns it without a trailing slash.
 */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AfasConfigError(
      'baseUrl is not a URL: expected an absolute URL such as https://proxy.example/ProfitRestServices. ' +
        'The value is not repeated here, in case it holds a secret.',
      'Give the REST base URL of AFAS, a proxy or the simulator; the token goes in the `token` option.',
    );
  }
  // Only real loopback addresses: a DNS name such as 127.example.org is not one.
  const loopback =
    url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    const scheme = /^(https?|ftp|wss?|file):$/.test(url.protocol) ? url.protocol : 'another scheme';
    throw new AfasConfigError(
      `baseUrl is not https: it uses ${scheme}${url.protocol === 'http:' ? ' for a host that is not loopback' : ''}.`,
      'AFAS requires TLS; plain http is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]).',
    );
  }
  if (url.username || url.password) {
    throw new AfasConfigError(
      'baseUrl must not contain credentials.',
      'Pass the token through the `token` option.',
    );
  }
  return url.href.replace(/\/+$/, '');
}
