/**
 * The built `declaree-afas` as a user runs it: a child process in a folder of its own, with the
 * demo settings and report files written there. Tests that use it build the packages first.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_TOKEN_DATA } from 'afas-client/testing';
import { demoReports, demoSettings } from '../../src/demo/samples.js';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const BIN = join(ROOT, 'packages/declaree-afas/dist/cli/bin.js');

/** Builds both packages (tsc only: other test files may be reading dist meanwhile). */
export async function buildPackages(): Promise<void> {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  for (const pkg of ['afas-client', 'declaree-afas']) {
    await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: join(ROOT, 'packages', pkg) });
  }
}

/** What a run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in `cwd`; `timeoutMs` kills a run that hangs (and shows as signal SIGKILL). */
export async function runCli(
  cwd: string,
  args: readonly string[],
  options: {
    readonly env?: Record<string, string>;
    readonly timeoutMs?: number;
    /**
     * The largest file the run may write, in KiB (`ulimit -f`, with SIGXFSZ ignored so a write past
     * it fails as on a full disk instead of killing the process).
     */
    readonly fileSizeLimitKiB?: number;
  } = {},
): Promise<CliRun> {
  const limit = options.fileSizeLimitKiB;
  const [command, commandArgs] =
    limit === undefined
      ? [process.execPath, [BIN, ...args]]
      : [
          'bash',
          ['-c', `trap '' XFSZ; ulimit -f ${limit}; exec "$@"`, 'bash', process.execPath, BIN, ...args],
        ];
  const child = spawn(command, commandArgs, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (c, s) => done([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/**
 * Writes `settings.json` (the demo settings against `baseUrl`, the token left to `AFAS_TOKEN`) and
 * one report file per demo report, each with its PDF beside it. Returns the report files' names.
 */
export async function writeDemoFiles(
  dir: string,
  baseUrl: string,
  settingsChanges: Record<string, unknown> = {},
): Promise<string[]> {
  const { token: _token, ...settings } = demoSettings({ baseUrl, token: DEMO_TOKEN_DATA });
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...settings, ...settingsChanges }));
  const names: string[] = [];
  for (const report of demoReports()) {
    const { pdf, ...rest } = report;
    await writeFile(join(dir, `${report.number}.pdf`), pdf as Uint8Array);
    await writeFile(
      join(dir, `${report.number}.json`),
      JSON.stringify({ ...rest, pdf: `${report.number}.pdf` }),
    );
    names.push(`${report.number}.json`);
  }
  return names;
}

/** `watch` on `inbox/` with `settings.json` (both in the run's folder), one pass, logging in `format`. */
export function watchOnce(format: 'json' | 'text'): string[] {
  return ['watch', 'inbox', '--settings', 'settings.json', '--once', '--log-format', format];
}

/** A `declaree-afas watch … --log-format json` running in the background. */
export interface RunningWatch {
  /** The JSON log lines written so far. */
  readonly events: readonly Record<string, unknown>[];
  /** Resolves when a log line matches (rejects after `timeoutMs` or when the process ends first). */
  waitFor(match: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (default SIGTERM) and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<CliRun>;
  /** Resolves when the process ends by itself. */
  readonly ended: Promise<CliRun>;
}

/** Starts the built `declaree-afas watch` with `args` (give it `--log-format json`) in `cwd`. */
export function startWatch(
  cwd: string,
  args: readonly string[],
  options: { readonly env?: Record<string, string> } = {},
): RunningWatch {
  const child = spawn(process.execPath, [BIN, 'watch', ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    events.length = 0;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ended = new Promise<CliRun>((done) =>
    child.on('close', (code, signal) => {
      for (const wake of waiters) wake();
      done({ code, signal, stdout, stderr });
    }),
  );
  return {
    events,
    ended,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`no matching log line in ${timeoutMs} ms:\n${stdout}${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (events.some(match)) finish();
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`watch ended first:\n${stdout}${stderr}`));
        };
        function finish(error?: Error) {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        }
        waiters.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return ended;
    },
  };
}
