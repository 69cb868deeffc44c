import { parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { write } from '../io.js';
import { type FlagSpecs, flagHelp, paintFor } from '../kit.js';

const FLAGS = {
  json: { type: 'boolean', description: 'print one JSON object instead of text' },
} as const satisfies FlagSpecs;

/** `afas check`: can this machine reach AFAS with this token, and what may it do? */
export const checkCommand: Command = {
  name: 'check',
  summary: 'connection test: reachability, Profit version, token, allowed connectors',
  help: `Usage: afas check [--json] [connection flags]

Tests the connection step by step and prints each result as it comes: the base URL, whether AFAS
answers and its Profit version (GET /profitversion), whether the token is accepted, and the Get- and
UpdateConnectors the token may use (GET /metainfo). It stops at the first failure with AFAS's
explanation and exit code 1 (AFAS refused, e.g. an invalid token) or 3 (AFAS not reachable).
On a terminal what passed is in green (not in a pipe or a file, nor with NO_COLOR or TERM=dumb).

${flagHelp(FLAGS)}

${CONNECTION_HELP}`,
  flags: { ...FLAGS, ...CONNECTION_OPTIONS },
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('check', argv, { ...CONNECTION_OPTIONS, ...FLAGS });
    positionals('check', args, 0, 0, '[--json]');
    const client = await createClient(values, io);
    const say = (text: string) => (values.json ? Promise.resolve() : write(io.stdout, `${text}\n`));
    // On a terminal, what passed is green and the lists' titles bold (never in a pipe, nor with NO_COLOR).
    const paint = paintFor(io.stdout, io.env);
    await say(`AFAS              ${client.baseUrl}`);
    const profitVersion = await client.profitVersion({ signal: io.signal });
    await say(`Reachable         ${paint.green('yes')}, Profit ${profitVersion}`);
    const meta = await client.metainfo({ signal: io.signal });
    const info = meta.info;
    const about = [
      info?.envid ? `environment ${info.envid}` : undefined,
      info?.appName ? `App Connector "${info.appName}"` : undefined,
      info?.group ? `user group "${info.group}"` : undefined,
    ].filter((part) => part !== undefined);
    await say(
      `Token             ${paint.green('accepted')}${about.length > 0 ? `: ${about.join(', ')}` : ''}`,
    );
    for (const [title, connectors] of [
      ['GetConnectors', meta.getConnectors],
      ['UpdateConnectors', meta.updateConnectors],
    ] as const) {
      await say(paint.bold(`${title} (${connectors.length})`));
      const width = Math.max(0, ...connectors.map((connector) => connector.id.length));
      for (const connector of connectors) {
        await say(`  ${connector.id.padEnd(width)}  ${connector.description ?? ''}`.trimEnd());
      }
    }
    if (values.json) {
      const report = {
        baseUrl: client.baseUrl,
        profitVersion,
        info: info ?? null,
        getConnectors: meta.getConnectors,
        updateConnectors: meta.updateConnectors,
      };
      await write(io.stdout, `${JSON.stringify(report, null, 2)}\n`);
    }
  },
};
