/**
 * The ledger's promises, held by every store (memory, SQLite and Postgres): exports are told apart
 * by where they land, only one holder works on an export at a time, a takeover fences the old holder
 * out, several processes share one SQLite file or one Postgres database safely, and an unwritable or
 * unreachable ledger is refused up front, without showing a password.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExportKey,
  type Ledger,
  LedgerLeaseLostError,
  LedgerUnavailableError,
  memoryLedger,
  openLedger,
  ownerIsGone,
  postgresLedger,
  sqliteLedger,
} from '../../src/index.js';
import { freePort, startPostgres, type TestPostgres } from '../support/postgres.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
let folder: string;
let postgres: TestPostgres;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'declaree-ledger-'));
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  await rm(folder, { recursive: true, force: true });
});
const schemaName = () => `t_${Math.random().toString(36).slice(2)}`;

const key: ExportKey = {
  participant: '12345',
  environmentKind: 'test',
  administration: 1,
  journal: '70',
  creditor: '2001',
  invoiceNumber: 'EXP-1001',
};
const report = { reportId: 'rep_1', reportNumber: 'EXP-1001' };
const at = '2026-12-02T10:00:00.000Z';

let clock = 1_000_000;
const now = () => clock;
const stores: [string, () => Ledger][] = [
  ['memory', () => memoryLedger({ now })],
  ['SQLite', () => sqliteLedger(join(folder, `${Math.random().toString(36).slice(2)}.db`), { now })],
  // A fresh schema of one real server per test: the tables are created by the ledger itself.
  ['Postgres', () => postgresLedger(postgres.url(), { now, schema: schemaName() })],
];

describe.each(stores)('the %s ledger', (_name, make) => {
  it('remembers step states under a lease, and hands them to the next claim', async () => {
    const ledger = make();
    const first = await ledger.claim(key, report, { owner: 'a', ttlMs: 1000 });
    if (!first.claimed) throw new Error('not claimed');
    expect(first.record).toBeUndefined();
    await ledger.record(first.lease, 'entry', {
      status: 'done',
      data: { entryNo: '26000001', lineSeqNos: [1, 2] },
      at,
    });
    await ledger.release(first.lease);

    const second = await ledger.claim(key, report, { owner: 'b', ttlMs: 1000 });
    if (!second.claimed) throw new Error('not claimed');
    expect(second.record?.steps['entry']).toEqual({
      status: 'done',
      data: { entryNo: '26000001', lineSeqNos: [1, 2] },
      at,
    });
    expect(await ledger.findByReport('rep_1')).toHaveLength(1);
    await ledger.close();
  });

  it('tells exports apart by environment kind, participant, administration, journal, creditor and invoice number', async () => {
    const ledger = make();
    const lease = await ledger.claim(key, report, { owner: 'a', ttlMs: 1000 });
    if (!lease.claimed) throw new Error('not claimed');
    await ledger.record(lease.lease, 'entry', { status: 'done', at });
    const others: ExportKey[] = [
      { ...key, environmentKind: 'production' },
      { ...key, participant: '54321' },
      { ...key, administration: 2 },
      { ...key, journal: '71' },
      { ...key, creditor: '2002' },
      { ...key, invoiceNumber: 'EXP-1002' },
    ];
    for (const other of others) {
      expect(await ledger.get(other)).toBeUndefined();
      const claim = await ledger.claim(other, report, { owner: 'b', ttlMs: 1000 });
      expect(claim.claimed && claim.record).toBeUndefined();
    }
    expect((await ledger.get(key))?.steps['entry']?.status).toBe('done');
    await ledger.close();
  });

  it('refuses a second holder while the lease lives, and lets it take over once it expired', async () => {
    const ledger = make();
    const a = await ledger.claim(key, report, { owner: 'a', ttlMs: 1000 });
    if (!a.claimed) throw new Error('not claimed');
    expect(await ledger.claim(key, report, { owner: 'b', ttlMs: 1000 })).toMatchObject({
      claimed: false,
      heldBy: 'a',
    });

    const renewed = await ledger.renew(a.lease, 5000);
    clock += 2000; // past the first expiry, within the renewed one
    expect((await ledger.claim(key, report, { owner: 'b', ttlMs: 1000 })).claimed).toBe(false);

    clock += 5000;
    const b = await ledger.claim(key, report, { owner: 'b', ttlMs: 1000 });
    expect(b.claimed).toBe(true);
    // The old holder is fenced out: its writes and renewals are refused, its release changes nothing.
    await expect(ledger.record(renewed, 'entry', { status: 'done', at })).rejects.toBeInstanceOf(
      LedgerLeaseLostError,
    );
    await expect(ledger.renew(renewed, 1000)).rejects.toBeInstanceOf(LedgerLeaseLostError);
    await ledger.release(renewed);
    expect((await ledger.claim(key, report, { owner: 'c', ttlMs: 1000 })).claimed).toBe(false);
    await ledger.close();
  });

  it('hands a live lease of a holder known to be dead to the next claimant at once, fencing the old one', async () => {
    const ledger = make();
    const dead = await ledger.claim(key, report, { owner: 'host:41:dead', ttlMs: 60_000 });
    if (!dead.claimed) throw new Error('not claimed');
    // Naming another holder as dead takes nothing over.
    expect(
      (await ledger.claim(key, report, { owner: 'b', ttlMs: 1000, takeOverFrom: 'host:42:other' })).claimed,
    ).toBe(false);
    const b = await ledger.claim(key, report, { owner: 'b', ttlMs: 1000, takeOverFrom: 'host:41:dead' });
    expect(b.claimed).toBe(true);
    await expect(ledger.record(dead.lease, 'entry', { status: 'done', at })).rejects.toBeInstanceOf(
      LedgerLeaseLostError,
    );
    await ledger.close();
  });
});

describe('ownerIsGone', () => {
  it('is true only for a process of this machine that no longer runs', () => {
    const running = (pid: number) => pid === 7;
    expect(ownerIsGone('web-1:8:ab12cd34', 'web-1', running)).toBe(true);
    expect(ownerIsGone('web-1:7:ab12cd34', 'web-1', running)).toBe(false);
    expect(ownerIsGone('web-2:8:ab12cd34', 'web-1', running)).toBe(false); // another machine: wait for expiry
    expect(ownerIsGone('something else', 'web-1', running)).toBe(false);
  });
});

describe('the SQLite ledger on disk', () => {
  it('is owner-only, and shared safely by several processes (each export booked once)', async () => {
    const path = join(folder, 'shared.db');
    const children = Array.from({ length: 4 }, () =>
      run(process.execPath, [join(here, 'race-child.mjs'), path, '40'], { cwd: here }),
    );
    const booked = (await Promise.all(children)).flatMap(({ stdout }) => JSON.parse(stdout) as number[]);
    expect(booked.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  }, 60_000); // four Node processes starting: a limit for a loaded machine, not a speed claim

  it('is created by several processes opening the same new file at the same instant', async () => {
    // Found by two `watch` processes started together: one lost the race to create the schema
    // and refused the ledger as unwritable.
    for (let round = 0; round < 3; round++) {
      const path = join(folder, `fresh-${round}.db`);
      const startAt = Date.now() + 1500; // after every child has started
      const children = Array.from({ length: 6 }, () =>
        run(process.execPath, [join(here, 'race-child.mjs'), path, '6', String(startAt)], { cwd: here }),
      );
      const booked = (await Promise.all(children)).flatMap(({ stdout }) => JSON.parse(stdout) as number[]);
      expect(booked.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  }, 60_000);

  it('is in WAL mode with a schema version: crash safety comes from the database, and readers never wait', async () => {
    const path = join(folder, 'wal.db');
    const ledger = sqliteLedger(path, { now });
    await ledger.probe();
    await ledger.close();
    const { DatabaseSync } = await import('node:sqlite');
    const database = new DatabaseSync(path);
    try {
      expect(database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(database.prepare("SELECT value FROM ledger_meta WHERE name = 'schema_version'").get()).toEqual({
        value: '1',
      });
    } finally {
      database.close();
    }
  });

  it("waits for another connection's transaction without blocking this process", async () => {
    // node:sqlite is synchronous: with SQLite's own busy handler a claim would stall the event loop
    // (every other report of the process, lease renewals) until the other writer let go, or for ever
    // when that writer is this process's own, as here.
    const path = join(folder, 'busy.db');
    const ledger = sqliteLedger(path, { now });
    await ledger.probe();
    const { DatabaseSync } = await import('node:sqlite');
    const other = new DatabaseSync(path);
    other.exec('BEGIN IMMEDIATE');
    const claimed = ledger.claim(key, report, { owner: 'a', ttlMs: 60_000 });
    const ticks = await new Promise<number>((resolve) => {
      let count = 0;
      const timer = setInterval(() => {
        if (++count === 5) {
          clearInterval(timer);
          resolve(count);
        }
      }, 20);
    });
    expect(ticks).toBe(5); // timers ran while the claim waited
    other.exec('COMMIT');
    other.close();
    expect(await claimed).toMatchObject({ claimed: true });
    await ledger.close();
  });

  it.each([
    ['a directory', async () => folder],
    ['/dev/null', async () => '/dev/null'],
    ['a file in a missing folder', async () => join(folder, 'missing', 'ledger.db')],
  ])('refuses %s up front, before anything is sent', async (_name, path) => {
    const ledger = sqliteLedger(await path());
    const error = await ledger.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as LedgerUnavailableError).hint).toMatch(/nothing was sent to AFAS/);
    await ledger.close();
  });
});

describe('the Postgres ledger on a real server', () => {
  it('is shared safely by several processes (each export booked once)', async () => {
    const url = await postgres.createDatabase();
    const children = Array.from({ length: 4 }, () =>
      run(process.execPath, [join(here, 'race-child.mjs'), url, '40'], { cwd: here }),
    );
    const booked = (await Promise.all(children)).flatMap(({ stdout }) => JSON.parse(stdout) as number[]);
    expect(booked.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const { rows } = await postgres.sql(
      'SELECT count(*)::int AS n FROM declaree_afas.exports',
      [],
      url.slice(url.lastIndexOf('/') + 1),
    );
    expect(rows[0]).toMatchObject({ n: 40 });
  }, 30_000);

  it('grants exactly one of many claims sent at the same instant on separate connections', async () => {
    const schema = schemaName();
    const ledgers = Array.from({ length: 8 }, () => postgresLedger(postgres.url(), { schema }));
    await Promise.all(ledgers.map((ledger) => ledger.probe()));
    for (let i = 0; i < 20; i++) {
      const contested = { ...key, invoiceNumber: `EXP-${i}` };
      // Half the exports exist already (claimed once and released), half are new rows.
      if (i % 2 === 0) {
        const first = await ledgers[0]!.claim(contested, report, { owner: 'first', ttlMs: 60_000 });
        if (first.claimed) await ledgers[0]!.release(first.lease);
      }
      const claims = await Promise.all(
        ledgers.map((ledger, n) => ledger.claim(contested, report, { owner: `owner-${n}`, ttlMs: 60_000 })),
      );
      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    }
    await Promise.all(ledgers.map((ledger) => ledger.close()));
  });

  it('creates its tables with a schema version, and refuses a ledger written by a newer version', async () => {
    const url = await postgres.createDatabase();
    const database = url.slice(url.lastIndexOf('/') + 1);
    const first = postgresLedger(url);
    await first.probe();
    await first.close();
    const { rows } = await postgres.sql(
      "SELECT value FROM declaree_afas.ledger_meta WHERE name = 'schema_version'",
      [],
      database,
    );
    expect(rows).toEqual([{ value: '1' }]);

    await postgres.sql(
      "UPDATE declaree_afas.ledger_meta SET value = '99' WHERE name = 'schema_version'",
      [],
      database,
    );
    const newer = postgresLedger(url);
    const error = await newer.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as Error).message).toMatch(/newer declaree-afas/);
    await newer.close();
  });

  it('proves writes with a rolled-back write: a read-only database is refused up front', async () => {
    const url = await postgres.createDatabase();
    const database = url.slice(url.lastIndexOf('/') + 1);
    const ledger = postgresLedger(url);
    await ledger.probe();
    await ledger.close();
    // The probe left nothing behind.
    expect((await postgres.sql('SELECT name FROM declaree_afas.ledger_meta', [], database)).rows).toEqual([
      { name: 'schema_version' },
    ]);

    await postgres.sql(`ALTER DATABASE "${database}" SET default_transaction_read_only = on`);
    const readOnly = postgresLedger(url);
    const error = await readOnly.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as LedgerUnavailableError).message).toMatch(/read-only transaction/);
    expect((error as LedgerUnavailableError).hint).toMatch(/Nothing was sent to AFAS/);
    await readOnly.close();
  });

  it('leases by the database clock unless given one: a lease expires in real time', async () => {
    const ledger = postgresLedger(postgres.url(), { schema: schemaName() });
    const before = Date.now();
    const a = await ledger.claim(key, report, { owner: 'a', ttlMs: 300 });
    if (!a.claimed) throw new Error('not claimed');
    expect(Math.abs(a.lease.expiresAt - (before + 300))).toBeLessThan(5000);
    expect((await ledger.claim(key, report, { owner: 'b', ttlMs: 300 })).claimed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const b = await ledger.claim(key, report, { owner: 'b', ttlMs: 300 });
    expect(b.claimed && b.lease.generation).toBe(2);
    await ledger.close();
  });

  it('keeps several ledgers apart in one database by schema', async () => {
    const [one, two] = [schemaName(), schemaName()];
    const first = openLedger(`${postgres.url()}?schema=${one}`);
    const second = postgresLedger(postgres.url(), { schema: two });
    expect(first.description).toBe(`Postgres postgres@127.0.0.1:${postgres.port}/postgres (schema ${one})`);
    const claim = await first.claim(key, report, { owner: 'a', ttlMs: 1000 });
    if (!claim.claimed) throw new Error('not claimed');
    await first.record(claim.lease, 'entry', { status: 'done', at });
    expect((await first.get(key))?.steps['entry']?.status).toBe('done');
    expect(await second.get(key)).toBeUndefined();
    await Promise.all([first.close(), second.close()]);
  });
});

describe('the Postgres ledger never shows its password', () => {
  /** Everything an error carries, as a person or a log could see it: message, hint, stack, cause, fields. */
  const everything = (error: unknown) =>
    [
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error, Object.getOwnPropertyNames(error)),
      String((error as Error).stack),
      String(((error as Error).cause as Error | undefined)?.message),
      String(((error as Error).cause as Error | undefined)?.stack),
      (error as LedgerUnavailableError).hint,
    ].join('\n');

  it('when the server cannot be reached', async () => {
    const password = 'Unreach4ble-Secret-Pw';
    const port = await freePort();
    const ledger = postgresLedger(`postgres://exporter:${password}@127.0.0.1:${port}/ledger`);
    expect(ledger.description).toBe(`Postgres exporter@127.0.0.1:${port}/ledger`);
    const error = await ledger.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as LedgerUnavailableError).hint).toMatch(/host and port/);
    expect(everything(error)).not.toContain(password);
    await ledger.close();
  });

  it('when the server refuses the password', async () => {
    const password = 'Wr0ng-Secret-Pw-4711';
    const ledger = postgresLedger({
      host: '127.0.0.1',
      port: postgres.port,
      user: postgres.user,
      password,
      database: 'postgres',
    });
    const error = await ledger.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as Error).message).toMatch(/password authentication failed/);
    expect((error as LedgerUnavailableError).hint).toMatch(/user name and password/);
    expect(everything(error)).not.toContain(password);
    expect(everything(error)).not.toContain(postgres.password);
    await ledger.close();
  });
});

describe('openLedger', () => {
  it('opens a SQLite file for a path, a memory ledger for memory:, and Postgres for a URL', () => {
    expect(openLedger(join(folder, 'x.db')).description).toBe(`SQLite ${join(folder, 'x.db')}`);
    expect(openLedger('memory:').description).toBe('memory');
    // Nothing is connected yet; the description names the server without the password.
    for (const scheme of ['postgres', 'postgresql']) {
      const ledger = openLedger(`${scheme}://exporter:s3cret@db.example/ledger`);
      expect(ledger.description).toBe('Postgres exporter@db.example:5432/ledger');
    }
  });

  it('refuses an unreadable Postgres URL without echoing it (it may hold a password)', () => {
    let error: Error | undefined;
    try {
      openLedger('postgres://exporter:s3cret@db.example:port/ledger');
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect(`${error?.message} ${(error as LedgerUnavailableError).hint}`).not.toContain('s3cret');
  });
});
