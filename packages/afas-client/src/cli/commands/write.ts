import { parseCommand, positionals } from '../args.js';
import { parseBody } from '../body.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { readInput, write } from '../io.js';
import { type FlagSpecs, flagHelp, UsageError } from '../kit.js';
import { suggestBodyField } from '../suggest.js';

const WRITE_FLAGS = {
  object: {
    type: 'string',
    value: '<name>',
    description: 'the root object when it is not the connector id and the file has no envelope',
  },
  'sub-object': {
    type: 'string',
    value: '<name>',
    description:
      "insert into a sub-object of an existing record: POST /connectors/KnSubject/KnSubjectAttachment with the record's @key in the body",
  },
} as const satisfies FlagSpecs;

/** `afas insert|update <connector> <file.json|->`: sends an UpdateConnector body (POST or PUT). */
export function writeCommand(name: 'insert' | 'update'): Command {
  const method = name === 'insert' ? 'POST' : 'PUT';
  // `update` has no --sub-object: its declarations (and so its help and parsing) leave it out.
  const flags: typeof WRITE_FLAGS =
    name === 'insert' ? WRITE_FLAGS : ({ object: WRITE_FLAGS.object } as typeof WRITE_FLAGS);
  return {
    name,
    summary: `${name === 'insert' ? 'insert (POST)' : 'update (PUT)'} records through an UpdateConnector from a JSON file`,
    help: `Usage: afas ${name} <connector> <file.json|-> [--object <name>]${name === 'insert' ? ' [--sub-object <name>]' : ''}
       [connection flags]

Sends the body in the file (or stdin with -) as ${method} /connectors/<connector> and prints AFAS's
answer as JSON: { "status", "results" (per object), "keys" (all generated keys) }. The file holds
one element, a list of elements, or a whole AFAS body; the envelope is added when it is missing.
A KnSubject (a dossier item of the demo's type 31), and a FiEntries entry:

  {"Fields": {"StId": 31, "Ds": "Expense report"}}
  {"FiEntryPar": {"Element": {"Fields": {"Year": 2026, …},
                              "Objects": [{"FiEntries": {"Element": […]}}]}}}

Every value is checked before sending; a malformed file is a usage error (exit 2) naming the place.
AFAS processes a body as one transaction. A write is never retried blindly.

${flagHelp(flags)}

${CONNECTION_HELP}`,
    flags: { ...flags, ...CONNECTION_OPTIONS },
    async run(argv, io) {
      const { values, positionals: args } = parseCommand(name, argv, { ...CONNECTION_OPTIONS, ...flags });
      positionals(name, args, 2, 2, '<connector> <file.json|->');
      const [connector = '', file = ''] = args;
      if (file === '-' && values['token-file'] === '-') {
        throw new UsageError('stdin cannot hold both the body and the token.', 'Put one of them in a file.');
      }
      const body = parseBody(await readInput(io, file, 'the body'), file === '-' ? 'stdin' : file);
      const object = values.object ?? body.object;
      const client = await createClient(values, io);
      const options = { object, signal: io.signal };
      const subObject = values['sub-object'];
      const result = await (name === 'update'
        ? client.update(connector, body.elements, options)
        : subObject !== undefined
          ? client.insertSubObject(connector, subObject, body.elements, options)
          : client.insert(connector, body.elements, options)
      ).catch((error: unknown) =>
        suggestBodyField(client, connector, body.elements, { object, subObject }, error),
      );
      await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
    },
  };
}
