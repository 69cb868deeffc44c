import { constants, readFileSync } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AfasClientOptions } from 'afas-client';
import {
  CLIENT_FLAGS,
  describeError,
  exitCodeOf,
  type FlagSpecs,
  flagHelp,
  integer,
  paintFor,
  parseFlags,
  quoted,
  seconds,
  unknownCommand,
} from 'afas-client/cli-kit';
import { type ChosenProfile, PROFILE_OPTIONS } from 'afas-client/cli-kit/profiles';
import { DeclareeExporter, type ExportResult } from '../exporter.js';
import { LedgerError } from '../ledger/errors.js';
import { importJournal } from '../ledger/import-journal.js';
import { openLedger } from '../ledger/open.js';
import type { SkippedCheck } from '../preflight.js';
import { failedOnLedger, failedOutOfReach } from '../source/report-source.js';
import { runDemo } from './demo.js';
import { exportReportHtml, exportReportMarkdown } from './export-report.js';
import { loadReport, loadSettings } from './files.js';
import {
  formatBooking,
  formatChecklist,
  formatDryRunSummary,
  formatNotes,
  formatProblems,
  formatResults,
  formatSkipped,
  formatSummary,
  STATUS_TEXT,
} from './format.js';
import { formatHoldings, MAX_PRINTED, readHoldings } from './holdings.js';
import { type CliIo, EXIT, UsageError } from './io.js';
import { watch } from './watch.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

// Each flag is declared once, with the line its command's help shows.
const SETTINGS = {
  settings: {
    type: 'string',
    value: '<file>',
    description:
      'the export settings (JSON), without the token: that comes from AFAS_TOKEN_FILE (or AFAS_TOKEN) or a profile; AFAS_ENVIRONMENT, AFAS_ENVIRONMENT_KIND, AFAS_BASE_URL and AFAS_LANGUAGE fill what it leaves out',
  },
  profile: {
    ...PROFILE_OPTIONS.profile,
    description:
      "the connection profile (AFAS_PROFILE): where AFAS is and where its token is kept, so the settings may leave environment, baseUrl and token out; without one, the profiles file's default applies to settings that name no environment or baseUrl",
  },
  config: {
    ...PROFILE_OPTIONS.config,
    description:
      'the profiles file (AFAS_CONFIG; default ~/.config/afas-toolkit/profiles.json, $XDG_CONFIG_HOME)',
  },
} as const satisfies FlagSpecs;
// The client's flags are afas's own: both CLIs build the same client, with the same retry policy.
const CLIENT = CLIENT_FLAGS;
const LEDGER = {
  ledger: {
    type: 'string',
    value: '<path|url>',
    description:
      'where exports are remembered: a SQLite file (default declaree-afas.db in this folder), a postgres:// URL shared by several machines, or memory:',
  },
} as const satisfies FlagSpecs;
const PREFLIGHT = {
  'no-preflight': { type: 'boolean', description: 'skip the check against AFAS master data before sending' },
} as const satisfies FlagSpecs;

const COMMANDS = {
  check: {
    synopsis: '--settings settings.json',
    summary: 'connection checklist: token, UpdateConnectors, administration, journal',
    flags: { ...SETTINGS, ...CLIENT },
  },
  export: {
    synopsis: '<report.json>… --settings settings.json',
    summary:
      "export reports: each is checked first (its PDF, AFAS's limits, the preflight against AFAS master data), so a bad report books nothing; the ledger remembers every export by where it lands, so reruns and other processes sharing it never book a report twice",
    flags: {
      ...SETTINGS,
      'dry-run': {
        type: 'boolean',
        description:
          "check as the export does and show each entry as AFAS's journal-entry screen would; send nothing. Checks the token may not run are listed (–) and leave the exit code 0",
      },
      json: {
        type: 'boolean',
        description: 'with --dry-run: print the exact request bodies as JSON instead',
      },
      ...PREFLIGHT,
      concurrency: { type: 'string', value: '<n>', description: 'reports at the same time (1–8, default 1)' },
      ...LEDGER,
      report: {
        type: 'string',
        value: '<file>',
        description:
          "also write an export report for the books: each report's outcome, entry lines as AFAS holds them and dossier item (Markdown; HTML for a .html name)",
      },
      journal: {
        type: 'string',
        value: '<file>',
        description: 'retired: import an old journal with `ledger import`',
      },
      ...CLIENT,
    },
  },
  watch: {
    synopsis: '<inbox> --settings settings.json',
    summary:
      'the automatic export as a service: polls the inbox folder, exports each complete report file and moves it with a result file into exported/, invalid/ or failed/; pauses during AFAS maintenance; SIGTERM or SIGINT stops it cleanly',
    flags: {
      ...SETTINGS,
      interval: {
        type: 'string',
        value: '<seconds>',
        description: 'how often the inbox is read (default 30)',
      },
      once: {
        type: 'boolean',
        description: 'one pass, then exit (0 all well, 1 a report invalid or failed, 3 AFAS unreachable)',
      },
      concurrency: { type: 'string', value: '<n>', description: 'reports at the same time (1–8, default 4)' },
      ...LEDGER,
      'log-format': {
        type: 'string',
        value: 'text|json',
        description:
          'text on a terminal, JSON lines otherwise (one per report outcome, and start/pause/resume/stop)',
      },
      ...PREFLIGHT,
      grace: {
        type: 'string',
        value: '<seconds>',
        description: 'after SIGTERM, how long reports in progress may take to finish (default 30)',
      },
      ...CLIENT,
    },
  },
  ledger: {
    synopsis: 'import <journal.jsonl> --settings settings.json <report.json>…',
    summary: 'import an old JSON-lines journal once (the reports name the creditors), then retire it',
    flags: { ...SETTINGS, ...LEDGER },
  },
  demo: {
    synopsis: '',
    summary: 'the whole job against a simulated AFAS, no configuration',
    flags: {},
  },
} as const satisfies Record<string, { synopsis: string; summary: string; flags: FlagSpecs }>;
type CommandName = keyof typeof COMMANDS;

const FOOTER = `Exit codes: 0 done; 1 AFAS refused something (a report failed or was invalid, a check failed); 2 bad
flags, settings or report files (nothing sent), or a ledger that cannot be written; 3 AFAS not
reachable or in maintenance, nothing refused: run the same command again later (the ledger never
books a report twice).
Every command takes --help and --debug (stack traces).`;

const HELP = `Usage: declaree-afas <command> [flags]

Exports Declaree expense reports into AFAS Profit: financial entry (FiEntries), dossier item with
the PDF (KnSubject) and free fields (FiEntriesCustom); checked first, never booked twice.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)}${wrap(command.summary, 92, 10)}`)
  .join('\n')}

Run \`declaree-afas <command> --help\` for a command's flags.
${FOOTER}
`;

/** The help of one command, generated from its flag declarations. */
function commandHelp(name: CommandName): string {
  const command = COMMANDS[name];
  const flags = Object.keys(command.flags).length > 0 ? `\nFlags:\n${flagHelp(command.flags)}\n` : '';
  return `Usage: declaree-afas ${name}${command.synopsis ? ` ${command.synopsis}` : ''}\n\n${wrap(command.summary, 100, 0)}\n${flags}\n${FOOTER}\n`;
}

/** Words wrapped at `width`, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width - indent) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Parses a command's flags as declared in {@link COMMANDS}. */
function parse<Name extends CommandName>(name: Name, args: readonly string[]) {
  return parseFlags('declaree-afas', name, args, COMMANDS[name].flags as (typeof COMMANDS)[Name]['flags']);
}

/** Runs `declaree-afas` with `argv` (after the command name) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (
      command !== undefined &&
      Object.hasOwn(COMMANDS, command) &&
      (rest.includes('--help') || rest.includes('-h'))
    ) {
      io.stdout.write(commandHelp(command as CommandName));
      return EXIT.ok;
    }
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'demo':
        parse('demo', rest);
        return await runDemo(io);
      case 'ledger':
        return await ledgerCommand(rest, io);
      case 'watch':
        return await watchCommand(rest, io);
      case '--version':
        io.stdout.write(`${version()}\n`);
        return EXIT.ok;
      case 'help':
        // `declaree-afas help export` is `declaree-afas export --help`, as in afas.
        if (rest[0] !== undefined && !rest[0].startsWith('-')) {
          if (!Object.hasOwn(COMMANDS, rest[0]))
            throw unknownCommand('declaree-afas', rest[0], Object.keys(COMMANDS));
          io.stdout.write(commandHelp(rest[0] as CommandName));
          return EXIT.ok;
        }
        io.stdout.write(HELP);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
        (command === undefined ? io.stderr : io.stdout).write(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw unknownCommand('declaree-afas', command, Object.keys(COMMANDS));
    }
  } catch (error) {
    return report(error, io, argv.includes('--debug'));
  }
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse('check', args);
  const { settings, profile } = await loadSettings(io, values.settings, values);
  const exporter = new DeclareeExporter({ settings, clientOptions: clientOptions(values, profile) });
  const result = await exporter.checkConnection();
  io.stdout.write(formatChecklist(result, paintFor(io.stdout, io.env)));
  if (result.ok) return EXIT.ok;
  const connection = result.items.find((item) => item.name === 'connection');
  return connection?.status === 'failed' &&
    /timeout|network|unreadable/.test(connection.explanation?.code ?? '')
    ? EXIT.transport
    : EXIT.afas;
}

async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('export', args);
  if (values.journal !== undefined)
    throw new UsageError(
      'The journal file is retired: exports are remembered in a ledger now.',
      'Import it once with `declaree-afas ledger import <journal.jsonl> --settings … <report.json>…`, then use --ledger.',
    );
  if (positionals.length === 0)
    throw new UsageError(
      'No report files given.',
      'Usage: declaree-afas export <report.json>… --settings settings.json',
    );
  const concurrency = integer('--concurrency', values.concurrency, 1, 8) ?? 1;
  if (values.json && !values['dry-run'])
    throw new UsageError('--json shows the bodies of a dry run.', 'Add --dry-run, or leave --json out.');
  const { settings, profile } = await loadSettings(io, values.settings, values);
  const reports = await Promise.all(positionals.map((path) => loadReport(io, path)));
  const ledger = values['dry-run'] ? undefined : ledgerFrom(io, values.ledger);
  await ledger?.probe(); // an unwritable ledger stops the run before any report is sent (exit 2)
  const reportFile =
    values.report === undefined ? undefined : await writableReportFile(io, values.report, values['dry-run']);
  const exporter = new DeclareeExporter({
    settings,
    ledger,
    preflight: values['no-preflight'] !== true,
    clientOptions: clientOptions(values, profile),
  });

  if (values['dry-run']) {
    let invalid = false;
    let ready = 0;
    let unchecked = 0;
    const skippedWhenReady: SkippedCheck[] = [];
    for (const { path, report } of reports) {
      // Prepared exactly as the real export prepares it: what it shows is what would be sent.
      const checked = await exporter.dryRun(report);
      // What the export changes (notes, i), then the checks it could not run (–), each with why.
      const remarks = [
        ...(checked.notes.length > 0 ? [formatNotes(checked.notes)] : []),
        ...(checked.skipped.length > 0 ? [formatSkipped(checked.skipped)] : []),
      ]
        .map((text) => `${text}\n`)
        .join('');
      if (!checked.ok) {
        invalid = true;
        io.stdout.write(
          values.json
            ? `${JSON.stringify({ file: path, problems: checked.problems, notes: checked.notes, skipped: checked.skipped }, null, 2)}\n`
            : `${path}: not ready, nothing would be sent:\n${formatProblems(checked.problems)}\n${remarks}\n`,
        );
        continue;
      }
      const { fiEntries, knSubject, fiEntriesCustom, plan } = checked.preview;
      ready++;
      if (checked.skipped.length > 0) unchecked++;
      skippedWhenReady.push(...checked.skipped);
      if (!values.json) {
        io.stdout.write(`${formatBooking(plan, settings.currency)}${remarks}\n`);
        continue;
      }
      const requests = [
        { method: 'POST', path: '/connectors/FiEntries', body: fiEntries },
        { method: 'POST', path: '/connectors/KnSubject', body: knSubject },
        ...(fiEntriesCustom
          ? [{ method: 'PUT', path: '/connectors/FiEntriesCustom', body: fiEntriesCustom }]
          : []),
      ];
      io.stdout.write(
        `${JSON.stringify({ file: path, invoiceNumber: plan.invoiceNumber, booking: plan.booking, notes: checked.notes, skipped: checked.skipped, requests }, null, 2)}\n`,
      );
    }
    if (!values.json)
      io.stdout.write(
        formatDryRunSummary({
          ready,
          notReady: reports.length - ready,
          unchecked,
          skipped: skippedWhenReady,
        }),
      );
    // A report that is not ready exits as its real export would: 1, a report invalid (see FOOTER).
    return invalid ? EXIT.afas : EXIT.ok;
  }

  // Closed however the batch ends: a Postgres ledger's open connections would keep the process alive.
  const results = await exporter
    .exportReports(
      reports.map((r) => r.report),
      {
        concurrency,
        onResult: (result, index) => {
          if (io.stderr.isTTY)
            io.stderr.write(
              `[${index + 1}/${reports.length}] ${result.reportNumber ?? reports[index]?.path}: ${STATUS_TEXT[result.status]}\n`,
            );
        },
      },
    )
    .finally(() => ledger?.close());
  const paint = paintFor(io.stdout, io.env);
  // Sections apart by a blank line, each written when it is known: the results, what AFAS now
  // holds, the report file, and last the outcome.
  const section = (text: string) => {
    if (text !== '') io.stdout.write(`\n${text}`);
  };
  io.stdout.write(formatResults(results, paint, { summary: false }));
  // Read back once: the terminal shows the first few entries, the report file all of them.
  const held = await readHoldings(
    exporter.client,
    exporter.settings.administration,
    results,
    reportFile === undefined ? MAX_PRINTED : Number.POSITIVE_INFINITY,
  );
  section(formatHoldings(results, held, settings.currency));
  if (reportFile !== undefined) {
    const context = {
      at: new Date(),
      environment: settings.environment ?? exporter.client.baseUrl,
      administration: settings.administration,
      journal: settings.journal,
      currency: settings.currency,
    };
    const markdown = exportReportMarkdown(context, results, held);
    await writeFile(
      reportFile,
      reportFile.toLowerCase().endsWith('.html') ? exportReportHtml(markdown) : markdown,
    );
    section(`The export report is in ${values.report}.\n`);
  }
  section(formatSummary(results, paint));
  const settled = (r: ExportResult) => r.status === 'exported' || r.status === 'already-exported';
  if (results.every(settled)) return EXIT.ok;
  // 2 when the ledger could not be written mid-run (a disk that filled up): a local fix, as at the start.
  if (results.some(failedOnLedger)) return EXIT.usage;
  // 3 when AFAS was only out of reach (the reports may simply be exported again), 1 when it refused one.
  return results.every((r) => settled(r) || failedOutOfReach(r)) ? EXIT.transport : EXIT.afas;
}

async function watchCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('watch', args);
  const [inbox, ...extra] = positionals;
  if (inbox === undefined || extra.length > 0)
    throw new UsageError(
      'Give one inbox folder.',
      'Usage: declaree-afas watch <inbox> --settings settings.json',
    );
  const concurrency = integer('--concurrency', values.concurrency, 1, 8) ?? 4;
  const logFormat = values['log-format'] ?? (io.stdout.isTTY ? 'text' : 'json');
  if (logFormat !== 'text' && logFormat !== 'json')
    throw new UsageError(`--log-format ${quoted(logFormat)} is not text or json.`);
  const { statSync } = await import('node:fs');
  if (!statSync(resolve(io.cwd ?? process.cwd(), inbox), { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(
      `The inbox ${inbox} is not a folder.`,
      'Create it, or give the folder Declaree exports into.',
    );
  const { settings, profile } = await loadSettings(io, values.settings, values);
  const ledger = ledgerFrom(io, values.ledger);
  await ledger.probe();
  return watch(
    {
      inbox,
      settings,
      ledger,
      intervalSeconds: integer('--interval', values.interval, 1, 86_400) ?? 30,
      once: values.once === true,
      concurrency,
      logFormat,
      preflight: values['no-preflight'] !== true,
      clientOptions: clientOptions(values, profile),
      graceMs: (integer('--grace', values.grace, 0, 3600) ?? 30) * 1000,
      signal: io.signal ?? new AbortController().signal,
    },
    io,
  );
}

/** The ledger `--ledger` names: a SQLite file (default `declaree-afas.db` here), a `postgres://` URL, or `memory:`. */
function ledgerFrom(io: CliIo, spec: string | undefined) {
  const text = spec ?? 'declaree-afas.db';
  return openLedger(/^[a-z]+:/i.test(text) ? text : resolve(io.cwd ?? process.cwd(), text));
}

async function ledgerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, journalPath, ...rest] = args;
  if (sub !== 'import' || journalPath === undefined)
    throw new UsageError(
      'Usage: declaree-afas ledger import <journal.jsonl> --settings settings.json [--ledger PATH] <report.json>…',
    );
  const { values, positionals } = parse('ledger', rest);
  const { settings } = await loadSettings(io, values.settings, values);
  const reports = await Promise.all(positionals.map((path) => loadReport(io, path)));
  const ledger = ledgerFrom(io, values.ledger);
  try {
    const summary = await importJournal(ledger, resolve(io.cwd ?? process.cwd(), journalPath), {
      settings,
      reports: reports.map((r) => r.report),
    });
    io.stdout.write(
      `Imported ${summary.imported} export(s) into ${ledger.description}; ${summary.skipped.length} skipped.\n${summary.skipped
        .map((s) => `  ${s.reportId}: ${s.reason}\n`)
        .join('')}`,
    );
    return summary.skipped.length === 0 ? EXIT.ok : EXIT.usage;
  } finally {
    await ledger.close();
  }
}

/** `--timeout` (seconds; else the profile's) and `--retries` as client options, with the same bounds as `afas`'s. */
function clientOptions(
  values: {
    timeout?: string | undefined;
    retries?: string | undefined;
  },
  profile: ChosenProfile | undefined,
): Partial<AfasClientOptions> {
  const timeout = seconds('--timeout', values.timeout, 0.1, 3600) ?? profile?.timeout;
  const retries = integer('--retries', values.retries, 0, 10);
  return {
    ...(timeout === undefined ? {} : { timeout: timeout * 1000 }),
    ...(retries === undefined ? {} : { retry: { retries } }),
  };
}

/** `--report FILE`: its folder must exist and be writable before anything is booked. */
async function writableReportFile(io: CliIo, path: string, dryRun: boolean | undefined): Promise<string> {
  if (dryRun) throw new UsageError('--report describes a real export.', 'Leave --report out of a dry run.');
  const file = resolve(io.cwd ?? process.cwd(), path);
  try {
    await access(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(
      `Cannot write the export report to ${path}: its folder is missing or not writable.`,
      'Give a file in a folder you can write; nothing was sent.',
    );
  }
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--report ${path} is a folder.`, 'Give a file name, e.g. export-report.md.');
  }
  return file;
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  io.stderr.write(describeError('declaree-afas', error, debug));
  // A ledger that cannot be opened or written is a local setting to fix, like a bad flag.
  return error instanceof LedgerError ? EXIT.usage : exitCodeOf(error);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
