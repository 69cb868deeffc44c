/** Errors of the ledger: each says what happened and what to do, and never shows a password. */

/** Base class of ledger errors. */
export class LedgerError extends Error {
  override readonly name: string = 'LedgerError';
  /** What to do about it, in plain words. */
  readonly hint: string;
  constructor(message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.hint = hint;
  }
}

/** The ledger cannot be opened or written (read-only, a directory, /dev/null, disk full, unreachable). */
export class LedgerUnavailableError extends LedgerError {
  override readonly name = 'LedgerUnavailableError';
}

/** A lease was taken over by another exporter (it had expired): this one must stop working on the report. */
export class LedgerLeaseLostError extends LedgerError {
  override readonly name = 'LedgerLeaseLostError';
}

/** The error a fenced write gives once another exporter has taken the lease over. */
export function leaseLost(): LedgerLeaseLostError {
  return new LedgerLeaseLostError(
    'Another exporter took over this report after this one’s lease expired.',
    'Nothing more is written by this process; the other exporter finishes the report. If this happens often, the exporter was stalled for longer than the lease (a suspended machine, a long pause).',
  );
}
