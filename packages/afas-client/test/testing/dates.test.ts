/**
 * Date-times in GetConnector filters, as PracticalAfas documents them from live systems (README-get,
 * "Filtering Get connectors on date fields"): a filter value ending in Z is illegal; AFAS stores
 * date-times finer than a second and shows them rounded to the second, so equality on a shown value
 * almost never matches and a range is needed.
 */
import { describe, expect, it } from 'vitest';
import { AfasSimulator, afasTokenHeader, DEMO_TOKEN_DATA } from '../../src/testing/index.js';
import { entryBody, profitError, useSimulator } from './support.js';

// 09:30:02.400 and 09:30:02.600 Amsterdam (CET), 09:30:05 exactly.
const { simulator, call } = useSimulator({ now: () => new Date('2026-03-01T08:15:07.250Z') });
simulator.addGetConnector('Changes', [
  { Id: 1, Changed: new Date('2026-03-01T08:30:02.400Z') },
  { Id: 2, Changed: new Date('2026-03-01T08:30:02.600Z') },
  { Id: 3, Changed: new Date('2026-03-01T08:30:05.000Z') },
]);

interface Page {
  rows: Record<string, unknown>[];
}

async function rows(query: string): Promise<Record<string, unknown>[]> {
  const response = await call(`/connectors/Changes?orderbyfieldids=Id&${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as Page).rows;
}
const simple = (ops: string, values: string) =>
  `filterfieldids=${ops
    .split(',')
    .map(() => 'Changed')
    .join(',')}&filtervalues=${encodeURIComponent(values)}&operatortypes=${ops}`;
const ids = async (query: string) => (await rows(query)).map((row) => row['Id']);

describe('date-times in filters', () => {
  it('shows stored date-times to the second, rounding half a second up', async () => {
    expect((await rows('')).map((row) => row['Changed'])).toEqual([
      '2026-03-01T09:30:02Z',
      '2026-03-01T09:30:03Z',
      '2026-03-01T09:30:05Z',
    ]);
  });

  it.each([
    ['simple', simple('2', '2026-03-01T09:30:02Z')],
    [
      'filterjson',
      `filterjson=${encodeURIComponent(
        JSON.stringify({
          Filters: {
            Filter: [
              { Field: [{ '@FieldId': 'Changed', '@OperatorType': '1', '#text': '2026-03-01T09:30:05Z' }] },
            ],
          },
        }),
      )}`,
    ],
  ])('refuses a value ending in Z (%s) as AFAS does', async (_case, query) => {
    const body = await profitError(await call(`/connectors/Changes?${query}`, { language: 'en-us' }));
    expect(body).toMatchObject({
      externalMessage: 'An unexpected error has occurred.',
      errorNumber: -2147180999,
    });
  });

  it('matches equality only where the stored time has no fraction of a second', async () => {
    expect(await ids(simple('1', '2026-03-01T09:30:02'))).toEqual([]);
    expect(await ids(simple('1', '2026-03-01T09:30:05'))).toEqual([3]);
  });

  it('finds a shown second with a range, and a row shown as :03 can lie before :03', async () => {
    expect(await ids(simple('2,5', '2026-03-01T09:30:02,2026-03-01T09:30:03'))).toEqual([1, 2]);
    expect(await ids(simple('5', '2026-03-01T09:30:03'))).toEqual([1, 2]);
  });

  it('keeps the milliseconds of booking times (Profit_Transactions)', async () => {
    expect((await call('/connectors/FiEntries', { method: 'POST', json: entryBody() })).status).toBe(201);
    const created = async (query: string) => {
      const response = await call(`/connectors/Profit_Transactions?${query}`);
      return ((await response.json()) as Page).rows.map((row) => row['Created']);
    };
    const shown = await created('');
    expect(shown[0]).toBe('2026-03-01T09:15:07Z');
    const equal = `filterfieldids=Created&filtervalues=${encodeURIComponent('2026-03-01T09:15:07')}&operatortypes=1`;
    expect(await created(equal)).toEqual([]);
  });

  it('leaves a Z in filters on text fields alone', async () => {
    const sim = new AfasSimulator();
    const text = '2026-03-01T09:30:02Z';
    sim.addGetConnector('Codes', [{ Code: text }], { fields: [{ id: 'Code', dataType: 'string' }] });
    const query = `filterfieldids=Code&filtervalues=${encodeURIComponent(text)}&operatortypes=1`;
    const response = (await sim.handle(
      new Request(`${sim.baseUrl}/connectors/Codes?${query}`, {
        headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) },
      }),
    )) as Response;
    expect(((await response.json()) as Page).rows).toEqual([{ Code: text }]);
  });
});
