import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RegularFileError, readRegularFile } from '../../src/internal/regular-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'declaree-regular-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('reads a regular file whole, and refuses one over the limit by its size', async () => {
  await writeFile(join(dir, 'a.json'), '{"id":"r1"}');
  expect((await readRegularFile(join(dir, 'a.json'), 100)).toString()).toBe('{"id":"r1"}');
  const error = await readRegularFile(join(dir, 'a.json'), 5).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(RegularFileError);
  expect(error).toMatchObject({ code: 'too-large', size: 11 });
});

it.skipIf(process.platform !== 'linux')(
  'reads a file whose size says 0 (a /proc file) to its end',
  async () => {
    const text = (await readRegularFile('/proc/self/status', 1_000_000)).toString();
    expect(text).toMatch(/^Name:/);
    expect(text.length).toBeGreaterThan(100);
  },
);
