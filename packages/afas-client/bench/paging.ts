/**
 * Benchmarks 1 (paging) and 2 (overhead): 100,000 rows of 20 columns from the simulator's loopback
 * server (in a child process, see server.ts), page size 1,000.
 *
 * 1. With 50 ms added latency per page: the naive loop (sequential skip/take with fetch + JSON, one
 *    page at a time, as other AFAS libraries do) vs `afas.rows()` with prefetch (parallel 1), by
 *    default (the client's budget: 4 pages in flight) and with 8 (a client with maxInFlight 8).
 * 2. With no added latency: `afas.rows()` (default prefetch) vs a bare `fetch` + `JSON.parse` loop over
 *    exactly the URLs the iterator requested.
 *
 * Every variant runs in every repetition, interleaved, after one warm-up round; figures are medians.
 * Prints one line `BENCH {json}` for the runner (run.ts); progress goes to stderr.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AfasClient } from 'afas-client';
import { afasTokenHeader, DEMO_TOKEN_DATA } from 'afas-client/testing';

const ROWS = Number(process.env['BENCH_PAGING_ROWS'] ?? 100_000);
const REPS = Number(process.env['BENCH_REPS'] ?? 3);
const PAGE = 1_000;
const LATENCY_MS = 50;
const CONNECTOR = 'Bench_Transactions';

interface Server {
  readonly url: string;
  send(message: object): Promise<Record<string, unknown>>;
  stop(): void;
}

async function startServer(start: object): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once('message', (answer) => resolve(answer as Record<string, unknown>));
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
      child.send(message);
    });
  const ready = await send({ type: 'start', ...start });
  return { url: String(ready['url']), send, stop: () => child.disconnect() };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed(run: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const rows = await run();
  const ms = performance.now() - started;
  if (rows !== ROWS) throw new Error(`read ${rows} rows, expected ${ROWS}`);
  return ms;
}

const server = await startServer({ datasets: [{ id: CONNECTOR, rows: ROWS }] });
const authorization = afasTokenHeader(DEMO_TOKEN_DATA);
const urls: string[] = [];
const afas = new AfasClient({
  environment: '12345',
  baseUrl: server.url,
  token: DEMO_TOKEN_DATA,
  hooks: { beforeRequest: (event) => urls.push(event.url) },
});
/** A client whose budget allows 8 calls in flight (AFAS allows 5–8), for the 8-page variant. */
const wide = new AfasClient({
  environment: '12345',
  baseUrl: server.url,
  token: DEMO_TOKEN_DATA,
  maxInFlight: 8,
});

/** Our iterator: every row, counted. `parallel` undefined is the default (the client's budget). */
async function iterator(parallel: number | undefined, client = afas): Promise<number> {
  let count = 0;
  for await (const row of client.rows(CONNECTOR, { orderBy: ['Id'], pageSize: PAGE, parallel })) {
    if (row['Id'] !== undefined) count++;
  }
  return count;
}

/** What other AFAS libraries do: one page at a time until a short page. */
async function naive(): Promise<number> {
  let count = 0;
  for (let skip = 0; ; skip += PAGE) {
    const response = await fetch(
      `${server.url}/connectors/${CONNECTOR}?skip=${skip}&take=${PAGE}&orderbyfieldids=Id`,
      { headers: { Authorization: authorization, Accept: 'application/json' } },
    );
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { rows } = (await response.json()) as { rows: Record<string, unknown>[] };
    for (const row of rows) if (row['Id'] !== undefined) count++;
    if (rows.length < PAGE) return count;
  }
}

/** The floor: fetch + JSON.parse over the exact URLs the iterator requested. */
async function bare(pageUrls: readonly string[]): Promise<number> {
  let count = 0;
  for (const url of pageUrls) {
    const response = await fetch(url, {
      headers: { Authorization: authorization, Accept: 'application/json' },
    });
    const { rows } = JSON.parse(await response.text()) as { rows: Record<string, unknown>[] };
    for (const row of rows) if (row['Id'] !== undefined) count++;
  }
  return count;
}

const log = (text: string) => process.stderr.write(`  paging: ${text}\n`);

// 2. Overhead first (no latency). The URL list comes from one iterator run.
await iterator(1);
const pageUrls = [...urls];
const overhead = { iterator: [] as number[], bare: [] as number[] };
await bare(pageUrls); // warm-up
for (let rep = 0; rep < REPS + 2; rep++) {
  overhead.bare.push(await timed(() => bare(pageUrls)));
  overhead.iterator.push(await timed(() => iterator(1)));
}
log(`overhead: iterator ${overhead.iterator.map(Math.round)} ms, bare ${overhead.bare.map(Math.round)} ms`);

// 1. Paging with latency.
await server.send({ type: 'latency', ms: LATENCY_MS });
const paging = {
  naive: [] as number[],
  prefetch: [] as number[],
  parallel4: [] as number[],
  parallel8: [] as number[],
};
await iterator(8); // warm-up with latency: opens the sockets
for (let rep = 0; rep < REPS; rep++) {
  paging.naive.push(await timed(naive));
  paging.prefetch.push(await timed(() => iterator(1)));
  paging.parallel4.push(await timed(() => iterator(undefined))); // the default: 4 in flight
  paging.parallel8.push(await timed(() => iterator(8, wide)));
  log(
    `rep ${rep + 1}/${REPS}: ${Object.entries(paging)
      .map(([k, v]) => `${k} ${Math.round(v.at(-1)!)} ms`)
      .join(', ')}`,
  );
}
server.stop();

const result = {
  rows: ROWS,
  pageSize: PAGE,
  latencyMs: LATENCY_MS,
  reps: REPS,
  paging: Object.fromEntries(Object.entries(paging).map(([k, v]) => [k, median(v)])),
  overhead: { iterator: median(overhead.iterator), bare: median(overhead.bare), reps: REPS + 2 },
};
process.stdout.write(`BENCH ${JSON.stringify({ name: 'paging', ...result })}\n`);
