import {
  AfasAuthError,
  AfasConfigError,
  AfasForbiddenError,
  AfasHttpError,
  AfasNetworkError,
  AfasNotFoundError,
  AfasPayloadTooLargeError,
  AfasProfitError,
  type AfasRequestInfo,
  AfasTimeoutError,
  AfasUnavailableError,
} from 'afas-client';
import { describe, expect, it } from 'vitest';
import { type ExplanationDetails, explainAfasError } from '../src/index.js';

const FI_ENTRIES: AfasRequestInfo = {
  method: 'POST',
  connector: 'FiEntries',
  url: 'https://12345.rest.afas.online/ProfitRestServices/connectors/FiEntries',
};
const REFERENCE = '923A9F6F4D5875E0D7B96982F6E4E0D2';

/** An HTTP 500 from AFAS carrying `message`, as afas-client throws it. */
const profit = (message: string, request: AfasRequestInfo = FI_ENTRIES) =>
  new AfasProfitError(request, {
    externalMessage: message,
    errorNumber: -2147180996,
    profitLogReference: REFERENCE,
  });

describe('explainAfasError: AFAS messages (texts from AFAS docs and integrators’ catalogues)', () => {
  it.each<[string, string, ExplanationDetails]>([
    // Declaree help and Zenvoices (Dutch), Spend Cloud (English).
    [
      "Factuurnummer 'R-000123' wordt al gebruikt in financieel bij Crediteur 60013",
      'already-exported',
      { invoiceNumber: 'R-000123', creditor: '60013' },
    ],
    [
      'General message: Factuurnummer R-000123 wordt al gebruikt in financieel bij 60013',
      'already-exported',
      { invoiceNumber: 'R-000123', creditor: '60013' },
    ],
    [
      'General message: Invoice number R-000123 is already used in finance for Creditor 60013.',
      'already-exported',
      { invoiceNumber: 'R-000123', creditor: '60013' },
    ],
    // Any invoice number: with spaces and quotes, quoted or bare.
    [
      "General message: Factuurnummer 'R 2026 01' wordt al gebruikt in financieel bij Crediteur 60013",
      'already-exported',
      { invoiceNumber: 'R 2026 01', creditor: '60013' },
    ],
    [
      "General message: Invoice number Jan's R 7 is already used in finance for Creditor 60013.",
      'already-exported',
      { invoiceNumber: "Jan's R 7", creditor: '60013' },
    ],
    // The blocked-period message on its own (AFAS FiEntries docs).
    [
      'Voor deze administratie is periode 2 van jaar 2026 geblokkeerd.',
      'period-blocked',
      { period: 2, year: 2026 },
    ],
    [
      'For this administration, period 2 of the year 2026 is blocked.',
      'period-blocked',
      { period: 2, year: 2026 },
    ],
    // Declaree help (Dutch), Spend Cloud (English).
    [
      "Voor code verbijzondering 'P100' is geen toewijzing bij rekening '4510' of de toewijzing is geblokkeerd.",
      'allocation-not-assigned',
      { allocationCode: 'P100', account: '4510' },
    ],
    [
      "General message: There is no assignment for cost center '10575' with account '4108' or the assignment is blocked.",
      'allocation-not-assigned',
      { allocationCode: '10575', account: '4108' },
    ],
    // AFAS FiEntries docs (EN, NL), Spend Cloud.
    [
      "Allocation code for axis 'Cost center' must be filled for account 8074 | Allocation code for axis 'Cost Carrier' must be filled for account 8074",
      'allocation-required',
      { account: '8074', axes: ['Cost center', 'Cost Carrier'] },
    ],
    [
      "Code verbijzondering voor as 'Kostenplaats' moet gevuld worden voor rekening 8074 | Code verbijzondering voor as 'Kostendrager' moet gevuld worden voor rekening 8074",
      'allocation-required',
      { account: '8074', axes: ['Kostenplaats', 'Kostendrager'] },
    ],
    [
      'General message: Cost center assignment is required for account 132190.',
      'allocation-required',
      { account: '132190', axes: ['Cost center'] },
    ],
    [
      "Date '1-11-2024' belongs to a blocked period | For this administration, period 8 of the year 2024 is blocked.",
      'period-blocked',
      { date: '1-11-2024', period: 8, year: 2024 },
    ],
    [
      "Datum '1-11-2023' valt in een geblokkeerde periode | Voor deze administratie is periode 8 van jaar 2023 geblokkeerd.",
      'period-blocked',
      { date: '1-11-2023', period: 8, year: 2023 },
    ],
    // AFAS projects, in both languages (the simulator's texts, worded after AFAS's own).
    ["General message: De ingevulde waarde bij 'Project' bestaat niet", 'unknown-project', {}],
    ["General message: The entered value for 'Project' does not exist", 'unknown-project', {}],
    ['General message: Project P-0999 is geblokkeerd.', 'unknown-project', { project: 'P-0999' }],
    ['General message: Project P-0999 is blocked.', 'unknown-project', { project: 'P-0999' }],
    [
      'General message: Project moet gevuld worden voor rekening 4700',
      'project-required',
      { account: '4700' },
    ],
    ['General message: Project must be filled for account 4700', 'project-required', { account: '4700' }],
    ["Vul een waarde in bij 'Rekeningnummer'.", 'missing-account', { field: 'Rekeningnummer' }],
    ["Enter a value for 'Account Number'.", 'missing-account', { field: 'Rekeningnummer' }],
    [
      "(AntaObject) There is no value entered in mandatory field 'Rekeningnummer' (AcNr).",
      'missing-account',
      { field: 'Rekeningnummer' },
    ],
    ["De ingevulde waarde bij 'Rekeningnummer' bestaat niet", 'unknown-account', { field: 'Rekeningnummer' }],
    ["The entered value for 'Account Number' does not exist", 'unknown-account', { field: 'Rekeningnummer' }],
    [
      '(AntaObject) The foreignkey does not exist in the database. FieldId=Rekeningnummer, ForeignkeyId=KnAnt1',
      'unknown-account',
      { field: 'Rekeningnummer' },
    ],
    [
      '(AntaObject) The foreignkey does not exist in the database. FieldId=Btw-code, ForeignkeyId=KnVat',
      'unknown-vat-code',
      { field: 'Btw-code' },
    ],
    [
      "Exception UpdateConnector 'FiEntries': (AfasFiEntry)Vat is not allowed for account 84000.",
      'vat-not-allowed',
      { account: '84000' },
    ],
    [
      'General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
      'connector-not-authorised',
      { connector: 'FiEntries' },
    ],
    ["De ingevulde waarde bij 'Medewerker' bestaat niet.", 'value-does-not-exist', { field: 'Medewerker' }],
    ["The entered value for 'Employee' does not exist.", 'value-does-not-exist', { field: 'Employee' }],
    ['Deze bestemming is niet geldig voor dit type dossieritem', 'invalid-dossier-destination', {}],
    ['De maximale tijdsduur voor het uitvoeren van de opdracht is verstreken.', 'afas-timeout', {}],
    ['The maximum duration for performing the assignment has been exceeded.', 'afas-timeout', {}],
    ['Er is een onverwachte fout opgetreden.', 'unexpected-error', {}],
    ['An unexpected error has occurred.', 'unexpected-error', {}],
    ['General message: Buchungen für dieses Projekt sind nicht erlaubt.', 'profit-error', {}],
  ])('%s → %s', (message, code, details) => {
    const explanation = explainAfasError(profit(message));

    expect(explanation).toMatchObject({ code, details, afasMessage: message, profitLogReference: REFERENCE });
    expect(explanation.title).not.toBe('');
    expect(explanation.fix).not.toBe('');
  });

  it('says a duplicate invoice number means the report is already in AFAS, naming both numbers', () => {
    const explanation = explainAfasError(
      profit("Factuurnummer 'R-000123' wordt al gebruikt in financieel bij Crediteur 60013"),
    );

    expect(explanation).toMatchObject({ alreadyExported: true, retryable: false, checkBeforeRetry: false });
    expect(explanation.explanation).toBe(
      'AFAS already has invoice number (factuurnummer) R-000123 for creditor 60013: this report was exported before, often by an earlier attempt that timed out after AFAS had booked it.',
    );
  });

  it('names the project, its allocation code and the account when an allocation code is not assigned', () => {
    const explanation = explainAfasError(
      profit(
        "Voor code verbijzondering 'P100' is geen toewijzing bij rekening '4510' of de toewijzing is geblokkeerd.",
      ),
    );

    expect(explanation.fix).toBe(
      "Use project 'P100' only with categories whose ledger account allocation code P100 is assigned to, or have the AFAS administrator add (or unblock) the assignment of allocation code P100 to account 4510 (Financieel > Inrichting > Verbijzondering).",
    );
  });

  it('names the connector the App Connector lacks', () => {
    const request = { ...FI_ENTRIES, connector: 'FiEntriesCustom', method: 'PUT' };
    const explanation = explainAfasError(
      profit(
        'General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
        request,
      ),
    );

    expect(explanation.title).toBe('AFAS does not allow FiEntriesCustom for this token');
  });

  it('marks a locked booking layout as retryable (afas-client flags it transient)', () => {
    const explanation = explainAfasError(
      profit('De boekingslay-out is geblokkeerd door een andere gebruiker.'),
    );

    expect(explanation).toMatchObject({
      code: 'booking-layout-locked',
      retryable: true,
      alreadyExported: false,
    });
  });

  it('asks to look up before retrying when AFAS itself timed out', () => {
    expect(
      explainAfasError(profit('The maximum duration for performing the assignment has been exceeded.')),
    ).toMatchObject({
      retryable: false,
      checkBeforeRetry: true,
    });
  });

  it("follows afas-client's applied: AFAS's time-out on a read wrote nothing, so no look-up first", () => {
    const read = { ...FI_ENTRIES, method: 'GET', connector: 'Profit_Accounts' };
    const error = profit('The maximum duration for performing the assignment has been exceeded.', read);

    expect(error.applied).toBe('no');
    expect(explainAfasError(error)).toMatchObject({ code: 'afas-timeout', checkBeforeRetry: false });
  });
});

describe('explainAfasError: HTTP and transport failures', () => {
  it.each([
    [new AfasAuthError(FI_ENTRIES), 'unauthorised', false, false],
    [new AfasForbiddenError(FI_ENTRIES), 'ip-restricted', false, false],
    [new AfasNotFoundError(FI_ENTRIES), 'not-found', false, false],
    [new AfasPayloadTooLargeError(FI_ENTRIES), 'payload-too-large', false, false],
    [new AfasUnavailableError(FI_ENTRIES, {}, 7200), 'maintenance', true, false],
    [new AfasTimeoutError(FI_ENTRIES, 60_000, 'attempt'), 'timeout', false, true],
    [
      new AfasTimeoutError({ ...FI_ENTRIES, method: 'PUT', connector: 'FiEntriesCustom' }, 60_000, 'attempt'),
      'timeout',
      true,
      false,
    ],
    [new AfasNetworkError(FI_ENTRIES, new Error('ECONNREFUSED'), true), 'network', true, false],
    [new AfasNetworkError(FI_ENTRIES, new Error('ECONNRESET'), false), 'network', false, true],
  ] as const)('%s → %s (retryable %s, look up first %s)', (error, code, retryable, checkBeforeRetry) => {
    expect(explainAfasError(error)).toMatchObject({
      code,
      retryable,
      checkBeforeRetry,
      alreadyExported: false,
    });
  });

  it('passes on how long AFAS asked to wait during maintenance', () => {
    const explanation = explainAfasError(new AfasUnavailableError(FI_ENTRIES, {}, 7200));

    expect(explanation).toMatchObject({
      retryAfterSeconds: 7200,
      fix: 'Try again after 2 hours; afasstatus.nl shows the maintenance.',
    });
  });

  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [90, '2 minutes'],
    [3900, '1 hour 5 minutes'],
  ])('says a wait of %i s as "%s"', (seconds, words) => {
    expect(explainAfasError(new AfasUnavailableError(FI_ENTRIES, {}, seconds)).fix).toBe(
      `Try again after ${words}; afasstatus.nl shows the maintenance.`,
    );
  });

  it('explains a 401 with the place to make a new token', () => {
    expect(explainAfasError(new AfasAuthError(FI_ENTRIES)).fix).toContain(
      'Algemeen > Beheer > App connector > Gebruikerstokens',
    );
  });

  it('explains errors that did not come from afas-client', () => {
    expect(explainAfasError(new TypeError('pdf() rejected'))).toMatchObject({
      code: 'unknown',
      explanation: 'The export failed outside AFAS: pdf() rejected',
      retryable: false,
    });
  });
});

describe('explainAfasError: each text once', () => {
  it.each([
    ['an HTTP 418', new AfasHttpError(FI_ENTRIES, 418, {}, 'Ask the network administrator.')],
    [
      'bad settings',
      new AfasConfigError('Unknown environment kind "prod".', 'Use production, test or accept.'),
    ],
  ])('%s: the explanation (the SDK message) does not repeat the fix (its hint)', (_name, error) => {
    const explained = explainAfasError(error);
    expect(explained.fix.length).toBeGreaterThan(0);
    expect(explained.explanation).not.toContain(explained.fix);
    expect(explained.fix).toBe(error.hint);
  });
});

describe('explainAfasError: no VAT allowed on an account, with the fix that applies', () => {
  const refusal = profit('General message: Btw is niet toegestaan bij rekening 4600.');
  const accounts = (categories: string[], vatLedger: string[]) => ({
    categories: new Set(categories),
    vatLedger: new Set(vatLedger),
  });

  it.each([
    [
      'a category account',
      accounts(['4600'], ['1510']),
      'category',
      /set the VAT of those expenses to 0\.00/,
    ],
    [
      'a VAT ledger account (code (2))',
      accounts(['4300'], ['4600']),
      'vat-ledger',
      /Set that VAT rate's code \(2\)/,
    ],
  ] as const)('names %s and gives only its fix', (_name, known, role, fix) => {
    const explained = explainAfasError(refusal, { accounts: known });
    expect(explained.code).toBe('vat-not-allowed');
    expect(explained.details).toMatchObject({ account: '4600', accountRole: role });
    expect(explained.fix).toMatch(fix);
    expect(explained.fix).not.toMatch(role === 'category' ? /code \(2\)/ : /0\.00/);
    expect(explained.afasMessage).toContain('Btw is niet toegestaan bij rekening 4600');
  });

  it('in Dutch too', () => {
    const explained = explainAfasError(refusal, { accounts: accounts(['4300'], ['4600']), language: 'nl' });
    expect(explained.fix).toMatch(/^Zet code \(2\) van dat btw-tarief/);
    expect(explained.explanation).toMatch(/btw-grootboekrekening/);
  });

  it('without the report’s accounts, gives both fixes a bookkeeper can follow', () => {
    const explained = explainAfasError(refusal);
    expect(explained.details.accountRole).toBeUndefined();
    expect(explained.fix).toMatch(/category's code: .*0\.00.*VAT rate's code \(2\): set code \(2\)/);
    expect(explained.fix).toMatch(/Financieel > Grootboek > Grootboekrekeningen/);
  });
});
