import { expect, it } from 'vitest';

it('exposes exactly the documented runtime API', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
    'AmountSchema',
    'DeclareeExporter',
    'DeclareeReportSchema',
    'EXPLANATION_CODES',
    'ExpenseSchema',
    'ExportRecordSchema',
    'ExportSettingsSchema',
    'LOOKUP_CONNECTORS',
    'MAX_ENTRY_LINES',
    'MAX_INVOICE_NUMBER_LENGTH',
    'OAuthSettingsSchema',
    'PROBLEM_CODES',
    'TemplatesSchema',
    'UPDATE_CONNECTORS',
    'VatPartSchema',
    'bookingDateOf',
    'calendarPeriod',
    'choosePeriod',
    'explainAfasError',
    'explainAfasMessage',
    'fileJournal',
    'freeFieldElements',
    'invoiceNumberFor',
    'knSubjectElement',
    'memoryJournal',
    'planBooking',
    'resolveBookingPeriod',
    'validateReport',
  ]);
});
