/**
 * Money as integer cents. Amounts arrive as decimal text or JSON numbers and are parsed digit by
 * digit, never multiplied as floats, so `0.29` is 29 cents and not 28.999….
 */

/** An amount in integer cents (euro cents for an EUR administration). */
export type Cents = number;

/**
 * Largest amount accepted, in cents (100 million). Keeps every intermediate product of the VAT
 * split (`cents × 10 000`) far below `Number.MAX_SAFE_INTEGER`.
 */
export const MAX_CENTS = 10_000_000_000;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/**
 * Parses a decimal (`'12.5'`, `12.5`, `'-0.07'`) into an integer scaled by `10^scale`.
 * Returns `undefined` for anything else: comma decimals, exponents, more significant decimals
 * than `scale` (`'1.005'` with scale 2), or a value beyond `maxAbs`.
 */
export function parseScaled(value: string | number, scale: number, maxAbs: number): number | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  // String(number) gives the shortest text that round-trips, so 12.5 → '12.5', 0.1 + 0.2 → refused.
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const sign = (match[1] ?? match[4]) === '-' ? -1 : 1;
  const whole = match[2] ?? '0';
  const fraction = (match[3] ?? match[5] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return undefined;
  const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return undefined;
  const scaled = Number(digits);
  if (!Number.isSafeInteger(scaled) || scaled > maxAbs) return undefined;
  return scaled === 0 ? 0 : sign * scaled;
}

/** `a / b` rounded half away from zero, in integers (`b` ≠ 0). */
export function divideRounded(a: number, b: number): number {
  const sign = Math.sign(a) * Math.sign(b);
  const q = Math.floor((2 * Math.abs(a) + Math.abs(b)) / (2 * Math.abs(b)));
  return q === 0 ? 0 : sign * q;
}
