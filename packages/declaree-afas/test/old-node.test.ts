/**
 * On a Node without `node:sqlite` (before 22.13, or 23.0–23.3: package.json's `engines`), the CLI
 * says so and what to do, before anything is sent: not a stack trace. Run with this machine's older
 * Node when it has one (CI machines come with Node 20); skipped, saying why, when it has none.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, buildPackages, writeDemoFiles } from './support/cli.js';

/** A Node on this machine without node:sqlite, if there is one. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const [major = 0, minor = 0] = execFileSync(path, ['-p', 'process.versions.node'])
    .toString()
    .split('.')
    .map(Number);
  return major < 22 || (major === 22 && minor < 13) || (major === 23 && minor < 4);
});

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'declaree-old-node-'));
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it.skipIf(oldNode === undefined)(
  `the SQLite ledger on an older Node (${oldNode ?? 'none on this machine'}) is refused with the fix, nothing sent (exit 2)`,
  async () => {
    await writeDemoFiles(dir, server.url);
    // Asynchronously: the simulator answers from this process, should the CLI reach for it.
    const run = await promisify(execFile)(
      oldNode as string,
      [BIN, 'export', 'R-2026-0001.json', '--settings', 'settings.json'],
      { cwd: dir, env: { PATH: process.env['PATH'] ?? '', AFAS_TOKEN: DEMO_TOKEN_DATA }, timeout: 30_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    const { code, stderr } = run;
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/The SQLite ledger needs node:sqlite, which Node \d+\.\d+\.\d+ does not have\./);
    expect(stderr).toMatch(/Use Node 22\.13 or later \(or 23\.4 or later\), or a Postgres ledger/);
    expect(server.simulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  },
);
