import type { AfasClient } from 'afas-client';
import { z } from 'zod';
import {
  booleanCell,
  LOOKUP_CONNECTORS,
  type LookupConnector,
  readWhereIn,
  saysNoVat,
  textCell,
  type UPDATE_CONNECTORS,
} from './lookups.js';
import { expenseName, type ProblemCode, type ReportProblem } from './problems.js';
import type { DeclareeReport } from './report.js';
import type { ExportSettings } from './settings.js';

/**
 * A check that could not be run: the App Connector does not authorise the connector it reads (a
 * GetConnector, or an UpdateConnector's metainfo for AFAS's field limits), or reading it failed.
 */
export interface SkippedCheck {
  /** What was not checked. */
  readonly check: string;
  /** The connector it needs. */
  readonly connector: LookupConnector | (typeof UPDATE_CONNECTORS)[number];
  /**
   * Why not: the connector is not authorised (the default), AFAS's answer could not be read, or
   * it does not list what the check needs (`Profit_SubjectTypes` without AFAS's own types).
   */
  readonly reason?: 'not-authorised' | 'read-failed' | 'not-listed' | undefined;
  /** With `not-listed`: what the connector's answer lacks, e.g. `lists no dossier item types`. */
  readonly note?: string | undefined;
}

/** The outcome of a preflight: problems found in AFAS's master data, and checks skipped. */
export interface PreflightResult {
  /** True when nothing was found that AFAS would refuse (skipped checks aside). */
  readonly ok: boolean;
  readonly problems: readonly ReportProblem[];
  readonly skipped: readonly SkippedCheck[];
  /**
   * What the export will do differently from the report, and why, though nothing is wrong: e.g. a
   * 0 % VAT code left off a cost line because its ledger account allows no VAT in AFAS.
   */
  readonly notes: readonly PreflightNote[];
}

/** Something the preflight found that changes the booking without being a problem. */
export interface PreflightNote {
  /** Declaree id of the report. */
  readonly reportId: string;
  /** The report number. */
  readonly reportNumber?: string | undefined;
  readonly expenseId?: string | undefined;
  /** That expense as a bookkeeper finds it in Declaree: date, description, amount (see `ReportProblem.expense`). */
  readonly expense?: string | undefined;
  /** The report field it is about, e.g. `expenses[1].vat[0].code`. */
  readonly field: string;
  readonly code: 'vat-code-left-off';
  readonly message: string;
}

const AccountRow = z.object({
  Account: z.string(),
  Blocked: booleanCell,
  VatAllowed: z.union([z.boolean(), z.number(), z.string()]).nullish(),
  DimAx1: textCell,
  DimAx2: textCell,
  DimAx3: textCell,
  DimAx4: textCell,
  DimAx5: textCell,
  ToProject: textCell,
});
const VatRow = z.object({ VatCode: z.string(), Blocked: booleanCell });
const CreditorRow = z.object({ CreditorId: z.string(), Blocked: booleanCell });
const ProjectRow = z.object({ ProjectId: z.string(), Blocked: booleanCell });
const AssignmentRow = z.object({ Account: z.string(), DimAx: textCell, DimCode: z.string() });

/** An account setting (`DimAx…`, `ToProject`) that makes its use required. */
function saysRequired(cell: string | undefined): boolean {
  return /^(v|verplicht|required|true|1)$/i.test(cell ?? '');
}

/** Where a value comes from in the Declaree report, to name it in a problem. */
interface Use {
  readonly field: string;
  readonly expenseId?: string | undefined;
}

/**
 * Checks a valid report against AFAS master data before anything is sent: ledger accounts exist
 * and are not blocked, VAT codes exist and are allowed on the account, the creditor exists,
 * allocation codes are assigned to the account and required ones are given, projects exist and
 * accounts marked "to project" get one (as a project posting). Each check needs its
 * standard GetConnector; without it the check is listed as skipped.
 */
export async function preflightReport(
  client: AfasClient,
  settings: ExportSettings,
  report: DeclareeReport,
  authorised: (connector: LookupConnector) => Promise<boolean>,
): Promise<PreflightResult> {
  const problems: ReportProblem[] = [];
  const skipped: SkippedCheck[] = [];
  const named = (expenseId: string | undefined) => {
    const expense = report.expenses.find((e) => e.id === expenseId);
    return expense === undefined ? undefined : expenseName(expense, report.currency);
  };
  const problem = (use: Use, code: ProblemCode, message: string) =>
    problems.push({
      reportId: report.id,
      reportNumber: report.number,
      expenseId: use.expenseId,
      expense: named(use.expenseId),
      field: use.field,
      code,
      message,
    });
  const can = async (connector: LookupConnector, check: string) => {
    if (await authorised(connector)) return true;
    skipped.push({ check, connector, reason: 'not-authorised' });
    return false;
  };

  const accounts = new Map<string, Use[]>();
  const vatCodes = new Map<string, Use[]>();
  const vatOnAccount: { account: string; vatCode: string; use: Use }[] = [];
  const zeroVatOnAccount: { account: string; vatCode: string; use: Use }[] = [];
  const notes: PreflightNote[] = [];
  const allocations: { account: string; code: string | undefined; use: Use }[] = [];
  const asProject = settings.projects.bookAs === 'project';
  const projects = new Map<string, Use[]>();
  const postings: { account: string; project: string | undefined; use: Use }[] = [];
  const add = (map: Map<string, Use[]>, key: string | undefined, use: Use) => {
    if (key !== undefined) map.set(key, [...(map.get(key) ?? []), use]);
  };
  report.expenses.forEach((expense, i) => {
    const at = `expenses[${i}]`;
    const category = { field: `${at}.category.code`, expenseId: expense.id };
    add(accounts, expense.category.code, category);
    const project = { field: `${at}.project.code`, expenseId: expense.id };
    // A project is an allocation code or an AFAS project, never both (settings.projects).
    allocations.push({
      account: expense.category.code ?? '',
      code: asProject ? undefined : expense.project?.code,
      use: project,
    });
    postings.push({ account: expense.category.code ?? '', project: expense.project?.code, use: project });
    if (asProject) add(projects, expense.project?.code, project);
    expense.vat.forEach((part, j) => {
      const code = { field: `${at}.vat[${j}].code`, expenseId: expense.id };
      add(vatCodes, part.code, code);
      // An expense without VAT is booked without VaId where the account allows none (see planBooking).
      const withVat = expense.vat.some((p) => p.amount !== 0);
      if (part.code !== undefined && expense.category.code !== undefined) {
        (withVat ? vatOnAccount : zeroVatOnAccount).push({
          account: expense.category.code,
          vatCode: part.code,
          use: code,
        });
      }
      if (part.amount !== 0)
        add(accounts, part.code2, { field: `${at}.vat[${j}].code2`, expenseId: expense.id });
    });
  });

  if (
    await can(
      LOOKUP_CONNECTORS.accounts,
      'ledger accounts exist, are open, allow VAT and have their allocation axes filled',
    )
  ) {
    const rows = new Map(
      (
        await readWhereIn(client, LOOKUP_CONNECTORS.accounts, 'Account', [...accounts.keys()], AccountRow)
      ).map((r) => [r.Account, r]),
    );
    for (const [account, uses] of accounts) {
      const row = rows.get(account);
      for (const use of uses) {
        if (!row) {
          problem(
            use,
            'unknown-account',
            `Ledger account (grootboekrekening) ${account} does not exist in administration ${settings.administration}: correct the code in Declaree.`,
          );
        } else if (row.Blocked) {
          problem(
            use,
            'blocked-account',
            `Ledger account (grootboekrekening) ${account} is blocked (geblokkeerd) in AFAS: use another account or unblock it.`,
          );
        }
      }
    }
    for (const { account, vatCode, use } of zeroVatOnAccount) {
      if (!saysNoVat(rows.get(account)?.VatAllowed)) continue;
      notes.push({
        reportId: report.id,
        reportNumber: report.number,
        expenseId: use.expenseId,
        expense: named(use.expenseId),
        field: use.field,
        code: 'vat-code-left-off',
        message: `VAT code (btw-code) ${vatCode} is left off: the expense has no VAT, and ledger account ${account} allows no VAT in AFAS, so its cost line is booked without a VAT code.`,
      });
    }
    for (const { account, vatCode, use } of vatOnAccount) {
      if (saysNoVat(rows.get(account)?.VatAllowed)) {
        problem(
          use,
          'vat-not-allowed',
          `VAT code (btw-code) ${vatCode} is not allowed on ledger account ${account}, which takes no VAT (btw): if the receipt has no VAT, set the expense's VAT to 0.00 in Declaree; if it has VAT, give its category a ledger account that allows VAT (the AFAS administrator sets this per account under Financieel > Grootboek > Grootboekrekeningen).`,
        );
      }
    }
    for (const { account, project, use } of postings) {
      if (!saysRequired(rows.get(account)?.ToProject) || (asProject && project !== undefined)) continue;
      problem(
        use,
        'project-required',
        asProject
          ? `Ledger account ${account} books to projects (doorboeken naar projecten) in AFAS, so every expense on it needs a project: give the expense a project in Declaree whose code is the AFAS project number.`
          : `Ledger account ${account} books to projects (doorboeken naar projecten) in AFAS, and projects are booked as allocation codes (code verbijzondering): set projects to { bookAs: 'project', itemCode } and give each expense on it a project whose code is the AFAS project number, or give the category an account that does not book to projects.`,
      );
    }
    const axis = `DimAx${settings.allocationAxis}` as const;
    for (const { account, code, use } of allocations) {
      if (code === undefined && saysRequired(rows.get(account)?.[axis])) {
        problem(
          use,
          'allocation-required',
          asProject
            ? `Ledger account ${account} requires an allocation code (code verbijzondering) on axis ${settings.allocationAxis}, and projects are booked as AFAS projects, which fill no allocation code: have the AFAS administrator make the axis optional for account ${account}, or give the category another account.`
            : `Ledger account ${account} requires an allocation code (code verbijzondering) on axis ${settings.allocationAxis}: give the expense a project in Declaree whose code is that allocation code.`,
        );
      }
    }
  }

  if (await can(LOOKUP_CONNECTORS.vatCodes, 'VAT codes exist')) {
    const rows = new Map(
      (await readWhereIn(client, LOOKUP_CONNECTORS.vatCodes, 'VatCode', [...vatCodes.keys()], VatRow)).map(
        (r) => [r.VatCode, r],
      ),
    );
    for (const [code, uses] of vatCodes) {
      const row = rows.get(code);
      if (row && !row.Blocked) continue;
      for (const use of uses) {
        problem(
          use,
          'unknown-vat-code',
          `VAT code (btw-code) ${code} ${row ? 'is blocked' : 'does not exist'} in AFAS: correct the VAT rate's code in Declaree.`,
        );
      }
    }
  }

  const creditorField = settings.creditorField === 'code' ? 'user.code' : 'user.code2';
  const creditorId = settings.creditorField === 'code' ? report.user.code : report.user.code2;
  if (creditorId !== undefined && (await can(LOOKUP_CONNECTORS.creditors, 'the creditor exists'))) {
    const [row] = await readWhereIn(
      client,
      LOOKUP_CONNECTORS.creditors,
      'CreditorId',
      [creditorId],
      CreditorRow,
    );
    if (!row || row.Blocked) {
      problem(
        { field: creditorField },
        'unknown-creditor',
        `Creditor (crediteur) ${creditorId} of ${report.user.name} ${row ? 'is blocked' : 'does not exist'} in AFAS: fix the user's ${creditorField === 'user.code' ? 'code' : 'code (2)'} in Declaree, or create the creditor in AFAS.`,
      );
    }
  }

  const coded = allocations.filter((a) => a.code !== undefined && a.account !== '');
  if (
    coded.length > 0 &&
    (await can(LOOKUP_CONNECTORS.allocations, 'allocation codes are assigned to the accounts'))
  ) {
    const rows = await readWhereIn(
      client,
      LOOKUP_CONNECTORS.allocations,
      'Account',
      coded.map((a) => a.account),
      AssignmentRow,
      [{ field: 'Unit', op: 'eq', value: settings.administration }],
    );
    for (const { account, code, use } of coded) {
      const assigned = rows.some(
        (r) =>
          r.Account === account &&
          r.DimCode === code &&
          (r.DimAx ?? String(settings.allocationAxis)) === String(settings.allocationAxis),
      );
      if (!assigned) {
        problem(
          use,
          'allocation-not-assigned',
          `Allocation code (code verbijzondering) ${code} is not assigned to ledger account ${account} (or the assignment is blocked): use this project only with categories whose account it is assigned to, or add the assignment in AFAS.`,
        );
      }
    }
  }

  if (projects.size > 0 && (await can(LOOKUP_CONNECTORS.projects, 'AFAS projects exist and are open'))) {
    const rows = new Map(
      (
        await readWhereIn(client, LOOKUP_CONNECTORS.projects, 'ProjectId', [...projects.keys()], ProjectRow)
      ).map((r) => [r.ProjectId, r]),
    );
    for (const [id, uses] of projects) {
      const row = rows.get(id);
      if (row && !row.Blocked) continue;
      for (const use of uses) {
        problem(
          use,
          'unknown-project',
          `Project ${id} ${row ? 'is blocked' : 'does not exist'} in AFAS (Projecten > Project > Projecten): correct the project's code in Declaree to the AFAS project number${row ? ', or have the project unblocked' : ''}.`,
        );
      }
    }
  }

  return { ok: problems.length === 0, problems, skipped, notes };
}
