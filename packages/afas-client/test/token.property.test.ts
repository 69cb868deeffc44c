import { AfasToken, AfasTokenError } from 'afas-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everythingShown } from './support/fixtures.js';

const hexData = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 64, maxLength: 64 });
const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\r\n', '\n'), maxLength: 6 });
const quote = fc.constantFrom('', '"', "'");

/** Every form users paste: whole XML (with whitespace between tags), data only, base64, header value. */
const pastedForm = (data: string) =>
  fc
    .tuple(fc.constantFrom('xml', 'data', 'base64', 'header'), whitespace, whitespace, whitespace, quote)
    .map(([form, a, b, c, q]) => {
      const xml = `<token>${a}<version>1</version>${b}<data>${data}</data>${c}</token>`;
      const base64 = Buffer.from(`<token><version>1</version><data>${data}</data></token>`).toString(
        'base64',
      );
      const body =
        form === 'xml' ? xml : form === 'data' ? data : form === 'base64' ? base64 : `AfasToken ${base64}`;
      return `${a}${q}${body}${q}${c}`;
    });

describe('token forms (property)', () => {
  it('every accepted form, with any surrounding whitespace, gives the same header', () => {
    fc.assert(
      fc.property(
        hexData.chain((data) => fc.tuple(fc.constant(data), pastedForm(data), pastedForm(data))),
        ([data, first, second]) => {
          const expected = `AfasToken ${Buffer.from(`<token><version>1</version><data>${data}</data></token>`).toString('base64')}`;
          expect(AfasToken.from(first).authorizationHeader).toBe(expected);
          expect(AfasToken.from(second).authorizationHeader).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any other input is a typed error that does not contain the input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (input) => {
        let result: unknown;
        try {
          result = AfasToken.from(input);
        } catch (error) {
          result = error;
        }
        if (result instanceof AfasToken) {
          // Only hex of 16+ characters (or base64/XML wrapping such hex) is accepted.
          expect(input.replace(/\s|["'`]/g, '')).toMatch(/[0-9A-Fa-f]{16,}|^[A-Za-z0-9+/=]+$|<token>/);
          return;
        }
        expect(result).toBeInstanceOf(AfasTokenError);
        const trimmed = input.trim();
        if (trimmed.length >= 8) expect(everythingShown(result)).not.toContain(trimmed);
      }),
      { numRuns: 1000 },
    );
  });
});
