import { AfasClient, type AfasClientOptions, AfasToken, ENVIRONMENT_KINDS, LANGUAGES } from '../index.js';
import { integer, oneOf } from './args.js';
import { type CliIo, readInput } from './io.js';
import {
  CLIENT_FLAGS,
  setting as envSetting,
  type FlagSpecs,
  flagHelp,
  NO_TOKEN_HINT,
  seconds,
  tokenSource,
  UsageError,
} from './kit.js';
import {
  type ChosenProfile,
  chooseProfile,
  PROFILE_OPTIONS,
  type ProfileFlags,
  readProfileToken,
} from './profiles.js';

/** The flags that say which AFAS environment to talk to and how to authenticate. */
export const CONNECTION_OPTIONS = {
  ...PROFILE_OPTIONS,
  environment: {
    type: 'string',
    short: 'e',
    value: '<env>',
    description: 'environment name or participant number (AFAS_ENVIRONMENT), e.g. O12345AA',
  },
  kind: {
    type: 'string',
    value: '<kind>',
    description: 'production | test | accept, for a bare participant number (AFAS_ENVIRONMENT_KIND)',
  },
  'base-url': {
    type: 'string',
    value: '<url>',
    description: 'REST base URL instead of the environment (AFAS_BASE_URL): a proxy, the simulator',
  },
  'token-file': {
    type: 'string',
    value: '<path>',
    description:
      'read the token from a file, or from stdin with - (AFAS_TOKEN_FILE); otherwise AFAS_TOKEN holds it. There is no --token flag: it would end up in shell history and the process list.',
  },
  language: {
    type: 'string',
    value: '<lang>',
    description: `language of AFAS's messages: ${LANGUAGES.join(', ')} (AFAS_LANGUAGE; default nl-nl)`,
  },
  ...CLIENT_FLAGS,
} as const satisfies FlagSpecs;

/** Help text for {@link CONNECTION_OPTIONS}, generated from them, shared by the commands that call AFAS. */
export const CONNECTION_HELP = `Connection (flags override the profile, the profile the environment variables; a profile's
token source wins over AFAS_TOKEN_FILE and AFAS_TOKEN, which it never reads):\n${flagHelp(CONNECTION_OPTIONS, 26)}`;

/** Parsed {@link CONNECTION_OPTIONS}. */
export interface ConnectionFlags extends ProfileFlags {
  readonly environment?: string | undefined;
  readonly kind?: string | undefined;
  readonly 'base-url'?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly language?: string | undefined;
  readonly timeout?: string | undefined;
  readonly retries?: string | undefined;
}

/**
 * The token: `--token-file`; else the profile's token source, when it names one (and then nothing
 * else: `AFAS_TOKEN` may belong to another environment); else `AFAS_TOKEN_FILE`, else `AFAS_TOKEN`
 * (the same order as in `declaree-afas`).
 */
export async function readToken(
  flags: ConnectionFlags,
  io: CliIo,
  profile?: ChosenProfile | undefined,
): Promise<AfasToken> {
  if (flags['token-file'] === undefined && profile?.token !== undefined) {
    return AfasToken.from(
      await readProfileToken(profile, io.env, { warn: (text) => void io.stderr.write(text) }),
    );
  }
  const source = tokenSource(io.env, flags['token-file']);
  if (source === undefined) {
    throw new UsageError(
      profile === undefined
        ? 'No AFAS token given.'
        : `No AFAS token given: profile ${profile.name} names no token source.`,
      `${NO_TOKEN_HINT} Or pass --token-file <file> (- reads stdin)${profile === undefined ? '' : `, or give profile ${profile.name} a "token" in ${profile.file}`}.`,
    );
  }
  return AfasToken.from('file' in source ? await readInput(io, source.file, 'the token') : source.text);
}

/**
 * The profile that applies: `--profile`, `AFAS_PROFILE`, or the profiles file's default, which
 * gives way to a command line naming its own `--environment` or `--base-url`.
 */
export function profileFor(flags: ConnectionFlags, io: CliIo): Promise<ChosenProfile | undefined> {
  return chooseProfile(flags, io.env, {
    cwd: io.cwd,
    defaultApplies: flags.environment === undefined && flags['base-url'] === undefined,
  });
}

/** A client configured from flags, the profile and environment variables. */
export async function createClient(flags: ConnectionFlags, io: CliIo): Promise<AfasClient> {
  const profile = await profileFor(flags, io);
  return new AfasClient({ ...connection(flags, io, profile), token: await readToken(flags, io, profile) });
}

/**
 * Where AFAS is and how to talk to it: everything but the token. Each setting comes from its flag,
 * else the profile, else its environment variable. Where AFAS is (environment, kind, base URL) is
 * taken as a whole: from the flags when they give `--environment` or `--base-url`, else from the
 * profile (which then ignores AFAS_ENVIRONMENT, AFAS_BASE_URL and AFAS_ENVIRONMENT_KIND), else from
 * the flags and variables as without profiles.
 */
export function connection(flags: ConnectionFlags, io: CliIo, profile?: ChosenProfile | undefined) {
  const ownPlace = flags.environment !== undefined || flags['base-url'] !== undefined;
  const place =
    profile === undefined
      ? {
          environment: flags.environment ?? setting(io, 'AFAS_ENVIRONMENT'),
          baseUrl: flags['base-url'] ?? setting(io, 'AFAS_BASE_URL'),
          kind: flags.kind ?? setting(io, 'AFAS_ENVIRONMENT_KIND'),
        }
      : ownPlace
        ? { environment: flags.environment, baseUrl: flags['base-url'], kind: flags.kind }
        : { environment: profile.environment, baseUrl: profile.baseUrl, kind: flags.kind ?? profile.kind };
  if (place.environment === undefined && place.baseUrl === undefined) {
    throw new UsageError(
      'No AFAS environment given.',
      'Set AFAS_ENVIRONMENT (e.g. O12345AA) or pass --environment; or --base-url for a proxy or the simulator; or choose a profile (--profile).',
    );
  }
  const timeout = seconds('--timeout', flags.timeout, 0.1, 3600) ?? profile?.timeout;
  const retries = integer('--retries', flags.retries, 0, 10);
  return {
    environment: place.environment,
    environmentKind: oneOf('--kind', place.kind, ENVIRONMENT_KINDS),
    baseUrl: place.baseUrl,
    language: oneOf(
      '--language',
      flags.language ?? profile?.language ?? setting(io, 'AFAS_LANGUAGE'),
      LANGUAGES,
    ),
    timeout: timeout === undefined ? undefined : timeout * 1000,
    retry: retries === undefined ? undefined : { retries },
  } satisfies AfasClientOptions;
}

/** An environment variable; empty counts as unset. */
export function setting(io: CliIo, name: string): string | undefined {
  return envSetting(io.env, name);
}
