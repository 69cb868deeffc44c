import { hostname } from 'node:os';
import { inspect } from 'node:util';
import {
  AfasClient,
  type AfasClientOptions,
  envelope,
  formatAfasDateTime,
  type UpdateBody,
} from 'afas-client';
import { type BookingPlan, freeFieldElements, knSubjectElement, planBooking } from './booking.js';
import { type ConnectionCheck, checkConnection } from './connection-check.js';
import { explainAfasError } from './explain.js';
import { isRunning } from './internal/process.js';
import { remembered } from './internal/remembered.js';
import { LedgerUnavailableError } from './ledger/errors.js';
import {
  type ExportKey,
  type Lease,
  type Ledger,
  type LedgerRecord,
  leaseOwner,
  ownerIsGone,
} from './ledger/ledger.js';
import { memoryLedger } from './ledger/memory.js';
import { exportKeyOf, progressOf } from './ledger/progress.js';
import {
  checkLimits,
  judgeDossierType,
  readUpdateLimits,
  UNJUDGED_DOSSIER_TYPE,
  type UpdateLimits,
} from './limits.js';
import {
  LOOKUP_CONNECTORS,
  type LookupConnector,
  readAccountsWithoutVat,
  readPeriods,
  type UPDATE_CONNECTORS,
} from './lookups.js';
import { checkPdf, MAX_PDF_BYTES, PdfError } from './pdf.js';
import { resolveBookingPeriod } from './period.js';
import { type PreflightNote, type PreflightResult, preflightReport, type SkippedCheck } from './preflight.js';
import { type ProblemCode, type ReportProblem, reportKeys } from './problems.js';
import type { DeclareeReport } from './report.js';
import {
  type ExportSettings,
  type ExportSettingsInput,
  ExportSettingsSchema,
  explanationLanguageOf,
} from './settings.js';
import {
  type ExportApprovedOptions,
  type ExportSummary,
  exportApproved,
  type ReportSource,
} from './source/report-source.js';
import { EXPORT_STEPS } from './steps/index.js';
import type { Found, PreparedExport, StepContext, StepName, StepResult } from './steps/step.js';
import { validateReport } from './validate.js';

export type { StepName, StepResult, StepStatus } from './steps/step.js';

type UpdateConnector = (typeof UPDATE_CONNECTORS)[number];

/** How an export of one report ended. */
export type ExportStatus =
  /** Booked now: entry, dossier item and free fields. */
  | 'exported'
  /** AFAS already held the entry (an earlier run); any missing steps were finished now. */
  | 'already-exported'
  /** Nothing was sent: the report has problems to fix in Declaree. */
  | 'invalid'
  /** A step failed; a rerun resumes at that step without booking again. */
  | 'failed';

/** The outcome of {@link DeclareeExporter.exportReport}. */
export interface ExportResult {
  readonly reportId: string;
  readonly reportNumber: string | undefined;
  readonly status: ExportStatus;
  /** The invoice number (`InId`) the report is booked under, once planned. */
  readonly invoiceNumber?: string | undefined;
  /** Entry number (`EnNo`) of the financial entry, when known. */
  readonly entryNo?: string | undefined;
  /** Dossier item id (`SbId`), when known. */
  readonly subjectId?: string | undefined;
  /** Entry date (boekdatum), year and period, and why the date moved (if it did). */
  readonly booking?: BookingPlan['booking'] | undefined;
  /** The entry's lines as planned (what the export sends, or sent), once planned. */
  readonly lines?: BookingPlan['lines'] | undefined;
  /** Each step's outcome (with its label): `done` when this run did it. */
  readonly steps: Readonly<Record<StepName, StepResult>>;
  /** Problems to fix in Declaree (status `invalid`). */
  readonly problems: readonly ReportProblem[];
}

/** Exactly what an export would send, for a dry run. */
export interface ExportPreview {
  readonly plan: BookingPlan;
  /** `POST /connectors/FiEntries` body. */
  readonly fiEntries: UpdateBody;
  /** `POST /connectors/KnSubject` body (the PDF as base64). */
  readonly knSubject: UpdateBody;
  /** `PUT /connectors/FiEntriesCustom` body, with `@EnNo` shown as `{EnNo}` (AFAS assigns it); undefined when no free fields are set. */
  readonly fiEntriesCustom: UpdateBody | undefined;
}

/**
 * What a dry run finds ({@link DeclareeExporter.dryRun}): the same preparation as a real export —
 * the period and the accounts that allow no VAT read from AFAS, the PDF, AFAS's limits and the
 * preflight — and then exactly what the export would send, or the problems that would keep the
 * report back. Either way the preflight's notes and the checks that could not be run.
 */
export type DryRunResult =
  | {
      readonly ok: true;
      readonly preview: ExportPreview;
      /** What the export does differently from the report (e.g. a 0 % VAT code left off), and why. */
      readonly notes: readonly PreflightNote[];
      /** The checks that could not be run (a GetConnector not authorised, AFAS's limits unknown). */
      readonly skipped: readonly SkippedCheck[];
    }
  | {
      readonly ok: false;
      readonly problems: readonly ReportProblem[];
      readonly notes: readonly PreflightNote[];
      readonly skipped: readonly SkippedCheck[];
    };

/** Options of {@link DeclareeExporter}. */
export interface ExporterOptions {
  /** Connection and booking settings (validated here). */
  readonly settings: ExportSettingsInput | ExportSettings;
  /**
   * Where exports are remembered, keyed by where they land (environment, administration, journal,
   * creditor, invoice number): a rerun, or another process sharing the ledger, resumes from it.
   * @default memoryLedger()
   */
  readonly ledger?: Ledger | undefined;
  /**
   * How long a claim on a report lasts without renewal; it is renewed while the report is worked on,
   * and another exporter takes it over only after it expired. @default 120000 @unit milliseconds
   */
  readonly leaseMs?: number | undefined;
  /** A ready client; by default one is built from the settings. */
  readonly client?: AfasClient | undefined;
  /** Extra client options (timeouts, retry, hooks, fetch) for the client built from the settings. */
  readonly clientOptions?: Partial<AfasClientOptions> | undefined;
  /** The clock. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /**
   * Check each report against AFAS master data (accounts, VAT codes, creditor, allocations) before
   * sending it, as {@link DeclareeExporter.preflight} does; a report it rejects is `invalid` and
   * nothing is sent. Checks whose GetConnector is not authorised are skipped. @default true
   */
  readonly preflight?: boolean | undefined;
  /** The largest report PDF accepted. @default MAX_PDF_BYTES (keeps the KnSubject body under AFAS's 75 MB) @unit bytes */
  readonly maxPdfBytes?: number | undefined;
}

type Capabilities = ReadonlySet<string>;

/**
 * Books Declaree expense reports into AFAS Profit: the financial entry (`FiEntries`), the dossier
 * item with the report PDF (`KnSubject`) and the free fields (`FiEntriesCustom`), in that order.
 *
 * Never twice: the invoice number identifies an export. When AFAS says it is already used for the
 * creditor, the report is reported as already exported; a failure after the entry was booked leaves
 * a record in the ledger, and the next run finishes the missing steps without booking again; a
 * time-out or lost answer on the entry is resolved by looking the entry up before any retry.
 */
export class DeclareeExporter {
  /** The validated settings. */
  readonly settings: ExportSettings;
  /** The AFAS client in use. */
  readonly client: AfasClient;
  readonly #ledger: Ledger;
  readonly #leaseMs: number;
  readonly #preflight: boolean;
  readonly #maxPdfBytes: number;
  readonly #owner = leaseOwner(hostname(), process.pid);
  readonly #now: () => Date;
  /** Exports in progress by report id: the same report twice waits for itself. */
  readonly #running = new Map<string, Promise<ExportResult | 'held'>>();

  /** The Get- and UpdateConnectors this App Connector authorises (from `metainfo`), read once. */
  readonly #capabilities = remembered(() =>
    this.client
      .metainfo()
      .then(
        (meta): Capabilities =>
          new Set([...meta.getConnectors, ...meta.updateConnectors].map((connector) => connector.id)),
      ),
  );

  /** Proves the ledger writable once (a failed probe is tried again: the ledger may have been fixed). */
  readonly #probeLedger = remembered(() => this.#ledger.probe());

  /**
   * AFAS's limits for the bodies (metainfo, the dossier item types), read once per
   * {@link LIMITS_CACHE_MS}: a batch shares one read, and a long-running exporter (watch) sees a
   * free field or dossier item type added in AFAS since. Unknown (`{}`) when unreadable.
   */
  readonly #limitsRead = remembered(
    () => readUpdateLimits(this.client, (connector) => this.#can(connector)),
    LIMITS_CACHE_MS,
  );

  /**
   * The administration's periods, read once a minute at most: a batch shares one read, and a
   * long-running exporter still sees a period opened or blocked since. Undefined when the
   * GetConnector is not authorised.
   */
  readonly #periods = remembered(
    () =>
      this.#can(LOOKUP_CONNECTORS.periods).then((can) =>
        can ? readPeriods(this.client, this.settings.administration) : undefined,
      ),
    PERIOD_CACHE_MS,
  );

  constructor(options: ExporterOptions) {
    this.settings = ExportSettingsSchema.parse(options.settings);
    this.#ledger = options.ledger ?? memoryLedger();
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#preflight = options.preflight ?? true;
    this.#maxPdfBytes = options.maxPdfBytes ?? MAX_PDF_BYTES;
    this.#now = options.now ?? (() => new Date());
    this.client =
      options.client ?? new AfasClient({ ...clientOptionsFrom(this.settings), ...options.clientOptions });
  }

  /** A secret-free view: the settings without token and OAuth secret. */
  toJSON(): Record<string, unknown> {
    const { token, oauth, ...settings } = this.settings;
    return {
      ...settings,
      ...(token === undefined ? {} : { token: '[redacted]' }),
      ...(oauth === undefined ? {} : { oauth: { ...oauth, clientSecret: '[redacted]' } }),
    };
  }

  toString(): string {
    return `DeclareeExporter(${this.client.baseUrl}, administration ${this.settings.administration}, journal ${this.settings.journal})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /**
   * Checks that exports can work: AFAS reachable, token valid, the three UpdateConnectors
   * authorised, administration and journal present. Says exactly what is missing and where in AFAS.
   */
  checkConnection(): Promise<ConnectionCheck> {
    return checkConnection(this.client, this.settings);
  }

  /**
   * Checks a report before sending: first as `exportReport` would (fields, amounts, period), then
   * against AFAS master data when the App Connector authorises the standard GetConnectors; checks
   * it cannot run are listed in `skipped`.
   */
  async preflight(report: unknown): Promise<PreflightResult> {
    const planned = await this.#plan(report, true);
    const prepared = planned.ok ? await this.#check(planned, { readAfas: true, preflight: false }) : planned;
    if (!prepared.ok) return { ok: false, problems: prepared.problems, skipped: [], notes: [] };
    return preflightReport(this.client, this.settings, prepared.report, (connector) => this.#can(connector));
  }

  /**
   * Plans a report without sending or reading anything: the bodies an export would send if AFAS's
   * master data held no surprises (the period from the settings, not from AFAS; a 0 % VAT code kept
   * even where the account allows no VAT). {@link dryRun} reads AFAS as the export does and shows
   * exactly what it sends.
   */
  async preview(
    report: unknown,
  ): Promise<{ ok: true; preview: ExportPreview } | { ok: false; problems: readonly ReportProblem[] }> {
    const planned = await this.#plan(report, false);
    const prepared = planned.ok ? await this.#check(planned, { readAfas: false, preflight: false }) : planned;
    if (!prepared.ok) return { ok: false, problems: prepared.problems };
    return { ok: true, preview: previewOf(prepared.prepared.plan, prepared.pdf) };
  }

  /**
   * A dry run: prepares a report exactly as {@link exportReport} does — the period and the ledger
   * accounts that allow no VAT read from AFAS, the PDF, AFAS's limits, the preflight (when on) —
   * and returns the bodies the export would send, or the problems that keep it back; with the
   * preflight's notes and the checks that could not be run. Reads AFAS, writes nothing; throws
   * the AfasError when AFAS cannot tell what the token may read (out of reach, the token refused).
   */
  async dryRun(report: unknown): Promise<DryRunResult> {
    // What the token may read decides which checks run: when AFAS cannot say (out of reach, the
    // token refused), that error is the answer, not a list of checks "not authorised".
    await this.#capabilities();
    const planned = await this.#plan(report, true);
    if (!planned.ok) return { ok: false, problems: planned.problems, notes: [], skipped: [] };
    const checked = await this.#check(planned, { readAfas: true, preflight: this.#preflight });
    // The master-data checks first, then the period, then AFAS's field limits.
    const limits = (s: SkippedCheck) =>
      ['KnSubject', 'FiEntriesCustom', LOOKUP_CONNECTORS.subjectTypes].includes(s.connector);
    const skipped: SkippedCheck[] = checked.skipped.filter((s) => !limits(s));
    if (!planned.periodsRead)
      skipped.push(
        await this.#skipped(
          LOOKUP_CONNECTORS.periods,
          "the entry date's period is open (not blocked) in AFAS; year and period follow the setting financialYear",
        ),
      );
    skipped.push(...checked.skipped.filter(limits));
    if (!checked.ok) return { ok: false, problems: checked.problems, notes: checked.notes, skipped };
    return {
      ok: true,
      preview: previewOf(checked.prepared.plan, checked.pdf),
      notes: checked.notes,
      skipped,
    };
  }

  /**
   * Exports one report: FiEntries → KnSubject → FiEntriesCustom, resuming what an earlier run left.
   * Never throws: every failure is a result with the step and an explanation. Calls for the same
   * report wait for each other, so a report listed twice cannot race itself into two dossier items.
   */
  async exportReport(report: unknown): Promise<ExportResult> {
    return (await this.#run(report, false)) as ExportResult;
  }

  /** One report's export, after any export of the same report in this exporter. */
  async #run(report: unknown, skipHeld: boolean): Promise<ExportResult | 'held'> {
    const { reportId } = reportKeys(report);
    const previous = this.#running.get(reportId);
    const run = previous
      ? previous.then(() => this.#export(report, skipHeld))
      : this.#export(report, skipHeld);
    this.#running.set(reportId, run);
    try {
      return await run;
    } finally {
      if (this.#running.get(reportId) === run) this.#running.delete(reportId);
    }
  }

  async #export(report: unknown, skipHeld: boolean): Promise<ExportResult | 'held'> {
    const steps: Record<StepName, StepResult> = Object.fromEntries(
      EXPORT_STEPS.map((step) => [step.name, { status: 'not-started', label: step.label }]),
    ) as Record<StepName, StepResult>;
    let current: StepName = 'entry';
    /** A step of this run sent a write, so AFAS may hold something of this report from this run. */
    let sent = false;
    let base: Omit<ExportResult, 'status' | 'steps'> = { ...reportKeys(report), problems: [] };
    let record: LedgerRecord | undefined;
    let lease: Lease | undefined;
    let renewal: ReturnType<typeof setInterval> | undefined;
    const result = (status: ExportStatus): ExportResult => {
      const progress = progressOf(record);
      return {
        ...base,
        status,
        entryNo: progress.entryNo,
        subjectId: progress.subjectId,
        steps: { ...steps },
      };
    };
    try {
      // Prepare, part 1: the report valid and its booking planned (which gives the ledger key), the
      // ledger proven writable. Nothing is sent to AFAS.
      const planned = await this.#plan(report, true);
      if (!planned.ok) return { ...result('invalid'), problems: planned.problems };
      const { plan } = planned;
      base = { ...base, invoiceNumber: plan.invoiceNumber, booking: plan.booking, lines: plan.lines };
      await this.#probeLedger();

      // Claim the export, so that no other exporter works on it at the same time.
      const claim = await this.#claim(exportKeyOf(this.settings, plan), plan, skipHeld);
      if (claim === undefined) return 'held';
      lease = claim.lease;
      record = claim.record;
      const claimed = lease;
      renewal = setInterval(() => {
        this.#ledger.renew(claimed, this.#leaseMs).then(
          (renewed) => {
            lease = renewed;
          },
          () => {}, // a lost lease shows at the next record, which is fenced
        );
      }, this.#leaseMs / 3);
      renewal.unref?.();

      // Prepare, part 2, for what is left to do: the PDF, AFAS's limits and the preflight.
      const earlier = progressOf(record);
      if (EXPORT_STEPS.every((step) => step.isDone(earlier))) {
        for (const step of EXPORT_STEPS) steps[step.name] = { status: 'already-done', label: step.label };
        return result('already-exported');
      }
      const checked = await this.#check(planned, {
        readAfas: true,
        preflight: this.#preflight && !earlier.entryDone, // the entry is what the preflight checks
        readPdf: earlier.subjectId === undefined,
      });
      if (!checked.ok) return { ...result('invalid'), problems: checked.problems };
      const { prepared } = checked;

      // Commit: FiEntries → KnSubject → FiEntriesCustom, each step skipped when the ledger has it.
      const language = explanationLanguageOf(this.settings);
      // Which account is what, so that AFAS's "no VAT on account X" gets the one fix that applies.
      const accountsOf = (kind: 'cost' | 'vat') =>
        new Set(plan.lines.filter((line) => line.kind === kind).map((line) => line.account));
      const accounts = { categories: accountsOf('cost'), vatLedger: accountsOf('vat') };
      const before: Partial<Record<StepName, StepResult>> = {};
      for (const step of EXPORT_STEPS) {
        current = step.name;
        if (step.isDone(progressOf(record))) {
          steps[step.name] = before[step.name] = { status: 'already-done', label: step.label };
          continue;
        }
        const context: StepContext = {
          client: this.client,
          settings: this.settings,
          prepared,
          earlier,
          progress: () => progressOf(record),
          before: { ...before },
          record: async (state) => {
            record = await this.#ledger.record(lease ?? claimed, step.name, {
              ...state,
              at: this.#now().toISOString(),
            });
          },
          sending: () => {
            sent = true;
          },
          can: (connector) => this.#can(connector),
          lookUp: (connector, find) => this.#lookUp(connector, find),
          explain: (error) => explainAfasError(error, { language, accounts }),
        };
        steps[step.name] = before[step.name] = await step.run(context);
        if (steps[step.name].status === 'failed') return result('failed');
      }
      return result(steps.entry.status === 'done' ? 'exported' : 'already-exported');
    } catch (error) {
      // A ledger that cannot be written, AFAS unreachable while preparing, or anything unforeseen:
      // a failed step, not a thrown batch.
      const explanation = explainAfasError(error, { language: explanationLanguageOf(this.settings) });
      steps[current] = {
        ...steps[current],
        status: 'failed',
        explanation:
          error instanceof LedgerUnavailableError
            ? {
                ...explanation,
                explanation: `${explanation.explanation} ${sent ? 'This run had sent part of this report to AFAS; what the ledger could not record is looked up in AFAS before it is sent again.' : 'This run sent nothing of this report to AFAS (what an earlier run booked stays as it is).'}`,
              }
            : explanation,
      };
      return result('failed');
    } finally {
      clearInterval(renewal);
      if (lease) await this.#ledger.release(lease).catch(() => {});
    }
  }

  /**
   * Claims an export in the ledger. While another exporter holds it, waits for it to finish (or for
   * its lease to expire, when it died): then the record tells what is left to do. With `skipHeld`
   * it does not wait but answers `undefined`.
   */
  async #claim(
    key: ExportKey,
    plan: BookingPlan,
    skipHeld: boolean,
  ): Promise<{ readonly lease: Lease; readonly record: LedgerRecord | undefined } | undefined> {
    const report = { reportId: plan.reportId, reportNumber: plan.reportNumber };
    let takeOverFrom: string | undefined;
    // Polled every 250 ms at most: a holder of this machine is usually done within a second, and a
    // waiter that learns of it late holds up its whole batch (the last report of a run waits so).
    for (let wait = 50; ; wait = Math.min(wait * 2, 250)) {
      const claim = await this.#ledger.claim(key, report, {
        owner: this.#owner,
        ttlMs: this.#leaseMs,
        takeOverFrom,
      });
      if (claim.claimed) return claim;
      // A killed process of this machine holds it: take over now, not when its lease expires.
      if (ownerIsGone(claim.heldBy, hostname(), isRunning)) {
        takeOverFrom = claim.heldBy;
        continue;
      }
      if (skipHeld) return undefined; // a batch goes on with other reports and comes back
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Exports the reports a source offers (see {@link ReportSource}), `concurrency` at a time, and
   * tells the source each outcome. One pass: a service calls it again on its next poll. The pass
   * stops starting new reports when AFAS is in maintenance or out of reach, and says so.
   */
  exportApproved(source: ReportSource, options?: ExportApprovedOptions): Promise<ExportSummary> {
    return exportApproved(this, source, options);
  }

  /** Exports several reports, `concurrency` at a time (AFAS allows 5–8 parallel calls). Results keep the input order. */
  async exportReports(
    reports: readonly unknown[],
    options: {
      readonly concurrency?: number | undefined;
      readonly onResult?: ((result: ExportResult, index: number) => void) | undefined;
    } = {},
  ): Promise<ExportResult[]> {
    const requested = options.concurrency ?? 1;
    const concurrency = Number.isFinite(requested) ? Math.max(1, Math.min(8, Math.floor(requested))) : 1;
    const results: ExportResult[] = new Array(reports.length);
    // Reports another exporter holds go to the back of the queue, so processes sharing a ledger
    // share the work instead of waiting for each other; the last ones left are waited for. Meeting
    // one means another process works through the same list here: this one jumps to a random
    // place in what is left, so that the two stop meeting at every report. Alone, a process keeps
    // the input order.
    const queue = reports.map((_, index) => index);
    const worker = async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        const outcome = await this.#run(reports[index], queue.length > 0);
        if (outcome === 'held') {
          queue.push(...queue.splice(0, Math.floor(Math.random() * queue.length)), index);
          await new Promise((resolve) => setTimeout(resolve, 25)); // no busy loop when all left are held
          continue;
        }
        results[index] = outcome;
        try {
          options.onResult?.(outcome, index);
        } catch {
          // a progress callback must not stop the batch
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, reports.length) }, worker));
    return results;
  }

  /**
   * The prepare phase's checks on a planned report, with no write to AFAS: the PDF read (safely,
   * bounded, checked) and the KnSubject body built around its bytes; the bodies checked against
   * the limits AFAS's metainfo declares; the preflight against master data (when on). Any problem
   * is the report's (`invalid`, with what to fix), never a half-done export.
   */
  async #check(
    planned: { readonly plan: BookingPlan; readonly report: DeclareeReport },
    options: { readonly readAfas: boolean; readonly preflight: boolean; readonly readPdf?: boolean },
  ): Promise<
    (
      | {
          readonly ok: true;
          readonly prepared: PreparedExport;
          readonly report: DeclareeReport;
          readonly pdf: Uint8Array | undefined;
        }
      | { readonly ok: false; readonly problems: readonly ReportProblem[] }
    ) & {
      /** The preflight's notes (none when it did not run). */
      readonly notes: readonly PreflightNote[];
      /** The checks that could not be run: the preflight's, and AFAS's limits when unknown. */
      readonly skipped: readonly SkippedCheck[];
    }
  > {
    const { plan, report: valid } = planned;
    const problem = (field: string, code: ProblemCode, message: string): ReportProblem => ({
      reportId: plan.reportId,
      reportNumber: plan.reportNumber,
      field,
      code,
      message,
    });
    // The PDF's bytes, checked; no base64 copy: afas-client encodes them into the request body.
    let pdf: Uint8Array | undefined;
    if (options.readPdf !== false)
      try {
        const source = valid.pdf;
        pdf = checkPdf(typeof source === 'function' ? await source() : source, this.#maxPdfBytes);
      } catch (error) {
        if (error instanceof PdfError)
          return { ok: false, problems: [problem('pdf', error.code, error.message)], notes: [], skipped: [] };
        return {
          ok: false,
          notes: [],
          skipped: [],
          problems: [
            problem(
              'pdf',
              'pdf-unreadable',
              `The report PDF could not be loaded (${error instanceof Error ? error.message : String(error)}): check where the PDF comes from.`,
            ),
          ],
        };
      }
    const limits = options.readAfas ? await this.#limits() : undefined;
    const skipped: SkippedCheck[] = [];
    if (limits !== undefined) {
      const dossierTypeCheck = 'the dossier item type exists in AFAS';
      if (limits.dossierTextLengths === undefined)
        skipped.push(
          await this.#skipped('KnSubject', "the dossier item's subject and file name fit AFAS's fields"),
        );
      const verdict = judgeDossierType(limits.dossierTypes, this.settings.dossierItemType);
      if (verdict === 'unread')
        skipped.push(await this.#skipped(LOOKUP_CONNECTORS.subjectTypes, dossierTypeCheck));
      else if (verdict === 'empty' || verdict === 'no-own-types')
        skipped.push({
          check: dossierTypeCheck,
          connector: LOOKUP_CONNECTORS.subjectTypes,
          reason: 'not-listed',
          note: UNJUDGED_DOSSIER_TYPE[verdict],
        });
      if (
        limits.freeFields === undefined &&
        plan.lines.some((line) => Object.keys(line.freeFields).length > 0)
      )
        skipped.push(
          await this.#skipped('FiEntriesCustom', 'the free fields exist in AFAS and their values fit them'),
        );
    }
    const limitProblems = limits === undefined ? [] : checkLimits(plan, this.settings, limits);
    if (limitProblems.length > 0) return { ok: false, problems: limitProblems, notes: [], skipped };
    let notes: readonly PreflightNote[] = [];
    if (options.preflight) {
      const checked = await preflightReport(this.client, this.settings, valid, (connector) =>
        this.#can(connector),
      );
      notes = checked.notes;
      skipped.push(...checked.skipped);
      if (!checked.ok) return { ok: false, problems: checked.problems, notes, skipped };
    }
    return {
      notes,
      skipped,
      ok: true,
      report: valid,
      pdf,
      prepared: {
        plan,
        key: exportKeyOf(this.settings, plan),
        knSubject: pdf === undefined ? undefined : knSubjectElement(plan, pdf),
      },
    };
  }

  /** AFAS's limits, kept as `#limitsRead` says; unknown (`{}`) when they cannot be read. */
  #limits(): Promise<UpdateLimits> {
    return this.#limitsRead().catch(() => ({}));
  }

  async #plan(report: unknown, readPeriodsFromAfas: boolean) {
    const validated = validateReport(report, this.settings);
    if (!validated.ok) return { ok: false as const, problems: validated.problems };
    const valid = validated.report;
    const exportedAt = formatAfasDateTime(this.#now());
    // Without the periods AFAS itself refuses a blocked one; a failed read must not stop the export.
    const periods = readPeriodsFromAfas ? await this.#periods().catch(() => undefined) : undefined;
    const choice = resolveBookingPeriod(valid, this.settings, {
      exportDate: exportedAt.slice(0, 10),
      periods,
    });
    if (!choice.ok) {
      const problem: ReportProblem = {
        reportId: valid.id,
        reportNumber: valid.number,
        field:
          this.settings.bookingDate === 'approved'
            ? 'approvedAt'
            : this.settings.bookingDate === 'expense'
              ? 'expenses[].date'
              : 'exportDate',
        code: choice.code,
        message: choice.message,
      };
      return { ok: false as const, problems: [problem] };
    }
    const accountsWithoutVat = readPeriodsFromAfas ? await this.#accountsWithoutVat(valid) : undefined;
    const plan = planBooking(valid, this.settings, { exportedAt, booking: choice, accountsWithoutVat });
    return { ok: true as const, plan, report: valid, periodsRead: periods !== undefined };
  }

  /** Accounts of the report's VAT-less expenses that allow no VAT; unknown (undefined) when unreadable. */
  async #accountsWithoutVat(report: DeclareeReport): Promise<ReadonlySet<string> | undefined> {
    const accounts = report.expenses
      .filter((expense) => expense.vat.every((part) => part.amount === 0) && expense.vat.some((p) => p.code))
      .flatMap((expense) => expense.category.code ?? []);
    if (accounts.length === 0 || !(await this.#can(LOOKUP_CONNECTORS.accounts))) return undefined;
    return readAccountsWithoutVat(this.client, accounts).catch(() => undefined);
  }

  /** A check not run for want of `connector`: not authorised, or authorised and its read failed. */
  async #skipped(connector: SkippedCheck['connector'], check: string): Promise<SkippedCheck> {
    return { check, connector, reason: (await this.#can(connector)) ? 'read-failed' : 'not-authorised' };
  }

  async #can(connector: LookupConnector | UpdateConnector): Promise<boolean> {
    try {
      return (await this.#capabilities()).has(connector);
    } catch {
      return false;
    }
  }

  /** A lookup, or `unknown` when the App Connector does not authorise its GetConnector or it failed. */
  async #lookUp<T>(connector: LookupConnector, find: () => Promise<T | undefined>): Promise<Found<T>> {
    try {
      if (!(await this.#can(connector))) return { known: false };
      const value = await find();
      return value === undefined ? { known: true, found: false } : { known: true, found: true, value };
    } catch {
      return { known: false };
    }
  }
}

const PERIOD_CACHE_MS = 60_000;

/** How long AFAS's limits (metainfo, dossier item types) are kept. */
const LIMITS_CACHE_MS = 5 * 60_000;

/** The exact bodies an export of `plan` sends; the PDF as the base64 text AFAS receives. */
function previewOf(plan: BookingPlan, pdf: Uint8Array | undefined): ExportPreview {
  const custom = freeFieldElements(plan, '{EnNo}');
  const knSubject = knSubjectElement(
    plan,
    pdf ? Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64') : '',
  );
  return {
    plan,
    fiEntries: envelope('FiEntries', plan.fiEntries),
    knSubject: envelope('KnSubject', knSubject),
    fiEntriesCustom: custom.length > 0 ? envelope('FiEntriesCustom', custom) : undefined,
  };
}

/** The client options a settings object implies. */
function clientOptionsFrom(settings: ExportSettings): AfasClientOptions {
  return {
    environment: settings.environment,
    environmentKind: settings.environmentKind,
    baseUrl: settings.baseUrl,
    token: settings.token,
    oauth: settings.oauth,
    language: settings.language,
    integrationId: settings.integrationId,
  };
}
