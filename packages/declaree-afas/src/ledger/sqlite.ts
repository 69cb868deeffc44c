import { closeSync, openSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerUnavailableError, leaseLost } from './errors.js';
import {
  type Claim,
  decideClaim,
  type ExportKey,
  exportKeyId,
  holds,
  type Ledger,
  type LedgerRecord,
  recordOf,
  type StoredLease,
} from './ledger.js';

const SCHEMA_VERSION = 1;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS exports (
    key_id TEXT PRIMARY KEY,
    participant TEXT NOT NULL,
    environment_kind TEXT NOT NULL,
    administration INTEGER NOT NULL,
    journal TEXT NOT NULL,
    creditor TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    report_id TEXT NOT NULL,
    report_number TEXT,
    steps TEXT NOT NULL DEFAULT '{}',
    lease_owner TEXT,
    lease_expires_at INTEGER,
    lease_generation INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS exports_by_report ON exports (report_id);
`;

interface Row {
  key_id: string;
  participant: string;
  environment_kind: string;
  administration: number;
  journal: string;
  creditor: string;
  invoice_number: string;
  report_id: string;
  report_number: string | null;
  steps: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
  lease_generation: number;
  updated_at: string;
}

/**
 * A ledger in a SQLite file through Node's built-in `node:sqlite` (nothing native to build): the
 * CLI's default. Safe for several processes on one machine: WAL mode, a busy timeout, and every
 * claim and record in an immediate transaction. The file is created owner-only (0600); SQLite gives
 * its `-wal` and `-shm` files the same mode. Opened on first use, so a bad path surfaces as a
 * {@link LedgerUnavailableError} from `probe()`, before anything is sent to AFAS.
 */
export function sqliteLedger(path: string, options: { readonly now?: () => number } = {}): Ledger {
  const now = options.now ?? Date.now;
  let opened: Promise<DatabaseSync> | undefined;
  const db = () => (opened ??= open(path));

  let synchronous: 'FULL' | 'NORMAL' | undefined;
  /**
   * Runs `work` in `BEGIN IMMEDIATE … COMMIT` (one writer at a time across processes). Every commit
   * survives a killed process (WAL); a `durable` one also waits for the disk (see {@link Ledger.record}).
   * From BEGIN to COMMIT nothing yields: this process's reports share one connection.
   */
  const transaction = async <T>(work: (database: DatabaseSync) => T, durable = false): Promise<T> => {
    const database = await db();
    const wanted = durable ? 'FULL' : 'NORMAL';
    return inTransaction(
      path,
      database,
      () => {
        if (synchronous !== wanted) database.exec(`PRAGMA synchronous = ${wanted}`);
        synchronous = wanted;
      },
      work,
    );
  };
  const read = (database: DatabaseSync, keyId: string) =>
    database.prepare('SELECT * FROM exports WHERE key_id = ?').get(keyId) as Row | undefined;

  return {
    description: `SQLite ${path}`,
    async get(key: ExportKey) {
      const database = await db();
      const row = await whenFree(() => read(database, exportKeyId(key)));
      return row && toRecord(row);
    },
    async findByReport(reportId) {
      const database = await db();
      const rows = await whenFree(() =>
        database.prepare('SELECT * FROM exports WHERE report_id = ? ORDER BY updated_at').all(reportId),
      );
      return (rows as unknown as Row[]).map(toRecord);
    },
    claim(key, report, claimOptions): Promise<Claim> {
      const keyId = exportKeyId(key);
      return transaction((database) => {
        const row = read(database, keyId);
        const at = now();
        const decision = decideClaim(row && leaseOf(row), keyId, claimOptions, at);
        if (!decision.granted)
          return { claimed: false, heldBy: decision.heldBy, expiresAt: decision.expiresAt };
        const { lease } = decision;
        if (row) {
          database
            .prepare(
              'UPDATE exports SET lease_owner = ?, lease_expires_at = ?, lease_generation = ? WHERE key_id = ?',
            )
            .run(lease.owner, lease.expiresAt, lease.generation, keyId);
        } else {
          database
            .prepare(
              `INSERT INTO exports (key_id, participant, environment_kind, administration, journal, creditor, invoice_number,
                 report_id, report_number, lease_owner, lease_expires_at, lease_generation, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              keyId,
              key.participant,
              key.environmentKind,
              key.administration,
              key.journal,
              key.creditor,
              key.invoiceNumber,
              report.reportId,
              report.reportNumber ?? null,
              lease.owner,
              lease.expiresAt,
              lease.generation,
              new Date(at).toISOString(),
            );
        }
        const record = row ? toRecord(row) : undefined;
        return {
          claimed: true,
          lease,
          record: record && Object.keys(record.steps).length > 0 ? record : undefined,
        };
      });
    },
    renew(lease, ttlMs) {
      return transaction((database) => {
        const row = read(database, lease.keyId);
        if (!holds(row && leaseOf(row), lease)) throw leaseLost();
        const renewed = { ...lease, expiresAt: now() + ttlMs };
        database
          .prepare('UPDATE exports SET lease_expires_at = ? WHERE key_id = ?')
          .run(renewed.expiresAt, lease.keyId);
        return renewed;
      });
    },
    record(lease, step, state) {
      // Only a `pending` record waits for the disk (an fsync): it is written before a write to AFAS,
      // and it must outlast a power cut so that the next run looks up before writing again. WAL
      // keeps commits in order, so that fsync also makes every earlier record durable; a record after
      // it that a power cut loses (done, absent, a claim) leaves `pending`, which a lookup settles.
      return transaction((database) => {
        const row = read(database, lease.keyId);
        if (!row || !holds(leaseOf(row), lease)) throw leaseLost();
        const steps = { ...parseSteps(row.steps), [step]: state };
        database
          .prepare('UPDATE exports SET steps = ?, updated_at = ? WHERE key_id = ?')
          .run(JSON.stringify(steps), state.at, lease.keyId);
        return toRecord({ ...row, steps: JSON.stringify(steps), updated_at: state.at });
      }, state.status === 'pending');
    },
    async release(lease) {
      await transaction((database) => {
        database
          .prepare(
            'UPDATE exports SET lease_owner = NULL, lease_expires_at = NULL WHERE key_id = ? AND lease_owner = ? AND lease_generation = ?',
          )
          .run(lease.keyId, lease.owner, lease.generation);
      });
    },
    async probe() {
      // A real write, rolled back: proves the file, its folder and the disk take writes.
      const database = await db();
      try {
        await inTransaction(path, database, undefined, () => {
          database
            .prepare('INSERT OR REPLACE INTO ledger_meta (name, value) VALUES (?, ?)')
            .run('probe', String(now()));
          throw PROBED; // rolls the write back
        });
      } catch (error) {
        if (error !== PROBED)
          throw unavailable(path, error instanceof LedgerUnavailableError ? error.cause : error, 'before');
      }
    },
    async close() {
      if (opened) (await opened.catch(() => undefined))?.close();
      opened = undefined;
      synchronous = undefined;
    },
  };
}

/** What the probe throws to roll its write back. */
const PROBED = Symbol('probed');

/**
 * `work` in `BEGIN IMMEDIATE … COMMIT`, started once no other process holds the write lock (see
 * {@link whenFree}); `before` runs first (pragmas that may not change inside a transaction). A
 * failure to begin that is not a wait is the ledger's: {@link LedgerUnavailableError}.
 */
function inTransaction<T>(
  path: string,
  database: DatabaseSync,
  before: (() => void) | undefined,
  work: (database: DatabaseSync) => T,
): Promise<T> {
  return whenFree(() => {
    try {
      before?.();
      database.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw isBusy(error) ? error : unavailable(path, error);
    }
    try {
      const result = work(database);
      database.exec('COMMIT');
      return result;
    } catch (error) {
      if (database.isTransaction)
        try {
          database.exec('ROLLBACK');
        } catch {
          // SQLite rolls back itself when it cannot; the error that matters is the one below.
        }
      // The disk filling up mid-run, an I/O error, a file made read-only or damaged: the ledger's,
      // with its fix, like a failed begin. Anything else (a constraint) would be a bug, kept as it is.
      throw isUnwritable(error) ? unavailable(path, error) : error;
    }
  }).catch((error: unknown) => {
    throw isBusy(error) ? unavailable(path, error, 'busy') : error;
  });
}

/**
 * `work`, retried while another process holds the database (SQLITE_BUSY), without blocking this
 * one: node:sqlite is synchronous, and SQLite's own busy handler would stall the event loop (and
 * every report this process has in flight) while it sleeps. Busy is retried here after a short
 * timer instead, for at most {@link BUSY_WAIT_MS} in all.
 */
async function whenFree<T>(
  work: () => T | Promise<T>,
  busy: (error: unknown) => boolean = isBusy,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!busy(error) || Date.now() - started > BUSY_WAIT_MS) throw error;
      await sleep(Math.min(1 + attempt, 10) * (0.5 + Math.random()));
    }
  }
}

const LOOKED_UP =
  'a step that may have reached AFAS without its record is looked up there first, so nothing is booked twice.';

/** How long opening, a claim or a record waits for other processes' transactions before it fails. */
const BUSY_WAIT_MS = 10_000;

function open(path: string): Promise<DatabaseSync> {
  // Several processes may open a new file at the same instant: switching it to WAL and creating the
  // schema can then meet SQLITE_BUSY before the busy timeout applies. Such a lost race is retried.
  return whenFree(
    () => openOnce(path),
    (error) => isBusy(error instanceof LedgerUnavailableError ? error.cause : error),
  );
}

/**
 * SQLite cannot write the file: SQLITE_READONLY (8), SQLITE_IOERR (10), SQLITE_CORRUPT (11),
 * SQLITE_FULL (13), SQLITE_CANTOPEN (14), SQLITE_NOTADB (26), in any of their extended forms.
 */
function isUnwritable(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | undefined)?.errcode;
  return typeof code === 'number' && [8, 10, 11, 13, 14, 26].includes(code & 0xff);
}

/** SQLITE_BUSY or SQLITE_LOCKED, in any of their extended forms. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | undefined)?.errcode;
  return typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6);
}

async function openOnce(path: string): Promise<DatabaseSync> {
  const { DatabaseSync } = await importSqlite();
  let database: DatabaseSync | undefined;
  try {
    // Created owner-only before SQLite opens it: the ledger names creditors and invoice numbers.
    closeSync(openSync(path, 'a', 0o600));
    database = new DatabaseSync(path);
    database.exec('PRAGMA busy_timeout = 10000');
    database.exec('PRAGMA journal_mode = WAL');
    database.exec(`BEGIN IMMEDIATE; ${SCHEMA}; COMMIT`);
    const version = database.prepare("SELECT value FROM ledger_meta WHERE name = 'schema_version'").get() as
      | { value: string }
      | undefined;
    if (version === undefined) {
      database
        .prepare("INSERT OR IGNORE INTO ledger_meta (name, value) VALUES ('schema_version', ?)")
        .run(String(SCHEMA_VERSION));
    } else if (Number(version.value) > SCHEMA_VERSION) {
      database.close();
      throw new LedgerUnavailableError(
        `The ledger ${path} was written by a newer declaree-afas (schema ${version.value}).`,
        'Upgrade declaree-afas on this machine, or use another ledger file.',
      );
    }
    // From here on, waiting for another process is `begin`'s, asynchronous (reads never wait in WAL).
    database.exec('PRAGMA busy_timeout = 0');
    return database;
  } catch (error) {
    if (database?.isOpen) database.close();
    if (error instanceof LedgerUnavailableError) throw error;
    throw unavailable(path, error, 'before');
  }
}

/** `node:sqlite`, without the one ExperimentalWarning some Node versions print when it loads. */
async function importSqlite(): Promise<typeof import('node:sqlite')> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/sqlite/i.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import('node:sqlite');
  } catch (error) {
    throw new LedgerUnavailableError(
      `The SQLite ledger needs node:sqlite, which Node ${process.versions.node} does not have.`,
      'Use Node 22.13 or later (or 23.4 or later), or a Postgres ledger (--ledger postgres://…); nothing was sent to AFAS.',
      { cause: error },
    );
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The ledger cannot be opened or written. `before`: at the start (opening, the probe), so nothing
 * was sent to AFAS; `during` a run, when a step already sent may lack its record; `busy`: another
 * process held it for longer than {@link BUSY_WAIT_MS}.
 */
function unavailable(
  path: string,
  error: unknown,
  when: 'before' | 'during' | 'busy' = 'during',
): LedgerUnavailableError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  // node:sqlite's code is the same for every SQLite error; its message says which.
  const detail = code === undefined || code === 'ERR_SQLITE_ERROR' ? reason : code;
  return new LedgerUnavailableError(
    `The ledger ${path} cannot be written (${detail}).`,
    {
      before:
        'Give --ledger a file in a folder this user may write, on a disk with room (not a directory or /dev/null); nothing was sent to AFAS.',
      during: `Make room on the disk, or make the ledger writable again (a damaged file: restore it, or move it aside and let the next run look up in AFAS), then export again: ${LOOKED_UP}`,
      busy: `Another process kept the ledger locked for over ${BUSY_WAIT_MS / 1000} s (a long transaction, or a tool holding it open). Export again: ${LOOKED_UP}`,
    }[when],
    { cause: error },
  );
}

function leaseOf(row: Row): StoredLease {
  return {
    owner: row.lease_owner ?? undefined,
    expiresAt: row.lease_expires_at ?? undefined,
    generation: row.lease_generation,
  };
}

function parseSteps(text: string): LedgerRecord['steps'] {
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' ? (parsed as LedgerRecord['steps']) : {};
}

function toRecord(row: Row): LedgerRecord {
  return recordOf(row, parseSteps(row.steps));
}
