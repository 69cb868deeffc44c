/**
 * A connector map (what `afas codegen` writes as `connectors`) makes a client typed: connector ids,
 * row types, field ids in filters and ordering, and the elements writes accept. Custom `U…` fields
 * go by names made from their labels in TypeScript and by their ids on the wire.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { FieldValue, UpdateElement, UpdateObject } from './envelope.js';
import { AfasConfigError } from './errors.js';
import type { AfasRow, FieldOf } from './get.js';
import { isRecord } from './internal/is-record.js';
import type { Where } from './query.js';

/** A GetConnector in a {@link ConnectorMap}. */
export interface GetConnectorEntry {
  /**
   * Validates every row (keys as in TypeScript: custom fields by their label names); its output
   * is the row type, and its keys are the field ids filters and ordering accept.
   */
  readonly schema: StandardSchemaV1;
  /** Custom fields named after their labels: TypeScript name → AFAS field id (`U…`). */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** An UpdateConnector in a {@link ConnectorMap}. */
export interface UpdateConnectorEntry {
  /** Describes one element; its input type is what `insert` accepts (and, every field optional, `update`). */
  readonly schema: StandardSchemaV1;
  /** Custom fields named after their labels, in any object of the connector: TypeScript name → `U…` id. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/**
 * The connectors a typed {@link AfasClient} knows, by id: `afas codegen` writes one as
 * `connectors`. Give it as the client's `connectors` option.
 */
export interface ConnectorMap {
  readonly get: Readonly<Record<string, GetConnectorEntry>>;
  readonly update: Readonly<Record<string, UpdateConnectorEntry>>;
}

/** True when no map narrows the ids (the untyped client): its `get` / `update` are plain records. */
type Untyped<Part> = string extends keyof Part ? true : false;

/** The GetConnector ids a client accepts: any string without a map. */
export type GetConnectorIdOf<Map extends ConnectorMap> =
  Untyped<Map['get']> extends true ? string : Extract<keyof Map['get'], string>;

/** The UpdateConnector ids a client accepts: any string without a map. */
export type UpdateConnectorIdOf<Map extends ConnectorMap> =
  Untyped<Map['update']> extends true ? string : Extract<keyof Map['update'], string>;

/** The row type of a GetConnector: {@link AfasRow} without a map. */
export type ConnectorRow<Map extends ConnectorMap, Id extends string> =
  Untyped<Map['get']> extends true
    ? AfasRow
    : Id extends keyof Map['get']
      ? StandardSchemaV1.InferOutput<Map['get'][Id]['schema']>
      : never;

/**
 * The field ids filters and ordering accept: the connector's fields with a map; without one, any
 * string, the keys of `Row` (from a `schema`) suggested.
 */
export type ConnectorField<Map extends ConnectorMap, Id extends string, Row> =
  Untyped<Map['get']> extends true ? FieldOf<Row> : NoInfer<Extract<keyof ConnectorRow<Map, Id>, string>>;

/** The element `insert` accepts: {@link UpdateElement} without a map. */
export type ConnectorElement<Map extends ConnectorMap, Id extends string> =
  Untyped<Map['update']> extends true
    ? UpdateElement
    : Id extends keyof Map['update']
      ? StandardSchemaV1.InferInput<Map['update'][Id]['schema']>
      : never;

/** The element `update` accepts: as for `insert`, with every field, key and object optional. */
export type ConnectorUpdate<Map extends ConnectorMap, Id extends string> =
  Untyped<Map['update']> extends true ? UpdateElement : PartialElement<ConnectorElement<Map, Id>>;

/** An element with optional fields at every level: an update sends only what changes. */
export type PartialElement<Element> = Element extends object
  ? {
      [Key in keyof Element]?: Key extends 'Fields'
        ? Partial<Element[Key]>
        : Key extends 'Objects'
          ? PartialObjects<Element[Key]>
          : Element[Key];
    }
  : Element;

type PartialObjects<Objects> = Objects extends readonly (infer Entry)[]
  ? readonly PartialEntry<Entry>[]
  : Objects extends undefined
    ? Objects
    : PartialEntry<Objects>;

type PartialEntry<Entry> = {
  [Name in keyof Entry]: Entry[Name] extends { Element: infer Element }
    ? {
        Element: Element extends readonly (infer One)[]
          ? readonly PartialElement<One>[] | PartialElement<One>
          : PartialElement<Element>;
      }
    : Entry[Name];
};

/** A connector of the map as the client uses it at run time. */
export interface KnownConnector {
  readonly schema: StandardSchemaV1 | undefined;
  /** TypeScript name → AFAS field id. */
  readonly toWire: ReadonlyMap<string, string>;
  /** AFAS field id → TypeScript name. */
  readonly fromWire: ReadonlyMap<string, string>;
}

/** The map by connector id, checked once when the client is made. */
export interface KnownConnectors {
  readonly get: ReadonlyMap<string, KnownConnector>;
  readonly update: ReadonlyMap<string, KnownConnector>;
}

/** Reads a `connectors` option; a malformed one is an {@link AfasConfigError}. */
export function knownConnectors(map: unknown): KnownConnectors {
  if (map === undefined) return { get: new Map(), update: new Map() };
  const fix = 'Pass the `connectors` that `afas codegen` writes, or leave the option out.';
  if (!isRecord(map) || !isRecord(map['get']) || !isRecord(map['update'])) {
    throw new AfasConfigError('`connectors` needs `get` and `update` records.', fix);
  }
  const part = (kind: 'get' | 'update', entries: Record<string, unknown>) =>
    new Map(
      Object.entries(entries).map(([id, entry]): [string, KnownConnector] => {
        const schema = isRecord(entry) ? entry['schema'] : undefined;
        if (!isRecord(schema) || !isRecord(schema['~standard'])) {
          throw new AfasConfigError(`connectors.${kind}.${id} has no Standard Schema \`schema\`.`, fix);
        }
        const labels = isRecord(entry) ? (entry['labels'] ?? {}) : {};
        if (!isRecord(labels) || Object.values(labels).some((value) => typeof value !== 'string')) {
          throw new AfasConfigError(`connectors.${kind}.${id}.labels must map names to field ids.`, fix);
        }
        const toWire = new Map(Object.entries(labels as Record<string, string>));
        const fromWire = new Map([...toWire].map(([name, fieldId]) => [fieldId, name]));
        return [id, { schema: schema as unknown as StandardSchemaV1, toWire, fromWire }];
      }),
    );
  return { get: part('get', map['get']), update: part('update', map['update']) };
}

/** A filter's field names as AFAS knows them. */
export function whereToWire<W extends Where | undefined>(where: W, toWire: ReadonlyMap<string, string>): W {
  if (where === undefined || toWire.size === 0) return where;
  const field = <C extends { readonly field: string }>(condition: C): C => {
    const id = toWire.get(condition.field);
    return id === undefined ? condition : { ...condition, field: id };
  };
  const group = (entry: unknown) =>
    Array.isArray(entry) ? entry.map(field) : field(entry as { field: string });
  if (!Array.isArray(where) && isRecord(where) && Array.isArray(where['or'])) {
    return { ...where, or: where['or'].map(group) } as W;
  }
  return group(where) as W;
}

/** Sort keys as AFAS knows them (`-declaratienummer` → `-U…`). */
export function orderToWire<O extends readonly string[] | undefined>(
  orderBy: O,
  toWire: ReadonlyMap<string, string>,
): O {
  if (orderBy === undefined || toWire.size === 0) return orderBy;
  return orderBy.map((key) => {
    const descending = key.startsWith('-');
    const id = toWire.get(descending ? key.slice(1) : key);
    return id === undefined ? key : `${descending ? '-' : ''}${id}`;
  }) as unknown as O;
}

/** A row with its custom fields under their TypeScript names. */
export function rowFromWire(row: AfasRow, fromWire: ReadonlyMap<string, string>): AfasRow {
  if (fromWire.size === 0) return row;
  const renamed: AfasRow = {};
  for (const [key, value] of Object.entries(row)) renamed[fromWire.get(key) ?? key] = value;
  return renamed;
}

/** Elements with their custom fields under their AFAS ids, at every level. */
export function elementToWire<E extends UpdateElement | readonly UpdateElement[]>(
  element: E,
  toWire: ReadonlyMap<string, string>,
): E {
  if (toWire.size === 0) return element;
  const one = (value: UpdateElement): UpdateElement => {
    if (!isRecord(value)) return value;
    const renamed: Record<string, unknown> = { ...value };
    if (isRecord(value.Fields)) {
      const fields: Record<string, FieldValue | Uint8Array | undefined> = {};
      for (const [key, field] of Object.entries(value.Fields)) fields[toWire.get(key) ?? key] = field;
      renamed['Fields'] = fields;
    }
    if (value.Objects !== undefined) {
      const entry = (objects: unknown) =>
        isRecord(objects)
          ? Object.fromEntries(
              Object.entries(objects).map(([name, object]) => [
                name,
                isRecord(object)
                  ? { ...object, Element: many((object as unknown as UpdateObject).Element) }
                  : object,
              ]),
            )
          : objects;
      renamed['Objects'] = Array.isArray(value.Objects) ? value.Objects.map(entry) : entry(value.Objects);
    }
    return renamed as UpdateElement;
  };
  const many = (value: UpdateElement | readonly UpdateElement[]) =>
    Array.isArray(value) ? value.map(one) : one(value as UpdateElement);
  return many(element) as E;
}
