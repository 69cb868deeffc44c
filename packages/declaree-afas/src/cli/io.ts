/** Where the CLI writes and reads; `process.*` in the bin, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean | undefined };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean | undefined };
  /** Environment variables (`AFAS_TOKEN`, `AFAS_TOKEN_FILE`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Aborted on SIGTERM or SIGINT: a long-running command (`watch`) stops. */
  readonly signal?: AbortSignal | undefined;
}

/** Exit codes, the same as `afas`'s: scripts tell AFAS refusals from bad input and network trouble. */
export const EXIT = {
  ok: 0,
  /** AFAS refused something (a report failed, a check failed). */
  afas: 1,
  /** Bad flags, settings or report files: nothing was sent. */
  usage: 2,
  /** AFAS could not be reached. */
  transport: 3,
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
