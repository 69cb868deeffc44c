/**
 * The report file's format as a JSON Schema, generated from the zod schema the exporter validates
 * with (`DeclareeReportSchema`), so the two never disagree. In a file the PDF is a path (`pdf`) or
 * base64 (`pdfBase64`), or the `.pdf` of the same name beside it. The build writes it to
 * `report.schema.json`, shipped as `declaree-afas/report.schema.json`.
 */
import { z } from 'zod';
import { DeclareeReportSchema } from '../report.js';

/** The JSON Schema of a report file (draft 2020-12), for editors and other tools. */
export function reportFileJsonSchema(): Record<string, unknown> {
  const file = DeclareeReportSchema.omit({ pdf: true }).extend({
    $schema: z.string().optional().describe('The JSON Schema of the file, for editors.'),
    pdf: z
      .string()
      .optional()
      .describe(
        'Path of the report PDF, relative to the report file. Without pdf and pdfBase64: the .pdf of the same name beside it.',
      ),
    pdfBase64: z.string().optional().describe('Or the report PDF itself, base64-encoded.'),
  });
  return {
    ...z.toJSONSchema(file, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/afas-toolkit/afas-toolkit/blob/main/packages/declaree-afas/report.schema.json',
    title: 'Declaree expense report, as declaree-afas reads it',
    description:
      'One approved Declaree expense report. Amounts are decimals in the report currency; codes may be text or whole numbers. Values are trimmed (and the currency upper-cased) before they are checked.',
  };
}
