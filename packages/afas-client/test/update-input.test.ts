/**
 * Values JSON cannot carry and identifiers with control characters are refused before anything is
 * sent: `JSON.stringify` writes NaN and ±Infinity as `null` (a booked empty amount) and -0 as 0, and a
 * control character in a connector, object, field or key name makes a request AFAS does not document.
 * Checked against the simulator's loopback server: no request reaches it, nothing is booked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AfasClient, AfasConfigError, type UpdateElement } from 'afas-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuilt, startSimulator } from './cli/support.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let client: AfasClient;
let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  simulator = await startSimulator();
  client = new AfasClient({ baseUrl: simulator.url, token: simulator.env.AFAS_TOKEN, retry: false });
  dir = await mkdtemp(join(tmpdir(), 'afas-input-'));
}, 60_000);
afterAll(async () => {
  await simulator?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => simulator.simulator.reset());

/** A balanced entry the simulator books, with `amount` on the debit line. */
function entry(amount: number, extra: Record<string, unknown> = {}): UpdateElement {
  const line = (fields: Record<string, unknown>) => ({ Fields: { VaAs: '1', AcNr: '4000', ...fields } });
  return {
    Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '50' },
    Objects: [
      {
        FiEntries: {
          Element: [
            line({ EnDa: '2026-03-01', BpNr: 'X1', AmDe: amount, ...extra }),
            line({ EnDa: '2026-03-01', BpNr: 'X1', AcNr: '1600', AmCr: 10 }),
          ],
        },
      },
    ],
  } as UpdateElement;
}

function expectNothingSent() {
  expect(simulator.simulator.requests).toEqual([]);
  expect(simulator.simulator.entries).toEqual([]);
  expect(simulator.simulator.subjects).toEqual([]);
}

describe('numbers JSON cannot carry are refused before sending', () => {
  it.each([
    ['NaN', Number.NaN, /NaN/],
    ['Infinity (1e400 read from JSON)', Number.POSITIVE_INFINITY, /Infinity/],
    ['-Infinity', Number.NEGATIVE_INFINITY, /-Infinity/],
    ['-0', -0, /-0/],
  ])('%s in a nested line', async (_name, amount, shown) => {
    const error = await client.insert('FiEntries', entry(amount)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasConfigError);
    expect((error as Error).message).toMatch(shown);
    expect((error as Error).message).toContain(
      'FiEntryPar.Element.Objects[0].FiEntries.Element[0].Fields.AmDe',
    );
    expectNothingSent();
  });

  it('in root fields, a key attribute, an update and a sub-object insert', async () => {
    const calls = [
      () => client.insert('KnSubject', { Fields: { StId: 1, Ds: 'x', SbTp: Number.NaN } }),
      () => client.update('KnSubject', { '@SbId': Number.POSITIVE_INFINITY, Fields: { Ds: 'x' } }),
      () =>
        client.insertSubObject('KnSubject', 'KnSubjectAttachment', { '@SbId': 1, Fields: { FileSize: -0 } }),
      () => client.insert('KnSubject', [{ Fields: { Ds: 'ok' } }, { Fields: { Ds: 'x', StId: -Infinity } }]),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(AfasConfigError);
    expectNothingSent();
  });

  it('0 and negative amounts are still sent', async () => {
    // The simulator refuses these entries (journal 50 does not exist): they reached it.
    for (const amount of [0, -12.5]) {
      await expect(client.insert('FiEntries', entry(amount))).rejects.not.toBeInstanceOf(AfasConfigError);
    }
    expect(simulator.simulator.requests.length).toBe(2);
  });
});

describe('control characters in identifiers are refused before sending', () => {
  it.each([
    ['a connector id', () => client.insert('KnSubject\n', { Fields: { Ds: 'x' } })],
    ['a sub-object', () => client.insertSubObject('KnSubject', 'KnSubjectAttachment\t', { Fields: {} })],
    [
      'the root object option',
      () => client.insert('KnSubject', { Fields: {} }, { object: 'KnSubject\u0000' }),
    ],
    ['a field id', () => client.insert('KnSubject', { Fields: { 'Ds\r\n': 'x' } })],
    ['a key attribute', () => client.update('KnSubject', { '@SbId\u0007': 1, Fields: {} } as UpdateElement)],
    [
      'a nested object name',
      () =>
        client.insert('FiEntries', {
          Fields: { Year: 2026 },
          Objects: [{ 'FiEntries\u0000': { Element: { Fields: { AmDe: 1 } } } }],
        }),
    ],
    ['a field id on a nested line', () => client.insert('FiEntries', entry(10, { 'AmDe\u001b[2J': 1 }))],
    ['a delete key name', () => client.delete('KnSubject', { '@SbId\n': 1 })],
    ['a delete key value', () => client.delete('KnSubject', { '@SbId': '1\n2' })],
    [
      'a delete segment object',
      () => client.delete('FiEntries', [{ object: 'FiEntryPar\u0085', keys: { UnId: 1 } }]),
    ],
  ])('%s', async (_name, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasConfigError);
    // The control character is named as an escape (\u000a), not printed.
    expect((error as Error).message).toMatch(/\\u00[0-9a-f]{2}/);
    expect((error as Error).message).not.toMatch(/\p{Cc}/u);
    expectNothingSent();
  });
});

describe('the afas command line', () => {
  it('afas insert with 1e400 in the file: exit 2, nothing booked', async () => {
    const file = join(dir, 'entry.json');
    await writeFile(
      file,
      JSON.stringify({ FiEntryPar: { Element: entry(10) } }).replace('"AmDe":10', '"AmDe":1e400'),
    );
    const result = await runBuilt(['insert', 'FiEntries', file], { env: simulator.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/AmDe is Infinity/);
    expectNothingSent();
  });
});
