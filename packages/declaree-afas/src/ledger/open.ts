import { LedgerUnavailableError } from './errors.js';
import type { Ledger } from './ledger.js';
import { memoryLedger } from './memory.js';
import { sqliteLedger } from './sqlite.js';

/**
 * A ledger from what a user types after `--ledger`: `memory:` (nothing kept), or a file path (SQLite).
 * `postgres://` URLs are refused with a clear message until the Postgres store exists.
 */
export function openLedger(spec: string): Ledger {
  const text = spec.trim();
  if (text === '')
    throw new LedgerUnavailableError('No ledger given.', 'Give --ledger a file path, e.g. declaree-afas.db.');
  if (text === 'memory:') return memoryLedger();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    throw new LedgerUnavailableError(
      'A Postgres ledger is not available in this version.',
      'Use a SQLite file (--ledger declaree-afas.db) on one machine; exporters on several machines need the Postgres store of a later version.',
    );
  }
  return sqliteLedger(text);
}
