import { UsageError } from './errors.js';

/** Parses a JSON input file; a syntax error is a usage error naming the file and the position. */
export function parseJson(text: string, source: string, hint?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${source} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      hint,
    );
  }
}

/** The `code` of a Node.js system error (`ENOENT`, `EADDRINUSE` …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
