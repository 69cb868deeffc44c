import { ENVIRONMENT_KINDS, resolveEnvironment } from '../../index.js';
import { oneOf, parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_OPTIONS, setting } from '../config.js';
import { write } from '../io.js';
import { type FlagSpecs, flagHelp, UsageError } from '../kit.js';

const FLAGS = { kind: CONNECTION_OPTIONS.kind } as const satisfies FlagSpecs;

/** `afas url <environment> [--kind …]`: the REST base URL of an environment. */
export const urlCommand: Command = {
  name: 'url',
  summary: 'print the REST base URL of an environment',
  help: `Usage: afas url [environment] [--kind production|test|accept]

Prints the REST base URL of an AFAS environment, given by name (O12345AA, T12345AA, A12345AA) or by
participant number (12345, with --kind for test or accept). Without an argument AFAS_ENVIRONMENT is
used.

  afas url T12345AA            https://12345.resttest.afas.online/ProfitRestServices
  afas url 12345 --kind accept https://12345.restaccept.afas.online/ProfitRestServices

${flagHelp(FLAGS)}`,
  flags: FLAGS,
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('url', argv, FLAGS);
    positionals('url', args, 0, 1, '[environment] [--kind production|test|accept]');
    const environment = args[0] ?? setting(io, 'AFAS_ENVIRONMENT');
    if (environment === undefined) {
      throw new UsageError(
        'No environment given.',
        'Pass it, e.g. `afas url O12345AA`, or set AFAS_ENVIRONMENT.',
      );
    }
    const kind = oneOf('--kind', values.kind ?? setting(io, 'AFAS_ENVIRONMENT_KIND'), ENVIRONMENT_KINDS);
    await write(io.stdout, `${resolveEnvironment(environment, kind).baseUrl}\n`);
  },
};
