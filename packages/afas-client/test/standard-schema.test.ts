/**
 * Row schemas from any Standard Schema library (zod 4, zod 3, valibot, arktype), against the simulator's
 * loopback server: rows are validated and typed, and a row that does not match is the same
 * AfasSchemaError whatever the library.
 */
import { AfasClient, AfasConfigError, AfasSchemaError, type GetResult, type RowSchema } from 'afas-client';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { type } from 'arktype';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod3';

let simulator: RunningAfasSimulator;
let afas: AfasClient;
beforeAll(async () => {
  simulator = await startAfasSimulator({ port: 0 });
  afas = new AfasClient({ baseUrl: simulator.url, token: DEMO_TOKEN_DATA });
});
afterAll(() => simulator.close());

interface Account {
  Account: string;
  Description: string;
  Blocked: boolean;
}

const schemas = {
  'zod 4': z.object({ Account: z.string(), Description: z.string(), Blocked: z.boolean() }),
  'zod 3': z3.object({ Account: z3.string(), Description: z3.string(), Blocked: z3.boolean() }),
  valibot: v.object({ Account: v.string(), Description: v.string(), Blocked: v.boolean() }),
  // arktype keeps undeclared keys unless told to delete them.
  arktype: type({ '+': 'delete', Account: 'string', Description: 'string', Blocked: 'boolean' }),
};
/** The same schemas with a wrong type for Blocked. */
const wrong = {
  'zod 4': z.object({ Account: z.string(), Blocked: z.string() }),
  'zod 3': z3.object({ Account: z3.string(), Blocked: z3.string() }),
  valibot: v.object({ Account: v.string(), Blocked: v.string() }),
  arktype: type({ Account: 'string', Blocked: 'string' }),
};

describe.each(Object.keys(schemas) as (keyof typeof schemas)[])('a %s row schema', (library) => {
  it('validates rows, types them and types filters and ordering', async () => {
    const schema = schemas[library];
    const { rows } = await afas.get('Profit_Accounts', {
      schema,
      where: { field: 'Account', op: 'startsWith', value: '15' },
      orderBy: ['-Account'],
    });
    expectTypeOf(rows).toEqualTypeOf<Account[]>();
    // Extra fields of the connector are dropped by each library's object schema.
    expect(rows).toEqual([
      { Account: '1520', Description: 'Te vorderen btw laag', Blocked: false },
      { Account: '1510', Description: 'Te vorderen btw hoog', Blocked: false },
    ]);

    const all = await afas.rows('Profit_Accounts', { schema, orderBy: ['Account'], pageSize: 4 }).toArray({
      limit: 100,
    });
    expectTypeOf(all).toEqualTypeOf<Account[]>();
    expect(all).toHaveLength(10);
  });

  it('refuses a row that does not match with AfasSchemaError naming the row and field', async () => {
    const error = await afas
      .get('Profit_Accounts', { schema: wrong[library], orderBy: ['Account'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasSchemaError);
    const { issues, message } = error as AfasSchemaError;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('rows[0].Blocked');
    expect(issues[0]?.message).not.toBe('');
    expect(message).toContain('GET Profit_Accounts: 1 value(s) do not match the schema (rows[0].Blocked:');
  });
});

describe('row schemas', () => {
  it('type-check one by one: each library infers the same row type', () => {
    // Checked by `pnpm typecheck` (tsc); the calls are never made.
    expectTypeOf(() =>
      afas.get('Profit_Accounts', { schema: schemas['zod 3'] }),
    ).returns.resolves.toEqualTypeOf<GetResult<Account>>();
    expectTypeOf(() =>
      afas.get('Profit_Accounts', { schema: schemas.valibot }),
    ).returns.resolves.toEqualTypeOf<GetResult<Account>>();
    expectTypeOf(() =>
      afas.get('Profit_Accounts', { schema: schemas['zod 4'] }),
    ).returns.resolves.toEqualTypeOf<GetResult<Account>>();
    expectTypeOf(() =>
      afas.get('Profit_Accounts', { schema: schemas.arktype }),
    ).returns.resolves.toEqualTypeOf<GetResult<Account>>();
    // A transforming schema types rows by its output.
    const cents = v.pipe(
      v.object({ Budget: v.nullable(v.number()) }),
      v.transform((row) => ({ cents: Math.round((row.Budget ?? 0) * 100) })),
    );
    expectTypeOf(() =>
      afas.rows('Profit_Accounts', { schema: cents, orderBy: ['Account'] }).toArray({ limit: 1 }),
    ).returns.resolves.toEqualTypeOf<{ cents: number }[]>();
  });

  it('awaits an asynchronous Standard Schema', async () => {
    const schema = z.object({ Account: z.string() }).refine(async (row) => row.Account !== '1600', 'no 1600');
    const { rows } = await afas.get('Profit_Accounts', { schema, take: 2, orderBy: ['Account'] });
    expect(rows).toEqual([{ Account: '1510' }, { Account: '1520' }]);
    const error = await afas
      .get('Profit_Accounts', { schema, take: 3, orderBy: ['Account'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasSchemaError);
    expect((error as AfasSchemaError).issues).toEqual([{ path: 'rows[2]', message: 'no 1600' }]);
  });

  it('names the row by its place in the whole set when paging', async () => {
    const schema = z.object({ Account: z.string().regex(/^[0-3]/) });
    const error = await afas
      .rows('Profit_Accounts', { schema, orderBy: ['Account'], pageSize: 2 })
      .toArray({ limit: 100 })
      .catch((e: unknown) => e);
    expect((error as AfasSchemaError).issues[0]?.path).toBe('rows[3].Account');
  });

  it('refuses, before sending anything, a schema that is not a Standard Schema', async () => {
    const before = simulator.simulator.requests.length;
    const notASchema = { parse: (row: unknown) => row } as unknown as RowSchema<unknown>;
    await expect(afas.get('Profit_Accounts', { schema: notASchema })).rejects.toThrow(AfasConfigError);
    await expect(afas.get('Profit_Accounts', { schema: notASchema })).rejects.toThrow(
      'The row schema is not a Standard Schema.',
    );
    expect(simulator.simulator.requests.length).toBe(before);
  });
});
