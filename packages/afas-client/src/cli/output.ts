import type { AfasRow } from '../index.js';
import { type CliOutput, write } from './io.js';
import { quoted, UsageError } from './kit.js';
import { didYouMean } from './suggest.js';

/** Output formats of `afas get`. */
export const FORMATS = ['json', 'ndjson', 'csv', 'table'] as const;

/** An output format of `afas get`. */
export type Format = (typeof FORMATS)[number];

/** The most rows `table` holds in memory to align its columns; the other formats stream. */
export const MAX_TABLE_ROWS = 10_000;

/** Writes rows as they arrive, page by page. */
export interface RowWriter {
  write(rows: readonly AfasRow[]): Promise<void>;
  /** Finishes the output (closing `]`, the buffered table). */
  end(): Promise<void>;
}

/** How `afas get` writes rows: CSV's field separator, the columns to show and their order. */
export interface RowOptions {
  /** CSV field separator: `,` (RFC 4180) or `;` (what Excel expects with Dutch settings), or a tab. */
  readonly delimiter?: string | undefined;
  /** Only these columns, in this order. */
  readonly columns?: readonly string[] | undefined;
  /**
   * CSV for Excel with Dutch (decimal-comma) settings: a UTF-8 byte order mark first, so that Excel
   * reads accents as UTF-8, and numbers with a decimal comma (`1234,5`). Texts are left as they are.
   */
  readonly excel?: boolean | undefined;
}

/** A writer for `format` on `output`. */
export function rowWriter(
  format: Format | 'streamed-table',
  output: CliOutput,
  width?: number,
  options: RowOptions = {},
): RowWriter {
  // The user's --columns order is kept in a table too: only without it do all-empty columns go last.
  const layout = { width, emptyLast: options.columns === undefined };
  const writer = formatWriter(format, output, layout, options.delimiter ?? ',', options.excel === true);
  return options.columns === undefined ? writer : projected(writer, options.columns);
}

/** How a table is laid out: the terminal's width, and whether columns empty in every row go last. */
export interface TableOptions {
  readonly width?: number | undefined;
  /** @default true; false keeps the rows' own column order (as `--columns` gave it). */
  readonly emptyLast?: boolean | undefined;
}

function formatWriter(
  format: Format | 'streamed-table',
  output: CliOutput,
  layout: TableOptions,
  delimiter: string,
  excel: boolean,
): RowWriter {
  switch (format) {
    case 'streamed-table':
      return streamedTableWriter(output, layout);
    case 'json':
      return jsonWriter(output);
    case 'ndjson':
      return {
        write: (rows) => write(output, rows.map((row) => `${JSON.stringify(row)}\n`).join('')),
        end: async () => {},
      };
    case 'csv':
      return csvWriter(output, delimiter, excel);
    case 'table':
      return tableWriter(output, layout);
  }
}

/** A pretty JSON array, streamed: the same text as `JSON.stringify(rows, null, 2)`. */
function jsonWriter(output: CliOutput): RowWriter {
  let count = 0;
  return {
    async write(rows) {
      const parts = rows.map((row) => {
        const text = JSON.stringify(row, null, 2).replaceAll('\n', '\n  ');
        return `${count++ === 0 ? '[\n  ' : ',\n  '}${text}`;
      });
      await write(output, parts.join(''));
    },
    end: () => write(output, count === 0 ? '[]\n' : '\n]\n'),
  };
}

/**
 * Rows cut down to `columns`, in that order. A column the first row does not have is a mistake to
 * show before anything is written, with the nearest field ids.
 */
function projected(writer: RowWriter, columns: readonly string[]): RowWriter {
  let checked = false;
  return {
    async write(rows) {
      const first = rows[0];
      if (!checked && first !== undefined) {
        const known = Object.keys(first);
        const unknown = columns.find((column) => !known.includes(column));
        if (unknown !== undefined) {
          throw new UsageError(
            `--columns: the rows have no field ${quoted(unknown)}.`,
            didYouMean(unknown, known) ?? `The fields are: ${known.join(', ')}.`,
          );
        }
        checked = true;
      }
      await writer.write(
        rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]]))),
      );
    },
    end: () => writer.end(),
  };
}

/**
 * RFC 4180: CRLF line ends, a header from the first row's keys, fields quoted when they must be.
 * For Excel (`excel`): the UTF-8 BOM before the header, and decimal commas in numbers.
 */
function csvWriter(output: CliOutput, delimiter: string, excel: boolean): RowWriter {
  let header: string[] | undefined;
  const cell = excel
    ? (value: unknown) => (typeof value === 'number' ? String(value).replace('.', ',') : cellText(value))
    : cellText;
  return {
    async write(rows) {
      const first = rows[0];
      if (first === undefined) return;
      let text = '';
      if (header === undefined) {
        header = Object.keys(first);
        text += `${excel ? '\uFEFF' : ''}${csvLine(header, delimiter)}`;
      }
      const columns = header;
      for (const row of rows)
        text += csvLine(
          columns.map((column) => cell(row[column])),
          delimiter,
        );
      await write(output, text);
    },
    end: async () => {},
  };
}

function csvLine(cells: readonly string[], delimiter: string): string {
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]|^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  return `${cells.map(quote).join(delimiter)}\r\n`;
}

/** Aligned columns, numbers right-aligned, cut to `width` (the terminal's) with `…`. */
function tableWriter(output: CliOutput, layout: TableOptions): RowWriter {
  const buffered: AfasRow[] = [];
  return {
    async write(rows) {
      if (buffered.length + rows.length > MAX_TABLE_ROWS) {
        throw new UsageError(
          `The table format holds at most ${MAX_TABLE_ROWS.toLocaleString('en')} rows.`,
          'Use --format csv or ndjson, which stream any number of rows, or narrow the query with --where or --take.',
        );
      }
      buffered.push(...rows);
    },
    end: () => write(output, renderTable(buffered, layout)),
  };
}

/** Narrowest a column gets before columns are dropped instead: enough to recognise a value. */
const MIN_COLUMN_WIDTH = 8;

/**
 * The table text for `rows` (empty for no rows). Too wide for `width`: the widest columns are cut
 * (with `…`) down to {@link MIN_COLUMN_WIDTH}, then the last columns are left out and counted in a
 * footer.
 */
export function renderTable(rows: readonly AfasRow[], options: TableOptions = {}): string {
  if (rows.length === 0) return '';
  const table = tableLayout(rows, options);
  return `${[table.header, table.rule, ...rows.map(table.row), ...table.footer].join('\n')}\n`;
}

/** A table's columns, widths and alignment, worked out from `rows` for `width`. */
interface TableLayout {
  readonly header: string;
  readonly rule: string;
  /** One row's line, cut to the layout's widths. */
  readonly row: (row: AfasRow) => string;
  /**
   * Widens the columns for `row`'s values as far as the terminal's width leaves room (the streamed
   * table: a later page's longer value). Lines already written keep their widths.
   */
  readonly widen: (row: AfasRow) => void;
  /** The note on columns left out, if any. */
  readonly footer: readonly string[];
}

/** Space between two columns. */
const GAP = 2;

function tableLayout(rows: readonly AfasRow[], options: TableOptions): TableLayout {
  const width = options.width ?? Number.POSITIVE_INFINITY;
  // Columns empty in every row go last: what is left out on a narrow terminal is what says nothing.
  // Not when the user chose the columns and their order.
  const keys = Object.keys(rows[0] ?? {});
  const empty = (column: string) => rows.every((row) => cellText(row[column]) === '');
  const all =
    options.emptyLast === false ? keys : [...keys.filter((column) => !empty(column)), ...keys.filter(empty)];
  const natural = all.map((column) =>
    Math.max(column.length, ...rows.map((row) => shown(row[column]).length)),
  );
  const total = (widths: readonly number[]) =>
    widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  const fits = (widths: readonly number[]) => total(widths) <= width;
  let count = all.length;
  while (count > 1 && !fits(natural.slice(0, count).map((w) => Math.min(w, MIN_COLUMN_WIDTH)))) count--;
  const columns = all.slice(0, count);
  const widths = natural.slice(0, count);
  while (!fits(widths)) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= MIN_COLUMN_WIDTH) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const numeric = columns.map((column) =>
    rows.every((row) => row[column] === null || typeof row[column] === 'number'),
  );
  const line = (values: readonly string[], alignNumbers: boolean) =>
    values
      .map((value, c) => {
        const w = widths[c] ?? 0;
        // A number is never cut (a cut number reads as another): it may push its row out of line.
        const cut = value.length > w && !(alignNumbers && numeric[c]) ? `${value.slice(0, w - 1)}…` : value;
        return alignNumbers && numeric[c] ? cut.padStart(w) : cut.padEnd(w);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const hidden = all.length - count;
  return {
    header: line(columns, false),
    rule: widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP)),
    row: (row) =>
      line(
        columns.map((column) => shown(row[column])),
        true,
      ),
    widen(row) {
      for (const [c, column] of columns.entries()) {
        const room = width - total(widths);
        const more = Math.min(shown(row[column]).length - (widths[c] ?? 0), room);
        if (more > 0) widths[c] = (widths[c] ?? 0) + more;
      }
    },
    footer:
      hidden > 0
        ? [`(${hidden} more column${hidden === 1 ? '' : 's'}: widen the terminal, or use --format csv)`]
        : [],
  };
}

/**
 * A table written page by page, for `--all` on a terminal: the first page sets the columns and
 * their widths, so any number of rows streams in constant memory. A later value longer than its
 * column widens the column from its line on, as far as the terminal's width leaves room (the lines
 * above stay as they were); only beyond that is a text cut with `…`, as in the buffered table, and
 * a number is never cut. So `Row 10000` after a first page of `Row 1`…`Row 1000` shows whole.
 */
export function streamedTableWriter(output: CliOutput, options: TableOptions = {}): RowWriter {
  let table: TableLayout | undefined;
  return {
    async write(rows) {
      if (rows.length === 0) return;
      const lines: string[] = [];
      if (table === undefined) {
        table = tableLayout(rows, options);
        lines.push(table.header, table.rule);
      }
      for (const row of rows) {
        table.widen(row);
        lines.push(table.row(row));
      }
      await write(output, `${lines.join('\n')}\n`);
    },
    end: async () => {
      if (table && table.footer.length > 0) await write(output, `${table.footer.join('\n')}\n`);
    },
  };
}

/** A value as a table shows it: on one line (runs of white space as one space). */
function shown(value: unknown): string {
  return cellText(value).replace(/\s+/g, ' ');
}

/** A value as text: `null` empty, objects as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
