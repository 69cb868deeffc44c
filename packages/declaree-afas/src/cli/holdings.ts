/**
 * What AFAS holds after a real export, as the demo shows it: each entry this run booked, read back
 * from AFAS (`Profit_Transactions`, when the token may read it), line by line. Printed after the
 * results, and the lines of the export report (`--report`).
 */
import { type AfasClient, formatCents, isAfasError } from 'afas-client';
import type { ExportResult } from '../exporter.js';
import { type EntryLine, LOOKUP_CONNECTORS, readEntryLines } from '../lookups.js';

/** Entries printed at most: a big batch is checked in AFAS itself (the report file has them all). */
export const MAX_PRINTED = 10;

/**
 * The lines AFAS holds for the first `limit` entries `results` booked now, by report id;
 * `undefined` for an entry whose lines cannot be read.
 */
export async function readHoldings(
  client: AfasClient,
  administration: number,
  results: readonly ExportResult[],
  limit = Number.POSITIVE_INFINITY,
): Promise<Map<string, readonly EntryLine[] | undefined>> {
  const held = new Map<string, readonly EntryLine[] | undefined>();
  for (const result of booked(results).slice(0, limit)) {
    try {
      held.set(result.reportId, await readEntryLines(client, administration, result.entryNo ?? ''));
    } catch (error) {
      // Reading back is a courtesy: the export itself is done and recorded.
      if (!isAfasError(error)) throw error;
      held.set(result.reportId, undefined);
    }
  }
  return held;
}

/** The reports this run booked an entry for. */
function booked(results: readonly ExportResult[]): ExportResult[] {
  return results.filter((r) => r.status === 'exported' && r.entryNo !== undefined);
}

/** "What AFAS now holds", for the terminal, from {@link readHoldings}; '' when this run booked nothing. */
export function formatHoldings(
  results: readonly ExportResult[],
  held: ReadonlyMap<string, readonly EntryLine[] | undefined>,
): string {
  const entries = booked(results);
  if (entries.length === 0) return '';
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
        `    ${String(line.seqNo).padStart(2)}  ${(line.account ?? '').padEnd(8)} ${debit.padStart(10)} ${credit.padStart(10)}  ${(line.vatCode ?? '—').padEnd(4)} ${line.description ?? ''}`,
      );
    }
  }
  if (entries.length > MAX_PRINTED)
    out.push(`  … and ${entries.length - MAX_PRINTED} more; see them in AFAS.`);
  return `${out.join('\n')}\n`;
}
