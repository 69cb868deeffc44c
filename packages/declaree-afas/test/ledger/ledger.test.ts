/**
 * The ledger's promises, held by every store (memory and SQLite): exports are told apart by where
 * they land, only one holder works on an export at a time, a takeover fences the old holder out,
 * several processes share one SQLite file safely, and an unwritable ledger is refused up front.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExportKey,
  type Ledger,
  LedgerLeaseLostError,
  LedgerUnavailableError,
  memoryLedger,
  openLedger,
  ownerIsGone,
  sqliteLedger,
} from '../../src/index.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'declaree-ledger-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

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

describe('openLedger', () => {
  it('opens a SQLite file for a path and a memory ledger for memory:', () => {
    expect(openLedger(join(folder, 'x.db')).description).toBe(`SQLite ${join(folder, 'x.db')}`);
    expect(openLedger('memory:').description).toBe('memory');
  });

  it('says plainly that Postgres is not there yet, without echoing the URL (it may hold a password)', () => {
    let error: Error | undefined;
    try {
      openLedger('postgres://exporter:s3cret@db.example/ledger');
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect(`${error?.message} ${(error as LedgerUnavailableError).hint}`).not.toContain('s3cret');
  });
});
