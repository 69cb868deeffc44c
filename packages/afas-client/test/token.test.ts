import { AfasToken, AfasTokenError } from 'afas-client';
import { describe, expect, it } from 'vitest';
import { parseToken } from '../src/token.js';
import { everythingShown, TOKEN_BASE64, TOKEN_DATA, TOKEN_XML } from './support/fixtures.js';

const HEADER = `AfasToken ${TOKEN_BASE64}`;

describe('AfasToken.from', () => {
  it.each([
    ['the XML as AFAS shows it', TOKEN_XML],
    [
      'XML with line breaks and indentation',
      `<token>\r\n  <version>1</version>\r\n  <data>${TOKEN_DATA}</data>\r\n</token>\r\n`,
    ],
    ['XML with surrounding whitespace and quotes', `  "${TOKEN_XML}"  `],
    [
      'XML with a line break inside the data',
      `<token><version>1</version><data>${TOKEN_DATA.slice(0, 30)}\n${TOKEN_DATA.slice(30)}</data></token>`,
    ],
    ['the data part only', TOKEN_DATA],
    ['the data part in single quotes with a trailing newline', `'${TOKEN_DATA}'\n`],
    ['the base64 form', TOKEN_BASE64],
    ['a whole Authorization header value', `AfasToken ${TOKEN_BASE64}`],
  ])('accepts %s and builds the canonical header', (_name, input) => {
    expect(AfasToken.from(input).authorizationHeader).toBe(HEADER);
  });

  it('encodes exactly the XML AFAS issued', () => {
    const header = AfasToken.from(TOKEN_DATA).authorizationHeader;
    expect(Buffer.from(header.replace('AfasToken ', ''), 'base64').toString()).toBe(TOKEN_XML);
  });

  it('keeps a version other than 1', () => {
    expect(parseToken(`<token><version>2</version><data>${TOKEN_DATA}</data></token>`)).toEqual({
      version: '2',
      data: TOKEN_DATA,
    });
  });

  it.each([
    ['empty', '   '],
    ['free text', 'my secret token please'],
    ['hex too short', 'ABC123'],
    ['broken XML', `<token><version>1</version><data>${TOKEN_DATA}</token>`],
    ['XML with another root', `<key><data>${TOKEN_DATA}</data></key>`],
    ['XML without data', '<token><version>1</version></token>'],
    [
      'XML with non-hex data',
      '<token><version>1</version><data>not-hex-at-all-but-long-enough</data></token>',
    ],
    ['CDATA inside <data>', `<token><version>1</version><data><![CDATA[${TOKEN_DATA}]]></data></token>`],
    ['a comment inside', `<token><!-- x --><version>1</version><data>${TOKEN_DATA}</data></token>`],
    ['an attribute', `<token id="1"><version>1</version><data>${TOKEN_DATA}</data></token>`],
    ['an entity in the data', `<token><version>1</version><data>&amp;${TOKEN_DATA}</data></token>`],
    ['two data elements', `<token><data>${TOKEN_DATA}</data><data>${TOKEN_DATA}</data></token>`],
    ['base64 of something else', Buffer.from(`hello ${TOKEN_DATA}`).toString('base64')],
  ])('rejects %s with an AfasTokenError that does not echo the input', (_name, input) => {
    let caught: unknown;
    try {
      AfasToken.from(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AfasTokenError);
    const error = caught as AfasTokenError;
    expect(error.kind).toBe('token');
    expect(error.hint).toMatch(/<token>.*data/);
    expect(error.message).not.toContain(error.hint);
    const shown = everythingShown(error);
    if (input.trim().length > 3) expect(shown).not.toContain(input.trim());
    expect(shown).not.toContain(TOKEN_DATA);
  });

  it('never shows the secret when printed, serialised or inspected', () => {
    const token = AfasToken.from(TOKEN_XML);
    const shown = everythingShown(token) + everythingShown({ token });
    expect(shown).not.toContain(TOKEN_DATA);
    expect(shown).not.toContain(TOKEN_BASE64);
    expect(String(token)).toBe('AfasToken [redacted]');
  });
});
