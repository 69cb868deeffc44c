import { splitExpense } from './internal/vat-split.js';
import { expenseName, type ProblemCode, problemsFromIssues, type ReportProblem } from './problems.js';
import { type DeclareeReport, DeclareeReportSchema, type Expense } from './report.js';
import type { ExportSettings } from './settings.js';

/** AFAS's advice: at most 1,000 lines per entry (journaalpost); more works but gets slow. */
export const MAX_ENTRY_LINES = 1000;

/** AFAS field lengths that Declaree codes must fit. */
const MAX_ACCOUNT = 16;
/** Projectnummer (`PrId`) in AFAS. */
const MAX_PROJECT = 15;
const MAX_VAT_CODE = 3;

/** The outcome of {@link validateReport}: the parsed report, or every problem found. */
export type ValidationResult =
  | { readonly ok: true; readonly report: DeclareeReport }
  | { readonly ok: false; readonly problems: readonly ReportProblem[] };

/**
 * Checks a report as Declaree sends it against the settings, before anything is sent to AFAS.
 * First its shape (missing fields, amounts that are not decimals with at most two decimals, dates);
 * then what AFAS would refuse: a status other than `settings.exportStatuses` (Declaree exports
 * approved reports only, so that is the default), a currency other than the administration's, no
 * expenses, a missing creditor number, ledger account, allocation code, or (for a VAT part with an
 * amount) VAT code or VAT account,
 * VAT that does not fit the gross amount, codes longer than AFAS's fields, more than 1,000 lines.
 * Every problem names the report, the expense and the Declaree field to fix.
 */
export function validateReport(input: unknown, settings: ExportSettings): ValidationResult {
  const parsed = DeclareeReportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues, input) };
  const problems = checkReport(parsed.data, settings);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, report: parsed.data };
}

function checkReport(report: DeclareeReport, settings: ExportSettings): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const name = `Report ${report.number}`;
  const add = (code: ProblemCode, field: string, message: string, expense?: Expense): void => {
    problems.push({
      reportId: report.id,
      reportNumber: report.number,
      ...(expense === undefined
        ? {}
        : { expenseId: expense.id, expense: expenseName(expense, report.currency) }),
      field,
      code,
      message,
    });
  };

  if (/\p{Cc}/u.test(report.number)) {
    add(
      'invalid-field',
      'number',
      `${name.replace(/\p{Cc}/gu, '?')} has a control character (a tab, line break or other invisible character) in its number, which AFAS cannot store in an invoice number (factuurnummer): correct the report number in Declaree.`,
    );
  }
  if (!settings.exportStatuses.includes(report.status)) {
    const allowed = settings.exportStatuses.map((status) => `'${status}'`).join(' or ');
    add(
      'not-approved',
      'status',
      `${name} has status '${report.status}'; only reports with status ${allowed} are exported. Approve the report (goedkeuren) in Declaree first, or add the status to the setting exportStatuses.`,
    );
  }
  if (report.currency !== settings.currency) {
    add(
      'currency-mismatch',
      'currency',
      `${name} is in ${report.currency}, but administration ${settings.administration} books in ${settings.currency} (valuta): AFAS entries from Declaree are booked in the administration's currency only. Convert the report to ${settings.currency} in Declaree.`,
    );
  }
  if (settings.bookingDate === 'approved' && report.approvedAt === undefined) {
    add(
      'missing-approval-date',
      'approvedAt',
      `${name} has no approval date, which the setting bookingDate 'approved' takes as the entry date (boekdatum): approve the report in Declaree, or choose bookingDate 'expense' or 'export'.`,
    );
  }
  if (report.expenses.length === 0) {
    add(
      'empty-report',
      'expenses',
      `${name} has no expenses: there is nothing to book (geen boekingsregels).`,
    );
  }

  const creditorField = settings.creditorField;
  const creditor = report.user[creditorField];
  const creditorLabel = creditorField === 'code' ? 'code' : 'code (2)';
  if (creditor === undefined) {
    add(
      'missing-creditor',
      `user.${creditorField}`,
      `The user ${report.user.name} has no ${creditorLabel}: set it to their creditor number (crediteurnummer) in AFAS (Declaree's "crediteur" field is ${creditorLabel}).`,
    );
  } else if (creditor.length > MAX_ACCOUNT) {
    add(
      'code-too-long',
      `user.${creditorField}`,
      `The ${creditorLabel} '${creditor}' of user ${report.user.name} is longer than ${MAX_ACCOUNT} characters, so it cannot be a creditor number (crediteurnummer) in AFAS.`,
    );
  }

  let lineCount = 1;
  report.expenses.forEach((expense, i) => {
    const at = `expenses[${i}]`;
    const category = expense.category;
    if (category.code === undefined) {
      add(
        'missing-account',
        `${at}.category.code`,
        `The category '${category.name}' has no code: set its code to the AFAS ledger account (grootboekrekening) it books to.`,
        expense,
      );
    } else if (category.code.length > MAX_ACCOUNT) {
      add(
        'code-too-long',
        `${at}.category.code`,
        `The code '${category.code}' of category '${category.name}' is longer than ${MAX_ACCOUNT} characters, so it cannot be an AFAS ledger account (grootboekrekening).`,
        expense,
      );
    }

    expense.vat.forEach((part, j) => {
      const vatAt = `${at}.vat[${j}]`;
      const rate = `The VAT rate ${part.rate} %`;
      // A part without VAT (amount 0) may lack a code: its cost line is then booked without VaId.
      if (part.code === undefined && part.amount !== 0) {
        add(
          'missing-vat-code',
          `${vatAt}.code`,
          `${rate} has VAT but no code: set its code to the AFAS VAT code (btw-code).`,
          expense,
        );
      } else if (part.code !== undefined && part.code.length > MAX_VAT_CODE) {
        add(
          'code-too-long',
          `${vatAt}.code`,
          `${rate} has code '${part.code}', longer than ${MAX_VAT_CODE} characters: an AFAS VAT code (btw-code) has at most ${MAX_VAT_CODE}.`,
          expense,
        );
      }
      if (part.amount !== 0 && part.code2 === undefined) {
        add(
          'missing-vat-account',
          `${vatAt}.code2`,
          `${rate} has no code (2): set its code (2) to the AFAS ledger account for the VAT (btw-grootboekrekening).`,
          expense,
        );
      } else if (part.code2 !== undefined && part.code2.length > MAX_ACCOUNT) {
        add(
          'code-too-long',
          `${vatAt}.code2`,
          `${rate} has code (2) '${part.code2}', longer than ${MAX_ACCOUNT} characters, so it cannot be a VAT ledger account (btw-grootboekrekening).`,
          expense,
        );
      }
    });

    if (expense.amount === 0) {
      add(
        'invalid-amount',
        `${at}.amount`,
        'The amount is 0.00: a line of nothing cannot be booked. Correct the amount in Declaree or remove the expense from the report.',
        expense,
      );
    }

    const project = expense.project;
    // A project is an allocation code (≤ 16) or an AFAS project number (≤ 15), as `projects` says.
    const asProject = settings.projects.bookAs === 'project';
    const target = asProject
      ? 'the AFAS project number (projectnummer)'
      : `the AFAS allocation code (code verbijzondering) on axis ${settings.allocationAxis}`;
    const maxLength = asProject ? MAX_PROJECT : MAX_ACCOUNT;
    if (project !== undefined && project.code === undefined) {
      add(
        'missing-allocation-code',
        `${at}.project.code`,
        `The project${project.name ? ` '${project.name}'` : ''} has no code: set its code in Declaree to ${target}.`,
        expense,
      );
    } else if (project?.code !== undefined && project.code.length > maxLength) {
      add(
        'code-too-long',
        `${at}.project.code`,
        `The project code '${project.code}' is longer than ${maxLength} characters, so it cannot be ${target}.`,
        expense,
      );
    }

    const split = splitExpense(expense);
    if (split.ok) {
      lineCount += split.costParts.length + split.vatParts.length;
    } else {
      add(
        split.code,
        `${at}.vat`,
        `The expense cannot be booked: ${split.reason}. Correct the VAT amounts (btw-bedragen) in Declaree.`,
        expense,
      );
    }
  });

  if (lineCount > MAX_ENTRY_LINES) {
    add(
      'too-many-lines',
      'expenses',
      `${name} would become an entry (journaalpost) of ${lineCount} lines; AFAS advises at most ${MAX_ENTRY_LINES} lines per entry. Split the report in Declaree.`,
    );
  }
  return problems;
}
