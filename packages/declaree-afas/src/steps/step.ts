/**
 * What a step of an export is, and the one write loop every writing step uses. A step is a module
 * (`entry.ts`, `dossier.ts`, `free-fields.ts`) with a name (its key in the ledger and the result), a
 * label for people, `isDone` (what the ledger already holds) and `run`; the exporter runs them in
 * order and stops at the first that fails. A new step is a new module in `EXPORT_STEPS`.
 */
import type { AfasClient, UpdateElement } from 'afas-client';
import type { BookingPlan } from '../booking.js';
import type { AfasErrorExplanation } from '../explain.js';
import type { ExportKey, StepState } from '../ledger/ledger.js';
import type { ExportProgress } from '../ledger/progress.js';
import type { LookupConnector } from '../lookups.js';
import type { ExportSettings } from '../settings.js';

/** The steps of an export, in the order they run. */
export type StepName = 'entry' | 'dossier' | 'freeFields';

/** How one step of an export ended. */
export type StepStatus = 'done' | 'already-done' | 'skipped' | 'failed' | 'not-started';

/** One step's outcome: `done` means this run did it, `already-done` that AFAS held it before. */
export interface StepResult {
  readonly status: StepStatus;
  /** What the step is, for people: `financial entry (FiEntries)`. */
  readonly label: string;
  /** Why it failed (or why AFAS refused), in plain words, keeping AFAS's message and log reference. */
  readonly explanation?: AfasErrorExplanation | undefined;
  /** Why a step was skipped, or (free fields) that their line numbers were assumed, not read back. */
  readonly note?: string | undefined;
  /**
   * AFAS answered this run's write with a new record, so nothing of it existed before: a later
   * step need not look for what an earlier attempt may have left. Not set when the record was found.
   */
  readonly created?: true | undefined;
}

/** Everything known before the first write: the plan and the bodies, checked. */
export interface PreparedExport {
  readonly plan: BookingPlan;
  /** Where the booking lands: the ledger key. */
  readonly key: ExportKey;
  /** The KnSubject element, built once around the PDF's bytes (sent as base64); not read when the ledger has the dossier item. */
  readonly knSubject: UpdateElement | undefined;
}

/** The outcome of a lookup: known (found or not), or unknown (not authorised, or it failed). */
export type Found<T> =
  | { readonly known: false }
  | { readonly known: true; readonly found: false }
  | { readonly known: true; readonly found: true; readonly value: T };

/** What a step may use. */
export interface StepContext {
  readonly client: AfasClient;
  readonly settings: ExportSettings;
  readonly prepared: PreparedExport;
  /** What the ledger held when this run claimed the export. */
  readonly earlier: ExportProgress;
  /** What is known now: the earlier progress and what this run recorded since. */
  progress(): ExportProgress;
  /** The outcomes of the steps this run ran before this one. */
  readonly before: Readonly<Partial<Record<StepName, StepResult>>>;
  /** Records this step's state in the ledger (fenced by the lease). */
  record(state: Omit<StepState, 'at'>): Promise<void>;
  /** Says this step's write is about to leave for AFAS: from here the report may hold something of this run. */
  sending(): void;
  /** Whether the App Connector authorises a GetConnector. */
  can(connector: LookupConnector): Promise<boolean>;
  /** A lookup, `unknown` when its GetConnector is not authorised or the read failed. */
  lookUp<T>(connector: LookupConnector, find: () => Promise<T | undefined>): Promise<Found<T>>;
  /** An error in plain words, in the configured language. */
  explain(error: unknown): AfasErrorExplanation;
}

/** One step of an export. */
export interface ExportStep {
  readonly name: StepName;
  readonly label: string;
  /** Whether the ledger says AFAS already holds this step's part. */
  isDone(progress: ExportProgress): boolean;
  run(context: StepContext): Promise<StepResult>;
}

/** How a write through {@link writeOnce} ended. */
export type WriteOutcome<T> =
  /** AFAS answered the write. */
  | { readonly kind: 'written'; readonly value: T }
  /**
   * A lookup found it after a lost answer or a duplicate refusal. `resent`: this run had sent it
   * before, unanswered, so the find may be this run's own first attempt.
   */
  | {
      readonly kind: 'found';
      readonly value: T;
      readonly explanation: AfasErrorExplanation;
      readonly resent: boolean;
    }
  /** AFAS says it holds it already, and it cannot be read back. */
  | { readonly kind: 'exists'; readonly explanation: AfasErrorExplanation; readonly resent: boolean }
  /** Not written. `mayExist`: the answer was lost and no lookup settled it (stays `pending`). */
  | { readonly kind: 'failed'; readonly explanation: AfasErrorExplanation; readonly mayExist: boolean };

/**
 * The one "write, look up, retry once if proven absent" loop. The step is recorded `pending` before
 * sending, so a lost answer or a killed process leaves the next run a reason to look first. When
 * the write fails and may have reached AFAS (afas-client's `applied: 'unknown'`, or AFAS says the
 * invoice number is used), the lookup decides: found is done; proven absent allows one more try;
 * unknown leaves it `pending`. A refusal (`applied: 'no'`) records it `absent`.
 */
export async function writeOnce<T>(
  context: StepContext,
  operation: {
    readonly write: () => Promise<T>;
    readonly lookUp: () => Promise<Found<T>>;
  },
): Promise<WriteOutcome<T>> {
  await context.record({ status: 'pending' });
  context.sending();
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: 'written', value: await operation.write() };
    } catch (error) {
      const explanation = context.explain(error);
      if (!explanation.alreadyExported && !explanation.checkBeforeRetry) {
        await context.record({ status: 'absent' }); // AFAS refused it: nothing was written
        return { kind: 'failed', explanation, mayExist: false };
      }
      const lookup = await operation.lookUp();
      const resent = attempt > 1;
      if (lookup.known && lookup.found) return { kind: 'found', value: lookup.value, explanation, resent };
      if (explanation.alreadyExported) return { kind: 'exists', explanation, resent };
      if (lookup.known && attempt === 1) continue; // proven absent: one more try is safe
      return { kind: 'failed', explanation, mayExist: true };
    }
  }
}
