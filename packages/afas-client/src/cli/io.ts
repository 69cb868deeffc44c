import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorCode } from './json.js';
import { UsageError } from './kit.js';

/** Where the CLI writes: `process.stdout`/`stderr`, or a buffer in tests. */
export interface CliOutput {
  write(chunk: string): boolean;
  /** Present on streams, so that long outputs wait for `drain` instead of filling memory. */
  once?(event: 'drain', listener: () => void): unknown;
  /** True when a person is watching: enables the progress line and the table default. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width, used to fit tables. */
  readonly columns?: number | undefined;
}

/** Where the CLI reads piped input (a token, a JSON body). */
export type CliInput = AsyncIterable<string | Uint8Array> & { readonly isTTY?: boolean | undefined };

/** Everything {@link run} touches outside itself, injectable for tests. */
export interface CliIo {
  readonly stdin: CliInput;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Environment variables (`AFAS_ENVIRONMENT`, `AFAS_TOKEN` …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Fires when the user interrupts (Ctrl-C); long-running commands stop on it. */
  readonly signal?: AbortSignal | undefined;
}

/** Writes text and waits for `drain` when the stream's buffer is full (streaming `afas get --all`). */
export async function write(output: CliOutput, text: string): Promise<void> {
  if (text === '') return;
  if (!output.write(text) && output.once) {
    await new Promise<void>((resolveDrain) => output.once?.('drain', resolveDrain));
  }
}

/** Reads stdin to the end. Refuses an interactive terminal, where it would wait silently. */
export async function readStdin(io: CliIo, what: string): Promise<string> {
  if (io.stdin.isTTY) {
    throw new UsageError(
      `Reading ${what} from stdin, but stdin is a terminal.`,
      `Pipe ${what} in, e.g. \`cat file | afas …\`.`,
    );
  }
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of io.stdin)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** Reads a file, or stdin for `-`. A missing or unreadable file is a usage error naming the path. */
export async function readInput(io: CliIo, path: string, what: string): Promise<string> {
  if (path === '-') return readStdin(io, what);
  const full = resolve(io.cwd ?? process.cwd(), path);
  try {
    return await readFile(full, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new UsageError(
      `Cannot read ${what} from ${path}${code ? ` (${code})` : ''}.`,
      'Check the path; use - to read from stdin.',
    );
  }
}
