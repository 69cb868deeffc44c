import { type FieldValue, formatCents, type UpdateElement } from 'afas-client';
import { isLocalDateTime } from './internal/dates.js';
import type { Cents } from './internal/money.js';
import { renderTemplate, type TemplateValues, usesExpensePlaceholders } from './internal/template.js';
import { type CostPart, splitExpense, type VatLinePart } from './internal/vat-split.js';
import { invoiceNumberFor } from './invoice-number.js';
import { type BookingPeriod, bookingDateOf, calendarPeriod } from './period.js';
import type { DeclareeReport, Expense } from './report.js';
import type { ExportSettings } from './settings.js';

/** AFAS's limit for descriptions (`Ds`) and file names. */
const MAX_TEXT = 255;

/** AFAS `SfTp` for a purchase relation (inkooprelatie): the creditor the dossier item belongs to. */
const PURCHASE_RELATION = 11;

/** One line of the financial entry, in the order it is posted. */
export interface BookingLine {
  /**
   * 1-based position in the posted order. AFAS numbers an entry's lines (volgnummer, `SeNo`) in the
   * order they are posted, so this is the `@SeNo` for `FiEntriesCustom`.
   */
  readonly seqNo: number;
  /** The creditor line (the employee is owed the total), a cost line, or a VAT line. */
  readonly kind: 'creditor' | 'cost' | 'vat';
  /** Declaree id of the expense behind a cost or VAT line. */
  readonly expenseId?: string | undefined;
  /** Rekeningnummer (`AcNr`): creditor number, ledger account, or VAT ledger account. */
  readonly account: string;
  /** Debit amount in cents (≥ 0); exactly one of debit and credit is non-zero unless both are 0. */
  readonly debit: Cents;
  /** Credit amount in cents (≥ 0). */
  readonly credit: Cents;
  /** Btw-code (`VaId`) of a cost or VAT line. */
  readonly vatCode?: string | undefined;
  /** The rate (per cent) of that VAT code, as the expense's VAT part states it; for people, never sent. */
  readonly vatRate?: number | undefined;
  /**
   * Why a cost line carries no VAT code: its expense has no VAT part with a code (`'no-vat-code'`),
   * or it has no VAT and its ledger account allows none in AFAS (`'account-allows-no-vat'`, known
   * from `BookingContext.accountsWithoutVat`). Absent on lines with a VAT code.
   */
  readonly withoutVat?: 'no-vat-code' | 'account-allows-no-vat' | undefined;
  /**
   * Verbijzonderingscode on the allocation axis, on cost lines of expenses with a project when
   * projects are booked as allocations (`projects.bookAs: 'allocation'`).
   */
  readonly allocationCode?: string | undefined;
  /**
   * AFAS project (projectnummer, `FiPrjEntries` `PrId`), on cost lines of expenses with a project
   * when projects are booked as AFAS projects (`projects.bookAs: 'project'`).
   */
  readonly project?: string | undefined;
  /** Omschrijving (`Ds`). */
  readonly description: string;
  /** Free-field id → value to write with `FiEntriesCustom` (empty when none apply). */
  readonly freeFields: Readonly<Record<string, string>>;
}

/** Everything the export writes for one report, computed without touching AFAS. */
export interface BookingPlan {
  /** Declaree id of the report. */
  readonly reportId: string;
  /** The report number. */
  readonly reportNumber: string;
  /** Factuurnummer (`InId`): identifies the export in AFAS; see `invoiceNumberFor`. */
  readonly invoiceNumber: string;
  /** Crediteurnummer of the employee. */
  readonly creditorId: string;
  /** Administratie (`UnId`). */
  readonly administration: number;
  /** Dagboek (`JoCo`). */
  readonly journal: string;
  /** Entry date (boekdatum), year, period, and why it moved (if it did). */
  readonly booking: BookingPeriod;
  /** Report total in cents: what the employee is owed (negative when they owe). */
  readonly total: Cents;
  /** The lines in posted order. */
  readonly lines: readonly BookingLine[];
  /** The `FiEntryPar` element for `client.insert('FiEntries', plan.fiEntries)`. */
  readonly fiEntries: UpdateElement;
  /** The dossier item (dossieritem) to create once the entry exists. */
  readonly dossier: {
    /** Type dossieritem (`StId`). */
    readonly itemType: number;
    /** Onderwerp (`Ds`). */
    readonly subject: string;
    /** File name of the PDF. */
    readonly fileName: string;
    /** Instuurdatum (`Da`), `YYYY-MM-DDTHH:MM:SS`: the export moment. */
    readonly date: string;
  };
}

/** What {@link planBooking} needs besides report and settings; the caller owns clock and AFAS reads. */
export interface BookingContext {
  /**
   * The export moment as Amsterdam wall-clock time `YYYY-MM-DDTHH:MM:SS` (afas-client's
   * `formatAfasDateTime(new Date())`). Its date is the entry date under `bookingDate: 'export'`.
   */
  readonly exportedAt: string;
  /**
   * The entry date and period, from `resolveBookingPeriod` with the administration's periods.
   * When absent, the date follows `settings.bookingDate` and the period is its calendar month.
   */
  readonly booking?: BookingPeriod | undefined;
  /**
   * Ledger accounts on which AFAS allows no VAT code (from `Profit_Accounts` when that GetConnector
   * is authorised). A cost line of an expense without VAT on such an account is booked without
   * `VaId`, even when its 0 % part has a code.
   */
  readonly accountsWithoutVat?: ReadonlySet<string> | undefined;
}

/**
 * Plans the booking of a report that passed `validateReport`: the `FiEntries` element, the lines
 * with their sequence numbers, and what the dossier item will hold. Pure: same input, same plan.
 *
 * The entry, per AFAS's purchase-invoice example: a creditor line (`VaAs` 3) crediting the report
 * total to the employee's creditor number, then per expense one cost line per VAT code on the
 * category's ledger account (net, with the VAT code, and the project as allocation code in
 * `FiDimEntries` or as project posting in `FiPrjEntries`, as `settings.projects` says) and
 * one VAT line per VAT code and VAT account on the VAT ledger account. An expense without VAT (no
 * VAT part, or only parts of 0.00) needs no VAT account and gets a cost line without `VaId` when its
 * part has no code or its account allows no VAT (`withoutVat` says which). Negative amounts (refunds)
 * swap debit and credit. Every line carries the invoice number; amounts are decimal strings with two
 * decimals. Debit equals credit to the cent for every report. No voucher number (`BpNr`) is sent:
 * the journal numbers its vouchers itself, and the report number is already in `InId` and `Ds`.
 */
export function planBooking(
  report: DeclareeReport,
  settings: ExportSettings,
  context: BookingContext,
): BookingPlan {
  if (!isLocalDateTime(context.exportedAt)) {
    throw new RangeError(
      `exportedAt must be a wall-clock date-time YYYY-MM-DDTHH:MM:SS, got "${context.exportedAt}".`,
    );
  }
  const booking =
    context.booking ??
    calendarPeriod(
      bookingDateOf(report, settings.bookingDate, context.exportedAt.slice(0, 10)),
      settings.financialYear,
    );
  const invoiceNumber = invoiceNumberFor(report.number);
  const creditorId = creditorOf(report, settings);
  const reportValues: TemplateValues = {
    'report.id': report.id,
    'report.number': report.number,
    'report.title': report.title,
    'report.submittedAt': report.submittedAt,
    'report.approvedAt': report.approvedAt,
    'invoice.number': invoiceNumber,
    'user.name': report.user.name,
    'user.email': report.user.email,
    'user.code': report.user.code,
    'user.code2': report.user.code2,
  };
  const freeFieldsFor = (values: TemplateValues, scope: 'report' | 'expense'): Record<string, string> => {
    const fields: Record<string, string> = {};
    for (const [id, template] of Object.entries(settings.freeFields)) {
      if (scope === 'report' && usesExpensePlaceholders(template)) continue;
      const value = renderTemplate(template, values, MAX_TEXT);
      if (value !== '') fields[id] = value;
    }
    return fields;
  };

  const total = report.expenses.reduce((sum, expense) => sum + expense.amount, 0);
  const lines: BookingLine[] = [
    {
      seqNo: 1,
      kind: 'creditor',
      account: creditorId,
      ...sides(-total),
      description: renderTemplate(settings.templates.entryDescription, reportValues, MAX_TEXT),
      freeFields: freeFieldsFor(reportValues, 'report'),
    },
  ];
  for (const expense of report.expenses) {
    const values: TemplateValues = { ...reportValues, ...expenseValues(expense) };
    const description = renderTemplate(settings.templates.lineDescription, values, MAX_TEXT);
    const freeFields = freeFieldsFor(values, 'expense');
    const { costParts, vatParts } = partsOf(expense);
    const account = expense.category.code ?? '';
    const noVatAllowed = vatParts.length === 0 && context.accountsWithoutVat?.has(account) === true;
    const rateOf = (code: string | undefined) =>
      code === undefined ? undefined : expense.vat.find((part) => part.code === code)?.rate;
    for (const part of costParts) {
      const vatCode = noVatAllowed ? undefined : part.vatCode;
      lines.push({
        seqNo: lines.length + 1,
        kind: 'cost',
        expenseId: expense.id,
        account,
        ...sides(part.net),
        vatCode,
        vatRate: rateOf(vatCode),
        ...(vatCode !== undefined
          ? {}
          : { withoutVat: part.vatCode === undefined ? 'no-vat-code' : 'account-allows-no-vat' }),
        ...(settings.projects.bookAs === 'project'
          ? { project: expense.project?.code }
          : { allocationCode: expense.project?.code }),
        description,
        freeFields,
      });
    }
    for (const part of vatParts) {
      lines.push({
        seqNo: lines.length + 1,
        kind: 'vat',
        expenseId: expense.id,
        account: part.account ?? '',
        ...sides(part.amount),
        vatCode: part.vatCode,
        vatRate: rateOf(part.vatCode),
        description,
        freeFields,
      });
    }
  }

  const fiEntries: UpdateElement = {
    Fields: {
      Year: booking.year,
      Peri: booking.period,
      UnId: settings.administration,
      JoCo: settings.journal,
    },
    Objects: [
      {
        FiEntries: {
          Element: lines.map((line) => lineElement(line, booking, invoiceNumber, settings)),
        },
      },
    ],
  };

  return {
    reportId: report.id,
    reportNumber: report.number,
    invoiceNumber,
    creditorId,
    administration: settings.administration,
    journal: settings.journal,
    booking: { date: booking.date, year: booking.year, period: booking.period, moved: booking.moved },
    total,
    lines,
    fiEntries,
    dossier: {
      itemType: settings.dossierItemType,
      subject: renderTemplate(settings.templates.dossierSubject, reportValues, MAX_TEXT),
      fileName: pdfFileName(
        renderTemplate(settings.templates.fileName, reportValues, MAX_TEXT),
        invoiceNumber,
      ),
      date: context.exportedAt,
    },
  };
}

/**
 * The `KnSubject` element for `client.insert('KnSubject', …)`: a dossier item of the configured type
 * holding the report PDF, linked to the purchase invoice (`PiUn`/`PiTp`/`PiId`) and to the creditor
 * as purchase relation (`SfTp` 11), so "Open bijlage" on the entry shows the PDF. The PDF as base64
 * text, or as its bytes: afas-client then writes the base64 straight into the request body.
 */
export function knSubjectElement(plan: BookingPlan, pdf: string | Uint8Array): UpdateElement {
  return {
    Fields: { StId: plan.dossier.itemType, Ds: plan.dossier.subject, Da: plan.dossier.date },
    Objects: [
      {
        KnSubjectLink: {
          Element: {
            Fields: {
              DoCRM: true,
              SfTp: PURCHASE_RELATION,
              SfId: plan.creditorId,
              PiUn: plan.administration,
              PiTp: 1,
              PiId: plan.invoiceNumber,
            },
          },
        },
      },
      {
        KnSubjectAttachment: {
          Element: [{ Fields: { FileName: plan.dossier.fileName, FileStream: pdf } }],
        },
      },
    ],
  };
}

/**
 * The `FiEntriesCustom` elements for `client.update('FiEntriesCustom', …)` once AFAS has returned the
 * entry number (`EnNo`): one per line that has free fields, keyed `@UnId`/`@EnNo`/`@SeNo`. Report-level
 * fields are on every line; fields using expense placeholders on cost and VAT lines only. Empty when
 * no free fields are configured — then skip the call.
 */
export function freeFieldElements(plan: BookingPlan, entryNumber: string | number): UpdateElement[] {
  return plan.lines
    .filter((line) => Object.keys(line.freeFields).length > 0)
    .map((line) => ({
      '@UnId': String(plan.administration),
      '@EnNo': String(entryNumber),
      '@SeNo': String(line.seqNo),
      Fields: line.freeFields,
    }));
}

/** A signed amount as debit (positive) or credit (negative). */
function sides(amount: Cents): { debit: Cents; credit: Cents } {
  // `+ 0` turns -0 into 0, so a zero total is not a "negative zero" debit.
  return amount < 0 ? { debit: 0, credit: -amount } : { debit: amount + 0, credit: 0 };
}

function partsOf(expense: Expense): { costParts: readonly CostPart[]; vatParts: readonly VatLinePart[] } {
  const split = splitExpense(expense);
  if (split.ok) return split;
  // validateReport refuses such expenses; keep the entry balanced anyway.
  const vat = expense.vat.reduce((sum, part) => sum + part.amount, 0);
  return {
    costParts: [{ vatCode: expense.vat[0]?.code, net: expense.amount - vat }],
    vatParts:
      vat === 0 ? [] : [{ vatCode: expense.vat[0]?.code, account: expense.vat[0]?.code2, amount: vat }],
  };
}

function expenseValues(expense: Expense): TemplateValues {
  return {
    'expense.id': expense.id,
    'expense.date': expense.date,
    'expense.description': expense.description,
    'expense.merchant': expense.merchant,
    'category.name': expense.category.name,
    'category.code': expense.category.code,
    'project.name': expense.project?.name,
    'project.code': expense.project?.code,
  };
}

function lineElement(
  line: BookingLine,
  booking: BookingPeriod,
  invoiceNumber: string,
  settings: Pick<ExportSettings, 'allocationAxis' | 'projects'>,
): UpdateElement {
  const fields: Record<string, FieldValue> = {
    VaAs: line.kind === 'creditor' ? '3' : '1',
    AcNr: line.account,
    EnDa: booking.date,
    // Out of a blocked period only the entry date moves; the voucher keeps the document's date.
    BpDa: booking.moved?.from ?? booking.date,
    InId: invoiceNumber,
    Ds: line.description,
  };
  // A zero amount stays on the line's natural side: credit for the creditor, debit for costs and VAT.
  const credit = line.credit > 0 || (line.kind === 'creditor' && line.debit === 0);
  if (credit) fields['AmCr'] = formatCents(line.credit);
  else fields['AmDe'] = formatCents(line.debit);
  if (line.vatCode !== undefined) fields['VaId'] = line.vatCode;
  if (line.allocationCode !== undefined) {
    const axis = settings.allocationAxis;
    return {
      Fields: fields,
      Objects: [{ FiDimEntries: { Element: { Fields: { [`DiC${axis}`]: line.allocationCode } } } }],
    };
  }
  const projects = settings.projects;
  if (line.project !== undefined && projects.bookAs === 'project') {
    // The whole line goes to the project at cost price (kostprijs); a refund is a negative cost.
    const posting: Record<string, FieldValue> = {
      PrId: line.project,
      VaIt: projects.itemType,
      ItCd: projects.itemCode,
      Ds: line.description,
      Qu: 1,
      AmCo: formatCents(line.debit - line.credit),
    };
    if (projects.charge !== undefined) posting['Ch'] = projects.charge;
    return { Fields: fields, Objects: [{ FiPrjEntries: { Element: { Fields: posting } } }] };
  }
  return { Fields: fields };
}

/** A file name AFAS and Windows accept, ending in `.pdf`. */
function pdfFileName(name: string, fallback: string): string {
  const safe = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim() || fallback;
  const withExtension = /\.pdf$/i.test(safe) ? safe : `${safe}.pdf`;
  return withExtension.length > MAX_TEXT ? `${withExtension.slice(0, MAX_TEXT - 4)}.pdf` : withExtension;
}

/** The creditor (crediteur) a report is booked on: the Declaree user code or code (2), as set. */
export function creditorOf(report: DeclareeReport, settings: Pick<ExportSettings, 'creditorField'>): string {
  return (settings.creditorField === 'code' ? report.user.code : report.user.code2) ?? '';
}
