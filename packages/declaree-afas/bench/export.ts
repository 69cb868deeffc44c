/**
 * Benchmark 4 (export): N expense reports, each with a 200 KB PDF, exported into the simulator's
 * loopback server (a child process, see afas-client/bench/server.ts) with 30 ms latency on every
 * answer: sequential (concurrency 1) vs concurrency 5, and the client's peak RSS at two report counts.
 *
 * Every export runs in a fresh client process (peak RSS is per process); the server is reset in
 * between. PDFs are produced lazily (`pdf: () => bytes`) as an application downloading them from
 * Declaree would, so the input list itself holds no PDFs: each call returns a fresh copy of one
 * sample PDF (bytes outside the JS heap, as a download is), so the figures measure the exporter,
 * not the making of sample PDFs.
 *
 * The shared-ledger figure: the same reports exported by 4 processes sharing one SQLite ledger at
 * concurrency 2, 1, 1 and 1 (5 calls in flight in all) against one process at concurrency 5 with a
 * memory ledger (no ledger cost), both timed from start to the last exit. A third run splits the
 * reports between 4 such processes beforehand (2/5, 1/5, 1/5, 1/5), each with its own memory
 * ledger: the same processes and calls in flight with no ledger to share, so that the shared run
 * against it is the cost of sharing the ledger alone, apart from the cost of running 4 processes.
 *
 * `node export.ts` orchestrates; `node export.ts --client <url> <reports> <concurrency> [ledger] [first]`
 * is one run (`first`: the index of its first report, for the split run).
 * Prints one line `BENCH {json}` for the runner (afas-client/bench/run.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TOKEN_DATA } from 'afas-client/testing';
import { DeclareeExporter, openLedger } from 'declaree-afas';

type Samples = typeof import('../src/demo/samples.js');
type Pdf = typeof import('../src/demo/pdf.js');

const LATENCY_MS = 30;
const PDF_BYTES = 200 * 1024;

if (process.argv[2] === '--client') {
  const [url, reportsText, concurrencyText, ledgerSpec = 'memory:', firstText = '0'] = process.argv.slice(
    3,
  ) as [string, string, string, string?, string?];
  // The demo helpers are not part of the package's exports: load them from the build.
  const { demoReports, demoSettings } = (await import(
    new URL('../dist/demo/samples.js', import.meta.url).href
  )) as Samples;
  const { samplePdf } = (await import(new URL('../dist/demo/pdf.js', import.meta.url).href)) as Pdf;
  const template = demoReports()[0]!;
  const samplePdfBytes = samplePdf(['Declaratie', 'Benchmark'], PDF_BYTES);
  const reports = Array.from({ length: Number(reportsText) }, (_, index) => {
    const i = index + Number(firstText);
    const number = `B-${String(i + 1).padStart(6, '0')}`;
    return {
      ...template,
      id: `bench_${i + 1}`,
      number,
      pdf: async () => samplePdfBytes.slice(),
    };
  });
  const ledger = openLedger(ledgerSpec);
  const exporter = new DeclareeExporter({
    settings: demoSettings({ baseUrl: url, token: DEMO_TOKEN_DATA }),
    ledger,
    now: () => new Date('2026-03-20T09:00:00Z'),
    // The concurrency is the limit being measured, not the client's default budget of 4 calls.
    clientOptions: { maxInFlight: 8 },
  });
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const results = await exporter.exportReports(reports, { concurrency: Number(concurrencyText) });
  const ms = performance.now() - started;
  // What the process still holds once the garbage is collected (the child runs with --expose-gc).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the client with --expose-gc');
  for (let round = 0; round < 5; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let sockets and finalizers settle
  }
  const retainedMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  await ledger.close();
  // Sharing a ledger, another process may have exported a report: that one is already exported here.
  const done = results.filter((r) => r.status === 'exported' || r.status === 'already-exported').length;
  if (done !== reports.length) {
    const failed = results.find((r) => r.status !== 'exported' && r.status !== 'already-exported');
    throw new Error(`${done}/${reports.length} exported; first other: ${JSON.stringify(failed)}`);
  }
  process.stdout.write(
    `${JSON.stringify({
      reports: reports.length,
      concurrency: Number(concurrencyText),
      ms,
      startRssMb: Math.round(before / 1024 / 1024),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      retainedMb,
    })}\n`,
  );
} else {
  const REPORTS = Number(process.env['BENCH_EXPORT_REPORTS'] ?? 500);
  const SMALL = Math.max(1, Math.round(REPORTS / 5));
  const REPS = Number(process.env['BENCH_EXPORT_REPS'] ?? 3);
  const server = fork(fileURLToPath(new URL('../../afas-client/bench/server.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: object) =>
    new Promise<Record<string, unknown>>((resolve) => {
      server.once('message', (answer) => resolve(answer as Record<string, unknown>));
      server.send(message);
    });
  const { url } = (await send({ type: 'start', latencyMs: LATENCY_MS })) as { url: string };

  function client(reports: number, concurrency: number, ledger = 'memory:', first = 0) {
    const child: ChildProcess = fork(
      fileURLToPath(import.meta.url),
      ['--client', url, String(reports), String(concurrency), ledger, String(first)],
      {
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
        execArgv: ['--expose-gc'], // so that "heap after GC" is measured after a real collection
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    return new Promise<Record<string, number>>((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(output) as Record<string, number>)
          : reject(new Error(`client exited ${code}`)),
      ),
    );
  }

  async function expectBooked(reports: number) {
    const stats = await send({ type: 'stats' });
    if (stats['entries'] !== reports || stats['subjects'] !== reports) {
      throw new Error(`the server holds ${stats['entries']} entries, ${stats['subjects']} dossier items`);
    }
  }

  async function run(reports: number, concurrency: number): Promise<Record<string, number>> {
    await send({ type: 'reset' });
    const result = await client(reports, concurrency);
    await expectBooked(reports);
    process.stderr.write(
      `  export: ${reports} reports at concurrency ${concurrency}: ${Math.round(result['ms']!)} ms, peak RSS ${result['peakRssMb']} MB, heap after GC ${result['retainedMb']} MB\n`,
    );
    return result;
  }

  const WAYS = {
    single: '1 process at concurrency 5',
    split: '4 processes, the reports split between them beforehand, memory ledgers (2+1+1+1 in flight)',
    shared: '4 processes sharing a SQLite ledger (2+1+1+1 in flight)',
  } as const;
  /** Wall time, start to last exit, of the reports exported one of the {@link WAYS}. */
  async function wall(reports: number, way: keyof typeof WAYS): Promise<number> {
    await send({ type: 'reset' });
    const folder = await mkdtemp(join(tmpdir(), 'declaree-bench-'));
    const fifth = Math.floor(reports / 5);
    const splits = [reports - 3 * fifth, fifth, fifth, fifth]; // 2/5 to the process of 2 in flight
    const started = performance.now();
    await Promise.all(
      way === 'single'
        ? [client(reports, 5)]
        : [2, 1, 1, 1].map((concurrency, i) =>
            way === 'shared'
              ? client(reports, concurrency, join(folder, 'ledger.db'))
              : client(
                  splits[i]!,
                  concurrency,
                  'memory:',
                  splits.slice(0, i).reduce((a, b) => a + b, 0),
                ),
          ),
    );
    const ms = performance.now() - started;
    await rm(folder, { recursive: true, force: true });
    await expectBooked(reports);
    process.stderr.write(`  export: ${reports} reports, ${WAYS[way]}: ${Math.round(ms)} ms\n`);
    return ms;
  }

  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };

  // Sequential takes about a minute per run at 500 reports: it runs once, concurrency 5 runs REPS
  // times (interleaved); a small and a double batch give the memory comparison.
  const sequential: number[] = [];
  const concurrent: Record<string, number>[] = [];
  concurrent.push(await run(REPORTS, 5));
  sequential.push((await run(REPORTS, 1))['ms']!);
  for (let rep = 1; rep < REPS; rep++) concurrent.push(await run(REPORTS, 5));
  const small = await run(SMALL, 5);
  // Twice the reports, once: does the peak still grow past REPORTS, or has it levelled off?
  const large = await run(REPORTS * 2, 5);
  const single: number[] = [];
  const split: number[] = [];
  const shared: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    single.push(await wall(REPORTS, 'single'));
    split.push(await wall(REPORTS, 'split'));
    shared.push(await wall(REPORTS, 'shared'));
  }
  server.disconnect();

  process.stdout.write(
    `BENCH ${JSON.stringify({
      name: 'export',
      reports: REPORTS,
      pdfBytes: PDF_BYTES,
      latencyMs: LATENCY_MS,
      sequentialMs: median(sequential),
      sequentialReps: sequential.length,
      concurrentMs: median(concurrent.map((run) => run['ms']!)),
      concurrentReps: concurrent.length,
      singleProcessMs: median(single),
      splitProcessesMs: median(split),
      sharedLedgerMs: median(shared),
      sharedReps: shared.length,
      peakRssMb: {
        [SMALL]: small['peakRssMb'],
        [REPORTS]: median(concurrent.map((run) => run['peakRssMb']!)),
        [REPORTS * 2]: large['peakRssMb'],
      },
      retainedMb: {
        [SMALL]: small['retainedMb'],
        [REPORTS]: median(concurrent.map((run) => run['retainedMb']!)),
        [REPORTS * 2]: large['retainedMb'],
      },
    })}\n`,
  );
}
