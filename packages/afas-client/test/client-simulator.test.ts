/**
 * The SDK against the simulator, where AFAS's own behaviour matters more than a hand-written
 * answer: filters and paging as AFAS evaluates them, writes and their refusals, files, auth.
 */
import { AfasAuthError, AfasClient, AfasNotFoundError, AfasProfitError, AfasToken } from 'afas-client';
import {
  createAfasSimulator,
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_OAUTH_CLIENT,
  DEMO_TOKEN_DATA,
} from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failure } from './support/fixtures.js';

const simulator = createAfasSimulator();
const server = setupServer(...simulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const NAMES = ['Jansen, Piet', 'de Vries; Jan', 'Bakker & Zn', '100% Fit', 'Ünal', "O'Neill", 'Jansen'];
simulator.addGetConnector(
  'Custom_Employees',
  Array.from({ length: 1234 }, (_, i) => ({
    Id: i + 1,
    Name: NAMES[i % NAMES.length] ?? '',
    Hired: new Date(Date.UTC(2020, 0, 1 + i)),
  })),
);

const client = (options: Partial<ConstructorParameters<typeof AfasClient>[0]> = {}) =>
  new AfasClient({
    environment: '12345',
    token: DEMO_TOKEN_DATA,
    retry: { retries: 1, minDelay: 1, maxDelay: 1 },
    ...options,
  });

describe('reading', () => {
  it.each(NAMES)(
    'finds exactly the rows whose Name equals %j, whichever filter form is needed',
    async (name) => {
      const rows = await client()
        .rows<{ Id: number; Name: string }>('Custom_Employees', {
          where: { field: 'Name', op: 'eq', value: name },
          orderBy: ['Id'],
          pageSize: 100,
        })
        .toArray({ limit: 2000 });
      // AFAS compares text case-insensitively, so 'Jansen' does not match 'Jansen, Piet' but does match itself.
      expect(rows.length).toBeGreaterThan(170);
      expect(rows.every((row) => row.Name === name)).toBe(true);
    },
  );

  it('OR groups, ranges on dates and descending order come back as AFAS evaluates them', async () => {
    const { rows } = await client().get<{ Id: number; Name: string }>('Custom_Employees', {
      where: {
        or: [
          [
            { field: 'Hired', op: 'gte', value: new Date('2020-01-10T00:00:00+01:00') },
            { field: 'Hired', op: 'lt', value: new Date('2020-01-13T00:00:00+01:00') },
          ],
          { field: 'Id', op: 'eq', value: 1000 },
        ],
      },
      orderBy: ['-Id'],
    });
    expect(rows.map((row) => row.Id)).toEqual([1000, 12, 11, 10]);
  });

  it('pages through 1234 rows with 4 pages in flight, in order and complete', async () => {
    const ids: number[] = [];
    for await (const row of client().rows<{ Id: number }>('Custom_Employees', {
      orderBy: ['Id'],
      pageSize: 100,
      parallel: 4,
    }))
      ids.push(row.Id);
    expect(ids).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
  });

  it("an unknown field is AFAS's own error, with its message and log reference", async () => {
    const error = await failure(
      client().get('Profit_Accounts', { where: { field: 'Acount', op: 'eq', value: '4000' } }),
    );
    expect(error).toBeInstanceOf(AfasProfitError);
    if (error.kind !== 'profit') throw error;
    expect(error.externalMessage).toMatch(/Acount/);
    expect(error.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
    expect(error.hint).toMatch(/field ids/);
  });

  it('a connector the App Connector lacks says to add it there', async () => {
    const error = await failure(
      client({ token: DEMO_LIMITED_TOKEN_DATA, language: 'en-us' }).get('Profit_Accounts'),
    );
    expect(error).toBeInstanceOf(AfasProfitError);
    expect(error.message).toMatch(/not supported for this app or the user is not authorized/);
    expect(error.hint).toMatch(/App Connector/);
  });

  it("AFAS's own 15-minute time-out on a read is not retried, and says to make the query smaller", async () => {
    // A read changes nothing, so a retry would be safe; but the same query runs as long again.
    const timeout = simulator.inject({ fault: 'timeout', connector: 'Custom_Employees', times: Infinity });
    const error = await failure(
      client({ retry: { retries: 3, minDelay: 1, maxDelay: 1 } }).get('Custom_Employees'),
    );
    expect(error).toBeInstanceOf(AfasProfitError);
    expect(error).toMatchObject({ timedOut: true, transient: false, applied: 'no' });
    expect(error.hint).toMatch(/sending it again is safe.*smaller page/);
    expect(timeout.fired).toBe(1);

    // A write that ran out of time may have been applied in part: look it up, never re-send blindly.
    simulator.inject({ fault: 'timeout', connector: 'FiEntries' });
    const write = await failure(client().insert('FiEntries', { Fields: { UnId: 1 } }));
    expect(write).toMatchObject({ timedOut: true, applied: 'unknown' });
    expect(write.hint).toMatch(/look it up in AFAS before sending it again/);
  });

  it('metainfo and versions parse as documented', async () => {
    const afas = client();
    expect((await afas.metainfo()).updateConnectors.map((c) => c.id)).toEqual([
      'FiEntries',
      'KnSubject',
      'FiEntriesCustom',
    ]);
    expect((await afas.getConnectorMeta('Profit_Accounts')).fields.map((f) => f.id)).toContain('VatAllowed');
    const update = await afas.updateConnectorMeta('FiEntries');
    expect(JSON.stringify(update)).toMatch(/FiDimEntries/);
    expect(await afas.profitVersion()).toBe('22.22.5');
  });
});

describe('writing', () => {
  const entry = (invoice: string, amount = '121.00') => ({
    Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
    Objects: [
      {
        FiEntries: {
          Element: [
            {
              Fields: {
                VaAs: '3',
                AcNr: '30001',
                EnDa: '2026-03-10',
                BpDa: '2026-03-10',
                InId: invoice,
                AmCr: amount,
              },
            },
            {
              Fields: {
                VaAs: '1',
                AcNr: '4300',
                EnDa: '2026-03-10',
                BpDa: '2026-03-10',
                InId: invoice,
                AmDe: amount,
                VaId: '0',
              },
            },
          ],
        },
      },
    ],
  });

  it('books, reads back through Profit_Transactions, and deletes by nested key', async () => {
    const afas = client();
    const { keys } = await afas.insert('FiEntries', entry('EXP-1'));
    const { rows } = await afas.get('Profit_Transactions', {
      where: { field: 'InvoiceId', op: 'eq', value: 'EXP-1' },
      orderBy: ['SeqNo'],
    });
    expect(rows.map((row) => [row['EntryNo'], row['SeqNo']])).toEqual([
      [Number(keys['EnNo']), 1],
      [Number(keys['EnNo']), 2],
    ]);
    await afas.delete('FiEntries', [
      { object: 'FiEntryPar', keys: { UnId: 1, JoCo: '70' } },
      { object: 'FiEntries', keys: { '@EnNo': keys['EnNo'] ?? '' } },
    ]);
    expect(simulator.entries).toEqual([]);
  });

  it('an unbalanced entry is refused and nothing is written', async () => {
    const unbalanced = entry('EXP-2');
    const lines = unbalanced.Objects[0]?.FiEntries.Element;
    if (lines?.[1]) lines[1].Fields.AmDe = '120.00';
    await expect(client().insert('FiEntries', unbalanced)).rejects.toBeInstanceOf(AfasProfitError);
    expect(simulator.entries).toEqual([]);
  });

  it('stores a PDF in a dossier item and downloads it again', async () => {
    const afas = client();
    const pdf = Buffer.from('%PDF-1.4 expense report');
    const { keys } = await afas.insert('KnSubject', {
      Fields: { StId: 31, Ds: 'Declaratie R-1' },
      Objects: [
        {
          KnSubjectAttachment: {
            Element: [{ Fields: { FileName: 'R-1.pdf', FileStream: pdf.toString('base64') } }],
          },
        },
      ],
    });
    const [attachment] = (
      await afas.get('Profit_Subject_Attachments', {
        where: { field: 'subject_id', op: 'eq', value: keys['SbId'] ?? '' },
      })
    ).rows;
    const file = await afas.subjectAttachment(keys['SbId'] ?? '', String(attachment?.['file_id']));
    expect(file.fileName).toBe('R-1.pdf');
    expect(Buffer.from(file.data).equals(pdf)).toBe(true);
    await expect(afas.subjectAttachment(keys['SbId'] ?? '', 'F'.repeat(32))).rejects.toBeInstanceOf(
      AfasNotFoundError,
    );
  });
});

describe('auth', () => {
  it('accepts the token in any pasted form', async () => {
    const pasted = `\r\n  "<token>\r\n  <version>1</version>\r\n  <data>${DEMO_TOKEN_DATA}</data>\r\n</token>"  `;
    expect(await client({ token: pasted }).profitVersion()).toBe('22.22.5');
    expect(await client({ token: AfasToken.from(DEMO_TOKEN_DATA) }).profitVersion()).toBe('22.22.5');
  });

  it('a revoked token is an auth error (AFAS answers 401 with an empty body)', async () => {
    simulator.revokeToken(DEMO_TOKEN_DATA);
    const error = await failure(client().profitVersion());
    expect(error).toBeInstanceOf(AfasAuthError);
  });

  it('OAuth: fetches an access token, and renews it once when AFAS says it expired', async () => {
    const afas = client({ token: undefined, oauth: DEMO_OAUTH_CLIENT });
    expect(await afas.profitVersion()).toBe('22.22.5');
    simulator.expireAccessTokens();
    expect(await afas.profitVersion()).toBe('22.22.5');
    const tokenRequests = simulator.requests.filter((r) => r.path.toLowerCase().endsWith('/oauth/token'));
    expect(tokenRequests).toHaveLength(2);
  });

  it('OAuth with a wrong secret is an auth error that does not show the secret', async () => {
    const error = await failure(
      client({
        token: undefined,
        oauth: { clientId: DEMO_OAUTH_CLIENT.clientId, clientSecret: 'wrong-secret-123' },
      }).profitVersion(),
    );
    expect(error).toBeInstanceOf(AfasAuthError);
    expect(JSON.stringify(error) + error.message).not.toContain('wrong-secret-123');
  });
});
