/**
 * A client typed by the module `afas codegen --all` writes from the simulator's live metainfo:
 * custom fields go by their label names in code and by their `U…` ids on the wire, rows are
 * validated by the generated schemas. (The type side is in types/typed-client.test-d.ts.)
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AfasClient, AfasConfigError, AfasSchemaError, type ConnectorMap } from 'afas-client';
import { createAfasSimulator, DEMO_FREE_FIELDS, DEMO_TOKEN_DATA } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GENERATED, runCli, startSimulator } from './cli/support.js';

declare global {
  namespace NodeJS {
    interface ProcessEnv {
      AFAS_TOKEN?: string;
    }
  }
}

const REPORT = DEMO_FREE_FIELDS.reportNumber;
const LINK = DEMO_FREE_FIELDS.reportLink;

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let connectors: ConnectorMap;
let afas: AfasClient;

beforeAll(async () => {
  simulator = await startSimulator();
  // A GetConnector an administrator made, with two free fields among its columns.
  simulator.simulator.addGetConnector(
    'Declaree_Lines',
    [
      { EntryNo: 1, [REPORT]: 'EXP-1001', [LINK]: 'https://declaree.example/r/1001' },
      { EntryNo: 2, [REPORT]: 'EXP-1002', [LINK]: null },
      { EntryNo: 3, [REPORT]: 'EXP-1003', [LINK]: null },
    ],
    {
      fields: [
        { id: 'EntryNo', dataType: 'int', label: 'Nummer journaalpost' },
        { id: REPORT, dataType: 'string', label: 'Declaratienummer', length: 40 },
        { id: LINK, dataType: 'string', label: 'Declaree-link', length: 255 },
      ],
    },
  );
  // One whose rows break its own metainfo (longer than the length it declares).
  simulator.simulator.addGetConnector('Declaree_Long', [{ Code: 'ABCDEFGHIJK' }], {
    fields: [{ id: 'Code', dataType: 'string', label: 'Code', length: 10 }],
  });

  await mkdir(join(GENERATED, 'typed'), { recursive: true });
  const out = join(GENERATED, 'typed', 'all.generated.ts');
  const generated = await runCli(['codegen', '--all', '--out', out], { env: simulator.env });
  expect(generated.code).toBe(0);
  const meta = await new AfasClient({ baseUrl: simulator.url, token: DEMO_TOKEN_DATA }).metainfo();
  expect(generated.stderr).toBe(
    `Wrote ${out}: ${meta.getConnectors.length} GetConnectors, ${meta.updateConnectors.length} UpdateConnectors.\n`,
  );
  ({ connectors } = (await import(pathToFileURL(out).href)) as { connectors: ConnectorMap });
  afas = new AfasClient({ baseUrl: simulator.url, token: DEMO_TOKEN_DATA, connectors });
});
afterEach(() => simulator.simulator.reset());
afterAll(() => simulator.close());

const lastQuery = () => {
  const path = simulator.simulator.requests.at(-1)?.path ?? '';
  return new URL(path, 'http://simulator').searchParams;
};

describe('afas codegen --all', () => {
  it('generates every connector the token may use, custom fields named after their labels', () => {
    expect(Object.keys(connectors.get)).toEqual(
      expect.arrayContaining(['Profit_Accounts', 'Declaree_Lines']),
    );
    expect(Object.keys(connectors.update)).toEqual(['FiEntries', 'KnSubject', 'FiEntriesCustom']);
    expect(connectors.get['Declaree_Lines']?.labels).toEqual({
      declaratienummer: REPORT,
      declareeLink: LINK,
    });
    expect(connectors.update['FiEntriesCustom']?.labels).toEqual({
      declaratienummer: REPORT,
      declareeLink: LINK,
    });
  });
});

describe('a typed client', () => {
  it('reads custom fields under their label names and filters and sorts on them by id', async () => {
    const { rows } = await afas.get('Declaree_Lines', {
      where: { field: 'declaratienummer', op: 'ne', value: 'EXP-1002' },
      orderBy: ['-declaratienummer'],
    });
    expect(rows).toEqual([
      { EntryNo: 3, declaratienummer: 'EXP-1003', declareeLink: null },
      { EntryNo: 1, declaratienummer: 'EXP-1001', declareeLink: 'https://declaree.example/r/1001' },
    ]);
    expect(lastQuery().get('filterfieldids')).toBe(REPORT);
    expect(lastQuery().get('orderbyfieldids')).toBe(`-${REPORT}`);

    // An OR filter as filterjson, and paging with rows().
    const all = await afas
      .rows('Declaree_Lines', {
        where: {
          or: [
            { field: 'declaratienummer', op: 'eq', value: 'EXP-1001' },
            { field: 'EntryNo', op: 'eq', value: 3 },
          ],
        },
        orderBy: ['EntryNo'],
        filterEncoding: 'json',
        pageSize: 1,
      })
      .toArray({ limit: 10 });
    expect(all.map((row) => row['declaratienummer'])).toEqual(['EXP-1001', 'EXP-1003']);
    expect(lastQuery().get('filterjson')).toContain(`"@FieldId":"${REPORT}"`);
  });

  it('validates rows with the generated schema, or with the one given in the call', async () => {
    const error = await afas.get('Declaree_Long').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasSchemaError);
    expect((error as AfasSchemaError).issues[0]?.path).toBe('rows[0].Code');

    const { rows } = await afas.get('Declaree_Long', { schema: z.object({ Code: z.string() }) });
    expect(rows).toEqual([{ Code: 'ABCDEFGHIJK' }]);
    // A schema in the call sees the label names too.
    const named = await afas.get('Declaree_Lines', {
      schema: z.object({ declaratienummer: z.string() }).transform((row) => row.declaratienummer),
      orderBy: ['EntryNo'],
    });
    expect(named.rows).toEqual(['EXP-1001', 'EXP-1002', 'EXP-1003']);
  });

  it('writes custom fields given by their label names under their ids', async () => {
    const { keys } = await afas.insert('FiEntries', {
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
                  InId: 'EXP-1',
                  AmCr: '121.00',
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4300',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  InId: 'EXP-1',
                  AmDe: '121.00',
                  VaId: '0',
                },
              },
            ],
          },
        },
      ],
    });
    const entryNo = Number(keys['EnNo']);
    await afas.update('FiEntriesCustom', [
      {
        '@UnId': 1,
        '@EnNo': entryNo,
        '@SeNo': 1,
        Fields: { declaratienummer: 'EXP-1', declareeLink: 'https://x' },
      },
      { '@UnId': 1, '@EnNo': entryNo, '@SeNo': 2, Fields: { declaratienummer: 'EXP-1' } },
    ]);
    expect(simulator.simulator.customFields).toEqual([
      {
        administration: 1,
        entryNumber: entryNo,
        seqNo: 1,
        fields: { [REPORT]: 'EXP-1', [LINK]: 'https://x' },
      },
      { administration: 1, entryNumber: entryNo, seqNo: 2, fields: { [REPORT]: 'EXP-1' } },
    ]);
  });

  it('docs/reading-data.md: a typed client from afas codegen', async () => {
    // The sample names environment O12345AA: the simulator answers it through msw.
    const server = setupServer(...createAfasSimulator().handlers);
    server.listen({ onUnhandledFrame: 'bypass' });
    process.env['AFAS_TOKEN'] = DEMO_TOKEN_DATA;
    try {
      const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN, connectors });
      const { rows } = await afas.get('Profit_Accounts', {
        where: { field: 'Account', op: 'startsWith', value: '4' },
        orderBy: ['-Account'],
      });
      // rows: ProfitAccountsRow[]; field: 'Acount' or orderBy: ['Acount'] does not compile
      expect(rows.map((row) => row['Account'])).toEqual([
        '4900',
        '4700',
        '4600',
        '4500',
        '4300',
        '4100',
        '4000',
      ]);
    } finally {
      server.close();
      delete process.env['AFAS_TOKEN'];
    }
  });

  it('leaves a client without a map as it was: ids on the wire and in rows', async () => {
    const plain = new AfasClient({ baseUrl: simulator.url, token: DEMO_TOKEN_DATA });
    const { rows } = await plain.get('Declaree_Lines', {
      where: { field: REPORT, op: 'eq', value: 'EXP-1002' },
    });
    expect(rows).toEqual([{ EntryNo: 2, [REPORT]: 'EXP-1002', [LINK]: null }]);
  });

  it('refuses a malformed connector map when the client is made', () => {
    const make = (map: unknown) => () =>
      new AfasClient({ baseUrl: simulator.url, token: DEMO_TOKEN_DATA, connectors: map as ConnectorMap });
    expect(make({ get: {} })).toThrow(AfasConfigError);
    expect(make({ get: { X: { schema: {} } }, update: {} })).toThrow(
      'connectors.get.X has no Standard Schema `schema`.',
    );
    expect(make({ get: {}, update: { Y: { schema: z.object({}), labels: { a: 1 } } } })).toThrow(
      'connectors.update.Y.labels must map names to field ids.',
    );
  });
});
