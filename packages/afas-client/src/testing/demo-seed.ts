import type { PeriodSeed, SimulatorSeed } from './seed.js';

/** The data part of the demo App Connector's classic token (64 hex, made up). */
export const DEMO_TOKEN_DATA = 'D3C1A4EE5E1D2B7A9C0F4E6D8B2A1C3E5F7091B3D5E7F9A1C3E5B7D9F1A3C5E7';

/** The data part of a token whose App Connector authorises only `Profit_Administrations`. */
export const DEMO_LIMITED_TOKEN_DATA = 'A0B1C2D3E4F5061728394A5B6C7D8E9F00112233445566778899AABBCCDDEEFF';

/** The demo App Connector's OAuth client. */
export const DEMO_OAUTH_CLIENT = {
  clientId: 'declaree-demo',
  clientSecret: 'demo-secret-not-for-production',
};

/** The demo App Connector's API key and the environment key, for the OTP token flow. */
export const DEMO_OTP_KEYS = {
  apiKey: '5A1E0C3F7B9D4E2A8C6F1B3D5E7A9C0F',
  environmentKey: 'E7A9C0F15A1E0C3F7B9D4E2A8C6F1B3D',
} as const;

/** Ids of the demo financial free fields on entry lines. */
export const DEMO_FREE_FIELDS = {
  /** 'Declaratienummer' (string, 40). */
  reportNumber: 'U6A1F0C3E9B2D4E5F8A7B6C5D4E3F2A10',
  /** 'Declaree-link' (string, 255). */
  reportLink: 'U8C2E4A6B0D1F3E5A7C9B8D6F4E2A0C11',
} as const;

/** The demo dossier item type for expense reports. */
export const DEMO_EXPENSE_REPORT_TYPE = 31;

const STANDARD_GET_CONNECTORS = [
  'Profit_Administrations',
  'Profit_Journals',
  'Profit_Accounts',
  'Profit_VAT_code',
  'Profit_Creditor',
  'Profit_Allocation_Assigments',
  'Profit_Projects',
  'Profit_periods_per_administration',
  'Profit_Transactions',
  'ProfitSubjects',
  'Profit_Subject_Attachments',
  'Profit_SubjectTypes',
];

const BLOCKED_2026_PERIODS = new Set([1, 2]);

function monthlyPeriods(administration: number, year: number): PeriodSeed[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = index + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const mm = String(month).padStart(2, '0');
    return {
      administration,
      year,
      period: month,
      start: `${year}-${mm}-01`,
      end: `${year}-${mm}-${lastDay}`,
      blocked: BLOCKED_2026_PERIODS.has(month),
      description: `Periode ${month} ${year}`,
    };
  });
}

/**
 * A realistic Dutch AFAS environment for expense-report exports: administration 1 "Demo B.V.",
 * journals 60 (Memoriaal) and 70 (Inkoop), expense accounts 4000–4600, VAT codes 0/1/2, creditors
 * 30001–30003 for employees 1001–1003, cost centres on axis 1, the 2026 periods (1 and 2 blocked),
 * dossier type 31 "Declaratierapport" and two free fields. See `docs/testing.md` for the full table.
 */
export const demoSeed: SimulatorSeed = {
  environmentId: '12345',
  kind: 'production',
  language: 'nl',
  profitVersion: '22.22.5',
  environmentKey: DEMO_OTP_KEYS.environmentKey,
  appConnectors: [
    {
      id: 'declaree',
      description: 'Declaree',
      group: 'Koppelingen (12345.declaree)',
      tokens: [DEMO_TOKEN_DATA],
      oauthClients: [DEMO_OAUTH_CLIENT],
      apiKey: DEMO_OTP_KEYS.apiKey,
      getConnectors: STANDARD_GET_CONNECTORS,
      updateConnectors: ['FiEntries', 'KnSubject', 'FiEntriesCustom'],
    },
    {
      id: 'limited',
      description: 'Alleen administraties',
      tokens: [DEMO_LIMITED_TOKEN_DATA],
      getConnectors: ['Profit_Administrations'],
      updateConnectors: [],
    },
  ],
  administrations: [
    { id: 1, name: 'Demo B.V.', code: 'DEMO' },
    { id: 2, name: 'Demo Holding B.V.', code: 'HOLD' },
  ],
  journals: [
    { administration: 1, code: '60', description: 'Memoriaal', type: 'Memoriaal' },
    { administration: 1, code: '70', description: 'Inkoop', type: 'Inkoop' },
    { administration: 1, code: '90', description: 'Oude inkoop', type: 'Inkoop', blocked: true },
    { administration: 2, code: '60', description: 'Memoriaal', type: 'Memoriaal' },
  ],
  allocationAxes: [
    { axis: 1, name: 'Kostenplaats', nameEn: 'Cost center' },
    { axis: 2, name: 'Kostendrager', nameEn: 'Cost carrier' },
  ],
  accounts: [
    { id: '1510', description: 'Te vorderen btw hoog', type: 'balance' },
    { id: '1520', description: 'Te vorderen btw laag', type: 'balance' },
    { id: '1600', description: 'Crediteuren', type: 'balance', vatAllowed: false },
    { id: '4000', description: 'Autokosten', vatCode: '1', axes: { 1: 'optional' } },
    { id: '4100', description: 'Reiskosten', vatCode: '2', axes: { 1: 'required' } },
    { id: '4300', description: 'Kantoorkosten', vatCode: '1' },
    { id: '4500', description: 'Representatiekosten', vatCode: '1', axes: { 1: 'required' } },
    { id: '4600', description: 'Boetes en schikkingen', vatAllowed: false },
    { id: '4700', description: 'Projectkosten', vatCode: '1', toProject: true },
    { id: '4900', description: 'Vervallen kosten', blocked: true },
  ],
  vatCodes: [
    { id: '0', description: 'Geen btw', percentage: 0 },
    { id: '1', description: 'Btw hoog 21%', percentage: 21, account: '1510' },
    {
      id: '2',
      description: 'Btw laag 9%',
      percentage: 9,
      account: '1520',
      allowedAccounts: ['1520', '4000', '4100', '4300', '4500'],
    },
  ],
  creditors: [
    { id: '30001', name: 'J. de Vries', iban: 'NL91ABNA0417164300', email: 'j.devries@demo.nl' },
    { id: '30002', name: 'A. Jansen', iban: 'NL20INGB0001234567', email: 'a.jansen@demo.nl' },
    { id: '30003', name: 'M. Bakker', iban: 'NL39RABO0300065264', email: 'm.bakker@demo.nl' },
    { id: '30009', name: 'Oud-medewerker', blocked: true },
  ],
  employees: [
    { id: '1001', name: 'Jan de Vries' },
    { id: '1002', name: 'Anna Jansen' },
    { id: '1003', name: 'Mila Bakker' },
  ],
  allocationCodes: [
    { axis: 1, code: 'KP100', description: 'Directie' },
    { axis: 1, code: 'KP200', description: 'Verkoop' },
    { axis: 1, code: 'KP300', description: 'ICT' },
    { axis: 1, code: 'PRJ001', description: 'Project Noord' },
  ],
  allocationAssignments: [
    ...['4000', '4100', '4300', '4500'].map((account) => ({
      administration: 1,
      account,
      axis: 1 as const,
      code: 'KP100',
    })),
    ...['4000', '4100', '4500'].map((account) => ({
      administration: 1,
      account,
      axis: 1 as const,
      code: 'KP200',
    })),
    ...['4100', '4300'].map((account) => ({ administration: 1, account, axis: 1 as const, code: 'KP300' })),
    { administration: 1, account: '4100', axis: 1, code: 'PRJ001' },
    { administration: 1, account: '4500', axis: 1, code: 'PRJ001', blocked: true },
  ],
  projects: [
    { id: 'P-1001', description: 'Implementatie Noord' },
    { id: 'P-0999', description: 'Afgesloten project', blocked: true },
  ],
  periods: [...monthlyPeriods(1, 2026), ...monthlyPeriods(2, 2026)],
  dossierTypes: [
    // Linked to the creditor (purchase relation, SfTp 11) as declaree-afas does; other destinations are refused.
    { id: DEMO_EXPENSE_REPORT_TYPE, description: 'Declaratierapport', destinations: [11] },
    { id: -5, description: 'Inkoopfactuur' },
  ],
  freeFields: [
    { id: DEMO_FREE_FIELDS.reportNumber, label: 'Declaratienummer', length: 40 },
    { id: DEMO_FREE_FIELDS.reportLink, label: 'Declaree-link', length: 255 },
  ],
};
