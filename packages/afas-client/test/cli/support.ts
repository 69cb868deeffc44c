import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import type { CliOutput } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(PACKAGE_DIR, 'dist/cli/bin.js');
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Generated files go here (gitignored), inside the repository so that `zod` and `afas-client` resolve. */
export const GENERATED = fileURLToPath(new URL('./.generated/', import.meta.url));
export const TSC = join(PACKAGE_DIR, '../../node_modules/.bin/tsc');

/** The demo seed's token as AFAS shows it; tests assert it never leaks into output. */
export const TOKEN_XML = `<token><version>1</version><data>${DEMO_TOKEN_DATA}</data></token>`;
/** A well-formed token the simulator does not know. */
export const UNKNOWN_TOKEN = 'ABCDEF0123456789'.repeat(4);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A terminal or a pipe, in memory. */
export class MemoryOutput implements CliOutput {
  text = '';
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  constructor(isTTY = false, columns?: number) {
    this.isTTY = isTTY;
    this.columns = columns;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  readonly tty?: boolean;
  readonly columns?: number;
  readonly signal?: AbortSignal;
  readonly cwd?: string;
  readonly stdout?: MemoryOutput;
}

/** Runs the CLI in-process, as `afas <argv>`. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const stdout = options.stdout ?? new MemoryOutput(options.tty, options.columns);
  const stderr = new MemoryOutput(options.tty);
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), {
    isTTY: false,
  });
  const code = await run(argv, {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? PACKAGE_DIR,
    signal: options.signal,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A simulator on a free loopback port and the environment variables that point the CLI at it. */
export async function startSimulator() {
  const running = await startAfasSimulator({ port: 0 });
  const env = { AFAS_BASE_URL: running.url, AFAS_TOKEN: TOKEN_XML };
  return { ...running, env };
}

/** Runs the built `dist/cli/bin.js` with `node`, as a user would. */
export async function runBuilt(
  argv: readonly string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<CliResult> {
  const child = execFile(process.execPath, [BIN, ...argv], {
    cwd: PACKAGE_DIR,
    // Only what the test gives: the developer's own AFAS_* variables must not leak in.
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    encoding: 'utf8',
  });
  child.stdin?.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? -1)));
  return { code, stdout, stderr };
}

/**
 * Builds the package when `dist/cli/bin.js` is missing or older than any source file. It runs the
 * build's `tsc -p tsconfig.build.json` without the script's `rm -rf dist`, so that other test files
 * reading dist at the same time never see it vanish.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= newest(join(PACKAGE_DIR, 'src'))) return;
  await promisify(execFile)(TSC, ['-p', 'tsconfig.build.json'], { cwd: PACKAGE_DIR }).catch(
    (error: unknown) => {
      // Type errors elsewhere in the tree still emit JavaScript; only a missing bin is fatal here.
      if (!existsSync(BIN)) throw error;
    },
  );
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * A flag's entry in a help text: its line and the continuation lines under it (indented to the
 * description's column), with runs of white space as one space. Undefined when the help has none.
 */
export function helpEntry(help: string, flag: string): string | undefined {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^ {2}(?:-\\w, | {4})--${flag}(?: |$)`).test(line));
  if (start === -1) return undefined;
  let end = start + 1;
  while (end < lines.length && /^ {12,}\S/.test(lines[end] ?? '')) end++;
  return lines.slice(start, end).join(' ').replace(/\s+/g, ' ').trim();
}

/** A flag's description as the help shows it, white space as in {@link helpEntry}. */
export const flatDescription = (description: string) => description.replace(/\s+/g, ' ').trim();

export { closedPort } from '../support/fixtures.js';
