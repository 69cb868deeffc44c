// A smoke test of the built SDK, run by Node, Bun and Deno against the simulator's loopback server.
// It prints one JSON line: what a user would check first (a read, a paged read, a write, a typed error).
import { AfasClient, isAfasError } from 'afas-client';

const { AFAS_SMOKE_URL: baseUrl, AFAS_SMOKE_TOKEN: token } = process.env;
const afas = new AfasClient({ environment: '12345', token, baseUrl });

const { rows } = await afas.get('Profit_Administrations', { orderBy: ['AdminId'] });
let paged = 0;
for await (const _row of afas.rows('Profit_Accounts', { orderBy: ['Account'], pageSize: 2 })) paged++;
const { keys } = await afas.insert('KnSubject', { Fields: { StId: 31, Ds: 'Smoke test' } });
let refused = 'none';
try {
  await new AfasClient({ environment: '12345', token: process.env.AFAS_SMOKE_UNKNOWN_TOKEN, baseUrl }).get(
    'Profit_Accounts',
  );
} catch (error) {
  refused = isAfasError(error) ? error.kind : 'untyped';
}
process.stdout.write(
  JSON.stringify({
    administrations: rows.length,
    paged,
    subjectId: keys.SbId,
    refused,
    inspected: String(afas),
  }),
);
