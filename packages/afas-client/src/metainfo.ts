import { z } from 'zod';

/** `GET /metainfo`: the connectors this token may use, and session info. */
export const MetainfoSchema = z
  .object({
    updateConnectors: z
      .array(z.object({ id: z.string(), description: z.string().nullish() }).loose())
      .default([]),
    getConnectors: z
      .array(z.object({ id: z.string(), description: z.string().nullish() }).loose())
      .default([]),
    info: z
      .object({
        envid: z.string().nullish(),
        appName: z.string().nullish(),
        group: z.string().nullish(),
        tokenExpiry: z.string().nullish(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** The connectors this token may use. */
export type Metainfo = z.infer<typeof MetainfoSchema>;

/** One GetConnector field from `GET /metainfo/get/{id}`. */
export const GetConnectorFieldSchema = z
  .object({
    id: z.string(),
    fieldId: z.string().nullish(),
    dataType: z.string(),
    label: z.string().nullish(),
    length: z.number().nullish(),
    controlType: z.number().nullish(),
    decimals: z.number().nullish(),
    decimalsFieldId: z.string().nullish(),
  })
  .loose();

/** `GET /metainfo/get/{id}`: the fields of a GetConnector. */
export const GetConnectorMetaSchema = z
  .object({
    name: z.string(),
    description: z.string().nullish(),
    fields: z.array(GetConnectorFieldSchema).default([]),
  })
  .loose();

/** The fields of a GetConnector. */
export type GetConnectorMeta = z.infer<typeof GetConnectorMetaSchema>;

/** One UpdateConnector field from `GET /metainfo/update/{id}`. `values` lists code-table entries. */
export const UpdateConnectorFieldSchema = z
  .object({
    fieldId: z.string(),
    primaryKey: z.boolean().nullish(),
    dataType: z.string(),
    label: z.string().nullish(),
    mandatory: z.boolean().nullish(),
    length: z.number().nullish(),
    decimals: z.number().nullish(),
    decimalFieldId: z.string().nullish(),
    notzero: z.boolean().nullish(),
    controlType: z.number().nullish(),
    values: z.array(z.object({ id: z.string(), description: z.string().nullish() }).loose()).nullish(),
  })
  .loose();

/** An object of an UpdateConnector: its fields and (recursive) nested objects. */
export const UpdateConnectorObjectSchema = z.object({
  name: z.string(),
  fields: z.array(UpdateConnectorFieldSchema).default([]),
  get objects() {
    return z.array(UpdateConnectorObjectSchema).default([]);
  },
});

/** An object of an UpdateConnector: its fields and nested objects. */
export type UpdateConnectorObject = z.infer<typeof UpdateConnectorObjectSchema>;

/** `GET /metainfo/update/{id}`: fields and (recursive) objects of an UpdateConnector. */
export const UpdateConnectorMetaSchema = z
  .object({
    name: z.string(),
    description: z.string().nullish(),
    fields: z.array(UpdateConnectorFieldSchema).default([]),
    objects: z.array(UpdateConnectorObjectSchema).default([]),
  })
  .loose();

/** Fields and objects of an UpdateConnector. */
export type UpdateConnectorMeta = z.infer<typeof UpdateConnectorMetaSchema>;

/** `GET /profitversion`. */
export const ProfitVersionSchema = z.object({ version: z.string() }).loose();

/** File, subject, report and image connectors answer `{ filename?, mimetype, filedata }`. */
export const FileResponseSchema = z
  .object({ filename: z.string().nullish(), mimetype: z.string().nullish(), filedata: z.string() })
  .loose();

/** A file fetched from AFAS. */
export interface AfasFile {
  /** The file name AFAS gave, when it gave one. */
  readonly fileName: string | undefined;
  /** The MIME type, e.g. `application/pdf`. */
  readonly mimeType: string;
  /** The file's bytes. */
  readonly data: Uint8Array;
}
