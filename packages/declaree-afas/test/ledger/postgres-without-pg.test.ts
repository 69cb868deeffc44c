/**
 * `pg` is an optional peer dependency: without it a Postgres ledger is refused with a typed error
 * that says to install it (before anything is sent), and SQLite users never load it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('pg');
  vi.resetModules();
});

describe('a Postgres ledger without the pg package', () => {
  it('is refused at probe() with a LedgerUnavailableError that says to install pg', async () => {
    vi.doMock('pg', () => {
      throw Object.assign(new Error("Cannot find package 'pg' imported from declaree-afas"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    });
    const { openLedger, LedgerUnavailableError } = await import('../../src/index.js');
    const ledger = openLedger('postgres://exporter:s3cret@db.example/ledger');
    const error = await ledger.probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as Error).message).toMatch(/needs the pg package/);
    expect((error as InstanceType<typeof LedgerUnavailableError>).hint).toMatch(/npm install pg/);
    await ledger.close();
  });

  it('leaves SQLite ledgers working: nothing loads pg unless a Postgres ledger is used', async () => {
    vi.doMock('pg', () => {
      throw new Error('pg must not be loaded for SQLite');
    });
    const { openLedger } = await import('../../src/index.js');
    const folder = await mkdtemp(join(tmpdir(), 'declaree-no-pg-'));
    try {
      const ledger = openLedger(join(folder, 'ledger.db'));
      await ledger.probe();
      const claim = await ledger.claim(
        {
          participant: '12345',
          environmentKind: 'test',
          administration: 1,
          journal: '70',
          creditor: '2001',
          invoiceNumber: 'EXP-1',
        },
        { reportId: 'rep_1' },
        { owner: 'a', ttlMs: 1000 },
      );
      expect(claim.claimed).toBe(true);
      await ledger.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
