/**
 * The code samples in README.md, the package READMEs and docs/ are run by tests: each ```ts block
 * must appear (whitespace aside) in a test file, and the samples that no other test runs are run
 * here, against the simulator.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AfasClient, isAfasError } from 'afas-client';
import { createAfasSimulator, DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoReports } from '../src/demo/samples.js';
import { DeclareeExporter, sqliteLedger } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');

// What the samples assume: AFAS_TOKEN in the environment, and a function that handles a row.
declare global {
  namespace NodeJS {
    interface ProcessEnv {
      AFAS_TOKEN?: string;
    }
  }
}
const handled: unknown[] = [];
const handle = (row: unknown) => handled.push(row);
const simulator = createAfasSimulator();
const server = setupServer(...simulator.handlers);
let cwd: string;
let previousCwd: string;

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  process.env['AFAS_TOKEN'] = DEMO_TOKEN_DATA;
  previousCwd = process.cwd();
  cwd = await mkdtemp(join(tmpdir(), 'docs-samples-'));
  process.chdir(cwd); // samples write journal files to the working directory
});
afterEach(() => simulator.reset());
afterAll(async () => {
  server.close();
  process.chdir(previousCwd);
  await rm(cwd, { recursive: true, force: true });
});

/** Whitespace, trailing commas and import lines do not count: formatting may move them. */
const normalise = (code: string) =>
  code
    .split('\n')
    .filter((line) => !/^\s*import\s/.test(line) && !/^\s*}\s*from\s'/.test(line))
    .join('\n')
    .replace(/\s+/g, '')
    .replace(/,(?=[)\]}])/g, '')
    .replace(/,$/, '');

async function files(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && pattern.test(e.name) && !join(e.parentPath, e.name).includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

describe('documentation samples', () => {
  it('every TypeScript sample in the docs is run by a test', async () => {
    const docs = [
      join(ROOT, 'README.md'),
      ...(await files(join(ROOT, 'docs'), /\.md$/)),
      ...(await files(join(ROOT, 'packages'), /^README\.md$/)),
    ];
    const tests = (
      await Promise.all((await files(join(ROOT, 'packages'), /\.test\.ts$/)).map((f) => readFile(f, 'utf8')))
    )
      .map(normalise)
      .join('\n');
    const missing: string[] = [];
    for (const doc of docs) {
      const text = await readFile(doc, 'utf8');
      for (const [, block = ''] of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
        if (!tests.includes(normalise(block)))
          missing.push(
            `${doc.replace(`${ROOT}/`, '')}: ${block.split('\n').find((l) => l.trim() && !l.startsWith('import'))}`,
          );
      }
    }
    expect(missing).toEqual([]);
  });

  it('README: afas-client quick start', async () => {
    const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN });

    const { rows } = await afas.get('Profit_Accounts', {
      where: { field: 'Account', op: 'startsWith', value: '4' },
    });

    for await (const row of afas.rows('Profit_Transactions', {
      orderBy: ['EntryNo', 'SeqNo'],
      parallel: 4,
    })) {
      handle(row); // every row, pages fetched ahead
    }

    const { keys } = await afas.insert('KnSubject', { Fields: { StId: 31, Ds: 'Expense report EXP-1001' } });
    expect(rows.map((r) => r['Account'])).toEqual(['4000', '4100', '4300', '4500', '4600', '4900']);
    expect(keys['SbId']).toMatch(/^\d+$/);
    expect(simulator.subjects.map((item) => item.subject)).toEqual(['Expense report EXP-1001']);
  });

  it('README and docs/declaree-afas.md: declaree-afas quick start', async () => {
    const [report, ...others] = demoReports();
    const reports = [report, ...others];
    {
      const exporter = new DeclareeExporter({
        settings: {
          environment: 'O12345AA',
          token: process.env.AFAS_TOKEN,
          administration: 1,
          journal: '70',
          dossierItemType: 31,
        },
        ledger: sqliteLedger('declaree-afas.db'),
      });
      const result = await exporter.exportReport(report); // exported | already-exported | invalid | failed
      expect(result.status).toBe('exported');
    }
    const settings = {
      environment: 'O12345AA',
      token: process.env.AFAS_TOKEN,
      administration: 1,
      journal: '70',
      dossierItemType: 31,
    };

    const exporter = new DeclareeExporter({ settings, ledger: sqliteLedger('declaree-afas.db') });

    const check = await exporter.checkConnection(); // { ok, items: [{ name, status, message, fix }] }
    const preflight = await exporter.preflight(report); // { ok, problems, skipped }
    const result = await exporter.exportReport(report); // { status, entryNo, subjectId, steps, problems }
    const results = await exporter.exportReports(reports, { concurrency: 5 });
    const preview = await exporter.preview(report); // the exact bodies, nothing sent

    expect([check.ok, preflight.ok, result.status, preview.ok]).toEqual([
      true,
      true,
      'already-exported',
      true,
    ]);
    expect(results.map((r) => r.status)).toEqual(['already-exported', 'exported', 'invalid', 'exported']);
    const ledger = sqliteLedger(join(cwd, 'declaree-afas.db'));
    expect((await ledger.findByReport(results[0]?.reportId ?? ''))[0]?.steps['entry']).toMatchObject({
      status: 'done',
      data: { entryNo: '70001' },
    });
    await ledger.close();
  });

  it('docs/getting-started.md: first calls', async () => {
    const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN });

    const version = await afas.profitVersion(); // e.g. '22.22.5'

    const { getConnectors, updateConnectors } = await afas.metainfo();

    const { rows } = await afas.get('Profit_Accounts', {
      where: { field: 'Account', op: 'startsWith', value: '4' },
      orderBy: ['Account'],
      take: 50,
    });

    for await (const entry of afas.rows('Profit_Transactions', {
      orderBy: ['EntryNo', 'SeqNo'],
      parallel: 4,
    })) {
      handle(entry); // one row at a time, pages fetched ahead
    }
    expect(version).toBe('22.22.5');
    expect(getConnectors.length).toBeGreaterThan(5);
    expect(updateConnectors.map((c) => c.id)).toContain('FiEntries');
    expect(rows).toHaveLength(6);
  });

  it('docs/reading-data.md: filters, paging and typed rows', async () => {
    const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN });
    {
      const { rows } = await afas.get('Profit_Accounts', {
        where: { field: 'Account', op: 'startsWith', value: '4' },
        orderBy: ['Account'],
        skip: 0,
        take: 100,
      });
      expect(rows).toHaveLength(6);
    }
    {
      const { rows } = await afas.get('Profit_periods_per_administration', {
        where: {
          or: [
            [
              { field: 'Year', op: 'eq', value: 2026 },
              { field: 'Period', op: 'lte', value: 3 },
            ],
            { field: 'Blocked', op: 'eq', value: false },
          ],
        },
        take: 100,
      });
      // 2026 periods 1–3 of both administrations, and every open period.
      expect(rows).toHaveLength(24 - 4 + 4);
    }

    for await (const row of afas.rows('Profit_Transactions', {
      orderBy: ['EntryNo', 'SeqNo'],
      pageSize: 500,
    })) {
      handle(row);
    }

    const Account = z.object({ Account: z.string(), Description: z.string(), Blocked: z.boolean() });
    const { rows } = await afas.get('Profit_Accounts', { schema: Account, orderBy: ['Account'] });
    // rows: { Account: string; Description: string; Blocked: boolean }[]
    expect(rows[0]).toEqual({ Account: '1510', Description: 'Te vorderen btw hoog', Blocked: false });
  });

  it('docs/writing-data.md and docs/errors.md: a purchase entry, and handling errors by kind', async () => {
    const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN });
    const result = await afas.insert('FiEntries', {
      Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
      Objects: [
        {
          FiEntries: {
            Element: [
              {
                Fields: {
                  VaAs: '3',
                  AcNr: '30001',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  InId: 'EXP-1001',
                  AmCr: '121.00',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4300',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  InId: 'EXP-1001',
                  AmDe: '100.00',
                  VaId: '1',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '1510',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  InId: 'EXP-1001',
                  AmDe: '21.00',
                  VaId: '1',
                },
              },
            ],
          },
        },
      ],
    });
    result.keys; // { UnId: '1', EnNo: '…' }
    expect(result.keys).toEqual({ UnId: '1', EnNo: '70001' });

    // The same invoice number again: AFAS refuses it, and the sample logs why.
    const entry = {
      Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
      Objects: [
        {
          FiEntries: {
            Element: [
              {
                Fields: {
                  VaAs: '3',
                  AcNr: '30001',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  InId: 'EXP-1001',
                  AmCr: '0',
                },
              },
            ],
          },
        },
      ],
    };
    const logged: string[] = [];
    const log = { warn: (text: string) => logged.push(text), error: (text: string) => logged.push(text) };
    try {
      await afas.insert('FiEntries', entry);
    } catch (error) {
      if (!isAfasError(error)) throw error;
      switch (error.kind) {
        case 'profit':
          log.warn(`AFAS refused: ${error.externalMessage} (log reference ${error.profitLogReference})`);
          break;
        case 'timeout':
          // the entry may have been booked: look it up before sending it again
          break;
        default:
          log.error(error.message);
      }
    }
    expect(logged[0]).toMatch(
      /^AFAS refused: .*Factuurnummer 'EXP-1001' wordt al gebruikt.* \(log reference [0-9A-F]{32}\)$/,
    );
  });

  // Last: closing a second msw server also ends the interception the other samples rely on.
  it('README and docs/testing.md: the simulator behind msw and on a port', async () => {
    const running = await startAfasSimulator({ port: 0 }); // 0 = any free port; host 127.0.0.1
    // running.url === 'http://127.0.0.1:54321/ProfitRestServices'
    // running.simulator is the same AfasSimulator API as above (entries, inject, reset …)
    await running.close(); // also cuts requests left hanging by a 'hang' fault
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ProfitRestServices$/);

    const simulator = createAfasSimulator(); // the demo environment 12345 "Demo B.V."
    const server = setupServer(...simulator.handlers);
    server.listen({ onUnhandledFrame: 'error' });
    simulator.inject({ connector: 'FiEntries', method: 'POST', nth: 2, times: 1, fault: 'locked' });
    const afas = new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA });
    expect(await afas.profitVersion()).toBe('22.22.5');
    server.close();
  });
});
