import { describe, expect, it } from 'vitest';
import {
  type AccountingPeriod,
  choosePeriod,
  DeclareeReportSchema,
  resolveBookingPeriod,
} from '../src/index.js';
import { reportInput } from './fixtures.js';

const month = (period: number, blocked = false): AccountingPeriod => {
  const mm = String(period).padStart(2, '0');
  const end = new Date(Date.UTC(2025, period, 0)).toISOString().slice(0, 10);
  return { year: 2025, period, start: `2025-${mm}-01`, end, blocked };
};

describe('choosePeriod', () => {
  it('uses the calendar month when no periods are given', () => {
    expect(choosePeriod('2025-03-31', { moveBlockedPeriod: false })).toEqual({
      ok: true,
      date: '2025-03-31',
      year: 2025,
      period: 3,
    });
  });

  it("uses the administration's own period, e.g. four-week periods", () => {
    const periods = [
      { year: 2025, period: 3, start: '2025-02-24', end: '2025-03-23', blocked: false },
      { year: 2025, period: 4, start: '2025-03-24', end: '2025-04-20', blocked: false },
    ];

    expect(choosePeriod('2025-03-31', { periods, moveBlockedPeriod: false })).toMatchObject({
      ok: true,
      period: 4,
    });
  });

  it('refuses a blocked period unless moving is on', () => {
    const periods = [month(3, true), month(4)];

    expect(choosePeriod('2025-03-15', { periods, moveBlockedPeriod: false })).toEqual({
      ok: false,
      code: 'period-blocked',
      message:
        '2025-03-15 falls in period 3 of 2025, which is blocked (geblokkeerde periode) in AFAS: open the period in AFAS, or turn on moveBlockedPeriod to book in the first open period.',
    });
  });

  it('moves to the first day of the first open period after a blocked one, and says why', () => {
    const periods = [month(5), month(3, true), month(4, true), month(2)];

    expect(choosePeriod('2025-03-15', { periods, moveBlockedPeriod: true })).toEqual({
      ok: true,
      date: '2025-05-01',
      year: 2025,
      period: 5,
      moved: {
        from: '2025-03-15',
        reason:
          '2025-03-15 falls in period 3 of 2025, which is blocked in AFAS (geblokkeerde periode); booked on 2025-05-01, the first day of period 5 of 2025, the first open period after it.',
      },
    });
  });

  it.each([
    ['no open period follows', [month(3, true)], '2025-03-15', 'no-open-period'],
    ['no period holds the date', [month(3)], '2026-01-02', 'period-missing'],
  ] as const)('refuses when %s', (_, periods, date, code) => {
    expect(choosePeriod(date, { periods, moveBlockedPeriod: true })).toMatchObject({ ok: false, code });
  });
});

describe('resolveBookingPeriod', () => {
  const report = DeclareeReportSchema.parse(reportInput());

  it.each([
    ['approved', '2025-03-04'],
    ['expense', '2025-03-02'],
    ['export', '2025-04-02'],
  ] as const)('books on the %s date', (bookingDate, date) => {
    expect(
      resolveBookingPeriod(report, { bookingDate, moveBlockedPeriod: false }, { exportDate: '2025-04-02' }),
    ).toMatchObject({ ok: true, date });
  });
});
