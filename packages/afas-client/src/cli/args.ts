import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { COMMON_OPTIONS, flagError, quoted, UsageError } from './kit.js';

export { COMMON_OPTIONS, integer, quoted } from './kit.js';

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
    throw flagError('afas', command, error, Object.keys({ ...COMMON_OPTIONS, ...options }));
  }
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
