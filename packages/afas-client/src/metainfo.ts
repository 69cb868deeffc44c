import {
  array,
  boolean,
  type Infer,
  lazy,
  nullish,
  number,
  type ObjectOf,
  object,
  optional,
  type Shape,
  string,
  withDefault,
} from './internal/shape.js';

/** Shapes of the metainfo answers: Standard Schemas (`~standard`), checked without a schema library. */
const list = <T>(item: Shape<T>) => withDefault(array(item), () => []);
const connectorEntry = object({ id: string(), description: nullish(string()) });

/** `GET /metainfo`: the connectors this token may use, and session info. */
export const MetainfoSchema = object({
  updateConnectors: list(connectorEntry),
  getConnectors: list(connectorEntry),
  info: optional(
    object({
      envid: nullish(string()),
      appName: nullish(string()),
      group: nullish(string()),
      tokenExpiry: nullish(string()),
    }),
  ),
});

/** The connectors this token may use. */
export type Metainfo = Infer<typeof MetainfoSchema>;

/** One GetConnector field from `GET /metainfo/get/{id}`. */
export const GetConnectorFieldSchema = object({
  id: string(),
  fieldId: nullish(string()),
  dataType: string(),
  label: nullish(string()),
  length: nullish(number()),
  controlType: nullish(number()),
  decimals: nullish(number()),
  decimalsFieldId: nullish(string()),
});

/** `GET /metainfo/get/{id}`: the fields of a GetConnector (a Standard Schema). */
export const GetConnectorMetaSchema = object({
  name: string(),
  description: nullish(string()),
  fields: list(GetConnectorFieldSchema),
});

/** The fields of a GetConnector. */
export type GetConnectorMeta = Infer<typeof GetConnectorMetaSchema>;

/** One UpdateConnector field from `GET /metainfo/update/{id}`. `values` lists code-table entries. */
export const UpdateConnectorFieldSchema = object({
  fieldId: string(),
  primaryKey: nullish(boolean()),
  dataType: string(),
  label: nullish(string()),
  mandatory: nullish(boolean()),
  length: nullish(number()),
  decimals: nullish(number()),
  decimalFieldId: nullish(string()),
  notzero: nullish(boolean()),
  controlType: nullish(number()),
  values: nullish(array(connectorEntry)),
});

const objectProps = { name: string(), fields: list(UpdateConnectorFieldSchema) };

/** An object of an UpdateConnector: its fields and nested objects. */
export type UpdateConnectorObject = ObjectOf<typeof objectProps> & { objects: UpdateConnectorObject[] };

/** An object of an UpdateConnector: its fields and (recursive) nested objects. */
export const UpdateConnectorObjectSchema: Shape<UpdateConnectorObject> = object({
  ...objectProps,
  objects: list(lazy(() => UpdateConnectorObjectSchema)),
});

/** `GET /metainfo/update/{id}`: fields and (recursive) objects of an UpdateConnector (a Standard Schema). */
export const UpdateConnectorMetaSchema = object({
  name: string(),
  description: nullish(string()),
  fields: list(UpdateConnectorFieldSchema),
  objects: list(UpdateConnectorObjectSchema),
});

/** Fields and objects of an UpdateConnector. */
export type UpdateConnectorMeta = Infer<typeof UpdateConnectorMetaSchema>;

/** `GET /profitversion`. */
export const ProfitVersionSchema = object({ version: string() });

/** File, subject, report and image connectors answer `{ filename?, mimetype, filedata }`. */
export const FileResponseSchema = object({
  filename: nullish(string()),
  mimetype: nullish(string()),
  filedata: string(),
});

/** A file fetched from AFAS. */
export interface AfasFile {
  /** The file name AFAS gave, when it gave one. */
  readonly fileName: string | undefined;
  /** The MIME type, e.g. `application/pdf`. */
  readonly mimeType: string;
  /** The file's bytes. */
  readonly data: Uint8Array;
}
