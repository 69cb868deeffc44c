import type { DeleteSegment } from '../../index.js';
import { parseCommand, positionals } from '../args.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { write } from '../io.js';
import { UsageError } from '../kit.js';
import { suggestConnector } from '../suggest.js';

/** `afas delete <connector> <object> <key=value>…`: deletes a record (final in AFAS). */
export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete a record through an UpdateConnector (final in AFAS)',
  help: `Usage: afas delete <connector> <object> <key=value>… [<object> <key=value>…] [connection flags]

Sends DELETE /connectors/<connector>/<object>/<keys>/<values> and prints AFAS's answer as JSON.
Write the @ where AFAS wants it. Further <object> <key=value>… groups address nested records.
Deleting is final in AFAS: there is no undo.

  afas delete KnSubject KnSubject @SbId=9910
  afas delete FbUnitBasicItem FbUnitBasicItem @VaIt=2 @BiUn=STK
  afas delete FiEntries FiEntryPar UnId=1 JoCo=70 FiEntries @EnNo=42

${CONNECTION_HELP}`,
  flags: CONNECTION_OPTIONS,
  async run(argv, io) {
    const { values, positionals: args } = parseCommand('delete', argv, CONNECTION_OPTIONS);
    positionals('delete', args, 3, Number.MAX_SAFE_INTEGER, '<connector> <object> <key=value>…');
    const [connector = '', ...rest] = args;
    const segments = parseSegments(rest);
    const client = await createClient(values, io);
    const result = await client
      .delete(connector, segments, { signal: io.signal })
      .catch((error: unknown) => suggestConnector(client, 'update', connector, error));
    await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
  },
};

/** `FiEntryPar UnId=1 JoCo=70 FiEntries @EnNo=42` → one segment per object with its keys. */
function parseSegments(words: readonly string[]): DeleteSegment[] {
  const segments: { object: string; keys: Record<string, string> }[] = [];
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals === -1) {
      segments.push({ object: word, keys: {} });
      continue;
    }
    const current = segments.at(-1);
    const key = word.slice(0, equals);
    if (current === undefined || key === '') {
      throw new UsageError(`"${word}" must follow an object name and have the form key=value.`);
    }
    current.keys[key] = word.slice(equals + 1);
  }
  const empty = segments.find((segment) => Object.keys(segment.keys).length === 0);
  if (empty) {
    throw new UsageError(
      `Object ${empty.object} has no key=value.`,
      'Example: afas delete KnSubject KnSubject @SbId=9910',
    );
  }
  return segments;
}
