import { UsageError } from './kit.js';

/** Parses a JSON input file; a syntax error is a usage error naming the file and the position. */
export function parseJson(text: string, source: string, hint?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON (${jsonProblem(error)}).`, hint);
  }
}

/** The `code` of a Node.js system error (`ENOENT`, `EADDRINUSE` …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * What is wrong with a JSON text, by position only: V8's message may quote a piece of the text
 * (`Unexpected token 'S', ..."token": SECR"... is not valid JSON`), which may be a token or business data.
 */
export function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const where = /line \d+ column \d+/.exec(message)?.[0] ?? /position \d+/.exec(message)?.[0];
  const what = message
    .replace(/,?\s*(?:\.\.\.)?"[\s\S]*$/, '')
    .replace(/\s*'[^']*'/g, '')
    .replace(/\s+(?:in JSON\s+)?at position[\s\S]*$/, '')
    .trim();
  return `${what || 'syntax error'}${where ? ` at ${where}` : ''}`;
}
