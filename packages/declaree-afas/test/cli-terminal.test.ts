/**
 * The built `declaree-afas` on a real pseudo-terminal (util-linux `script`): `check` shows its
 * checklist in colour there, but not with NO_COLOR or TERM=dumb on the same terminal, nor in a pipe.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-afas-terminal-'));
  await writeDemoFiles(dir, server.url);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const ESC = '\u001b';
const CHECK = ['check', '--settings', 'settings.json'];

/** What the terminal shows when the built `declaree-afas <args>` runs on a pseudo-terminal in `dir`. */
async function onTerminal(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const command = `stty cols 100 rows 40; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA, ...env },
  });
  return stdout;
}

describe('declaree-afas check in colour', () => {
  it('on a pseudo-terminal: each passed item marked in green, the verdict bold and green', async () => {
    const shown = (await onTerminal(CHECK)).replaceAll(ESC, '<ESC>');
    expect(shown).toMatch(/ {2}<ESC>\[32m✓<ESC>\[39m update-connectors: /);
    expect(shown).toContain('<ESC>[1m<ESC>[32mReady to export.<ESC>[39m<ESC>[22m');
  });

  it('not with NO_COLOR or TERM=dumb on the same terminal, and not in a pipe', async () => {
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const plain = await onTerminal(CHECK, env);
      expect(plain, JSON.stringify(env)).toContain('Ready to export.');
      expect(plain).not.toContain(ESC);
    }
    const piped = await runCli(dir, CHECK);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('✓ update-connectors: ');
    expect(piped.stdout).not.toContain(ESC);
  });
});
