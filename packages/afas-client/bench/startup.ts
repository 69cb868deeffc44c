/**
 * Benchmark 5 (start-up and size): the cold `import` time of each package entry (a fresh Node process
 * per measurement, median of several), the packed tarball of `afas-client` (`pnpm pack`), and its
 * own code minified and gzipped (dependencies left out), bundled with rolldown.
 *
 * rolldown is not a dependency of this repository: it is found through vitest → vite, which ship it.
 * When it cannot be found, the minified figure is reported as missing and the raw gzip size is given.
 * Prints one line `BENCH {json}` for the runner (run.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { browserBundle } from './browser-bundle.ts';

const REPS = Number(process.env['BENCH_IMPORT_REPS'] ?? 7);
const packages = fileURLToPath(new URL('../../', import.meta.url));
const entries = {
  'afas-client': join(packages, 'afas-client/dist/index.js'),
  'afas-client/testing': join(packages, 'afas-client/dist/testing/index.js'),
  'declaree-afas': join(packages, 'declaree-afas/dist/index.js'),
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

/** RSS the import adds to a fresh process, in MB (what a CLI or a serverless function pays). */
function addedRssMb(file: string): number {
  const script = `const before = process.memoryUsage().rss; await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String((process.memoryUsage().rss - before) / 2 ** 20));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

const importTimes: Record<string, number> = {};
const importRssMb: Record<string, number> = {};
for (const [name, file] of Object.entries(entries)) {
  importMs(file); // warms the OS file cache, not the process
  importTimes[name] = median(Array.from({ length: REPS }, () => importMs(file)));
  importRssMb[name] = median(Array.from({ length: REPS }, () => addedRssMb(file)));
  process.stderr.write(
    `  startup: import ${name}: ${importTimes[name]!.toFixed(1)} ms, +${importRssMb[name]!.toFixed(1)} MB RSS\n`,
  );
}

/** The main entry's browser bundle (see browser-bundle.ts), minified and gzipped. */
async function browserSize(): Promise<{ minified: number; gzip: number }> {
  const code = await browserBundle(entries['afas-client']);
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

// The tarball npm would publish.
const out = mkdtempSync(join(tmpdir(), 'afas-pack-'));
let tarball: { bytes: number; files: number } | undefined;
try {
  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: join(packages, 'afas-client'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const file = execFileSync('ls', [out], { encoding: 'utf8' }).trim().split('\n')[0]!;
  const listing = execFileSync('tar', ['-tzf', join(out, file)], { encoding: 'utf8' })
    .trim()
    .split('\n');
  tarball = { bytes: statSync(join(out, file)).size, files: listing.length };
} finally {
  rmSync(out, { recursive: true, force: true });
}

// Its own code, minified and gzipped: every bare import (dependencies, node:) stays external.
async function minifiedGzip(entry: string): Promise<{ minified: number; gzip: number } | undefined> {
  try {
    const fromVitest = createRequire(realpathSync(join(packages, '../node_modules/vitest/package.json')));
    const fromVite = createRequire(fromVitest.resolve('vite/package.json'));
    const { rolldown } = (await import(pathToFileURL(fromVite.resolve('rolldown')).href)) as {
      rolldown: (options: object) => Promise<{
        generate(options: object): Promise<{ output: { code?: string }[] }>;
      }>;
    };
    const bundle = await rolldown({
      input: entry,
      external: (id: string) => !id.startsWith('.') && !id.startsWith('/'),
      logLevel: 'silent',
    });
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    const code = output.map((chunk) => chunk.code ?? '').join('\n');
    return { minified: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
  } catch (error) {
    process.stderr.write(`  startup: rolldown not found (${String(error)}); no minified size\n`);
    return undefined;
  }
}

const rawJs = readFileSync(entries['afas-client'], 'utf8');
const own = await minifiedGzip(entries['afas-client']);
const testing = await minifiedGzip(entries['afas-client/testing']);

process.stdout.write(
  `BENCH ${JSON.stringify({
    name: 'startup',
    importMs: importTimes,
    importRssMb,
    importReps: REPS,
    browser: await browserSize(),
    tarball,
    minGzip: own,
    testingMinGzip: testing,
    entryBytes: Buffer.byteLength(rawJs),
  })}\n`,
);
