import { resolve } from 'node:path';
import { ENVIRONMENT_KINDS, type EnvironmentKind, resolveEnvironment } from 'afas-client';
import { NO_TOKEN_HINT, quoted, setting, tokenSource } from 'afas-client/cli-kit';
import {
  type ChosenProfile,
  chooseProfile,
  type ProfileFlags,
  readProfileToken,
} from 'afas-client/cli-kit/profiles';
import { describeFileProblem, RegularFileError, readRegularFile } from '../internal/regular-file.js';
import { type ExportSettings, ExportSettingsSchema } from '../settings.js';
import { ReportFileError, readReportFile } from '../source/report-file.js';
import { type CliIo, UsageError } from './io.js';

/** The settings, and the profile that gave their connection, if one did. */
export interface LoadedSettings {
  readonly settings: ExportSettings;
  readonly profile: ChosenProfile | undefined;
}

/**
 * Reads the settings file. The token belongs out of it (and out of shell history): it comes from
 * the file named by `AFAS_TOKEN_FILE`, else `AFAS_TOKEN` (as for `afas`); a `token` in the settings
 * file is still read, for settings written before, but discouraged (docs/declaree-afas.md). Without a profile,
 * `AFAS_ENVIRONMENT`, `AFAS_ENVIRONMENT_KIND`, `AFAS_BASE_URL` and `AFAS_LANGUAGE` give what the file
 * does not set, as they do for `afas` (a CI job keeps one settings file for several environments).
 *
 * With a profile (`--profile`, `AFAS_PROFILE`, or the profiles file's default when the settings
 * name no `environment` and no `baseUrl`), the profile says where AFAS is: the settings may leave
 * `environment`, `environmentKind` and `baseUrl` out, and what they give must be the same place.
 * A profile that names a token source gives the token, and nothing else does (the settings then
 * hold none; `AFAS_TOKEN_FILE` and `AFAS_TOKEN` are not read).
 */
export async function loadSettings(
  io: CliIo,
  path: string | undefined,
  flags: ProfileFlags = {},
): Promise<LoadedSettings> {
  if (!path)
    throw new UsageError(
      'No settings file given.',
      'Pass --settings settings.json (see docs/declaree-afas.md).',
    );
  const json = await readJson(io, path, 'settings');
  let profile: ChosenProfile | undefined;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const fields = json as Record<string, unknown>;
    profile = await chooseProfile(flags, io.env, {
      cwd: io.cwd,
      // The file's default gives way to settings that say where AFAS is.
      defaultApplies: !('environment' in fields) && !('baseUrl' in fields),
    });
    // Still read (settings written that way exist), but said every time: the file gets copied,
    // shared and versioned with the booking settings. The token itself is not repeated.
    if (typeof fields['token'] === 'string' && fields['token'].trim() !== '')
      io.stderr.write(
        `declaree-afas: warning: ${path} holds the AFAS token as text. Move it out: AFAS_TOKEN_FILE (a file readable by you only), AFAS_TOKEN, or a profile's token source (docs/cli.md#profiles); if the file was shared, have the token replaced.\n`,
      );
    if (profile !== undefined) await applyProfile(fields, profile, path, io);
    // What the file leaves out comes from the environment, by the same rules as `afas`'s.
    else if (!('token' in fields) && !('oauth' in fields)) {
      const source = tokenSource(io.env);
      if (source === undefined)
        throw new UsageError(
          'No AFAS token: neither AFAS_TOKEN_FILE nor AFAS_TOKEN is set, and no profile gives one.',
          // Not the settings file: it is copied, shared and versioned with the booking settings.
          `${NO_TOKEN_HINT} Or use a profile (--profile) whose token comes from a file, an environment variable or the OS keychain (see docs/cli.md#profiles).`,
        );
      const token = 'file' in source ? await readText(io, source.file, 'token') : source.text;
      Object.assign(fields, { token: token.trim() });
    }
    // Where AFAS is and its language: what the file leaves out, the same variables as `afas` read.
    if (profile === undefined) {
      for (const [field, variable] of [
        ['baseUrl', 'AFAS_BASE_URL'],
        ['environment', 'AFAS_ENVIRONMENT'],
        ['environmentKind', 'AFAS_ENVIRONMENT_KIND'],
        ['language', 'AFAS_LANGUAGE'],
      ] as const) {
        const value = setting(io.env, variable);
        if (!(field in fields) && value !== undefined) Object.assign(fields, { [field]: value });
      }
    }
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
  return { settings: parsed.data, profile };
}

/** Puts the profile's place, language and token into the settings read from `path` (see {@link loadSettings}). */
async function applyProfile(
  fields: Record<string, unknown>,
  profile: ChosenProfile,
  path: string,
  io: CliIo,
): Promise<void> {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const own = {
    environment: text(fields['environment']),
    kind: text(fields['environmentKind']),
    baseUrl: text(fields['baseUrl']),
  };
  // The environment (with its kind) is the profile's when it names one; a profile that gives only
  // a baseUrl says where requests go, and the environment is the one its URL names (AFAS's own
  // REST URL), else the settings'. The URL is the profile's.
  const named = profile.environment === undefined ? environmentOfUrl(profile.baseUrl) : undefined;
  const place =
    profile.environment !== undefined
      ? { environment: profile.environment, kind: profile.kind, baseUrl: profile.baseUrl }
      : {
          environment: named?.environment ?? own.environment,
          kind: named?.kind ?? own.kind,
          baseUrl: profile.baseUrl,
        };
  const differ =
    profile.environment !== undefined || named !== undefined
      ? (own.environment !== undefined || own.baseUrl !== undefined) && !samePlace(own, place)
      : // Only a URL in the profile, which names no environment: the settings' environment names it,
        // and only a URL of their own can say a different place.
        own.baseUrl !== undefined && !samePlace({ ...own, environment: undefined }, place);
  if (differ) {
    throw new UsageError(
      `${path} and profile ${profile.name} (${profile.chosenBy}) say different places for AFAS: ${describePlace(own)} in the settings, ${describePlace(place)} in the profile.`,
      `Leave environment, environmentKind and baseUrl out of ${path}: the profile says where AFAS is. Nothing was sent.`,
    );
  }
  if (place.environment === undefined) {
    // The ledger remembers each export by the environment it lands in (ExportKey): it must be named.
    throw new UsageError(
      `Profile ${profile.name} gives only a baseUrl (${shownUrl(profile.baseUrl ?? '')}) and ${path} names no environment: declaree-afas remembers each export by the AFAS environment it lands in, and a proxy's or simulator's URL does not say which that is.`,
      `Add "environment" (the participant number, e.g. "12345", or the name, e.g. "O12345AA") to ${path}, or to profile ${profile.name} beside its baseUrl (${profile.file}). Nothing was sent.`,
    );
  }
  delete fields['environmentKind'];
  delete fields['baseUrl'];
  fields['environment'] = place.environment;
  if (place.kind !== undefined) fields['environmentKind'] = place.kind;
  if (place.baseUrl !== undefined) fields['baseUrl'] = place.baseUrl;
  if (fields['language'] === undefined && profile.language !== undefined)
    fields['language'] = profile.language;
  if (profile.token === undefined) {
    if ('token' in fields || 'oauth' in fields) return;
    const source = tokenSource(io.env);
    if (source === undefined)
      throw new UsageError(
        `No AFAS token: profile ${profile.name} names no token source, and neither AFAS_TOKEN_FILE nor AFAS_TOKEN is set.`,
        `Give profile ${profile.name} a "token" in ${profile.file} (a file, an environment variable or the keychain), or ${NO_TOKEN_HINT.charAt(0).toLowerCase()}${NO_TOKEN_HINT.slice(1)}`,
      );
    fields['token'] = ('file' in source ? await readText(io, source.file, 'token') : source.text).trim();
    return;
  }
  if ('token' in fields || 'oauth' in fields) {
    throw new UsageError(
      `${path} has a "${'token' in fields ? 'token' : 'oauth'}", and profile ${profile.name} names where its token is: only one may say it.`,
      `Remove "${'token' in fields ? 'token' : 'oauth'}" from ${path} (a settings file is better without secrets). Nothing was sent.`,
    );
  }
  const token = await readProfileToken(profile, io.env, { warn: (line) => io.stderr.write(line) });
  fields['token'] = token.trim();
}

/**
 * The environment AFAS's own REST URL names: `https://12345.resttest.afas.online/ProfitRestServices`
 * is participant 12345, test (`rest` production, `resttest` test, `restaccept` accept); undefined for
 * any other URL (a proxy, the simulator).
 */
function environmentOfUrl(
  baseUrl: string | undefined,
): { readonly environment: string; readonly kind: EnvironmentKind } | undefined {
  // AFAS's URL rule is afas-client's (resolveEnvironment); only the participant number is read here.
  const url = (baseUrl ?? '').replace(/\/$/, '').toLowerCase();
  const environment = /^https:\/\/(\d{1,10})\./.exec(url)?.[1];
  if (environment === undefined) return undefined;
  const kind = ENVIRONMENT_KINDS.find(
    (candidate) => resolveEnvironment(environment, candidate).baseUrl.toLowerCase() === url,
  );
  return kind === undefined ? undefined : { environment, kind };
}

interface Place {
  readonly environment: string | undefined;
  readonly kind: string | undefined;
  readonly baseUrl: string | undefined;
}

/** Whether two places send requests to the same URL, and name the same environment where both name one. */
function samePlace(a: Place, b: Place): boolean {
  const resolved = (place: Place) => {
    try {
      return place.environment === undefined
        ? undefined
        : resolveEnvironment(place.environment, place.kind as Parameters<typeof resolveEnvironment>[1]);
    } catch {
      return undefined; // an invalid environment is reported by the settings' own check
    }
  };
  const [ea, eb] = [resolved(a), resolved(b)];
  const url = (place: Place, environment: ReturnType<typeof resolved>) =>
    (place.baseUrl ?? environment?.baseUrl ?? '').replace(/\/+$/, '');
  if (url(a, ea) !== url(b, eb)) return false;
  if (a.environment !== undefined && b.environment !== undefined)
    return ea !== undefined && eb !== undefined
      ? ea.id === eb.id && ea.kind === eb.kind
      : a.environment === b.environment;
  return true;
}

function describePlace(place: Place): string {
  const parts = [
    place.environment === undefined ? undefined : `environment ${quoted(place.environment)}`,
    place.kind === undefined ? undefined : `kind ${place.kind}`,
    place.baseUrl === undefined ? undefined : `baseUrl ${shownUrl(place.baseUrl)}`,
  ].filter((part) => part !== undefined);
  return parts.join(', ') || 'nothing';
}

/** A URL without what may be a secret in it (user, password, query). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return quoted(url);
  }
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

/** A settings or profiles file is small; a larger one is not one (or not the file meant). */
const MAX_SETTINGS_BYTES = 1_000_000;

async function readText(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return (await readRegularFile(resolve(io.cwd ?? process.cwd(), path), MAX_SETTINGS_BYTES)).toString(
      'utf8',
    );
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    throw new UsageError(
      describeFileProblem(error, {
        what: `${what} file`,
        path,
        maxBytes: MAX_SETTINGS_BYTES,
        fix: `name the ${what} file`,
        fixes: { missing: 'check the path' },
      }),
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
