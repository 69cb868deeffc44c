import { createHash } from 'node:crypto';

/** AFAS's limit for the invoice number (Factuurnummer, `InId`). */
export const MAX_INVOICE_NUMBER_LENGTH = 12;

const TAIL_LENGTH = 6;
const HASH_LENGTH = 5;

/**
 * The AFAS invoice number (factuurnummer, `InId`, at most 12 characters) for a Declaree report
 * number. It identifies the export: AFAS refuses a second entry with the same invoice number for the
 * same creditor, which is what keeps a report from being booked twice.
 *
 * - A report number of at most 12 characters (after trimming) is used unchanged.
 * - A longer one becomes its last 6 characters (without spaces at either end), a `-`, and 5 upper-case base-36 characters of the
 *   SHA-256 of the whole number: `DECL-2024-000123` → `000123-XXXXX`. The tail keeps the running
 *   number a bookkeeper searches for; the hash keeps two long numbers with the same tail apart
 *   (a clash needs the same tail *and* one of 36⁵ ≈ 60 million hash values). Same input, same output.
 *
 * @example
 * invoiceNumberFor('R-000123') // 'R-000123'
 */
export function invoiceNumberFor(reportNumber: string): string {
  const number = reportNumber.trim();
  if (number.length <= MAX_INVOICE_NUMBER_LENGTH) return number;
  const digest = createHash('sha256').update(number, 'utf8').digest();
  const hash = digest
    .readBigUInt64BE(0)
    .toString(36)
    .toUpperCase()
    .padStart(HASH_LENGTH, '0')
    .slice(-HASH_LENGTH);
  // Cut on code points and count UTF-16 units (as AFAS does), so no half emoji and never over 12.
  const tail = [...number].slice(-TAIL_LENGTH);
  while (tail.join('').length > TAIL_LENGTH) tail.shift();
  // Never a space next to the hyphen or at the start: AFAS trims, and the number would not match.
  const kept = tail.join('').trim();
  return kept === '' ? hash : `${kept}-${hash}`;
}
