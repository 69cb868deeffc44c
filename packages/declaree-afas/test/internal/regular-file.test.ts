import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFileProblem, RegularFileError, readRegularFile } from '../../src/internal/regular-file.js';

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

describe('describeFileProblem words every problem the same way', () => {
  const file = { what: 'settings file', maxBytes: 1_000_000, fix: 'name the settings file' };
  const problem = async (path: string, maxBytes = file.maxBytes) => {
    const error = await readRegularFile(path, maxBytes).catch((caught: unknown) => caught);
    if (!(error instanceof RegularFileError)) throw new Error(`${path} was read`);
    return describeFileProblem(error, { ...file, path, maxBytes });
  };

  it('a missing file, with a fix of its own', async () => {
    const error = await readRegularFile(join(dir, 'nope.json'), 100).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'missing', systemCode: 'ENOENT' });
    expect(
      describeFileProblem(error as RegularFileError, {
        ...file,
        path: 'nope.json',
        fixes: { missing: 'check the path' },
      }),
    ).toBe('The settings file nope.json does not exist: check the path.');
    expect(await problem(join(dir, 'nope.json'))).toBe(
      `The settings file ${join(dir, 'nope.json')} does not exist: name the settings file.`,
    );
  });

  it('a folder', async () => {
    await mkdir(join(dir, 'folder.json'));
    expect(await problem(join(dir, 'folder.json'))).toBe(
      `The settings file ${join(dir, 'folder.json')} is a folder, not a file: name the settings file.`,
    );
  });

  it.skipIf(process.platform === 'win32')('a FIFO, refused without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    expect(await problem(join(dir, 'pipe.json'))).toBe(
      `The settings file ${join(dir, 'pipe.json')} is not a regular file (a device or pipe): name the settings file.`,
    );
  });

  it('a file over the limit, with the limit in MB', async () => {
    await writeFile(join(dir, 'big.json'), Buffer.alloc(1_000_001, 0x20));
    expect(await problem(join(dir, 'big.json'))).toBe(
      `The settings file ${join(dir, 'big.json')} is over 1 MB: name the settings file.`,
    );
    expect(await problem(join(dir, 'big.json'), 250_000)).toMatch(/ is over 0\.3 MB: /);
  });

  it('an unreadable file, by its system code', () => {
    const error = new RegularFileError('unreadable', { systemCode: 'EACCES' });
    expect(describeFileProblem(error, { ...file, path: 'x.json' })).toBe(
      'The settings file x.json cannot be read (EACCES): check that this user may read it.',
    );
  });
});
