/**
 * Benchmark 3 (memory): iterate 100,000 and 1,000,000 rows of 20 columns with `afas.rows()` and report
 * the client's peak RSS for each. Each count runs in a fresh client process (peak RSS is per process),
 * against one simulator server process that holds the rows (its RSS is the server's, not counted).
 *
 * `node memory.ts` orchestrates; `node memory.ts --client <url> <connector> <rows>` is one client.
 * Prints one line `BENCH {json}` for the runner (run.ts).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AfasClient } from 'afas-client';
import { DEMO_TOKEN_DATA } from 'afas-client/testing';

const PAGE = 5_000; // 20 columns × 5,000 rows = 100,000 cells, within AFAS's 150,000 advice
const PARALLEL = 4;
const mb = (kb: number) => Math.round(kb / 1024);

if (process.argv[2] === '--client') {
  const [url, connector, expected] = process.argv.slice(3) as [string, string, string];
  const afas = new AfasClient({ environment: '12345', baseUrl: url, token: DEMO_TOKEN_DATA });
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let count = 0;
  let checksum = 0;
  for await (const row of afas.rows(connector, { orderBy: ['Id'], pageSize: PAGE, parallel: PARALLEL })) {
    count++;
    checksum += Number(row['AmountDebit']);
  }
  if (count !== Number(expected)) throw new Error(`read ${count} rows, expected ${expected}`);
  process.stdout.write(
    `${JSON.stringify({
      rows: count,
      ms: performance.now() - started,
      startRssMb: Math.round(before / 1024 / 1024),
      peakRssMb: mb(process.resourceUsage().maxRSS),
      checksum,
    })}\n`,
  );
} else {
  const counts = (process.env['BENCH_MEMORY_ROWS'] ?? '100000,1000000').split(',').map(Number);
  const server = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const datasets = counts.map((rows) => ({ id: `Bench_${rows}`, rows }));
  process.stderr.write(`  memory: generating ${counts.join(' and ')} rows in the server process…\n`);
  const url = await new Promise<string>((resolve) => {
    server.once('message', (message) => resolve(String((message as { url: string }).url)));
    server.send({ type: 'start', datasets });
  });
  const runs: Record<string, unknown>[] = [];
  for (const { id, rows } of datasets) {
    const child = fork(fileURLToPath(import.meta.url), ['--client', url, id, String(rows)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await new Promise((resolve, reject) =>
      child.once('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`client exited ${code}`)))),
    );
    const run = JSON.parse(output) as Record<string, unknown>;
    process.stderr.write(
      `  memory: ${rows} rows: peak RSS ${run['peakRssMb']} MB in ${Math.round(Number(run['ms']))} ms\n`,
    );
    runs.push(run);
  }
  server.disconnect();
  process.stdout.write(
    `BENCH ${JSON.stringify({ name: 'memory', pageSize: PAGE, parallel: PARALLEL, runs })}\n`,
  );
}
