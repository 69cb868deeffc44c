/**
 * Shorthands for writing an UpdateConnector's objects and fields (after AFAS's OpenAPI schemas: field
 * ids, types, lengths, mandatory fields, with Dutch and English labels). Each connector module holds its
 * own definition; the definition drives both the validation of bodies and `/metainfo/update/{id}`.
 */
import type { DataType } from '../values.js';
import type { UpdateFieldDef } from './body.js';

interface FieldOptions {
  readonly length?: number;
  readonly mandatory?: boolean;
  readonly primaryKey?: boolean;
  readonly values?: readonly (readonly [string, string])[];
}

/** One field with its Dutch and English label. */
export function f(
  id: string,
  dataType: DataType,
  nl: string,
  en: string,
  options: FieldOptions = {},
): UpdateFieldDef {
  const { values, ...rest } = options;
  return {
    id,
    dataType,
    label: { nl, en },
    ...rest,
    ...(values ? { values: values.map(([valueId, description]) => ({ id: valueId, description })) } : {}),
  };
}

/** Rarely used fields, `id:type[:length]`, labelled by their Dutch name only. */
export function plain(spec: string): UpdateFieldDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [id = '', type = 'string', length, ...label] = item.split(':');
      const name = label.join(' ') || id;
      return f(id, type as DataType, name, name, length ? { length: Number(length) } : {});
    });
}
