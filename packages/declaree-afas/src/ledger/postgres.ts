import type { ConnectionOptions } from 'node:tls';
import type { Pool, PoolClient } from 'pg';
import { LedgerError, LedgerUnavailableError, leaseLost } from './errors.js';
import {
  type Claim,
  decideClaim,
  type ExportKey,
  exportKeyId,
  holds,
  type Lease,
  type Ledger,
  type LedgerRecord,
  recordOf,
  type StoredLease,
} from './ledger.js';

const SCHEMA_VERSION = 1;
/** The Postgres schema (namespace) the ledger's tables live in unless told otherwise. */
const DEFAULT_SCHEMA = 'declaree_afas';

/**
 * Where a Postgres ledger connects: the options of `pg`'s `Pool` that a ledger needs. A URL
 * (`postgres://user:password@host:5432/database`) may be given instead, as a string.
 */
export interface PostgresConnectionOptions {
  /** A `postgres://` URL; as in `pg`, what it says wins over the fields below. */
  readonly connectionString?: string | undefined;
  /** @default 'localhost' (or `PGHOST`) */
  readonly host?: string | undefined;
  /** @default 5432 (or `PGPORT`) */
  readonly port?: number | undefined;
  /** @default the user's name (or `PGUSER`) */
  readonly user?: string | undefined;
  /** Never shown: not in {@link Ledger.description}, not in any error. */
  readonly password?: string | undefined;
  /** @default the user name (or `PGDATABASE`) */
  readonly database?: string | undefined;
  /** TLS: `true`, or Node's TLS options (e.g. `{ ca }`). */
  readonly ssl?: boolean | ConnectionOptions | undefined;
  /** Connections kept open at most. @default 10 */
  readonly max?: number | undefined;
  /** How long a connection attempt may take, in milliseconds. @default 10000 */
  readonly connectionTimeoutMillis?: number | undefined;
}

/** Options of {@link postgresLedger}. */
export interface PostgresLedgerOptions {
  /**
   * The clock for leases, in epoch milliseconds. @default the database server's clock, so that
   * exporters on machines whose clocks differ still agree on when a lease expired.
   */
  readonly now?: (() => number) | undefined;
  /**
   * The Postgres schema (namespace) of the ledger's tables, created when missing: letters, digits
   * and `_`. Several ledgers can share one database under different schemas. @default 'declaree_afas'
   */
  readonly schema?: string | undefined;
}

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
  steps: LedgerRecord['steps'] | null;
  lease_owner: string | null;
  lease_expires_at: string | number | null;
  lease_generation: number;
  updated_at: string;
}

/**
 * A ledger in a Postgres database through the `pg` package (an optional peer dependency: install it
 * beside declaree-afas). Shared safely by exporters on several machines: every claim takes the
 * export's row with `SELECT … FOR UPDATE` in one transaction, and every record and renewal is fenced
 * by the lease's generation. The tables (`ledger_meta`, `exports`) are created on first use in their
 * own schema (`declaree_afas` unless `schema` says otherwise); a ledger written by a newer version is
 * refused. Connects on first use, so an unreachable server or a read-only user surfaces as a
 * {@link LedgerUnavailableError} from `probe()`, before anything is sent to AFAS. The password is
 * never shown: not in {@link Ledger.description}, not in any error.
 *
 * @example
 * const ledger = postgresLedger('postgres://exporter:secret@db.internal:5432/finance');
 * const exporter = new DeclareeExporter({ settings, ledger });
 */
export function postgresLedger(
  connection: string | PostgresConnectionOptions,
  options: PostgresLedgerOptions = {},
): Ledger {
  const config = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const where = whereOf(config);
  const secrets = secretsOf(config);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new LedgerUnavailableError(
      `The Postgres schema name "${schema}" is not usable for the ledger.`,
      'Give a schema name of letters, digits and _ (at most 63), starting with a letter or _.',
    );
  }
  const table = (name: string) => `"${schema}".${name}`;
  const fail = (error: unknown) => unavailable(where, error, secrets);

  let opened: Promise<Pool> | undefined;
  const pool = () => {
    opened ??= open(config, schema, where, fail).catch((error: unknown) => {
      opened = undefined; // the server may be reachable on the next try
      throw error;
    });
    return opened;
  };

  /** Runs `work` in one transaction on one connection; any failure but a ledger error is "unavailable". */
  const transaction = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const ready = await pool();
    let client: PoolClient;
    try {
      client = await ready.connect();
    } catch (error) {
      throw fail(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error instanceof LedgerError ? error : fail(error);
    } finally {
      client.release(broken);
    }
  };
  const query = async (text: string, values: unknown[]): Promise<Row[]> => {
    const ready = await pool();
    try {
      return (await ready.query<Row>(text, values)).rows;
    } catch (error) {
      throw fail(error);
    }
  };
  /** The export's row, locked until the transaction ends. */
  const lock = async (client: PoolClient, keyId: string) =>
    (await client.query<Row>(`SELECT * FROM ${table('exports')} WHERE key_id = $1 FOR UPDATE`, [keyId]))
      .rows[0];
  /** Now, by the given clock or else the database's, read after the row lock was granted. */
  const clock = async (client: PoolClient): Promise<number> => {
    if (options.now) return options.now();
    const { rows } = await client.query<{ now: string }>(
      'SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now',
    );
    return Number(rows[0]?.now);
  };

  return {
    description: `Postgres ${where}${schema === DEFAULT_SCHEMA ? '' : ` (schema ${schema})`}`,
    async get(key: ExportKey) {
      const [row] = await query(`SELECT * FROM ${table('exports')} WHERE key_id = $1`, [exportKeyId(key)]);
      return row && toRecord(row);
    },
    async findByReport(reportId) {
      const rows = await query(
        `SELECT * FROM ${table('exports')} WHERE report_id = $1 ORDER BY updated_at, key_id`,
        [reportId],
      );
      return rows.map(toRecord);
    },
    claim(key, report, claimOptions): Promise<Claim> {
      const keyId = exportKeyId(key);
      return transaction(async (client) => {
        // Insert the row if it is missing (a concurrent insert waits here, then does nothing), so
        // that there is always a row to lock: one claimant at a time decides.
        await client.query(
          `INSERT INTO ${table('exports')} (key_id, participant, environment_kind, administration, journal,
             creditor, invoice_number, report_id, report_number, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (key_id) DO NOTHING`,
          [
            keyId,
            key.participant,
            key.environmentKind,
            key.administration,
            key.journal,
            key.creditor,
            key.invoiceNumber,
            report.reportId,
            report.reportNumber ?? null,
            new Date(options.now?.() ?? Date.now()).toISOString(),
          ],
        );
        const row = await lock(client, keyId);
        if (!row) throw new Error('the export row vanished while it was being claimed');
        const decision = decideClaim(leaseOf(row), keyId, claimOptions, await clock(client));
        if (!decision.granted) {
          return { claimed: false, heldBy: decision.heldBy, expiresAt: decision.expiresAt };
        }
        const { lease } = decision;
        await client.query(
          `UPDATE ${table('exports')} SET lease_owner = $2, lease_expires_at = $3, lease_generation = $4
           WHERE key_id = $1`,
          [keyId, lease.owner, lease.expiresAt, lease.generation],
        );
        const record = toRecord(row);
        return { claimed: true, lease, record: Object.keys(record.steps).length > 0 ? record : undefined };
      });
    },
    renew(lease, ttlMs) {
      return transaction(async (client) => {
        const row = await lock(client, lease.keyId);
        if (!holds(row && leaseOf(row), lease)) throw leaseLost();
        const renewed: Lease = { ...lease, expiresAt: (await clock(client)) + ttlMs };
        await client.query(`UPDATE ${table('exports')} SET lease_expires_at = $2 WHERE key_id = $1`, [
          lease.keyId,
          renewed.expiresAt,
        ]);
        return renewed;
      });
    },
    record(lease, step, state) {
      return transaction(async (client) => {
        const row = await lock(client, lease.keyId);
        if (!row || !holds(leaseOf(row), lease)) throw leaseLost();
        const steps = { ...(row.steps ?? {}), [step]: state };
        await client.query(`UPDATE ${table('exports')} SET steps = $2, updated_at = $3 WHERE key_id = $1`, [
          lease.keyId,
          JSON.stringify(steps),
          state.at,
        ]);
        return toRecord({ ...row, steps, updated_at: state.at });
      });
    },
    async release(lease) {
      await query(
        `UPDATE ${table('exports')} SET lease_owner = NULL, lease_expires_at = NULL
         WHERE key_id = $1 AND lease_owner = $2 AND lease_generation = $3`,
        [lease.keyId, lease.owner, lease.generation],
      );
    },
    async probe() {
      // A real write, rolled back: proves the server, the user's rights and a writable database.
      const ready = await pool();
      let client: PoolClient | undefined;
      try {
        client = await ready.connect();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO ${table('ledger_meta')} (name, value) VALUES ('probe', $1)
           ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
          [String(Date.now())],
        );
        await client.query('ROLLBACK');
        client.release();
      } catch (error) {
        if (client) {
          await client.query('ROLLBACK').catch(() => {});
          client.release(true);
        }
        throw fail(error);
      }
    },
    async close() {
      const current = opened;
      opened = undefined;
      const ready = await current?.catch(() => undefined);
      await ready?.end().catch(() => {});
    },
  };
}

/** Loads `pg`, opens a pool and creates or checks the tables (one opener at a time, by an advisory lock). */
async function open(
  config: PostgresConnectionOptions,
  schema: string,
  where: string,
  fail: (error: unknown) => LedgerUnavailableError,
): Promise<Pool> {
  const pg = await importPg();
  const pool = new pg.Pool({
    ...config,
    max: config.max ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000,
    application_name: 'declaree-afas',
  });
  // An idle connection the server closes (a restart) must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool, schema, where);
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    throw error instanceof LedgerError ? error : fail(error);
  }
}

async function migrate(pool: Pool, schema: string, where: string): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`declaree-afas ledger ${schema}`]);
    // CREATE SCHEMA needs a right on the database that a user given an existing schema may lack.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
    const meta = await client.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [
      `"${schema}".ledger_meta`,
    ]);
    const version =
      meta.rows[0]?.table == null
        ? undefined
        : (
            await client.query<{ value: string }>(
              `SELECT value FROM "${schema}".ledger_meta WHERE name = 'schema_version'`,
            )
          ).rows[0]?.value;
    if (version !== undefined && Number(version) > SCHEMA_VERSION) {
      throw new LedgerUnavailableError(
        `The ledger Postgres ${where} (schema ${schema}) was written by a newer declaree-afas (ledger schema ${version}).`,
        'Upgrade declaree-afas on this machine, or use another database or schema.',
      );
    }
    if (version === undefined) {
      await client.query(`
        CREATE TABLE IF NOT EXISTS "${schema}".ledger_meta (name text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS "${schema}".exports (
          key_id text PRIMARY KEY,
          participant text NOT NULL,
          environment_kind text NOT NULL,
          administration integer NOT NULL,
          journal text NOT NULL,
          creditor text NOT NULL,
          invoice_number text NOT NULL,
          report_id text NOT NULL,
          report_number text,
          steps jsonb NOT NULL DEFAULT '{}',
          lease_owner text,
          lease_expires_at bigint,
          lease_generation integer NOT NULL DEFAULT 0,
          updated_at text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS exports_by_report ON "${schema}".exports (report_id);
      `);
      await client.query(
        `INSERT INTO "${schema}".ledger_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO NOTHING`,
        [String(SCHEMA_VERSION)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** `pg`, loaded only when a Postgres ledger is used: SQLite users never need it. */
async function importPg(): Promise<typeof import('pg').default> {
  try {
    const module = await import('pg');
    return module.default ?? module;
  } catch (error) {
    throw new LedgerUnavailableError(
      'The Postgres ledger needs the pg package, which is not installed.',
      'Install it beside declaree-afas (npm install pg), or use a SQLite file (--ledger declaree-afas.db); nothing was sent to AFAS.',
      { cause: error },
    );
  }
}

/** `user@host:port/database`, never the password. */
function whereOf(config: PostgresConnectionOptions): string {
  let url: URL | undefined;
  if (config.connectionString !== undefined) {
    try {
      url = new URL(config.connectionString);
    } catch {
      throw new LedgerUnavailableError(
        'The Postgres ledger URL cannot be read.',
        'Write it as postgres://user:password@host:5432/database, with special characters in the password percent-encoded (@ as %40, / as %2F).',
      );
    }
  }
  const decode = (text: string | undefined) => {
    if (!text) return undefined;
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const env = process.env;
  // As `pg` reads them: the URL first, then the fields, then the PG… variables, then the defaults.
  const host =
    decode(url?.hostname) || url?.searchParams.get('host') || config.host || env['PGHOST'] || 'localhost';
  const port = url?.port || config.port || env['PGPORT'] || 5432;
  const user =
    decode(url?.username) || config.user || env['PGUSER'] || env['USER'] || env['USERNAME'] || 'postgres';
  const database = decode(url?.pathname.slice(1)) || config.database || env['PGDATABASE'] || user;
  return `${user}@${host}:${port}/${database}`;
}

/** Every form in which the password could show up in a message. */
function secretsOf(config: PostgresConnectionOptions): string[] {
  const found = [config.password, process.env['PGPASSWORD']];
  if (config.connectionString !== undefined) {
    try {
      const url = new URL(config.connectionString);
      found.push(url.password);
      try {
        found.push(decodeURIComponent(url.password));
      } catch {
        // not percent-encoded: the raw form is enough
      }
      found.push(url.searchParams.get('password') ?? undefined);
    } catch {
      // an unreadable URL was refused by whereOf()
    }
    found.push(config.connectionString);
  }
  return [...new Set(found.filter((s): s is string => typeof s === 'string' && s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}

/** The text of an error, including the attempts of an AggregateError (each address of a host name). */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(reasonOf))].join('; ');
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The error for a server that cannot be reached or written. Its cause is a fresh error holding only
 * the redacted text and the code: `pg`'s own errors are not kept, so no field can leak a password.
 */
function unavailable(where: string, error: unknown, secrets: readonly string[]): LedgerUnavailableError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  const reason = redact(reasonOf(error), secrets);
  const cause = Object.assign(new Error(reason), codeText ? { code: codeText } : {});
  return new LedgerUnavailableError(
    `The Postgres ledger ${where} cannot be used (${reason}${codeText && !reason.includes(codeText) ? `, ${codeText}` : ''}).`,
    hintFor(codeText),
    { cause },
  );
}

function hintFor(code: string | undefined): string {
  const tail = ' Nothing was sent to AFAS.';
  if (code === '28P01' || code === '28000')
    return `Check the user name and password in the --ledger URL (or PGPASSWORD), and that pg_hba.conf lets this machine in.${tail}`;
  if (code === '3D000')
    return `Create the database first (createdb), or name an existing one in the URL.${tail}`;
  if (code === '42501' || code === '25006')
    return `Give the user the right to create a schema and tables in the database and to write them (it must not be read-only), or pick a schema it may write with ?schema=.${tail}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT')
    return `Check that the Postgres server runs and that the host and port in the --ledger URL reach it from this machine.${tail}`;
  return `Check the --ledger URL, that the Postgres server is reachable and that its user may write the database.${tail}`;
}

function leaseOf(row: Row): StoredLease {
  return {
    owner: row.lease_owner ?? undefined,
    expiresAt: row.lease_expires_at === null ? undefined : Number(row.lease_expires_at),
    generation: row.lease_generation,
  };
}

function toRecord(row: Row): LedgerRecord {
  return recordOf(row, row.steps ?? {});
}
