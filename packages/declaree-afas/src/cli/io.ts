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

// Exit codes and the usage error are the ones `afas` uses.
export { EXIT, UsageError } from 'afas-client/cli-kit';
