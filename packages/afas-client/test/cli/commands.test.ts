import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AfasSimulator, DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_WIDTH } from '../../src/cli/kit.js';
import { COMMANDS } from '../../src/cli/main.js';
import {
  closedPort,
  flatDescription,
  GENERATED,
  helpEntry,
  MemoryOutput,
  runCli,
  startSimulator,
  TOKEN_XML,
  UNKNOWN_TOKEN,
} from './support.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
beforeAll(async () => {
  await mkdir(GENERATED, { recursive: true });
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

/** `text` as a regular expression that matches it literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Nothing but `afas token` and `afas simulator` may show the token, in any of its forms. */
function expectNoToken(...texts: string[]): void {
  for (const text of texts) {
    expect(text.toUpperCase()).not.toContain(DEMO_TOKEN_DATA);
    expect(text).not.toContain(Buffer.from(TOKEN_XML).toString('base64'));
    expect(text.toUpperCase()).not.toContain(UNKNOWN_TOKEN);
  }
}

describe('afas token', () => {
  const header = `AfasToken ${Buffer.from(TOKEN_XML).toString('base64')}`;

  it.each([
    ['the XML', `  "${TOKEN_XML.replace('<data>', '<data>\n')}"  `],
    ['the data part', DEMO_TOKEN_DATA],
    ['the header value', header],
  ])('prints the header value for %s', async (_, pasted) => {
    expect(await runCli(['token', pasted])).toEqual({ code: 0, stdout: `${header}\n`, stderr: '' });
  });

  it('reads the token from stdin with -', async () => {
    expect(await runCli(['token', '-'], { stdin: `${TOKEN_XML}\n` })).toEqual({
      code: 0,
      stdout: `${header}\n`,
      stderr: '',
    });
  });

  it('refuses a malformed token with exit 2, without echoing it', async () => {
    const result = await runCli(['token', 'not-a-token-SECRET123']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('afas: The token is in none of the accepted forms.');
    expect(result.stderr).not.toContain('SECRET123');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('afas url', () => {
  it.each([
    [['O12345AA'], 'https://12345.rest.afas.online/ProfitRestServices'],
    [['T12345AA'], 'https://12345.resttest.afas.online/ProfitRestServices'],
    [['12345', '--kind', 'accept'], 'https://12345.restaccept.afas.online/ProfitRestServices'],
  ])('afas url %j', async (args, url) => {
    expect(await runCli(['url', ...args])).toEqual({ code: 0, stdout: `${url}\n`, stderr: '' });
  });

  it('takes AFAS_ENVIRONMENT when no argument is given', async () => {
    const result = await runCli(['url'], { env: { AFAS_ENVIRONMENT: 'A777BB' } });
    expect(result.stdout).toBe('https://777.restaccept.afas.online/ProfitRestServices\n');
  });

  it.each([
    [['X12345AA'], 'The environment given is not an AFAS environment: expected a participant number'],
    [
      ['T12345AA', '--kind', 'production'],
      'Environment T12345AA is a test environment, but kind "production" was given.',
    ],
    [['12345', '--kind', 'staging'], '--kind "staging" is not one of: production, test, accept.'],
    [['12345', '--colour'], 'Unknown flag --colour.'],
    [['12345', '--knd', 'test'], 'Unknown flag --knd. Did you mean --kind?'],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runCli(['url', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('afas check', () => {
  it('reports the URL, the Profit version, the token and the allowed connectors', async () => {
    const result = await runCli(['check'], { env: simulator.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `AFAS              ${simulator.url}\nReachable         yes, Profit 22.22.5\n`,
    );
    expect(result.stdout).toContain(
      'Token             accepted: environment O12345AA, App Connector "Declaree"',
    );
    expect(result.stdout).toMatch(/GetConnectors \(12\)\n {2}Profit_Administrations/);
    expect(result.stdout).toMatch(/UpdateConnectors \(3\)\n {2}FiEntries +Financiële mutatie/);
    expectNoToken(result.stdout, result.stderr);
  });

  it('prints one JSON object with --json', async () => {
    const result = await runCli(['check', '--json'], { env: simulator.env });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      baseUrl: simulator.url,
      profitVersion: '22.22.5',
      info: { envid: 'O12345AA' },
    });
    expect(report.updateConnectors.map((c: { id: string }) => c.id)).toEqual([
      'FiEntries',
      'KnSubject',
      'FiEntriesCustom',
    ]);
  });

  it('exits 1 when AFAS refuses the token, explaining why, without the token', async () => {
    const result = await runCli(['check'], { env: { ...simulator.env, AFAS_TOKEN: UNKNOWN_TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed with HTTP 401 (unauthorized)');
    expect(result.stderr).toContain('Check that the token belongs to this environment');
    expectNoToken(result.stdout, result.stderr);
  });

  it('exits 3 when AFAS cannot be reached', async () => {
    const result = await runCli(['check', '--retries', '0'], {
      env: {
        AFAS_BASE_URL: `http://127.0.0.1:${await closedPort()}/ProfitRestServices`,
        AFAS_TOKEN: TOKEN_XML,
      },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the connection to AFAS failed (ECONNREFUSED)');
    expectNoToken(result.stderr);
  });

  it.each([
    [{ AFAS_TOKEN: TOKEN_XML }, 'No AFAS environment given.'],
    [{ AFAS_ENVIRONMENT: 'O12345AA' }, 'No AFAS token given.'],
    [{ AFAS_ENVIRONMENT: 'O12345AA', AFAS_TOKEN: 'xyz' }, 'The token is in none of the accepted forms.'],
    [
      { AFAS_ENVIRONMENT: 'O12345AA', AFAS_TOKEN: TOKEN_XML, AFAS_LANGUAGE: 'klingon' },
      '--language "klingon" is not one of',
    ],
  ])('exits 2 on incomplete configuration %#', async (env, message) => {
    const result = await runCli(['check'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('prints what to do once, on its own line under the message', async () => {
    const result = await runCli(['check'], { env: { AFAS_ENVIRONMENT: 'O12345AA', AFAS_TOKEN: 'xyz' } });
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('afas: The token is in none of the accepted forms.');
    expect(lines[1]).toMatch(/^ {2}Paste the token as AFAS shows it \(<token>/);
    expect(result.stderr.split('Paste the token').length - 1).toBe(1);
  });

  it('reads the token from --token-file, or from stdin with --token-file -', async () => {
    const file = join(GENERATED, 'token.txt');
    await writeFile(file, `${TOKEN_XML}\n`);
    const env = { AFAS_BASE_URL: simulator.url };
    expect((await runCli(['check', '--token-file', file], { env })).code).toBe(0);
    expect((await runCli(['check', '--token-file', '-'], { env, stdin: DEMO_TOKEN_DATA })).code).toBe(0);
    const missing = await runCli(['check', '--token-file', join(GENERATED, 'none.txt')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the token from');
  });
});

describe('afas get', () => {
  const get = (...args: string[]) => runCli(['get', ...args], { env: simulator.env });

  it('prints one page as a pretty JSON array by default when stdout is not a terminal', async () => {
    const result = await get('Profit_Accounts', '--take', '2', '--order-by', 'Account');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows.map((row: { Account: string }) => row.Account)).toEqual(['1510', '1520']);
    expect(result.stdout).toBe(`${JSON.stringify(rows, null, 2)}\n`);
  });

  it('filters with named operators and AFAS symbols, AND-ed or with --or', async () => {
    const accounts = async (...args: string[]) =>
      JSON.parse(
        (await get('Profit_Accounts', '--order-by', 'Account', '--format', 'json', ...args)).stdout,
      ).map((row: { Account: string }) => row.Account);
    const startsWith4 = await accounts('--where', 'Account startsWith 4');
    expect(startsWith4.length).toBeGreaterThan(2);
    expect(startsWith4.every((account: string) => account.startsWith('4'))).toBe(true);
    expect(await accounts('--where', 'Account @ 4')).toEqual(startsWith4);
    expect(await accounts('--where', 'Account>=4100', '--where', 'Account<4500')).toEqual(
      startsWith4.filter((a: string) => a >= '4100' && a < '4500'),
    );
    expect(await accounts('--where', 'Account = 1510', '--where', 'Account eq 4000', '--or')).toEqual([
      '1510',
      '4000',
    ]);
  });

  it('orders descending with --order-by=-Field', async () => {
    const result = await get('Profit_Accounts', '--order-by=-Account', '--take', '1', '--format', 'ndjson');
    const [first] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).Account);
    const all = JSON.parse((await get('Profit_Accounts', '--all', '--order-by', 'Account')).stdout);
    expect(first).toBe(all.at(-1).Account);
  });

  it('writes CSV per RFC 4180 with a header from the first row', async () => {
    const result = await get('Profit_Accounts', '--where', 'Account = 4000', '--format', 'csv');
    const [header, row, end] = result.stdout.split('\r\n');
    expect(header?.startsWith('Account,Description,')).toBe(true);
    expect(row?.startsWith('4000,Autokosten,')).toBe(true);
    expect(end).toBe('');
  });

  it('streams every row with --all in pages, in order, as NDJSON', async () => {
    const result = await get(
      'Profit_Accounts',
      '--all',
      '--order-by',
      'Account',
      '--page-size',
      '3',
      '--parallel',
      '1',
      '--format',
      'ndjson',
    );
    expect(result.code).toBe(0);
    const accounts = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).Account);
    const onePage = JSON.parse(
      (await get('Profit_Accounts', '--take', '1000', '--order-by', 'Account')).stdout,
    );
    expect(accounts).toEqual(onePage.map((row: { Account: string }) => row.Account));
    const pages = simulator.simulator.requests.filter((r) => /[?&]take=3(&|$)/.test(r.path));
    expect(pages.length).toBe(Math.floor(accounts.length / 3) + 1);
  });

  it('shows a table cut to the terminal width, and a progress line only on a terminal', async () => {
    const stdout = new MemoryOutput(true, 60);
    const result = await runCli(['get', 'Profit_Accounts', '--all', '--order-by', 'Account'], {
      env: simulator.env,
      tty: true,
      stdout,
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]?.startsWith('Account')).toBe(true);
    expect(lines[1]).toMatch(/^─+ {2}─+/);
    expect(lines[2]?.startsWith('1510 ')).toBe(true);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(60);
    expect(lines.at(-1)).toMatch(/^\(\d+ more columns: widen the terminal, or use --format csv\)$/);
    expect(result.stderr).toMatch(/\r\d+ rows…/);
    // The progress line is cleared and the row count ends stderr.
    const [, counted] = result.stderr.split('\r\u001b[K');
    expect(counted).toMatch(/^\d+ rows\n$/);
  });

  it('on a terminal with --all, streams a table of any size page by page (layout from the first page)', async () => {
    const big = new AfasSimulator();
    big.addGetConnector(
      'Big_Rows',
      Array.from({ length: 12_000 }, (_, i) => ({ Id: i + 1, Name: `Row ${i + 1}` })),
      {
        fields: [
          { id: 'Id', dataType: 'int' },
          { id: 'Name', dataType: 'string' },
        ],
      },
    );
    const running = await startAfasSimulator({ simulator: big, port: 0 });
    try {
      const writes: string[] = [];
      let pagesWhenFirstWritten = 0;
      const stdout = Object.assign(new MemoryOutput(true, 80), {
        write(chunk: string) {
          if (writes.length === 0) pagesWhenFirstWritten = big.requests.length;
          writes.push(chunk);
          return true;
        },
      });
      const result = await runCli(['get', 'Big_Rows', '--all', '--order-by', 'Id', '--page-size', '1000'], {
        env: { AFAS_BASE_URL: running.url, AFAS_TOKEN: TOKEN_XML },
        tty: true,
        stdout,
      });
      expect(result.code, result.stderr).toBe(0);
      const lines = writes.join('').trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Id +Name$/);
      expect(lines).toHaveLength(2 + 12_000);
      // Wider than the first page's values (Row 1 … Row 1000): the columns widen from row 10,000 on,
      // so every row shows its whole number and name, the rows after it aligned again.
      expect(lines[2 + 9_998]).toBe('9999  Row 9999');
      expect(lines[2 + 9_999]).toBe('10000  Row 10000');
      expect(lines.at(-1)).toBe('12000  Row 12000');
      const names = lines.slice(2).map((line) => /^ *(\d+) {2}Row (\d+)$/.exec(line));
      expect(names.every((match) => match !== null && match[1] === match[2])).toBe(true);
      // The first rows were on the terminal while later pages were still to come.
      expect(pagesWhenFirstWritten).toBeLessThan(big.requests.length);
      expect(writes.length).toBeGreaterThan(10);
      expect(result.stderr).toMatch(/12,000 rows\n$/);
    } finally {
      await running.close();
    }
  });

  it('on a terminal, puts columns empty in every row last and ends stderr with the row count', async () => {
    const stdout = new MemoryOutput(true, 400);
    const result = await runCli(['get', 'Profit_Accounts', '--take', '3', '--order-by', 'Account'], {
      env: simulator.env,
      tty: true,
      stdout,
    });
    expect(result.code).toBe(0);
    const header = (result.stdout.split('\n')[0] ?? '').split(/\s{2,}/);
    const rows = JSON.parse(
      (await get('Profit_Accounts', '--take', '3', '--order-by', 'Account')).stdout,
    ) as Record<string, unknown>[];
    const emptyEverywhere = Object.keys(rows[0]!).filter((key) =>
      rows.every((row) => row[key] === null || row[key] === ''),
    );
    expect(emptyEverywhere.length).toBeGreaterThan(0);
    expect(header.slice(-emptyEverywhere.length).sort()).toEqual([...emptyEverywhere].sort());
    expect(result.stderr).toMatch(/^3 rows\n/);
  });

  it('on a terminal, keeps the order of --columns: an empty column stays where the user put it', async () => {
    // A column empty in every row: the table would put it last.
    const all = await get('Profit_Accounts', '--all', '--order-by', 'Account');
    const rows = JSON.parse(all.stdout) as Record<string, unknown>[];
    const empty = Object.keys(rows[0]!).find((key) =>
      rows.every((row) => row[key] === null || row[key] === ''),
    );
    expect(empty).toBeDefined();
    const columns = [empty!, 'Account', 'Description'];
    // One page (the buffered table) and --all (the streamed table).
    for (const paging of [['--take', '3'], ['--all']]) {
      const argv = [
        'get',
        'Profit_Accounts',
        ...paging,
        '--order-by',
        'Account',
        '--columns',
        columns.join(','),
      ];
      const stdout = new MemoryOutput(true, 400);
      const result = await runCli(argv, { env: simulator.env, tty: true, stdout });
      expect(result.code, result.stderr).toBe(0);
      expect((result.stdout.split('\n')[0] ?? '').trim().split(/\s{2,}/), paging.join(' ')).toEqual(columns);
    }
  });

  it("writes CSV with --delimiter ';' for Dutch Excel, quoting a value that holds one", async () => {
    const result = await get(
      'Profit_Accounts',
      '--take',
      '2',
      '--order-by',
      'Account',
      '--format',
      'csv',
      '--delimiter',
      ';',
      '--columns',
      'Account,Description',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'Account;Description\r\n1510;Te vorderen btw hoog\r\n1520;Te vorderen btw laag\r\n',
    );
    const bad = await get('Profit_Accounts', '--delimiter', ';');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--delimiter applies to --format csv only/);
  });

  it('--excel writes CSV for Dutch Excel (BOM, ; and decimal commas); it takes no other format or delimiter', async () => {
    simulator.simulator.addGetConnector('Excel_Amounts', [
      { Id: 1, Name: 'Café Ëlise', Amount: 1234.56 },
      { Id: 2, Name: 'Plain', Amount: -7 },
    ]);
    const result = await get('Excel_Amounts', '--excel', '--order-by', 'Id');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('\uFEFFId;Name;Amount\r\n1;Café Ëlise;1234,56\r\n2;Plain;-7\r\n');
    expect((await get('Excel_Amounts', '--excel', '--format', 'csv', '--delimiter', ';')).code).toBe(0);
    for (const [args, message] of [
      [['--excel', '--format', 'json'], '--excel writes CSV'],
      [['--excel', '--delimiter', ','], "--excel separates fields with ';'"],
    ] as const) {
      const bad = await get('Excel_Amounts', ...args);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  });

  it('shows only --columns, in that order, and suggests a field for a typo', async () => {
    const result = await get(
      'Profit_Accounts',
      '--take',
      '1',
      '--order-by',
      'Account',
      '--columns',
      'Description,Account',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(Object.keys(JSON.parse(result.stdout)[0])).toEqual(['Description', 'Account']);
    const typo = await get('Profit_Accounts', '--take', '1', '--columns', 'Acount');
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(/--columns: the rows have no field "Acount"\.\n {2}Did you mean Account\?/);
  });

  it.each([
    [
      ['Profit_Accounts', '--all'],
      '--all needs --order-by.',
      'AFAS pages are only stable under a fixed order',
    ],
    [
      ['Profit_Accounts', '--where', 'Account'],
      '--where "Account" is not of the form \'Field op value\'.',
      'startsWith',
    ],
    [['Profit_Accounts', '--where', 'Account startsWith'], '--where "Account startsWith" has no value.', ''],
    [['Profit_Accounts', '--where', 'Ds [] x'], 'empty takes no value.', ''],
    [['Profit_Accounts', '--format', 'xml'], '--format "xml" is not one of: json, ndjson, csv, table.', ''],
    [['Profit_Accounts', '--take', '0'], '--take "0" is not a whole number from 1', ''],
    [
      ['Profit_Accounts', '--all', '--order-by', 'Account', '--take', '5'],
      'cannot be combined with --take',
      '',
    ],
    [['Profit_Accounts', '--order-by', '-Account'], 'argument is ambiguous', ''],
    [[], 'Missing arguments: usage is `afas get <connector> [flags]`.', ''],
  ])('exits 2 for %j', async (args, message, hint) => {
    const result = await get(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
  });

  it('exits 1 for an unknown connector with AFAS message and log reference, and no stack', async () => {
    const result = await get('Profit_Acounts');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^afas: GET Profit_Acounts failed with HTTP 500: .*niet ondersteund.* \(AFAS log reference [0-9A-F]{32}\)\.\n {2}Add the connector to the App Connector/,
    );
    expect(result.stderr).not.toContain('    at ');
    expectNoToken(result.stderr);
  });

  it("suggests the connector meant for a typo, after AFAS's own message (exit 1 as before)", async () => {
    for (const args of [['Profit_Acounts'], ['Profit_Acounts', '--all', '--order-by', 'Account']]) {
      const result = await get(...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /niet ondersteund[^\n]*\n {2}Add the connector[^\n]*\n {2}Did you mean Profit_Accounts\?/,
      );
    }
    const farOff = await get('Nothing_Like_It');
    expect(farOff.code).toBe(1);
    expect(farOff.stderr).not.toContain('Did you mean');
  });

  it("suggests the field meant for a typo in --where and --order-by, from the connector's metainfo (exit 1 as before)", async () => {
    for (const [args, suggestion] of [
      [['--where', 'Acount = 1510'], '--where: Profit_Accounts has no field Acount. Did you mean Account?'],
      [
        ['--order-by', 'Descripton'],
        '--order-by: Profit_Accounts has no field Descripton. Did you mean Description?',
      ],
      [
        ['--all', '--order-by', 'Account', '--where', 'Descripton * btw'],
        '--where: Profit_Accounts has no field Descripton. Did you mean Description?',
      ],
    ] as const) {
      const result = await get('Profit_Accounts', ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      // AFAS's own message and hint first, then the suggestion.
      expect(result.stderr).toMatch(
        /niet gevonden[^\n]*\n {2}Use the connector's own field ids[^\n]*\n {2}(.*)\n$/,
      );
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`  ${suggestion}`);
    }
    const farOff = await get('Profit_Accounts', '--where', 'Zzyzx = 1');
    expect(farOff.code).toBe(1);
    expect(farOff.stderr).not.toContain('Did you mean');
    const fine = await get('Profit_Accounts', '--where', 'account = 1510');
    expect(fine.code, fine.stderr).toBe(0);
  });

  it('prints the stack with --debug', async () => {
    const result = await get('Profit_Acounts', '--debug');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AfasProfitError: GET Profit_Acounts failed');
    expect(result.stderr).toContain('    at ');
    expectNoToken(result.stderr);
  });
});

describe('afas meta', () => {
  it('prints the allowed connectors, and the fields of a Get- or UpdateConnector', async () => {
    const list = await runCli(['meta'], { env: simulator.env });
    expect(JSON.parse(list.stdout).getConnectors).toContainEqual(
      expect.objectContaining({ id: 'Profit_Accounts' }),
    );
    const get = await runCli(['meta', 'get', 'Profit_Accounts'], { env: simulator.env });
    expect(JSON.parse(get.stdout).fields[0]).toMatchObject({ id: 'Account', dataType: 'string', length: 16 });
    const update = await runCli(['meta', 'update', 'FiEntries'], { env: simulator.env });
    expect(JSON.parse(update.stdout).objects[0].name).toBe('FiEntries');
  });

  it('exits 2 for a wrong sub-command and 1 for a connector AFAS does not know', async () => {
    const wrong = await runCli(['meta', 'delete', 'FiEntries'], { env: simulator.env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"delete" is not get or update.');
    const unknown = await runCli(['meta', 'get', 'Profit_Nope'], { env: simulator.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('niet ondersteund');
  });
});

describe('did you mean, for connectors in meta, insert, update and delete', () => {
  it("suggests the connector meant for a typo after AFAS's own message (exit 1 as before)", async () => {
    const body = JSON.stringify({ Fields: { StId: 31, Ds: 'x' } });
    for (const [argv, meant] of [
      [['meta', 'get', 'Profit_Acounts'], 'Profit_Accounts'],
      [['meta', 'update', 'FiEntires'], 'FiEntries'],
      [['insert', 'KnSubjct', '-'], 'KnSubject'],
      [['update', 'KnSubjct', '-'], 'KnSubject'],
      [['delete', 'KnSubjct', 'KnSubject', '@SbId=1'], 'KnSubject'],
    ] as const) {
      const result = await runCli(argv, { env: simulator.env, stdin: body });
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `niet ondersteund[^\\n]*\\n {2}Add the connector[^\\n]*\\n {2}Did you mean ${meant}\\? \\(afas meta lists`,
        ),
      );
    }
    // A GetConnector id is no suggestion for an UpdateConnector, nor a far-off id for anything.
    for (const argv of [
      ['meta', 'update', 'Profit_Acounts'],
      ['meta', 'get', 'Nothing_Like_It'],
    ]) {
      const result = await runCli(argv, { env: simulator.env });
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('Did you mean');
    }
  });

  it("suggests the field or object meant for a typo in a body, from the UpdateConnector's metainfo", async () => {
    const cases = [
      [
        ['insert', 'KnSubject', '-'],
        { Fields: { StId: 31, Dss: 'x' } },
        'Did you mean Ds? (Dss is not a field of KnSubject; afas meta update KnSubject lists them)',
      ],
      [
        ['update', 'KnSubject', '-'],
        { '@SbId': 1, Fields: { Dss: 'x' } },
        'Did you mean Ds? (Dss is not a field of KnSubject; afas meta update KnSubject lists them)',
      ],
      [
        ['insert', 'FiEntries', '-'],
        {
          Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
          Objects: [{ FiEntries: { Element: [{ Fields: { VaAs: '1', AcNrr: '4300', AmDe: 1 } }] } }],
        },
        'Did you mean AcNr? (AcNrr is not a field of FiEntries; afas meta update FiEntries lists them)',
      ],
    ] as const;
    for (const [argv, body, suggestion] of cases) {
      const result = await runCli(argv, { env: simulator.env, stdin: JSON.stringify(body) });
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/bestaat niet in object/);
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`  ${suggestion}`);
    }
    const farOff = await runCli(['insert', 'KnSubject', '-'], {
      env: simulator.env,
      stdin: JSON.stringify({ Fields: { StId: 31, Ds: 'x', Zzyzx: 1 } }),
    });
    expect(farOff.code).toBe(1);
    expect(farOff.stderr).not.toContain('Did you mean');
  });
});

describe('afas insert, update and delete', () => {
  const entry = (invoice: string, account = '4300') => ({
    FiEntryPar: {
      Element: {
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
                    InId: invoice,
                    AmCr: '121.00',
                  },
                },
                {
                  Fields: {
                    VaAs: '1',
                    AcNr: account,
                    EnDa: '2026-03-10',
                    BpDa: '2026-03-10',
                    InId: invoice,
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
                    InId: invoice,
                    AmDe: '21.00',
                    VaId: '1',
                  },
                },
              ],
            },
          },
        ],
      },
    },
  });

  it('books an entry from a file, sets a free field, and deletes the entry', async () => {
    const file = join(GENERATED, 'entry.json');
    await writeFile(file, JSON.stringify(entry('CLI-1')));
    const inserted = await runCli(['insert', 'FiEntries', file], { env: simulator.env });
    expect(inserted.code).toBe(0);
    const { status, keys } = JSON.parse(inserted.stdout);
    expect(status).toBe(201);
    expect(keys).toEqual({ UnId: '1', EnNo: expect.stringMatching(/^\d+$/) });

    const custom = {
      '@UnId': 1,
      '@EnNo': Number(keys.EnNo),
      '@SeNo': 1,
      Fields: { U6A1F0C3E9B2D4E5F8A7B6C5D4E3F2A10: 'CLI-1' },
    };
    const updated = await runCli(['update', 'FiEntriesCustom', '-'], {
      env: simulator.env,
      stdin: JSON.stringify(custom),
    });
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout).status).toBe(201);

    const deleted = await runCli(
      ['delete', 'FiEntries', 'FiEntryPar', 'UnId=1', 'JoCo=70', 'FiEntries', `@EnNo=${keys.EnNo}`],
      {
        env: simulator.env,
      },
    );
    expect(deleted.code).toBe(0);
    expect(simulator.simulator.requests.at(-1)?.path).toBe(
      `/ProfitRestServices/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,70/FiEntries/@EnNo/${keys.EnNo}`,
    );
    const again = await runCli(
      ['delete', 'FiEntries', 'FiEntryPar', 'UnId=1', 'JoCo=70', 'FiEntries', `@EnNo=${keys.EnNo}`],
      {
        env: simulator.env,
      },
    );
    expect(again.code).toBe(1);
  });

  it('inserts a bare element and wraps it for the connector', async () => {
    const result = await runCli(['insert', 'KnSubject', '-'], {
      env: simulator.env,
      stdin: JSON.stringify({ Fields: { StId: 31, Ds: 'Expense report CLI-2' } }),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).keys).toEqual({ SbId: expect.stringMatching(/^\d+$/) });
  });

  it('the element shown in `afas insert --help` is one the demo environment accepts', async () => {
    const help = (await runCli(['insert', '--help'])).stdout;
    const example = /^ {2}(\{"Fields".*?\}\})/m.exec(help)?.[1];
    expect(example).toBeDefined();
    const result = await runCli(['insert', 'KnSubject', '-'], { env: simulator.env, stdin: example ?? '' });
    expect(result.code, result.stderr).toBe(0);
  });

  it('exits 1 with AFAS message when AFAS rejects the data', async () => {
    const result = await runCli(['insert', 'FiEntries', '-'], {
      env: simulator.env,
      stdin: JSON.stringify(entry('CLI-3', '9999')),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('POST FiEntries failed with HTTP 500:');
    expect(result.stderr).toMatch(/AFAS log reference [0-9A-F]{32}/);
  });

  it.each([
    ['{"Fields": {"Ds": "x"', 'stdin is not valid JSON'],
    ['[]', 'stdin is not an UpdateConnector body: the body is an empty list.'],
    [
      '{"Fields": {"Ds": {"nested": 1}}}',
      'stdin is not an UpdateConnector body: Fields.Ds must be text, a number, true/false or null.',
    ],
    [
      '{"KnSubject": {"Element": {"Fields": {}, "Objects": [{"KnSubjectLink": {}}]}}}',
      'KnSubject.Element.Objects[0].KnSubjectLink must be {"Element": …}',
    ],
    ['{"Felds": {}}', 'Felds is not Fields, Objects or an @key attribute'],
  ])('exits 2 for an invalid body file %j, sending nothing', async (body, message) => {
    const before = simulator.simulator.requests.length;
    const result = await runCli(['insert', 'KnSubject', '-'], { env: simulator.env, stdin: body });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(simulator.simulator.requests.length).toBe(before);
  });

  it('exits 2 for a missing file and for delete arguments without keys', async () => {
    const missing = await runCli(['insert', 'KnSubject', 'nope.json'], { env: simulator.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the body from nope.json (ENOENT).');
    const noKeys = await runCli(['delete', 'KnSubject', 'KnSubject', 'SbId'], { env: simulator.env });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toContain('Object KnSubject has no key=value.');
  });
});

describe('afas simulator', () => {
  it('serves the demo seed on loopback, prints URL and token, and stops when interrupted', async () => {
    const stop = new AbortController();
    const stdout = new MemoryOutput();
    const running = runCli(['simulator', '--port', '0'], { signal: stop.signal, stdout });
    while (!stdout.text.includes('Stop with Ctrl-C.')) await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/ProfitRestServices)/.exec(stdout.text)?.[1];
    const token = /^Token: (.*)$/m.exec(stdout.text)?.[1];
    expect(token).toBe(TOKEN_XML);
    const check = await runCli(['check'], { env: { AFAS_BASE_URL: url, AFAS_TOKEN: token } });
    expect(check.code).toBe(0);
    stop.abort();
    expect(await running).toEqual({ code: 0, stdout: stdout.text, stderr: 'Simulator stopped.\n' });
    const after = await runCli(['check', '--retries', '0'], {
      env: { AFAS_BASE_URL: url, AFAS_TOKEN: token },
    });
    expect(after.code).toBe(3);
  });

  it('refuses an unknown seed', async () => {
    const result = await runCli(['simulator', '--seed', 'huge'], { signal: new AbortController().signal });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--seed "huge" is not one of: demo.');
  });
});

describe('afas itself', () => {
  it('lists the commands with --help, and helps per command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of [
      'check',
      'get',
      'meta',
      'insert',
      'update',
      'delete',
      'codegen',
      'token',
      'url',
      'simulator',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    }
    const getHelp = await runCli(['get', '--help']);
    expect(getHelp.stdout.startsWith('Usage: afas get <connector>')).toBe(true);
  });

  it.each(COMMANDS.map((command) => [command.name, command] as const))(
    '`afas %s --help` lists every flag the command parses, with its description; a typo gets a suggestion',
    async (name, command) => {
      const help = (await runCli([name, '--help'])).stdout;
      for (const [flag, spec] of Object.entries(command.flags)) {
        // The help entry is generated from the declaration the parser uses: name, then description.
        expect(helpEntry(help, flag)).toMatch(
          new RegExp(`^(?:-\\w, )?--${flag}\\b.* ${literal(flatDescription(spec.description))}$`),
        );
        // `afas token` takes its flags in `afas token request|activate`.
        const typo = await runCli([...(name === 'token' ? ['token', 'request'] : [name]), `--${flag}x`]);
        expect(typo.code).toBe(2);
        expect(typo.stderr).toMatch(new RegExp(`Did you mean [^?]*--${flag}[,?]`));
      }
    },
  );

  it(`every help fits a terminal: no line wider than ${HELP_WIDTH} columns`, async () => {
    for (const argv of [['--help'], ...COMMANDS.map((command) => [command.name, '--help'])]) {
      const help = (await runCli(argv)).stdout;
      const wide = help.split('\n').filter((line) => line.length > HELP_WIDTH);
      expect(wide, argv.join(' ')).toEqual([]);
    }
  });

  it('exits 2 for no command and for an unknown one', async () => {
    expect((await runCli([])).code).toBe(2);
    const unknown = await runCli(['fetch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "fetch".');
    expect(unknown.stderr).not.toContain('Did you mean');
  });

  it('suggests the command meant for a typo (`afas gte`), also after `afas help`', async () => {
    for (const argv of [
      ['gte', 'Profit_Accounts'],
      ['help', 'gte'],
      ['metta', '--help'],
    ]) {
      const result = await runCli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(
        /^afas: Unknown command "(gte|metta)"\. Did you mean (get|meta)\?\n {2}Commands: check, get,/,
      );
    }
    const help = await runCli(['help', 'get']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['get', '--help'])).stdout);
  });
});
