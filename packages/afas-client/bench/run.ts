/**
 * `pnpm bench`: runs the six benchmarks on the built packages (dist) and prints one table with the
 * targets. Each benchmark is its own Node process (clean heap and RSS per benchmark); the simulator
 * server runs in a child process of its own (see server.ts). Takes about four minutes on two cores.
 *
 * Environment: BENCH_REPS (paging repetitions, 3), BENCH_EXPORT_REPORTS (500), BENCH_EXPORT_REPS (3),
 * BENCH_ONLY (comma list of paging,memory,export,startup,keyset), BENCH_KEYSET_ROWS (1,000,000).
 * The table is Markdown, so it can be pasted into docs/performance.md as it is.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

type Result = Record<string, unknown> & { name: string };

const scripts: Record<string, string> = {
  paging: fileURLToPath(new URL('./paging.ts', import.meta.url)),
  memory: fileURLToPath(new URL('./memory.ts', import.meta.url)),
  export: fileURLToPath(new URL('../../declaree-afas/bench/export.ts', import.meta.url)),
  startup: fileURLToPath(new URL('./startup.ts', import.meta.url)),
  keyset: fileURLToPath(new URL('./keyset.ts', import.meta.url)),
};
const only = process.env['BENCH_ONLY']?.split(',');

function run(file: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line) reject(new Error(`${file} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(6)) as Result);
    });
  });
}

const started = performance.now();
const results: Record<string, Result> = {};
for (const [name, file] of Object.entries(scripts)) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  results[name] = await run(file);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const rows: string[][] = [];

const paging = results['paging'] as
  | (Result & {
      rows: number;
      pageSize: number;
      reps: number;
      paging: Record<'naive' | 'prefetch' | 'parallel4' | 'parallel8', number>;
      overhead: { iterator: number; bare: number; reps: number };
    })
  | undefined;
if (paging) {
  const { naive, prefetch, parallel4, parallel8 } = paging.paging;
  const what = `${paging.rows.toLocaleString('en')} rows × 20 cols, pages of ${paging.pageSize}, +50 ms/page`;
  rows.push([`1. Paging (${what}, median of ${paging.reps})`, '', '', '']);
  rows.push(['   naive loop (sequential skip/take)', s(naive), '1.0×', '']);
  rows.push([
    '   `rows()` with `parallel: 1` (one page ahead)',
    s(prefetch),
    `${(naive / prefetch).toFixed(1)}×`,
    '',
  ]);
  rows.push([
    '   `rows()` by default (the client budget: 4 pages in flight)',
    s(parallel4),
    `${(naive / parallel4).toFixed(1)}×`,
    `≥ 3× — ${verdict(naive / parallel4 >= 3)}`,
  ]);
  rows.push([
    '   `rows()`, 8 pages (`maxInFlight: 8`)',
    s(parallel8),
    `${(naive / parallel8).toFixed(1)}×`,
    '',
  ]);
  const { iterator, bare } = paging.overhead;
  const extra = (iterator / bare - 1) * 100;
  rows.push([`2. Overhead (same read, no added latency, median of ${paging.overhead.reps})`, '', '', '']);
  rows.push(['   bare `fetch` + `JSON.parse` over the same URLs', s(bare), '', '']);
  rows.push([
    '   `rows()`',
    s(iterator),
    `${extra >= 0 ? '+' : ''}${extra.toFixed(1)} %`,
    `≤ +10 % — ${verdict(extra <= 10)}`,
  ]);
}

const memory = results['memory'] as
  | (Result & { runs: { rows: number; peakRssMb: number; startRssMb: number; ms: number }[] })
  | undefined;
if (memory) {
  rows.push(['3. Memory (`rows()`, pages of 5,000, 4 parallel; client process peak RSS)', '', '', '']);
  for (const run of memory.runs) {
    rows.push([`   ${run.rows.toLocaleString('en')} rows`, `${run.peakRssMb} MB`, `${s(run.ms)}`, '']);
  }
  const [small, large] = [memory.runs[0], memory.runs.at(-1)];
  if (small && large && small !== large) {
    const growth = large.peakRssMb / small.peakRssMb;
    rows.push([
      `   growth for ${large.rows / small.rows}× the rows`,
      `${growth.toFixed(2)}×`,
      '',
      `flat (< 1.5×) — ${verdict(growth < 1.5)}`,
    ]);
  }
}

const exported = results['export'] as
  | (Result & {
      reports: number;
      sequentialMs: number;
      sequentialReps: number;
      concurrentMs: number;
      concurrentReps: number;
      singleProcessMs: number;
      splitProcessesMs: number;
      sharedLedgerMs: number;
      sharedReps: number;
      peakRssMb: Record<string, number>;
      retainedMb: Record<string, number>;
    })
  | undefined;
if (exported) {
  const speedup = exported.sequentialMs / exported.concurrentMs;
  rows.push([`4. Export (${exported.reports} reports, 200 KB PDF each, +30 ms per request)`, '', '', '']);
  rows.push([`   sequential (${exported.sequentialReps} run)`, s(exported.sequentialMs), '1.0×', '']);
  rows.push([
    `   concurrency 5 (median of ${exported.concurrentReps})`,
    s(exported.concurrentMs),
    `${speedup.toFixed(1)}×`,
    `≥ 4× — ${verdict(speedup >= 4)}`,
  ]);
  const cost = exported.sharedLedgerMs / exported.singleProcessMs;
  rows.push([
    `   1 process at concurrency 5, memory ledger (wall time, median of ${exported.sharedReps})`,
    s(exported.singleProcessMs),
    '1.00×',
    '',
  ]);
  rows.push([
    `   4 processes sharing one SQLite ledger, 2+1+1+1 in flight (median of ${exported.sharedReps})`,
    s(exported.sharedLedgerMs),
    `${cost.toFixed(2)}×`,
    `≤ 1.05× — ${verdict(cost <= 1.05)}`,
  ]);
  // The same 4 processes with the reports split beforehand and no ledger to share: what running
  // 4 processes costs by itself, so that the shared run against it is the ledger's own cost.
  const ledgerCost = exported.sharedLedgerMs / exported.splitProcessesMs;
  rows.push([
    `   4 processes, the reports split beforehand, memory ledgers (median of ${exported.sharedReps})`,
    s(exported.splitProcessesMs),
    `${(exported.splitProcessesMs / exported.singleProcessMs).toFixed(2)}×`,
    '',
  ]);
  rows.push([
    '   the shared ledger against the split run: the cost of sharing the ledger alone',
    '',
    `${ledgerCost.toFixed(2)}×`,
    `≤ 1.05× — ${verdict(ledgerCost <= 1.05)}`,
  ]);
  const counts = (values: Record<string, number>) =>
    Object.entries(values).sort((a, b) => Number(a[0]) - Number(b[0]));
  // Peak RSS rises while V8 grows its heap to its working size, then levels off: the check is the
  // last step (REPORTS → 2 × REPORTS), the first count is shown for comparison.
  const peaks = counts(exported.peakRssMb);
  const [middle, last] = [peaks.at(-2), peaks.at(-1)];
  if (middle && last) {
    const growth = last[1] / middle[1];
    rows.push([
      `   peak RSS, ${peaks.map(([n]) => n).join(' → ')} reports (concurrency 5)`,
      `${peaks.map(([, mb]) => mb).join(' → ')} MB`,
      `${growth.toFixed(2)}×`,
      `levels off (${middle[0]} → ${last[0]}: < 1.15×) — ${verdict(growth < 1.15)}`,
    ]);
  }
  const [few, many] = [counts(exported.retainedMb)[0], counts(exported.retainedMb).at(-1)];
  if (few && many) {
    const growth = many[1] / few[1];
    rows.push([
      `   heap held after the export (after GC), ${few[0]} → ${many[0]} reports`,
      `${few[1]} → ${many[1]} MB`,
      `${growth.toFixed(2)}×`,
      `independent of count (< 1.5×) — ${verdict(growth < 1.5)}`,
    ]);
  }
}

const startup = results['startup'] as
  | (Result & {
      importMs: Record<string, number>;
      importRssMb: Record<string, number>;
      importReps: number;
      browser: { minified: number; gzip: number };
      tarball?: { bytes: number; files: number };
      minGzip?: { minified: number; gzip: number };
      testingMinGzip?: { minified: number; gzip: number };
    })
  | undefined;
if (startup) {
  rows.push([
    `5. Start-up and size (cold import, fresh process, median of ${startup.importReps})`,
    '',
    '',
    '',
  ]);
  // Targets from the SDK issue (#14): a lighter start for CLIs and serverless functions.
  for (const [name, ms] of Object.entries(startup.importMs)) {
    const target = name === 'afas-client' ? `≤ 60 ms — ${verdict(ms <= 60)}` : '';
    rows.push([`   \`import '${name}'\``, `${ms.toFixed(0)} ms`, '', target]);
  }
  for (const [name, mb] of Object.entries(startup.importRssMb)) {
    const target = name === 'afas-client' ? `≤ 15 MB — ${verdict(mb <= 15)}` : '';
    rows.push([`   \`import '${name}'\`, RSS added`, `${mb.toFixed(1)} MB`, '', target]);
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  rows.push([
    '   `afas-client` browser bundle (esbuild, dependencies included), minified + gzip',
    kb(startup.browser.gzip),
    `${kb(startup.browser.minified)} min`,
    `≤ 40 KB — ${verdict(startup.browser.gzip <= 40 * 1024)}`,
  ]);
  if (startup.tarball) {
    rows.push([
      '   `afas-client` packed tarball',
      kb(startup.tarball.bytes),
      `${startup.tarball.files} files`,
      '',
    ]);
  }
  if (startup.minGzip) {
    rows.push([
      '   `afas-client` own code, minified + gzip',
      kb(startup.minGzip.gzip),
      `${kb(startup.minGzip.minified)} min`,
      '',
    ]);
  }
  if (startup.testingMinGzip) {
    rows.push([
      '   `afas-client/testing`, minified + gzip',
      kb(startup.testingMinGzip.gzip),
      `${kb(startup.testingMinGzip.minified)} min`,
      '',
    ]);
  }
}

const keyset = results['keyset'] as
  | (Result & {
      rows: number;
      pageSize: number;
      skip: { wallMs: number; afasMs: number; pages: number; lastPageMs: number };
      keyset: { wallMs: number; afasMs: number; pages: number; lastPageMs: number };
    })
  | undefined;
if (keyset) {
  const what = `${keyset.rows.toLocaleString('en')} rows × 3 cols, pages of ${keyset.pageSize.toLocaleString('en')}, one at a time`;
  rows.push([`6. Paging at depth (${what}; AFAS time modelled by the simulator's cost model)`, '', '', '']);
  const min = (ms: number) => (ms >= 120_000 ? `${(ms / 60_000).toFixed(0)} min` : s(ms));
  for (const [label, run] of [
    ['skip paging', keyset.skip],
    ["keyset paging (`paging: 'keyset'`)", keyset.keyset],
  ] as const) {
    rows.push([
      `   ${label}: AFAS time (last page ${s(run.lastPageMs)}); wall time here ${s(run.wallMs)}`,
      min(run.afasMs),
      `${(keyset.skip.afasMs / run.afasMs).toFixed(0)}×`,
      run === keyset.keyset
        ? `deep pages cost the first's — ${verdict(run.lastPageMs <= (keyset.keyset.afasMs / run.pages) * 1.5)}`
        : '',
    ]);
  }
}

const cpu = cpus();
console.log(
  `\nNode ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM; ${s(performance.now() - started)} in all\n`,
);
console.log('| benchmark | result | ratio | target |');
console.log('| --- | ---: | ---: | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nraw: ${JSON.stringify(results)}`);
