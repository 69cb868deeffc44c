import { formatCents } from 'afas-client';
import { z } from 'zod';
import { toCalendarDay } from './internal/dates.js';
import { MAX_CENTS, parseScaled } from './internal/money.js';

/** An id or code as Declaree may send it: text or a number; trimmed text after parsing. */
const Id = z
  .union([z.string(), z.int()], { error: 'Enter an id (text or number).' })
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, { error: 'This id is empty.' }));

/** An optional text; `null`, `''` and blanks become `undefined`. */
const OptionalText = z
  .string({ error: 'Enter text here.' })
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** An optional code (ledger account, VAT code, creditor number …); numbers are read as text. */
const OptionalCode = z
  .union([z.string(), z.int()], { error: 'Enter the code as text or a number.' })
  .nullish()
  .transform((value) =>
    value === null || value === undefined ? undefined : String(value).trim() || undefined,
  );

/**
 * An amount in the report's currency, as a decimal number (`12.5`) or text (`'12.50'`, `'-3.10'`),
 * with at most two decimals and a dot as separator. Parsed to integer cents from its digits.
 */
export const AmountSchema = z
  .union([z.number(), z.string()], { error: 'Enter the amount as a number such as 12.50.' })
  .transform((value, ctx) => {
    const cents = parseScaled(value, 2, MAX_CENTS);
    if (cents === undefined) {
      // Parsable without the limit: a real amount, just too large for one booking.
      const tooLarge = parseScaled(value, 2, Number.MAX_SAFE_INTEGER) !== undefined;
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: tooLarge
          ? `${JSON.stringify(value)} is more than the largest amount one entry takes (${formatCents(MAX_CENTS)}); check the amount in Declaree.`
          : `${JSON.stringify(value)} is not an amount with at most two decimals and a dot as decimal separator (e.g. 12.50).`,
      });
      return z.NEVER;
    }
    return cents;
  });

/** A VAT rate in percent (`21`, `'9'`, `5.5`), 0 to 100 with at most two decimals. */
const Rate = z
  .union([z.number(), z.string()], { error: 'Enter the VAT rate in percent, e.g. 21.' })
  .transform((value, ctx) => {
    const hundredths = parseScaled(value, 2, 10_000);
    if (hundredths === undefined || hundredths < 0) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `${JSON.stringify(value)} is not a VAT rate between 0 and 100.`,
      });
      return z.NEVER;
    }
    return hundredths / 100;
  });

/** A date (`2024-03-31`) or date-time; kept as the Amsterdam calendar day `YYYY-MM-DD`. */
const CalendarDay = z.string({ error: 'Enter a date such as 2024-03-31.' }).transform((value, ctx) => {
  const day = toCalendarDay(value);
  if (day === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `${JSON.stringify(value)} is not a date such as 2024-03-31.`,
    });
    return z.NEVER;
  }
  return day;
});

/** One VAT part of an expense: an expense may carry several (e.g. a hotel bill at 9 % and 21 %). */
export const VatPartSchema = z.object({
  /** VAT rate in percent. */
  rate: Rate,
  /** The VAT amount of this part; after parsing in integer cents. Negative on a refund. */
  amount: AmountSchema,
  /** Declaree VAT rate `code`: the AFAS VAT code (btw-code, `VaId`, at most 3 characters). */
  code: OptionalCode,
  /** Declaree VAT rate `code (2)`: the ledger account for the VAT (btw-grootboekrekening). */
  code2: OptionalCode,
});

/** One expense (declaratieregel) of a report. */
export const ExpenseSchema = z.object({
  /** Declaree's id of the expense. */
  id: Id,
  /** The expense date. */
  date: CalendarDay,
  /** What the employee wrote about it. */
  description: OptionalText,
  /** The merchant (leverancier) on the receipt. */
  merchant: OptionalText,
  /** The expense category; its `code` is the AFAS ledger account (grootboekrekening). */
  category: z.object({
    /** The category name as shown in Declaree. */
    name: z
      .string({ error: 'The category has no name.' })
      .trim()
      .min(1, { error: 'The category has no name.' }),
    /** The AFAS ledger account (grootboekrekening) the category books to. */
    code: OptionalCode,
  }),
  /** The gross amount (including VAT); after parsing in integer cents. Negative for a refund. */
  amount: AmountSchema,
  /** The VAT parts; one for most expenses. */
  vat: z.array(VatPartSchema).default([]),
  /**
   * The project (Declaree's project / cost centre list); its `code` is the allocation code (code verbijzondering) on the
   * settings' allocation axis.
   */
  project: z
    .object({
      /** Name as shown in Declaree. */
      name: OptionalText,
      /** The AFAS allocation code (code verbijzondering). */
      code: OptionalCode,
    })
    .nullish()
    .transform((value) => value ?? undefined),
});

/** Bytes of the report PDF, or a function that loads them when the dossier item is written. */
const Pdf = z.union(
  [
    z.custom<Uint8Array>((value) => value instanceof Uint8Array),
    z.custom<() => Promise<Uint8Array>>((value) => typeof value === 'function'),
  ],
  {
    error:
      'The report has no PDF: give it as bytes (Uint8Array) or a function that loads them; in a report file, as "pdf" (a path beside the file) or "pdfBase64".',
  },
);

/** An expense report (declaratierapport) as Declaree holds it. */
export const DeclareeReportSchema = z.object({
  /** Declaree's id of the report. */
  id: Id,
  /** The report number; it becomes the AFAS invoice number (factuurnummer, see `invoiceNumberFor`). */
  number: Id,
  /** The report title. */
  title: OptionalText,
  /** Declaree status, lower case (`'approved'`, `'submitted'` …). */
  status: z.string({ error: 'The report has no status.' }).trim().toLowerCase(),
  /** When the report was submitted. */
  submittedAt: CalendarDay.optional(),
  /** When the report was approved (goedgekeurd). */
  approvedAt: CalendarDay.optional(),
  /** The report currency (ISO 4217); must equal the administration's. */
  currency: z
    .string({ error: 'The report has no currency.' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: 'The currency is a 3-letter code such as EUR.' }),
  /** The employee who submitted the report. */
  user: z.object({
    /** Full name. */
    name: z.string({ error: 'The user has no name.' }).trim().min(1, { error: 'The user has no name.' }),
    /** E-mail address. */
    email: OptionalText,
    /** Declaree user `code`: the creditor number (crediteurnummer) when `creditorField` is `'code'`. */
    code: OptionalCode,
    /** Declaree user `code (2)`: the employee code (medewerkercode), or the creditor number when `creditorField` is `'code2'`. */
    code2: OptionalCode,
  }),
  /** The expenses of the report. */
  expenses: z.array(ExpenseSchema, { error: 'The report has no list of expenses.' }),
  /** The report PDF that goes into the dossier item. */
  pdf: Pdf,
});

/** A report after parsing: trimmed codes, amounts in integer cents, dates as `YYYY-MM-DD`. */
export type DeclareeReport = z.output<typeof DeclareeReportSchema>;
/** A report as Declaree sends it (amounts as decimals, dates or date-times). */
export type DeclareeReportInput = z.input<typeof DeclareeReportSchema>;
/** One expense after parsing. */
export type Expense = z.output<typeof ExpenseSchema>;
/** One VAT part after parsing. */
export type VatPart = z.output<typeof VatPartSchema>;
