/**
 * Every error text the simulator answers with, in Dutch and English, with its AFAS error number.
 *
 * Convention (AFAS itself is not consistent, see docs/testing.md): texts of the "General message"
 * class (errorNumber -2147180996) start with `General message: ` in both languages, as the captured
 * AFAS bodies do; field-level texts (-2147220469) and the unexpected error (-2147180999) have no prefix.
 */
import type { SimulatorLanguage } from './seed.js';

/** AFAS error numbers the simulator uses. */
export const ERROR_NUMBERS = {
  /** "An unexpected error has occurred." (e.g. invalid skip/take). */
  unexpected: -2147180999,
  /** The "General message" class: not authorised, validation of whole records … */
  general: -2147180996,
  /** Field-level validation: mandatory, does not exist, invalid, too long. */
  field: -2147220469,
} as const;

/** A text in both languages plus the error number AFAS sends with it. */
export interface AfasMessage {
  readonly nl: string;
  readonly en: string;
  readonly errorNumber: number;
}

/** A field label in both languages, e.g. `{ nl: 'Rekeningnummer', en: 'Account Number' }`. */
export interface Label {
  readonly nl: string;
  readonly en: string;
}

const GENERAL_PREFIX = 'General message: ';

/** A text of the "General message" class. */
export function general(nl: string, en: string): AfasMessage {
  return { nl: GENERAL_PREFIX + nl, en: GENERAL_PREFIX + en, errorNumber: ERROR_NUMBERS.general };
}

/** A field-level text. */
export function field(nl: string, en: string): AfasMessage {
  return { nl, en, errorNumber: ERROR_NUMBERS.field };
}

/** `1-11-2024`: how AFAS writes a date inside messages (day-month-year, no leading zeros). */
export function dutchDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${Number(day)}-${Number(month)}-${year}`;
}

/**
 * Texts any connector may answer with: access, the envelope of a body, field checks. Texts of one
 * UpdateConnector live in its module (`update/<connector>.ts`); `catalogue.ts` joins them all.
 * Functions take the values that appear in the text.
 */
export const messages = {
  unexpected: (): AfasMessage => ({
    nl: 'Er is een onverwachte fout opgetreden.',
    en: 'An unexpected error has occurred.',
    errorNumber: ERROR_NUMBERS.unexpected,
  }),
  timeout: (): AfasMessage => ({
    nl: 'De maximale tijdsduur voor het uitvoeren van de opdracht is verstreken.',
    en: 'The maximum duration for performing the assignment has been exceeded.',
    errorNumber: ERROR_NUMBERS.unexpected,
  }),
  /** Recorded by go-afas-profit-rest from a live system (Dutch); the English is the simulator's own. */
  updateConnectorNotAuthorized: (): AfasMessage =>
    general(
      'Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
      'This UpdateConnector is not supported or the user is not authorized.',
    ),
  /** As AFAS's troubleshooting page names it, in both languages. */
  getConnectorNotAuthorized: (): AfasMessage =>
    general(
      'GetConnector niet ondersteund voor deze app of de gebruiker is niet geautoriseerd',
      'GetConnector not supported for this app or the user is not authorized',
    ),
  /** `orderbyfieldids` with a field id holding special characters (a `.`) not written as `['…']`. */
  invalidIndexField: (): AfasMessage => general('Invalid Index field', 'Invalid Index field'),
  plainTextToken: (): AfasMessage =>
    general('Het token is niet Base64-gecodeerd.', 'The token is not Base64 encoded.'),
  fieldNotFound: (fieldId: string): AfasMessage =>
    general(`Connector-veld '${fieldId}' niet gevonden`, `Connector field '${fieldId}' not found`),
  methodNotSupported: (method: string, connector: string): AfasMessage =>
    general(
      `De methode ${method} wordt niet ondersteund door UpdateConnector '${connector}'.`,
      `Method ${method} is not supported by UpdateConnector '${connector}'.`,
    ),
  missingObject: (object: string): AfasMessage =>
    general(
      `Het object '${object}' ontbreekt in het bericht.`,
      `Object '${object}' is missing in the message.`,
    ),
  fieldsNotAnObject: (object: string): AfasMessage =>
    general(
      `'Fields' van object '${object}' moet een object zijn (veld-id's met hun waarde), geen lijst.`,
      `'Fields' of object '${object}' must be an object (field ids with their values), not a list.`,
    ),
  unknownObject: (object: string, parent: string): AfasMessage =>
    general(
      `Object '${object}' bestaat niet in '${parent}'.`,
      `Object '${object}' does not exist in '${parent}'.`,
    ),
  unknownField: (fieldId: string, object: string): AfasMessage =>
    general(
      `Veld '${fieldId}' bestaat niet in object '${object}'.`,
      `Field '${fieldId}' does not exist in object '${object}'.`,
    ),
  mandatory: (label: Label): AfasMessage =>
    field(`Vul een waarde in bij '${label.nl}'.`, `Enter a value for '${label.en}'.`),
  doesNotExist: (label: Label): AfasMessage =>
    field(
      `De ingevulde waarde bij '${label.nl}' bestaat niet.`,
      `The entered value for '${label.en}' does not exist.`,
    ),
  invalidValue: (label: Label, value: string): AfasMessage =>
    field(
      `De waarde '${value}' is ongeldig voor '${label.nl}'.`,
      `The value '${value}' is not valid for '${label.en}'.`,
    ),
  tooLong: (label: Label, max: number): AfasMessage =>
    field(
      `De waarde bij '${label.nl}' is langer dan ${max} tekens.`,
      `The value for '${label.en}' is longer than ${max} characters.`,
    ),
} as const;

/**
 * The language of an answer, from `Accept-Language` as HTTP reads it (a list, by `q` weight): `en…` is
 * English, `nl…` (`nl-nl`, `nl-be`) Dutch, `*` the environment's language. AFAS also lists `fr-fr` and
 * `de-de`; no French or German Profit text has been recorded, so those get `untranslated` (UNSURE:
 * Profit may translate some texts). A language AFAS does not list is skipped; none left → `fallback`.
 */
export function languageOf(
  acceptLanguage: string | null,
  fallback: SimulatorLanguage,
  untranslated: SimulatorLanguage = 'en',
): SimulatorLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { tag, weight: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter(({ tag, weight }) => tag !== '' && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'en') return 'en';
    if (primary === 'nl') return 'nl';
    if (primary === 'fr' || primary === 'de') return untranslated;
    if (tag === '*') return fallback;
  }
  return fallback;
}
