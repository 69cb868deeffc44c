/**
 * The built `afas` on a real pseudo-terminal (util-linux `script`, which CI's Debian has), as a
 * user at a terminal sees it: `afas get --all` streams a table of more rows than the buffered table
 * holds (10,000), laid out by the first page and widened for the longer values of later pages, and
 * ends with the row count; `afas check` is in colour there, but not with NO_COLOR nor in a pipe.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, runBuilt, TOKEN_XML } from './support.js';

const ROWS = 10_500;

let running: Awaited<ReturnType<typeof startAfasSimulator>>;
let env: Record<string, string>;
beforeAll(async () => {
  await ensureBuilt();
  // The demo environment, and a connector with more rows than the buffered table holds.
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
  running = await startAfasSimulator({ simulator, port: 0 });
  env = { PATH: process.env['PATH'] ?? '', AFAS_BASE_URL: running.url, AFAS_TOKEN: TOKEN_XML };
}, 60_000);
afterAll(() => running?.close());

/** What the terminal shows when the built `afas <args>` runs on a pseudo-terminal 80 columns wide. */
async function onTerminal(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const command = `stty cols 80 rows 40; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
    env: { ...env, ...extraEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** ESC, the start of every ANSI colour sequence. */
const ESC = '\u001b';

it(`streams ${ROWS.toLocaleString('en')} rows as a table on a pseudo-terminal`, async () => {
  const stdout = await onTerminal(['get', 'Big_Rows', '--all', '--order-by', 'Id', '--page-size', '1000']);
  // stdout and stderr share the terminal: the progress line ("\r4,000 rows…", cleared with ESC[K)
  // lands between the table's lines, which end in \r\n.
  const shown = stdout.replaceAll(`${ESC}[K`, '').replace(/\r[\d,]+ rows…/g, '');
  const lines = shown.split('\r\n').filter((line) => line !== '' && line !== '\r');
  expect(lines[0]).toMatch(/^Id +Name$/);
  // Streamed, not gathered: each page's rows reach the terminal before the count after that page
  // (a table printed at the end would come after every count).
  const at = (text: string) => stdout.indexOf(text);
  expect(at('Row 1\r\n')).toBeGreaterThan(0);
  expect(at('Row 1\r\n')).toBeLessThan(at('1,000 rows…'));
  expect(at('1,000 rows…')).toBeLessThan(at('Row 1001\r\n'));
  expect(at('Row 1001\r\n')).toBeLessThan(at('2,000 rows…'));
  // Laid out by the first page: its widest id has 4 digits, its widest name 8 characters.
  expect(lines[1]).toBe('────  ────────');
  expect(lines[2]).toBe('   1  Row 1');
  // Every row whole: from row 10,000 on the values are wider than the first page's, and the
  // columns widen instead of cutting them (the name is the digits that tell the rows apart).
  const rows = lines.map((line) => /^ *(\d+) {2}Row (\d+)$/.exec(line)).filter((match) => match !== null);
  expect(rows).toHaveLength(ROWS);
  expect(rows.every((match) => match[1] === match[2])).toBe(true);
  expect(new Set(rows.map((match) => match[2])).size).toBe(ROWS);
  expect(lines).toContain('10500  Row 10500');
  expect(stdout).not.toContain('holds at most');
  expect(lines.at(-1)).toMatch(/10,500 rows$/);
}, 60_000);

describe('afas check in colour', () => {
  it('on a pseudo-terminal: what passed in green, the lists titled in bold', async () => {
    const shown = (await onTerminal(['check'])).replaceAll(ESC, '<ESC>');
    expect(shown).toContain('Reachable         <ESC>[32myes<ESC>[39m, Profit 22.22.5');
    expect(shown).toContain('Token             <ESC>[32maccepted<ESC>[39m: environment O12345AA');
    expect(shown).toMatch(/<ESC>\[1mGetConnectors \(\d+\)<ESC>\[22m/);
  });

  it('not with NO_COLOR or TERM=dumb on the same terminal, and not in a pipe', async () => {
    for (const extra of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const plain = await onTerminal(['check'], extra);
      expect(plain, JSON.stringify(extra)).toContain('Reachable         yes, Profit 22.22.5');
      expect(plain).not.toContain(ESC);
    }
    const piped = await runBuilt(['check'], { env });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Reachable         yes, Profit 22.22.5');
    expect(piped.stdout).not.toContain(ESC);
    // FORCE_COLOR turns it on in a pipe too.
    expect((await runBuilt(['check'], { env: { ...env, FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}[32m`);
  });
});
