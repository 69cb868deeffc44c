/**
 * Type tests, checked by `pnpm typecheck` (tsc): a client given the connector map `afas codegen`
 * writes (fixtures.generated.ts, from test/cli/fixtures; codegen.test.ts keeps it current) types
 * rows, field ids, connector ids and elements, and a mistake does not compile. Nothing here runs.
 */
import { AfasClient, type AfasRow, type GetResult } from 'afas-client';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  connectors,
  type ElementOf,
  type FiEntriesElement,
  type KnSubjectElement,
  type ProfitAccountsRow,
  type RowOf,
} from './fixtures.generated.js';

declare global {
  namespace NodeJS {
    interface ProcessEnv {
      AFAS_TOKEN?: string;
    }
  }
}

declare const afas: AfasClient<typeof connectors>;
declare const plain: AfasClient;

describe('a client with a connector map', () => {
  it('is typed by passing the map, with no type argument', () => {
    const typed = new AfasClient({ environment: 'O12345AA', token: 'token', connectors });
    expectTypeOf(typed).toEqualTypeOf<AfasClient<typeof connectors>>();
  });

  it('docs/reading-data.md: a typed client from afas codegen', async () => {
    const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN, connectors });
    const { rows } = await afas.get('Profit_Accounts', {
      where: { field: 'Account', op: 'startsWith', value: '4' },
      orderBy: ['-Account'],
    });
    // rows: ProfitAccountsRow[]; field: 'Acount' or orderBy: ['Acount'] does not compile
    expectTypeOf(rows).toEqualTypeOf<ProfitAccountsRow[]>();
  });

  it('infers the row type of a GetConnector from its id', async () => {
    const { rows } = await afas.get('Profit_Accounts', { orderBy: ['Account'] });
    expectTypeOf(rows).toEqualTypeOf<ProfitAccountsRow[]>();
    expectTypeOf(rows).toEqualTypeOf<RowOf<'Profit_Accounts'>[]>();
    expectTypeOf(rows[0]!.Description).toEqualTypeOf<string | null>();
    for await (const row of afas.rows('Profit_Accounts', { orderBy: ['-Sort', 'Account'] })) {
      expectTypeOf(row).toEqualTypeOf<ProfitAccountsRow>();
    }
    expectTypeOf(
      afas.rows('Profit_Accounts', { orderBy: ['Account'] }).toArray({ limit: 5 }),
    ).resolves.toEqualTypeOf<ProfitAccountsRow[]>();
  });

  it('names custom fields after their labels, in rows, filters and ordering', async () => {
    const { rows } = await afas.get('Profit_Accounts', {
      where: { field: 'declareeLink', op: 'notEmpty' },
      orderBy: ['-declareeLink'],
    });
    expectTypeOf(rows[0]!.declareeLink).toEqualTypeOf<string | null>();
    // @ts-expect-error the row has the label's name, not the U… id
    void rows[0]?.U5B3C1D2E3F40516273849A0B1C2D3E4F;
    await afas.get('Profit_Accounts', {
      // @ts-expect-error filters take the label's name, not the U… id
      where: { field: 'U5B3C1D2E3F40516273849A0B1C2D3E4F', op: 'notEmpty' },
    });
  });

  it('refuses a field id that is not the connector’s in where and orderBy', async () => {
    // @ts-expect-error Acount is a typo
    await afas.get('Profit_Accounts', { where: { field: 'Acount', op: 'eq', value: '4000' } });
    // @ts-expect-error in an AND list too
    await afas.get('Profit_Accounts', { where: [{ field: 'Acount', op: 'eq', value: '4000' }] });
    // @ts-expect-error and among alternatives
    await afas.get('Profit_Accounts', { where: { or: [{ field: 'Acount', op: 'eq', value: '4000' }] } });
    // @ts-expect-error orderBy: Acount is a typo
    await afas.get('Profit_Accounts', { orderBy: ['Acount'] });
    // @ts-expect-error descending too
    await afas.get('Profit_Accounts', { orderBy: ['-Acount'] });
    // @ts-expect-error rows: orderBy is checked as well
    afas.rows('Profit_Accounts', { orderBy: ['Acount'] });
    // @ts-expect-error rows: and where
    afas.rows('Profit_Accounts', { orderBy: ['Account'], where: { field: 'Acount', op: 'eq', value: '4' } });
    await afas.get('Profit_Accounts', {
      where: { field: 'Vat.Code', op: 'eq', value: '1' },
      orderBy: ['-Vat.Code'],
    });
  });

  it('refuses a connector id that is not in the map', async () => {
    // @ts-expect-error Profit_Acounts is a typo
    await afas.get('Profit_Acounts');
    // @ts-expect-error an UpdateConnector is not a GetConnector
    await afas.get('FiEntries');
    // @ts-expect-error a GetConnector is not an UpdateConnector
    await afas.insert('Profit_Accounts', { Fields: {} });
  });

  it('types rows by a schema given in the call, filters still by the connector’s fields', async () => {
    const Short = z.object({ Account: z.string(), Blocked: z.boolean() });
    const { rows } = await afas.get('Profit_Accounts', {
      schema: Short,
      where: { field: 'Description', op: 'contains', value: 'kosten' },
    });
    expectTypeOf(rows).toEqualTypeOf<{ Account: string; Blocked: boolean }[]>();
    // @ts-expect-error the connector has no such field, whatever the schema
    await afas.get('Profit_Accounts', { schema: Short, where: { field: 'Acount', op: 'eq', value: '4' } });
  });

  it('accepts only the UpdateConnector’s element in insert', async () => {
    const entry: FiEntriesElement = {
      Fields: { Year: 2026, Peri: 3, JoCo: '70' },
      Objects: [
        {
          FiEntries: {
            Element: [
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4100',
                  EnDa: '2026-03-10',
                  BpDa: '2026-03-10',
                  AmDe: '100.00',
                  declaratieNummerDeclaree: 'EXP-1',
                },
              },
            ],
          },
        },
      ],
    };
    await afas.insert('FiEntries', entry);
    await afas.insert('FiEntries', [entry, entry]);
    const subject: KnSubjectElement = { Fields: { StId: 31, Ds: 'Declaratie' } };
    await afas.insert('KnSubject', subject);
    // @ts-expect-error a FiEntries element is not a KnSubject element
    await afas.insert('KnSubject', entry);
    // @ts-expect-error written out in the call as well
    await afas.insert('KnSubject', { Fields: { Year: 2026, Peri: 3, JoCo: '70' } });
    // @ts-expect-error JoCo is mandatory
    await afas.insert('FiEntries', { Fields: { Year: 2026, Peri: 3 } });
    // @ts-expect-error StId takes a number (or numeric text), not a boolean
    await afas.insert('KnSubject', { Fields: { StId: true } });
    // @ts-expect-error a typo in a field id
    await afas.insert('KnSubject', { Fields: { StId: 31, Dss: 'Declaratie' } });
    await afas.insert('KnSubject', {
      Fields: { StId: 31 },
      // @ts-expect-error SfTp takes the code table's values only
      Objects: [{ KnSubjectLink: { Element: { Fields: { SfTp: 5 } } } }],
    });
    await afas.insert('KnSubject', {
      Fields: { StId: 31 },
      Objects: [{ KnSubjectLink: { Element: { Fields: { SfTp: 11 } } } }],
    });
  });

  it('names custom fields after their labels in elements', async () => {
    const custom: ElementOf<'FiEntriesCustom'> = {
      '@UnId': 1,
      '@EnNo': 70001,
      '@SeNo': 1,
      Fields: { declaratienummer: 'EXP-1001', declaratienummer2: 'x' },
    };
    await afas.update('FiEntriesCustom', custom);
    await afas.update('FiEntriesCustom', {
      '@UnId': 1,
      '@EnNo': 70001,
      '@SeNo': 1,
      // @ts-expect-error the U… id is not the name here
      Fields: { U76779D5140F7CC8D7F1537BD5CC4FC50: 'EXP-1001' },
    });
  });

  it('takes in update the element with every field optional, and nothing else', async () => {
    await afas.update('KnSubject', { '@SbId': 50001, Fields: { Ds: 'Nieuw onderwerp' } });
    await afas.update('FiEntries', {
      Fields: { Year: 2026 },
      Objects: [{ FiEntries: { Element: { Fields: { EnNo: 1, declaratieNummerDeclaree: 'EXP-2' } } } }],
    });
    // @ts-expect-error still only the connector's fields
    await afas.update('KnSubject', { '@SbId': 50001, Fields: { Dss: 'typo' } });
    // @ts-expect-error and their types
    await afas.update('KnSubject', { '@SbId': 50001, Fields: { Ds: 12 } });
    // @ts-expect-error and only its UpdateConnectors
    await afas.update('KnSubjects', { Fields: {} });
  });
});

describe('a client without a map', () => {
  it('takes any connector id and field id, rows as AfasRow', async () => {
    const page = await plain.get('Any_Connector', {
      where: { field: 'Whatever', op: 'eq', value: 1 },
      orderBy: ['-Anything'],
    });
    expectTypeOf(page).toEqualTypeOf<GetResult<AfasRow>>();
    await plain.insert('AnyConnector', { Fields: { AnyField: 'x', U76779D5140F7CC8D7F1537BD5CC4FC50: 'y' } });
    await plain.update('AnyConnector', [{ '@Key': 1, Fields: { AnyField: 'x' } }]);
  });

  it('types rows by a schema, or by an explicit row type', async () => {
    const { rows } = await plain.get('Profit_Accounts', { schema: z.object({ Account: z.string() }) });
    expectTypeOf(rows).toEqualTypeOf<{ Account: string }[]>();
    const cast = await plain.get<{ Id: number }>('Custom_Employees');
    expectTypeOf(cast.rows).toEqualTypeOf<{ Id: number }[]>();
    for await (const row of plain.rows<{ Id: number }>('Custom_Employees', { orderBy: ['Id'] })) {
      expectTypeOf(row).toEqualTypeOf<{ Id: number }>();
    }
  });

  it('still refuses an element that is no element', async () => {
    // @ts-expect-error Fields holds field values, not objects
    await plain.insert('KnSubject', { Fields: { StId: { nested: true } } });
  });
});
