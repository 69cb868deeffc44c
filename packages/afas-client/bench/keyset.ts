/**
 * Benchmark 6 (paging at depth): 1,000,000 rows of 3 columns read with skip paging and with keyset
 * paging, pages of 1,000, against the simulator in this process (its cost model is what is
 * compared, and a loopback hop per page would only add the same to both).
 *
 * Two figures per mode:
 * - AFAS time, modelled: the sum of the simulator's modelled page times (`costMs`: per request, per
 *   row read, per row sent; AFAS reads every skipped row, so deep skip pages get slow, as AFAS says).
 *   Modelled, not measured: no real AFAS is reached, and waiting it out would take over an hour.
 * - Wall time here: client and simulator together, to show the simulator itself stays fast.
 *
 * Prints one line `BENCH {json}` for the runner (run.ts).
 */
import { AfasClient } from 'afas-client';
import { AfasSimulator, DEMO_TOKEN_DATA } from 'afas-client/testing';

const ROWS = Number(process.env['BENCH_KEYSET_ROWS'] ?? 1_000_000);
const PAGE = 1_000;
const CONNECTOR = 'Bench_Deep';

const simulator = new AfasSimulator();
simulator.addGetConnector(
  CONNECTOR,
  Array.from({ length: ROWS }, (_, i) => ({ Id: i + 1, Code: `C-${i}`, Amount: (i % 10_000) / 100 })),
  {
    fields: [
      { id: 'Id', dataType: 'int' },
      { id: 'Code', dataType: 'string' },
      { id: 'Amount', dataType: 'decimal', decimals: 2 },
    ],
  },
);
const afas = new AfasClient({
  baseUrl: simulator.baseUrl,
  token: DEMO_TOKEN_DATA,
  fetch: async (input, init) => (await simulator.handle(new Request(input, init))) as Response,
});

async function read(paging: 'skip' | 'keyset') {
  simulator.reset();
  const started = performance.now();
  let rows = 0;
  for await (const page of afas
    .rows(CONNECTOR, { orderBy: ['Id'], pageSize: PAGE, parallel: 1, paging })
    .pages()) {
    rows += page.length;
  }
  const wallMs = performance.now() - started;
  if (rows !== ROWS) throw new Error(`${paging}: read ${rows} rows, expected ${ROWS}`);
  const pages = simulator.requests.filter((request) => request.connector === CONNECTOR);
  const afasMs = pages.reduce((sum, request) => sum + (request.costMs ?? 0), 0);
  const lastPageMs = pages.at(-2)?.costMs ?? 0;
  process.stderr.write(
    `  keyset: ${paging}: ${pages.length} pages, AFAS ${(afasMs / 1000).toFixed(0)} s modelled, wall ${(wallMs / 1000).toFixed(1)} s\n`,
  );
  return { wallMs, afasMs, pages: pages.length, lastPageMs };
}

await read('keyset'); // warm-up: the simulator builds its index for this order once
const skip = await read('skip');
const keyset = await read('keyset');
process.stdout.write(
  `BENCH ${JSON.stringify({ name: 'keyset', rows: ROWS, pageSize: PAGE, skip, keyset })}\n`,
);
