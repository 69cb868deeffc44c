import { parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { write } from '../io.js';
import { type FlagSpecs, flagHelp, quoted, setting } from '../kit.js';
import {
  describeTokenSource,
  PROFILE_OPTIONS,
  type Profile,
  profilesLocation,
  readProfiles,
} from '../profiles.js';

const FLAGS = {
  config: PROFILE_OPTIONS.config,
  json: { type: 'boolean', description: 'print one JSON object instead of text' },
} as const satisfies FlagSpecs;

/** `afas profiles`: the connection profiles of the profiles file, read-only; never a token. */
export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'list the connection profiles (where AFAS is, where each token is kept; never a token)',
  help: `Usage: afas profiles [--config <file>] [--json]

Lists the profiles of the profiles file: each one's name, where AFAS is (environment or base URL)
and where its token is kept: a file, an environment variable or the OS keychain. It reads no token
and checks the whole file. The profile in effect without --profile (AFAS_PROFILE, else the file's
default) is marked with *. Every command that connects to AFAS takes --profile <name>.

The file is --config, else AFAS_CONFIG, else $XDG_CONFIG_HOME/afas-toolkit/profiles.json
(~/.config/afas-toolkit/profiles.json without XDG_CONFIG_HOME; %APPDATA%\\afas-toolkit\\profiles.json
on Windows). It holds no secrets; a token written into it is refused:

  {
    "default": "test",
    "profiles": {
      "test": { "environment": "T12345AA", "token": { "keychain": { "account": "test" } } },
      "production": { "environment": "O12345AA", "token": { "file": "~/.afas/production.token" } },
      "ci": { "environment": "12345", "kind": "accept", "token": { "env": "AFAS_CI_TOKEN" } }
    }
  }

A profile's fields: environment or baseUrl (one is needed), kind, language, timeout (seconds),
token.
docs/cli.md#profiles has the precedence rules and the keychain commands.

${flagHelp(FLAGS)}`,
  flags: FLAGS,
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('profiles', argv, FLAGS);
    positionals('profiles', args, 0, 0, '[--config <file>] [--json]');
    const options = { config: values.config, cwd: io.cwd };
    const file = await readProfiles(io.env, options);
    const fromEnv = setting(io.env, 'AFAS_PROFILE');
    if (file === undefined) {
      const path = profilesLocation(io.env, options)?.path;
      if (values.json) {
        await write(
          io.stdout,
          `${JSON.stringify({ path: path ?? null, default: null, active: null, profiles: [] }, null, 2)}\n`,
        );
        return;
      }
      await write(
        io.stdout,
        `No profiles: ${path === undefined ? 'neither XDG_CONFIG_HOME nor HOME is set' : `${path} does not exist`}.\nRun \`afas profiles --help\` for a sample file.\n`,
      );
      return;
    }
    const active = fromEnv ?? file.default;
    if (values.json) {
      const profiles = file.profiles.map(({ file: _file, ...profile }) => profile);
      await write(
        io.stdout,
        `${JSON.stringify({ path: file.path, default: file.default ?? null, active: active ?? null, profiles }, null, 2)}\n`,
      );
      return;
    }
    const rows = [
      ['', 'NAME', 'AFAS', 'TOKEN'],
      ...file.profiles.map((profile) => [
        profile.name === active ? '*' : '',
        profile.name,
        whereOf(profile),
        describeTokenSource(profile.token),
      ]),
    ];
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    const lines = rows.map((row) =>
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell))
        .join('  ')
        .trimEnd(),
    );
    const notes: string[] = [];
    if (fromEnv !== undefined && !file.profiles.some((profile) => profile.name === fromEnv))
      notes.push(`AFAS_PROFILE names ${quoted(fromEnv)}, which is not in the file.`);
    else if (active !== undefined)
      notes.push(
        `* in effect without --profile (${fromEnv !== undefined ? 'AFAS_PROFILE' : 'the default'}).`,
      );
    await write(
      io.stdout,
      `Profiles in ${file.path}${file.default ? ` (default: ${file.default})` : ''}\n${lines.join('\n')}\n${notes.join('\n')}${notes.length ? '\n' : ''}`,
    );
  },
};

/** Where a profile's AFAS is: `T12345AA`, `12345 (accept)`, the base URL, or both. */
function whereOf(profile: Profile): string {
  const environment =
    profile.environment === undefined
      ? undefined
      : `${profile.environment}${profile.kind === undefined ? '' : ` (${profile.kind})`}`;
  if (profile.baseUrl === undefined) return environment ?? '';
  return environment === undefined ? profile.baseUrl : `${environment} at ${profile.baseUrl}`;
}
