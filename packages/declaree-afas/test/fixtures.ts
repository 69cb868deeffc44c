import { type DeclareeReportInput, type ExportSettingsInput, ExportSettingsSchema } from '../src/index.js';

/** AFAS's own sample token data (published in its docs). */
export const TOKEN =
  '<token><version>1</version><data>949C1A9CD9AE4797950D94F55A7A4D056770472D4963CB9A8D3800BEE0CCE6A2</data></token>';

export const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46]);

/** Settings as a user would write them, with only what is required. */
export function settingsInput(overrides: Partial<ExportSettingsInput> = {}): ExportSettingsInput {
  return {
    environment: 'O12345AA',
    token: TOKEN,
    administration: 1,
    journal: '60',
    dossierItemType: -5,
    ...overrides,
  };
}

export function settings(overrides: Partial<ExportSettingsInput> = {}) {
  return ExportSettingsSchema.parse(settingsInput(overrides));
}

/** A two-expense approved report: a train ticket at 9 % and a lunch at 21 % with a project. */
export function reportInput(overrides: Partial<DeclareeReportInput> = {}): DeclareeReportInput {
  return {
    id: 9001,
    number: 'R-000123',
    title: 'Klantbezoek Utrecht',
    status: 'approved',
    submittedAt: '2025-03-03T09:15:00+01:00',
    approvedAt: '2025-03-04',
    currency: 'EUR',
    user: { name: 'Jan Jansen', email: 'jan@example.nl', code: '60013', code2: 'M042' },
    expenses: [
      {
        id: 'E1',
        date: '2025-03-01',
        description: 'Trein Amsterdam–Utrecht',
        merchant: 'NS',
        category: { name: 'Travel', code: '4400' },
        amount: '21.80',
        vat: [{ rate: 9, amount: '1.80', code: '2', code2: '1520' }],
      },
      {
        id: 'E2',
        date: '2025-03-02',
        description: 'Lunch klant',
        merchant: 'Café De Zaak',
        category: { name: 'Meals', code: '4510' },
        amount: 60.5,
        vat: [{ rate: '21', amount: 10.5, code: '1', code2: '1510' }],
        project: { name: 'Project Alpha', code: 'P100' },
      },
    ],
    pdf: PDF,
    ...overrides,
  };
}
