/**
 * AFAS writes date-times as `2024-03-01T09:30:00Z`, but the `Z` is misleading: the time is Amsterdam
 * local time. Filters want the same wall-clock form without a `Z`.
 */

const AMSTERDAM = 'Europe/Amsterdam';
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?Z?$/;

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Formats an instant as AFAS expects in filters and date-time fields: the wall-clock time in
 * Amsterdam, `YYYY-MM-DDTHH:MM:SS`, without `Z`.
 */
export function formatAfasDateTime(date: Date, timeZone: string = AMSTERDAM): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date cannot be sent to AFAS.');
  const parts = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

/**
 * Reads a date-time from a GetConnector row (`2024-03-01T09:30:00Z`, with or without the `Z`) as the
 * instant it means: Amsterdam local time. Returns `undefined` for `null`/empty and for text that is
 * not a date-time.
 *
 * @example
 * parseAfasDateTime('2024-07-01T12:00:00Z')?.toISOString() // '2024-07-01T10:00:00.000Z' (CEST)
 */
export function parseAfasDateTime(
  value: string | null | undefined,
  timeZone: string = AMSTERDAM,
): Date | undefined {
  if (!value) return undefined;
  const match = DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = match;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  );
  // The zone's offset at the wall-clock time, corrected once for a DST change in between.
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant);
}

function offsetAt(instant: number, timeZone: string): number {
  const local = formatAfasDateTime(new Date(instant), timeZone);
  const [datePart = '', timePart = ''] = local.split('T');
  const [y, mo, d] = datePart.split('-').map(Number);
  const [h, mi, s] = timePart.split(':').map(Number);
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  return asUtc - Math.floor(instant / 1000) * 1000;
}
