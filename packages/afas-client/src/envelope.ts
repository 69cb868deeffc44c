/**
 * The JSON envelope of UpdateConnector bodies:
 * `{ "<Object>": { "Element": { "@Key": …, "Fields": {…}, "Objects": [ { "<Sub>": { "Element": … } } ] } } }`.
 */

/** A field value as AFAS accepts it in `Fields` (strings, numbers, booleans; `""` clears a field on PUT). */
export type FieldValue = string | number | boolean | null;

/** One record of an UpdateConnector object. Keys (`@SbId`, `@UnId` …) sit beside `Fields`. */
export interface UpdateElement {
  /**
   * Field id → value, e.g. `{ AcNr: '4000', AmDe: 12.5 }`; custom fields use their `U…` ids. File
   * contents (`FileStream`) may be given as bytes: they are sent as base64, encoded straight into
   * the request body, so the file is never held as a base64 string as well.
   */
  Fields?: Readonly<Record<string, FieldValue | Uint8Array | undefined>> | undefined;
  /** Sub-objects, e.g. `[{ FiDimEntries: { Element: { Fields: { DiC1: 'P100' } } } }]`. */
  Objects?:
    | ReadonlyArray<Readonly<Record<string, UpdateObject>>>
    | Readonly<Record<string, UpdateObject>>
    | undefined;
  /** Key attributes such as `'@SbId'` or `'@EnNo'`. */
  readonly [key: `@${string}`]: FieldValue | undefined;
}

/** An object in the envelope: one element or several. */
export interface UpdateObject {
  Element: UpdateElement | readonly UpdateElement[];
}

/** A whole UpdateConnector body: `{ [rootObject]: { Element } }`. */
export type UpdateBody = Readonly<Record<string, UpdateObject>>;

/**
 * Connectors whose root object is not named after the connector. Anything not listed uses the
 * connector id itself (KnSubject → KnSubject).
 */
export const ROOT_OBJECTS: Readonly<Record<string, string>> = {
  FiEntries: 'FiEntryPar',
};

/** The root object name of an UpdateConnector: `FiEntries` → `FiEntryPar`, else the connector id. */
export function rootObjectOf(connectorId: string): string {
  return ROOT_OBJECTS[connectorId] ?? connectorId;
}

/** Wraps one or more elements into the body AFAS expects for `connectorId`. */
export function envelope(
  connectorId: string,
  element: UpdateElement | readonly UpdateElement[],
  rootObject: string = rootObjectOf(connectorId),
): UpdateBody {
  return { [rootObject]: { Element: element } };
}
