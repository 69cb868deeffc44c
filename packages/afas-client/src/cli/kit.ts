/**
 * The command-line kit both of the toolkit's CLIs (`afas` and `declaree-afas`) use: exit codes,
 * the usage error, flags declared once with their description (help generated from them, "did you
 * mean" for a mistyped one), and where a token comes from. Exported as `afas-client/cli-kit` for
 * the toolkit's own packages; it follows their needs, not semver promises of the SDK. Configuration
 * profiles (named connections, and where their tokens are kept) are in `afas-client/cli-kit/profiles`.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

import { AfasSchemaError, isAfasError } from '../index.js';

/** Exit codes shared by both CLIs: scripts tell a refusal by AFAS from bad input and network trouble. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** AFAS refused something (an HTTP 4xx/5xx, a report it would not book, a failed check). */
  afas: 1,
  /** Bad flags, settings, token or input file; nothing was sent. */
  usage: 2,
  /** AFAS could not be reached (network, time-out, unreadable answer, maintenance). */
  transport: 3,
  /** A bug in the CLI; run again with `--debug` and report the stack. */
  internal: 70,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

/** A mistake on the command line or in a local file: exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** What to do about it. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/**
 * An error with a "did you mean": shown as the error it wraps, then the suggestion. The exit code
 * is the wrapped error's.
 */
export class Suggested extends Error {
  override readonly name = 'Suggested';
  readonly error: unknown;
  readonly suggestion: string;
  constructor(error: unknown, suggestion: string) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
    this.error = error;
    this.suggestion = suggestion;
  }
}

/** The exit code for an error thrown by a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof Suggested) return exitCodeOf(error.error);
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
 * What `program` prints for an error: the message (for AFAS errors it holds AFAS's own message and
 * log reference), then what to do (`hint`) on its own line. An error that carries a hint is one the
 * program foresaw; any other is a bug. The stack only with `--debug`.
 */
export function describeError(program: string, error: unknown, debug: boolean): string {
  if (error instanceof Suggested) {
    return `${describeError(program, error.error, debug)}  ${error.suggestion}\n`;
  }
  const lines: string[] = [];
  if (isHinted(error)) {
    lines.push(`${program}: ${error.message}`);
    if (error instanceof AfasSchemaError) {
      for (const issue of error.issues.slice(0, 10)) lines.push(`  ${issue.path}: ${issue.message}`);
      if (error.issues.length > 10) lines.push(`  … and ${error.issues.length - 10} more`);
    }
    if (error.hint) lines.push(`  ${error.hint}`);
  } else {
    lines.push(`${program}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (!debug) lines.push(`  This is a bug in ${program}: run again with --debug and report the output.`);
  }
  if (debug) lines.push(...debugDetails(error));
  return `${lines.join('\n')}\n`;
}

function isHinted(error: unknown): error is Error & { readonly hint: string | undefined } {
  return (
    error instanceof UsageError ||
    isAfasError(error) ||
    (error instanceof Error && typeof (error as { hint?: unknown }).hint === 'string')
  );
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

/** Flags every command of both CLIs accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

/** One flag: its `parseArgs` type and the line the help shows for it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string | undefined;
  /** May be given several times (string flags): the values come as a list. */
  readonly multiple?: true | undefined;
  /** The value's name in the help (`<seconds>`); string flags only. */
  readonly value?: string | undefined;
  readonly description: string;
}

/** A command's flags by name (`'dry-run'`, `settings` …). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/**
 * The client's flags, the same in both CLIs (they build the same client, with the same retry
 * policy): `--timeout` per attempt and `--retries`, parsed with {@link seconds} and {@link integer}.
 */
export const CLIENT_FLAGS = {
  timeout: { type: 'string', value: '<seconds>', description: 'per-attempt timeout (0.1–3600, default 60)' },
  retries: {
    type: 'string',
    value: '<n>',
    description:
      'retries of reads, and of writes AFAS proves it did not apply, e.g. in maintenance (0–10, default 2); other writes are never retried',
  },
} as const satisfies FlagSpecs;

type Parsed<Flags extends FlagSpecs> = {
  -readonly [Name in keyof Flags]?: Flags[Name]['type'] extends 'boolean'
    ? boolean
    : Flags[Name]['multiple'] extends true
      ? string[]
      : string;
};

/**
 * Parses `argv` strictly against `flags` (plus `--help` and `--debug`). An unknown flag is a
 * {@link UsageError} that suggests the closest declared one and points at `<program> <command> --help`.
 */
export function parseFlags<const Flags extends FlagSpecs>(
  program: string,
  command: string,
  argv: readonly string[],
  flags: Flags,
): { values: Parsed<Flags> & { help?: boolean; debug?: boolean }; positionals: string[] } {
  const options: ParseArgsOptionsConfig = { ...COMMON_OPTIONS };
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = {
      type: flag.type,
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed<Flags> & { help?: boolean; debug?: boolean }, positionals };
  } catch (error) {
    throw flagError(program, command, error, Object.keys(options));
  }
}

/**
 * `parseArgs`'s error as a {@link UsageError}: an unknown flag gets "did you mean" from the flags
 * the command has (`names`), and a pointer to its help. A long unknown flag is not repeated: it may
 * be a pasted secret.
 */
export function flagError(
  program: string,
  command: string,
  error: unknown,
  names: readonly string[],
): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1];
  const help = `Run \`${program} ${command} --help\` for its usage.`;
  if (unknown === undefined) return new UsageError(message, help);
  const close = closest(unknown, names).map((name) => `--${name}`);
  return new UsageError(
    `Unknown flag ${unknown.length <= 30 ? `--${unknown}` : '(not repeated, in case it is a secret)'}.${close.length > 0 ? ` Did you mean ${close.join(', ')}?` : ''}`,
    help,
  );
}

/** The widest line of the generated help: it fits a terminal of 100 columns. */
export const HELP_WIDTH = 100;

/**
 * The help lines of `flags`, aligned: `  --timeout <seconds>   per-attempt timeout …`. Descriptions
 * are wrapped at word boundaries so that no line is wider than {@link HELP_WIDTH}; a line break in a
 * description (`\n`, e.g. before an example) is kept. Further lines are indented to the description's
 * column; `width` sets that column, to align several lists alike.
 */
export function flagHelp(flags: FlagSpecs, width?: number): string {
  const heads = Object.entries(flags).map(
    ([name, flag]) =>
      `${flag.short ? `-${flag.short}, ` : '    '}--${name}${flag.type === 'string' ? ` ${flag.value ?? '<value>'}` : ''}${flag.multiple ? '…' : ''}`,
  );
  const column = width ?? Math.max(...heads.map((head) => head.length)) + 3;
  const room = HELP_WIDTH - 2 - column;
  return Object.values(flags)
    .map((flag, i) => {
      const lines = flag.description.split('\n').flatMap((line) => wrapText(line, room));
      return `  ${heads[i]!.padEnd(column)}${lines.join(`\n  ${' '.repeat(column)}`)}`;
    })
    .join('\n');
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * A command name the CLI does not have, as a {@link UsageError}: the closest commands ("Did you mean
 * get?") and the list of them. A long name is not repeated: it may be a pasted secret.
 */
export function unknownCommand(program: string, name: string, commands: readonly string[]): UsageError {
  const close = closest(name, commands);
  return new UsageError(
    `Unknown command ${quoted(name)}.${close.length > 0 ? ` Did you mean ${close.join(', ')}?` : ''}`,
    `Commands: ${commands.join(', ')}. Run \`${program} --help\`.`,
  );
}

/** The candidates close to `value` (a typo, a prefix, a different case), best first, at most three. */
export function closest(value: string, candidates: readonly string[]): string[] {
  const lower = value.toLowerCase();
  return candidates
    .map((candidate) => {
      const other = candidate.toLowerCase();
      // One name inside the other counts as near only when it is no mere fragment: `acc` finds
      // `Account`, but `--sort` does not find `--or`, nor `StdId` the field `St`.
      const part = (short: string, long: string) =>
        short.length >= 3 && short.length * 2 >= Math.min(long.length, 6) && long.includes(short);
      const near = part(lower, other) || part(other, lower) ? 0 : distance(lower, other);
      return { candidate, near };
    })
    .filter(({ near }) => near <= Math.max(1, Math.min(2, Math.floor(value.length / 3))))
    .sort((a, b) => a.near - b.near)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

/** Edit distance, a swap of two neighbours counting as one edit (`tset` is one from `test`). */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
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

/** A number of seconds within bounds, from a flag (`--timeout 0.5` is half a second). */
export function seconds(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || number < min || number > max) {
    throw new UsageError(`${flag} ${quoted(value)} is not a number of seconds from ${min} to ${max}.`);
  }
  return number;
}

/** An environment variable; empty counts as unset. */
export function setting(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Where a CLI's token comes from, in this order: a token file given on the command line, `AFAS_TOKEN_FILE`, `AFAS_TOKEN`. */
export type TokenSource = { readonly file: string } | { readonly text: string } | undefined;

/** The token's source by the rule both CLIs follow (see {@link TokenSource}). */
export function tokenSource(
  env: Readonly<Record<string, string | undefined>>,
  tokenFile?: string | undefined,
): TokenSource {
  const file = tokenFile ?? setting(env, 'AFAS_TOKEN_FILE');
  if (file !== undefined) return { file };
  const text = setting(env, 'AFAS_TOKEN');
  return text === undefined ? undefined : { text };
}

/** What to do when no token is given, naming the variables. */
export const NO_TOKEN_HINT =
  'Set AFAS_TOKEN_FILE to a file that holds the token (readable by you only), or AFAS_TOKEN to the token itself.';

/** Colours for terminal output; each is the identity when colour is off. */
export interface Paint {
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** No colour: for pipes, files, `NO_COLOR`, and tests. */
export const PLAIN: Paint = { green: String, red: String, yellow: String, dim: String, bold: String };

/**
 * Colours when `stream` is a terminal, unless `NO_COLOR` is set (no-color.org) or `TERM` is `dumb`;
 * `FORCE_COLOR` (not `0`) turns them on anywhere. Never in a pipe or a log file.
 */
export function paintFor(
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
): Paint {
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
  const off = (env['NO_COLOR'] ?? '') !== '' || env['TERM'] === 'dumb' || stream.isTTY !== true;
  if (off && !forced) return PLAIN;
  return {
    green: ansi(32, 39),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
  };
}
