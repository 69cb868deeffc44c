import type { CliIo } from './io.js';
import type { FlagSpecs } from './kit.js';

/** One `afas` sub-command. */
export interface Command {
  /** What the user types: `get`, `codegen` … */
  readonly name: string;
  /** One line for `afas --help`. */
  readonly summary: string;
  /** The full text of `afas <name> --help`; its flag lines are generated from {@link flags}. */
  readonly help: string;
  /** Every flag the command takes, with its description (the same declarations it parses with). */
  readonly flags: FlagSpecs;
  /** Runs the command on the arguments after its name; throws on failure (see `exitCodeOf`). */
  run(argv: readonly string[], io: CliIo): Promise<void>;
}
