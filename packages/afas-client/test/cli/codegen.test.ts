import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateTypes } from '../../src/cli/codegen.js';
import { FIXTURES, GENERATED, runCli, startSimulator, TSC } from './support.js';

const fixtures = [
  'Profit_Accounts.get.json',
  'FiEntries.update.json',
  'KnSubject.update.json',
  'FiEntriesCustom.update.json',
];
const fixtureArgs = fixtures.flatMap((file) => ['--from-file', join(FIXTURES, file)]);

/** Uses the generated module the way an application would; `tsc` must accept it, and reject the marked lines. */
const CONSUMER = `import type { AfasClient } from 'afas-client';
import {
  connectors,
  type ElementOf,
  type FiEntriesElement,
  type KnSubjectElement,
  labels,
  ProfitAccountsRow,
  type RowOf,
} from './fixtures.generated.js';

export async function use(client: AfasClient): Promise<string | null | undefined> {
  const { rows } = await client.get('Profit_Accounts', {
    schema: ProfitAccountsRow,
    where: { field: 'Account', op: 'startsWith', value: '4' },
    orderBy: ['-Account'],
  });
  const row: RowOf<'Profit_Accounts'> | undefined = rows[0];
  const entry: FiEntriesElement = {
    Fields: { Year: 2026, Peri: '3', JoCo: '70' },
    Objects: [
      {
        FiEntries: {
          Element: [
            {
              Fields: { VaAs: '1', AcNr: '4100', EnDa: '2026-03-10', BpDa: '2026-03-10', AmDe: '100.00', [labels.FiEntries.declaratieNummerDeclaree]: 'EXP-1' },
              Objects: [{ FiDimEntries: { Element: { Fields: { DiC1: 'KP100' } } } }],
            },
          ],
        },
      },
    ],
  };
  await client.insert('FiEntries', entry);
  const subject: KnSubjectElement = { Fields: { StId: 31 }, Objects: [{ KnSubjectLink: { Element: { Fields: { SfTp: 11 } } } }] };
  await client.insert('KnSubject', subject);
  const custom: ElementOf<'FiEntriesCustom'> = { '@UnId': 1, '@EnNo': 70001, '@SeNo': 1, Fields: { [labels.FiEntriesCustom.declaratienummer2]: 'x' } };
  await client.update('FiEntriesCustom', custom);
  await client.get('Profit_Accounts', { schema: connectors.get.Profit_Accounts });
  // @ts-expect-error rows are typed: there is no Acount
  void rows[0]?.Acount;
  // @ts-expect-error VaAs takes the code table's values only
  const wrongCode: FiEntriesElement = { Fields: { Year: 2026, Peri: 3, JoCo: '70' }, Objects: [{ FiEntries: { Element: { Fields: { VaAs: '9', AcNr: '1', EnDa: '2026-01-01', BpDa: '2026-01-01' } } } }] };
  // @ts-expect-error JoCo is mandatory
  const missing: FiEntriesElement = { Fields: { Year: 2026, Peri: 3 } };
  void wrongCode;
  void missing;
  return row?.Account;
}

// The sample in docs/cli.md, verbatim (docs.test.ts checks it stays so).
export async function docsSample(afas: AfasClient): Promise<void> {
const { rows } = await afas.get('Profit_Accounts', { schema: ProfitAccountsRow, orderBy: ['Account'] });
rows[0]?.Description; // string | null

const entry: FiEntriesElement = { Fields: { Year: 2026, Peri: 3, JoCo: '70' }, Objects: [/* … */] };
await afas.insert('FiEntries', entry);
}
`;

/** Its own directory: tsc compiles every file in it, and other test files write theirs next door at the same time. */
const COMPILE = join(GENERATED, 'compile');

async function loadGenerated(file: string): Promise<Record<string, unknown>> {
  return { ...(await import(pathToFileURL(join(GENERATED, file)).href)) };
}

function schemaOf(module: Record<string, unknown>, name: string): z.ZodType {
  const schema = module[name];
  if (!(schema instanceof z.ZodType)) throw new Error(`${name} is not a zod schema`);
  return schema;
}

describe('afas codegen from saved metainfo', () => {
  beforeAll(async () => {
    await mkdir(COMPILE, { recursive: true });
    const out = join(COMPILE, 'fixtures.generated.ts');
    const { code, stderr } = await runCli(['codegen', ...fixtureArgs, '--out', out]);
    expect(stderr).toBe(`Wrote ${out}: 1 GetConnector, 3 UpdateConnectors.\n`);
    expect(code).toBe(0);
  });

  it('writes a module that compiles under the strict settings and types client calls', async () => {
    await writeFile(join(COMPILE, 'consumer.ts'), CONSUMER);
    // The project's strict base settings, nothing added.
    await writeFile(
      join(COMPILE, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../../../../tsconfig.base.json', include: ['*.ts'] }),
    );
    const result = await promisify(execFile)(TSC, ['-p', join(COMPILE, 'tsconfig.json'), '--noEmit']).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('row schemas accept AFAS nulls and enforce types and lengths', async () => {
    const Row = schemaOf(await loadGenerated('compile/fixtures.generated.ts'), 'ProfitAccountsRow');
    const row = {
      Account: '4000',
      Description: null,
      Blocked: false,
      Budget: 12.5,
      Sort: 3,
      Modified: '2026-03-01T09:30:00Z',
      'Vat.Code': '1',
    };
    expect(Row.parse(row)).toEqual(row);
    expect(Row.safeParse({ ...row, Account: 'X'.repeat(17) }).success).toBe(false);
    expect(Row.safeParse({ ...row, Sort: 1.5 }).success).toBe(false);
    expect(Row.safeParse({ ...row, Blocked: 'no' }).success).toBe(false);
  });

  it('element schemas require mandatory fields, take code-table values, nest objects and check not-zero', async () => {
    const generated = await loadGenerated('compile/fixtures.generated.ts');
    const Entry = schemaOf(generated, 'FiEntriesElement');
    const line = {
      Fields: { VaAs: '3', AcNr: '30001', EnDa: '2026-03-10', BpDa: '2026-03-10', AmCr: '121.00' },
    };
    const entry = {
      Fields: { Year: 2026, Peri: 3, JoCo: '70' },
      Objects: [{ FiEntries: { Element: [line] } }],
    };
    expect(Entry.safeParse(entry).success).toBe(true);
    expect(Entry.safeParse({ ...entry, Fields: { Year: 2026, Peri: 3 } }).success).toBe(false);
    const wrongCode = {
      ...entry,
      Objects: [{ FiEntries: { Element: { Fields: { ...line.Fields, VaAs: '9' } } } }],
    };
    expect(Entry.safeParse(wrongCode).success).toBe(false);
    const dim = (amount: number) => ({
      ...line,
      Objects: [{ FiDimEntries: { Element: { Fields: { DiC1: 'KP100', AmDe: amount } } } }],
    });
    expect(Entry.safeParse({ ...entry, Objects: [{ FiEntries: { Element: dim(5) } }] }).success).toBe(true);
    expect(Entry.safeParse({ ...entry, Objects: [{ FiEntries: { Element: dim(0) } }] }).success).toBe(false);
    // An int code table accepts the codes as numbers too.
    const Subject = schemaOf(generated, 'KnSubjectElement');
    expect(
      Subject.safeParse({
        Fields: { StId: 31 },
        Objects: [{ KnSubjectLink: { Element: { Fields: { SfTp: 11 } } } }],
      }).success,
    ).toBe(true);
    expect(
      Subject.safeParse({
        Fields: { StId: 31 },
        Objects: [{ KnSubjectLink: { Element: { Fields: { SfTp: 5 } } } }],
      }).success,
    ).toBe(false);
  });

  it('names custom U… fields after their labels, and documents them', async () => {
    const { labels } = await loadGenerated('compile/fixtures.generated.ts');
    expect(labels).toEqual({
      FiEntries: { declaratieNummerDeclaree: 'UC2DE284248374B083C966F9B4EEEE9E2' },
      FiEntriesCustom: {
        declaratienummer: 'U76779D5140F7CC8D7F1537BD5CC4FC50',
        declaratienummer2: 'UF1A77D494646B34E15581FBFA4FA57AA',
      },
    });
    const source = await readFile(join(COMPILE, 'fixtures.generated.ts'), 'utf8');
    expect(source).toContain(
      '/** Custom field "Declaratie-nummer (Declaree)": string, at most 40 characters. */\n  UC2DE284248374B083C966F9B4EEEE9E2:',
    );
  });

  it('a pure generateTypes call compiles the same input to the same text', async () => {
    const get = [JSON.parse(await readFile(join(FIXTURES, 'Profit_Accounts.get.json'), 'utf8'))];
    const { stdout } = await runCli(['codegen', '--from-file', join(FIXTURES, 'Profit_Accounts.get.json')]);
    expect(stdout).toBe(generateTypes({ get, update: [] }));
    expect(generateTypes({ get: [], update: [] })).toContain(
      'export const connectors = {\n  get: {},\n  update: {},\n} as const;',
    );
  });

  it('selects connectors from the files, and refuses names and files it cannot use', async () => {
    const only = await runCli(['codegen', 'FiEntriesCustom', ...fixtureArgs]);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('export const FiEntriesCustomElement');
    expect(only.stdout).not.toContain('ProfitAccountsRow');

    const missing = await runCli(['codegen', 'Profit_Debtor', ...fixtureArgs]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('Profit_Debtor: not in the metainfo files.');

    const invalid = await runCli(['codegen', '--from-file', join(FIXTURES, 'invalid-meta.json')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid-meta.json is not GetConnector metainfo (fields:');

    const absent = await runCli(['codegen', '--from-file', join(FIXTURES, 'nope.json')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('Cannot read metainfo from');
  });
});

describe('afas codegen against the simulator', () => {
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(() => simulator.close());

  it('generates from live metainfo a schema that parses the rows the simulator returns', async () => {
    const out = join(GENERATED, 'live.generated.ts');
    const saved = join(GENERATED, 'live-meta.json');
    const generated = await runCli(
      ['codegen', 'Profit_Accounts', 'FiEntries', '--out', out, '--save-meta', saved],
      { env: simulator.env },
    );
    expect(generated.code).toBe(0);

    const rows = await runCli(
      ['get', 'Profit_Accounts', '--all', '--order-by', 'Account', '--format', 'json'],
      { env: simulator.env },
    );
    expect(rows.code).toBe(0);
    const Row = schemaOf(await loadGenerated('live.generated.ts'), 'ProfitAccountsRow');
    const parsed = z.array(Row).parse(JSON.parse(rows.stdout));
    expect(parsed.length).toBeGreaterThan(5);

    // The saved metainfo regenerates the same module offline.
    const offline = await runCli(['codegen', '--from-file', saved]);
    expect(offline.stdout).toBe(await readFile(out, 'utf8'));
  });

  it('refuses a connector the token may not use, suggesting the near one', async () => {
    const result = await runCli(
      ['codegen', 'Profit_Acounts', '--out', join(GENERATED, 'never.generated.ts')],
      { env: simulator.env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Profit_Acounts: not among the connectors this token may use.');
    expect(result.stderr).toContain('Did you mean Profit_Accounts?');
  });
});
