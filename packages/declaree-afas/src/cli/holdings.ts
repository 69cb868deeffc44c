/**
 * "What AFAS now holds" after a real export, as the demo shows it: each entry this run booked, read
 * back from AFAS (`Profit_Transactions`, when the token may read it), line by line.
 */
import { type AfasClient, formatCents, isAfasError } from 'afas-client';
import { z } from 'zod';
import type { ExportResult } from '../exporter.js';
import { LOOKUP_CONNECTORS } from '../lookups.js';

/** Entries shown at most: a big batch is checked in AFAS itself. */
const MAX_SHOWN = 10;

const Line = z.object({
  SeqNo: z.coerce.number(),
  AccountNo: z.string().nullish(),
  AmtDebit: z.coerce.number().nullish(),
  AmtCredit: z.coerce.number().nullish(),
  VatCode: z.string().nullish(),
  Description: z.string().nullish(),
});

/** The entries `results` booked now, as AFAS holds them; '' when this run booked none. */
export async function whatAfasHolds(
  client: AfasClient,
  administration: number,
  results: readonly ExportResult[],
): Promise<string> {
  const booked = results.filter((r) => r.status === 'exported' && r.entryNo !== undefined);
  if (booked.length === 0) return '';
  const out = ['What AFAS now holds:'];
  for (const result of booked.slice(0, MAX_SHOWN)) {
    const head = `  Entry ${result.entryNo} (invoice ${result.invoiceNumber ?? '?'}), dossier item ${result.subjectId ?? '—'}`;
    try {
      const { rows } = await client.get(LOOKUP_CONNECTORS.transactions, {
        where: [
          { field: 'UnitId', op: 'eq', value: administration },
          { field: 'EntryNo', op: 'eq', value: Number(result.entryNo) },
        ],
        orderBy: ['SeqNo'],
        take: 1000,
        schema: Line,
      });
      out.push(`${head}:`);
      for (const line of rows) {
        const debit = line.AmtDebit ? formatCents(Math.round(line.AmtDebit * 100)) : '';
        const credit = line.AmtCredit ? formatCents(Math.round(line.AmtCredit * 100)) : '';
        out.push(
          `    ${String(line.SeqNo).padStart(2)}  ${(line.AccountNo ?? '').padEnd(8)} ${debit.padStart(10)} ${credit.padStart(10)}  ${(line.VatCode ?? '—').padEnd(4)} ${line.Description ?? ''}`,
        );
      }
    } catch (error) {
      if (!isAfasError(error)) throw error;
      // Reading back is a courtesy: the export itself is done and recorded.
      out.push(
        `${head} (its lines cannot be read back: ${LOOKUP_CONNECTORS.transactions} is not readable with this token)`,
      );
    }
  }
  if (booked.length > MAX_SHOWN) out.push(`  … and ${booked.length - MAX_SHOWN} more; see them in AFAS.`);
  return `${out.join('\n')}\n`;
}
