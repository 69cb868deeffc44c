import type { AfasClient, Condition } from 'afas-client';
import { z } from 'zod';
import type { BookingPlan } from './booking.js';
import type { AccountingPeriod } from './period.js';

/**
 * The standard GetConnectors the exporter reads when the App Connector authorises them: to check a
 * report against master data, choose an open period, and find what an earlier run booked.
 */
export const LOOKUP_CONNECTORS = {
  administrations: 'Profit_Administrations',
  journals: 'Profit_Journals',
  accounts: 'Profit_Accounts',
  vatCodes: 'Profit_VAT_code',
  creditors: 'Profit_Creditor',
  allocations: 'Profit_Allocation_Assigments',
  projects: 'Profit_Projects',
  periods: 'Profit_periods_per_administration',
  transactions: 'Profit_Transactions',
  subjects: 'ProfitSubjects',
  subjectTypes: 'Profit_SubjectTypes',
} as const;

/** A GetConnector the exporter can use. */
export type LookupConnector = (typeof LOOKUP_CONNECTORS)[keyof typeof LOOKUP_CONNECTORS];

/** The three UpdateConnectors an export writes through. */
export const UPDATE_CONNECTORS = ['FiEntries', 'KnSubject', 'FiEntriesCustom'] as const;

/** A GetConnector cell that may be text, a number or `null`, as text. */
export const textCell = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

/** A GetConnector yes/no cell (`true`, `1`, `'1'`, `'true'`). */
export const booleanCell = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');

const PeriodRow = z.object({
  Year: z.coerce.number(),
  Period: z.coerce.number(),
  DateFrom: z.string(),
  DateTo: z.string(),
  Blocked: booleanCell,
});

const TransactionRow = z.object({ EntryNo: z.coerce.number(), SeqNo: z.coerce.number() });
const SubjectRow = z.object({ SbId: z.coerce.number() });

/** What an earlier run (or anyone) booked under the report's invoice number. */
export interface FoundEntry {
  readonly entryNo: string;
  readonly lineSeqNos: number[];
}

/** The administration's periods, as {@link AccountingPeriod}s. */
export async function readPeriods(client: AfasClient, administration: number): Promise<AccountingPeriod[]> {
  const rows = await client
    .rows(LOOKUP_CONNECTORS.periods, {
      where: { field: 'Unit', op: 'eq', value: administration },
      orderBy: ['Year', 'Period'],
      schema: PeriodRow,
      pageSize: 1000,
    })
    .toArray({ limit: 5000 });
  return rows.map((row) => ({
    year: row.Year,
    period: row.Period,
    start: row.DateFrom.slice(0, 10),
    end: row.DateTo.slice(0, 10),
    blocked: row.Blocked,
  }));
}

/**
 * The entry booked under the plan's invoice number in its administration and journal, if any. The
 * invoice number is unique per creditor in AFAS, which makes it the export's identity.
 */
export async function findBookedEntry(
  client: AfasClient,
  plan: BookingPlan,
): Promise<FoundEntry | undefined> {
  const where: Condition[] = [
    { field: 'UnitId', op: 'eq', value: plan.administration },
    { field: 'JournalId', op: 'eq', value: plan.journal },
    { field: 'InvoiceId', op: 'eq', value: plan.invoiceNumber },
  ];
  const { rows } = await client.get(LOOKUP_CONNECTORS.transactions, {
    where,
    orderBy: ['EntryNo', 'SeqNo'],
    take: 1000,
    schema: TransactionRow,
  });
  const first = rows[0];
  if (!first) return undefined;
  const lineSeqNos = rows.filter((row) => row.EntryNo === first.EntryNo).map((row) => row.SeqNo);
  return { entryNo: String(first.EntryNo), lineSeqNos };
}

/** The dossier item an earlier run stored for the plan (same type and subject), if any. */
export async function findDossierItem(client: AfasClient, plan: BookingPlan): Promise<string | undefined> {
  const { rows } = await client.get(LOOKUP_CONNECTORS.subjects, {
    where: [
      { field: 'SbTy', op: 'eq', value: plan.dossier.itemType },
      { field: 'Ds', op: 'eq', value: plan.dossier.subject },
    ],
    orderBy: ['SbId'],
    take: 1,
    schema: SubjectRow,
  });
  return rows[0] === undefined ? undefined : String(rows[0].SbId);
}

const SubjectTypeRow = z.object({ SubjectTypeId: z.coerce.number(), Description: textCell });

/** The most dossier item types read; an environment has tens. */
export const MAX_DOSSIER_ITEM_TYPES = 10_000;

/**
 * The dossier item types AFAS has (`Profit_SubjectTypes`): id (`StId`) and description; undefined
 * when AFAS lists more than {@link MAX_DOSSIER_ITEM_TYPES}.
 */
export async function readDossierItemTypes(
  client: AfasClient,
): Promise<{ readonly id: number; readonly description: string | undefined }[] | undefined> {
  const rows = await client
    .rows(LOOKUP_CONNECTORS.subjectTypes, {
      orderBy: ['SubjectTypeId'],
      schema: SubjectTypeRow,
      pageSize: 1000,
    })
    .toArray({ limit: MAX_DOSSIER_ITEM_TYPES + 1 });
  // A list cut off would call a type past the cut unknown: more than that many is no list at all.
  if (rows.length > MAX_DOSSIER_ITEM_TYPES) return undefined;
  return rows.map((row) => ({ id: row.SubjectTypeId, description: row.Description }));
}

/** Rows of a master-data GetConnector whose `field` is one of `values` (an OR filter). */
export async function readWhereIn<Row>(
  client: AfasClient,
  connector: LookupConnector,
  field: string,
  values: readonly (string | number)[],
  schema: z.ZodType<Row>,
  extra: readonly Condition[] = [],
): Promise<Row[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  return client
    .rows(connector, {
      where: { or: unique.map((value) => [{ field, op: 'eq' as const, value }, ...extra]) },
      orderBy: [field],
      schema,
      pageSize: 1000,
    })
    .toArray({ limit: 10_000 });
}

const AccountVatRow = z.object({
  Account: z.string(),
  VatAllowed: z.union([z.boolean(), z.number(), z.string()]).nullish(),
});

/** A `VatAllowed` cell that says no; an empty cell is not a no. */
export function saysNoVat(cell: boolean | number | string | null | undefined): boolean {
  return cell === false || cell === 0 || cell === '0' || cell === 'false';
}

/**
 * Which of `accounts` allow no VAT code in AFAS (`Profit_Accounts`, `VatAllowed` false): a cost
 * line of an expense without VAT on such an account is booked without `VaId`.
 */
export async function readAccountsWithoutVat(
  client: AfasClient,
  accounts: readonly string[],
): Promise<Set<string>> {
  const rows = await readWhereIn(client, LOOKUP_CONNECTORS.accounts, 'Account', accounts, AccountVatRow);
  return new Set(rows.filter((row) => saysNoVat(row.VatAllowed)).map((row) => row.Account));
}

const EntryLineRow = z.object({
  SeqNo: z.coerce.number(),
  AccountNo: textCell,
  AmtDebit: z.coerce.number().nullish(),
  AmtCredit: z.coerce.number().nullish(),
  VatCode: textCell,
  Description: textCell,
});

/** One line of a booked entry as AFAS holds it (`Profit_Transactions`); amounts in cents. */
export interface EntryLine {
  readonly seqNo: number;
  readonly account: string | undefined;
  readonly debit: number;
  readonly credit: number;
  readonly vatCode: string | undefined;
  readonly description: string | undefined;
}

/** The lines of entry `entryNo` in `administration`, in AFAS's order (`SeqNo`). */
export async function readEntryLines(
  client: AfasClient,
  administration: number,
  entryNo: string | number,
): Promise<EntryLine[]> {
  const { rows } = await client.get(LOOKUP_CONNECTORS.transactions, {
    where: [
      { field: 'UnitId', op: 'eq', value: administration },
      { field: 'EntryNo', op: 'eq', value: Number(entryNo) },
    ],
    orderBy: ['SeqNo'],
    take: 1000,
    schema: EntryLineRow,
  });
  return rows.map((row) => ({
    seqNo: row.SeqNo,
    account: row.AccountNo,
    debit: Math.round((row.AmtDebit ?? 0) * 100),
    credit: Math.round((row.AmtCredit ?? 0) * 100),
    vatCode: row.VatCode,
    description: row.Description,
  }));
}

/** The plan's line numbers (`@SeNo`) as AFAS gave them, or as assumed. */
export interface LineNumbers {
  /** Plan line `seqNo` (posted order) → AFAS's `SeqNo` of that line. */
  readonly bySeqNo: ReadonlyMap<number, number>;
  /**
   * True when AFAS's numbers could not be read or matched (`Profit_Transactions` not authorised,
   * failing, or lines that do not match the plan): the posted order 1 … n is assumed.
   */
  readonly assumed: boolean;
}

/** The posted order 1 … n, when AFAS's own numbers are not known. */
export function assumedLineNumbers(plan: BookingPlan): LineNumbers {
  return { bySeqNo: new Map(plan.lines.map((line) => [line.seqNo, line.seqNo])), assumed: true };
}

/**
 * What identifies a line by content, AFAS's or the plan's: account, debit, credit, description.
 * Lines with the same content are interchangeable.
 */
export function lineContent(line: {
  readonly account: string | undefined;
  readonly debit: number;
  readonly credit: number;
  readonly description: string | undefined;
}): string {
  return JSON.stringify([line.account ?? '', line.debit, line.credit, line.description ?? '']);
}

/**
 * Reads the booked entry's lines from `Profit_Transactions` and matches them to the plan's lines by
 * content (account, debit, credit, description), so free fields land on the line they belong to
 * whatever order AFAS numbered them in. Lines with the same content are interchangeable and are
 * matched in order. Any line that cannot be matched one to one gives the assumed posted order.
 */
export async function readLineNumbers(
  client: AfasClient,
  plan: BookingPlan,
  entryNo: string | number,
): Promise<LineNumbers> {
  const rows = await readEntryLines(client, plan.administration, entryNo);
  if (rows.length !== plan.lines.length) return assumedLineNumbers(plan);
  const free = new Map<string, number[]>();
  for (const row of rows) {
    const key = lineContent(row);
    free.set(key, [...(free.get(key) ?? []), row.seqNo]);
  }
  const bySeqNo = new Map<number, number>();
  for (const line of plan.lines) {
    const seqNo = free.get(lineContent(line))?.shift();
    if (seqNo === undefined) return assumedLineNumbers(plan);
    bySeqNo.set(line.seqNo, seqNo);
  }
  return { bySeqNo, assumed: false };
}
