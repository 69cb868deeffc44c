/**
 * Reads a file a user names (a report, its PDF, the settings) safely: a regular file only, never
 * more than a limit. A FIFO would block the reader forever and `/dev/zero` never ends, so neither
 * is read; a folder or a device is refused by its type, before a byte is read.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file was not read. */
export type FileProblem = 'missing' | 'folder' | 'not-a-file' | 'unreadable' | 'too-large';

/** A file that was not read; `code` says why, `size` the bytes seen when it is too large. */
export class RegularFileError extends Error {
  override readonly name = 'RegularFileError';
  readonly code: FileProblem;
  /** The system's error code (`ENOENT`, `EACCES` …) when opening failed. */
  readonly systemCode: string | undefined;
  readonly size: number | undefined;
  constructor(code: FileProblem, details: { systemCode?: string; size?: number; cause?: unknown } = {}) {
    super(`${code}${details.systemCode ? ` (${details.systemCode})` : ''}`, { cause: details.cause });
    this.code = code;
    this.systemCode = details.systemCode;
    this.size = details.size;
  }
}

/** The file a {@link RegularFileError} is about, as {@link describeFileProblem} names it. */
export interface NamedFile {
  /** What the file is, as the user knows it: `'report PDF'`, `'report file'`, `'settings file'`. */
  readonly what: string;
  /** The path as the user gave it. */
  readonly path: string;
  /** The limit it was read with, named when the file is too large. */
  readonly maxBytes: number;
  /**
   * What to do instead, after the colon: `'name the PDF file in "pdf"'`. An unreadable file is
   * always "check that this user may read it".
   */
  readonly fix: string;
  /** A fix for one problem that says more than {@link fix}: a missing PDF is put beside the report. */
  readonly fixes?: { readonly [P in FileProblem]?: string };
}

/**
 * What is wrong with a file that was not read, and what to do: every file a user names is worded
 * the same way (`The settings file x.json is a folder, not a file: …`).
 */
export function describeFileProblem(error: RegularFileError, file: NamedFile): string {
  const the = `The ${file.what} ${file.path}`;
  const fix = file.fixes?.[error.code] ?? file.fix;
  switch (error.code) {
    case 'missing':
      return `${the} does not exist: ${fix}.`;
    case 'folder':
      return `${the} is a folder, not a file: ${fix}.`;
    case 'not-a-file':
      return `${the} is not a regular file (a device or pipe): ${fix}.`;
    case 'unreadable':
      return `${the} cannot be read (${error.systemCode ?? 'error'}): ${file.fixes?.unreadable ?? 'check that this user may read it'}.`;
    case 'too-large':
      return `${the} is over ${megabytes(file.maxBytes)} MB: ${fix}.`;
  }
}

/** Bytes in MB (10^6), at most one decimal: `1`, `80`, `56.2`. */
function megabytes(bytes: number): string {
  return String(Math.round(bytes / 100_000) / 10);
}

/** The bytes of the regular file at `path`, at most `maxBytes`; else a {@link RegularFileError}. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer; its type is refused below.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const systemCode = (error as NodeJS.ErrnoException).code;
    const code = systemCode === 'ENOENT' ? 'missing' : systemCode === 'EISDIR' ? 'folder' : 'unreadable';
    throw new RegularFileError(code, { ...(systemCode ? { systemCode } : {}), cause: error });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new RegularFileError('folder');
    if (!info.isFile()) throw new RegularFileError('not-a-file');
    if (info.size > maxBytes) throw new RegularFileError('too-large', { size: info.size });
    // Read to the end, never more than one byte past the limit: a file that grows while read is
    // still refused, and one whose size says 0 (a /proc file) is read whole.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(info.size - length, 64 * 1024), maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw new RegularFileError('too-large', { size: length });
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  } finally {
    await handle.close();
  }
}
