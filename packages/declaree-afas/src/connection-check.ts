import type { AfasClient } from 'afas-client';
import { z } from 'zod';
import { type AfasErrorExplanation, explainAfasError } from './explain.js';
import { judgeDossierType, UNJUDGED_DOSSIER_TYPE } from './limits.js';
import {
  booleanCell,
  LOOKUP_CONNECTORS,
  type LookupConnector,
  MAX_DOSSIER_ITEM_TYPES,
  readDossierItemTypes,
  textCell,
  UPDATE_CONNECTORS,
} from './lookups.js';
import { type ExportSettings, explanationLanguageOf } from './settings.js';

/** One line of the connection checklist. */
export interface ConnectionCheckItem {
  /** What was checked, e.g. `token`, `update-connectors`, `journal`. */
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'skipped' | 'warning';
  /** What was found, in plain words. */
  readonly message: string;
  /** What to do, with the Dutch AFAS menu path where there is one. */
  readonly fix?: string | undefined;
  /** The AFAS error behind a failure. */
  readonly explanation?: AfasErrorExplanation | undefined;
}

/** The outcome of {@link checkConnection}: ok when no item failed. */
export interface ConnectionCheck {
  readonly ok: boolean;
  /** The Profit version, when AFAS answered. */
  readonly profitVersion?: string | undefined;
  readonly items: readonly ConnectionCheckItem[];
}

const UPDATE_CONNECTOR_NAMES: Readonly<Record<(typeof UPDATE_CONNECTORS)[number], string>> = {
  FiEntries: 'Financiële mutatie (FiEntries)',
  KnSubject: 'Dossier (KnSubject)',
  FiEntriesCustom: 'Financiële vrije velden (FiEntriesCustom)',
};

/** `JournalType` (dagboeksoort) of a purchase journal, as Profit_Journals shows it in Dutch or English. */
const PURCHASE_JOURNAL = /inkoop|purchase/i;

const APP_CONNECTOR_PATH = 'Algemeen > Beheer > App connector > (your App Connector)';

/**
 * Checks that an export can work: AFAS is reachable, the token is valid, the App Connector
 * authorises the three UpdateConnectors, and the administration, the journal and the dossier item
 * type exist (with a warning when the journal's type is readable and not a purchase journal). Reports exactly
 * what is missing and where in AFAS to add it.
 */
export async function checkConnection(
  client: AfasClient,
  settings: ExportSettings,
): Promise<ConnectionCheck> {
  const items: ConnectionCheckItem[] = [];
  let meta: Awaited<ReturnType<AfasClient['metainfo']>>;
  let profitVersion: string | undefined;
  try {
    [meta, profitVersion] = await Promise.all([client.metainfo(), client.profitVersion()]);
  } catch (error) {
    const explanation = explainAfasError(error, { language: explanationLanguageOf(settings) });
    items.push({
      name: 'connection',
      status: 'failed',
      message: explanation.explanation,
      fix: explanation.fix,
      explanation,
    });
    return { ok: false, items };
  }
  items.push({
    name: 'connection',
    status: 'ok',
    message: `AFAS Profit ${profitVersion} answered at ${client.baseUrl}; the token is valid.`,
  });

  const updates = new Set(meta.updateConnectors.map((c) => c.id));
  const missing = UPDATE_CONNECTORS.filter((id) => !updates.has(id));
  items.push(
    missing.length === 0
      ? {
          name: 'update-connectors',
          status: 'ok',
          message: 'FiEntries, KnSubject and FiEntriesCustom are authorised.',
        }
      : {
          name: 'update-connectors',
          status: 'failed',
          message: `The App Connector lacks ${missing.map((id) => UPDATE_CONNECTOR_NAMES[id]).join(', ')}.`,
          fix: `Add them under ${APP_CONNECTOR_PATH} > UpdateConnectoren > Toevoegen, and make sure the App Connector is not blocked (Geblokkeerd).`,
        },
  );

  const gets = new Set(meta.getConnectors.map((c) => c.id));
  const lookups = Object.values(LOOKUP_CONNECTORS);
  const absent = lookups.filter((id) => !gets.has(id));
  items.push(
    absent.length === 0
      ? {
          name: 'get-connectors',
          status: 'ok',
          message: 'All standard GetConnectors for checks and safe resuming are authorised.',
        }
      : {
          name: 'get-connectors',
          status: 'warning',
          message: `Not authorised: ${absent.join(', ')}. Exports still work; the checks and lookups that need these are skipped.`,
          fix: `Add them under ${APP_CONNECTOR_PATH} > GetConnectoren > Toevoegen to check reports before sending and to resume safely after a time-out.`,
        },
  );

  items.push(
    await lookup(
      explanationLanguageOf(settings),
      gets,
      LOOKUP_CONNECTORS.administrations,
      'administration',
      async () => {
        const { rows } = await client.get(LOOKUP_CONNECTORS.administrations, {
          where: { field: 'AdminId', op: 'eq', value: settings.administration },
          schema: z.object({ AdminId: z.coerce.number(), AdminNm: z.string().nullish() }),
        });
        const row = rows[0];
        return row
          ? {
              status: 'ok',
              message: `Administration (administratie) ${settings.administration} is "${row.AdminNm ?? ''}".`,
            }
          : {
              status: 'failed',
              message: `Administration (administratie) ${settings.administration} does not exist.`,
              fix: 'Look up the number under Algemeen > Administratie > Openen, column "Adm.", and correct the setting administration.',
            };
      },
    ),
  );
  items.push(
    await lookup(explanationLanguageOf(settings), gets, LOOKUP_CONNECTORS.journals, 'journal', async () => {
      const { rows } = await client.get(LOOKUP_CONNECTORS.journals, {
        where: [
          { field: 'UnitId', op: 'eq', value: settings.administration },
          { field: 'JournalId', op: 'eq', value: settings.journal },
        ],
        schema: z.object({
          Description: z.string().nullish(),
          JournalType: textCell,
          Blocked: booleanCell,
        }),
      });
      const row = rows[0];
      if (!row) {
        return {
          status: 'failed',
          message: `Journal (dagboek) ${settings.journal} does not exist in administration ${settings.administration}.`,
          fix: 'Look up the journal code under Financieel > Inrichting > Dagboeken and correct the setting journal.',
        };
      }
      return row.Blocked
        ? {
            status: 'failed',
            message: `Journal (dagboek) ${settings.journal} is blocked.`,
            fix: 'Unblock it in AFAS or choose another journal.',
          }
        : row.JournalType !== undefined && !PURCHASE_JOURNAL.test(row.JournalType)
          ? {
              status: 'warning',
              message: `Journal (dagboek) ${settings.journal} "${row.Description ?? ''}" is a ${row.JournalType} journal, not a purchase journal (inkoopboek): AFAS refuses a creditor line in most other journals, and expense reports belong in the purchase journal.`,
              fix: 'Choose a purchase journal under Financieel > Inrichting > Dagboeken (Dagboeksoort Inkoop) as the setting journal.',
            }
          : {
              status: 'ok',
              message: `Journal (dagboek) ${settings.journal} is "${row.Description ?? ''}".`,
            };
    }),
  );
  items.push(
    await lookup(
      explanationLanguageOf(settings),
      gets,
      LOOKUP_CONNECTORS.subjectTypes,
      'dossier-item-type',
      async () => {
        const type = settings.dossierItemType;
        const types = await readDossierItemTypes(client);
        if (types === undefined)
          return {
            status: 'skipped',
            message: `Not checked: ${LOOKUP_CONNECTORS.subjectTypes} lists more than ${MAX_DOSSIER_ITEM_TYPES.toLocaleString('en')} types.`,
          };
        const verdict = judgeDossierType(new Set(types.map((t) => t.id)), type);
        if (verdict === 'listed') {
          const { description } = types.find((t) => t.id === type) ?? {};
          return { status: 'ok', message: `Dossier item type ${type} is "${description ?? ''}".` };
        }
        // The export's verdict (it takes KnSubject's metainfo values first, which as far as we know
        // lists none): a list that cannot refuse the type is no failure.
        if (verdict === 'empty' || verdict === 'no-own-types')
          return {
            status: 'skipped',
            message: `Not checked: ${LOOKUP_CONNECTORS.subjectTypes} ${UNJUDGED_DOSSIER_TYPE[verdict]}.`,
          };
        return {
          status: 'failed',
          message: `AFAS has no dossier item type ${type} (Type dossieritem, StId), so the export refuses every report until it is fixed (nothing is sent).`,
          fix: 'Choose a type listed under Algemeen > Dossier > Beheer > Type dossieritem (one that may be linked to a purchase invoice) and set it as dossierItemType in the settings.',
        };
      },
    ),
  );
  return { ok: items.every((item) => item.status !== 'failed'), profitVersion, items };
}

async function lookup(
  language: 'en' | 'nl',
  gets: ReadonlySet<string>,
  connector: LookupConnector,
  name: string,
  run: () => Promise<Omit<ConnectionCheckItem, 'name'>>,
): Promise<ConnectionCheckItem> {
  if (!gets.has(connector))
    return {
      name,
      status: 'skipped',
      message: `Not checked: the GetConnector ${connector} is not authorised.`,
    };
  try {
    return { name, ...(await run()) };
  } catch (error) {
    const explanation = explainAfasError(error, { language });
    return { name, status: 'failed', message: explanation.explanation, fix: explanation.fix, explanation };
  }
}
