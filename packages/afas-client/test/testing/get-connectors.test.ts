import { beforeAll, describe, expect, it } from 'vitest';
import { afasTokenHeader, DEMO_LIMITED_TOKEN_DATA, DEMO_TOKEN_DATA } from '../../src/testing/index.js';
import { entryBody, profitError, useSimulator } from './support.js';

const { simulator, call } = useSimulator();

interface Page {
  skip: number;
  take: number;
  rows: Record<string, unknown>[];
}

async function page(path: string): Promise<Page> {
  const response = await call(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
}

const ids = async (query: string) => (await page(`/connectors/Test_Rows?${query}`)).rows.map((r) => r['Id']);

beforeAll(() => {
  simulator.addGetConnector('Test_Rows', [
    { Id: 1, Name: 'Alpha', Amount: 10.5, Date: '2026-01-15T00:00:00', Active: true, Code: 'A-100' },
    { Id: 2, Name: 'beta', Amount: 9, Date: '2026-02-01T12:30:00', Active: false, Code: 'B-200' },
    { Id: 3, Name: 'Gamma', Amount: 100, Date: '2026-03-10T00:00:00', Active: true, Code: null },
    { Id: 10, Name: 'alphabet', Amount: -1, Date: '2025-12-31T23:59:59', Active: false, Code: 'A-110' },
  ]);
});

describe('standard GetConnectors over the demo master data', () => {
  it.each([
    ['Profit_Administrations', { AdminId: 1, AdminNm: 'Demo B.V.', AdminCd: 'DEMO' }],
    ['Profit_Journals', { UnitId: 1, JournalId: '70', Description: 'Inkoop', Blocked: false }],
    [
      'Profit_Accounts',
      { Account: '4100', Description: 'Reiskosten', VatAllowed: true, DimAx1: 'V', DimAx2: null },
    ],
    ['Profit_VAT_code', { VatCode: '1', VatPerc: 21, AccountNr: '1510', Blocked: false }],
    ['Profit_Creditor', { CreditorId: '30001', CreditorName: 'J. de Vries', Blocked: false }],
    ['Profit_Allocation_Assigments', { Unit: 1, Account: '4100', DimAx: '1', DimCode: 'KP100' }],
    [
      'Profit_periods_per_administration',
      {
        Unit: 1,
        Year: 2026,
        Period: 1,
        DateFrom: '2026-01-01T00:00:00Z',
        DateTo: '2026-01-31T00:00:00Z',
        Blocked: true,
      },
    ],
  ])('%s has AFAS field ids', async (id, expected) => {
    const { rows, skip, take } = await page(`/connectors/${id}?skip=0&take=100`);
    expect({ skip, take }).toEqual({ skip: 0, take: 100 });
    expect(rows).toContainEqual(expect.objectContaining(expected));
  });

  it('does not offer blocked allocation assignments', async () => {
    const { rows } = await page(
      '/connectors/Profit_Allocation_Assigments?filterfieldids=DimCode&filtervalues=PRJ001&operatortypes=1',
    );
    expect(rows.map((r) => r['Account'])).toEqual(['4100']);
  });

  it('shows booked entries in Profit_Transactions, dates with the misleading Z', async () => {
    expect((await call('/connectors/FiEntries', { method: 'POST', json: entryBody() })).status).toBe(201);
    const { rows } = await page('/connectors/Profit_Transactions?orderbyfieldids=SeqNo');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      UnitId: 1,
      EntryNo: 70001,
      SeqNo: 2,
      Year: 2026,
      Period: 3,
      JournalId: '70',
      AccountNo: '4100',
      AmtDebit: 100,
      AmtCredit: 0,
      VatCode: '1',
      InvoiceId: 'DEC-2026-001',
      EntryDate: '2026-03-15T00:00:00Z',
      Description: 'Treinkaartje',
    });
    expect(rows[0]?.['Created']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('returns every field of a row, empty as null', async () => {
    const { rows } = await page(
      '/connectors/Profit_Creditor?filterfieldids=CreditorId&filtervalues=30009&operatortypes=1',
    );
    expect(rows).toEqual([
      expect.objectContaining({ CreditorId: '30009', IBAN: null, Blocked: true, CreateDate: null }),
    ]);
  });
});

describe('operators', () => {
  it.each([
    ['1 equal, number', 'Id', '2', '1', [2]],
    ['1 equal, text case-insensitive', 'Name', 'ALPHA', '1', [1]],
    ['1 equal with %x% wildcard', 'Name', '%ph%', '1', [1, 10]],
    ['2 greater or equal, numeric not textual', 'Amount', '9', '2', [1, 2, 3]],
    ['3 less or equal', 'Amount', '9', '3', [2, 10]],
    ['4 greater than, date by value', 'Date', '2026-02-01T00:00:00', '4', [2, 3]],
    ['5 less than, date-only value', 'Date', '2026-01-01', '5', [10]],
    ['6 contains', 'Name', 'ph', '6', [1, 10]],
    ['6 contains with % markers', 'Name', '%ph%', '6', [1, 10]],
    ['7 not equal (empty counts as different)', 'Code', 'A-100', '7', [2, 3, 10]],
    ['8 empty', 'Code', '', '8', [3]],
    ['9 not empty', 'Code', '[is leeg]', '9', [1, 2, 10]],
    ['10 starts with', 'Name', 'al', '10', [1, 10]],
    ['11 does not contain', 'Name', 'ph', '11', [2, 3]],
    ['12 does not start with', 'Name', 'al%', '12', [2, 3]],
    ['13 ends with', 'Code', '00', '13', [1, 2]],
    ['14 does not end with', 'Code', '%00', '14', [3, 10]],
    ['15 quick filter', 'Name', 'AMM', '15', [3]],
    ['1 equal, boolean', 'Active', 'true', '1', [1, 3]],
  ])('%s', async (_case, field, value, operator, expected) => {
    const query = new URLSearchParams({
      filterfieldids: field,
      filtervalues: value,
      operatortypes: operator,
    });
    expect(await ids(`${query}&orderbyfieldids=Id`)).toEqual(expected);
  });

  it('AND with "," and OR with ";", in the same positions in all three lists', async () => {
    const query =
      'filterfieldids=Active,Amount;Id&filtervalues=true,50;2&operatortypes=1,5;1&orderbyfieldids=Id';
    expect(await ids(query)).toEqual([1, 2]);
  });

  it('refuses lists whose separators differ with "unexpected error"', async () => {
    const body = await profitError(
      await call('/connectors/Test_Rows?filterfieldids=Id,Name&filtervalues=1;x&operatortypes=1,1'),
    );
    expect(body).toMatchObject({
      externalMessage: 'Er is een onverwachte fout opgetreden.',
      errorNumber: -2147180999,
    });
  });

  it('refuses an operator AFAS does not have', async () => {
    await profitError(await call('/connectors/Test_Rows?filterfieldids=Id&filtervalues=1&operatortypes=16'));
  });

  it('reads filterjson: fields AND-ed, filters OR-ed', async () => {
    const filterjson = JSON.stringify({
      Filters: {
        Filter: [
          {
            '@FilterId': 'Filter 1',
            Field: [
              { '@FieldId': 'Name', '@OperatorType': '6', '#text': 'alpha' },
              { '@FieldId': 'Active', '@OperatorType': '1', '#text': 'false' },
            ],
          },
          { '@FilterId': 'Filter 2', Field: { '@FieldId': 'Id', '@OperatorType': '1', '#text': '3' } },
        ],
      },
    });
    expect(await ids(`filterjson=${encodeURIComponent(filterjson)}&orderbyfieldids=Id`)).toEqual([3, 10]);
  });

  it.each([
    ['nl-nl', "General message: Connector-veld 'Nope' niet gevonden"],
    ['en-us', "General message: Connector field 'Nope' not found"],
  ])('names an unknown filter field (%s)', async (language, message) => {
    const response = await call('/connectors/Test_Rows?filterfieldids=Nope&filtervalues=1&operatortypes=1', {
      language,
    });
    expect((await profitError(response)).externalMessage).toBe(message);
  });
});

describe('sorting and paging', () => {
  it.each([
    ['Amount', [10, 2, 1, 3]],
    ['-Amount', [3, 1, 2, 10]],
    ['Active,-Id', [10, 2, 3, 1]],
    ["['Name']", [1, 10, 2, 3]],
  ])('orderbyfieldids=%s', async (order, expected) => {
    expect(await ids(`orderbyfieldids=${encodeURIComponent(order)}`)).toEqual(expected);
  });

  it('refuses sorting on an unknown field', async () => {
    await profitError(await call('/connectors/Test_Rows?orderbyfieldids=Nope'));
  });

  describe('a field id with a "." (Invantive forum, recorded from a customer environment)', () => {
    beforeAll(() => {
      simulator.addGetConnector(
        'Budget_Rows',
        [
          { Jaar: 2026, 'Cat._result._rek': 'B', 'Budget_sub-afdeling': 'X' },
          { Jaar: 2025, 'Cat._result._rek': 'A', 'Budget_sub-afdeling': 'Y' },
        ],
        { appConnectors: ['declaree'] },
      );
    });

    it.each(['Cat._result._rek', 'Jaar,-Cat._result._rek'])(
      'orderbyfieldids=%s unquoted is "General message: Invalid Index field"',
      async (order) => {
        const body = await profitError(
          await call(`/connectors/Budget_Rows?orderbyfieldids=${encodeURIComponent(order)}`),
        );
        expect(body).toMatchObject({
          externalMessage: 'General message: Invalid Index field',
          errorNumber: -2147180996,
        });
      },
    );

    it('sorts on a field id with a "-" inside unquoted, as the same forum\'s corrected URL does', async () => {
      const result = await page(
        `/connectors/Budget_Rows?orderbyfieldids=${encodeURIComponent('-Budget_sub-afdeling')}`,
      );
      expect(result.rows.map((r) => r['Jaar'])).toEqual([2025, 2026]);
    });

    it("sorts on it written ['Cat._result._rek']", async () => {
      const result = await page(
        `/connectors/Budget_Rows?orderbyfieldids=${encodeURIComponent("-['Cat._result._rek']")}`,
      );
      expect(result.rows.map((r) => r['Jaar'])).toEqual([2026, 2025]);
    });
  });

  it.each([
    ['skip=1&take=2', { skip: 1, take: 2 }, [2, 3]],
    ['', { skip: 0, take: 100 }, [1, 2, 3, 10]],
    ['skip=-1&take=-1', { skip: -1, take: -1 }, [1, 2, 3, 10]],
    ['skip=10&take=5', { skip: 10, take: 5 }, []],
  ])('%s', async (query, echo, expected) => {
    const result = await page(`/connectors/Test_Rows?${query}&orderbyfieldids=Id`);
    expect({ skip: result.skip, take: result.take }).toEqual(echo);
    expect(result.rows.map((r) => r['Id'])).toEqual(expected);
  });

  it.each(['skip=2&take=-1', 'take=-5', 'skip=-3', 'skip=a', 'take=1.5'])(
    '%s is "An unexpected error has occurred."',
    async (query) => {
      const body = await profitError(await call(`/connectors/Test_Rows?${query}`, { language: 'en-us' }));
      expect(body).toMatchObject({
        externalMessage: 'An unexpected error has occurred.',
        errorNumber: -2147180999,
      });
    },
  );

  it('answers a query string over 2049 characters with an empty 404', async () => {
    const response = await call(
      `/connectors/Test_Rows?filterfieldids=Name&operatortypes=1&filtervalues=${'x'.repeat(2049)}`,
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('matches the path case-insensitively', async () => {
    const response = await fetch(
      `${simulator.baseUrl.replace('ProfitRestServices', 'profitrestservices')}/Connectors/Test_Rows`,
      { headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA) } },
    );
    expect(response.status).toBe(200);
  });
});

describe('metainfo and profitversion', () => {
  it('lists only what this App Connector authorises', async () => {
    const response = await call('/metainfo', { token: DEMO_LIMITED_TOKEN_DATA });
    expect(await response.json()).toEqual({
      updateConnectors: [],
      getConnectors: [
        { id: 'Profit_Administrations', description: 'Profit_Administrations' },
        { id: 'Test_Rows', description: 'Test_Rows' },
      ],
      info: {
        envid: 'O12345AA',
        appName: 'Alleen administraties',
        group: expect.any(String),
        tokenExpiry: '0',
      },
    });
  });

  it('describes a GetConnector', async () => {
    const meta = (await (await call('/metainfo/get/Profit_Accounts')).json()) as {
      name: string;
      fields: unknown[];
    };
    expect(meta.name).toBe('Profit_Accounts');
    expect(meta.fields[0]).toEqual({
      id: 'Account',
      fieldId: 'U001',
      dataType: 'string',
      label: 'Rekeningnummer',
      length: 16,
      controlType: 5,
      decimals: 0,
      decimalsFieldId: '',
    });
  });

  it('describes FiEntries recursively: FiEntryPar → FiEntries → FiDimEntries', async () => {
    const meta = (await (
      await call('/metainfo/update/FiEntries', { language: 'en-us' })
    ).json()) as MetaObject;
    expect(meta.fields.map((f) => f.fieldId)).toContain('JoCo');
    const lines = meta.objects.find((o) => o.name === 'FiEntries');
    expect(lines?.fields.find((f) => f.fieldId === 'AcNr')).toMatchObject({
      label: 'Account Number',
      mandatory: true,
      length: 16,
      decimalFieldId: '',
      values: null,
    });
    expect(lines?.fields.find((f) => f.fieldId === 'VaAs')?.values).toHaveLength(3);
    expect(lines?.objects.map((o) => o.name)).toContain('FiDimEntries');
  });

  it('lists the free fields in FiEntriesCustom and KnSubject sub-objects', async () => {
    const custom = (await (await call('/metainfo/update/FiEntriesCustom')).json()) as MetaObject;
    expect(custom.fields).toContainEqual(
      expect.objectContaining({ fieldId: 'U6A1F0C3E9B2D4E5F8A7B6C5D4E3F2A10', label: 'Declaratienummer' }),
    );
    const subject = (await (await call('/metainfo/update/KnSubject')).json()) as MetaObject;
    expect(subject.objects.map((o) => o.name)).toEqual(['KnSubjectLink', 'KnSubjectAttachment']);
  });

  it('refuses metainfo of a connector that is not authorised', async () => {
    await profitError(await call('/metainfo/update/FiEntries', { token: DEMO_LIMITED_TOKEN_DATA }));
  });
});

interface MetaObject {
  name: string;
  fields: { fieldId: string; label: string; values: unknown[] | null }[];
  objects: MetaObject[];
}
