import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateTypes } from '../../src/cli/codegen.js';
import { FIXTURES, GENERATED, PACKAGE_DIR, runCli, startSimulator, TSC } from './support.js';

const fixtures = [
  'Profit_Accounts.get.json',
  'FiEntries.update.json',
  'KnSubject.update.json',
  'FiEntriesCustom.update.json',
];
const fixtureArgs = fixtures.flatMap((file) => ['--from-file', join(FIXTURES, file)]);

/** Uses the generated module the way an application would; `tsc` must accept it, and reject the marked lines. */
const CONSUMER = `import { AfasClient } from 'afas-client';
import { connectors, type FiEntriesElement, ProfitAccountsRow } from './fixtures.generated.js';

declare global {
  namespace NodeJS {
    interface ProcessEnv {
      AFAS_TOKEN?: string;
    }
  }
}

export async function use(token: string): Promise<string | null | undefined> {
  const afas = new AfasClient({ environment: 'O12345AA', token, connectors });
  const { rows } = await afas.get('Profit_Accounts', {
    where: { field: 'Account', op: 'startsWith', value: '4' },
    orderBy: ['-Account'],
  });
  const entry: FiEntriesElement = {
    Fields: { Year: 2026, Peri: '3', JoCo: '70' },
    Objects: [{ FiEntries: { Element: [{ Fields: { VaAs: '1', AcNr: '4100', EnDa: '2026-03-10', BpDa: '2026-03-10', AmDe: '100.00', declaratieNummerDeclaree: 'EXP-1' } }] } }],
  };
  await afas.insert('FiEntries', entry);
  // @ts-expect-error rows are typed: there is no Acount
  void rows[0]?.Acount;
  // @ts-expect-error filters take the connector's field ids only
  await afas.get('Profit_Accounts', { where: { field: 'Acount', op: 'eq', value: '4' } });
  // @ts-expect-error a FiEntries element is not a KnSubject element
  await afas.insert('KnSubject', entry);
  const plain = new AfasClient({ environment: 'O12345AA', token });
  await plain.get('Profit_Accounts', { schema: ProfitAccountsRow });
  return rows[0]?.declareeLink;
}

// The sample in docs/cli.md, verbatim (declaree-afas's docs.test.ts checks every sample appears in a test).
export async function docsSample(): Promise<void> {
const afas = new AfasClient({ environment: 'O12345AA', token: process.env.AFAS_TOKEN, connectors });

const { rows } = await afas.get('Profit_Accounts', { orderBy: ['Account'] });
rows[0]?.Description; // string | null

const entry: FiEntriesElement = { Fields: { Year: 2026, Peri: 3, JoCo: '70' }, Objects: [/* … */] };
await afas.insert('FiEntries', entry);
await afas.update('FiEntriesCustom', { '@UnId': 1, '@EnNo': 70001, '@SeNo': 1, Fields: { declaratienummer: 'EXP-1001' } });
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

  it('writes its output owner-only (0600), also over an existing file that others could read', async () => {
    const out = join(COMPILE, 'owner-only.generated.ts');
    await writeFile(out, '// an older version\n', { mode: 0o644 });
    await chmod(out, 0o644);
    const { code } = await runCli(['codegen', ...fixtureArgs, '--out', out]);
    expect(code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readFile(out, 'utf8')).toContain('export const connectors');
    expect((await readdir(COMPILE)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
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
      declareeLink: null,
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

  it('names custom U… fields after their labels, keeps their ids in the connector map, and documents them', async () => {
    const { connectors } = await loadGenerated('compile/fixtures.generated.ts');
    const labels = (part: 'get' | 'update', id: string) =>
      (connectors as Record<string, Record<string, { labels?: unknown }>>)[part]?.[id]?.labels;
    expect(labels('get', 'Profit_Accounts')).toEqual({ declareeLink: 'U5B3C1D2E3F40516273849A0B1C2D3E4F' });
    expect(labels('update', 'FiEntries')).toEqual({
      declaratieNummerDeclaree: 'UC2DE284248374B083C966F9B4EEEE9E2',
    });
    // Two fields with the same label get different names.
    expect(labels('update', 'FiEntriesCustom')).toEqual({
      declaratienummer: 'U76779D5140F7CC8D7F1537BD5CC4FC50',
      declaratienummer2: 'UF1A77D494646B34E15581FBFA4FA57AA',
    });
    expect(labels('update', 'KnSubject')).toBeUndefined();
    const source = await readFile(join(COMPILE, 'fixtures.generated.ts'), 'utf8');
    expect(source).toContain(
      '/** Custom field "Declaratie-nummer (Declaree)" (UC2DE284248374B083C966F9B4EEEE9E2): string, at most 40 characters. */\n  declaratieNummerDeclaree:',
    );
    expect(source).not.toMatch(/^\s*U[0-9A-F]{32}:/m);
  });

  it('never names a custom field like another field of the connector', () => {
    const field = (fieldId: string, label: string) => ({ fieldId, dataType: 'string', label });
    const code = generateTypes({
      get: [],
      update: [
        {
          name: 'KnTest',
          fields: [field('Omschrijving', 'Omschrijving'), field(`U${'A'.repeat(32)}`, 'Omschrijving')],
          objects: [{ name: 'KnSub', fields: [field(`U${'A'.repeat(32)}`, 'Omschrijving')], objects: [] }],
        },
      ],
    });
    // `omschrijving` is free, `Omschrijving` is taken; the same field in two objects has one name.
    expect(code).toContain(
      `labels: {\n        /** "Omschrijving" */\n        omschrijving: "U${'A'.repeat(32)}",\n      },`,
    );
    const taken = generateTypes({
      get: [],
      update: [
        {
          name: 'KnTest',
          fields: [field('omschrijving', 'x'), field(`U${'B'.repeat(32)}`, 'Omschrijving')],
          objects: [],
        },
      ],
    });
    expect(taken).toContain(`omschrijving2: "U${'B'.repeat(32)}"`);
  });

  it('keeps the committed type-test fixture current', async () => {
    // test/types/fixtures.generated.ts is what the type tests (typed-client.test-d.ts) compile against.
    const committed = await readFile(join(PACKAGE_DIR, 'test/types/fixtures.generated.ts'), 'utf8');
    const { stdout } = await runCli([
      'codegen',
      '--from-file',
      ...fixtures.map((file) => join(FIXTURES, file)),
    ]);
    const regenerate = `pnpm afas codegen --from-file ${fixtures.map((file) => `packages/afas-client/test/cli/fixtures/${file}`).join(' ')} --out packages/afas-client/test/types/fixtures.generated.ts`;
    expect(stdout, `regenerate it: ${regenerate}`).toBe(committed);
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

    // Several files after one --from-file (as a shell glob gives them), a connector name among them.
    const several = await runCli([
      'codegen',
      'KnSubject',
      '--from-file',
      ...fixtures.map((f) => join(FIXTURES, f)),
    ]);
    expect(several.code).toBe(0);
    expect(several.stdout).toContain('// UpdateConnectors: KnSubject.\n');
    expect(several.stdout).not.toContain('// GetConnectors');

    const allAndFiles = await runCli(['codegen', '--all', ...fixtureArgs]);
    expect(allAndFiles).toMatchObject({ code: 2, stdout: '' });
    expect(allAndFiles.stderr).toContain('--all reads live metainfo');
    const allAndNames = await runCli(['codegen', '--all', 'FiEntries']);
    expect(allAndNames).toMatchObject({ code: 2, stdout: '' });
    expect(allAndNames.stderr).toContain('Name connectors or give --all, not both.');
    const nothing = await runCli(['codegen']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Name the connectors to generate types for, or give --all.');

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
