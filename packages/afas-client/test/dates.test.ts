import { formatAfasDateTime, parseAfasDateTime } from 'afas-client';
import { describe, expect, it } from 'vitest';

describe('AFAS date-times', () => {
  it.each([
    ['2024-07-01T12:00:00Z', '2024-07-01T10:00:00.000Z'],
    ['2024-01-15T12:00:00Z', '2024-01-15T11:00:00.000Z'],
    ['2024-01-15T12:00:00', '2024-01-15T11:00:00.000Z'],
    ['2020-11-22T00:00:00Z', '2020-11-21T23:00:00.000Z'],
    ['2024-03-31T03:30:00Z', '2024-03-31T01:30:00.000Z'],
    ['2024-10-27T12:00:00.5Z', '2024-10-27T11:00:00.500Z'],
  ])('reads %s as Amsterdam local time (%s)', (afas, instant) => {
    expect(parseAfasDateTime(afas)?.toISOString()).toBe(instant);
  });

  it.each([[null], [''], ['yesterday'], [undefined]])('gives undefined for %s', (value) => {
    expect(parseAfasDateTime(value)).toBeUndefined();
  });

  it('round-trips through the filter format', () => {
    for (const iso of ['2024-07-01T10:00:00.000Z', '2024-12-31T22:59:59.000Z', '2025-03-30T00:59:00.000Z']) {
      const date = new Date(iso);
      expect(parseAfasDateTime(formatAfasDateTime(date))?.toISOString()).toBe(iso);
    }
  });

  it('refuses an invalid Date', () => {
    expect(() => formatAfasDateTime(new Date('nope'))).toThrow(RangeError);
  });
});
