import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { checkCommand } from './commands/check.js';
import { codegenCommand } from './commands/codegen.js';
import { deleteCommand } from './commands/delete.js';
import { getCommand } from './commands/get.js';
import { metaCommand } from './commands/meta.js';
import { profilesCommand } from './commands/profiles.js';
import { simulatorCommand } from './commands/simulator.js';
import { tokenCommand } from './commands/token.js';
import { urlCommand } from './commands/url.js';
import { writeCommand } from './commands/write.js';
import { type CliIo, write } from './io.js';
import { describeError, EXIT, exitCodeOf, unknownCommand } from './kit.js';

export type { CliInput, CliIo, CliOutput } from './io.js';
export { EXIT } from './kit.js';

/** Every command, in the order `afas --help` lists them. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  getCommand,
  metaCommand,
  writeCommand('insert'),
  writeCommand('update'),
  deleteCommand,
  codegenCommand,
  tokenCommand,
  profilesCommand,
  urlCommand,
  simulatorCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: afas <command> [arguments] [flags]

The command line of afas-client, for AFAS Profit's REST API.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run \`afas <command> --help\` for a command's arguments and flags.

Environment: AFAS_ENVIRONMENT (e.g. O12345AA), AFAS_TOKEN or AFAS_TOKEN_FILE, AFAS_BASE_URL,
AFAS_LANGUAGE, AFAS_ENVIRONMENT_KIND; AFAS_PROFILE and AFAS_CONFIG choose a profile of the profiles
file (\`afas profiles\` lists them). Flags override the profile, the profile the variables.

Exit codes: 0 done; 1 AFAS answered with an error; 2 usage, configuration, token or input file
error; 3 AFAS not reachable (network, timeout, unreadable answer); 130 interrupted.
--debug prints stack traces.
`;
}

/**
 * Runs `afas` with `argv` (the arguments after `afas`) and returns the exit code. Never throws and
 * never exits the process: everything it touches comes through `io`, so tests run it in-process.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    if (name === undefined) {
      await write(io.stderr, mainHelp());
      return EXIT.usage;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      // `afas help get` is `afas get --help`; `afas help` and `afas --help` the list of commands.
      const wanted = rest[0];
      if (wanted === undefined || wanted.startsWith('-')) {
        await write(io.stdout, mainHelp());
        return EXIT.ok;
      }
      await write(io.stdout, `${commandNamed(wanted).help}\n`);
      return EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      await write(io.stdout, `${version()}\n`);
      return EXIT.ok;
    }
    const command = commandNamed(name);
    if (rest.includes('--help') || rest.includes('-h')) {
      await write(io.stdout, `${command.help}\n`);
      return EXIT.ok;
    }
    await command.run(rest, io);
    return EXIT.ok;
  } catch (error) {
    const code = exitCodeOf(error);
    // An interrupted command says so briefly; its partial output is already out.
    const text =
      code === EXIT.interrupted && !debug ? 'afas: interrupted.\n' : describeError('afas', error, debug);
    await write(io.stderr, text).catch(() => {});
    return code;
  }
}

/** The command called `name`; an unknown name is a usage error with "did you mean". */
function commandNamed(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined)
    throw unknownCommand(
      'afas',
      name,
      COMMANDS.map((c) => c.name),
    );
  return command;
}

function version(): string {
  // ../../package.json from both src/cli and dist/cli.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const found =
    typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  return typeof found === 'string' ? found : 'unknown';
}
