import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { describeFileProblem, RegularFileError, readRegularFile } from '../internal/regular-file.js';
import { AFAS_MAX_REQUEST_BYTES, MAX_PDF_BYTES, pdfFile, pdfFromBase64 } from '../pdf.js';

/** A report file is read up to this size: one report, with a PDF as large as AFAS takes in base64. */
const MAX_REPORT_FILE_BYTES = AFAS_MAX_REQUEST_BYTES + 5_000_000;

const ReportFile = z.looseObject({
  /** Path of the report PDF, relative to the report file. */
  pdf: z.string().optional(),
  /** Or the PDF itself, base64. */
  pdfBase64: z.string().optional(),
});

/** A report file as read: the report with its PDF as a loader, and where the PDF is. */
export interface ReportFileContent {
  readonly report: Record<string, unknown>;
  /** The PDF file (absolute), when the PDF is a file rather than `pdfBase64`. */
  readonly pdfPath: string | undefined;
}

/** Why a report file cannot be read: not there, not JSON, or not an object. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/**
 * Reads a report JSON file as Declaree exports it. The PDF is `pdf` (a path relative to the report
 * file), `pdfBase64`, or else the file of the same name with `.pdf` beside it. Either is read and
 * checked when the export is prepared (see `pdfFile`), so a bad PDF makes that report invalid with
 * what to fix. The PDF is held as a loader, not as bytes: a batch keeps only the PDFs it is working
 * on in memory.
 */
export async function readReportFile(
  path: string,
  /** Where the report file belongs, when it was moved aside while it is worked on. */
  place: { readonly folder: string; readonly name: string } = { folder: dirname(path), name: basename(path) },
): Promise<ReportFileContent> {
  let text: string;
  try {
    text = (await readRegularFile(path, MAX_REPORT_FILE_BYTES)).toString('utf8');
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    throw new ReportFileError(
      describeFileProblem(error, {
        what: 'report file',
        path,
        maxBytes: MAX_REPORT_FILE_BYTES,
        fix: "name the report's JSON file",
        fixes: {
          'too-large': `a report file holds one report (its PDF beside it, or at most ${Math.floor(MAX_PDF_BYTES / 1_000_000)} MB in pdfBase64)`,
        },
      }),
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`The report file ${path} is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = ReportFile.safeParse(json);
  if (!parsed.success)
    throw new ReportFileError(`${path} is not a report object: a report file holds one JSON object.`);
  const { pdf, pdfBase64, ...report } = parsed.data;
  if (pdfBase64 !== undefined)
    return { report: { ...report, pdf: pdfFromBase64(pdfBase64) }, pdfPath: undefined };
  const beside = join(place.folder, `${place.name.replace(/\.json$/i, '')}.pdf`);
  const pdfPath =
    pdf !== undefined ? resolve(place.folder, pdf) : (await isFile(beside)) ? beside : undefined;
  // Without a PDF the report's validation says what to give.
  return { report: { ...report, pdf: pdfPath && pdfFile(pdfPath) }, pdfPath };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}
