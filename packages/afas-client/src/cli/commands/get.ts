import type { AfasClient, AfasRow, OrderBy } from '../../index.js';
import { integer, oneOf, parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { type CliIo, write } from '../io.js';
import { type FlagSpecs, flagHelp, quoted, UsageError } from '../kit.js';
import { FORMATS, MAX_TABLE_ROWS, type RowWriter, rowWriter } from '../output.js';
import { type NamedField, suggestGetField } from '../suggest.js';
import { buildWhere, parseCondition } from '../where.js';

const FLAGS = {
  where: {
    type: 'string',
    multiple: true,
    value: "'Field op value'",
    description:
      "a filter; repeat for more, all of which must hold. The operator by name (eq gte lte gt lt contains ne empty notEmpty startsWith notContains notStartsWith endsWith notEndsWith quickFilter, any case) or by AFAS symbol (= >= <= > < * != [] ![] @ !* !@ & !&), e.g.\n--where 'Account startsWith 4'  --where 'Amount>=100'\n--where 'Ds []' (empty)",
  },
  or: { type: 'boolean', description: 'any one --where suffices instead of all' },
  'order-by': {
    type: 'string',
    multiple: true,
    value: '[-]Field',
    description:
      'sort, - for descending; repeat or separate with commas. Write --order-by=-Date: a value starting with - needs the = form.',
  },
  take: { type: 'string', value: '<N>', description: 'rows of one page (default 100, as AFAS)' },
  skip: { type: 'string', value: '<N>', description: 'rows to skip before the page (default 0)' },
  all: {
    type: 'boolean',
    description:
      'every row, page after page (client.rows). Needs --order-by on a unique field: AFAS pages are only stable under a fixed order, otherwise rows go missing or repeat between pages.',
  },
  'page-size': { type: 'string', value: '<N>', description: 'rows per page with --all (default 500)' },
  parallel: {
    type: 'string',
    value: '<N>',
    description: "pages in flight with --all (1-8, default 4: the client's budget)",
  },
  columns: {
    type: 'string',
    value: 'a,b,c',
    description: 'only these fields, in this order (field ids as in the rows)',
  },
  format: {
    type: 'string',
    value: '<format>',
    description: `json (pretty array), ndjson (one row per line), csv (RFC 4180, header from the first row), table (aligned, cut to the terminal width). Default: table on a terminal, json otherwise. json, ndjson and csv stream while pages arrive; table holds at most ${MAX_TABLE_ROWS.toLocaleString('en')} rows, except with --all: then it streams too, laid out by the first page; a longer later value widens its column as far as the terminal allows.`,
  },
  delimiter: {
    type: 'string',
    value: '<char>',
    description: 'CSV field separator: , (default), ;, tab or |. For Excel, use --excel',
  },
  excel: {
    type: 'boolean',
    description:
      'CSV for Excel with Dutch settings: ; between fields, decimal commas in numbers (1234,5) and a UTF-8 BOM, so that Excel reads amounts and accents (ë) right. Implies --format csv',
  },
} as const satisfies FlagSpecs;

/** `afas get <connector>`: rows of a GetConnector, one page or all of them, as JSON, NDJSON, CSV or a table. */
export const getCommand: Command = {
  name: 'get',
  summary: 'read rows of a GetConnector (one page, or --all streamed)',
  help: `Usage: afas get <connector> [--where 'Field op value']… [--or] [--order-by [-]Field]…
                [--take N] [--skip N] [--all [--page-size N] [--parallel N]] [--columns a,b,c]
                [--format json|ndjson|csv|table [--delimiter ;]] [--excel] [connection flags]

Reads rows of a GetConnector. Without --all one page: --take rows (default 100, as AFAS) after
--skip.

${flagHelp(FLAGS)}

On a terminal, stderr ends with the row count; with --all a progress line counts the rows meanwhile.
In a table, columns that are empty in every row come last, unless --columns gives the order.

${CONNECTION_HELP}`,
  flags: { ...FLAGS, ...CONNECTION_OPTIONS },
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('get', argv, { ...CONNECTION_OPTIONS, ...FLAGS });
    positionals('get', args, 1, 1, '<connector> [flags]');
    const connector = args[0] ?? '';
    const where = buildWhere(values.where ?? [], values.or ?? false);
    const orderBy = (values['order-by'] ?? [])
      .flatMap((value) => value.split(','))
      .map((field) => field.trim());
    if (orderBy.some((field) => field === '' || field === '-'))
      throw new UsageError('--order-by has an empty field.');
    // The field ids the user named, for "did you mean" when AFAS refuses one.
    const named: NamedField[] = [
      ...(values.where ?? []).map((expression) => ({
        flag: '--where',
        field: parseCondition(expression).field,
      })),
      ...orderBy.map((field) => ({ flag: '--order-by', field: field.replace(/^-/, '') })),
    ];
    const excel = values.excel === true;
    const format =
      oneOf('--format', values.format, FORMATS) ?? (excel ? 'csv' : io.stdout.isTTY ? 'table' : 'json');
    if (excel && format !== 'csv')
      throw new UsageError('--excel writes CSV.', 'Leave --format out, or give --format csv.');
    const width = io.stdout.isTTY ? io.stdout.columns : undefined;
    const rowOptions = {
      delimiter: excel ? excelDelimiter(values.delimiter) : delimiterOf(values.delimiter, format),
      columns: columnsOf(values.columns),
      excel,
    };
    // With --all a table streams (its layout from the first page) instead of holding every row.
    const writer = rowWriter(
      values.all && format === 'table' ? 'streamed-table' : format,
      io.stdout,
      width,
      rowOptions,
    );

    if (values.all) {
      if (values.take !== undefined || values.skip !== undefined) {
        throw new UsageError('--all reads every row; it cannot be combined with --take or --skip.');
      }
      const [first, ...rest] = orderBy;
      if (first === undefined) {
        throw new UsageError(
          '--all needs --order-by.',
          'AFAS pages are only stable under a fixed order on a unique field; without one, rows go missing or ' +
            'repeat between pages. Example: --order-by Account.',
        );
      }
      const client = await createClient(values, io);
      await streamAll(client, connector, io, writer, named, {
        where,
        orderBy: [first, ...rest],
        pageSize: integer('--page-size', values['page-size'], 1, 100_000),
        parallel: integer('--parallel', values.parallel, 1, 8),
      });
      return;
    }

    if (values['page-size'] !== undefined || values.parallel !== undefined) {
      throw new UsageError('--page-size and --parallel apply to --all only.');
    }
    const take = integer('--take', values.take, 1, format === 'table' ? MAX_TABLE_ROWS : 1_000_000) ?? 100;
    const skip = integer('--skip', values.skip, 0);
    const client = await createClient(values, io);
    const page = await client
      .get(connector, { where, orderBy, take, skip, signal: io.signal })
      .catch((error: unknown) => suggestGetField(client, connector, named, error));
    await writer.write(page.rows);
    await writer.end();
    if (io.stderr.isTTY) await write(io.stderr, `${rowCount(page.rows.length)}\n`);
    if (page.rows.length === take && io.stderr.isTTY) {
      await write(
        io.stderr,
        `${take} rows shown; there may be more: use --skip ${(skip ?? 0) + take}, or --all --order-by <field>.\n`,
      );
    }
  },
};

async function streamAll(
  client: AfasClient,
  connector: string,
  io: CliIo,
  writer: RowWriter,
  named: readonly NamedField[],
  options: {
    where: ReturnType<typeof buildWhere>;
    orderBy: readonly [OrderBy, ...OrderBy[]];
    pageSize: number | undefined;
    parallel: number | undefined;
  },
): Promise<void> {
  const progress = io.stderr.isTTY === true;
  let count = 0;
  const pages = client.rows<AfasRow>(connector, { ...options, signal: io.signal }).pages();
  try {
    for await (const page of pages) {
      await writer.write(page);
      count += page.length;
      if (progress) await write(io.stderr, `\r${count.toLocaleString('en')} rows…`);
    }
  } catch (error) {
    return await suggestGetField(client, connector, named, error);
  } finally {
    if (progress) await write(io.stderr, '\r\u001b[K');
  }
  await writer.end();
  if (progress) await write(io.stderr, `${rowCount(count)}\n`);
}

const rowCount = (count: number) => `${count.toLocaleString('en')} row${count === 1 ? '' : 's'}`;

/** `--delimiter`: CSV only; `,` by default, `;` for Excel with Dutch settings, `tab` for a tab. */
function delimiterOf(value: string | undefined, format: string): string | undefined {
  if (value === undefined) return undefined;
  if (format !== 'csv') throw new UsageError('--delimiter applies to --format csv only.');
  const delimiter = value === 'tab' ? '\t' : value;
  if (![',', ';', '\t', '|'].includes(delimiter)) {
    throw new UsageError(
      `--delimiter ${quoted(value)} is not one of: , ; tab |.`,
      'Use --excel for Dutch Excel.',
    );
  }
  return delimiter;
}

/** `--excel` separates fields with `;`, as Excel with Dutch settings reads them. */
function excelDelimiter(value: string | undefined): ';' {
  if (value !== undefined && value !== ';')
    throw new UsageError("--excel separates fields with ';'.", 'Leave --delimiter out.');
  return ';';
}

/** `--columns a,b,c`: field ids, in the order to show them. */
function columnsOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const columns = value.split(',').map((column) => column.trim());
  if (columns.some((column) => column === '')) throw new UsageError('--columns has an empty field id.');
  return columns;
}
