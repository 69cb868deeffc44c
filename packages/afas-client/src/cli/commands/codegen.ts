import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  type GetConnectorMeta,
  GetConnectorMetaSchema,
  type UpdateConnectorMeta,
  UpdateConnectorMetaSchema,
} from '../../index.js';
import { isRecord } from '../../internal/is-record.js';
import type { Shape } from '../../internal/shape.js';
import { parseCommand } from '../args.js';
import { type CodegenInput, generateTypes } from '../codegen.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, createClient } from '../config.js';
import { type CliIo, readInput, write } from '../io.js';
import { errorCode, parseJson } from '../json.js';
import { type FlagSpecs, flagHelp, UsageError } from '../kit.js';
import { didYouMean } from '../suggest.js';

const FLAGS = {
  out: {
    type: 'string',
    short: 'o',
    value: '<file>',
    description: 'write the module there (directories are created); default stdout',
  },
  all: { type: 'boolean', description: 'every Get- and UpdateConnector this token may use (GET /metainfo)' },
  'from-file': {
    type: 'string',
    multiple: true,
    value: '<file>',
    description:
      'metainfo saved earlier: one or more files (a shell glob works), and the flag may be repeated. Each file holds what `afas meta get|update <connector>` prints, or { "get": [...], "update": [...] } as --save-meta writes. Connectors named on the command line select from the files; none selects all.',
  },
  'save-meta': {
    type: 'string',
    value: '<file>',
    description: 'also save the live metainfo, to regenerate offline with --from-file',
  },
} as const satisfies FlagSpecs;

/** `afas codegen <connector>… --out file.ts`: zod schemas and types from metainfo. */
export const codegenCommand: Command = {
  name: 'codegen',
  summary: 'generate zod schemas and TypeScript types from metainfo',
  help: `Usage: afas codegen <connector>… [--out file.ts] [--save-meta meta.json] [connection flags]
       afas codegen --all [--out file.ts] [--save-meta meta.json] [connection flags]
       afas codegen [connector]… --from-file meta.json… [--out file.ts]

Reads the metainfo of the connectors (live from AFAS, or from saved JSON) and writes a TypeScript
module with zod schemas and types, for this environment's connectors:

  GetConnector Profit_Accounts  → ProfitAccountsRow (schema + type; nullable fields, string lengths)
  UpdateConnector FiEntries     → FiEntriesElement, FiEntriesFiEntriesElement … (mandatory fields
                                  required, code tables as enums, nested Objects, @key attributes)
  custom U… fields              → named after their label (declaratienummer), ids in \`labels\`
  connectors                    → the connector map that types a client

  const afas = new AfasClient({ environment, token, connectors });
  // rows: ProfitAccountsRow[]
  const { rows } = await afas.get('Profit_Accounts', { orderBy: ['Account'] });
  await afas.insert('FiEntries', entry); // only a FiEntriesElement compiles

The file imports zod 4: add it to the project that uses the file (npm install zod; afas-client
itself does not depend on it). It compiles under strict TypeScript. Name it *.generated.ts to keep
linters off it, and regenerate when an administrator changes a connector.

${flagHelp(FLAGS)}

Connectors are looked up in GET /metainfo: a connector this token may not use is a usage error.

${CONNECTION_HELP}`,
  flags: { ...FLAGS, ...CONNECTION_OPTIONS },
  async run(argv, io) {
    const { values, positionals } = parseCommand('codegen', argv, { ...CONNECTION_OPTIONS, ...FLAGS });
    const given = values['from-file'] ?? [];
    let input: CodegenInput;
    if (given.length > 0) {
      if (values['save-meta'] !== undefined)
        throw new UsageError('--save-meta saves live metainfo; drop it with --from-file.');
      if (values.all === true)
        throw new UsageError(
          '--all reads live metainfo; with --from-file every connector in the files is used.',
        );
      // `--from-file meta/*.json`: the shell puts the other files among the positionals.
      const files = [...given, ...positionals.filter(isFileName)];
      input = select(
        await readSaved(files, io),
        positionals.filter((name) => !isFileName(name)),
      );
    } else {
      if (values.all === true && positionals.length > 0) {
        throw new UsageError('Name connectors or give --all, not both.');
      }
      if (values.all !== true && positionals.length === 0) {
        throw new UsageError(
          'Name the connectors to generate types for, or give --all.',
          'Example: afas codegen Profit_Accounts FiEntries --out src/afas.generated.ts',
        );
      }
      input = await fetchMeta(values.all === true ? 'all' : positionals, values, io);
      if (values['save-meta'] !== undefined)
        await save(io, values['save-meta'], `${JSON.stringify(input, null, 2)}\n`);
    }
    const code = generateTypes(input);
    if (values.out === undefined || values.out === '-') {
      await write(io.stdout, code);
      return;
    }
    await save(io, values.out, code);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    await write(
      io.stderr,
      `Wrote ${values.out}: ${count(input.get.length, 'GetConnector')}, ${count(input.update.length, 'UpdateConnector')}.\n`,
    );
  },
};

/** Live metainfo of the named connectors, or of every connector the token may use. */
async function fetchMeta(
  wanted: readonly string[] | 'all',
  flags: Parameters<typeof createClient>[0],
  io: CliIo,
): Promise<CodegenInput> {
  const client = await createClient(flags, io);
  const options = { signal: io.signal };
  const allowed = await client.metainfo(options);
  const getIds = new Set(allowed.getConnectors.map((connector) => connector.id));
  const updateIds = new Set(allowed.updateConnectors.map((connector) => connector.id));
  const connectors = wanted === 'all' ? [...new Set([...getIds, ...updateIds])] : wanted;
  const unknown = connectors.filter((id) => !getIds.has(id) && !updateIds.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `${unknown.join(', ')}: not among the connectors this token may use.`,
      [`\`afas check\` lists them.`, didYouMean(unknown[0] ?? '', [...getIds, ...updateIds])]
        .filter(Boolean)
        .join(' '),
    );
  }
  // All at once: the client's budget of calls in flight keeps it within what AFAS allows.
  const [get, update] = await Promise.all([
    Promise.all(connectors.filter((id) => getIds.has(id)).map((id) => client.getConnectorMeta(id, options))),
    Promise.all(
      connectors.filter((id) => updateIds.has(id)).map((id) => client.updateConnectorMeta(id, options)),
    ),
  ]);
  return { get, update };
}

/** A path rather than a connector id: connector ids have no `/` and do not end in `.json`. */
function isFileName(argument: string): boolean {
  return /[/\\]/.test(argument) || /\.json$/i.test(argument) || argument === '-';
}

/** Reads saved metainfo: single connectors as `afas meta` prints them, or `{ get, update }` lists. */
async function readSaved(files: readonly string[], io: CliIo): Promise<CodegenInput> {
  const get: GetConnectorMeta[] = [];
  const update: UpdateConnectorMeta[] = [];
  for (const file of files) {
    const text = await readInput(io, file, 'metainfo');
    const json = parseJson(text, file);
    const saved = isRecord(json) && ('get' in json || 'update' in json) ? json : undefined;
    const single = saved ? [] : asList(json);
    for (const meta of [...asList(saved?.['get']), ...single.filter((m) => !looksLikeUpdate(m))]) {
      get.push(parseMeta(GetConnectorMetaSchema, meta, file, 'GetConnector'));
    }
    for (const meta of [...asList(saved?.['update']), ...single.filter(looksLikeUpdate)]) {
      update.push(parseMeta(UpdateConnectorMetaSchema, meta, file, 'UpdateConnector'));
    }
  }
  return { get, update };
}

function parseMeta<T>(schema: Shape<T>, meta: unknown, file: string, what: string): T {
  const parsed = schema.check(meta);
  if (parsed.ok) return parsed.value;
  throw new UsageError(
    `${file} is not ${what} metainfo (${parsed.issue.describe()}).`,
    'Save it with `afas meta get|update <connector> > file.json`, or with `afas codegen … --save-meta file.json`.',
  );
}

/** Keeps the named connectors (all when none is named); a name not in the files is an error. */
function select(input: CodegenInput, connectors: readonly string[]): CodegenInput {
  if (connectors.length === 0) return input;
  const known = [...input.get, ...input.update].map((meta) => meta.name);
  const missing = connectors.filter((id) => !known.includes(id));
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(', ')}: not in the metainfo files.`,
      `They hold: ${known.join(', ') || 'nothing'}.`,
    );
  }
  return {
    get: input.get.filter((meta) => connectors.includes(meta.name)),
    update: input.update.filter((meta) => connectors.includes(meta.name)),
  };
}

/** Update metainfo has `objects`, and its fields `fieldId` without the GetConnector's `id`. */
function looksLikeUpdate(meta: unknown): boolean {
  if (!isRecord(meta)) return false;
  if (Array.isArray(meta['objects'])) return true;
  const [first] = Array.isArray(meta['fields']) ? meta['fields'] : [];
  return isRecord(first) && !('id' in first) && 'fieldId' in first;
}

async function save(io: CliIo, path: string, text: string): Promise<void> {
  const full = resolve(io.cwd ?? process.cwd(), path);
  try {
    await mkdir(dirname(full), { recursive: true });
    // Owner-only (the schemas name your environment's fields and labels), and written whole: a
    // temporary file renamed over the target, so an interrupted run leaves the old file intact.
    const temporary = `${full}.${process.pid}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, full).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  } catch (error) {
    const code = errorCode(error);
    throw new UsageError(`Cannot write ${path}${code ? ` (${code})` : ''}.`);
  }
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
