/**
 * The built SDK on every runtime an integrator uses: Node (ESM and CommonJS), Bun and Deno (their
 * binaries come from the npm registry as dev dependencies) against the simulator's loopback server,
 * and a browser bundle of the main entry built by esbuild within a size budget.
 * Runs on `dist/`: `pnpm test` builds before it runs the tests.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle } from '../../bench/browser-bundle.ts';
import { AfasClient } from '../../src/index.js';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from '../../src/testing/index.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '../..');
const require = createRequire(import.meta.url);

/** Gzipped size the browser bundle of the main entry must stay under: issue #14's 40 KB (today ~17 KB). */
const BROWSER_BUNDLE_BUDGET_GZIP = 40 * 1024;

/** A runtime's binary from its platform package (`bun` and `deno` install one per platform). */
function binary(wrapper: string, platformPackage: string, file: string): string {
  const wrapperRequire = createRequire(require.resolve(`${wrapper}/package.json`));
  return join(dirname(wrapperRequire.resolve(`${platformPackage}/package.json`)), file);
}

/** package.json as `pnpm publish` writes it: `publishConfig` fields replace their namesakes. */
async function publishedManifest(): Promise<Record<string, unknown>> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const { access: _access, provenance: _provenance, ...replaced } = manifest.publishConfig;
  return { ...manifest, ...replaced };
}

let simulator: RunningAfasSimulator;
let project: string;
let accounts: number;
const env = () => ({
  ...process.env,
  AFAS_SMOKE_URL: simulator.url,
  AFAS_SMOKE_TOKEN: DEMO_TOKEN_DATA,
  AFAS_SMOKE_UNKNOWN_TOKEN: '0'.repeat(DEMO_TOKEN_DATA.length),
});

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist/index.js')))
    throw new Error('Build afas-client first (pnpm build).');
  simulator = await startAfasSimulator({ port: 0 });
  const afas = new AfasClient({ environment: '12345', token: DEMO_TOKEN_DATA, baseUrl: simulator.url });
  accounts = (await afas.rows('Profit_Accounts', { orderBy: ['Account'] }).toArray({ limit: 10_000 })).length;
  // A consumer project with afas-client installed as published: the manifest with `publishConfig`
  // applied (no source condition), its dist and its dependencies.
  project = await mkdtemp(join(tmpdir(), 'afas-runtimes-'));
  const installed = join(project, 'node_modules/afas-client');
  await mkdir(installed, { recursive: true });
  await writeFile(join(installed, 'package.json'), JSON.stringify(await publishedManifest()));
  await symlink(join(packageDir, 'dist'), join(installed, 'dist'), 'dir');
  await symlink(join(packageDir, 'node_modules'), join(installed, 'node_modules'), 'dir');
  await writeFile(join(project, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }');
  await copyFile(join(here, 'smoke.mjs'), join(project, 'smoke.mjs'));
});
afterAll(async () => {
  await simulator?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

async function smoke(command: string, args: readonly string[]) {
  const { stdout } = await run(command, [...args], { cwd: project, env: env(), timeout: 60_000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  expect(result).toMatchObject({
    administrations: 2,
    paged: accounts,
    refused: 'auth',
  });
  expect(result.subjectId).toMatch(/^\d+$/);
  expect(result.inspected).not.toContain(DEMO_TOKEN_DATA);
}

describe('the built SDK on every runtime', () => {
  it('publishes the exports map without the in-repo source condition, and otherwise the same', async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
    const withoutSource = JSON.parse(
      JSON.stringify(manifest.exports, (key, value) => (key === 'afas-toolkit-source' ? undefined : value)),
    );
    expect((await publishedManifest())['exports']).toEqual(withoutSource);
    expect(JSON.stringify(manifest.publishConfig)).not.toContain('src/');
  });

  it('runs on Node as an ES module', () => smoke(process.execPath, ['smoke.mjs']));

  it('runs on Bun', () => smoke(binary('bun', '@oven/bun-linux-x64', 'bin/bun'), ['smoke.mjs']), 60_000);

  it(
    'runs on Deno',
    () =>
      smoke(binary('deno', '@deno/linux-x64-glibc', 'deno'), [
        'run',
        '--quiet',
        '--allow-net=127.0.0.1',
        '--allow-env',
        '--allow-read',
        'smoke.mjs',
      ]),
    60_000,
  );

  it('loads from CommonJS with require(), the testing entry too', async () => {
    const script =
      "const sdk = require('afas-client'); const testing = require('afas-client/testing');" +
      'console.log(typeof sdk.AfasClient, typeof sdk.resolveEnvironment, typeof testing.startAfasSimulator)';
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: project });
    expect(stdout.trim()).toBe('function function function');
  });

  it('the main entry loads nothing but its own modules: no dependency, no node: module (a light start)', async () => {
    const seen = new Set<string>();
    const outside = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      // Code lines only: TSDoc examples (` * import … from './afas.generated.js'`) are not imports.
      const code = (await readFile(file, 'utf8'))
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (specifier?.startsWith('.')) await visit(join(dirname(file), specifier));
        else if (specifier !== undefined) outside.add(specifier);
      }
    };
    await visit(join(packageDir, 'dist/index.js'));
    expect(seen.size).toBeGreaterThan(10);
    expect([...outside]).toEqual([]);
  });

  it('runs as the browser bundle where there is no Buffer, process or require (a browser, a worker)', async () => {
    // The bundle sees no Node globals: module-scope bindings shadow them for its code only (deleting
    // them would break Node's own fetch, which needs Buffer), and its globalThis lacks them too.
    const withoutNode = [
      'const realGlobal = Function("return this")();',
      'const hidden = new Set(["Buffer", "process", "require", "global", "setImmediate"]);',
      'const globalThis = new Proxy(realGlobal, { get: (target, key) => (hidden.has(key) ? undefined : Reflect.get(target, key)), has: (target, key) => !hidden.has(key) && Reflect.has(target, key) });',
      'const Buffer = undefined, process = undefined, require = undefined, global = undefined, setImmediate = undefined;',
    ].join('\n');
    const bundle = new TextDecoder().decode(await browserBundle(join(packageDir, 'dist/index.js')));
    await writeFile(join(project, 'browser.mjs'), `${withoutNode}\n${bundle}`);
    // A file of every byte value: its base64 goes out in the request body and comes back as bytes.
    const script = `
      const { AfasClient } = await import('./browser.mjs');
      const afas = new AfasClient({ environment: '12345', token: ${JSON.stringify(DEMO_TOKEN_DATA)}, baseUrl: ${JSON.stringify(simulator.url)} });
      const { rows } = await afas.get('Profit_Administrations', { orderBy: ['AdminId'] });
      const file = Uint8Array.from({ length: 70000 }, (_, i) => (i * 7) % 256);
      const { keys } = await afas.insert('KnSubject', { Fields: { StId: 31, Ds: 'Browser' },
        Objects: [{ KnSubjectAttachment: { Element: [{ Fields: { FileName: 'bytes.bin', FileStream: file } }] } }] });
      const listed = await afas.get('Profit_Subject_Attachments', { where: { field: 'subject_id', op: 'eq', value: Number(keys.SbId) } });
      const back = await afas.subjectAttachment(keys.SbId, listed.rows[0].file_id);
      console.log(JSON.stringify({ administrations: rows.length, same: back.data.length === file.length && back.data.every((b, i) => b === file[i]) }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ administrations: 2, same: true });
  });

  it('bundles for browsers without node: imports, within its size budget', async () => {
    const code = await browserBundle(join(packageDir, 'dist/index.js'));
    expect(new TextDecoder().decode(code)).not.toMatch(/["']node:/);
    expect(gzipSync(code).length).toBeLessThan(BROWSER_BUNDLE_BUDGET_GZIP);
  });
});
