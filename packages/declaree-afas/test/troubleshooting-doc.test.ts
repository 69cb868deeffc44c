/**
 * docs/troubleshooting.md quotes AFAS's own texts: each one must be a text declaree-afas recognises,
 * with the explanation code the page gives, so the page and the explanations never drift apart.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXPLANATION_CODES, explainAfasMessage } from '../src/index.js';

const DOC = join(import.meta.dirname, '../../../docs/troubleshooting.md');

const rows = async () =>
  (await readFile(DOC, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| symptom') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '));

it('every AFAS text the page quotes is recognised, as the code the page gives', async () => {
  const quoted = (await rows())
    .map((cells) => [/^AFAS says "(.+)"$/.exec(cells[0] ?? '')?.[1], cells[3]?.replaceAll('`', '')] as const)
    .filter((row): row is readonly [string, string] => row[0] !== undefined);
  expect(quoted.length).toBeGreaterThanOrEqual(13);
  for (const [text, code] of quoted) {
    expect(explainAfasMessage(text).code, text).toBe(code);
  }
});

it('every code the page names is one the explanations use', async () => {
  for (const cells of await rows()) {
    const codes = (cells[3] ?? '').replaceAll('`', '').split(', ');
    for (const code of codes.filter((c) => c !== '—' && c !== '' && cells.length === 4)) {
      expect(EXPLANATION_CODES, cells[0]).toContain(code);
    }
  }
});
