import { isAfasError } from 'afas-client';
import { inDutch } from './internal/explain-nl.js';
import { LedgerError } from './ledger/errors.js';

/** Every kind of explanation {@link explainAfasError} gives. */
export const EXPLANATION_CODES = [
  'already-exported',
  'missing-account',
  'unknown-account',
  'unknown-vat-code',
  'vat-not-allowed',
  'allocation-not-assigned',
  'allocation-required',
  'project-required',
  'unknown-project',
  'period-blocked',
  'connector-not-authorised',
  'booking-layout-locked',
  'invalid-dossier-destination',
  'unknown-dossier-item-type',
  'value-does-not-exist',
  'afas-timeout',
  'unexpected-error',
  'profit-error',
  'unauthorised',
  'ip-restricted',
  'maintenance',
  'payload-too-large',
  'not-found',
  'timeout',
  'network',
  'aborted',
  'unreadable-response',
  'schema-mismatch',
  'invalid-token',
  'invalid-settings',
  'ledger-unavailable',
  'http-error',
  'unknown',
] as const;

/** The kind of an {@link AfasErrorExplanation}. */
export type ExplanationCode = (typeof EXPLANATION_CODES)[number];

/** Names taken out of AFAS's message, so the explanation can be specific. */
export interface ExplanationDetails {
  /** Factuurnummer AFAS says is in use. */
  readonly invoiceNumber?: string | undefined;
  /** Crediteur (or relation) AFAS names. */
  readonly creditor?: string | undefined;
  /** Ledger account (rekening) AFAS names. */
  readonly account?: string | undefined;
  /**
   * What that account is in the report, when the caller said ({@link ExplainOptions.accounts}): a
   * category's code (a cost account) or a VAT rate's code (2) (the VAT ledger account).
   */
  readonly accountRole?: 'category' | 'vat-ledger' | undefined;
  /** Allocation code (code verbijzondering) AFAS names. */
  readonly allocationCode?: string | undefined;
  /** AFAS project (projectnummer) AFAS names. */
  readonly project?: string | undefined;
  /** Allocation axes (assen) AFAS says must be filled. */
  readonly axes?: readonly string[] | undefined;
  /** Date AFAS names, as AFAS wrote it (`1-11-2024`). */
  readonly date?: string | undefined;
  /** Blocked period number. */
  readonly period?: number | undefined;
  /** Year of the blocked period. */
  readonly year?: number | undefined;
  /** The AFAS field a value was refused for. */
  readonly field?: string | undefined;
  /** The connector that failed (`FiEntries`, `KnSubject`, `FiEntriesCustom` …). */
  readonly connector?: string | undefined;
}

/** An AFAS error in plain words: what happened, why, and what to do. */
export interface AfasErrorExplanation {
  /** What kind of error, for code that reacts to it. */
  readonly code: ExplanationCode;
  /** One line for a list or a toast. */
  readonly title: string;
  /** What happened and why, naming the codes involved. */
  readonly explanation: string;
  /** What to change, where (with the Dutch AFAS menu path where there is one). */
  readonly fix: string;
  /** The same request may be sent again after a pause: nothing was written and it may pass next time. */
  readonly retryable: boolean;
  /** AFAS may have processed the request after all: look it up before sending it again. */
  readonly checkBeforeRetry: boolean;
  /** AFAS already holds this report: nothing to book again. */
  readonly alreadyExported: boolean;
  /** Seconds AFAS asked to wait, when it said. */
  readonly retryAfterSeconds?: number | undefined;
  /** Names taken from AFAS's message. */
  readonly details: ExplanationDetails;
  /** AFAS's own message, unchanged. */
  readonly afasMessage?: string | undefined;
  /** AFAS's log reference (Algemeen > Beheer > Logboek); quote it to AFAS support. */
  readonly profitLogReference?: string | undefined;
}

type Explained = Pick<AfasErrorExplanation, 'code' | 'title' | 'explanation' | 'fix'> &
  Partial<Pick<AfasErrorExplanation, 'retryable' | 'checkBeforeRetry' | 'alreadyExported' | 'details'>>;

interface MessageRule {
  readonly patterns: readonly RegExp[];
  readonly explain: (match: RegExpExecArray, message: string, connector: string | undefined) => Explained;
}

const LOGBOOK =
  'the AFAS administrator finds the full message in Algemeen > Beheer > Logboek with the log reference';

/** First match wins: specific messages before the generic ones that would also match them. */
const RULES: readonly MessageRule[] = [
  {
    patterns: [
      // The number quoted or bare, and holding anything (spaces, quotes): up to the fixed words.
      /Factuurnummer\s+(?:'(.*)'|(.+?))\s+wordt al gebruikt in financieel bij\s+(?:crediteur\s+|relatie(?:nummer)?\s+)?'?([^'\s]+?)'?\.?(?:\s|$)/i,
      /Invoice number\s+(?:'(.*)'|(.+?))\s+is already used in finance for\s+(?:creditor\s+|relation\s+)?'?([^'\s]+?)'?\.?(?:\s|$)/i,
    ],
    explain: ([, quoted, bare, creditor = '']) => {
      const invoiceNumber = quoted ?? bare ?? '';
      return {
        code: 'already-exported',
        title: 'Already in AFAS',
        explanation: `AFAS already has invoice number (factuurnummer) ${invoiceNumber} for creditor ${creditor}: this report was exported before, often by an earlier attempt that timed out after AFAS had booked it.`,
        fix: `Nothing to book again. Check the entry under Financieel > Grootboek > Financiële mutaties (factuurnummer ${invoiceNumber}); to export the report again, delete that entry in AFAS first.`,
        alreadyExported: true,
        details: { invoiceNumber, creditor },
      };
    },
  },
  {
    patterns: [
      /Voor code verbijzondering\s+'([^']*)'\s+is geen toewijzing bij rekening\s+'([^']*)'/i,
      /There is no assignment for cost cent(?:er|re)\s+'([^']*)'\s+with account\s+'([^']*)'/i,
    ],
    explain: ([, allocationCode = '', account = '']) => ({
      code: 'allocation-not-assigned',
      title: `Allocation code ${allocationCode} is not assigned to account ${account}`,
      explanation: `The expense's project '${allocationCode}' is booked as allocation code (code verbijzondering) '${allocationCode}', and in AFAS that allocation code is assigned only to certain ledger accounts, not to account ${account} (the ledger account of the expense's category), or its assignment (toewijzing) to that account is blocked.`,
      fix: `Use project '${allocationCode}' only with categories whose ledger account allocation code ${allocationCode} is assigned to, or have the AFAS administrator add (or unblock) the assignment of allocation code ${allocationCode} to account ${account} (Financieel > Inrichting > Verbijzondering).`,
      details: { allocationCode, account },
    }),
  },
  {
    patterns: [
      /Allocation code for axis\s+'([^']*)'\s+must be filled for account\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
      /Code verbijzondering voor as\s+'([^']*)'\s+moet gevuld worden voor rekening\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
      /(Cost cent(?:er|re)) assignment is required for account\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
    ],
    explain: ([, axis = '', account = ''], message) => {
      const axes = [...message.matchAll(/\b(?:axis|as)\s+'([^']*)'/gi)].map((m) => m[1] ?? '');
      const all = axes.length > 0 ? axes : [axis];
      return {
        code: 'allocation-required',
        title: `Account ${account} needs an allocation code`,
        explanation: `Ledger account ${account} requires an allocation code (code verbijzondering) on axis ${all.map((a) => `'${a}'`).join(' and ')}, and an expense booked on it has no project, whose code would be booked as that allocation code.`,
        fix: `Give every expense whose category books to account ${account} a project in Declaree whose code is the AFAS allocation code. Declaree fills one axis (setting allocationAxis); if the account requires more, ask the AFAS administrator to make the others optional for account ${account}.`,
        details: { account, axes: all },
      };
    },
  },
  {
    patterns: [
      /Project moet gevuld worden voor rekening\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
      /Project must be filled for account\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
    ],
    explain: ([, account = '']) => ({
      code: 'project-required',
      title: `Account ${account} needs a project`,
      explanation: `Ledger account ${account} books to projects (doorboeken naar projecten) in AFAS, so every line on it needs a project posting, and an expense booked on it had none: it has no project in Declaree, or projects are booked as allocation codes (code verbijzondering).`,
      fix: `Give every expense whose category books to account ${account} a project in Declaree whose code is the AFAS project number, and set projects to { bookAs: 'project', itemCode } in the export settings; or give the category an account that does not book to projects.`,
      details: { account },
    }),
  },
  {
    patterns: [
      /De ingevulde waarde bij\s+'Project'\s+bestaat niet/i,
      /The entered value for\s+'Project'\s+does not exist/i,
      /Project\s+(\S+?)\s+is geblokkeerd/i,
      /Project\s+(\S+?)\s+is blocked/i,
    ],
    explain: ([, project]) => ({
      code: 'unknown-project',
      title: project ? `Project ${project} is blocked in AFAS` : 'The project does not exist in AFAS',
      explanation: project
        ? `AFAS project ${project} is blocked, so no costs can be posted to it.`
        : "An expense's project code is not a project number (projectnummer) AFAS knows.",
      fix: project
        ? `Have the AFAS administrator unblock project ${project} (Projecten > Project > Projecten), or give the expense another project in Declaree.`
        : "Set the project's code in Declaree to the AFAS project number (Projecten > Project > Projecten).",
      details: project ? { project } : {},
    }),
  },
  {
    patterns: [
      /Date\s+'([^']*)'\s+belongs to a blocked period/i,
      /Datum\s+'([^']*)'\s+valt in een geblokkeerde periode/i,
    ],
    explain: ([, date = ''], message) => {
      const period = /period(?:e)?\s+(\d+)\s+(?:of the year|van jaar)\s+(\d{4})/i.exec(message);
      const which = period ? `period ${period[1]} of ${period[2]}` : 'its period';
      return {
        code: 'period-blocked',
        title: "The entry date's period is blocked",
        explanation: `The entry date ${date} falls in ${which}, which is blocked (geblokkeerde periode) in this administration, so AFAS accepts no entries in it.`,
        fix: `Have the AFAS administrator unblock ${which} (Financieel > Inrichting > Boekjaren, periode deblokkeren), or turn on the setting moveBlockedPeriod to book in the first open period, or choose another entry date (the setting bookingDate).`,
        details: {
          date,
          ...(period ? { period: Number(period[1]), year: Number(period[2]) } : {}),
        },
      };
    },
  },
  {
    // AFAS's message for the period itself, without a date ("periode 2 van jaar 2026").
    patterns: [
      /Voor deze administratie is periode\s+(\d+)\s+van jaar\s+(\d{4})\s+geblokkeerd/i,
      /For this administration,? period\s+(\d+)\s+of the year\s+(\d{4})\s+is blocked/i,
    ],
    explain: ([, period = '', year = '']) => ({
      code: 'period-blocked',
      title: "The entry date's period is blocked",
      explanation: `Period ${period} of ${year} is blocked (geblokkeerde periode) in this administration, so AFAS accepts no entries in it.`,
      fix: `Have the AFAS administrator unblock period ${period} of ${year} (Financieel > Inrichting > Boekjaren, periode deblokkeren), or turn on the setting moveBlockedPeriod to book in the first open period, or choose another entry date (the setting bookingDate).`,
      details: { period: Number(period), year: Number(year) },
    }),
  },
  {
    patterns: [
      /Vul een waarde in bij\s+'Rekeningnummer'/i,
      /Enter a value for\s+'(?:Account Number|Rekeningnummer)'/i,
      /no value entered in (?:the )?mandatory field\s+'Rekeningnummer'/i,
    ],
    explain: () => ({
      code: 'missing-account',
      title: 'A line has no account number',
      explanation:
        'A line reached AFAS without account number (rekeningnummer): the employee has no creditor number in the user field chosen as creditor, or a VAT rate has no VAT ledger account in its code (2).',
      fix: "In Declaree, fill the user's creditor code (crediteurnummer) and, for every VAT rate, both code (btw-code) and code (2) (btw-grootboekrekening).",
      details: { field: 'Rekeningnummer' },
    }),
  },
  {
    patterns: [
      /De ingevulde waarde bij\s+'Rekeningnummer'\s+bestaat niet/i,
      /The entered value for\s+'Account Number'\s+does not exist/i,
      /FieldId=Rekeningnummer,?\s*Foreign ?key ?id=KnAnt/i,
    ],
    explain: () => ({
      code: 'unknown-account',
      title: 'An account number does not exist in AFAS',
      explanation:
        'One of the account numbers (rekeningnummer) does not exist in this administration: the creditor number (crediteurnummer) of the user, the ledger account (grootboekrekening) of a category, or the VAT ledger account of a VAT rate. It also happens when the journal (dagboek) is not a purchase journal.',
      fix: 'Compare the codes in Declaree with AFAS: creditors under Financieel > Crediteuren, ledger accounts under Financieel > Grootboek > Grootboekrekeningen; the setting journal must be a purchase journal (inkoopboek) of this administration.',
      details: { field: 'Rekeningnummer' },
    }),
  },
  {
    patterns: [
      /De ingevulde waarde bij\s+'Type dossieritem'\s+bestaat niet/i,
      /The entered value for\s+'Dossier item type'\s+does not exist/i,
    ],
    explain: () => ({
      code: 'unknown-dossier-item-type',
      title: 'The dossier item type does not exist in AFAS',
      explanation:
        "The setting dossierItemType names a dossier item type (Type dossieritem, StId) this AFAS environment does not have, so AFAS refused the dossier item with the report's PDF. The entry itself is booked.",
      fix: 'Set dossierItemType in the settings to a type listed under Algemeen > Dossier > Beheer > Type dossieritem (one that may be linked to a purchase invoice), then export again: the entry is not booked twice, only the dossier item and the free fields are added.',
      details: { field: 'Type dossieritem' },
    }),
  },
  {
    patterns: [
      /FieldId=Btw-code,?\s*Foreign ?key ?id=KnVat/i,
      /De ingevulde waarde bij\s+'Btw-code'\s+bestaat niet/i,
      /The entered value for\s+'VAT code'\s+does not exist/i,
    ],
    explain: () => ({
      code: 'unknown-vat-code',
      title: 'A VAT code does not exist in AFAS',
      explanation: "A VAT rate's code is not a VAT code (btw-code) of this AFAS environment.",
      fix: 'Set the code of every VAT rate in Declaree to an existing AFAS VAT code (Financieel > Inrichting > Btw > Btw-codes).',
      details: { field: 'Btw-code' },
    }),
  },
  {
    patterns: [
      /Vat is not allowed for account\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
      /Btw is niet toegestaan (?:voor|bij) rekening\s+'?([^'\s|]+?)'?\.?(?:\s|\||$)/i,
    ],
    explain: ([, account = '']) => ({
      code: 'vat-not-allowed',
      title: `No VAT allowed on account ${account}`,
      explanation: `Ledger account ${account} does not accept a VAT code (btw-code), but a line booked on it has one. In Declaree, account ${account} is either a category's code (the cost account of an expense) or a VAT rate's code (2) (the VAT ledger account, btw-grootboekrekening).`,
      fix: `If ${account} is a category's code: when the receipts carry no VAT, set the VAT of those expenses to 0.00 (or remove their VAT rate) in Declaree and export again; they are then booked without a VAT code. When they do carry VAT, give the category a ledger account that allows VAT. If ${account} is a VAT rate's code (2): set code (2) to the VAT ledger account (btw-grootboekrekening, e.g. "Te vorderen btw") that belongs to the VAT code. The AFAS administrator sees which accounts allow VAT under Financieel > Grootboek > Grootboekrekeningen.`,
      details: { account },
    }),
  },
  {
    patterns: [/(?:niet ondersteund|not supported).*(?:niet geautoriseerd|not authori[sz]ed)/i],
    explain: (_, _message, connector) => ({
      code: 'connector-not-authorised',
      title: `AFAS does not allow ${connector ?? 'this connector'} for this token`,
      explanation: `The App Connector behind the token does not include the UpdateConnector${connector === undefined ? '' : ` ${connector}`} (Financiële mutatie FiEntries, Dossier KnSubject and Financiële vrije velden FiEntriesCustom are all needed), or the token's user has no rights to it.`,
      fix: 'In AFAS open Algemeen > Beheer > App connector, open this App Connector and add the three UpdateConnectors FiEntries, KnSubject and FiEntriesCustom; check that the user group of the token may use them.',
      details: connector === undefined ? {} : { connector },
    }),
  },
  {
    patterns: [
      /(?:boekingslay-?out|booking ?lay-?out|boekingsscherm).*(?:geblokkeerd|blocked|locked|vergrendeld|in gebruik)/i,
    ],
    explain: () => ({
      code: 'booking-layout-locked',
      title: 'Someone is booking in AFAS right now',
      explanation:
        'The booking layout (boekingslay-out) of the journal is in use by another user, so AFAS refused the entry and wrote nothing.',
      fix: 'Try again in a minute; if it keeps failing, ask whoever is booking in this journal in AFAS to close the booking screen.',
      retryable: true,
    }),
  },
  {
    patterns: [
      /bestemming is niet geldig voor dit type dossieritem/i,
      /destination is not valid for this (?:type of )?(?:dossier|subject) ?item/i,
    ],
    explain: () => ({
      code: 'invalid-dossier-destination',
      title: 'The dossier item type does not fit a purchase invoice',
      explanation:
        'The dossier item type (type dossieritem, setting dossierItemType) does not allow a purchase invoice / creditor (inkoopfactuur / crediteur) as destination, so AFAS refused the dossier item with the report PDF. The entry itself is booked.',
      fix: 'Choose a dossier item type whose destinations include purchase invoices (Algemeen > Dossier > Beheer > Type dossieritem, tab Bestemmingen), set it as dossierItemType and export again: the entry is not booked twice.',
    }),
  },
  {
    patterns: [
      /De ingevulde waarde bij\s+'([^']+)'\s+bestaat niet/i,
      /The entered value for\s+'([^']+)'\s+does not exist/i,
      /FieldId=([^,]+),\s*Foreign ?key ?id=/i,
    ],
    explain: ([, field = '']) => ({
      code: 'value-does-not-exist',
      title: `The value for '${field}' does not exist in AFAS`,
      explanation: `AFAS does not know the value sent for the field '${field}'.`,
      fix: `Compare the code Declaree sends for '${field}' with AFAS; ${LOGBOOK}.`,
      details: { field },
    }),
  },
  {
    patterns: [
      /maximale tijdsduur voor het uitvoeren van de opdracht is verstreken/i,
      /maximum duration for performing the assignment has been exceeded/i,
    ],
    explain: () => ({
      code: 'afas-timeout',
      title: 'AFAS took too long',
      explanation:
        'AFAS stopped the request after its 15-minute limit; it may or may not have been processed.',
      fix: 'Look the report up in AFAS (factuurnummer) before exporting it again; if it is not there, try again later.',
      checkBeforeRetry: true,
    }),
  },
  {
    patterns: [/onverwachte fout/i, /unexpected error/i],
    explain: () => ({
      code: 'unexpected-error',
      title: 'AFAS reported an unexpected error',
      explanation: 'AFAS gave no reason; nothing of this request was written.',
      fix: `Try once more; if it fails again, ${LOGBOOK} and can quote it to AFAS support.`,
    }),
  },
];

/**
 * Explains an error from afas-client (or anything thrown during an export) in plain words: the
 * known AFAS messages in Dutch and English (the Declaree help's table and AFAS's own docs), HTTP
 * 401/403/404/413/503, time-outs and network failures. AFAS's own message and log reference are kept.
 * With `language: 'nl'` the AFAS refusals and common connection failures are explained in Dutch;
 * the rest stays English.
 */
export function explainAfasError(error: unknown, options: ExplainOptions = {}): AfasErrorExplanation {
  const explanation = withAccountRole(explainInEnglish(error), options.accounts);
  return options.language === 'nl' ? inDutch(explanation) : explanation;
}

/** Options of {@link explainAfasError}. */
export interface ExplainOptions {
  readonly language?: ExplanationLanguage | undefined;
  /**
   * The ledger accounts of the report being exported, so that an explanation naming an account can
   * say which it is: a category's code (cost account) or a VAT rate's code (2) (VAT ledger account).
   */
  readonly accounts?:
    | { readonly categories: ReadonlySet<string>; readonly vatLedger: ReadonlySet<string> }
    | undefined;
}

/** A VAT-not-allowed explanation with the one fix that applies, when the account's role is known. */
function withAccountRole(
  explanation: AfasErrorExplanation,
  accounts: ExplainOptions['accounts'],
): AfasErrorExplanation {
  const account = explanation.details.account;
  if (explanation.code !== 'vat-not-allowed' || account === undefined || accounts === undefined) {
    return explanation;
  }
  const category = accounts.categories.has(account);
  const vatLedger = accounts.vatLedger.has(account);
  if (category === vatLedger) return explanation; // neither, or both: keep both fixes
  const where =
    'The AFAS administrator sees which accounts allow VAT under Financieel > Grootboek > Grootboekrekeningen.';
  return category
    ? {
        ...explanation,
        details: { ...explanation.details, accountRole: 'category' },
        explanation: `Ledger account ${account} does not accept a VAT code (btw-code), but it is the code of an expense category in this report, and that expense has VAT.`,
        fix: `When the receipts carry no VAT, set the VAT of those expenses to 0.00 (or remove their VAT rate) in Declaree and export again; they are then booked without a VAT code. When they do carry VAT, give the category a ledger account that allows VAT. ${where}`,
      }
    : {
        ...explanation,
        details: { ...explanation.details, accountRole: 'vat-ledger' },
        explanation: `Ledger account ${account} does not accept a VAT code (btw-code), but it is a VAT rate's code (2) in this report: the VAT ledger account (btw-grootboekrekening) the VAT is booked on.`,
        fix: `Set that VAT rate's code (2) in Declaree to the VAT ledger account that belongs to its VAT code (e.g. "Te vorderen btw", often 1510 or 1520), and export again. ${where}`,
      };
}

/** The language of explanations: English, or Dutch (`nl`) where a Dutch text exists. */
export type ExplanationLanguage = 'en' | 'nl';

function explainInEnglish(error: unknown): AfasErrorExplanation {
  if (error instanceof LedgerError) {
    return finish({
      code: 'ledger-unavailable',
      title: 'The ledger cannot be used',
      explanation: error.message,
      fix: error.hint,
    });
  }
  if (!isAfasError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return finish({
      code: 'unknown',
      title: 'Unexpected failure',
      explanation: `The export failed outside AFAS: ${message}`,
      fix: 'Report this to the maintainers of declaree-afas with the message above.',
    });
  }
  const request = readRequest(error);
  const connector = request?.connector;
  const post = request?.method === 'POST';
  // afas-client decides whether the failed call may have written to AFAS; a POST that may have
  // booked must be looked up first, a PUT or DELETE may simply be repeated.
  const applied = Reflect.get(error, 'applied') === 'no' ? 'no' : 'unknown';
  const lookUpFirst = post && applied === 'unknown';
  const afas = {
    afasMessage: readString(error, 'externalMessage'),
    profitLogReference: readString(error, 'profitLogReference'),
  };
  switch (error.kind) {
    case 'profit': {
      const transient = Reflect.get(error, 'transient') === true;
      return explainAfasMessage(afas.afasMessage ?? '', { ...afas, connector, transient, lookUpFirst });
    }
    case 'auth':
      return finish({
        code: 'unauthorised',
        title: 'AFAS did not accept the token',
        explanation:
          'AFAS answered 401: the token is wrong, revoked, or belongs to another environment (production, test and accept each have their own tokens).',
        fix: 'Create a new token under Algemeen > Beheer > App connector > Gebruikerstokens and paste it (the whole <token>…</token> text, or the part between <data> and </data>); check the environment number and that the App Connector is not blocked (Geblokkeerd).',
        ...afas,
      });
    case 'forbidden':
      return finish({
        code: 'ip-restricted',
        title: 'AFAS refused this computer',
        explanation:
          "AFAS answered 403: the App Connector only accepts certain IP addresses, and this machine's is not one of them.",
        fix: "Add this machine's public IP address to the App Connector's IP restriction (Algemeen > Beheer > App connector), or remove the restriction.",
        ...afas,
      });
    case 'unavailable': {
      const retryAfter = Reflect.get(error, 'retryAfter');
      return finish({
        code: 'maintenance',
        title: 'AFAS Online is in maintenance',
        explanation:
          'AFAS answered 503: the environment is unavailable, usually for scheduled maintenance. Nothing was written.',
        fix: `Try again ${typeof retryAfter === 'number' ? `after ${waitText(retryAfter)}` : 'later'}; afasstatus.nl shows the maintenance.`,
        retryable: true,
        ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
        ...afas,
      });
    }
    case 'payload-too-large':
      return finish({
        code: 'payload-too-large',
        title: 'The report PDF is too large for AFAS',
        explanation:
          'AFAS accepts at most 75 MB per request, the PDF of the dossier item included, and this one is larger.',
        fix: 'Make the report PDF smaller in Declaree (fewer or compressed receipts) and export again.',
        ...afas,
      });
    case 'not-found':
      return finish({
        code: 'not-found',
        title: 'AFAS did not find the address',
        explanation: `AFAS answered 404 for ${connector ?? 'the request'}: the environment number or base URL is wrong.`,
        fix: 'Check the environment setting (Algemeen > Omgeving > Beheer > Informatie) and baseUrl.',
        details: connector === undefined ? {} : { connector },
        ...afas,
      });
    case 'timeout':
      return finish({
        code: 'timeout',
        title: 'No answer from AFAS in time',
        explanation: lookUpFirst
          ? `AFAS did not answer ${connector ?? 'the request'} in time; it may still have booked it.`
          : `AFAS did not answer ${connector ?? 'the request'} in time.`,
        fix: lookUpFirst
          ? 'Look the report up in AFAS (factuurnummer) before sending it again.'
          : 'Try again later.',
        retryable: !lookUpFirst,
        checkBeforeRetry: lookUpFirst,
      });
    case 'network': {
      const neverSent = Reflect.get(error, 'connectionRefused') === true;
      return finish({
        code: 'network',
        title: 'Could not reach AFAS',
        explanation: neverSent
          ? 'The connection to AFAS could not be made, so nothing reached AFAS.'
          : 'The connection to AFAS broke off; a request may have reached AFAS.',
        fix: neverSent
          ? 'Check the network, a proxy, and the environment number; then try again: nothing was sent, so sending again is safe.'
          : 'Check the network, a proxy, and the environment number; then try again.',
        retryable: !lookUpFirst,
        checkBeforeRetry: lookUpFirst,
      });
    }
    case 'aborted':
      return finish({
        code: 'aborted',
        title: 'Cancelled',
        explanation: 'The export was cancelled before AFAS answered.',
        fix: lookUpFirst
          ? 'Look the report up in AFAS before exporting it again.'
          : 'Start the export again when ready.',
        retryable: !lookUpFirst,
        checkBeforeRetry: lookUpFirst,
      });
    case 'response':
      return finish({
        code: 'unreadable-response',
        title: 'AFAS sent an answer that could not be read',
        explanation: `${error.message} Something between this machine and AFAS (a proxy, a firewall, a maintenance page) may have answered instead.`,
        fix: lookUpFirst
          ? 'Look the report up in AFAS before exporting it again; check baseUrl and any proxy.'
          : 'Check baseUrl and any proxy, then try again.',
        checkBeforeRetry: lookUpFirst,
      });
    case 'schema':
      return finish({
        code: 'schema-mismatch',
        title: 'AFAS data had an unexpected shape',
        explanation: error.message,
        fix: 'Report this to the maintainers of declaree-afas with the message above.',
      });
    case 'token':
      return finish({
        code: 'invalid-token',
        title: 'The token cannot be read',
        explanation: error.message,
        fix: 'Paste the token as AFAS showed it under App Connector > Gebruikerstokens, or only the part between <data> and </data>.',
      });
    case 'config':
      return finish({
        code: 'invalid-settings',
        title: 'The settings are not valid',
        explanation: error.message,
        fix: error.hint,
      });
    case 'http': {
      const gateway = [502, 504].includes(error.status);
      return finish({
        code: 'http-error',
        title: 'AFAS refused the request',
        explanation: error.message,
        fix: error.hint,
        retryable: gateway && !lookUpFirst,
        checkBeforeRetry: lookUpFirst,
        ...afas,
      });
    }
  }
}

/**
 * Explains one AFAS message (`externalMessage`), for messages kept from an earlier export. Unknown
 * messages get a generic explanation that still carries the message and log reference.
 */
export function explainAfasMessage(
  message: string,
  context: {
    readonly profitLogReference?: string | undefined;
    readonly connector?: string | undefined;
    readonly transient?: boolean | undefined;
    /** From afas-client's `applied`: the write may have been booked, look it up before sending it again. */
    readonly lookUpFirst?: boolean | undefined;
  } = {},
): AfasErrorExplanation {
  const afas = { afasMessage: message, profitLogReference: context.profitLogReference };
  const lookUp = context.lookUpFirst === undefined ? {} : { checkBeforeRetry: context.lookUpFirst };
  for (const rule of RULES) {
    for (const pattern of rule.patterns) {
      const match = pattern.exec(message);
      if (match) return finish({ ...rule.explain(match, message, context.connector), ...lookUp, ...afas });
    }
  }
  if (context.transient === true) {
    return finish({
      code: 'booking-layout-locked',
      title: 'AFAS is busy with this journal',
      explanation: `AFAS refused for a passing reason and wrote nothing: ${message}`,
      fix: 'Try again in a minute.',
      retryable: true,
      ...afas,
    });
  }
  return finish({
    code: 'profit-error',
    title: 'AFAS refused the data',
    explanation: `AFAS said: ${message || '(no message)'}`,
    fix: `Correct what AFAS names; ${LOGBOOK}.`,
    ...afas,
  });
}

function finish(
  explained: Explained &
    Pick<Partial<AfasErrorExplanation>, 'afasMessage' | 'profitLogReference' | 'retryAfterSeconds'>,
): AfasErrorExplanation {
  const { afasMessage, profitLogReference, retryAfterSeconds, ...rest } = explained;
  return {
    retryable: false,
    checkBeforeRetry: false,
    alreadyExported: false,
    details: {},
    ...rest,
    ...(afasMessage ? { afasMessage } : {}),
    ...(profitLogReference ? { profitLogReference } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

/** Reads a string property of an error from any realm without trusting its class. */
function readString(value: object, key: string): string | undefined {
  const found = Reflect.get(value, key);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function readRequest(error: object): { method: string; connector: string } | undefined {
  const request = Reflect.get(error, 'request');
  if (typeof request !== 'object' || request === null) return undefined;
  const method = readString(request, 'method');
  const connector = readString(request, 'connector');
  return method !== undefined && connector !== undefined ? { method, connector } : undefined;
}

/** A wait in words: "45 seconds", "1 minute", "2 hours 5 minutes" (rounded up to whole minutes past a minute). */
function waitText(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const rest = minutes % 60;
  return `${plural(Math.floor(minutes / 60), 'hour')}${rest ? ` ${plural(rest, 'minute')}` : ''}`;
}
