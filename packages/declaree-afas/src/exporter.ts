import { hostname } from 'node:os';
import { inspect } from 'node:util';
import {
  AfasClient,
  type AfasClientOptions,
  envelope,
  formatAfasDateTime,
  type UpdateBody,
  type UpdateElement,
} from 'afas-client';
import { type BookingPlan, freeFieldElements, knSubjectElement, planBooking } from './booking.js';
import { type ConnectionCheck, checkConnection } from './connection-check.js';
import { type AfasErrorExplanation, explainAfasError } from './explain.js';
import { type Lease, type Ledger, type LedgerRecord, leaseOwner } from './ledger/ledger.js';
import { memoryLedger } from './ledger/memory.js';
import { type ExportProgress, exportKeyOf, progressOf, stepStatesOf } from './ledger/progress.js';
import {
  assumedLineNumbers,
  findBookedEntry,
  findDossierItem,
  LOOKUP_CONNECTORS,
  type LookupConnector,
  readAccountsWithoutVat,
  readLineNumbers,
  readPeriods,
} from './lookups.js';
import { type AccountingPeriod, resolveBookingPeriod } from './period.js';
import { type PreflightResult, preflightReport } from './preflight.js';
import { type ReportProblem, reportKeys } from './problems.js';
import type { DeclareeReport } from './report.js';
import {
  type ExportSettings,
  type ExportSettingsInput,
  ExportSettingsSchema,
  explanationLanguageOf,
} from './settings.js';
import { validateReport } from './validate.js';

/** How one step of an export ended. */
export type StepStatus = 'done' | 'already-done' | 'skipped' | 'failed' | 'not-started';

/** One step: FiEntries (the entry), KnSubject (the dossier item with the PDF) or FiEntriesCustom (free fields). */
export interface StepResult {
  readonly status: StepStatus;
  /** Why it was skipped or failed, in plain words, keeping AFAS's message and log reference. */
  readonly explanation?: AfasErrorExplanation | undefined;
  /** Why a step was skipped, or (free fields) that their line numbers were assumed, not read back. */
  readonly note?: string | undefined;
}

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
  /** Booking date, year and period, and why the date moved (if it did). */
  readonly booking?: BookingPlan['booking'] | undefined;
  readonly steps: {
    readonly entry: StepResult;
    readonly dossier: StepResult;
    readonly freeFields: StepResult;
  };
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
}

type Capabilities = ReadonlySet<string>;

/** The outcome of a lookup: known (found or not), or unknown. */
type Found<T> =
  | { readonly known: false }
  | { readonly known: true; readonly found: false }
  | { readonly known: true; readonly found: true; readonly value: T };

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
  readonly #owner = leaseOwner(hostname(), process.pid);
  #probed: Promise<void> | undefined;
  readonly #now: () => Date;
  #capabilitiesRead: Promise<Capabilities> | undefined;
  /** Exports in progress by report id: the same report twice waits for itself. */
  readonly #running = new Map<string, Promise<ExportResult>>();
  #periodCache:
    | { readonly until: number; readonly periods: Promise<AccountingPeriod[] | undefined> }
    | undefined;

  constructor(options: ExporterOptions) {
    this.settings = ExportSettingsSchema.parse(options.settings);
    this.#ledger = options.ledger ?? memoryLedger();
    this.#leaseMs = options.leaseMs ?? 120_000;
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

  /** The Get- and UpdateConnectors this App Connector authorises (from `metainfo`), read once. */
  #capabilities(): Promise<Capabilities> {
    this.#capabilitiesRead ??= this.client.metainfo().then(
      (meta) => new Set([...meta.getConnectors, ...meta.updateConnectors].map((connector) => connector.id)),
      (error: unknown) => {
        this.#capabilitiesRead = undefined; // try again next time
        throw error;
      },
    );
    return this.#capabilitiesRead;
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
    if (!planned.ok) return { ok: false, problems: planned.problems, skipped: [] };
    return preflightReport(this.client, this.settings, planned.report, (connector) => this.#can(connector));
  }

  /** Plans a report without sending anything: the exact bodies an export would send. */
  async preview(
    report: unknown,
  ): Promise<{ ok: true; preview: ExportPreview } | { ok: false; problems: readonly ReportProblem[] }> {
    const planned = await this.#plan(report, false);
    if (!planned.ok) return planned;
    const { plan, pdf } = planned;
    const custom = freeFieldElements(plan, '{EnNo}');
    return {
      ok: true,
      preview: {
        plan,
        fiEntries: envelope('FiEntries', plan.fiEntries),
        knSubject: envelope('KnSubject', knSubjectElement(plan, Buffer.from(await pdf()).toString('base64'))),
        fiEntriesCustom: custom.length > 0 ? envelope('FiEntriesCustom', custom) : undefined,
      },
    };
  }

  /**
   * Exports one report: FiEntries → KnSubject → FiEntriesCustom, resuming what an earlier run left.
   * Never throws: every failure is a result with the step and an explanation. Calls for the same
   * report wait for each other, so a report listed twice cannot race itself into two dossier items.
   */
  async exportReport(report: unknown): Promise<ExportResult> {
    const { reportId } = reportKeys(report);
    const previous = this.#running.get(reportId);
    const run = previous ? previous.then(() => this.#export(report)) : this.#export(report);
    this.#running.set(reportId, run);
    try {
      return await run;
    } finally {
      if (this.#running.get(reportId) === run) this.#running.delete(reportId);
    }
  }

  async #export(report: unknown): Promise<ExportResult> {
    const steps: { entry: StepResult; dossier: StepResult; freeFields: StepResult } = {
      entry: notStarted,
      dossier: notStarted,
      freeFields: notStarted,
    };
    let current: keyof typeof steps = 'entry';
    let base: Omit<ExportResult, 'status' | 'steps'> = { ...reportKeys(report), problems: [] };
    let progress: ExportProgress = {};
    let lease: Lease | undefined;
    let renewal: ReturnType<typeof setInterval> | undefined;
    const result = (status: ExportStatus): ExportResult => ({
      ...base,
      status,
      entryNo: progress.entryNo,
      subjectId: progress.subjectId,
      steps: { ...steps },
    });
    try {
      // Prepare: nothing is sent to AFAS before the report, its PDF and the ledger are known good.
      const planned = await this.#plan(report, true);
      if (!planned.ok) return { ...result('invalid'), problems: planned.problems };
      const { plan, pdf } = planned;
      base = { ...base, invoiceNumber: plan.invoiceNumber, booking: plan.booking };
      await this.#probeLedger();

      // Claim the export, so that no other exporter works on it at the same time.
      const claim = await this.#claim(exportKeyOf(this.settings, plan), plan);
      lease = claim.lease;
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
      const earlierProgress = progressOf(claim.record);
      progress = earlierProgress;
      const save = async (change: ExportProgress) => {
        progress = { ...progress, ...change };
        for (const [step, state] of stepStatesOf(change, this.#now().toISOString())) {
          await this.#ledger.record(lease ?? claimed, step, state);
        }
      };

      // 1. The financial entry.
      const entry = progress.entryNo
        ? { step: alreadyDone, created: false }
        : await this.#bookEntry(plan, save, earlierProgress.entryPending === true);
      steps.entry = entry.step;
      if (entry.step.status === 'failed') return result('failed');

      // 2. The dossier item with the PDF. Only an earlier run can have stored it, so look only then;
      // when looking is impossible, trust the ledger only if it saw every earlier attempt end.
      current = 'dossier';
      const earlier = entry.created
        ? 'none'
        : earlierProgress.entryNo !== undefined && earlierProgress.dossierPending !== true
          ? 'journaled'
          : 'unknown';
      steps.dossier = progress.subjectId ? alreadyDone : await this.#storeDossier(plan, pdf, earlier, save);
      if (steps.dossier.status === 'failed') return result('failed');

      // 3. The free fields: a PUT of the same values is harmless, so it is simply repeated when unsure.
      current = 'freeFields';
      steps.freeFields = progress.freeFieldsDone
        ? alreadyDone
        : await this.#writeFreeFields(plan, progress, save);
      if (steps.freeFields.status === 'failed') return result('failed');
      return result(entry.created ? 'exported' : 'already-exported');
    } catch (error) {
      // A ledger that cannot be written, or anything unforeseen: a failed step, not a thrown batch.
      steps[current] = failedWith(
        explainAfasError(error, { language: explanationLanguageOf(this.settings) }),
      );
      return result('failed');
    } finally {
      clearInterval(renewal);
      if (lease) await this.#ledger.release(lease).catch(() => {});
    }
  }

  /** Proves the ledger writable once (a failed probe is tried again: the ledger may have been fixed). */
  #probeLedger(): Promise<void> {
    this.#probed ??= this.#ledger.probe().catch((error: unknown) => {
      this.#probed = undefined;
      throw error;
    });
    return this.#probed;
  }

  /**
   * Claims an export in the ledger. While another exporter holds it, waits for it to finish (or for
   * its lease to expire, when it died): then the record tells what is left to do.
   */
  async #claim(
    key: ReturnType<typeof exportKeyOf>,
    plan: BookingPlan,
  ): Promise<{ readonly lease: Lease; readonly record: LedgerRecord | undefined }> {
    const report = { reportId: plan.reportId, reportNumber: plan.reportNumber };
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      const claim = await this.#ledger.claim(key, report, { owner: this.#owner, ttlMs: this.#leaseMs });
      if (claim.claimed) return claim;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
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
    let next = 0;
    const worker = async () => {
      while (next < reports.length) {
        const index = next++;
        const result = await this.exportReport(reports[index]);
        results[index] = result;
        try {
          options.onResult?.(result, index);
        } catch {
          // a progress callback must not stop the batch
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, reports.length) }, worker));
    return results;
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
    const source = valid.pdf;
    const pdf = async (): Promise<Uint8Array> => (typeof source === 'function' ? await source() : source);
    return { ok: true as const, plan, pdf, report: valid };
  }

  /**
   * The administration's periods, read once a minute at most: a batch of reports shares one read,
   * while a long-running exporter still sees a period that was opened or blocked since.
   */
  #periods(): Promise<AccountingPeriod[] | undefined> {
    const now = Date.now();
    if (!this.#periodCache || this.#periodCache.until < now) {
      const periods = this.#can(LOOKUP_CONNECTORS.periods).then((can) =>
        can ? readPeriods(this.client, this.settings.administration) : undefined,
      );
      periods.catch(() => {
        if (this.#periodCache?.periods === periods) this.#periodCache = undefined; // a failed read is not kept
      });
      this.#periodCache = { until: now + PERIOD_CACHE_MS, periods };
    }
    return this.#periodCache.periods;
  }

  /** Accounts of the report's VAT-less expenses that allow no VAT; unknown (undefined) when unreadable. */
  async #accountsWithoutVat(report: DeclareeReport): Promise<ReadonlySet<string> | undefined> {
    const accounts = report.expenses
      .filter((expense) => expense.vat.every((part) => part.amount === 0) && expense.vat.some((p) => p.code))
      .flatMap((expense) => expense.category.code ?? []);
    if (accounts.length === 0 || !(await this.#can(LOOKUP_CONNECTORS.accounts))) return undefined;
    return readAccountsWithoutVat(this.client, accounts).catch(() => undefined);
  }

  async #can(connector: LookupConnector): Promise<boolean> {
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

  /**
   * Books the entry. The result is honest about who booked it: `created` when this run did (also when
   * a lookup confirms it after this run's answer was lost), not when an earlier run or someone in
   * AFAS did.
   */
  async #bookEntry(
    plan: BookingPlan,
    save: (change: ExportProgress) => Promise<void>,
    earlierPending: boolean,
  ) {
    const booked = async (entryNo: string, lineSeqNos: readonly number[], created: boolean) => {
      await save({ entryNo, lineSeqNos });
      return { step: created ? done : alreadyDone, created };
    };
    // Recorded before sending: if the answer is lost or this process dies, the next run knows.
    await save({ entryPending: true });
    let sentUnheard = false; // this run sent the entry and did not hear whether AFAS booked it
    for (let attempt = 1; ; attempt++) {
      try {
        const { keys } = await this.client.insert('FiEntries', plan.fiEntries);
        const entryNo = keys['EnNo'];
        if (!entryNo) throw new Error('AFAS answered without an entry number (EnNo).');
        return await booked(
          entryNo,
          plan.lines.map((line) => line.seqNo),
          true,
        );
      } catch (error) {
        const explanation = explainAfasError(error, { language: explanationLanguageOf(this.settings) });
        if (explanation.alreadyExported || explanation.checkBeforeRetry) {
          // The entry may exist (AFAS says so, or the answer was lost): find it before anything else.
          const lookup = await this.#lookUp(LOOKUP_CONNECTORS.transactions, () =>
            findBookedEntry(this.client, plan),
          );
          // Only this run's own unanswered attempt can explain it, unless an earlier run's might too.
          const ours = explanation.checkBeforeRetry ? !earlierPending : sentUnheard;
          if (lookup.known && lookup.found)
            return await booked(lookup.value.entryNo, lookup.value.lineSeqNos, ours);
          if (explanation.alreadyExported) {
            // AFAS holds it but we cannot read it back: the dossier item can still be made, free fields cannot.
            return {
              step: { status: ours ? ('done' as const) : ('already-done' as const), explanation },
              created: ours,
            };
          }
          sentUnheard = true;
          // Proven absent: one more try is safe. Unknown: the next run meets AFAS's duplicate check.
          if (lookup.known && attempt === 1) continue;
          return { step: failedWith(explanation), created: false };
        }
        await save({ entryPending: false }); // AFAS refused it: nothing was booked
        return { step: failedWith(explanation), created: false };
      }
    }
  }

  async #storeDossier(
    plan: BookingPlan,
    pdf: () => Promise<Uint8Array>,
    earlier: 'none' | 'journaled' | 'unknown',
    save: (change: ExportProgress) => Promise<void>,
  ): Promise<StepResult> {
    const lookUp = () => this.#lookUp(LOOKUP_CONNECTORS.subjects, () => findDossierItem(this.client, plan));
    if (earlier !== 'none') {
      const lookup = await lookUp();
      if (lookup.known && lookup.found) {
        await save({ subjectId: lookup.value, dossierPending: false });
        return alreadyDone;
      }
      if (!lookup.known && earlier === 'unknown') {
        return {
          status: 'skipped',
          note: `An earlier run may have stored the dossier item; without the GetConnector ${LOOKUP_CONNECTORS.subjects} that cannot be checked, so none was written (a second one would be a duplicate). Authorise ${LOOKUP_CONNECTORS.subjects} and export again, or check the dossier in AFAS.`,
        };
      }
    }
    const element: UpdateElement = knSubjectElement(plan, Buffer.from(await pdf()).toString('base64'));
    // Recorded before sending: if the answer is lost, the next run looks before it writes again.
    await save({ dossierPending: true });
    for (let attempt = 1; ; attempt++) {
      try {
        const { keys } = await this.client.insert('KnSubject', element);
        const subjectId = keys['SbId'];
        if (!subjectId) throw new Error('AFAS answered without a dossier item id (SbId).');
        await save({ subjectId, dossierPending: false });
        return done;
      } catch (error) {
        const explanation = explainAfasError(error, { language: explanationLanguageOf(this.settings) });
        if (explanation.checkBeforeRetry && attempt === 1) {
          const lookup = await lookUp();
          if (lookup.known && lookup.found) {
            await save({ subjectId: lookup.value, dossierPending: false });
            return done;
          }
          if (lookup.known) continue; // proven absent: one more try is safe
          return failedWith(explanation); // unknown: dossierPending stays, the next run looks first
        }
        if (!explanation.checkBeforeRetry) await save({ dossierPending: false }); // AFAS refused: nothing stored
        return failedWith(explanation);
      }
    }
  }

  async #writeFreeFields(
    plan: BookingPlan,
    record: ExportProgress,
    save: (change: ExportProgress) => Promise<void>,
  ): Promise<StepResult> {
    if (Object.keys(this.settings.freeFields).length === 0) {
      await save({ freeFieldsDone: true });
      return { status: 'skipped', note: 'No free fields (vrije velden) are configured.' };
    }
    if (!record.entryNo) {
      return {
        status: 'skipped',
        note: `The entry number is unknown: authorise the GetConnector ${LOOKUP_CONNECTORS.transactions} in the App Connector so the free fields can be written.`,
      };
    }
    // Line numbers as AFAS booked them, matched by content; else the posted order is assumed.
    const entryNo = record.entryNo;
    const numbers = (await this.#can(LOOKUP_CONNECTORS.transactions))
      ? await readLineNumbers(this.client, plan, entryNo).catch(() => assumedLineNumbers(plan))
      : assumedLineNumbers(plan);
    const elements = freeFieldElements(plan, entryNo).map((element) => {
      const seqNo = numbers.bySeqNo.get(Number(element['@SeNo']));
      return seqNo === undefined ? element : { ...element, '@SeNo': String(seqNo) };
    });
    const assumedNote = numbers.assumed
      ? `The line numbers (volgnummers, SeNo) were assumed to follow the posted order 1 … n: authorise the GetConnector ${LOOKUP_CONNECTORS.transactions} so they are read back from AFAS.`
      : undefined;
    if (elements.length === 0) {
      await save({ freeFieldsDone: true });
      return { status: 'skipped', note: 'The free-field templates gave no values for this report.' };
    }
    try {
      await this.client.update('FiEntriesCustom', elements, { idempotent: true });
      await save({ freeFieldsDone: true });
      return assumedNote === undefined ? done : { status: 'done', note: assumedNote };
    } catch (error) {
      return failedWith(explainAfasError(error, { language: explanationLanguageOf(this.settings) }));
    }
  }
}

const PERIOD_CACHE_MS = 60_000;

const done: StepResult = { status: 'done' };
const alreadyDone: StepResult = { status: 'already-done' };
const notStarted: StepResult = { status: 'not-started' };
const failedWith = (explanation: AfasErrorExplanation): StepResult => ({ status: 'failed', explanation });

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
