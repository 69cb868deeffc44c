import { describe, expect, it } from 'vitest';
import { closest, exitCodeOf, flagHelp, HELP_WIDTH, unknownCommand, wrapText } from '../../src/cli/kit.js';

describe('flagHelp', () => {
  it(`wraps a long description at word boundaries within ${HELP_WIDTH} columns, indented to its column`, () => {
    const description = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const text = flagHelp({
      long: { type: 'string', value: '<x>', description },
      b: { type: 'boolean', description: 'short' },
    });
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(HELP_WIDTH);
    const column = lines[0]!.indexOf('word0');
    expect(column).toBe('      --long <x>   '.length);
    // Every continuation line starts at the description's column; no word is lost or split.
    const continuation = lines.slice(1, -1);
    for (const line of continuation) expect(line.slice(0, column).trim()).toBe('');
    expect(
      lines
        .slice(0, -1)
        .map((line) => line.slice(column))
        .join(' '),
    ).toBe(description);
    expect(lines.at(-1)).toBe(`      --b${' '.repeat(column - 9)}short`);
  });

  it('keeps the line breaks a description asks for (\\n), wrapping each line on its own', () => {
    const text = flagHelp({ x: { type: 'boolean', description: 'first line\n--x  an example' } });
    expect(text).toBe('      --x   first line\n            --x  an example');
  });
});

describe('wrapText', () => {
  it('breaks at spaces only; a word longer than the width stands on its own line', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('a verylongword b', 5)).toEqual(['a', 'verylongword', 'b']);
    expect(wrapText('', 5)).toEqual(['']);
  });
});

describe('unknownCommand', () => {
  it('suggests the closest command, and lists them all in the hint (exit 2)', () => {
    const error = unknownCommand('afas', 'gte', ['check', 'get', 'meta']);
    expect(error.message).toBe('Unknown command "gte". Did you mean get?');
    expect(error.hint).toBe('Commands: check, get, meta. Run `afas --help`.');
    expect(exitCodeOf(error)).toBe(2);
    expect(unknownCommand('afas', 'fetch', ['check', 'get']).message).toBe('Unknown command "fetch".');
  });

  it('does not repeat a value that may be a secret', () => {
    const token = 'ABCDEF0123456789'.repeat(4);
    expect(unknownCommand('afas', token, ['get']).message).not.toContain(token);
  });
});

describe('closest ("did you mean")', () => {
  it('finds typos, swaps and abbreviations, but not a fragment inside what was typed', () => {
    expect(closest('Acount', ['Account', 'AccountType', 'Description'])).toEqual(['Account']);
    expect(closest('tset', ['test', 'production'])).toEqual(['test']);
    expect(closest('acc', ['Account', 'Description'])).toEqual(['Account']);
    expect(closest('order', ['or', 'order-by', 'take'])).toEqual(['order-by']);
    expect(closest('sort', ['or', 'order-by', 'take'])).toEqual([]);
    expect(closest('StdId', ['St', 'id', 'StId', 'Ds'])).toEqual(['StId']);
  });
});
