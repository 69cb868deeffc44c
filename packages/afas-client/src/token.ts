import { AfasTokenError } from './errors.js';
import { inspectCustom } from './internal/inspect.js';

const HEX = /^[0-9A-Fa-f]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_DATA_LENGTH = 16;

/**
 * The token XML has one fixed shape, `<token><version>1</version><data>…</data></token>`, so it is read
 * by this strict pattern instead of a general XML parser (which cost a quarter of the SDK's import
 * time): whitespace between and inside the tags is allowed, anything else (CDATA, comments,
 * attributes, other elements, entities) is not a token. An XML declaration before it is skipped.
 */
const TOKEN_ELEMENT = /^(?:<\?xml[^>]*\?>\s*)?<token>([\s\S]*)<\/token>$/;
const CHILD = /^\s*<(version|data)>([^<>&]*)<\/\1>/;

/** The parts of an App Connector token. */
export interface TokenParts {
  /** `<version>`, `1` for every token AFAS issues today. */
  readonly version: string;
  /** `<data>`: the secret, 64 hexadecimal characters in every known example. */
  readonly data: string;
}

/**
 * An AFAS App Connector token, read from any form users paste. It turns itself into the
 * `Authorization` header and never shows the secret in `toString()`, `JSON.stringify` or `util.inspect`.
 *
 * @example
 * const token = AfasToken.from('<token><version>1</version><data>ABC…</data></token>');
 * fetch(url, { headers: { Authorization: token.authorizationHeader } });
 */
export class AfasToken {
  readonly #header: string;

  private constructor(parts: TokenParts) {
    this.#header = `AfasToken ${btoa(canonicalXml(parts))}`; // ASCII only: digits and hex
  }

  /**
   * Reads a token as users paste it: the whole `<token>…</token>` XML (any whitespace, line breaks,
   * surrounding quotes), only the hexadecimal data part, or the base64 form (optionally with the
   * `AfasToken ` prefix). Anything else throws {@link AfasTokenError}, which never echoes the input.
   */
  static from(input: string | AfasToken): AfasToken {
    if (input instanceof AfasToken) return input;
    return new AfasToken(parseToken(input));
  }

  /** The value of the `Authorization` header: `AfasToken <base64 of the XML token>`. */
  get authorizationHeader(): string {
    return this.#header;
  }

  toString(): string {
    return 'AfasToken [redacted]';
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectCustom](): string {
    return this.toString();
  }
}

/** Splits a pasted token into its parts; throws {@link AfasTokenError} without echoing the input. */
export function parseToken(input: string): TokenParts {
  if (typeof input !== 'string') throw new AfasTokenError('The token must be a string.');
  let text = stripQuotes(input.trim());
  if (text === '') throw new AfasTokenError('The token is empty.');
  if (/^afastoken\s+/i.test(text)) text = text.replace(/^afastoken\s+/i, '');

  if (text.startsWith('<')) return parseTokenXml(text);

  const compact = text.replace(/\s+/g, '');
  if (HEX.test(compact)) return { version: '1', data: checkData(compact) };
  if (BASE64.test(compact) && compact.length % 4 === 0) {
    const decoded = atob(compact).trim();
    if (decoded.startsWith('<')) return parseTokenXml(decoded);
  }
  throw new AfasTokenError('The token is in none of the accepted forms.');
}

/** Reads the `<token><version>…</version><data>…</data></token>` XML. */
export function parseTokenXml(xml: string): TokenParts {
  const token = TOKEN_ELEMENT.exec(xml.trim());
  if (!token) throw new AfasTokenError('The token XML has no single <token> element.');
  const children: Partial<Record<'version' | 'data', string>> = {};
  let rest = token[1] ?? '';
  for (let child = CHILD.exec(rest); child; child = CHILD.exec(rest)) {
    const [whole, name = 'data', value = ''] = child;
    if (children[name as 'version' | 'data'] !== undefined)
      throw new AfasTokenError(`The token XML has more than one <${name}> element.`);
    children[name as 'version' | 'data'] = value.trim();
    rest = rest.slice(whole.length);
  }
  if (rest.trim() !== '') {
    throw new AfasTokenError(
      'The token looks like XML but is not the <token><version>…</version><data>…</data></token> AFAS issues.',
    );
  }
  const { version, data } = children;
  if (data === undefined || data === '') throw new AfasTokenError('The token XML has no <data> element.');
  if (version !== undefined && !/^\d+$/.test(version)) {
    throw new AfasTokenError('The token XML has an invalid <version> element.');
  }
  return { version: version ?? '1', data: checkData(data.replace(/\s+/g, '')) };
}

/** The XML form AFAS issues, without whitespace between the tags: what the header encodes. */
export function canonicalXml(parts: TokenParts): string {
  return `<token><version>${parts.version}</version><data>${parts.data}</data></token>`;
}

function checkData(data: string): string {
  if (!HEX.test(data)) throw new AfasTokenError('The token data is not hexadecimal.');
  if (data.length < MIN_DATA_LENGTH)
    throw new AfasTokenError('The token data is too short to be an AFAS token.');
  return data;
}

function stripQuotes(text: string): string {
  const quoted = /^(["'`])([\s\S]*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? '').trim() : text;
}
