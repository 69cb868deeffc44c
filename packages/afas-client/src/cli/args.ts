import { type FlagSpecs, parseFlags, quoted, UsageError } from './kit.js';

export { COMMON_OPTIONS, integer, quoted } from './kit.js';

/**
 * Parses a command's arguments strictly against its declared flags (unknown flags are errors with
 * "did you mean" and a pointer to the command's help); the help is generated from the same
 * declarations ({@link flagHelp}).
 */
export function parseCommand<const Flags extends FlagSpecs>(
  command: string,
  argv: readonly string[],
  flags: Flags,
) {
  return parseFlags('afas', command, argv, flags);
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
