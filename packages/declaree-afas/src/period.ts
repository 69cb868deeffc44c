import type { DeclareeReport } from './report.js';
import type { ExportSettings } from './settings.js';

/**
 * One period (periode) of an administration, as `Profit_periods_per_administration` lists them:
 * map its row to this shape. Dates are `YYYY-MM-DD`, both ends inclusive.
 */
export interface AccountingPeriod {
  /** Financial year (boekjaar). */
  readonly year: number;
  /** Period number within the year (1–12 for months, 1–13 for four-week periods). */
  readonly period: number;
  /** First day of the period. */
  readonly start: string;
  /** Last day of the period. */
  readonly end: string;
  /** True when the period is blocked (geblokkeerd) for bookings. */
  readonly blocked: boolean;
}

/** The date, year and period an entry is booked on. */
export interface BookingPeriod {
  /** Booking date (Datum boeking `EnDa`, Boekstukdatum `BpDa`), `YYYY-MM-DD`. */
  readonly date: string;
  /** Financial year (`Year`). */
  readonly year: number;
  /** Period (`Peri`). */
  readonly period: number;
  /** Set when a blocked period was skipped: the date first chosen and why it moved. */
  readonly moved?: { readonly from: string; readonly reason: string } | undefined;
}

/** Why no booking period could be chosen. */
export interface PeriodRefusal {
  /**
   * `period-blocked`: the date's period is blocked and moving is off; `no-open-period`: blocked
   * and no open period follows; `period-missing`: no period of the administration holds the date.
   */
  readonly code: 'period-blocked' | 'no-open-period' | 'period-missing';
  /** Plain English with the Dutch AFAS terms and what to do. */
  readonly message: string;
}

/** The outcome of {@link choosePeriod}. */
export type PeriodChoice = ({ readonly ok: true } & BookingPeriod) | ({ readonly ok: false } & PeriodRefusal);

/**
 * The date a report is booked on, per `settings.bookingDate`: its approval date, its latest expense
 * date (a report cannot be booked before its last expense happened), or the export date.
 * For a report without approval date under `'approved'` (which `validateReport` refuses) it falls
 * back to the export date.
 */
export function bookingDateOf(
  report: Pick<DeclareeReport, 'approvedAt' | 'expenses'>,
  bookingDate: ExportSettings['bookingDate'],
  exportDate: string,
): string {
  switch (bookingDate) {
    case 'approved':
      return report.approvedAt ?? exportDate;
    case 'expense':
      // ISO dates sort as text.
      return (
        report.expenses
          .map((expense) => expense.date)
          .sort()
          .at(-1) ?? exportDate
      );
    case 'export':
      return exportDate;
  }
}

/**
 * The year and period for a booking date. Without a period list the calendar is used (year of the
 * date, period = month), which fits administrations with twelve monthly periods. With the
 * administration's periods the date's period is looked up; when it is blocked and `moveBlockedPeriod`
 * is on, the entry moves to the first day of the first open period after it, and `moved` says so.
 */
export function choosePeriod(
  date: string,
  options: {
    readonly periods?: readonly AccountingPeriod[] | undefined;
    readonly moveBlockedPeriod: boolean;
  },
): PeriodChoice {
  const { periods } = options;
  if (periods === undefined) return { ok: true, ...calendarPeriod(date) };
  const sorted = [...periods].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const current = sorted.find((p) => p.start <= date && date <= p.end);
  if (!current) {
    return {
      ok: false,
      code: 'period-missing',
      message: `No period of the administration holds ${date}: create the financial year (boekjaar) and its periods in AFAS (Financieel > Inrichting > Boekjaren), or choose another booking date.`,
    };
  }
  if (!current.blocked) return { ok: true, date, year: current.year, period: current.period };
  const name = `period ${current.period} of ${current.year}`;
  if (!options.moveBlockedPeriod) {
    return {
      ok: false,
      code: 'period-blocked',
      message: `${date} falls in ${name}, which is blocked (geblokkeerde periode) in AFAS: open the period in AFAS, or turn on moveBlockedPeriod to book in the first open period.`,
    };
  }
  const open = sorted.find((p) => p.start > current.end && !p.blocked);
  if (!open) {
    return {
      ok: false,
      code: 'no-open-period',
      message: `${date} falls in ${name}, which is blocked (geblokkeerde periode), and no open period follows it: open a period or create the next financial year (boekjaar) in AFAS.`,
    };
  }
  return {
    ok: true,
    date: open.start,
    year: open.year,
    period: open.period,
    moved: {
      from: date,
      reason: `${date} falls in ${name}, which is blocked in AFAS (geblokkeerde periode); booked on ${open.start}, the first day of period ${open.period} of ${open.year}, the first open period after it.`,
    },
  };
}

/** The calendar's year and month of a `YYYY-MM-DD` date as booking year and period. */
export function calendarPeriod(date: string): BookingPeriod {
  return { date, year: Number(date.slice(0, 4)), period: Number(date.slice(5, 7)) };
}

/** {@link bookingDateOf} then {@link choosePeriod}, with the settings' choices. */
export function resolveBookingPeriod(
  report: Pick<DeclareeReport, 'approvedAt' | 'expenses'>,
  settings: Pick<ExportSettings, 'bookingDate' | 'moveBlockedPeriod'>,
  context: { readonly exportDate: string; readonly periods?: readonly AccountingPeriod[] | undefined },
): PeriodChoice {
  const date = bookingDateOf(report, settings.bookingDate, context.exportDate);
  return choosePeriod(date, { periods: context.periods, moveBlockedPeriod: settings.moveBlockedPeriod });
}
