import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AfasToken, activateOtp, requestOtp } from '../../index.js';
import { parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connection, profileFor, setting } from '../config.js';
import { type CliIo, readStdin, write } from '../io.js';
import { type FlagSpecs, flagHelp, UsageError } from '../kit.js';

const OTP_FLAGS = {
  user: {
    type: 'string',
    value: '<id>',
    description: 'the AFAS user (user id or e-mail address) the token is for',
  },
  code: { type: 'string', value: '<code>', description: 'the code from the e-mail (activate)' },
  output: {
    type: 'string',
    short: 'o',
    value: '<file>',
    description: 'write the token there, readable by its owner only, instead of to stdout',
  },
} as const satisfies FlagSpecs;

/**
 * `afas token <token|->`: the `Authorization` header value for a pasted token;
 * `afas token request|activate`: a user token by one-time password.
 */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print the Authorization header for a token, or get a token by one-time password',
  help: `Usage: afas token <token|->
       afas token request --user <id> [connection flags]
       afas token activate --user <id> --code <code> [--output <file>] [connection flags]

afas token <token|->
  Prints the value of the Authorization header AFAS expects ("AfasToken <base64>") for an App
  Connector token in any form users paste: the whole XML
  (<token><version>1</version><data>…</data></token>), only the hexadecimal data, or the base64
  form (with or without "AfasToken "). With - or no argument the token is read from stdin, which
  keeps it out of shell history:

    afas token - < token.xml

  By design this prints a secret: the header value is as secret as the token. Every other command
  (except \`afas simulator\`, which prints its own test token) keeps the token out of its output.

afas token request / activate: a user token by one-time password, as AFAS documents it
  request    AFAS e-mails a one-time code to the user (it answers the same for wrong keys: no
             e-mail means a wrong key or user)
  activate   exchanges the code for the user's token, written to --output (owner-only) or stdout

${flagHelp(OTP_FLAGS)}

  The keys come from the environment, never from flags (shell history, the process list):
  AFAS_API_KEY          the App Connector's API key (API-sleutel)
  AFAS_ENVIRONMENT_KEY  the environment key (omgevingssleutel, Algemeen > Beheer > Omgeving)
  AFAS needs a mail server, and the user an e-mail address and a place in the App Connector's
  user group.

    AFAS_API_KEY=… AFAS_ENVIRONMENT_KEY=… afas token request -e O12345AA --user jan@example.nl
    AFAS_API_KEY=… AFAS_ENVIRONMENT_KEY=… afas token activate -e O12345AA --user jan@example.nl \\
      --code 12345678 --output token.xml

${CONNECTION_HELP}
  (--token-file, and a profile's token source, do not apply to request and activate.)`,
  flags: { ...OTP_FLAGS, ...CONNECTION_OPTIONS },
  async run(argv, io) {
    const [action] = argv;
    if (action === 'request' || action === 'activate') return otp(action, argv.slice(1), io);
    const { positionals: args } = parseCommand('token', argv, {});
    positionals('token', args, 0, 1, '<token|->');
    const [given] = args;
    const text = given === undefined || given === '-' ? await readStdin(io, 'the token') : given;
    await write(io.stdout, `${AfasToken.from(text).authorizationHeader}\n`);
  },
};

async function otp(action: 'request' | 'activate', argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: args } = parseCommand(`token ${action}`, argv, {
    ...CONNECTION_OPTIONS,
    ...OTP_FLAGS,
  });
  positionals(
    `token ${action}`,
    args,
    0,
    0,
    action === 'request' ? '--user <id>' : '--user <id> --code <code>',
  );
  if (values['token-file'] !== undefined)
    throw new UsageError('--token-file does not apply: this makes the token.');
  if (values.user === undefined)
    throw new UsageError(`afas token ${action} needs --user.`, 'Give the AFAS user id or e-mail address.');
  const keys = {
    apiKey: setting(io, 'AFAS_API_KEY') ?? '',
    environmentKey: setting(io, 'AFAS_ENVIRONMENT_KEY') ?? '',
  };
  if (keys.apiKey === '' || keys.environmentKey === '') {
    throw new UsageError(
      'AFAS_API_KEY and AFAS_ENVIRONMENT_KEY must both be set.',
      "The App Connector's API key (API-sleutel) and the environment key (omgevingssleutel), from AFAS.",
    );
  }
  const options = { ...connection(values, io, await profileFor(values, io)), ...keys, userId: values.user };
  if (action === 'request') {
    if (values.code !== undefined || values.output !== undefined) {
      throw new UsageError('--code and --output apply to afas token activate.');
    }
    await requestOtp(options);
    await write(
      io.stderr,
      `Requested: AFAS e-mails a one-time code to ${values.user}; then run afas token activate.\n`,
    );
    return;
  }
  if (values.code === undefined)
    throw new UsageError('afas token activate needs --code.', 'The code from the e-mail.');
  const output = values.output === undefined ? undefined : resolve(io.cwd ?? process.cwd(), values.output);
  // Refused before the code is spent: a code works once.
  if (output !== undefined && (await stat(output).catch(() => undefined)) !== undefined) {
    throw new UsageError(
      `${values.output} already exists; the token is never written over a file.`,
      'Give a new file name.',
    );
  }
  const token = await activateOtp({ ...options, otp: values.code });
  if (output === undefined) {
    await write(io.stdout, `${token}\n`);
    return;
  }
  // The token is a secret: owner-only, and never over an existing file.
  await writeFile(output, `${token}\n`, {
    mode: 0o600,
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `Cannot write the token to ${values.output} (${error.code ?? error.message}).`,
      error.code === 'EEXIST'
        ? 'Give a file that does not exist yet.'
        : 'Give a file in a folder you can write.',
    );
  });
  await write(
    io.stderr,
    `The token is in ${values.output} (readable by you only). Use it with AFAS_TOKEN_FILE.\n`,
  );
}
