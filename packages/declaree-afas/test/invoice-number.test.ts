import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceNumberFor, MAX_INVOICE_NUMBER_LENGTH } from '../src/index.js';

describe('invoiceNumberFor', () => {
  it.each([
    ['R-000123', 'R-000123'],
    ['  R-000123 ', 'R-000123'],
    ['123456789012', '123456789012'],
  ])('keeps %j as %j when it fits in 12 characters', (reportNumber, expected) => {
    expect(invoiceNumberFor(reportNumber)).toBe(expected);
  });

  it.each(['1234567890123', 'DECL-2025-000123', 'Declaratie maart 2025 Jan Jansen'])(
    'shortens %j to its last 6 characters, a dash and a 5-character hash',
    (reportNumber) => {
      const invoiceNumber = invoiceNumberFor(reportNumber);

      expect(invoiceNumber).toHaveLength(MAX_INVOICE_NUMBER_LENGTH);
      expect(invoiceNumber.slice(0, 7)).toBe(`${reportNumber.slice(-6)}-`);
      expect(invoiceNumber.slice(7)).toMatch(/^[0-9A-Z]{5}$/);
      expect(invoiceNumberFor(reportNumber)).toBe(invoiceNumber);
    },
  );

  it('never starts or ends a shortened number with a space', () => {
    const invoiceNumber = invoiceNumberFor('Declaratie maart 12 345');
    expect(invoiceNumber).toMatch(/^12 345-[0-9A-Z]{5}$/);
    expect(invoiceNumberFor('Declaratie maart  12345')).toMatch(/^12345-[0-9A-Z]{5}$/);
  });

  it('gives long numbers with the same tail different invoice numbers', () => {
    expect(invoiceNumberFor('DECL-2024-000123')).not.toBe(invoiceNumberFor('DECL-2025-000123'));
  });

  it('never exceeds 12 characters, is stable, and keeps distinct long numbers apart', () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (reportNumber) => {
        const invoiceNumber = invoiceNumberFor(reportNumber);
        expect(invoiceNumber.length).toBeLessThanOrEqual(MAX_INVOICE_NUMBER_LENGTH);
        expect(invoiceNumberFor(reportNumber)).toBe(invoiceNumber);
        const previous = seen.get(invoiceNumber);
        expect(previous === undefined || previous === reportNumber.trim()).toBe(true);
        seen.set(invoiceNumber, reportNumber.trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps 100,000 sequential long report numbers apart', () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => `DECLAREE-${String(i).padStart(8, '0')}`);

    expect(new Set(numbers.map(invoiceNumberFor)).size).toBe(numbers.length);
  });
});
