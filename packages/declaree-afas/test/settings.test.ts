import { describe, expect, it } from 'vitest';
import { ExportSettingsSchema } from '../src/index.js';
import { settingsInput, TOKEN } from './fixtures.js';

/** Issues as `[path, message]`. */
function issues(input: unknown): [string, string][] {
  const result = ExportSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('ExportSettingsSchema', () => {
  it('fills the documented defaults', () => {
    expect(ExportSettingsSchema.parse(settingsInput())).toEqual({
      environment: 'O12345AA',
      token: TOKEN,
      administration: 1,
      journal: '60',
      dossierItemType: -5,
      creditorField: 'code',
      allocationAxis: 1,
      bookingDate: 'approved',
      moveBlockedPeriod: false,
      projects: { bookAs: 'allocation' },
      financialYear: { firstMonth: 1, periods: 12 },
      exportStatuses: ['approved'],
      templates: {
        entryDescription: 'Declaratie {report.number} {user.name}',
        lineDescription: '{category.name}: {expense.description}',
        dossierSubject: 'Declaratie {report.number} {user.name} {report.title}',
        fileName: 'Declaratie {report.number}.pdf',
      },
      freeFields: {},
      currency: 'EUR',
    });
  });

  it('reads numbers typed as text, as a CLI or form gives them', () => {
    const parsed = ExportSettingsSchema.parse(
      settingsInput({ administration: '2', journal: 60, dossierItemType: '-5' }),
    );

    expect([parsed.administration, parsed.journal, parsed.dossierItemType]).toEqual([2, '60', -5]);
  });

  it('accepts OAuth credentials instead of a token', () => {
    const { token: _omitted, ...withoutToken } = settingsInput();

    expect(issues({ ...withoutToken, oauth: { clientId: 'app', clientSecret: 's3cret' } })).toEqual([]);
  });

  it.each([
    ['neither token nor oauth', { token: undefined }, 'token', 'Give either token'],
    ['both token and oauth', { oauth: { clientId: 'a', clientSecret: 'b' } }, 'token', 'Give either token'],
    ['an unreadable token', { token: 'not a token' }, 'token', 'token'],
    ['an environment that is not one', { environment: 'X12' }, 'environment', 'is not an AFAS environment'],
    [
      'a kind that contradicts the name',
      { environmentKind: 'test' },
      'environment',
      'is a production environment',
    ],
    ['a plain-http base URL', { baseUrl: 'http://proxy.example' }, 'baseUrl', 'is not https'],
    ['a journal over 6 characters', { journal: 'INKOOP1' }, 'journal', 'at most 6 characters'],
    ['administration 0', { administration: 0 }, 'administration', 'must be 1 or more'],
    ['allocation axis 6', { allocationAxis: 6 }, 'allocationAxis', ''],
    [
      'an unknown placeholder',
      { templates: { entryDescription: '{report.nummer}' } },
      'templates.entryDescription',
      'Unknown placeholder {report.nummer}',
    ],
    [
      'an expense placeholder in a report template',
      { templates: { dossierSubject: '{expense.description}' } },
      'templates.dossierSubject',
      'describes one expense',
    ],
    [
      'a dossier subject that does not name the report',
      { templates: { dossierSubject: 'Declaratie {user.name}' } },
      'templates.dossierSubject',
      'must contain {report.number}',
    ],
    [
      'a free-field id that is not U + 32 hex',
      { freeFields: { U123: '{report.id}' } },
      'freeFields.U123',
      'U followed by 32',
    ],
    ['a currency that is not ISO', { currency: 'euro' }, 'currency', '3-letter'],
  ] as const)('refuses %s', (_, overrides, path, message) => {
    const found = issues({ ...settingsInput(), ...overrides });

    expect(found.some(([p, m]) => p === path && m.includes(message))).toBe(true);
  });

  it('never repeats the token in its messages', () => {
    const secret = 'ZZZZ-secret-token-ZZZZ';

    expect(JSON.stringify(issues(settingsInput({ token: secret })))).not.toContain(secret);
  });
});
