import { LedgerUnavailableError } from './errors.js';
import type { Ledger } from './ledger.js';
import { memoryLedger } from './memory.js';
import { postgresLedger } from './postgres.js';
import { sqliteLedger } from './sqlite.js';

/**
 * A ledger from what a user types after `--ledger`: `memory:` (nothing kept), a `postgres://` or
 * `postgresql://` URL (Postgres, through the optional `pg` package; `?schema=name` picks the schema
 * of its tables), or a file path (SQLite). Nothing is opened yet: a bad ledger shows at `probe()`.
 */
export function openLedger(spec: string): Ledger {
  const text = spec.trim();
  if (text === '')
    throw new LedgerUnavailableError('No ledger given.', 'Give --ledger a file path, e.g. declaree-afas.db.');
  if (text === 'memory:') return memoryLedger();
  if (/^postgres(ql)?:\/\//i.test(text)) return openPostgres(text);
  return sqliteLedger(text);
}

/** A Postgres ledger for a URL; its `schema` parameter is the ledger's, not one for `pg`. */
function openPostgres(text: string): Ledger {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: the URL may hold a password.
    throw new LedgerUnavailableError(
      'The Postgres ledger URL cannot be read.',
      'Write it as postgres://user:password@host:5432/database, with special characters in the password percent-encoded (@ as %40, / as %2F).',
    );
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema === undefined) return postgresLedger(text);
  url.searchParams.delete('schema');
  return postgresLedger(url.toString(), { schema });
}
