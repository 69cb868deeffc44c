/**
 * What AFAS holds after a real export, as the demo shows it: each entry this run booked, read back
 * from AFAS (`Profit_Transactions`, when the token may read it), line by line. Printed after the
 * results, and the lines of the export report (`--report`).
 */
import { type AfasClient, formatCents, isAfasError } from 'afas-client';
import { z } from 'zod';
import type { ExportResult } from '../exporter.js';
import { LOOKUP_CONNECTORS } from '../lookups.js';

/** Entries printed at most: a big batch is checked in AFAS itself (the report file has them all). */
const MAX_PRINTED = 10;

const LineRow = z.object({
  SeqNo: z.coerce.number(),
  AccountNo: z.string().nullish(),
  AmtDebit: z.coerce.number().nullish(),
  AmtCredit: z.coerce.number().nullish(),
  VatCode: z.string().nullish(),
  Description: z.string().nullish(),
});

/** One line of a booked entry as AFAS holds it; amounts in cents. */
export interface HeldLine {
  readonly seqNo: number;
  readonly account: string;
  readonly debit: number;
  readonly credit: number;
  readonly vatCode: string | undefined;
  readonly description: string;
}

/** The lines AFAS holds for each entry `results` booked now (by report id); `undefined` when unreadable. */
export async function readHoldings(
  client: AfasClient,
  administration: number,
  results: readonly ExportResult[],
  limit = Number.POSITIVE_INFINITY,
): Promise<Map<string, readonly HeldLine[] | undefined>> {
  const held = new Map<string, readonly HeldLine[] | undefined>();
  for (const result of booked(results).slice(0, limit)) {
    try {
      const { rows } = await client.get(LOOKUP_CONNECTORS.transactions, {
        where: [
          { field: 'UnitId', op: 'eq', value: administration },
          { field: 'EntryNo', op: 'eq', value: Number(result.entryNo) },
        ],
        orderBy: ['SeqNo'],
        take: 1000,
        schema: LineRow,
      });
      held.set(
        result.reportId,
        rows.map((row) => ({
          seqNo: row.SeqNo,
          account: row.AccountNo ?? '',
          debit: Math.round((row.AmtDebit ?? 0) * 100),
          credit: Math.round((row.AmtCredit ?? 0) * 100),
          vatCode: row.VatCode ?? undefined,
          description: row.Description ?? '',
        })),
      );
    } catch (error) {
      // Reading back is a courtesy: the export itself is done and recorded.
      if (!isAfasError(error)) throw error;
      held.set(result.reportId, undefined);
    }
  }
  return held;
}

/** The reports this run booked an entry for. */
export function booked(results: readonly ExportResult[]): ExportResult[] {
  return results.filter((r) => r.status === 'exported' && r.entryNo !== undefined);
}

/** "What AFAS now holds", for the terminal; '' when this run booked nothing. */
export async function whatAfasHolds(
  client: AfasClient,
  administration: number,
  results: readonly ExportResult[],
): Promise<string> {
  const entries = booked(results);
  if (entries.length === 0) return '';
  const held = await readHoldings(client, administration, results, MAX_PRINTED);
  const out = ['What AFAS now holds:'];
  for (const result of entries.slice(0, MAX_PRINTED)) {
    const head = `  Entry ${result.entryNo} (invoice ${result.invoiceNumber ?? '?'}), dossier item ${result.subjectId ?? '—'}`;
    const lines = held.get(result.reportId);
    if (lines === undefined) {
      out.push(
        `${head} (its lines cannot be read back: ${LOOKUP_CONNECTORS.transactions} is not readable with this token)`,
      );
      continue;
    }
    out.push(`${head}:`);
    for (const line of lines) {
      const debit = line.debit ? formatCents(line.debit) : '';
      const credit = line.credit ? formatCents(line.credit) : '';
      out.push(
        `    ${String(line.seqNo).padStart(2)}  ${line.account.padEnd(8)} ${debit.padStart(10)} ${credit.padStart(10)}  ${(line.vatCode ?? '—').padEnd(4)} ${line.description}`,
      );
    }
  }
  if (entries.length > MAX_PRINTED)
    out.push(`  … and ${entries.length - MAX_PRINTED} more; see them in AFAS.`);
  return `${out.join('\n')}\n`;
}
