import { AfasClient, type AfasClientOptions, AfasToken, ENVIRONMENT_KINDS, LANGUAGES } from '../index.js';
import { integer, oneOf } from './args.js';
import { type CliIo, readInput } from './io.js';
import {
  setting as envSetting,
  type FlagSpecs,
  flagHelp,
  NO_TOKEN_HINT,
  seconds,
  tokenSource,
  UsageError,
} from './kit.js';

/** The flags that say which AFAS environment to talk to and how to authenticate. */
export const CONNECTION_OPTIONS = {
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
      'read the token from a file, or from stdin with - (AFAS_TOKEN_FILE);\notherwise AFAS_TOKEN holds it. There is no --token flag: it would end up in\nshell history and the process list.',
  },
  language: {
    type: 'string',
    value: '<lang>',
    description: `language of AFAS's messages: ${LANGUAGES.join(', ')} (AFAS_LANGUAGE; default nl-nl)`,
  },
  timeout: { type: 'string', value: '<seconds>', description: 'per-attempt timeout (0.1–3600, default 60)' },
  retries: { type: 'string', value: '<n>', description: 'retries of failed reads (default 2)' },
} as const satisfies FlagSpecs;

/** Help text for {@link CONNECTION_OPTIONS}, generated from them, shared by the commands that call AFAS. */
export const CONNECTION_HELP = `Connection (flags override the environment variables):\n${flagHelp(CONNECTION_OPTIONS, 26)}`;

/** Parsed {@link CONNECTION_OPTIONS}. */
export interface ConnectionFlags {
  readonly environment?: string | undefined;
  readonly kind?: string | undefined;
  readonly 'base-url'?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly language?: string | undefined;
  readonly timeout?: string | undefined;
  readonly retries?: string | undefined;
}

/** The token, from `--token-file`, `AFAS_TOKEN_FILE` or `AFAS_TOKEN` (in that order, as in `declaree-afas`). */
export async function readToken(flags: ConnectionFlags, io: CliIo): Promise<AfasToken> {
  const source = tokenSource(io.env, flags['token-file']);
  if (source === undefined) {
    throw new UsageError(
      'No AFAS token given.',
      `${NO_TOKEN_HINT} Or pass --token-file <file> (- reads stdin).`,
    );
  }
  return AfasToken.from('file' in source ? await readInput(io, source.file, 'the token') : source.text);
}

/** A client configured from flags and environment variables. */
export async function createClient(flags: ConnectionFlags, io: CliIo): Promise<AfasClient> {
  return new AfasClient({ ...connection(flags, io), token: await readToken(flags, io) });
}

/** Where AFAS is and how to talk to it, from the flags and the environment: everything but the token. */
export function connection(flags: ConnectionFlags, io: CliIo) {
  const environment = flags.environment ?? setting(io, 'AFAS_ENVIRONMENT');
  const baseUrl = flags['base-url'] ?? setting(io, 'AFAS_BASE_URL');
  if (environment === undefined && baseUrl === undefined) {
    throw new UsageError(
      'No AFAS environment given.',
      'Set AFAS_ENVIRONMENT (e.g. O12345AA) or pass --environment; or --base-url for a proxy or the simulator.',
    );
  }
  const timeout = seconds('--timeout', flags.timeout, 0.1, 3600);
  const retries = integer('--retries', flags.retries, 0, 10);
  return {
    environment,
    environmentKind: oneOf('--kind', flags.kind ?? setting(io, 'AFAS_ENVIRONMENT_KIND'), ENVIRONMENT_KINDS),
    baseUrl,
    language: oneOf('--language', flags.language ?? setting(io, 'AFAS_LANGUAGE'), LANGUAGES),
    timeout: timeout === undefined ? undefined : timeout * 1000,
    retry: retries === undefined ? undefined : { retries },
  } satisfies AfasClientOptions;
}

/** An environment variable; empty counts as unset. */
export function setting(io: CliIo, name: string): string | undefined {
  return envSetting(io.env, name);
}
