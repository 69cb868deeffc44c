import { describe, expect, it } from 'vitest';
import { DEMO_FREE_FIELDS } from '../../src/testing/index.js';
import {
  entryBody,
  expenseLines,
  type LineElement,
  type LineFields,
  profitError,
  useSimulator,
} from './support.js';

const { simulator, call } = useSimulator();

const postEntry = (body: unknown, language?: string) =>
  call('/connectors/FiEntries', { method: 'POST', json: body, ...(language ? { language } : {}) });

/** The expense lines with `change` applied to line `index` (0 creditor, 1 travel costs, 2 VAT). */
function withLine(index: number, change: (line: LineElement) => void): LineElement[] {
  const lines = expenseLines();
  const line = lines[index];
  if (line) change(line);
  return lines;
}

const setFields = (index: number, fields: LineFields) =>
  withLine(index, (line) => {
    line.Fields = { ...line.Fields, ...fields };
  });

/** The expense lines with the cost line on to-project account 4700, posted to `project` if given. */
const onProjectAccount = (project?: string) =>
  withLine(1, (line) => {
    line.Fields = { ...line.Fields, AcNr: '4700' };
    line.Objects = project
      ? [
          {
            FiPrjEntries: {
              Element: { Fields: { PrId: project, VaIt: '6', ItCd: 'K01', AmCo: '100.00', Qu: 1 } },
            },
          },
        ]
      : [];
  });

describe('POST FiEntries', () => {
  it('books a balanced entry: 201 with the entry number, lines numbered 1..n', async () => {
    const response = await postEntry(entryBody());
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ results: { FiEntryPar: { UnId: '1', EnNo: '70001' } } });
    const [entry] = simulator.entries;
    expect(entry).toMatchObject({
      administration: 1,
      entryNumber: 70001,
      journal: '70',
      year: 2026,
      period: 3,
    });
    expect(entry?.lines.map((l) => [l.seqNo, l.account, l.debit, l.credit])).toEqual([
      [1, '30001', 0, 121],
      [2, '4100', 100, 0],
      [3, '1510', 21, 0],
    ]);
    expect(entry?.lines[1]?.allocations).toEqual({ 1: 'KP100' });
  });

  it('accepts Objects and Element as objects, values as strings', async () => {
    const lines = expenseLines();
    const body = {
      FiEntryPar: {
        Element: {
          Fields: { Year: '2026', Peri: '3', UnId: '1', JoCo: '70' },
          Objects: { FiEntries: { Element: lines } },
        },
      },
    };
    expect((await postEntry(body)).status).toBe(201);
  });

  it('uses the default administration when UnId is left out', async () => {
    const response = await postEntry(entryBody(expenseLines(), { UnId: undefined }));
    expect(await response.json()).toEqual({ results: { FiEntryPar: { UnId: '1', EnNo: '70001' } } });
  });

  it('compares amounts in cents (0.1 + 0.2 balances 0.3)', async () => {
    const common = { EnDa: '2026-03-01', BpDa: '2026-03-01' };
    const lines: LineElement[] = [
      { Fields: { VaAs: '1', AcNr: '4300', ...common, AmDe: 0.1 } },
      { Fields: { VaAs: '1', AcNr: '4300', ...common, AmDe: 0.2 } },
      { Fields: { VaAs: '1', AcNr: '1600', ...common, AmCr: 0.3 } },
    ];
    expect((await postEntry(entryBody(lines, { JoCo: '60' }))).status).toBe(201);
  });

  const rules: [string, unknown, string, string][] = [
    [
      'missing account number',
      entryBody(setFields(1, { AcNr: undefined })),
      "Vul een waarde in bij 'Rekeningnummer'.",
      "Enter a value for 'Account Number'.",
    ],
    [
      'missing journal',
      entryBody(expenseLines(), { JoCo: undefined }),
      "Vul een waarde in bij 'Dagboek'.",
      "Enter a value for 'Journal'.",
    ],
    [
      'unknown administration',
      entryBody(expenseLines(), { UnId: 9 }),
      "De ingevulde waarde bij 'Nummer administratie' bestaat niet.",
      "The entered value for 'Administration number' does not exist.",
    ],
    [
      'unknown journal',
      entryBody(expenseLines(), { JoCo: '99' }),
      "De ingevulde waarde bij 'Dagboek' bestaat niet.",
      "The entered value for 'Journal' does not exist.",
    ],
    [
      'unknown ledger account',
      entryBody(setFields(1, { AcNr: '9999' })),
      "De ingevulde waarde bij 'Rekeningnummer' bestaat niet.",
      "The entered value for 'Account Number' does not exist.",
    ],
    [
      'unknown creditor',
      entryBody(setFields(0, { AcNr: '39999' })),
      "De ingevulde waarde bij 'Rekeningnummer' bestaat niet.",
      "The entered value for 'Account Number' does not exist.",
    ],
    [
      'unknown VAT code',
      entryBody(setFields(1, { VaId: '7' })),
      "De ingevulde waarde bij 'Btw-code' bestaat niet.",
      "The entered value for 'VAT code' does not exist.",
    ],
    [
      'VAT on an account that allows none',
      entryBody(setFields(2, { AcNr: '4600', VaId: '1' })),
      'General message: Btw is niet toegestaan bij rekening 4600.',
      'General message: VAT is not allowed for account 4600.',
    ],
    [
      'VAT code not allowed for the account',
      entryBody(setFields(2, { AcNr: '1510', VaId: '2' })),
      'General message: Btw is niet toegestaan bij rekening 1510.',
      'General message: VAT is not allowed for account 1510.',
    ],
    [
      'debit differs from credit',
      entryBody(setFields(2, { AmDe: '20.99' })),
      'General message: De journaalpost is niet in balans (debet 120.99, credit 121.00).',
      'General message: The journal entry is not balanced (debit 120.99, credit 121.00).',
    ],
    [
      'blocked period in the header',
      entryBody(expenseLines(), { Peri: 2 }),
      'General message: Voor deze administratie is periode 2 van jaar 2026 geblokkeerd.',
      'General message: For this administration, period 2 of the year 2026 is blocked.',
    ],
    [
      'entry date in a blocked period',
      entryBody(setFields(1, { EnDa: '2026-01-05' })),
      "General message: Datum '5-1-2026' valt in een geblokkeerde periode",
      "General message: Date '5-1-2026' belongs to a blocked period",
    ],
    [
      'allocation code not assigned to the account',
      entryBody(
        withLine(1, (line) => {
          line.Fields['AcNr'] = '4300';
          line.Objects = [{ FiDimEntries: { Element: { Fields: { DiC1: 'KP200' } } } }];
        }),
      ),
      "General message: Voor code verbijzondering 'KP200' is geen toewijzing bij rekening '4300' of de toewijzing is geblokkeerd.",
      "General message: There is no assignment for cost center 'KP200' with account '4300' or the assignment is blocked.",
    ],
    [
      'blocked allocation assignment',
      entryBody(
        withLine(1, (line) => {
          line.Fields['AcNr'] = '4500';
          line.Objects = [{ FiDimEntries: { Element: { Fields: { DiC1: 'PRJ001' } } } }];
        }),
      ),
      "General message: Voor code verbijzondering 'PRJ001' is geen toewijzing bij rekening '4500' of de toewijzing is geblokkeerd.",
      "General message: There is no assignment for cost center 'PRJ001' with account '4500' or the assignment is blocked.",
    ],
    [
      'allocation required by the account',
      entryBody(
        withLine(1, (line) => {
          delete line.Objects;
        }),
      ),
      "General message: Code verbijzondering voor as 'Kostenplaats' moet gevuld worden voor rekening 4100",
      "General message: Allocation code for axis 'Cost center' must be filled for account 4100",
    ],
    [
      'a line on a to-project account without a project posting',
      entryBody(onProjectAccount()),
      'General message: Project moet gevuld worden voor rekening 4700',
      'General message: Project must be filled for account 4700',
    ],
    [
      'a project posting on a project that does not exist',
      entryBody(onProjectAccount('P-4040')),
      "De ingevulde waarde bij 'Project' bestaat niet.",
      "The entered value for 'Project' does not exist.",
    ],
    [
      'a project posting on a blocked project',
      entryBody(onProjectAccount('P-0999')),
      'General message: Project P-0999 is geblokkeerd.',
      'General message: Project P-0999 is blocked.',
    ],
    [
      'invoice number longer than 12 characters',
      entryBody(expenseLines('DEC-2026-0001')),
      "De waarde bij 'Factuurnummer' is langer dan 12 tekens.",
      "The value for 'Invoice number' is longer than 12 characters.",
    ],
    [
      'unknown field',
      entryBody(setFields(1, { AcNR: '4100' })),
      "General message: Veld 'AcNR' bestaat niet in object 'FiEntries'.",
      "General message: Field 'AcNR' does not exist in object 'FiEntries'.",
    ],
    [
      'amount that is no number',
      entryBody(setFields(1, { AmDe: '100,00' })),
      "De waarde '100,00' is ongeldig voor 'Bedrag debet'.",
      "The value '100,00' is not valid for 'Amount debit'.",
    ],
    [
      'account type outside 1/2/3',
      entryBody(setFields(1, { VaAs: '4' })),
      "De waarde '4' is ongeldig voor 'Kenmerk rekening'.",
      "The value '4' is not valid for 'Account feature'.",
    ],
  ];

  it.each(rules)('refuses %s (Dutch)', async (_rule, body, dutch) => {
    const error = await profitError(await postEntry(body));
    expect(error.externalMessage).toBe(dutch);
    expect(simulator.entries).toEqual([]);
  });

  it.each(rules)('refuses %s (English)', async (_rule, body, _dutch, english) => {
    expect((await profitError(await postEntry(body, 'en-us'))).externalMessage).toBe(english);
  });

  it("books a project posting (FiPrjEntries) on a to-project account, as in AFAS's example", async () => {
    expect((await postEntry(entryBody(onProjectAccount('P-1001')))).status).toBe(201);
    const line = simulator.entries[0]?.lines[1];
    expect(line).toMatchObject({ account: '4700', projects: ['P-1001'] });
  });

  it('refuses an invoice number already used for the creditor, naming both', async () => {
    expect((await postEntry(entryBody())).status).toBe(201);
    const error = await profitError(await postEntry(entryBody()));
    expect(error.externalMessage).toBe(
      "General message: Factuurnummer 'DEC-2026-001' wordt al gebruikt in financieel bij Crediteur 30001",
    );
    expect(simulator.entries).toHaveLength(1);
  });

  it('is all-or-nothing across several entries in one body', async () => {
    const good = entryBody() as { FiEntryPar: { Element: unknown } };
    const bad = entryBody(expenseLines('DEC-2'), { JoCo: '99' }) as { FiEntryPar: { Element: unknown } };
    const response = await postEntry({
      FiEntryPar: { Element: [good.FiEntryPar.Element, bad.FiEntryPar.Element] },
    });
    expect(response.status).toBe(500);
    expect(simulator.entries).toEqual([]);
  });

  it('refuses the same invoice twice within one body', async () => {
    const one = (entryBody() as { FiEntryPar: { Element: unknown } }).FiEntryPar.Element;
    await profitError(await postEntry({ FiEntryPar: { Element: [one, one] } }));
  });

  it.each([
    ['the header', { FiEntryPar: { Element: { Fields: [{ Year: 2026 }] } } }, 'FiEntryPar'],
    ['a line', entryBody([{ Fields: [{ VaAs: '1' }] as unknown as LineFields }]), 'FiEntries'],
  ])('says so when Fields of %s is a list, not an object', async (_case, body, object) => {
    const error = await profitError(await postEntry(body, 'en-us'));
    expect(error.externalMessage).toBe(
      `General message: 'Fields' of object '${object}' must be an object (field ids with their values), not a list.`,
    );
    expect(error.externalMessage).not.toMatch(/is missing/);
    expect(simulator.entries).toEqual([]);
  });

  it('answers invalid JSON with {"message":"Invalid json"}', async () => {
    const response = await call('/connectors/FiEntries', {
      method: 'POST',
      body: '{not json',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Invalid json' });
  });

  it.each([
    ['PUT', '/connectors/FiEntries'],
    ['POST', '/connectors/FiEntriesCustom'],
  ])('refuses %s %s', async (method, path) => {
    const error = await profitError(await call(path, { method, json: entryBody() }));
    expect(error.externalMessage).toMatch(/^General message: De methode (PUT|POST) wordt niet ondersteund/);
  });
});

describe('DELETE FiEntries', () => {
  it('removes an entry by entry number (and its free fields)', async () => {
    await postEntry(entryBody());
    await call('/connectors/FiEntriesCustom', {
      method: 'PUT',
      json: {
        FiEntriesCustom: {
          Element: {
            '@UnId': 1,
            '@EnNo': 70001,
            '@SeNo': 1,
            Fields: { [DEMO_FREE_FIELDS.reportNumber]: 'R1' },
          },
        },
      },
    });
    const response = await call('/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,70/FiEntries/@EnNo/70001', {
      method: 'DELETE',
    });
    expect(response.status).toBe(200);
    expect(simulator.entries).toEqual([]);
    expect(simulator.customFields).toEqual([]);
  });

  it('removes an entry by invoice number, so it can be booked again', async () => {
    await postEntry(entryBody());
    const response = await call(
      '/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,70/FiEntries/InId/DEC-2026-001',
      {
        method: 'DELETE',
      },
    );
    expect(response.status).toBe(200);
    expect((await postEntry(entryBody())).status).toBe(201);
  });

  it('refuses to delete what does not exist', async () => {
    const error = await profitError(
      await call('/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,70/FiEntries/@EnNo/123', { method: 'DELETE' }),
    );
    expect(error.externalMessage).toBe("De ingevulde waarde bij 'Nummer journaalpost' bestaat niet.");
  });
});

describe('PUT FiEntriesCustom', () => {
  const put = (element: unknown) =>
    call('/connectors/FiEntriesCustom', { method: 'PUT', json: { FiEntriesCustom: { Element: element } } });

  it('sets free fields on booked lines', async () => {
    await postEntry(entryBody());
    const response = await put([
      { '@UnId': '1', '@EnNo': '70001', '@SeNo': '1', Fields: { [DEMO_FREE_FIELDS.reportNumber]: 'R-1' } },
      {
        '@UnId': '1',
        '@EnNo': '70001',
        '@SeNo': '2',
        Fields: { [DEMO_FREE_FIELDS.reportLink]: 'https://x' },
      },
    ]);
    // AFAS's OpenAPI (Mutaties.json) declares only "201 Created" for this PUT: no body.
    expect(response.status).toBe(201);
    expect(response.headers.get('content-length')).toBe('0');
    expect(await response.text()).toBe('');
    expect(simulator.customFields).toEqual([
      { administration: 1, entryNumber: 70001, seqNo: 1, fields: { [DEMO_FREE_FIELDS.reportNumber]: 'R-1' } },
      {
        administration: 1,
        entryNumber: 70001,
        seqNo: 2,
        fields: { [DEMO_FREE_FIELDS.reportLink]: 'https://x' },
      },
    ]);
  });

  it.each([
    [
      'an entry that does not exist',
      { '@UnId': 1, '@EnNo': 1, '@SeNo': 1, Fields: {} },
      "De ingevulde waarde bij 'Nummer journaalpost' bestaat niet.",
    ],
    [
      'a line that does not exist',
      { '@UnId': 1, '@EnNo': 70001, '@SeNo': 9, Fields: {} },
      "De ingevulde waarde bij 'Volgnummer journaalpost' bestaat niet.",
    ],
    [
      'a free field that does not exist',
      { '@UnId': 1, '@EnNo': 70001, '@SeNo': 1, Fields: { U00000000000000000000000000000000: 'x' } },
      "General message: Veld 'U00000000000000000000000000000000' bestaat niet in object 'FiEntriesCustom'.",
    ],
    [
      'a missing key',
      { '@UnId': 1, '@EnNo': 70001, Fields: {} },
      "Vul een waarde in bij 'Volgnummer journaalpost'.",
    ],
  ])('refuses %s', async (_case, element, message) => {
    await postEntry(entryBody());
    expect((await profitError(await put(element))).externalMessage).toBe(message);
    expect(simulator.customFields).toEqual([]);
  });
});
