/**
 * Formats an amount in whole cents as AFAS takes and prints amounts: `1250` → `'12.50'`,
 * `-7` → `'-0.07'`. Integer arithmetic only, so no float ever rounds a cent away.
 */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}
