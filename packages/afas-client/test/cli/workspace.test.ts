/**
 * Running the CLIs from a clone: `pnpm exec afas …` and `pnpm exec declaree-afas …` (the workspace
 * root links both packages' bins) print nothing of their arguments, while a package script
 * (`pnpm afas …`) has pnpm echo its whole command line — so the docs send secrets through stdin,
 * a file or the environment, and name `pnpm exec` as the way that does not echo.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt, PACKAGE_DIR } from './support.js';

const ROOT = join(PACKAGE_DIR, '../..');
// What a user looks for in the output: the argument, were it echoed (not a real token).
const SECRETISH = 'NOT-A-TOKEN-9f3c1e77';

beforeAll(() => ensureBuilt(), 60_000);

/** pnpm as the test run was started with it (`npm_execpath`), from the workspace root. */
function pnpm(args: readonly string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  const execPath = process.env['npm_execpath'] ?? 'pnpm';
  const [command, prefix] = /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  const child = spawn(command, [...prefix, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdin.end(stdin);
  return new Promise((done) =>
    child.on('close', (code) => done({ code, output: Buffer.concat(chunks).toString() })),
  );
}

it('`pnpm exec afas` runs the built CLI and echoes none of its arguments, even when it fails', async () => {
  const run = await pnpm(['exec', 'afas', 'token', SECRETISH]);
  expect(run.code).toBe(2);
  expect(run.output).toContain('The token is in none of the accepted forms');
  expect(run.output).not.toContain(SECRETISH);
}, 30_000);

it('`pnpm exec declaree-afas` runs the built adapter CLI', async () => {
  const run = await pnpm(['exec', 'declaree-afas', '--help']);
  expect(run.code).toBe(0);
  expect(run.output).toContain('Usage: declaree-afas <command>');
}, 30_000);

it('a package script (`pnpm afas …`) has pnpm echo its arguments: why the docs never pass a secret that way', async () => {
  const run = await pnpm(['-s', 'afas', 'token', SECRETISH]);
  expect(run.code).not.toBe(0);
  expect(run.output).toContain(SECRETISH);
}, 60_000);
