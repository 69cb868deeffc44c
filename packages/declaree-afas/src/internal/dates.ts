import { formatAfasDateTime } from 'afas-client';

/**
 * Calendar dates. AFAS books on calendar days (`YYYY-MM-DD`); Declaree sends dates and date-times.
 * A date-time with an offset (`…Z`, `…+02:00`) is turned into the Amsterdam calendar day, because an
 * approval at 23:30 UTC on 31 January happened on 1 February for a Dutch bookkeeper.
 */

const DATE_OR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** True when `y-m-d` exists in the calendar (no 30 February). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Reads `2024-03-31`, `2024-03-31T10:00:00`, `2024-03-31T22:30:00Z` or `…+01:00` as the calendar day
 * it means in Amsterdam; `undefined` for anything else.
 */
export function toCalendarDay(text: string): string | undefined {
  const match = DATE_OR_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y = '', mo = '', d = '', h, mi, s, offset] = match;
  if (!isCalendarDay(Number(y), Number(mo), Number(d))) return undefined;
  if (offset === undefined || h === undefined) return `${y}-${mo}-${d}`;
  const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${normaliseOffset(offset)}`);
  if (Number.isNaN(instant.getTime())) return undefined;
  return formatAfasDateTime(instant).slice(0, 10);
}

function normaliseOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** True for a wall-clock date-time as AFAS date-time fields take it: `YYYY-MM-DDTHH:MM:SS`. */
export function isLocalDateTime(text: string): boolean {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return false;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return isCalendarDay(y ?? 0, mo ?? 0, d ?? 0) && (h ?? 99) < 24 && (mi ?? 99) < 60 && (s ?? 99) < 60;
}

/** True for a valid `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}
