/**
 * What AFAS holds after a real export, as the demo shows it: each entry this run booked or
 * completed, read back from AFAS (`Profit_Transactions`, when the token may read it), line by line.
 * Printed after the results, and the lines of the export report (`--report`).
 */
import { type AfasClient, isAfasError } from 'afas-client';
import type { BookingLine } from '../booking.js';
import type { ExportResult } from '../exporter.js';
import { type EntryLine, LOOKUP_CONNECTORS, lineContent, readEntryLines } from '../lookups.js';
import { entryTable, plainTable, type TableLine } from './format.js';

/** Entries printed at most: a big batch is checked in AFAS itself (the report file has them all). */
export const MAX_PRINTED = 10;

/**
 * The lines AFAS holds for the first `limit` entries `results` booked or completed now, by report id;
 * `undefined` for an entry whose lines cannot be read.
 */
export async function readHoldings(
  client: AfasClient,
  administration: number,
  results: readonly ExportResult[],
  limit = Number.POSITIVE_INFINITY,
): Promise<Map<string, readonly EntryLine[] | undefined>> {
  const held = new Map<string, readonly EntryLine[] | undefined>();
  for (const result of written(results).slice(0, limit)) {
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

/** The reports this run wrote something of: it booked the entry, or finished what an earlier run began. */
function written(results: readonly ExportResult[]): ExportResult[] {
  return results.filter(
    (r) => r.entryNo !== undefined && Object.values(r.steps).some((step) => step.status === 'done'),
  );
}

/**
 * The lines AFAS holds for `result`'s entry, for the tables: account, description, amounts and VAT
 * code as AFAS gives them; the VAT rate, the kind of line and the allocation code or project from
 * the planned line with the same content ({@link lineContent}), which is what the export
 * sent: the lines read from AFAS do not include them.
 */
export function heldLines(result: ExportResult, lines: readonly EntryLine[]): TableLine[] {
  const planned = new Map<string, BookingLine[]>();
  for (const line of result.lines ?? []) {
    const key = lineContent(line);
    planned.set(key, [...(planned.get(key) ?? []), line]);
  }
  return lines.map((line) => {
    const sent = planned.get(lineContent(line))?.shift();
    return {
      seqNo: line.seqNo,
      account: line.account ?? '',
      description: line.description ?? '',
      debit: line.debit,
      credit: line.credit,
      vatCode: line.vatCode,
      vatRate: sent !== undefined && sent.vatCode === line.vatCode ? sent.vatRate : undefined,
      kind: sent?.kind,
      allocationCode: sent?.allocationCode,
      project: sent?.project,
    };
  });
}

/** Said once under the tables when they show an allocation code or project, which AFAS's lines do not give. */
export const ALLOCATION_SOURCE =
  'Allocation codes and projects are as the export sent them: the lines read back from AFAS (Profit_Transactions) do not include them.';

/** "What AFAS now holds", for the terminal, from {@link readHoldings}; '' when this run booked nothing. */
export function formatHoldings(
  results: readonly ExportResult[],
  held: ReadonlyMap<string, readonly EntryLine[] | undefined>,
  currency = 'EUR',
): string {
  const entries = written(results);
  if (entries.length === 0) return '';
  const out = ['What AFAS now holds:'];
  let allocations = false;
  for (const result of entries.slice(0, MAX_PRINTED)) {
    const head = `  Entry ${result.entryNo} (invoice ${result.invoiceNumber ?? '?'}), dossier item ${result.subjectId ?? '—'}`;
    const lines = held.get(result.reportId);
    if (lines === undefined) {
      out.push(
        `${head} (its lines cannot be read back: ${LOOKUP_CONNECTORS.transactions} is not readable with this token)`,
      );
      continue;
    }
    const table = heldLines(result, lines);
    allocations ||= table.some((line) => line.allocationCode !== undefined || line.project !== undefined);
    out.push(`${head}:`, plainTable(entryTable(table, currency), '    '));
  }
  if (entries.length > MAX_PRINTED)
    out.push(`  … and ${entries.length - MAX_PRINTED} more; see them in AFAS.`);
  if (allocations) out.push(`  ${ALLOCATION_SOURCE}`);
  return `${out.join('\n')}\n`;
}
