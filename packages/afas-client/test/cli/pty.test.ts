/**
 * `afas get --all` on a real pseudo-terminal (util-linux `script`, which CI's Debian has): the built
 * CLI streams a table of more rows than the buffered table holds (10,000), laid out by the first
 * page and widened for the longer values of later pages, and ends with the row count, as a user at
 * a terminal sees it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { expect, it } from 'vitest';
import { BIN, TOKEN_XML } from './support.js';

const ROWS = 10_500;

it(`streams ${ROWS.toLocaleString('en')} rows as a table on a pseudo-terminal`, async () => {
  const simulator = new AfasSimulator();
  simulator.addGetConnector(
    'Big_Rows',
    Array.from({ length: ROWS }, (_, i) => ({ Id: i + 1, Name: `Row ${i + 1}` })),
    {
      fields: [
        { id: 'Id', dataType: 'int' },
        { id: 'Name', dataType: 'string' },
      ],
    },
  );
  const running = await startAfasSimulator({ simulator, port: 0 });
  try {
    const command = `stty cols 80 rows 40; '${process.execPath}' '${BIN}' get Big_Rows --all --order-by Id --page-size 1000`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '', AFAS_BASE_URL: running.url, AFAS_TOKEN: TOKEN_XML },
      maxBuffer: 64 * 1024 * 1024,
    });
    // stdout and stderr share the terminal: the progress line ("\r4,000 rows…", cleared with ESC[K)
    // lands between the table's lines, which end in \r\n.
    const shown = stdout.replaceAll('\u001b[K', '').replace(/\r[\d,]+ rows…/g, '');
    const lines = shown.split('\r\n').filter((line) => line !== '' && line !== '\r');
    expect(lines[0]).toMatch(/^Id +Name$/);
    // Every row whole: from row 10,000 on the values are wider than the first page's, and the
    // columns widen instead of cutting them (the name is the digits that tell the rows apart).
    const rows = lines.map((line) => /^ *(\d+) {2}Row (\d+)$/.exec(line)).filter((match) => match !== null);
    expect(rows).toHaveLength(ROWS);
    expect(rows.every((match) => match[1] === match[2])).toBe(true);
    expect(new Set(rows.map((match) => match[2])).size).toBe(ROWS);
    expect(lines).toContain('10500  Row 10500');
    expect(stdout).not.toContain('holds at most');
    expect(lines.at(-1)).toMatch(/10,500 rows$/);
  } finally {
    await running.close();
  }
}, 60_000);
