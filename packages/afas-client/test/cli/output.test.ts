import { describe, expect, it } from 'vitest';
import { type Format, renderTable, rowWriter } from '../../src/cli/output.js';
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
