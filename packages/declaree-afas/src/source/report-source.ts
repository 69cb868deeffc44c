/**
 * Automatic export: a {@link ReportSource} lists the reports waiting for export and hears each
 * outcome back; {@link exportApproved} exports them through an exporter, a bounded number at a time.
 * The ledger keeps every report booked once, so a source may list a report again (after a crash, or
 * because two services share it): it is then already exported.
 */
import type { AfasErrorExplanation } from '../explain.js';
import type { ExportResult } from '../exporter.js';

/** One report a source offers for export. */
export interface PendingReport {
  /** The source's handle for it (a file name, a Declaree id), handed back with the outcome. */
  readonly ref: string;
  /** The report as Declaree holds it; its `pdf` may be a loader. */
  readonly report: unknown;
}

/** Where reports waiting for export come from, and where their outcomes go. */
export interface ReportSource {
  /** The reports waiting for export now; an async iterable, so a source can page. */
  pending(): AsyncIterable<PendingReport>;
  /**
   * Hears how a report's export ended: `exported` (with entry number and dossier item id),
   * `already-exported`, `invalid` (with the problems) or `failed` (with the step's explanation).
   * Not called for a report deferred by a passing fault (maintenance, network): it is offered again.
   */
  settle(item: PendingReport, result: ExportResult): Promise<void>;
  /** Hands a deferred report back (e.g. puts a claimed file back in the inbox). Optional. */
  release?(item: PendingReport): Promise<void>;
}

/** What one pass of {@link exportApproved} did. */
export interface ExportSummary {
  readonly exported: number;
  readonly alreadyExported: number;
  readonly invalid: number;
  readonly failed: number;
  /** Not settled because of a passing fault: offered again on the next pass. */
  readonly deferred: number;
  /** Set when AFAS is in maintenance (503): no new report was started after it. */
  readonly pausedUntil?: Date | undefined;
  /** Set when AFAS could not be reached (network, time-out): the caller should back off. */
  readonly unreachable?: AfasErrorExplanation | undefined;
}

/** Options of {@link exportApproved}. */
export interface ExportApprovedOptions {
  /** Reports exported at the same time. @default 4 */
  readonly concurrency?: number | undefined;
  /** When aborted, no new report is started; the ones in progress finish. */
  readonly signal?: AbortSignal | undefined;
  /** Called with every outcome, deferred ones included. */
  readonly onResult?: ((item: PendingReport, result: ExportResult, deferred: boolean) => void) | undefined;
  /** The clock, for `pausedUntil`. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
}

/** The part of an exporter `exportApproved` needs. */
export interface ReportExporter {
  exportReport(report: unknown): Promise<ExportResult>;
}

/** The explanation of a result's failed step, if a step failed. */
export function failureOf(result: ExportResult): AfasErrorExplanation | undefined {
  return Object.values(result.steps).find((step) => step.status === 'failed')?.explanation;
}

/** Faults that pass: the report is offered again later instead of being settled as failed. */
const PASSING = new Set([
  'maintenance',
  'network',
  'timeout',
  'unreadable-response',
  'booking-layout-locked',
  'aborted',
]);
/** Of those, the ones that mean AFAS is out of reach: the pass stops and the service backs off. */
const UNREACHABLE = new Set(['network', 'timeout', 'unreadable-response']);

/** True when a report failed only because AFAS was out of reach or in maintenance (exit code 3). */
export function failedOutOfReach(result: ExportResult): boolean {
  const code = result.status === 'failed' ? failureOf(result)?.code : undefined;
  return code !== undefined && (code === 'maintenance' || UNREACHABLE.has(code));
}

/** True when a report failed because the ledger could not be written (a full disk: exit code 2). */
export function failedOnLedger(result: ExportResult): boolean {
  return failureOf(result)?.code === 'ledger-unavailable';
}

/**
 * Exports what a source offers — approved and not yet booked (the exporter's checks refuse other
 * statuses, and the ledger knows what is booked) — `concurrency` at a time. One report's failure
 * never stops the others, except AFAS in maintenance or out of reach: then no new report is started
 * and the summary says so, so that a service pauses or backs off. Returns what the pass did.
 */
export async function exportApproved(
  exporter: ReportExporter,
  source: ReportSource,
  options: ExportApprovedOptions = {},
): Promise<ExportSummary> {
  const concurrency = Math.max(1, Math.min(8, Math.floor(options.concurrency ?? 4)));
  const now = options.now ?? (() => new Date());
  const counts = { exported: 0, alreadyExported: 0, invalid: 0, failed: 0, deferred: 0 };
  let pausedUntil: Date | undefined;
  let unreachable: AfasErrorExplanation | undefined;
  const stop = () =>
    options.signal?.aborted === true || pausedUntil !== undefined || unreachable !== undefined;

  const iterator = source.pending()[Symbol.asyncIterator]();
  let listing: Promise<IteratorResult<PendingReport>> | undefined;
  const next = async (): Promise<PendingReport | undefined> => {
    // One reader at a time: an async iterator must not be asked again before it answered.
    while (listing) await listing.catch(() => undefined);
    if (stop()) return undefined;
    listing = iterator.next();
    try {
      const step = await listing;
      return step.done ? undefined : step.value;
    } finally {
      listing = undefined;
    }
  };

  const worker = async () => {
    for (let item = await next(); item !== undefined; item = await next()) {
      const result = await exporter.exportReport(item.report);
      const explanation = failureOf(result);
      const passing =
        result.status === 'failed' && explanation !== undefined && PASSING.has(explanation.code);
      if (passing) {
        counts.deferred++;
        if (explanation.code === 'maintenance') {
          pausedUntil = new Date(now().getTime() + (explanation.retryAfterSeconds ?? 300) * 1000);
        } else if (UNREACHABLE.has(explanation.code)) unreachable = explanation;
        await source.release?.(item);
      } else {
        if (result.status === 'exported') counts.exported++;
        else if (result.status === 'already-exported') counts.alreadyExported++;
        else if (result.status === 'invalid') counts.invalid++;
        else counts.failed++;
        await source.settle(item, result);
      }
      try {
        options.onResult?.(item, result, passing);
      } catch {
        // a progress callback must not stop the pass
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await iterator.return?.();
  }
  return { ...counts, ...(pausedUntil ? { pausedUntil } : {}), ...(unreachable ? { unreachable } : {}) };
}
