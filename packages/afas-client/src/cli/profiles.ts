/**
 * Configuration profiles, shared by both CLIs (`afas` and `declaree-afas`): a JSON file of named
 * AFAS connections (`test`, `production` …), each saying where AFAS is and where its token is kept —
 * a file, an environment variable or the OS keychain, never the token itself. Exported as
 * `afas-client/cli-kit/profiles` for the toolkit's own packages.
 *
 * @example profiles.json
 * {
 *   "default": "test",
 *   "profiles": {
 *     "test": { "environment": "T12345AA", "token": { "keychain": { "account": "test" } } },
 *     "production": { "environment": "O12345AA", "token": { "file": "~/.afas/production.token" } }
 *   }
 * }
 */
import { type ExecFileException, execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type AfasLanguage,
  AfasToken,
  checkBaseUrl,
  ENVIRONMENT_KINDS,
  type EnvironmentKind,
  isAfasError,
  LANGUAGES,
  resolveEnvironment,
} from '../index.js';
import { isRecord } from '../internal/is-record.js';
import { errorCode, parseJson } from './json.js';
import { type FlagSpecs, quoted, setting, UsageError } from './kit.js';
import { didYouMean } from './suggest.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The flags that choose a profile, for every command that connects to AFAS. */
export const PROFILE_OPTIONS = {
  profile: {
    type: 'string',
    value: '<name>',
    description:
      "the connection profile (AFAS_PROFILE), from the profiles file;\nwithout one, the file's default applies (`afas profiles` lists them)",
  },
  config: {
    type: 'string',
    value: '<file>',
    description:
      'the profiles file (AFAS_CONFIG); default\n~/.config/afas-toolkit/profiles.json ($XDG_CONFIG_HOME)',
  },
} as const satisfies FlagSpecs;

/** Parsed {@link PROFILE_OPTIONS}. */
export interface ProfileFlags {
  readonly profile?: string | undefined;
  readonly config?: string | undefined;
}

/** Where a profile's token is kept. The profiles file names the place; it never holds the token. */
export type ProfileTokenSource =
  /** A file holding the token (`~` is the home folder; a relative path is relative to the profiles file). */
  | { readonly file: string }
  /** An environment variable holding the token. */
  | { readonly env: string }
  /** The OS keychain: macOS Keychain (`security`) or the Secret Service on Linux (`secret-tool`). */
  | { readonly keychain: { readonly service: string; readonly account: string } };

/** One named connection of the profiles file. */
export interface Profile {
  readonly name: string;
  /** The profiles file it is in. */
  readonly file: string;
  /** Environment name or participant number: `T12345AA`, `12345`. */
  readonly environment?: string | undefined;
  /** Production, test or accept, for a bare participant number. */
  readonly kind?: EnvironmentKind | undefined;
  /** A REST base URL instead of the environment: a proxy, the simulator. */
  readonly baseUrl?: string | undefined;
  readonly language?: AfasLanguage | undefined;
  /** Per-attempt timeout in seconds. */
  readonly timeout?: number | undefined;
  readonly token?: ProfileTokenSource | undefined;
}

/** A profile and how it was chosen. */
export interface ChosenProfile extends Profile {
  readonly chosenBy: '--profile' | 'AFAS_PROFILE' | 'default';
}

/** The profiles file, read and checked. */
export interface ProfilesFile {
  readonly path: string;
  readonly default: string | undefined;
  readonly profiles: readonly Profile[];
}

/** The keychain service name when a profile gives none. */
export const DEFAULT_KEYCHAIN_SERVICE = 'afas-toolkit';

/** Where the profiles file is looked for, and whether the user named it. */
export interface ProfilesLocation {
  readonly path: string;
  readonly givenBy: '--config' | 'AFAS_CONFIG' | 'default';
}

/** Where to look for the profiles file: `--config`, the folder relative paths start from, the OS. */
export interface ProfilesLookup {
  readonly config?: string | undefined;
  readonly cwd?: string | undefined;
  readonly platform?: NodeJS.Platform;
}

/**
 * The profiles file's path: `--config`, else `AFAS_CONFIG`, else
 * `$XDG_CONFIG_HOME/afas-toolkit/profiles.json` (`~/.config/…` without it; `%APPDATA%\afas-toolkit\…`
 * on Windows). The default comes from the environment only (`XDG_CONFIG_HOME`, `HOME`, `APPDATA`):
 * with none of them set there is no default file.
 */
export function profilesLocation(env: Env, options: ProfilesLookup = {}): ProfilesLocation | undefined {
  const cwd = options.cwd ?? process.cwd();
  if (options.config !== undefined) return { path: resolve(cwd, options.config), givenBy: '--config' };
  const named = setting(env, 'AFAS_CONFIG');
  if (named !== undefined) return { path: resolve(cwd, named), givenBy: 'AFAS_CONFIG' };
  const platform = options.platform ?? process.platform;
  const xdg = setting(env, 'XDG_CONFIG_HOME');
  const appData = setting(env, 'APPDATA');
  const home = setting(env, 'HOME');
  const base =
    xdg !== undefined && isAbsolute(xdg)
      ? xdg
      : platform === 'win32' && appData !== undefined
        ? appData
        : home !== undefined
          ? join(home, '.config')
          : undefined;
  return base === undefined
    ? undefined
    : { path: join(base, 'afas-toolkit', 'profiles.json'), givenBy: 'default' };
}

/**
 * Reads and checks the profiles file. `undefined` when there is none at the default place; a file
 * named by `--config` or `AFAS_CONFIG` must exist. Every problem is a {@link UsageError} naming the
 * file and the field, and never repeating a value that may be a secret.
 */
export async function readProfiles(
  env: Env,
  options: ProfilesLookup = {},
): Promise<ProfilesFile | undefined> {
  const location = profilesLocation(env, options);
  if (location === undefined) return undefined;
  const { path } = location;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' && location.givenBy === 'default') return undefined;
    throw new UsageError(
      `Cannot read the profiles file ${path}${code ? ` (${code})` : ''}${location.givenBy === 'default' ? '' : `, named by ${location.givenBy}`}.`,
      code === 'ENOENT' ? 'Check the path; docs/cli.md#profiles shows a sample file.' : undefined,
    );
  }
  return parseProfiles(text, path);
}

/** Checks the text of a profiles file (see {@link readProfiles}). */
export function parseProfiles(text: string, path: string): ProfilesFile {
  const json = parseJson(
    text,
    `The profiles file ${path}`,
    'Fix the file; docs/cli.md#profiles shows a sample.',
  );
  const secret = findSecret(json, []);
  if (secret !== undefined) throw secretError(path, secret);
  const problems: string[] = [];
  const checked = checkFile(json, problems);
  if (problems.length > 0 || checked === undefined) {
    const shown = problems.slice(0, 5).map((problem) => `  ${problem}`);
    const more = problems.length > 5 ? [`  … and ${problems.length - 5} more`] : [];
    throw new UsageError(
      `The profiles file ${path} is not valid:\n${[...shown, ...more].join('\n')}`,
      'Fix the file; docs/cli.md#profiles shows a sample.',
    );
  }
  const names = checked.profiles.map(([name]) => name);
  const fallback = checked.default;
  if (fallback !== undefined && !names.includes(fallback)) {
    throw new UsageError(
      `The profiles file ${path} is not valid:\n  default: there is no profile ${quoted(fallback)}.${suggestion(fallback, names)}`,
      `Its profiles: ${names.join(', ') || 'none'}.`,
    );
  }
  const profiles = checked.profiles.map(([name, fields]): Profile => ({ name, file: path, ...fields }));
  return { path, default: fallback, profiles };
}

/**
 * The profile to use: `--profile`, else `AFAS_PROFILE`, else the file's `default` when
 * `defaultApplies` (a command line that names its environment keeps to it). `undefined` when no
 * profile applies; a profile named but not found is a {@link UsageError} with "did you mean" and the
 * file's profiles.
 */
export async function chooseProfile(
  flags: ProfileFlags,
  env: Env,
  options: {
    readonly cwd?: string | undefined;
    readonly platform?: NodeJS.Platform;
    /** Whether the file's default profile may apply. @default true */
    readonly defaultApplies?: boolean;
  } = {},
): Promise<ChosenProfile | undefined> {
  const fromEnv = setting(env, 'AFAS_PROFILE');
  const name = flags.profile ?? fromEnv;
  if (name === undefined && options.defaultApplies === false) return undefined;
  const file = await readProfiles(env, { ...options, config: flags.config });
  if (name === undefined) {
    const fallback = file?.profiles.find((profile) => profile.name === file.default);
    return fallback === undefined ? undefined : { ...fallback, chosenBy: 'default' };
  }
  const chosenBy = flags.profile !== undefined ? '--profile' : 'AFAS_PROFILE';
  if (file === undefined) {
    const location = profilesLocation(env, { ...options, config: flags.config });
    throw new UsageError(
      `${chosenBy} names profile ${quoted(name)}, but there is no profiles file${location ? ` (${location.path} does not exist)` : ' (neither XDG_CONFIG_HOME nor HOME is set)'}.`,
      'Create it (docs/cli.md#profiles shows a sample), or name yours with --config or AFAS_CONFIG.',
    );
  }
  const found = file.profiles.find((profile) => profile.name === name);
  if (found === undefined) {
    const names = file.profiles.map((profile) => profile.name);
    throw new UsageError(
      `There is no profile ${quoted(name)} in ${file.path} (${chosenBy}).${suggestion(name, names)}`,
      `Its profiles: ${names.join(', ') || 'none'}. \`afas profiles\` lists them.`,
    );
  }
  return { ...found, chosenBy };
}

/** Where a profile's token comes from, in words: for listings and errors. Never the token. */
export function describeTokenSource(source: ProfileTokenSource | undefined): string {
  if (source === undefined) return 'not in the profile (--token-file, AFAS_TOKEN_FILE or AFAS_TOKEN)';
  if ('file' in source) return `file ${source.file}`;
  if ('env' in source) return `environment variable ${source.env}`;
  return `keychain: service ${source.keychain.service}, account ${source.keychain.account}`;
}

/** What {@link readProfileToken} may need besides the profile. */
export interface TokenReadOptions {
  /** Called with a warning line (a token file others may read). */
  readonly warn?: ((text: string) => void) | undefined;
  readonly platform?: NodeJS.Platform;
}

/**
 * Reads the token from the profile's source (the profile must have one) and checks that it is an
 * AFAS token. Returns its text. A missing file, an unset variable, a missing keychain entry or tool
 * is a {@link UsageError} that says how to put the token there; the token is never in an error.
 * A token file that group or others may read is used, with a warning (POSIX only).
 */
export async function readProfileToken(
  profile: Profile,
  env: Env,
  options: TokenReadOptions = {},
): Promise<string> {
  const source = profile.token;
  if (source === undefined) throw new Error(`Profile ${profile.name} names no token source.`);
  const platform = options.platform ?? process.platform;
  const of = `of profile ${profile.name}`;
  let text: string;
  if ('file' in source) {
    const path = expandPath(source.file, env, dirname(profile.file));
    try {
      const info = await stat(path);
      if (platform !== 'win32' && (info.mode & 0o077) !== 0) {
        options.warn?.(
          `warning: the token file ${source.file} ${of} is open to other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); make it yours only: chmod 600 ${path}\n`,
        );
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = errorCode(error);
      throw new UsageError(
        `Cannot read the token file ${source.file} ${of}${code ? ` (${code})` : ''}.`,
        `Put the token in ${path} (readable by you only: chmod 600), or change "token" of profile ${profile.name} in ${profile.file}.`,
      );
    }
  } else if ('env' in source) {
    const value = setting(env, source.env);
    if (value === undefined) {
      throw new UsageError(
        `Profile ${profile.name} takes its token from the environment variable ${source.env}, which is not set.`,
        `Set ${source.env}, or change "token" of profile ${profile.name} in ${profile.file}.`,
      );
    }
    text = value;
  } else {
    text = await keychainLookup(source.keychain, env, platform, profile.name);
  }
  try {
    AfasToken.from(text);
  } catch (error) {
    if (!isAfasError(error)) throw error;
    // AfasTokenError never repeats the token.
    throw new UsageError(
      `The token from ${describeTokenSource(source)} (profile ${profile.name}) is not an AFAS token: ${error.message}`,
      'Store it as AFAS shows it: the <token><version>1</version><data>…</data></token> XML, or only the data part.',
    );
  }
  return text;
}

/** How long a keychain tool may take (a locked keyring may wait for its password). */
const KEYCHAIN_TIMEOUT_MS = 30_000;

/**
 * The token from the OS keychain, through its command-line tool, run without a shell. The secret
 * only ever travels on the tool's stdout, never on a command line:
 * - macOS: `security find-generic-password -s <service> -a <account> -w`
 * - Linux and other Unixes (Secret Service: GNOME Keyring, KWallet, KeePassXC): `secret-tool lookup service <service> account <account>`
 * - Windows: not supported yet.
 */
export async function keychainLookup(
  entry: { readonly service: string; readonly account: string },
  env: Env,
  platform: NodeJS.Platform = process.platform,
  profile?: string,
): Promise<string> {
  const { service, account } = entry;
  const of = profile === undefined ? '' : ` (profile ${profile})`;
  if (platform === 'win32') {
    throw new UsageError(
      `The OS keychain is not supported on Windows yet${of}.`,
      'Keep the token in a file ("token": { "file": "…" }) or an environment variable ("token": { "env": "…" }).',
    );
  }
  const mac = platform === 'darwin';
  const command = mac ? 'security' : 'secret-tool';
  const args = mac
    ? ['find-generic-password', '-s', service, '-a', account, '-w']
    : ['lookup', 'service', service, 'account', account];
  const store = mac
    ? `security add-generic-password -s ${service} -a ${account} -w  (it asks for the token)`
    : `secret-tool store --label='AFAS token ${account}' service ${service} account ${account}  (it reads the token from stdin)`;
  const result = await new Promise<{ error: ExecFileException | null; stdout: string; stderr: string }>(
    (done) => {
      execFile(
        command,
        args,
        {
          env: { ...env },
          timeout: KEYCHAIN_TIMEOUT_MS,
          windowsHide: true,
          maxBuffer: 64 * 1024,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => done({ error, stdout, stderr }),
      );
    },
  );
  const said = result.stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
  if (result.error !== null) {
    if (result.error.code === 'ENOENT') {
      throw new UsageError(
        `${command} is not installed, or not on PATH: it reads the token from the OS keychain${of}.`,
        mac
          ? 'It comes with macOS (/usr/bin/security); check PATH.'
          : 'Install it (Debian, Ubuntu: apt install libsecret-tools; Fedora: dnf install libsecret), or keep the token in a file ("token": { "file": "…" }).',
      );
    }
    if (result.error.killed === true) {
      throw new UsageError(
        `${command} did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s${of}: is the keyring locked, waiting for its password?`,
        'Unlock the keyring, or keep the token in a file.',
      );
    }
    // Not found: secret-tool exits 1 saying nothing, security exits 44.
    const missing = (!mac && said === '') || (mac && result.error.code === 44);
    if (missing) {
      throw new UsageError(
        `The keychain has no token for service ${service}, account ${account}${of}.`,
        `Store it with: ${store}`,
      );
    }
    throw new UsageError(
      `${command} could not read the token for service ${service}, account ${account}${of}${said ? `: ${said}` : ''}.`,
      mac
        ? 'Is the login keychain unlocked? Else keep the token in a file ("token": { "file": "…" }).'
        : 'secret-tool needs a Secret Service (GNOME Keyring, KWallet, KeePassXC) on the D-Bus session bus; without one (a server, CI), keep the token in a file ("token": { "file": "…" }) or an environment variable.',
    );
  }
  const token = result.stdout.replace(/\r?\n$/, '').trim();
  if (token === '') {
    throw new UsageError(
      `The keychain entry for service ${service}, account ${account} is empty${of}.`,
      `Store the token with: ${store}`,
    );
  }
  return token;
}

/** `~/x` in the home folder; a relative path against `base` (the profiles file's folder). */
function expandPath(path: string, env: Env, base: string): string {
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) {
    const home = setting(env, 'HOME') ?? setting(env, 'USERPROFILE') ?? homedir();
    return join(home, path.slice(1));
  }
  return resolve(base, path);
}

// ---------------------------------------------------------------------------------------------
// The file's shape.

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A profile's fields, as checked. */
type ProfileFields = Omit<Profile, 'name' | 'file'>;

const FILE_FIELDS = ['$schema', 'default', 'profiles'];
const PROFILE_FIELDS = ['environment', 'kind', 'baseUrl', 'language', 'timeout', 'token'];
const TOKEN_SHAPE =
  'give { "file": "<path>" }, { "env": "<VARIABLE>" } or { "keychain": { "account": "<name>" } }';

/**
 * Checks the file's shape by hand (the CLI starts without a schema library) and collects every
 * problem as `profiles.ci.kind: one of production, test, accept`. No message repeats a value.
 */
function checkFile(
  json: unknown,
  problems: string[],
): { default: string | undefined; profiles: [string, ProfileFields][] } | undefined {
  if (!isRecord(json)) {
    problems.push('(top level): an object: { "default": "<name>", "profiles": { "<name>": { … } } }');
    return undefined;
  }
  unknownFields(json, FILE_FIELDS, '', problems);
  if (json['$schema'] !== undefined && typeof json['$schema'] !== 'string')
    problems.push('$schema: a string');
  const fallback = json['default'];
  if (fallback !== undefined && typeof fallback !== 'string') problems.push('default: the name of a profile');
  const profiles = json['profiles'];
  if (!isRecord(profiles)) {
    problems.push('profiles: an object of named profiles: { "test": { "environment": "T12345AA", … } }');
    return undefined;
  }
  const checked: [string, ProfileFields][] = [];
  for (const [name, value] of Object.entries(profiles)) {
    if (!NAME.test(name)) {
      problems.push(
        `profiles: a profile name is letters, digits, ".", "_" and "-" (at most 64), not ${quoted(name)}`,
      );
      continue;
    }
    const fields = checkProfile(value, `profiles.${name}`, problems);
    if (fields !== undefined) checked.push([name, fields]);
  }
  return { default: typeof fallback === 'string' ? fallback : undefined, profiles: checked };
}

function checkProfile(value: unknown, at: string, problems: string[]): ProfileFields | undefined {
  if (!isRecord(value)) {
    problems.push(`${at}: an object with "environment" or "baseUrl", and "token"`);
    return undefined;
  }
  const before = problems.length;
  unknownFields(value, PROFILE_FIELDS, at, problems);
  const text = (field: string): string | undefined => {
    const given = value[field];
    if (given === undefined) return undefined;
    if (typeof given === 'string' && given.trim() !== '') return given.trim();
    problems.push(`${at}.${field}: ${typeof given === 'string' ? 'is empty' : 'a string'}`);
    return undefined;
  };
  const choice = <const Choice extends string>(
    field: string,
    choices: readonly Choice[],
  ): Choice | undefined => {
    const given = text(field);
    if (given === undefined) return undefined;
    const found = choices.find((candidate) => candidate === given);
    if (found === undefined) problems.push(`${at}.${field}: one of ${choices.join(', ')}`);
    return found;
  };
  const environment = text('environment');
  const kind = choice('kind', ENVIRONMENT_KINDS);
  const baseUrl = text('baseUrl');
  const language = choice('language', LANGUAGES);
  const timeout = value['timeout'];
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0.1 || timeout > 3600)
  )
    problems.push(`${at}.timeout: a number of seconds from 0.1 to 3600`);
  const token =
    value['token'] === undefined ? undefined : checkToken(value['token'], `${at}.token`, problems);
  if (
    environment === undefined &&
    baseUrl === undefined &&
    value['environment'] === undefined &&
    value['baseUrl'] === undefined
  )
    problems.push(`${at}: a profile says where AFAS is: give "environment" (e.g. T12345AA) or "baseUrl"`);
  if (value['kind'] !== undefined && value['environment'] === undefined)
    problems.push(`${at}.kind: applies to environment, which is missing`);
  for (const [field, check] of [
    ['environment', () => environment !== undefined && resolveEnvironment(environment, kind)],
    ['baseUrl', () => baseUrl !== undefined && checkBaseUrl(baseUrl)],
  ] as const) {
    try {
      check();
    } catch (error) {
      // The SDK's configuration errors never repeat the value.
      if (!isAfasError(error)) throw error;
      problems.push(`${at}.${field}: ${error.message}`);
    }
  }
  if (problems.length > before) return undefined;
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(kind === undefined ? {} : { kind }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(language === undefined ? {} : { language }),
    ...(typeof timeout === 'number' ? { timeout } : {}),
    ...(token === undefined ? {} : { token }),
  };
}

function checkToken(value: unknown, at: string, problems: string[]): ProfileTokenSource | undefined {
  const keys = isRecord(value) ? Object.keys(value) : [];
  const [key] = keys;
  if (!isRecord(value) || keys.length !== 1 || (key !== 'file' && key !== 'env' && key !== 'keychain')) {
    problems.push(`${at}: ${isRecord(value) && keys.length > 1 ? 'one source only: ' : ''}${TOKEN_SHAPE}`);
    return undefined;
  }
  const inner = value[key];
  if (key === 'file') {
    if (typeof inner === 'string' && inner.trim() !== '') return { file: inner.trim() };
    problems.push(`${at}.file: the path of the token file`);
    return undefined;
  }
  if (key === 'env') {
    if (typeof inner === 'string' && ENV_NAME.test(inner.trim())) return { env: inner.trim() };
    problems.push(`${at}.env: the name of an environment variable (letters, digits, _)`);
    return undefined;
  }
  if (!isRecord(inner)) {
    problems.push(
      `${at}.keychain: { "account": "<name>" }, and "service" when not ${DEFAULT_KEYCHAIN_SERVICE}`,
    );
    return undefined;
  }
  const before = problems.length;
  unknownFields(inner, ['service', 'account'], `${at}.keychain`, problems);
  const entry = (field: 'service' | 'account'): string | undefined => {
    const given = inner[field];
    if (typeof given === 'string' && given.trim() !== '') return given.trim();
    if (given !== undefined || field === 'account')
      problems.push(
        `${at}.keychain.${field}: the keychain ${field}${field === 'account' ? ', e.g. the profile name' : ''}`,
      );
    return undefined;
  };
  const service = entry('service') ?? DEFAULT_KEYCHAIN_SERVICE;
  const account = entry('account');
  return problems.length > before || account === undefined ? undefined : { keychain: { service, account } };
}

/** A problem for each field of `value` not in `known`, with "did you mean". */
function unknownFields(
  value: Record<string, unknown>,
  known: readonly string[],
  at: string,
  problems: string[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      problems.push(`${at ? `${at}.` : ''}${key}: unknown field.${suggestion(key, known)}`);
  }
}

/** The CLI's one "Did you mean …?" (suggest.ts) after a space, or nothing. */
function suggestion(value: string, candidates: readonly string[]): string {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : ` ${near}`;
}

// ---------------------------------------------------------------------------------------------
// No secrets in the file.

/** The path (`profiles.test.token`) of the first string in `json` that is or looks like a token. */
function findSecret(
  json: unknown,
  path: readonly string[],
): { path: string; plainToken: boolean } | undefined {
  if (typeof json === 'string') {
    // Any text as "token" is a token written into the file, whatever it looks like.
    const plainToken = path.at(-1) === 'token';
    return plainToken || looksLikeToken(json) ? { path: path.join('.'), plainToken } : undefined;
  }
  if (Array.isArray(json)) {
    for (const [index, item] of json.entries()) {
      const found = findSecret(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof json === 'object' && json !== null) {
    for (const [key, value] of Object.entries(json)) {
      if (looksLikeToken(key)) return { path: [...path, '(a field name)'].join('.'), plainToken: false };
      const found = findSecret(value, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Text that is, or looks like, a secret: any form `AfasToken.from` accepts (the XML, 16 or more hex
 * digits, base64 of the XML, the header value), token markup, or a long base64 string of mixed
 * letters and digits (an OAuth secret, another header value).
 */
export function looksLikeToken(text: string): boolean {
  const value = text.trim();
  if (value.length < 16) return false;
  if (/<\s*(token|data)\b|afastoken\s|bearer\s/i.test(value)) return true;
  try {
    AfasToken.from(value);
    return true;
  } catch {
    // not a token form
  }
  return (
    /^[A-Za-z0-9+/_-]{32,}={0,2}$/.test(value) &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value) &&
    /\d/.test(value)
  );
}

function secretError(file: string, found: { path: string; plainToken: boolean }): UsageError {
  const name = /^profiles\.([^.]+)\./.exec(found.path)?.[1];
  const example = name !== undefined && NAME.test(name) ? name : 'test';
  return new UsageError(
    `${file}: ${found.path} ${found.plainToken ? 'holds the token as text' : 'looks like a token'} (not repeated here). A profiles file holds no secrets: it names where the token is kept.`,
    `Remove it from the file (and have the token replaced if the file was shared), then keep the token in a file, an environment variable or the OS keychain, e.g. "token": { "file": "~/.afas/${example}.token" } (chmod 600), "token": { "env": "AFAS_${example.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TOKEN" } or "token": { "keychain": { "account": "${example}" } }.`,
  );
}
