/**
 * `declaree-afas watch <inbox>`: the automatic export as a service. It polls the inbox (see the
 * folder source's contract), exports what is there through the ledger, pauses while AFAS is in
 * maintenance and backs off while it is out of reach, and on SIGTERM or SIGINT starts nothing new,
 * lets the reports in progress finish within a bound and exits 0 (the ledger knows every write that
 * was sent, so even a cut-off step is looked up, not repeated, by the next start).
 */
import { resolve } from 'node:path';
import type { ExportResult, StepName, StepStatus } from '../exporter.js';
import { DeclareeExporter } from '../exporter.js';
import type { Ledger } from '../ledger/ledger.js';
import { describeProblem } from '../problems.js';
import type { ExportSettings } from '../settings.js';
import { folderSource } from '../source/folder.js';
import { type ExportSummary, failedOnLedger, failureOf } from '../source/report-source.js';
import { nothingSent, stepsSentence } from './format.js';
import { type CliIo, EXIT } from './io.js';

/** What `watch` was told on its command line. */
export interface WatchOptions {
  readonly inbox: string;
  readonly settings: ExportSettings;
  readonly ledger: Ledger;
  readonly intervalSeconds: number;
  readonly once: boolean;
  readonly concurrency: number;
  readonly logFormat: 'text' | 'json';
  readonly preflight: boolean;
  readonly clientOptions: ConstructorParameters<typeof DeclareeExporter>[0]['clientOptions'];
  /** How long reports in progress may take to finish after SIGTERM. @unit milliseconds */
  readonly graceMs: number;
  /** Stops the service (SIGTERM, SIGINT). */
  readonly signal: AbortSignal;
}

const MAX_BACKOFF_MS = 10 * 60_000;

/** Runs the service until `signal` aborts (or one pass with `once`); returns the exit code. */
export async function watch(options: WatchOptions, io: CliIo): Promise<number> {
  const inbox = resolve(io.cwd ?? process.cwd(), options.inbox);
  const log = logger(options.logFormat, io);
  const exporter = new DeclareeExporter({
    settings: options.settings,
    ledger: options.ledger,
    preflight: options.preflight,
    clientOptions: options.clientOptions,
  });
  const source = folderSource(inbox);
  const { signal } = options;
  log('start', `watching ${inbox}`, {
    inbox,
    ledger: options.ledger.description,
    intervalSeconds: options.intervalSeconds,
    concurrency: options.concurrency,
    environment: exporter.client.baseUrl,
  });
  let backoffMs = 0;
  let worst: number = EXIT.ok;
  /** The ledger could not be written during a pass (a full disk): exit 2, as `export` does. */
  let ledgerFailed = false;
  try {
    while (!signal.aborted) {
      const pass = exporter.exportApproved(source, {
        concurrency: options.concurrency,
        signal,
        onResult: (item, result, deferred) => {
          if (failedOnLedger(result)) ledgerFailed = true;
          const fields = outcomeFields(item.ref, result, deferred);
          log('report', outcomeText(fields), fields);
        },
      });
      // After SIGTERM the reports in progress get `graceMs` to finish; then the process leaves.
      const summary = await Promise.race([pass, aborted(signal, options.graceMs).then(() => undefined)]);
      if (summary === undefined) break;
      if (options.logFormat === 'text') progress(summary, io);
      if (summary.failed > 0 || summary.invalid > 0) worst = Math.max(worst, EXIT.afas);
      if (summary.pausedUntil) {
        worst = Math.max(worst, EXIT.transport);
        if (options.once) break;
        log('pause', `AFAS is in maintenance: paused until ${summary.pausedUntil.toISOString()}`, {
          reason: 'maintenance',
          until: summary.pausedUntil.toISOString(),
        });
        await sleep(summary.pausedUntil.getTime() - Date.now(), signal);
        if (!signal.aborted) log('resume', 'resuming after the maintenance', { reason: 'maintenance' });
        continue;
      }
      if (summary.unreachable) {
        worst = Math.max(worst, EXIT.transport);
        if (options.once) break;
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(options.intervalSeconds * 1000, backoffMs * 2));
        const until = new Date(Date.now() + backoffMs);
        log(
          'pause',
          `AFAS cannot be reached (${summary.unreachable.title}): trying again at ${until.toISOString()}`,
          {
            reason: summary.unreachable.code,
            until: until.toISOString(),
          },
        );
        await sleep(backoffMs, signal);
        if (!signal.aborted) log('resume', 'trying AFAS again', { reason: summary.unreachable.code });
        continue;
      }
      backoffMs = 0;
      if (options.once) break;
      await sleep(options.intervalSeconds * 1000, signal);
    }
  } finally {
    await options.ledger.close().catch(() => {});
  }
  log('stop', signal.aborted ? 'stopped' : 'done', { reason: signal.aborted ? 'signal' : 'once' });
  return !options.once ? EXIT.ok : ledgerFailed ? EXIT.usage : worst;
}

interface OutcomeFields {
  readonly file: string;
  readonly report: string;
  readonly status: ExportResult['status'] | 'deferred';
  readonly entryNo?: string | undefined;
  readonly subjectId?: string | undefined;
  readonly problems?: readonly string[] | undefined;
  readonly step?: string | undefined;
  readonly explanation?: string | undefined;
  /** The explanation in full, e.g. whether this run sent part of a report the ledger stopped. */
  readonly detail?: string | undefined;
  /** The explanation's code, e.g. `ledger-unavailable`. */
  readonly code?: string | undefined;
  readonly fix?: string | undefined;
  /** What this pass did per step (`done`) and found done (`already-done`). */
  readonly steps: Readonly<Record<StepName, StepStatus>>;
  /** Which steps this pass did, in words, when an earlier run did the others. */
  readonly stepsDone?: string | undefined;
}

function outcomeFields(file: string, result: ExportResult, deferred: boolean): OutcomeFields {
  const failed = Object.values(result.steps).find((step) => step.status === 'failed');
  const explanation = failureOf(result);
  const stepsDone = stepsSentence(result);
  return {
    file,
    report: result.reportNumber ?? result.reportId,
    status: deferred ? 'deferred' : result.status,
    ...(result.entryNo ? { entryNo: result.entryNo } : {}),
    ...(result.subjectId ? { subjectId: result.subjectId } : {}),
    ...(result.problems.length > 0 ? { problems: result.problems.map(describeProblem) } : {}),
    ...(failed ? { step: failed.label } : {}),
    ...(explanation
      ? {
          explanation: explanation.title,
          detail: explanation.explanation,
          code: explanation.code,
          fix: explanation.fix,
        }
      : {}),
    steps: Object.fromEntries(
      Object.entries(result.steps).map(([name, step]) => [name, step.status]),
    ) as Record<StepName, StepStatus>,
    ...(stepsDone ? { stepsDone } : {}),
  };
}

function outcomeText(fields: OutcomeFields): string {
  const done = fields.stepsDone ? `; ${fields.stepsDone}` : '';
  switch (fields.status) {
    case 'exported':
      return `${fields.report}: exported, entry ${fields.entryNo ?? '?'}, dossier item ${fields.subjectId ?? '?'}${done}`;
    case 'already-exported':
      return `${fields.report}: already exported${fields.entryNo ? ` (entry ${fields.entryNo})` : ''}${done}`;
    case 'invalid':
      return `${fields.report}: invalid, ${nothingSent(fields)}: ${(fields.problems ?? []).join(' ')}`;
    case 'deferred':
      return `${fields.report}: deferred (${fields.explanation}); it stays in the inbox`;
    default: {
      // The ledger's own failure says whether this run sent part of the report: worth the words.
      const detail = fields.code === 'ledger-unavailable' ? ` ${fields.detail}` : '';
      return `${fields.report}: ${fields.step ?? 'a step'} failed: ${fields.explanation}.${detail} Fix: ${fields.fix}`;
    }
  }
}

/** On a terminal, a line after each pass that did something: what the pass did, in counts. */
function progress(summary: ExportSummary, io: CliIo): void {
  const parts = [
    [summary.exported, 'exported'],
    [summary.alreadyExported, 'already exported'],
    [summary.invalid, 'invalid'],
    [summary.failed, 'failed'],
    [summary.deferred, 'deferred'],
  ] as const;
  const total = parts.reduce((sum, [n]) => sum + n, 0);
  if (total === 0) return;
  const counts = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  io.stdout.write(
    `${new Date().toISOString()} pass   ${total} report${total === 1 ? '' : 's'}: ${counts.join(', ')}\n`,
  );
}

/** One line per event: JSON for log collectors, or text. */
function logger(format: 'text' | 'json', io: CliIo) {
  return (event: string, text: string, fields: object) => {
    const time = new Date().toISOString();
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify({ time, event, ...fields })}\n`
        : `${time} ${event.padEnd(6)} ${text}\n`,
    );
  };
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted || ms <= 0) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    signal.addEventListener('abort', finish, { once: true });
  });
}

/** Resolves `graceMs` after `signal` aborts; never before. */
function aborted(signal: AbortSignal, graceMs: number): Promise<void> {
  return new Promise((done) => {
    const start = () => setTimeout(done, graceMs).unref?.();
    if (signal.aborted) start();
    else signal.addEventListener('abort', start, { once: true });
  });
}
