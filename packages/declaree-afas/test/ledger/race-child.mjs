// One of several processes racing for the same exports in one ledger, a SQLite file or a Postgres
// URL (see ledger.test.ts).
// Under its lease it books each export whose `entry` step is not done yet, pausing between read and
// write to widen the race; it prints the keys it booked. With a start time (epoch ms) it waits until
// then before it opens the ledger, so that all processes open a fresh file at the same instant.
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaseOwner, openLedger } from '../../dist/index.js';

const [spec, count, startAt] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 0)];
if (startAt > Date.now()) await sleep(startAt - Date.now());
const ledger = openLedger(spec);
const owner = leaseOwner(hostname(), process.pid);
const booked = [];
const key = (i) => ({
  participant: '12345',
  environmentKind: 'test',
  administration: 1,
  journal: '70',
  creditor: '2001',
  invoiceNumber: `R${i}`,
});
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < count; i++) {
    const claim = await ledger.claim(key(i), { reportId: `r${i}` }, { owner, ttlMs: 10_000 });
    if (!claim.claimed) continue;
    if (claim.record?.steps.entry?.status !== 'done') {
      await sleep(2);
      await ledger.record(claim.lease, 'entry', {
        status: 'done',
        data: { by: owner },
        at: new Date().toISOString(),
      });
      booked.push(i);
    }
    await ledger.release(claim.lease);
  }
}
await ledger.close();
process.stdout.write(JSON.stringify(booked));
