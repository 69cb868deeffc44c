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
  /** Entry date (boekdatum, AFAS's "Datum boeking" `EnDa`; also Boekstukdatum `BpDa` unless `moved`), `YYYY-MM-DD`. */
  readonly date: string;
  /** Financial year (`Year`). */
  readonly year: number;
  /** Period (`Peri`). */
  readonly period: number;
  /**
   * Set when a blocked period was skipped: the date first chosen and why it moved. The voucher
   * date (Boekstukdatum `BpDa`) stays `from`, the document's own date; only the entry date moves.
   */
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
 * The year and period for an entry date. Without a period list the configured financial year
 * decides (`financialYear`; else the calendar: year of the date, period = month). With the
 * administration's periods the date's period is looked up; when it is blocked and `moveBlockedPeriod`
 * is on, the entry moves to the first day of the first open period after it, and `moved` says so.
 */
export function choosePeriod(
  date: string,
  options: {
    readonly periods?: readonly AccountingPeriod[] | undefined;
    readonly moveBlockedPeriod: boolean;
    /** Year and period when `periods` is absent; the calendar when this is absent too. */
    readonly financialYear?: FinancialYear | undefined;
  },
): PeriodChoice {
  const { periods } = options;
  if (periods === undefined) return { ok: true, ...calendarPeriod(date, options.financialYear) };
  const sorted = [...periods].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const current = sorted.find((p) => p.start <= date && date <= p.end);
  if (!current) {
    return {
      ok: false,
      code: 'period-missing',
      message: `No period of the administration holds ${date}: create the financial year (boekjaar) and its periods in AFAS (Financieel > Inrichting > Boekjaren), or choose another entry date (the setting bookingDate).`,
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

/** The administration's financial year (boekjaar) when its periods cannot be read from AFAS. */
export interface FinancialYear {
  /** Month (1–12) the financial year starts in. */
  readonly firstMonth: number;
  /** 12 monthly periods, or 13 four-week periods from the year's first day (the 13th takes the rest). */
  readonly periods: 12 | 13;
}

const DAY_MS = 86_400_000;

/**
 * The year and period of a `YYYY-MM-DD` date in a configured financial year: the year is the
 * calendar year the financial year starts in. Without `financialYear`, the calendar: year of the
 * date, period = month.
 */
export function calendarPeriod(
  date: string,
  financialYear: FinancialYear = { firstMonth: 1, periods: 12 },
): BookingPeriod {
  const calendarYear = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const year = month >= financialYear.firstMonth ? calendarYear : calendarYear - 1;
  if (financialYear.periods === 12) {
    return { date, year, period: ((month - financialYear.firstMonth + 12) % 12) + 1 };
  }
  const start = Date.UTC(year, financialYear.firstMonth - 1, 1);
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS);
  return { date, year, period: Math.min(13, Math.floor(days / 28) + 1) };
}

/** {@link bookingDateOf} then {@link choosePeriod}, with the settings' choices. */
export function resolveBookingPeriod(
  report: Pick<DeclareeReport, 'approvedAt' | 'expenses'>,
  settings: Pick<ExportSettings, 'bookingDate' | 'moveBlockedPeriod'> &
    Partial<Pick<ExportSettings, 'financialYear'>>,
  context: { readonly exportDate: string; readonly periods?: readonly AccountingPeriod[] | undefined },
): PeriodChoice {
  const date = bookingDateOf(report, settings.bookingDate, context.exportDate);
  return choosePeriod(date, {
    periods: context.periods,
    moveBlockedPeriod: settings.moveBlockedPeriod,
    financialYear: settings.financialYear,
  });
}
