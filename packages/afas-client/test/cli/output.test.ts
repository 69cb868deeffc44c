import { describe, expect, it } from 'vitest';
import { type Format, renderTable, rowWriter, streamedTableWriter } from '../../src/cli/output.js';
import { parseCondition } from '../../src/cli/where.js';
import { MemoryOutput } from './support.js';

async function render(format: Format, pages: Record<string, unknown>[][]): Promise<string> {
  const output = new MemoryOutput();
  const writer = rowWriter(format, output);
  for (const page of pages) await writer.write(page);
  await writer.end();
  return output.text;
}

const rows = [
  { Id: 1, Name: 'Plain', Note: null, Blocked: false },
  { Id: 22, Name: 'Comma, "quoted"', Note: 'two\nlines', Blocked: true },
];

describe('row output', () => {
  it('csv quotes commas, quotes and line breaks per RFC 4180, with CRLF and one header across pages', async () => {
    expect(await render('csv', [[rows[0]!], [rows[1]!]])).toBe(
      'Id,Name,Note,Blocked\r\n1,Plain,,false\r\n22,"Comma, ""quoted""","two\nlines",true\r\n',
    );
    expect(await render('csv', [[]])).toBe('');
  });

  it("csv with ';' quotes a value holding a ';' and leaves commas alone", async () => {
    const output = new MemoryOutput();
    const writer = rowWriter('csv', output, undefined, { delimiter: ';' });
    await writer.write([{ Id: 1, Name: 'a;b', Note: 'c, d' }]);
    await writer.end();
    expect(output.text).toBe('Id;Name;Note\r\n1;"a;b";c, d\r\n');
  });

  it('csv for Dutch Excel: a UTF-8 BOM, then ; between fields and decimal commas in numbers (not in texts)', async () => {
    const output = new MemoryOutput();
    const writer = rowWriter('csv', output, undefined, { delimiter: ';', excel: true });
    await writer.write([{ Id: 1, Name: 'Financiële mutatie', Amount: 1234.5, Text: '1.5', Empty: null }]);
    await writer.write([{ Id: 2, Name: 'b;c', Amount: -0.25, Text: 'x', Empty: null }]);
    await writer.end();
    const bytes = Buffer.from(output.text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Id;Name;Amount;Text;Empty\r\n1;Financiële mutatie;1234,5;1.5;\r\n2;"b;c";-0,25;x;\r\n',
    );
    // ë as UTF-8 (C3 AB), which Excel reads as such because of the BOM.
    expect(bytes.includes(Buffer.from([0xc3, 0xab]))).toBe(true);
    // No rows, no bytes: not even the BOM.
    const none = new MemoryOutput();
    const empty = rowWriter('csv', none, undefined, { delimiter: ';', excel: true });
    await empty.write([]);
    await empty.end();
    expect(none.text).toBe('');
  });

  it('json streamed page by page is exactly the pretty array', async () => {
    expect(await render('json', [[rows[0]!], [rows[1]!]])).toBe(`${JSON.stringify(rows, null, 2)}\n`);
    expect(await render('json', [])).toBe('[]\n');
  });

  it('ndjson writes one row per line', async () => {
    expect(await render('ndjson', [rows])).toBe(`${JSON.stringify(rows[0])}\n${JSON.stringify(rows[1])}\n`);
  });

  it('table aligns columns, right-aligns numbers, cuts long values and leaves out what does not fit', () => {
    expect(renderTable(rows)).toBe(
      [
        'Id  Name             Note       Blocked',
        '──  ───────────────  ─────────  ───────',
        ' 1  Plain                       false',
        '22  Comma, "quoted"  two lines  true',
        '',
      ].join('\n'),
    );
    const narrow = renderTable(rows, { width: 26 }).split('\n');
    expect(narrow[3]).toBe('22  Comma, "qu…  two lines');
    expect(narrow[4]).toBe('(1 more column: widen the terminal, or use --format csv)');
  });
});

describe('the streamed table (afas get --all on a terminal)', () => {
  async function stream(pages: Record<string, unknown>[][], width?: number): Promise<string[]> {
    const output = new MemoryOutput(true, width);
    const writer = streamedTableWriter(output, { width });
    for (const page of pages) await writer.write(page);
    await writer.end();
    return output.text.trimEnd().split('\n');
  }

  it('widens a column for a longer value of a later page, from that line on, instead of cutting it', async () => {
    const lines = await stream(
      [
        [{ Id: 9, Name: 'Row 9' }],
        [
          { Id: 10, Name: 'Row 10' },
          { Id: 11, Name: 'Row 11' },
        ],
      ],
      80,
    );
    expect(lines).toEqual(['Id  Name', '──  ─────', ' 9  Row 9', '10  Row 10', '11  Row 11']);
    // Without a terminal width (a pipe with --format table) nothing is cut either.
    expect((await stream([[{ Id: 1, Name: 'a' }], [{ Id: 2, Name: 'a much longer text' }]])).at(-1)).toBe(
      ' 2  a much longer text',
    );
  });

  it('widens only as far as the terminal allows; then a text is cut with …, a number never', async () => {
    const lines = await stream(
      [
        [{ Id: 1, Name: 'ab', Note: 'x' }],
        [{ Id: 123, Name: 'abcdefghijklmnop', Note: 'y' }],
        [{ Id: 1234567890, Name: 'abcdefghijklmnop', Note: 'z' }],
      ],
      20,
    );
    expect(lines[0]).toBe('Id  Name  Note');
    // 20 columns: Id takes 3, Name what is left (20 - 3 - 4 - 2 × 2 = 9), cut; the number is whole.
    expect(lines[3]).toBe('123  abcdefgh…  y');
    expect(lines[3]?.length).toBeLessThanOrEqual(20);
    expect(lines[4]).toBe('1234567890  abcdefgh…  z');
  });

  it('keeps apart the rows a first page of short values would have cut alike', async () => {
    const first = Array.from({ length: 9 }, (_, i) => ({ Id: i + 1, Name: `Row ${i + 1}` }));
    const later = Array.from({ length: 200 }, (_, i) => ({ Id: i + 10, Name: `Row ${i + 10}` }));
    const lines = await stream([first, later], 40);
    const names = lines.slice(2).map((line) => /Row \d+$/.exec(line)?.[0]);
    expect(new Set(names).size).toBe(209);
    expect(lines.at(-1)).toBe('209  Row 209');
  });
});

describe('--where expressions', () => {
  it.each([
    ['Account startsWith 4', { field: 'Account', op: 'startsWith', value: '4' }],
    ['Account STARTSWITH 4', { field: 'Account', op: 'startsWith', value: '4' }],
    ['Amount>=100', { field: 'Amount', op: 'gte', value: '100' }],
    ['Amount >= 100', { field: 'Amount', op: 'gte', value: '100' }],
    ['Ds * car park', { field: 'Ds', op: 'contains', value: 'car park' }],
    ['Ds !* x', { field: 'Ds', op: 'notContains', value: 'x' }],
    ['Ds ![]', { field: 'Ds', op: 'notEmpty' }],
    ['Ds []', { field: 'Ds', op: 'empty' }],
    ['Ds notEmpty', { field: 'Ds', op: 'notEmpty' }],
    ['Name = ""', { field: 'Name', op: 'eq', value: '' }],
    ['Name != a=b', { field: 'Name', op: 'ne', value: 'a=b' }],
    ['Code !& X', { field: 'Code', op: 'notEndsWith', value: 'X' }],
    ['Date < 2026-03-01T00:00:00', { field: 'Date', op: 'lt', value: '2026-03-01T00:00:00' }],
  ])('%s', (expression, condition) => {
    expect(parseCondition(expression)).toEqual(condition);
  });
});
