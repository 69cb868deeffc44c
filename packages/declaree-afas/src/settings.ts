import {
  AfasToken,
  checkBaseUrl,
  ENVIRONMENT_KINDS,
  isAfasError,
  LANGUAGES,
  resolveEnvironment,
} from 'afas-client';
import { z } from 'zod';
import {
  EXPENSE_PLACEHOLDERS,
  isExpensePlaceholder,
  isPlaceholder,
  placeholdersIn,
  REPORT_PLACEHOLDERS,
} from './internal/template.js';

/** Where a template is used decides which placeholders it may contain. */
type TemplateScope = 'report' | 'expense';

/** A `{placeholder}` template; unknown placeholders, and expense ones in a report template, are refused. */
function template(scope: TemplateScope) {
  return z.string().superRefine((text, ctx) => {
    for (const name of placeholdersIn(text)) {
      if (!isPlaceholder(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown placeholder {${name}}. Known: ${[...REPORT_PLACEHOLDERS, ...EXPENSE_PLACEHOLDERS].map((p) => `{${p}}`).join(', ')}.`,
        });
      } else if (scope === 'report' && isExpensePlaceholder(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `{${name}} describes one expense and cannot be used here; use it in templates.lineDescription or a free field.`,
        });
      }
    }
  });
}

/** A whole number given as a number or as digits (`1`, `'1'`, `'-5'`). */
function integer(label: string) {
  return z
    .union(
      [
        z.int(),
        z
          .string()
          .trim()
          .regex(/^-?\d+$/),
      ],
      { error: `${label} must be a whole number.` },
    )
    .transform(Number)
    .pipe(z.int({ error: `${label} must be a whole number.` }));
}

/** The templates, each with the default a Dutch bookkeeper expects to read in AFAS. */
export const TemplatesSchema = z.object({
  /**
   * Description (Omschrijving boeking, `Ds`) of the creditor line: what the bookkeeper sees in the
   * creditor's open items. Report placeholders only; cut at 255 characters.
   * @default 'Declaratie {report.number} {user.name}'
   */
  entryDescription: template('report').default('Declaratie {report.number} {user.name}'),
  /**
   * Description (`Ds`) of each cost line and VAT line of an expense. Report and expense placeholders.
   * @default '{category.name}: {expense.description}'
   */
  lineDescription: template('expense').default('{category.name}: {expense.description}'),
  /**
   * Subject (Onderwerp, `Ds`) of the dossier item that holds the report PDF.
   * @default 'Declaratie {report.number} {user.name} {report.title}'
   */
  dossierSubject: template('report')
    .refine((text) => /\{(report\.number|report\.id|invoice\.number)\}/.test(text), {
      error:
        'templates.dossierSubject must contain {report.number}, {report.id} or {invoice.number}: a rerun finds the dossier item of a report by its subject.',
    })
    .default('Declaratie {report.number} {user.name} {report.title}'),
  /**
   * File name of the PDF in the dossier item; `.pdf` is added when missing, characters Windows
   * forbids in file names are replaced by `_`.
   * @default 'Declaratie {report.number}.pdf'
   */
  fileName: template('report').default('Declaratie {report.number}.pdf'),
});

/** OAuth 2 client credentials of the App Connector (instead of a token). */
export const OAuthSettingsSchema = z.object({
  /** The App Connector's client id. */
  clientId: z.string().trim().min(1, { error: 'oauth.clientId is empty.' }),
  /** The client secret; never shown in messages. */
  clientSecret: z.string().min(1, { error: 'oauth.clientSecret is empty.' }),
  /** The token endpoint. @default `{baseUrl}/oauth/token` (see afas-client). */
  tokenUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Everything the export needs to know about the AFAS side: the connection (where and as whom) and
 * the booking (which administration, journal, fields and templates). Parse user input with
 * `ExportSettingsSchema.parse(…)`; defaults are filled in here and nowhere else.
 */
export const ExportSettingsSchema = z
  .object({
    /**
     * The AFAS environment (Klantomgeving / deelnemersnummer): `12345`, or the name AFAS shows,
     * `O12345AA` (production), `T12345AA` (test), `A12345AA` (accept).
     * Found under Algemeen > Omgeving > Beheer > Informatie.
     */
    environment: z
      .string({
        error:
          'environment is missing: add "environment" to the settings (e.g. "O12345AA", as AFAS shows it under Algemeen > Omgeving > Beheer > Informatie), or set AFAS_ENVIRONMENT when the CLI runs.',
      })
      .trim()
      .min(1, { error: 'environment is empty.' }),
    /** Production, test or accept; only needed with a bare participant number. @default 'production' */
    environmentKind: z.enum(ENVIRONMENT_KINDS).optional(),
    /**
     * The user token (Token) of the App Connector, created under App Connector > Gebruikerstokens.
     * The whole `<token>…</token>` XML (line breaks are fine) or only the part between `<data>` tags.
     * Give either `token` or `oauth`.
     */
    token: z.string().optional(),
    /** OAuth client credentials of the App Connector, instead of `token`. */
    oauth: OAuthSettingsSchema.optional(),
    /** A different REST base URL (a proxy or a local simulator); https, or http on loopback only. */
    baseUrl: z.string().optional(),
    /** Language of AFAS's own messages (`Accept-Language`). @default the environment's language */
    language: z.enum(LANGUAGES).optional(),
    /**
     * Language of the explanations of AFAS errors (`en` or `nl`; AFAS's own message is kept as it
     * came). @default `nl` when `language` is `nl-nl` or `nl-be`, else `en`
     */
    explanationLanguage: z.enum(['en', 'nl']).optional(),
    /**
     * AFAS partner `IntegrationId` (`{subscription}_{project}`), sent with every request when a
     * certified partner integration runs the export.
     */
    integrationId: z
      .string()
      .trim()
      .regex(/^\d+_\d+$/, {
        error: 'integrationId is {subscription}_{project}, digits only, e.g. 12345_67890.',
      })
      .optional(),

    /**
     * The administration (Administratie, `UnId`) to book in: Algemeen > Administratie > Openen,
     * column "Adm.".
     */
    administration: integer('administration').pipe(
      z.int().min(1, { error: 'administration must be 1 or more.' }),
    ),
    /**
     * The journal (Dagboek, `JoCo`, at most 6 characters) the reports are booked in, normally a
     * purchase journal (inkoopboek): Financieel > Inrichting > Dagboeken.
     */
    journal: z
      .union([z.string(), z.int()], { error: 'journal must be the journal code (dagboek), e.g. "60".' })
      .transform(String)
      .pipe(
        z
          .string()
          .trim()
          .min(1, { error: 'journal is empty.' })
          .max(6, { error: 'journal (dagboek) has at most 6 characters in AFAS.' }),
      ),
    /**
     * Which Declaree user field holds the creditor number (crediteurnummer): `code` or `code (2)`
     * (`'code2'`). Declaree calls this setting "crediteur" in its AFAS wizard.
     * @default 'code'
     */
    creditorField: z.enum(['code', 'code2']).default('code'),
    /**
     * The dossier item type (Type dossieritem, `StId`) for the report PDF: Algemeen > Dossier >
     * Beheer > Type dossieritem. AFAS's own types are negative numbers; the type must allow purchase
     * invoices (inkoopfacturen) / creditors as destination.
     */
    dossierItemType: integer('dossierItemType'),
    /**
     * The allocation axis (verbijzonderingsas, 1–5) that Declaree's project codes are
     * booked on (`FiDimEntries.DiC{axis}`): Financieel > Inrichting > Verbijzondering > Assen.
     * @default 1
     */
    allocationAxis: z
      .literal([1, 2, 3, 4, 5], { error: 'allocationAxis is the axis number 1 to 5.' })
      .default(1),
    /**
     * What a Declaree project (its `code`) becomes in AFAS. `{ bookAs: 'allocation' }`: an
     * allocation code (code verbijzondering) on `allocationAxis`, in `FiDimEntries`.
     * `{ bookAs: 'project', itemCode }`: a project posting (projectboeking, `FiPrjEntries`) on the
     * AFAS project with that number, as cost (item type 6, Kosten) under the item code (itemcode) you
     * give, e.g. a cost item (kostensoort) for expenses; `charge: true` marks it to be charged on to the
     * customer (doorbelasten). Ledger accounts marked "to project" (doorboeken naar projecten) need a
     * project posting on every line: use `'project'` when expenses book to such accounts.
     * @default { bookAs: 'allocation' }
     */
    projects: z
      .discriminatedUnion(
        'bookAs',
        [
          z.object({ bookAs: z.literal('allocation') }),
          z.object({
            bookAs: z.literal('project'),
            itemCode: z
              .string({
                error: 'projects.itemCode is the AFAS item code (itemcode) project costs are posted on.',
              })
              .trim()
              .min(1, { error: 'projects.itemCode is empty.' })
              .max(40, { error: 'projects.itemCode has at most 40 characters in AFAS.' }),
            itemType: z
              .enum(['1', '2', '6'], {
                error: "projects.itemType is '6' (Kosten, costs), '1' (Werksoort) or '2' (Artikel).",
              })
              .default('6'),
            charge: z.boolean().optional(),
          }),
        ],
        {
          error:
            "projects.bookAs is 'allocation' (an allocation code, code verbijzondering) or 'project' (an AFAS project).",
        },
      )
      .default({ bookAs: 'allocation' }),
    /**
     * The entry date (boekdatum; AFAS: "Datum boeking" `EnDa`, and the voucher date `BpDa`), which also
     * decides the year and period: the report's approval date, its latest expense date, or the
     * day of the export.
     * @default 'approved'
     */
    bookingDate: z.enum(['approved', 'expense', 'export']).default('approved'),
    /**
     * When the entry date falls in a blocked period (geblokkeerde periode), book on the first day
     * of the first open period after it instead of refusing the report.
     * @default false
     */
    moveBlockedPeriod: z.boolean().default(false),
    /**
     * The administration's financial year (boekjaar), used for year and period only when AFAS's
     * periods cannot be read (`Profit_periods_per_administration` not authorised or failing): the
     * month it starts in (1–12) and its number of periods, 12 (months) or 13 (four weeks from the
     * year's first day; the 13th takes the rest). The year is the calendar year the financial year
     * starts in.
     * @default { firstMonth: 1, periods: 12 }
     */
    financialYear: z
      .object({
        firstMonth: z
          .int({ error: 'financialYear.firstMonth is the month the financial year starts in, 1 to 12.' })
          .min(1, { error: 'financialYear.firstMonth is the month the financial year starts in, 1 to 12.' })
          .max(12, { error: 'financialYear.firstMonth is the month the financial year starts in, 1 to 12.' })
          .default(1),
        periods: z
          .literal([12, 13], { error: 'financialYear.periods is 12 (months) or 13 (four-week periods).' })
          .default(12),
      })
      .prefault({}),
    /**
     * Declaree statuses that may be exported (lower case). Declaree exports approved (goedgekeurd)
     * reports; add e.g. `'paid'` when reports are paid before they are booked.
     * @default ['approved']
     */
    exportStatuses: z.array(z.string().trim().toLowerCase().min(1)).min(1).default(['approved']),
    /** Description, subject and file-name templates. */
    templates: TemplatesSchema.prefault({}),
    /**
     * Free fields (vrije velden) on the booked lines, written through `FiEntriesCustom`: the AFAS
     * field id (`U` + 32 hexadecimal characters, shown in the field's properties under
     * Algemeen > Beheer > Vrije velden) → a template, e.g. `'{report.id}'` or a fixed text.
     * Report placeholders fill every line; a field using expense placeholders is left off the
     * creditor line.
     * @default {}
     */
    freeFields: z
      .record(z.string().regex(/^U[0-9A-Fa-f]{32}$/), template('expense'), {
        error: (issue) =>
          issue.code === 'invalid_key'
            ? 'A free-field id is U followed by 32 hexadecimal characters (e.g. U1B2F1C0F4928966011FE358D8DAD7554).'
            : 'freeFields maps AFAS free-field ids to templates.',
      })
      .default({}),
    /**
     * The currency of the administration (ISO 4217). Reports in another currency are refused.
     * @default 'EUR'
     */
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { error: 'currency is a 3-letter ISO code such as EUR.' })
      .default('EUR'),
  })
  .superRefine((settings, ctx) => {
    if ((settings.token === undefined) === (settings.oauth === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'Give either token (App Connector > Gebruikerstokens) or oauth, not both and not neither.',
      });
    }
    // Reuse the SDK's own checks so settings and client never disagree; their messages never echo secrets.
    const checks: ReadonlyArray<readonly [string, () => unknown]> = [
      ['environment', () => resolveEnvironment(settings.environment, settings.environmentKind)],
      ['token', () => settings.token !== undefined && AfasToken.from(settings.token)],
      ['baseUrl', () => settings.baseUrl !== undefined && checkBaseUrl(settings.baseUrl)],
    ];
    for (const [path, check] of checks) {
      try {
        check();
      } catch (error) {
        if (!isAfasError(error)) throw error;
        // A settings problem is listed on one line: what is wrong, then what to do.
        const message = error.hint ? `${error.message} ${error.hint}` : error.message;
        ctx.addIssue({ code: 'custom', path: [path], message });
      }
    }
  });

/** Export settings after parsing: defaults filled in. */
export type ExportSettings = z.output<typeof ExportSettingsSchema>;
/** Export settings as a user writes them (defaults optional). */
export type ExportSettingsInput = z.input<typeof ExportSettingsSchema>;
/** The description and file-name templates. */
export type Templates = z.output<typeof TemplatesSchema>;

/** The language explanations are given in: the setting, else Dutch for a Dutch `language`, else English. */
export function explanationLanguageOf(settings: ExportSettings): 'en' | 'nl' {
  return settings.explanationLanguage ?? (settings.language?.startsWith('nl') ? 'nl' : 'en');
}
