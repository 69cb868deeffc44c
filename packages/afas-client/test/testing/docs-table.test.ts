/**
 * docs/testing.md promises a row, with its source, for every behaviour the simulator models. Every
 * text the simulator can answer with must therefore appear in it (as an example with values filled in).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/testing/index.js';

/** A stand-in for any argument: prints as a marker, also as a label (`.nl` / `.en`). */
const MARK = '§§';
const anything = Object.assign(new String(MARK), { nl: MARK, en: MARK });

describe('docs/testing.md', () => {
  it.each(Object.keys(messages))('shows the text of messages.%s', async (name) => {
    const docs = await readFile(join(import.meta.dirname, '../../../../docs/testing.md'), 'utf8');
    const make = messages[name as keyof typeof messages] as (...args: unknown[]) => { nl: string };
    const dutch = make(anything, anything, anything).nl.replace(/^General message: /, '');
    const fragments = dutch.split(/§§|NaN/).filter((part) => part.trim().length >= 6);
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) expect(docs, `"${fragment}"`).toContain(fragment);
  });
});
