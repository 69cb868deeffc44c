/**
 * The simulator's own reading and writing of App Connector tokens, on purpose not the SDK's
 * (`../token.ts`): if both sides shared one parser, a bug in the token format would pass on both
 * (design.md). It reads only what AFAS documents: `AfasToken <base64 of the XML token>`, the XML being
 * `<token><version>1</version><data>HEX</data></token>` (whitespace between the elements allowed).
 */

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TOKEN_XML =
  /^<token>\s*<version>\s*(\d+)\s*<\/version>\s*<data>\s*([0-9A-Fa-f]+)\s*<\/data>\s*<\/token>$/;

/** The XML token as Profit issues it (and as `/otpvalidation` returns it, before its trailing CRLF). */
export function tokenXml(data: string, version = '1'): string {
  return `<token><version>${version}</version><data>${data}</data></token>`;
}

/** The `Authorization` value for a token's data part: `AfasToken ` + base64 of the XML. */
export function tokenHeaderValue(data: string): string {
  return `AfasToken ${Buffer.from(tokenXml(data), 'utf8').toString('base64')}`;
}

/**
 * The data part (upper case) of the credential after `AfasToken `, or `undefined` when it is not the
 * base64 of a token XML. Base64 must be canonical: padded, no stray characters (Node's decoder would
 * silently skip them, AFAS's .NET decoder refuses them).
 */
export function decodeTokenCredential(credential: string): string | undefined {
  if (credential.length % 4 !== 0 || !STRICT_BASE64.test(credential)) return undefined;
  const xml = Buffer.from(credential, 'base64').toString('utf8').trim();
  return TOKEN_XML.exec(xml)?.[2]?.toUpperCase();
}
