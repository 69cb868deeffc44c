/**
 * The report PDF, read safely before anything is sent (see `internal/regular-file.ts`: only regular
 * files, never more than the limit), and checked to be a PDF. AFAS
 * takes request bodies up to 75 MB (UNSURE whether MB means 10^6 or 2^20 bytes: the smaller is
 * assumed), and base64 makes a file a third larger, so the default limit keeps the KnSubject body
 * under it.
 */
import { describeFileProblem, RegularFileError, readRegularFile } from './internal/regular-file.js';

/** AFAS's request limit, in bytes (75 MB, taken as 75 × 10^6 to be safe). */
export const AFAS_MAX_REQUEST_BYTES = 75_000_000;

/**
 * The largest PDF a dossier item can carry: its base64 (4 bytes per 3) plus room for the rest of
 * the KnSubject body stays under {@link AFAS_MAX_REQUEST_BYTES}.
 */
export const MAX_PDF_BYTES = Math.floor(((AFAS_MAX_REQUEST_BYTES - 64 * 1024) / 4) * 3);

/** What is wrong with a report PDF. */
export type PdfProblem =
  | 'pdf-unreadable'
  | 'pdf-not-a-file'
  | 'pdf-too-large'
  | 'pdf-not-pdf'
  | 'pdf-invalid-base64';

/** A PDF that cannot go into a dossier item; `code` says why, `message` what to fix. */
export class PdfError extends Error {
  override readonly name = 'PdfError';
  readonly code: PdfProblem;
  constructor(code: PdfProblem, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Options of the PDF readers. */
export interface PdfOptions {
  /** The largest PDF accepted. @default MAX_PDF_BYTES @unit bytes */
  readonly maxBytes?: number | undefined;
}

/**
 * A report's `pdf` that reads the file at `path` when the export is prepared: a regular file only,
 * at most `maxBytes`, starting with a PDF header. Throws a {@link PdfError} otherwise.
 */
export function pdfFile(path: string, options: PdfOptions = {}): () => Promise<Uint8Array> {
  return () => readPdfFile(path, options.maxBytes ?? MAX_PDF_BYTES);
}

/**
 * A report's `pdf` from base64 text (a report file's `pdfBase64`), decoded when the export is
 * prepared and checked strictly: Node's lenient decoder would turn a typo into a broken file.
 */
export function pdfFromBase64(text: string, options: PdfOptions = {}): () => Promise<Uint8Array> {
  return async () => {
    const compact = text.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
      throw new PdfError(
        'pdf-invalid-base64',
        'The report PDF (pdfBase64) is not valid base64: give the file bytes in standard base64 (A–Z, a–z, 0–9, + and /).',
      );
    }
    const maxBytes = options.maxBytes ?? MAX_PDF_BYTES;
    if ((compact.length / 4) * 3 - 2 > maxBytes) throw tooLarge((compact.length / 4) * 3, maxBytes);
    return checkPdf(new Uint8Array(Buffer.from(compact, 'base64')), maxBytes);
  };
}

/** Checks bytes as a report PDF: not empty, not over the limit, a `%PDF-` header in the first 1024 bytes. */
export function checkPdf(bytes: Uint8Array, maxBytes: number = MAX_PDF_BYTES): Uint8Array {
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength, maxBytes);
  // PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000, implementation note).
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).indexOf('%PDF-') < 0) {
    throw new PdfError(
      'pdf-not-pdf',
      bytes.byteLength === 0
        ? 'The report PDF is empty: export the report PDF from Declaree again.'
        : 'The report PDF is not a PDF (no %PDF- header): attach the report PDF from Declaree, not another file.',
    );
  }
  return bytes;
}

async function readPdfFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, maxBytes);
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    // Its own words: what the limit is for says more than the limit.
    if (error.code === 'too-large') throw tooLarge(error.size ?? maxBytes + 1, maxBytes, { cause: error });
    throw new PdfError(
      error.code === 'folder' || error.code === 'not-a-file' ? 'pdf-not-a-file' : 'pdf-unreadable',
      describeFileProblem(error, {
        what: 'report PDF',
        path,
        maxBytes,
        fix: 'name the PDF file in "pdf"',
        fixes: { missing: 'put the PDF beside the report file, or fix "pdf" in it' },
      }),
      { cause: error },
    );
  }
  return checkPdf(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxBytes);
}

function tooLarge(bytes: number, maxBytes: number, options?: ErrorOptions): PdfError {
  const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
  return new PdfError(
    'pdf-too-large',
    `The report PDF is ${mb(bytes)}; a dossier item takes at most ${mb(maxBytes)} (AFAS refuses requests over 75 MB, and base64 adds a third): compress the PDF or split the report.`,
    options,
  );
}
