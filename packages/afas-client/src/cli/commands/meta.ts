import { parseCommand, positionals, quoted } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { write } from '../io.js';
import { UsageError } from '../kit.js';
import { suggestConnector } from '../suggest.js';

/** `afas meta [get|update <connector>]`: AFAS's metainfo, as JSON. */
export const metaCommand: Command = {
  name: 'meta',
  summary: 'print metainfo: the allowed connectors, or the fields of one connector',
  help: `Usage: afas meta                       the connectors this token may use (GET /metainfo)
       afas meta get <connector>       fields of a GetConnector (GET /metainfo/get/<connector>)
       afas meta update <connector>    fields and objects of an UpdateConnector, with code tables

Prints AFAS's answer as JSON. Saved to a file, it feeds \`afas codegen --from-file\`:

  afas meta get Profit_Accounts > Profit_Accounts.json

${CONNECTION_HELP}`,
  flags: CONNECTION_OPTIONS,
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('meta', argv, CONNECTION_OPTIONS);
    positionals('meta', args, 0, 2, '[get|update <connector>]');
    const [kind, connector] = args;
    if (kind !== undefined && kind !== 'get' && kind !== 'update') {
      throw new UsageError(
        `${quoted(kind)} is not get or update.`,
        'Usage: afas meta [get|update <connector>].',
      );
    }
    if (kind !== undefined && connector === undefined) {
      throw new UsageError(
        `afas meta ${kind} needs a connector id.`,
        `Example: afas meta ${kind} ${kind === 'get' ? 'Profit_Accounts' : 'FiEntries'}.`,
      );
    }
    const client = await createClient(values, io);
    const options = { signal: io.signal };
    const answer =
      kind === undefined || connector === undefined
        ? await client.metainfo(options)
        : await (kind === 'get'
            ? client.getConnectorMeta(connector, options)
            : client.updateConnectorMeta(connector, options)
          ).catch((error: unknown) => suggestConnector(client, kind, connector, error));
    await write(io.stdout, `${JSON.stringify(answer, null, 2)}\n`);
  },
};
