/**
 * Value conversions shared by GetConnector filters and UpdateConnector validation: AFAS sends and
 * accepts strings, numbers and booleans loosely, and writes date-times as Amsterdam wall-clock time.
 */
import { formatAfasDateTime } from '../dates.js';
import type { CellValue } from './state.js';

/** AFAS data types as metainfo names them. */
export type DataType = 'string' | 'int' | 'decimal' | 'boolean' | 'date';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z?)$/i;

/**
 * Reads `2026-03-01`, `2026-03-01T09:30`, `2026-03-01T09:30:00(.123)(Z)` as the wall-clock form
 * `YYYY-MM-DDTHH:MM:SS`, with `.mmm` when it has a fraction of a second (AFAS stores date-times finer
 * than a second); `undefined` when it is not a date (or not a real calendar day).
 */
export function parseDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction] = match;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined;
  const millis = fraction === undefined ? '' : `.${fraction.slice(0, 3).padEnd(3, '0')}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${millis === '.000' ? '' : millis}`;
}

/** Whether a date-time text ends in `Z`, which AFAS refuses in filter values (PracticalAfas, from live systems). */
export function endsInZ(text: string): boolean {
  const match = DATE_TIME.exec(text.trim());
  return match !== null && match[8] !== '';
}

/** A wall-clock date-time with milliseconds always written, so texts compare in time order. */
export function comparableDateTime(wallClock: string): string {
  return wallClock.length === 19 ? `${wallClock}.000` : wallClock;
}

/** An instant as Amsterdam wall-clock time with its milliseconds, as Profit stores a booking time. */
export function storedDateTime(date: Date): string {
  const millis = date.getUTCMilliseconds();
  return `${formatAfasDateTime(date)}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}`;
}

/**
 * How a GetConnector row shows a date-time: to the second, with the misleading `Z` (the time is
 * Amsterdam time). Half a second and more rounds up, which is why a row shown as `…:02Z` can be
 * earlier than the filter value `…:02` (PracticalAfas, README-get: "AFAS bugs / challenges").
 */
export function formatRowDateTime(wallClock: string): string {
  const [date = '', time = ''] = wallClock.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.slice(0, 8).split(':').map(Number);
  const millis = Number(time.slice(9, 12).padEnd(3, '0')) || 0;
  const instant =
    Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) + (millis >= 500 ? 1000 : 0);
  return `${new Date(instant).toISOString().slice(0, 19)}Z`;
}

/** Reads a number sent as JSON number or as text with a `.` decimal separator. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value))
    return undefined;
  return Number(value);
}

/** Reads the booleans AFAS accepts: `true`/`false`, `"true"`/`"false"`, `1`/`0`/`-1`. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '1' || text === '-1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

/**
 * Converts a value from a request to the field's type. `null`/`""` become `null` (empty);
 * `undefined` means the value does not fit the type.
 */
export function coerce(value: unknown, type: DataType): CellValue | undefined {
  if (value === null || value === '') return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
    case 'int': {
      const number = parseNumber(value);
      return number !== undefined && Number.isInteger(number) ? number : undefined;
    }
    case 'decimal':
      return parseNumber(value);
    case 'boolean':
      return typeof value === 'object' ? undefined : parseBoolean(value);
    case 'date':
      return typeof value === 'string' ? parseDateTime(value) : undefined;
  }
}

/** Euros to whole cents, so sums compare exactly. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}
