import type { DeclareeReportInput } from '../report.js';
import type { ExportSettingsInput } from '../settings.js';
import { samplePdf } from './pdf.js';

/**
 * Settings for the demo environment of `afas-client/testing` (`demoSeed`): administration 1, purchase
 * journal 70, dossier item type 31, and the two demo free fields.
 */
export function demoSettings(connection: { baseUrl: string; token: string }): ExportSettingsInput {
  return {
    environment: '12345',
    baseUrl: connection.baseUrl,
    token: connection.token,
    administration: 1,
    journal: '70',
    dossierItemType: 31,
    allocationAxis: 1,
    freeFields: {
      U6A1F0C3E9B2D4E5F8A7B6C5D4E3F2A10: '{report.number}',
      U8C2E4A6B0D1F3E5A7C9B8D6F4E2A0C11: 'https://app.declaree.com/reports/{report.id}',
    },
  };
}

const pdfFor = (number: string, who: string) => samplePdf([`Declaratie ${number}`, who, 'Declaree demo']);

/**
 * Sample expense reports matching the demo seed: two that book cleanly (one with a refund), one
 * with a typical mapping mistake (a project whose allocation code is not assigned to the category's
 * ledger account in AFAS), and one without VAT (a fine, on an account that allows no VAT).
 */
export function demoReports(): DeclareeReportInput[] {
  return [
    {
      id: 'rep_7f3a01',
      number: 'R-2026-0001',
      title: 'Klantbezoek Groningen',
      status: 'approved',
      submittedAt: '2026-03-09',
      approvedAt: '2026-03-10',
      currency: 'EUR',
      user: { name: 'Jan de Vries', email: 'j.devries@demo.nl', code: '30001', code2: '1001' },
      expenses: [
        {
          id: 'exp_1',
          date: '2026-03-05',
          description: 'Trein Utrecht–Groningen v.v.',
          merchant: 'NS',
          category: { name: 'Reiskosten', code: '4100' },
          amount: '54.50',
          vat: [{ rate: 9, amount: '4.50', code: '2', code2: '1520' }],
          project: { name: 'ICT', code: 'KP300' },
        },
        {
          id: 'exp_2',
          date: '2026-03-05',
          description: 'Lunch met klant',
          merchant: 'Het Goudkantoor',
          category: { name: 'Representatie', code: '4500' },
          amount: '72.60',
          vat: [{ rate: 21, amount: '12.60', code: '1', code2: '1510' }],
          project: { name: 'Directie', code: 'KP100' },
        },
        {
          id: 'exp_3',
          date: '2026-03-06',
          description: 'Parkeren P+R',
          merchant: 'Q-Park',
          category: { name: 'Autokosten', code: '4000' },
          amount: '12.10',
          vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }],
        },
      ],
      pdf: pdfFor('R-2026-0001', 'Jan de Vries'),
    },
    {
      id: 'rep_7f3a02',
      number: 'R-2026-0002',
      title: 'Kantoorartikelen thuiswerkplek',
      status: 'approved',
      submittedAt: '2026-03-11',
      approvedAt: '2026-03-12',
      currency: 'EUR',
      user: { name: 'Anna Jansen', email: 'a.jansen@demo.nl', code: '30002', code2: '1002' },
      expenses: [
        {
          id: 'exp_4',
          date: '2026-03-02',
          description: 'Bureaustoel',
          merchant: 'IKEA',
          category: { name: 'Kantoorkosten', code: '4300' },
          amount: '199.00',
          vat: [{ rate: 21, amount: '34.54', code: '1', code2: '1510' }],
        },
        {
          id: 'exp_5',
          date: '2026-03-04',
          description: 'Retour bureaulamp',
          merchant: 'IKEA',
          category: { name: 'Kantoorkosten', code: '4300' },
          amount: '-24.20',
          vat: [{ rate: 21, amount: '-4.20', code: '1', code2: '1510' }],
        },
      ],
      pdf: pdfFor('R-2026-0002', 'Anna Jansen'),
    },
    {
      id: 'rep_7f3a03',
      number: 'R-2026-0003',
      title: 'Relatiegeschenken',
      status: 'approved',
      submittedAt: '2026-03-13',
      approvedAt: '2026-03-16',
      currency: 'EUR',
      user: { name: 'Mila Bakker', email: 'm.bakker@demo.nl', code: '30003', code2: '1003' },
      expenses: [
        {
          id: 'exp_6',
          date: '2026-03-13',
          description: 'Bloemen relatie',
          merchant: 'Bloemenhuis',
          category: { name: 'Representatie', code: '4500' },
          amount: '36.30',
          vat: [{ rate: 21, amount: '6.30', code: '1', code2: '1510' }],
          project: { name: 'Project Noord', code: 'PRJ001' },
        },
      ],
      pdf: pdfFor('R-2026-0003', 'Mila Bakker'),
    },
    {
      id: 'rep_7f3a04',
      number: 'R-2026-0004',
      title: 'Parkeerboete dienstreis',
      status: 'approved',
      submittedAt: '2026-03-17',
      approvedAt: '2026-03-18',
      currency: 'EUR',
      user: { name: 'Anna Jansen', email: 'a.jansen@demo.nl', code: '30002', code2: '1002' },
      expenses: [
        {
          // A fine carries no VAT: no VAT part at all, so its cost line gets no VAT code.
          id: 'exp_7',
          date: '2026-03-16',
          description: 'Parkeerboete Rotterdam',
          merchant: 'Gemeente Rotterdam',
          category: { name: 'Boetes', code: '4600' },
          amount: '70.00',
        },
        {
          // Declaree's 0 % rate with code 0, on an account where AFAS allows no VAT: booked without it.
          id: 'exp_8',
          date: '2026-03-16',
          description: 'Administratiekosten CJIB',
          merchant: 'CJIB',
          category: { name: 'Boetes', code: '4600' },
          amount: '9.00',
          vat: [{ rate: 0, amount: '0.00', code: '0' }],
        },
      ],
      pdf: pdfFor('R-2026-0004', 'Anna Jansen'),
    },
  ];
}
