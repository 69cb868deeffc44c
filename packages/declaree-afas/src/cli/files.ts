import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NO_TOKEN_HINT, setting, tokenSource } from 'afas-client/cli-kit';
import { type ExportSettings, ExportSettingsSchema } from '../settings.js';
import { ReportFileError, readReportFile } from '../source/report-file.js';
import { type CliIo, UsageError } from './io.js';

/**
 * Reads the settings file. The token may stay out of it (and out of shell history): then it comes
 * from the file named by `AFAS_TOKEN_FILE`, else `AFAS_TOKEN` (as for `afas`). `AFAS_BASE_URL`
 * gives a `baseUrl` the file does not set (a proxy, or the simulator in CI).
 */
export async function loadSettings(io: CliIo, path: string | undefined): Promise<ExportSettings> {
  if (!path)
    throw new UsageError(
      'No settings file given.',
      'Pass --settings settings.json (see docs/declaree-afas.md).',
    );
  const json = await readJson(io, path, 'settings');
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    // What the file leaves out comes from the environment, by the same rules as `afas`'s.
    if (!('token' in json) && !('oauth' in json)) {
      const source = tokenSource(io.env);
      if (source === undefined)
        throw new UsageError(
          `No AFAS token: ${path} has no "token" (or "oauth"), and neither AFAS_TOKEN_FILE nor AFAS_TOKEN is set.`,
          `${NO_TOKEN_HINT} Or put "token" in the settings file (readable by you only).`,
        );
      const token = 'file' in source ? await readText(io, source.file, 'token') : source.text;
      Object.assign(json, { token: token.trim() });
    }
    const baseUrl = setting(io.env, 'AFAS_BASE_URL');
    if (!('baseUrl' in json) && baseUrl !== undefined) Object.assign(json, { baseUrl });
  }
  const parsed = ExportSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.') || '(settings)'}: ${issue.message}`)
      .join('\n');
    throw new UsageError(
      `The settings in ${path} are not valid:\n${problems}`,
      'Fix the settings file; nothing was sent.',
    );
  }
  return parsed.data;
}

/** A report file as read: the report (PDF loaded lazily). */
export interface LoadedReport {
  readonly path: string;
  readonly report: unknown;
}

/** Reads a report file (see `readReportFile`); a file that cannot be read is a usage error. */
export async function loadReport(io: CliIo, path: string): Promise<LoadedReport> {
  try {
    const { report } = await readReportFile(resolve(io.cwd ?? process.cwd(), path));
    return { path, report };
  } catch (error) {
    if (error instanceof ReportFileError)
      throw new UsageError(error.message.replace(resolve(io.cwd ?? process.cwd(), path), path));
    throw error;
  }
}

async function readJson(io: CliIo, path: string, what: string): Promise<unknown> {
  const text = await readText(io, path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The ${what} file ${path} is not valid JSON (${jsonProblem(error)}).`);
  }
}

async function readText(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd ?? process.cwd(), path), 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the ${what} file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

/**
 * What is wrong with a JSON text, by position only: V8's message may quote a piece of the text
 * (`Unexpected token 'S', ..."token": SECR"... is not valid JSON`), and a settings file holds the token.
 */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const where = /line \d+ column \d+/.exec(message)?.[0] ?? /position \d+/.exec(message)?.[0];
  const what = message
    .replace(/,?\s*(?:\.\.\.)?"[\s\S]*$/, '')
    .replace(/\s*'[^']*'/g, '')
    .replace(/\s+(?:in JSON\s+)?at position[\s\S]*$/, '')
    .trim();
  return `${what || 'syntax error'}${where ? ` at ${where}` : ''}`;
}
