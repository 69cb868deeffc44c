/**
 * The ledger: where exports are remembered, so that every report is booked exactly once across
 * runs, processes and machines. This module is the contract; the stores (memory, SQLite through
 * `node:sqlite`, Postgres through `pg`) live beside it and pass one shared conformance suite.
 *
 * An export's identity is where it lands in AFAS — environment, administration, journal, creditor
 * and invoice number — never the report id alone: one ledger used with several settings never
 * mistakes one environment or administration for another.
 */

import type { EnvironmentKind } from 'afas-client';

/** Where a booking lands in AFAS: the identity of an export. */
export interface ExportKey {
  /** The participant number (deelnemersnummer), digits only: `12345`. */
  readonly participant: string;
  /** The environment kind: production (`O…`), test (`T…`) or accept (`A…`). */
  readonly environmentKind: EnvironmentKind;
  /** Administration (`UnId`). */
  readonly administration: number;
  /** Journal (dagboek, `JoCo`). */
  readonly journal: string;
  /** Creditor (`VaAs` / crediteur) the purchase entry is booked on. */
  readonly creditor: string;
  /** Invoice number (factuurnummer, `InId`): unique per creditor in AFAS. */
  readonly invoiceNumber: string;
}

/** The key as one canonical string (the primary key in every store). */
export function exportKeyId(key: ExportKey): string {
  return JSON.stringify([
    key.participant,
    key.environmentKind,
    key.administration,
    key.journal,
    key.creditor,
    key.invoiceNumber,
  ]);
}

/**
 * What is known of one step of an export. `pending` means the write was sent and its answer not
 * heard (the next run looks it up before writing again); `done` means AFAS holds it; `absent` means
 * AFAS proved it holds nothing of it (it refused the write).
 */
export interface StepState {
  readonly status: 'pending' | 'done' | 'absent';
  /** What the step learned (e.g. `{ entryNo, lineSeqNos }`, `{ subjectId }`): JSON values only. */
  readonly data?: Readonly<Record<string, unknown>> | undefined;
  /** ISO time of the change. */
  readonly at: string;
}

/** What the ledger holds of one export. */
export interface LedgerRecord {
  readonly key: ExportKey;
  /** Declaree report id and number, for people and for `findByReport`. */
  readonly reportId: string;
  readonly reportNumber?: string | undefined;
  /** Step states by step name (`entry`, `dossier`, `freeFields`): a new step needs no ledger change. */
  readonly steps: Readonly<Record<string, StepState>>;
  /** ISO time of the last change. */
  readonly updatedAt: string;
}

/** A claim on one export: only its holder may record steps, until it expires or is released. */
export interface Lease {
  readonly keyId: string;
  /** Who holds it (host, process id and a random part): shown when another process waits. */
  readonly owner: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** Fencing number, raised on every claim: a record under an older lease is refused. */
  readonly generation: number;
}

/** The Declaree report an export is of. */
export interface ExportReportRef {
  readonly reportId: string;
  readonly reportNumber?: string | undefined;
}

/** How to claim an export. */
export interface ClaimOptions {
  /** Who claims it: see {@link leaseOwner}. */
  readonly owner: string;
  /** How long the lease lasts without renewal. @unit milliseconds */
  readonly ttlMs: number;
  /**
   * A holder known to be dead (a process of this machine that no longer runs, see
   * {@link ownerIsGone}): its live lease is taken over at once instead of after it expires.
   */
  readonly takeOverFrom?: string | undefined;
}

/** The answer to a claim. */
export type Claim =
  | { readonly claimed: true; readonly lease: Lease; readonly record: LedgerRecord | undefined }
  | { readonly claimed: false; readonly heldBy: string; readonly expiresAt: number };

/**
 * A store of export records with leases. Every method is atomic; a resolved write is durable.
 * Implementations: `memoryLedger()`, `sqliteLedger(path)`, `postgresLedger(url)`; `openLedger(spec)`
 * picks one from a path or URL.
 */
export interface Ledger {
  /** A short description for messages, without any secret (a Postgres password is left out). */
  readonly description: string;
  /** What is recorded for an export, if anything. */
  get(key: ExportKey): Promise<LedgerRecord | undefined>;
  /** Every record of a Declaree report, across environments and administrations. */
  findByReport(reportId: string): Promise<LedgerRecord[]>;
  /**
   * Claims an export for `owner` for `ttlMs` milliseconds, in one transaction: granted when no one
   * holds it or the holder's lease expired (taken over), refused while another lease is live.
   */
  claim(key: ExportKey, report: ExportReportRef, options: ClaimOptions): Promise<Claim>;
  /** Extends a held lease. Throws a `LedgerLeaseLostError` when it was taken over. */
  renew(lease: Lease, ttlMs: number): Promise<Lease>;
  /** Records a step's state under a held lease (fenced). Throws `LedgerLeaseLostError` when lost. */
  record(lease: Lease, step: string, state: StepState): Promise<LedgerRecord>;
  /** Gives a lease up; a released or lost lease is a no-op. */
  release(lease: Lease): Promise<void>;
  /** Proves the ledger can be written, without changing any record (the prepare phase). */
  probe(): Promise<void>;
  /** Closes files and connections. */
  close(): Promise<void>;
}

/** An owner name for leases: host, process and a random part, so two processes never share one. */
export function leaseOwner(host: string, pid: number): string {
  return `${host}:${pid}:${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Whether a lease's holder is a process of this machine that no longer runs (killed, crashed): then
 * its lease need not be waited out. Unknown (another machine, or the process may run) is `false`.
 */
export function ownerIsGone(owner: string, host: string, isRunning: (pid: number) => boolean): boolean {
  const match = /^(.*):(\d+):[a-z0-9]+$/.exec(owner);
  if (!match || match[1] !== host) return false;
  return !isRunning(Number(match[2]));
}

/** The lease columns every store keeps beside a record. */
export interface StoredLease {
  readonly owner: string | undefined;
  readonly expiresAt: number | undefined;
  readonly generation: number;
}

/**
 * The one claim rule every store applies inside its transaction: free, expired, already ours or
 * held by a known-dead owner is granted with the next generation; a live lease of another owner is
 * refused.
 */
export function decideClaim(
  current: StoredLease | undefined,
  keyId: string,
  options: ClaimOptions,
  now: number,
):
  | { readonly granted: true; readonly lease: Lease }
  | { readonly granted: false; readonly heldBy: string; readonly expiresAt: number } {
  const live = current?.owner !== undefined && current.expiresAt !== undefined && current.expiresAt > now;
  const ours = current?.owner === options.owner;
  const dead = options.takeOverFrom !== undefined && current?.owner === options.takeOverFrom;
  if (live && !ours && !dead) {
    return { granted: false, heldBy: current?.owner ?? '', expiresAt: current?.expiresAt ?? now };
  }
  return {
    granted: true,
    lease: {
      keyId,
      owner: options.owner,
      expiresAt: now + options.ttlMs,
      generation: (current?.generation ?? 0) + 1,
    },
  };
}

/** Whether a lease is still the one the store holds (fencing: a takeover raised the generation). */
export function holds(current: StoredLease | undefined, lease: Lease): boolean {
  return current !== undefined && current.owner === lease.owner && current.generation === lease.generation;
}

/** The columns the SQL stores (SQLite, Postgres) keep for an export, under the same names. */
export interface ExportColumns {
  readonly participant: string;
  readonly environment_kind: string;
  readonly administration: number;
  readonly journal: string;
  readonly creditor: string;
  readonly invoice_number: string;
  readonly report_id: string;
  readonly report_number: string | null;
  readonly updated_at: string;
}

/** A record from a SQL store's row and its parsed step states. */
export function recordOf(row: ExportColumns, steps: LedgerRecord['steps']): LedgerRecord {
  return {
    key: {
      participant: row.participant,
      environmentKind: row.environment_kind as ExportKey['environmentKind'],
      administration: row.administration,
      journal: row.journal,
      creditor: row.creditor,
      invoiceNumber: row.invoice_number,
    },
    reportId: row.report_id,
    reportNumber: row.report_number ?? undefined,
    steps,
    updatedAt: row.updated_at,
  };
}
