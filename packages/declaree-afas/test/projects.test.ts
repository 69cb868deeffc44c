import { createAfasSimulator, DEMO_TOKEN_DATA } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoReports, demoSettings } from '../src/demo/samples.js';
import {
  DeclareeExporter,
  type DeclareeReportInput,
  type ExportSettingsInput,
  planBooking,
  validateReport,
} from '../src/index.js';
import { settings } from './fixtures.js';

// A Declaree project booked as an AFAS project (FiPrjEntries) instead of an allocation code, in the
// demo administration: account 4700 "Projectkosten" books to projects, P-1001 is open, P-0999 blocked.
const simulator = createAfasSimulator();
const server = setupServer(...simulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const NOW = new Date('2026-03-20T09:00:00Z');
const AS_PROJECT = { bookAs: 'project', itemCode: 'K-DECL' } as const;

/** The demo's first report with one expense: 121.00 incl. 21 % VAT on `account`, with `project`. */
function projectReport(account: string, project: string | undefined): DeclareeReportInput {
  const base = demoReports()[0]!;
  return {
    ...base,
    expenses: [
      {
        id: 'exp_p1',
        date: '2026-03-09',
        description: 'Installatie bij klant',
        merchant: 'Technische Unie',
        category: { name: 'Projectkosten', code: account },
        amount: '121.00',
        vat: [{ rate: 21, amount: '21.00', code: '1', code2: '1510' }],
        ...(project === undefined ? {} : { project: { name: 'Noord', code: project } }),
      },
    ],
  };
}

function exporter(overrides: Partial<ExportSettingsInput> = {}, preflight = true) {
  return new DeclareeExporter({
    settings: { ...demoSettings({ baseUrl: simulator.baseUrl, token: DEMO_TOKEN_DATA }), ...overrides },
    now: () => NOW,
    preflight,
    clientOptions: { retry: { retries: 0 }, timeout: 1000 },
  });
}

describe('projects booked as AFAS projects (FiPrjEntries)', () => {
  it('posts the cost line to the project at cost price under the item code, and AFAS books it', async () => {
    const result = await exporter({ projects: AS_PROJECT }).exportReport(projectReport('4700', 'P-1001'));
    expect(result.status).toBe('exported');
    const cost = simulator.entries[0]!.lines[1]!;
    expect(cost).toMatchObject({ account: '4700', debit: 100, projects: ['P-1001'], allocations: {} });
  });

  it("builds FiPrjEntries after AFAS's example: project, item type 6 (Kosten), item code, amount, quantity 1", () => {
    const s = settings({ projects: { ...AS_PROJECT, charge: true } });
    const report = validateReport(projectReport('4700', 'P-1001'), s);
    if (!report.ok) throw new Error('invalid');
    const plan = planBooking(report.report, s, { exportedAt: '2026-03-20T10:00:00' });
    const element = (plan.fiEntries.Objects as unknown[])[0] as {
      FiEntries: { Element: { Objects?: unknown }[] };
    };
    expect(element.FiEntries.Element[1]!.Objects).toEqual([
      {
        FiPrjEntries: {
          Element: {
            Fields: {
              PrId: 'P-1001',
              VaIt: '6',
              ItCd: 'K-DECL',
              Ds: plan.lines[1]!.description,
              Qu: 1,
              AmCo: '100.00',
              Ch: true,
            },
          },
        },
      },
    ]);
    expect(plan.lines[1]).toMatchObject({ project: 'P-1001' });
    expect(plan.lines[1]?.allocationCode).toBeUndefined();
  });

  it('posts a refund as a negative cost on the project', () => {
    const s = settings({ projects: AS_PROJECT });
    const refund = projectReport('4700', 'P-1001');
    const expense = refund.expenses[0]!;
    const report = validateReport(
      {
        ...refund,
        expenses: [{ ...expense, amount: '-121.00', vat: [{ ...expense.vat![0]!, amount: '-21.00' }] }],
      },
      s,
    );
    if (!report.ok) throw new Error('invalid');
    const plan = planBooking(report.report, s, { exportedAt: '2026-03-20T10:00:00' });
    expect(JSON.stringify(plan.fiEntries)).toContain('"AmCo":"-100.00"');
  });

  it('refuses an item code AFAS cannot hold, and an unknown bookAs, as settings problems', () => {
    expect(() => settings({ projects: { bookAs: 'project', itemCode: 'K'.repeat(41) } })).toThrow(
      /projects.itemCode has at most 40 characters/,
    );
    expect(() => settings({ projects: { bookAs: 'kostenplaats' } as never })).toThrow(/projects.bookAs is/);
  });

  it('refuses a project code longer than an AFAS project number before anything is sent', async () => {
    const result = await exporter({ projects: AS_PROJECT }).exportReport(
      projectReport('4700', 'P-12345678901234'),
    );
    expect(result.status).toBe('invalid');
    expect(result.problems[0]?.message).toMatch(/longer than 15 characters.*AFAS project number/);
    expect(simulator.entries).toEqual([]);
  });
});

describe('the project rules, checked before sending (preflight) and by AFAS', () => {
  it.each([
    ['an unknown project', 'P-4040', /Project P-4040 does not exist in AFAS/],
    ['a blocked project', 'P-0999', /Project P-0999 is blocked in AFAS/],
  ])('the preflight refuses %s, naming the fix; nothing is booked', async (_case, project, message) => {
    const result = await exporter({ projects: AS_PROJECT }).exportReport(projectReport('4700', project));
    expect(result.status).toBe('invalid');
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'unknown-project',
        field: 'expenses[0].project.code',
        message: expect.stringMatching(message),
      }),
    ]);
    expect(simulator.entries).toEqual([]);
  });

  it('the preflight refuses an expense without project on a to-project account', async () => {
    const result = await exporter({ projects: AS_PROJECT }).exportReport(projectReport('4700', undefined));
    expect(result.problems.map((p) => p.code)).toEqual(['project-required']);
    expect(result.problems[0]?.message).toMatch(/books to projects.*give the expense a project/);
  });

  it('the preflight says to book projects as AFAS projects when a to-project account meets allocations', async () => {
    const result = await exporter().exportReport(projectReport('4700', undefined));
    expect(result.problems.map((p) => p.code)).toEqual(['project-required']);
    expect(result.problems[0]?.message).toMatch(/set projects to \{ bookAs: 'project', itemCode \}/);
  });

  it.each([
    ['nl-nl', 'nl', 'Rekening 4700 vraagt een project', 'Project moet gevuld worden voor rekening 4700'],
    ['en-us', 'en', 'Account 4700 needs a project', 'Project must be filled for account 4700'],
  ] as const)(
    'without preflight AFAS refuses the missing project (%s), explained with its own text kept',
    async (language, explanationLanguage, title, afas) => {
      const result = await exporter({ language, explanationLanguage }, false).exportReport(
        projectReport('4700', undefined),
      );
      expect(result.status).toBe('failed');
      const explanation = result.steps.entry.explanation!;
      expect(explanation).toMatchObject({ code: 'project-required', title });
      expect(explanation.afasMessage).toContain(afas);
      expect(simulator.entries).toEqual([]);
    },
  );

  it.each([
    ['nl-nl', 'nl', 'P-4040', 'Het project bestaat niet in AFAS'],
    ['en-us', 'en', 'P-0999', 'Project P-0999 is blocked in AFAS'],
  ] as const)(
    'without preflight AFAS refuses an unknown or blocked project (%s), explained',
    async (language, explanationLanguage, project, title) => {
      const result = await exporter(
        { language, explanationLanguage, projects: AS_PROJECT },
        false,
      ).exportReport(projectReport('4700', project));
      expect(result.steps.entry.explanation).toMatchObject({ code: 'unknown-project', title });
      expect(simulator.entries).toEqual([]);
    },
  );
});
