/**
 * The simulator reads tokens with its own decoder, not the SDK's parser (design.md): a bug in the
 * token format must not pass on both sides. Fixtures are written out by hand from AFAS's documented
 * example token (docs.afas.help, authentication), so no encoder of this project produces them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AfasToken } from '../../src/index.js';
import { afasTokenHeader, demoSeed } from '../../src/testing/index.js';
import { useSimulator } from './support.js';

/** The data part of the token in AFAS's documentation. */
const DOC_TOKEN_DATA = '949C1A9CD9AE4797950D94F55A7A4D056770472D4963CB9A8D3800BEE0CCE6A2';
/** `AfasToken ` + base64 of `<token><version>1</version><data>949C…E6A2</data></token>`, as the docs show it. */
const DOC_HEADER =
  'AfasToken PHRva2VuPjx2ZXJzaW9uPjE8L3ZlcnNpb24+PGRhdGE+OTQ5QzFBOUNEOUFFNDc5Nzk1MEQ5NEY1NUE3QTREMDU2NzcwNDcyRDQ5NjNDQjlBOEQzODAwQkVFMENDRTZBMjwvZGF0YT48L3Rva2VuPg==';
/** The same token laid out over several lines (CRLF, indented), as an XML file would hold it. */
const MULTILINE_HEADER =
  'AfasToken PHRva2VuPg0KICA8dmVyc2lvbj4xPC92ZXJzaW9uPg0KICA8ZGF0YT45NDlDMUE5Q0Q5QUU0Nzk3OTUwRDk0RjU1QTdBNEQwNTY3NzA0NzJENDk2M0NCOUE4RDM4MDBCRUUwQ0NFNkEyPC9kYXRhPg0KPC90b2tlbj4NCg==';

const [first, ...others] = demoSeed.appConnectors;
const { call } = useSimulator({
  seed: {
    ...demoSeed,
    appConnectors: [{ ...first!, tokens: [...(first?.tokens ?? []), DOC_TOKEN_DATA] }, ...others],
  },
});

const withHeader = (authorization: string) =>
  call('/profitversion', { token: null, headers: { Authorization: authorization } });

describe("the simulator's token decoder", () => {
  it('accepts the header exactly as AFAS documents it', async () => {
    expect((await withHeader(DOC_HEADER)).status).toBe(200);
  });

  it('accepts the XML with line breaks and indentation between the elements', async () => {
    expect((await withHeader(MULTILINE_HEADER)).status).toBe(200);
  });

  it("writes the documented header itself (afasTokenHeader), and the SDK's AfasToken agrees", () => {
    expect(afasTokenHeader(DOC_TOKEN_DATA)).toBe(DOC_HEADER);
    expect(AfasToken.from(DOC_TOKEN_DATA).authorizationHeader).toBe(DOC_HEADER);
  });

  it.each([
    ['padding left off', DOC_HEADER.replace(/=+$/, '')],
    ['a character outside base64 (which Node would skip)', DOC_HEADER.replace('PHRva2', 'PHR*va2')],
    ['a token without <version>', `AfasToken ${btoa(`<token><data>${DOC_TOKEN_DATA}</data></token>`)}`],
    [
      'data that is not hexadecimal',
      `AfasToken ${btoa(`<token><version>1</version><data>${DOC_TOKEN_DATA.replace('9', 'Z')}</data></token>`)}`,
    ],
    [
      'another root element',
      `AfasToken ${btoa(`<key><version>1</version><data>${DOC_TOKEN_DATA}</data></key>`)}`,
    ],
  ])('refuses %s with 401', async (_case, header) => {
    const response = await withHeader(header);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it("imports nothing of the SDK's token module", async () => {
    const root = join(import.meta.dirname, '../../src/testing');
    const sdkToken = resolve(root, '../token.js');
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = await readFile(join(root, file), 'utf8');
      const imports = [...source.matchAll(/from '(\.[^']+)'/g)].map((m) =>
        resolve(root, dirname(file), m[1] ?? ''),
      );
      expect(imports, file).not.toContain(sdkToken);
    }
  });
});
