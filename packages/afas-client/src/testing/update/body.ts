import { isRecord } from '../../internal/is-record.js';
/**
 * The UpdateConnector envelope, read the way AFAS reads it: `Element` as object or array, `Objects` as
 * array of single-key objects or as one object, keys as `@Field` beside `Fields`, values as strings or
 * numbers. Every field is checked against the object's definition (exists, type, length, mandatory).
 */
import { type Label, messages } from '../messages.js';
import { ProfitFailure } from '../responses.js';
import type { CellValue } from '../state.js';
import { coerce, type DataType } from '../values.js';

/** A field of an UpdateConnector object, as metainfo/update describes it. */
export interface UpdateFieldDef {
  readonly id: string;
  readonly dataType: DataType;
  readonly label: Label;
  readonly length?: number;
  readonly mandatory?: boolean;
  readonly primaryKey?: boolean;
  /** Code-table values the field accepts. */
  readonly values?: readonly { readonly id: string; readonly description: string }[];
}

/** An object of an UpdateConnector with its sub-objects. */
export interface UpdateObjectDef {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly UpdateFieldDef[];
  readonly objects: readonly UpdateObjectDef[];
  /**
   * Sub-objects the environment defines itself (KnSubject's per-type `KnS01` … `KnSnn`), which no
   * fixed list can hold: the definition for such a name, or `undefined`.
   */
  readonly customObject?: (name: string) => UpdateObjectDef | undefined;
  /** Whether fields not listed but named like free fields (`U` + 32 hex) are accepted, as text. */
  readonly freeFields?: boolean;
}

/** A free field's id: `U` + 32 hexadecimal characters (a GUID without dashes). */
export const FREE_FIELD_ID = /^U[0-9A-F]{32}$/i;

/** One element after reading: typed keys, typed fields and sub-object elements by object name. */
export interface ParsedElement {
  readonly keys: Readonly<Record<string, CellValue>>;
  readonly fields: Readonly<Record<string, CellValue>>;
  readonly objects: Readonly<Record<string, readonly ParsedElement[]>>;
}

/** `insert` (POST) checks mandatory fields; `update` (PUT) needs only the keys. */
export type UpdateMode = 'insert' | 'update';

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Reads the whole body for the root object `definition`; throws {@link ProfitFailure}. */
export function parseUpdateBody(
  body: unknown,
  definition: UpdateObjectDef,
  mode: UpdateMode,
): ParsedElement[] {
  const root = isRecord(body) ? body[definition.name] : undefined;
  if (!isRecord(root) || root['Element'] === undefined) {
    throw new ProfitFailure(messages.missingObject(definition.name));
  }
  return asList(root['Element']).map((element) => parseElement(element, definition, mode));
}

function parseElement(raw: unknown, definition: UpdateObjectDef, mode: UpdateMode): ParsedElement {
  if (!isRecord(raw)) throw new ProfitFailure(messages.missingObject(definition.name));
  const keys: Record<string, CellValue> = {};
  const fields: Record<string, CellValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith('@')) keys[name.slice(1)] = readField(definition, name.slice(1), value);
  }
  const rawFields = raw['Fields'] ?? {};
  if (!isRecord(rawFields)) throw new ProfitFailure(messages.fieldsNotAnObject(definition.name));
  for (const [name, value] of Object.entries(rawFields)) {
    if (name === '@Action' || value === undefined) continue;
    fields[name] = readField(definition, name, value);
  }
  if (mode === 'insert') {
    for (const fieldDef of definition.fields) {
      const value = fields[fieldDef.id] ?? keys[fieldDef.id] ?? null;
      if (fieldDef.mandatory && value === null) throw new ProfitFailure(messages.mandatory(fieldDef.label));
    }
  }
  return { keys, fields, objects: parseObjects(raw['Objects'], definition, mode) };
}

function readField(definition: UpdateObjectDef, id: string, value: unknown): CellValue {
  const fieldDef =
    definition.fields.find((f) => f.id === id) ??
    (definition.freeFields && FREE_FIELD_ID.test(id)
      ? { id, dataType: 'string' as const, label: { nl: id, en: id } }
      : undefined);
  if (!fieldDef) throw new ProfitFailure(messages.unknownField(id, definition.name));
  const typed = coerce(value, fieldDef.dataType);
  if (typed === undefined) throw new ProfitFailure(messages.invalidValue(fieldDef.label, String(value)));
  if (typeof typed === 'string' && fieldDef.length !== undefined && typed.length > fieldDef.length) {
    throw new ProfitFailure(messages.tooLong(fieldDef.label, fieldDef.length));
  }
  if (typed !== null && fieldDef.values && !fieldDef.values.some((v) => v.id === String(typed))) {
    throw new ProfitFailure(messages.invalidValue(fieldDef.label, String(typed)));
  }
  return typed;
}

function parseObjects(
  raw: unknown,
  definition: UpdateObjectDef,
  mode: UpdateMode,
): Record<string, ParsedElement[]> {
  const objects: Record<string, ParsedElement[]> = {};
  if (raw === undefined || raw === null) return objects;
  for (const entry of asList(raw)) {
    if (!isRecord(entry)) throw new ProfitFailure(messages.missingObject(definition.name));
    for (const [name, value] of Object.entries(entry)) {
      const sub = definition.objects.find((o) => o.name === name) ?? definition.customObject?.(name);
      if (!sub) throw new ProfitFailure(messages.unknownObject(name, definition.name));
      const element = isRecord(value) ? value['Element'] : undefined;
      if (element === undefined) throw new ProfitFailure(messages.missingObject(name));
      objects[name] = [...(objects[name] ?? []), ...asList(element).map((e) => parseElement(e, sub, mode))];
    }
  }
  return objects;
}

/** Reads a field or key as text (`null` when empty). */
export function textOf(value: CellValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Reads a field or key as a number (`null` when empty or not a number). */
export function numberOf(value: CellValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** The label of a field of `definition` (the id itself for an unknown field). */
export function labelOf(definition: UpdateObjectDef, id: string): Label {
  return definition.fields.find((f) => f.id === id)?.label ?? { nl: id, en: id };
}
