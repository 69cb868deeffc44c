import {
  createAfasSimulator,
  DEMO_EXPENSE_REPORT_TYPE,
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_TOKEN_DATA,
  demoSeed,
} from 'afas-client/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoReports, demoSettings } from '../src/demo/samples.js';
import { DeclareeExporter, type DryRunResult } from '../src/index.js';

const UPDATES_ONLY_TOKEN = 'B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0';
const simulator = createAfasSimulator({
  seed: {
    ...demoSeed,
    appConnectors: [
      ...demoSeed.appConnectors,
      {
        id: 'updates-only',
        description: 'Alleen schrijven',
        tokens: [UPDATES_ONLY_TOKEN],
        getConnectors: [],
        updateConnectors: ['FiEntries', 'KnSubject', 'FiEntriesCustom'],
      },
    ],
  },
});
const server = setupServer(...simulator.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  simulator.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

const NOW = new Date('2026-03-20T09:00:00Z');
const exporter = (token = DEMO_TOKEN_DATA, overrides: object = {}) =>
  new DeclareeExporter({
    settings: { ...demoSettings({ baseUrl: simulator.baseUrl, token }), ...overrides },
    now: () => NOW,
    clientOptions: { retry: false },
  });
const [clean, , mappingMistake] = demoReports() as [Record<string, unknown>, unknown, unknown];
const writes = () => simulator.requests.filter((r) => r.method !== 'GET');

describe('checkConnection', () => {
  it('passes for a complete App Connector and names administration and journal', async () => {
    const check = await exporter().checkConnection();
    expect(check.ok).toBe(true);
    expect(check.profitVersion).toBe('22.22.5');
    expect(Object.fromEntries(check.items.map((i) => [i.name, i.status]))).toEqual({
      connection: 'ok',
      'update-connectors': 'ok',
      'get-connectors': 'ok',
      administration: 'ok',
      journal: 'ok',
      'dossier-item-type': 'ok',
    });
    expect(check.items.find((i) => i.name === 'journal')?.message).toMatch(/Inkoop/);
    expect(check.items.find((i) => i.name === 'dossier-item-type')?.message).toBe(
      'Dossier item type 31 is "Declaratierapport".',
    );
  });

  it('says exactly which UpdateConnectors are missing and where to add them', async () => {
    const check = await exporter(DEMO_LIMITED_TOKEN_DATA).checkConnection();
    expect(check.ok).toBe(false);
    const updates = check.items.find((i) => i.name === 'update-connectors');
    expect(updates?.status).toBe('failed');
    expect(updates?.message).toMatch(
      /Financiële mutatie \(FiEntries\), Dossier \(KnSubject\), Financiële vrije velden \(FiEntriesCustom\)/,
    );
    expect(updates?.fix).toMatch(/Algemeen > Beheer > App connector .* UpdateConnectoren > Toevoegen/);
    expect(check.items.find((i) => i.name === 'journal')?.status).toBe('skipped');
    expect(check.items.find((i) => i.name === 'administration')?.status).toBe('ok');
  });

  it('reports an unknown token as a failed connection with an explanation', async () => {
    const check = await exporter(
      '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF',
    ).checkConnection();
    expect(check.ok).toBe(false);
    expect(check.items).toHaveLength(1);
    expect(check.items[0]?.explanation?.code).toBe('unauthorised');
  });

  it('finds a journal that does not exist', async () => {
    const check = await exporter(DEMO_TOKEN_DATA, { journal: '99' }).checkConnection();
    expect(check.items.find((i) => i.name === 'journal')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/Journal \(dagboek\) 99 does not exist/),
    });
  });
});

describe('checkConnection: what else can be wrong', () => {
  it('cannot judge the dossier item type when Profit_SubjectTypes lists none, as the export cannot', async () => {
    const empty = createAfasSimulator({ seed: { ...demoSeed, dossierTypes: [] } });
    server.use(...empty.handlers);
    const settings = {
      ...demoSettings({ baseUrl: empty.baseUrl, token: DEMO_TOKEN_DATA }),
      dossierItemType: 999,
    };
    const check = await new DeclareeExporter({ settings }).checkConnection();
    expect(check.items.find((i) => i.name === 'dossier-item-type')).toMatchObject({
      status: 'skipped',
      message: 'Not checked: Profit_SubjectTypes lists no dossier item types.',
    });
    expect(check.ok).toBe(true);
    // The dry run judges it the same way: not "could not be read", and no problem.
    const dry = await new DeclareeExporter({ settings, now: () => NOW }).dryRun(clean);
    expect(dry.ok).toBe(true);
    expect(dry.skipped).toEqual([
      expect.objectContaining({
        connector: 'Profit_SubjectTypes',
        reason: 'not-listed',
        note: 'lists no dossier item types',
      }),
    ]);
  });

  it('fails a dossier item type AFAS does not have, naming the setting, and says when it cannot tell', async () => {
    const check = await exporter(DEMO_TOKEN_DATA, { dossierItemType: 999 }).checkConnection();
    expect(check.ok).toBe(false);
    expect(check.items.find((i) => i.name === 'dossier-item-type')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/AFAS has no dossier item type 999/),
      fix: expect.stringMatching(/dossierItemType/),
    });
    const without = await exporter(UPDATES_ONLY_TOKEN, { dossierItemType: 999 }).checkConnection();
    expect(without.items.find((i) => i.name === 'dossier-item-type')).toMatchObject({
      status: 'skipped',
      message: 'Not checked: the GetConnector Profit_SubjectTypes is not authorised.',
    });
  });

  it('AFAS unreachable: one failed connection item that says nothing reached AFAS', async () => {
    const unreachable = 'https://99999.rest.afas.online/ProfitRestServices';
    server.use(http.all(`${unreachable}/*`, () => HttpResponse.error()));
    const check = await new DeclareeExporter({
      settings: demoSettings({ baseUrl: unreachable, token: DEMO_TOKEN_DATA }),
      clientOptions: { retry: false },
    }).checkConnection();
    expect(check.ok).toBe(false);
    expect(check.items.map((i) => [i.name, i.status])).toEqual([['connection', 'failed']]);
    expect(check.items[0]?.explanation?.code).toBe('network');
    expect(check.items[0]?.fix).toMatch(/Check the network/);
  });

  it('a missing administration fails its item and names where to look it up', async () => {
    const check = await exporter(DEMO_TOKEN_DATA, { administration: 7 }).checkConnection();
    expect(check.ok).toBe(false);
    expect(check.items.find((i) => i.name === 'administration')).toMatchObject({
      status: 'failed',
      message: 'Administration (administratie) 7 does not exist.',
      fix: expect.stringMatching(/Algemeen > Administratie > Openen/),
    });
  });

  it('warns when the journal is not a purchase journal', async () => {
    const check = await exporter(DEMO_TOKEN_DATA, { journal: '60' }).checkConnection();
    expect(check.ok).toBe(true);
    expect(check.items.find((i) => i.name === 'journal')).toMatchObject({
      status: 'warning',
      message: expect.stringMatching(/Memoriaal journal, not a purchase journal \(inkoopboek\)/),
    });
  });

  it('sends the partner IntegrationId setting with every request', async () => {
    await exporter(DEMO_TOKEN_DATA, { integrationId: '12345_67890' }).checkConnection();
    expect(simulator.requests.length).toBeGreaterThan(0);
    expect(simulator.requests.every((r) => r.headers['integrationid'] === '12345_67890')).toBe(true);
  });
});

describe('preflight', () => {
  it('finds nothing wrong with a clean report and runs every check', async () => {
    expect(await exporter().preflight(clean)).toEqual({ ok: true, problems: [], skipped: [], notes: [] });
    expect(writes()).toEqual([]);
  });

  it('names the Declaree field behind each master-data problem', async () => {
    const broken = {
      ...clean,
      user: { name: 'Jan de Vries', code: '39999' },
      expenses: [
        {
          id: 'a',
          date: '2026-03-05',
          category: { name: 'Onbekend', code: '4999' },
          amount: '12.10',
          vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }],
        },
        {
          id: 'b',
          date: '2026-03-05',
          category: { name: 'Boetes', code: '4600' },
          amount: '10.90',
          vat: [{ rate: 9, amount: '0.90', code: '2', code2: '1520' }],
        },
        {
          id: 'c',
          date: '2026-03-05',
          category: { name: 'Reis', code: '4100' },
          amount: '10.90',
          vat: [{ rate: 9, amount: '0.90', code: '7', code2: '1520' }],
        },
        {
          id: 'd',
          date: '2026-03-05',
          category: { name: 'Representatie', code: '4500' },
          amount: '12.10',
          vat: [{ rate: 21, amount: '2.10', code: '1', code2: '1510' }],
          project: { code: 'PRJ001' },
        },
      ],
    };
    const result = await exporter().preflight(broken);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.code, p.field, p.expenseId])).toEqual(
      expect.arrayContaining([
        ['unknown-account', 'expenses[0].category.code', 'a'],
        ['vat-not-allowed', 'expenses[1].vat[0].code', 'b'],
        ['allocation-required', 'expenses[2].project.code', 'c'],
        ['unknown-vat-code', 'expenses[2].vat[0].code', 'c'],
        ['allocation-not-assigned', 'expenses[3].project.code', 'd'],
        ['unknown-creditor', 'user.code', undefined],
      ]),
    );
    expect(result.problems.find((p) => p.code === 'allocation-not-assigned')?.message).toMatch(
      /PRJ001 .* 4500/,
    );
  });

  it('catches the demo mapping mistake before AFAS would refuse it', async () => {
    const result = await exporter().preflight(mappingMistake);
    expect(result.problems.map((p) => p.code)).toEqual(['allocation-not-assigned']);
  });

  it('refuses a report whose booking date falls in a blocked period, or moves it when asked', async () => {
    const february = { ...clean, approvedAt: '2026-02-10' };
    const refused = await exporter().preflight(february);
    expect(refused.problems.map((p) => p.code)).toEqual(['period-blocked']);

    const moved = await exporter(DEMO_TOKEN_DATA, { moveBlockedPeriod: true }).exportReport(february);
    expect(moved.status).toBe('exported');
    expect(moved.booking).toMatchObject({ date: '2026-03-01', year: 2026, period: 3 });
    expect(moved.booking?.moved?.reason).toMatch(/blocked/);
  });

  it('without the standard GetConnectors it says which checks it skipped, and exports still work', async () => {
    const result = await exporter(UPDATES_ONLY_TOKEN).preflight(clean);
    expect(result.ok).toBe(true);
    expect(result.skipped.map((s) => s.connector)).toEqual([
      'Profit_Accounts',
      'Profit_VAT_code',
      'Profit_Creditor',
      'Profit_Allocation_Assigments',
    ]);
    const exported = await exporter(UPDATES_ONLY_TOKEN).exportReport(clean);
    expect(exported.status).toBe('exported');
  });

  it("a dry run lists the preflight's skipped checks and the period it could not read, each with why", async () => {
    const result = await exporter(UPDATES_ONLY_TOKEN).dryRun(clean);
    expect(result.ok).toBe(true);
    expect(result.skipped.map((s) => [s.connector, s.reason])).toEqual([
      ['Profit_Accounts', 'not-authorised'],
      ['Profit_VAT_code', 'not-authorised'],
      ['Profit_Creditor', 'not-authorised'],
      ['Profit_Allocation_Assigments', 'not-authorised'],
      ['Profit_periods_per_administration', 'not-authorised'],
      ['Profit_SubjectTypes', 'not-authorised'],
    ]);
    expect((await exporter().dryRun(clean)).skipped).toEqual([]);
  });
});

describe('the dossier item type, checked against Profit_SubjectTypes before anything is sent', () => {
  const exportWith = (dossierItemType: number) => exporter(DEMO_TOKEN_DATA, { dossierItemType });
  const problemsOf = (result: DryRunResult) => (result.ok ? [] : result.problems);

  it('refuses a type AFAS does not list, naming the setting, and writes nothing', async () => {
    const result = await exportWith(998).exportReport(clean);
    expect(result.status).toBe('invalid');
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'settings.dossierItemType', code: 'unknown-dossier-type' }),
    ]);
    expect(writes()).toEqual([]);
  });

  it("accepts one of AFAS's own types (negative) when AFAS lists it, and books with it", async () => {
    const result = await exportWith(-5).exportReport(clean);
    expect(result.status).toBe('exported');
    expect(simulator.subjects[0]?.typeId).toBe(-5);
    expect(problemsOf(await exportWith(-7).dryRun(clean))).toEqual([
      expect.objectContaining({ code: 'unknown-dossier-type' }),
    ]);
  });

  it("cannot refuse one of AFAS's own types when the list has none of them (UNSURE whether AFAS lists them), and says so", async () => {
    const custom = createAfasSimulator({
      seed: { ...demoSeed, dossierTypes: (demoSeed.dossierTypes ?? []).filter((t) => t.id > 0) },
    });
    server.use(...custom.handlers);
    const onlyCustom = (dossierItemType: number) =>
      new DeclareeExporter({
        settings: { ...demoSettings({ baseUrl: custom.baseUrl, token: DEMO_TOKEN_DATA }), dossierItemType },
        now: () => NOW,
        clientOptions: { retry: false },
      });
    const own = await onlyCustom(-5).dryRun(clean);
    expect(own.ok).toBe(true);
    expect(own.skipped).toEqual([
      {
        check: 'the dossier item type exists in AFAS',
        connector: 'Profit_SubjectTypes',
        reason: 'not-listed',
        note: "lists none of AFAS's own dossier item types (the negative ones)",
      },
    ]);
    // A custom type is still checked against the list.
    expect(problemsOf(await onlyCustom(998).dryRun(clean))).toEqual([
      expect.objectContaining({ code: 'unknown-dossier-type' }),
    ]);
  });

  it('lists the check as not run when Profit_SubjectTypes cannot be read, and exports as before', async () => {
    simulator.inject({ fault: 'html', connector: 'Profit_SubjectTypes', times: Infinity });
    const dry = await exportWith(DEMO_EXPENSE_REPORT_TYPE).dryRun(clean);
    expect(dry.skipped).toEqual([
      expect.objectContaining({ connector: 'Profit_SubjectTypes', reason: 'read-failed' }),
    ]);
    expect((await exportWith(DEMO_EXPENSE_REPORT_TYPE).exportReport(clean)).status).toBe('exported');
  });
});

describe('a list of dossier item types too long to hold', () => {
  it('is no list: a type past the cut is not refused, and check says why it did not judge', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: i + 1, description: `Type ${i + 1}` }));
    const huge = createAfasSimulator({ seed: { ...demoSeed, dossierTypes: many } });
    server.use(...huge.handlers);
    const settings = {
      ...demoSettings({ baseUrl: huge.baseUrl, token: DEMO_TOKEN_DATA }),
      dossierItemType: 10_001,
    };
    const check = await new DeclareeExporter({ settings }).checkConnection();
    expect(check.items.find((i) => i.name === 'dossier-item-type')).toMatchObject({
      status: 'skipped',
      message: 'Not checked: Profit_SubjectTypes lists more than 10,000 types.',
    });
    const dry = await new DeclareeExporter({ settings, now: () => NOW }).dryRun(clean);
    expect(dry.ok).toBe(true);
  });
});

describe("AFAS's limits, kept for a while", () => {
  it('a dossier item type added in AFAS is seen within five minutes by the same exporter (as watch uses it)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const running = exporter(DEMO_TOKEN_DATA, { dossierItemType: 77 });
      expect((await running.exportReport(clean)).status).toBe('invalid');
      // Type 77 is added in AFAS.
      server.use(
        http.get(`${simulator.baseUrl}/connectors/Profit_SubjectTypes`, () =>
          HttpResponse.json({
            skip: 0,
            take: 1000,
            rows: [{ SubjectTypeId: 31 }, { SubjectTypeId: 77 }, { SubjectTypeId: -5 }],
          }),
        ),
      );
      // The same batch shares one read of the types…
      expect((await running.dryRun(clean)).ok).toBe(false);
      // …and a read after five minutes sees the new type.
      vi.setSystemTime(Date.now() + 5 * 60_000 + 1);
      expect((await running.dryRun(clean)).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
