/**
 * The simulator's loopback server in a process of its own, driven over IPC by a benchmark.
 *
 * Why a child process: the machine this runs on may have two cores. With the server in the client's
 * process, server work (sorting, serialising pages) and client work (parsing, iterating) would share
 * one event loop and one core, and every figure would measure both. A child process gives the server
 * its own core and makes the client's RSS its own. A worker thread would share the heap and RSS.
 *
 * Messages: { type: 'start', latencyMs?, datasets?: [{ id, rows }] } → { type: 'ready', url }
 *           { type: 'latency', ms } (extra latency on every answer, 0 to remove) → { type: 'ok' }
 *           { type: 'reset' } → { type: 'ok' }
 *           { type: 'stats' } → { type: 'stats', entries, subjects, customFields, maxRssMb }
 * The server stops when the parent disconnects.
 */
import { AfasSimulator, type FieldMeta, type InjectedFault, startAfasSimulator } from 'afas-client/testing';

type Message =
  | { type: 'start'; latencyMs?: number; datasets?: { id: string; rows: number }[] }
  | { type: 'latency'; ms: number }
  | { type: 'reset' }
  | { type: 'stats' };

/** 20 columns of the kinds a GetConnector returns: numbers, codes, texts, amounts, dates, a flag. */
const BENCH_FIELDS: readonly FieldMeta[] = [
  { id: 'Id', dataType: 'int' },
  { id: 'EntryNo', dataType: 'int' },
  { id: 'SeqNo', dataType: 'int' },
  { id: 'Year', dataType: 'int' },
  { id: 'Period', dataType: 'int' },
  { id: 'UnitId', dataType: 'int' },
  { id: 'JournalId', dataType: 'string' },
  { id: 'AccountNo', dataType: 'string' },
  { id: 'AccountName', dataType: 'string' },
  { id: 'Description', dataType: 'string' },
  { id: 'InvoiceId', dataType: 'string' },
  { id: 'CostCenter', dataType: 'string' },
  { id: 'CostCarrier', dataType: 'string' },
  { id: 'VatCode', dataType: 'string' },
  { id: 'AmountDebit', dataType: 'decimal', decimals: 2 },
  { id: 'AmountCredit', dataType: 'decimal', decimals: 2 },
  { id: 'VatAmount', dataType: 'decimal', decimals: 2 },
  { id: 'EntryDate', dataType: 'date' },
  { id: 'ModifiedAt', dataType: 'date' },
  { id: 'Blocked', dataType: 'boolean' },
];

function benchRows(count: number): Record<string, string | number | boolean | null>[] {
  const rows = new Array<Record<string, string | number | boolean | null>>(count);
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    rows[i] = {
      Id: i + 1,
      EntryNo: 70000 + Math.floor(i / 4),
      SeqNo: (i % 4) + 1,
      Year: 2026,
      Period: (i % 12) + 1,
      UnitId: 1,
      JournalId: '70',
      AccountNo: String(4000 + (i % 900)),
      AccountName: `Rekening ${4000 + (i % 900)}`,
      Description: `Declaratie ${i} — reiskosten en lunch`,
      InvoiceId: `R-${String(i).padStart(8, '0')}`,
      CostCenter: i % 3 === 0 ? null : `KP${100 + (i % 5) * 100}`,
      CostCarrier: null,
      VatCode: String(i % 3),
      AmountDebit: (i % 10_000) / 100,
      AmountCredit: 0,
      VatAmount: (i % 2_100) / 100,
      EntryDate: `2026-${month}-${day}T00:00:00`,
      ModifiedAt: `2026-${month}-${day}T12:34:56`,
      Blocked: i % 97 === 0,
    };
  }
  return rows;
}

let running: Awaited<ReturnType<typeof startAfasSimulator>> | undefined;
let latency: InjectedFault | undefined;

const reply = (message: unknown) => process.send?.(message);

process.on('message', (message: Message) => {
  void (async () => {
    switch (message.type) {
      case 'start': {
        const simulator = new AfasSimulator({ latencyMs: message.latencyMs ?? 0 });
        for (const dataset of message.datasets ?? []) {
          simulator.addGetConnector(dataset.id, benchRows(dataset.rows), { fields: BENCH_FIELDS });
        }
        running = await startAfasSimulator({ simulator });
        reply({ type: 'ready', url: running.url });
        break;
      }
      case 'latency':
        latency?.remove();
        latency =
          message.ms > 0
            ? running?.simulator.inject({ fault: 'latency', latencyMs: message.ms, times: Infinity })
            : undefined;
        reply({ type: 'ok' });
        break;
      case 'reset':
        running?.simulator.reset();
        latency = undefined;
        reply({ type: 'ok' });
        break;
      case 'stats': {
        const sim = running?.simulator;
        reply({
          type: 'stats',
          entries: sim?.entries.length ?? 0,
          subjects: sim?.subjects.length ?? 0,
          customFields: sim?.customFields.length ?? 0,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
        });
        break;
      }
    }
  })();
});

process.on('disconnect', () => {
  void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
