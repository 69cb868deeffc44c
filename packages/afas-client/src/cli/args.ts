import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

/**
 * Parses a command's arguments strictly (unknown flags are errors) with `node:util` `parseArgs`,
 * turning its `TypeError`s into usage errors that point at the command's help.
 */
export function parseCommand<const Options extends ParseArgsOptionsConfig>(
  command: string,
  argv: readonly string[],
  options: Options,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message : String(error),
      `Run \`afas ${command} --help\` for its usage.`,
    );
  }
}

/**
 * A value the user gave, for an error message: quoted when it cannot be a credential (20 characters
 * at most, not hexadecimal token data, no token or header form), else only its length — a token
 * pasted into the wrong place must not be printed.
 */
export function quoted(value: string): string {
  const mayBeSecret =
    value.length > 20 ||
    /^[0-9a-f]{16,}$/i.test(value.trim()) ||
    /afastoken|bearer|<token|<data/i.test(value);
  return mayBeSecret
    ? `(a value of ${value.length} characters, not repeated in case it is a secret)`
    : `"${value}"`;
}

/** Checks that a flag's value is one of `choices`. */
export function oneOf<const Choice extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly Choice[],
): Choice | undefined {
  if (value === undefined) return undefined;
  const found = choices.find((choice) => choice === value);
  if (found === undefined)
    throw new UsageError(`${flag} ${quoted(value)} is not one of: ${choices.join(', ')}.`);
  return found;
}

/** A whole number within bounds, from a flag. */
export function integer(
  flag: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
    throw new UsageError(`${flag} ${quoted(value)} is not a whole number from ${min} to ${max}.`);
  }
  return number;
}

/** Checks the number of positional arguments. */
export function positionals(
  command: string,
  values: readonly string[],
  min: number,
  max: number,
  usage: string,
): void {
  if (values.length < min || values.length > max) {
    const problem =
      values.length < min ? 'Missing arguments' : `Unexpected argument ${quoted(values[max] ?? '')}`;
    throw new UsageError(
      `${problem}: usage is \`afas ${command} ${usage}\`.`,
      `Run \`afas ${command} --help\` for details.`,
    );
  }
}
