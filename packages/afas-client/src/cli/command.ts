import type { CliIo } from './io.js';

/** One `afas` sub-command. */
export interface Command {
  /** What the user types: `get`, `codegen` … */
  readonly name: string;
  /** One line for `afas --help`. */
  readonly summary: string;
  /** The full text of `afas <name> --help`. */
  readonly help: string;
  /** Runs the command on the arguments after its name; throws on failure (see `exitCodeOf`). */
  run(argv: readonly string[], io: CliIo): Promise<void>;
}
