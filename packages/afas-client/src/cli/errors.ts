import { AfasSchemaError, isAfasError } from '../index.js';

import { EXIT, UsageError } from './kit.js';

export { EXIT, UsageError };

/** The exit code for an error thrown by a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (!isAfasError(error)) return EXIT.internal;
  switch (error.kind) {
    case 'config':
    case 'token':
      return EXIT.usage;
    case 'network':
    case 'timeout':
    case 'response':
      return EXIT.transport;
    case 'aborted':
      return EXIT.interrupted;
    case 'http':
    case 'auth':
    case 'forbidden':
    case 'not-found':
    case 'payload-too-large':
    case 'profit':
    case 'unavailable':
    case 'schema':
      return EXIT.afas;
  }
}

/**
 * What the user sees for an error: the explanation (for AFAS errors the SDK's message already holds
 * AFAS's own message and log reference), then what to do. The stack only with `--debug`.
 */
export function describeError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof UsageError || isAfasError(error)) {
    const hint = error.hint ?? '';
    // SDK messages end with the hint; print it once, on its own line.
    const message =
      hint && error.message.endsWith(hint) ? error.message.slice(0, -hint.length).trim() : error.message;
    lines.push(`afas: ${message}`);
    if (error instanceof AfasSchemaError) {
      for (const issue of error.issues.slice(0, 10)) lines.push(`  ${issue.path}: ${issue.message}`);
      if (error.issues.length > 10) lines.push(`  … and ${error.issues.length - 10} more`);
    }
    if (hint) lines.push(`  ${hint}`);
  } else {
    lines.push(`afas: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (!debug) lines.push('  This is a bug in afas: run again with --debug and report the output.');
  }
  if (debug) lines.push(...debugDetails(error));
  return `${lines.join('\n')}\n`;
}

function debugDetails(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    lines.push(depth === 0 ? (current.stack ?? '') : `Caused by: ${current.stack ?? current.message}`);
    current = current.cause;
  }
  return lines;
}
