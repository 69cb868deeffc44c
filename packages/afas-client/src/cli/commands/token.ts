import { AfasToken } from '../../index.js';
import { parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { readStdin, write } from '../io.js';

/** `afas token <token|->`: the `Authorization` header value for a pasted token. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print the Authorization header value for a token in any pasted form',
  help: `Usage: afas token <token|->

Prints the value of the Authorization header AFAS expects ("AfasToken <base64>") for an App Connector
token in any form users paste: the whole <token><version>1</version><data>…</data></token> XML, only
the hexadecimal data, or the base64 form (with or without "AfasToken "). With - or no argument the
token is read from stdin, which keeps it out of shell history:

  afas token - < token.xml

By design this command prints a secret: the header value is as secret as the token. Every other
command (except \`afas simulator\`, which prints its own test token) keeps the token out of its output.`,
  async run(argv, io) {
    const { positionals: args } = parseCommand('token', argv, {});
    positionals('token', args, 0, 1, '<token|->');
    const [given] = args;
    const text = given === undefined || given === '-' ? await readStdin(io, 'the token') : given;
    await write(io.stdout, `${AfasToken.from(text).authorizationHeader}\n`);
  },
};
