import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AfasClientOptions, isAfasError } from 'afas-client';
import { DeclareeExporter, type ExportResult } from '../exporter.js';
import { LedgerError } from '../ledger/errors.js';
import { importJournal } from '../ledger/import-journal.js';
import { openLedger } from '../ledger/open.js';
import { failedOutOfReach } from '../source/report-source.js';
import { runDemo } from './demo.js';
import { loadReport, loadSettings } from './files.js';
import { formatChecklist, formatResults } from './format.js';
import { type CliIo, EXIT, UsageError } from './io.js';
import { watch } from './watch.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

const HELP = `Usage: declaree-afas <command> [flags]

Exports Declaree expense reports into AFAS Profit: financial entry (FiEntries), dossier item with the
PDF (KnSubject) and free fields (FiEntriesCustom); checked first, never booked twice.

Commands:
  check  --settings settings.json        connection checklist: token, UpdateConnectors, administration, journal
  export <report.json>… --settings settings.json [--dry-run] [--no-preflight] [--concurrency N] [--ledger PATH|URL]
                                          export reports; each is checked first (its PDF, AFAS's limits,
                                          and the preflight against AFAS master data unless
                                          --no-preflight), so a bad report books nothing; the ledger
                                          (default declaree-afas.db in this folder, or a postgres:// URL
                                          shared by several machines) remembers every
                                          export by where it lands, so reruns and other processes
                                          sharing it never book a report twice
  watch <inbox> --settings settings.json [--interval SECONDS] [--once] [--concurrency N] [--ledger PATH|URL]
        [--log-format text|json] [--no-preflight] [--grace SECONDS]
                                          the automatic export as a service: polls the inbox folder
                                          (every 30 s), exports each complete report file and moves it
                                          with a result file into exported/, invalid/ or failed/;
                                          pauses during AFAS maintenance; SIGTERM stops it cleanly
  ledger import <journal.jsonl> --settings settings.json [--ledger PATH] <report.json>…
                                          import an old JSON-lines journal (the reports name the creditors)
  demo                                    the whole job against a simulated AFAS, no configuration

Both commands that call AFAS take --timeout <seconds> (per attempt, default 60) and --retries <n>
(retries of reads and of writes AFAS proves it did not apply, default 2), and --debug for stack traces.
The token may stay out of the settings file: then AFAS_TOKEN or AFAS_TOKEN_FILE is used.
Exit codes: 0 done; 1 AFAS refused something (a report failed or a check failed); 2 bad flags,
settings or report files (nothing sent); 3 AFAS not reachable or in maintenance, nothing refused:
run the same command again later (the ledger never books a report twice).
`;

/** Runs `declaree-afas` with `argv` (after the command name) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'demo':
        return await runDemo(io);
      case 'ledger':
        return await ledgerCommand(rest, io);
      case 'watch':
        return await watchCommand(rest, io);
      case '--version':
        io.stdout.write(`${version()}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        (command === undefined ? io.stderr : io.stdout).write(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(
          command.length <= 20 && !/^[0-9a-f]{16,}$/i.test(command)
            ? `Unknown command "${command}".`
            : 'Unknown command (not repeated, in case it is a secret).',
          'Commands: check, export, watch, ledger, demo. Run `declaree-afas --help`.',
        );
    }
  } catch (error) {
    return report(error, io, argv.includes('--debug'));
  }
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { settings: { type: 'string' }, ...CLIENT_FLAGS });
  const exporter = new DeclareeExporter({
    settings: await loadSettings(io, values.settings),
    clientOptions: clientOptions(values),
  });
  const result = await exporter.checkConnection();
  io.stdout.write(formatChecklist(result));
  if (result.ok) return EXIT.ok;
  const connection = result.items.find((item) => item.name === 'connection');
  return connection?.status === 'failed' &&
    /timeout|network|unreadable/.test(connection.explanation?.code ?? '')
    ? EXIT.transport
    : EXIT.afas;
}

async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      settings: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-preflight': { type: 'boolean' },
      concurrency: { type: 'string' },
      ledger: { type: 'string' },
      journal: { type: 'string' },
      ...CLIENT_FLAGS,
    },
    true,
  );
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
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) {
    throw new UsageError(
      '--concurrency must be a whole number from 1 to 8.',
      'AFAS allows 5 to 8 parallel calls; 5 is a good choice.',
    );
  }
  const settings = await loadSettings(io, values.settings);
  const reports = await Promise.all(positionals.map((path) => loadReport(io, path)));
  const ledger = values['dry-run'] ? undefined : ledgerFrom(io, values.ledger);
  await ledger?.probe(); // an unwritable ledger stops the run before any report is sent (exit 2)
  const preflight = values['no-preflight'] !== true;
  const exporter = new DeclareeExporter({
    settings,
    ledger,
    preflight,
    clientOptions: clientOptions(values),
  });

  if (values['dry-run']) {
    let invalid = false;
    for (const { path, report } of reports) {
      const preview = await exporter.preview(report);
      const checked = preview.ok && preflight ? await exporter.preflight(report) : undefined;
      const problems = preview.ok ? (checked?.problems ?? []) : preview.problems;
      if (!preview.ok || problems.length > 0) {
        invalid = true;
        io.stdout.write(`${JSON.stringify({ file: path, problems }, null, 2)}\n`);
        continue;
      }
      const { fiEntries, knSubject, fiEntriesCustom, plan } = preview.preview;
      const requests = [
        { method: 'POST', path: '/connectors/FiEntries', body: fiEntries },
        { method: 'POST', path: '/connectors/KnSubject', body: knSubject },
        ...(fiEntriesCustom
          ? [{ method: 'PUT', path: '/connectors/FiEntriesCustom', body: fiEntriesCustom }]
          : []),
      ];
      io.stdout.write(
        `${JSON.stringify({ file: path, invoiceNumber: plan.invoiceNumber, booking: plan.booking, requests }, null, 2)}\n`,
      );
    }
    return invalid ? EXIT.usage : EXIT.ok;
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
              `[${index + 1}/${reports.length}] ${result.reportNumber ?? reports[index]?.path}: ${result.status}\n`,
            );
        },
      },
    )
    .finally(() => ledger?.close());
  io.stdout.write(formatResults(results));
  const settled = (r: ExportResult) => r.status === 'exported' || r.status === 'already-exported';
  if (results.every(settled)) return EXIT.ok;
  // 3 when AFAS was only out of reach (the reports may simply be exported again), 1 when it refused one.
  return results.every((r) => settled(r) || failedOutOfReach(r)) ? EXIT.transport : EXIT.afas;
}

async function watchCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      settings: { type: 'string' },
      interval: { type: 'string' },
      once: { type: 'boolean' },
      concurrency: { type: 'string' },
      ledger: { type: 'string' },
      'log-format': { type: 'string' },
      'no-preflight': { type: 'boolean' },
      grace: { type: 'string' },
      ...CLIENT_FLAGS,
    },
    true,
  );
  const [inbox, ...extra] = positionals;
  if (inbox === undefined || extra.length > 0)
    throw new UsageError(
      'Give one inbox folder.',
      'Usage: declaree-afas watch <inbox> --settings settings.json',
    );
  const number = (flag: string, text: string | undefined, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!(value >= min && value <= max)) throw new UsageError(`--${flag} ${text} is not ${min} to ${max}.`);
    return value;
  };
  const concurrency = number('concurrency', values.concurrency, 4, 1, 8);
  if (!Number.isInteger(concurrency))
    throw new UsageError(`--concurrency ${values.concurrency} is not a whole number.`);
  const logFormat = values['log-format'] ?? (io.stdout.isTTY ? 'text' : 'json');
  if (logFormat !== 'text' && logFormat !== 'json')
    throw new UsageError(`--log-format ${logFormat} is not text or json.`);
  const { statSync } = await import('node:fs');
  if (!statSync(resolve(io.cwd ?? process.cwd(), inbox), { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(
      `The inbox ${inbox} is not a folder.`,
      'Create it, or give the folder Declaree exports into.',
    );
  const settings = await loadSettings(io, values.settings);
  const ledger = ledgerFrom(io, values.ledger);
  await ledger.probe();
  return watch(
    {
      inbox,
      settings,
      ledger,
      intervalSeconds: number('interval', values.interval, 30, 1, 86_400),
      once: values.once === true,
      concurrency,
      logFormat,
      preflight: values['no-preflight'] !== true,
      clientOptions: clientOptions(values),
      graceMs: number('grace', values.grace, 30, 0, 3600) * 1000,
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
  const { values, positionals } = parse(
    rest,
    { settings: { type: 'string' }, ledger: { type: 'string' } },
    true,
  );
  const settings = await loadSettings(io, values.settings);
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

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

const CLIENT_FLAGS = {
  timeout: { type: 'string' },
  retries: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

/** `--timeout` (seconds) and `--retries` as client options. */
function clientOptions(values: {
  timeout?: string | undefined;
  retries?: string | undefined;
}): Partial<AfasClientOptions> {
  const options: { timeout?: number; retry?: { retries: number } } = {};
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!(seconds > 0))
      throw new UsageError(`--timeout ${values.timeout} is not a positive number of seconds.`);
    options.timeout = seconds * 1000;
  }
  if (values.retries !== undefined) {
    const retries = Number(values.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10)
      throw new UsageError(`--retries ${values.retries} is not 0 to 10.`);
    options.retry = { retries };
  }
  return options;
}

function parse<O extends Options>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run `declaree-afas --help`.');
  }
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`declaree-afas: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return EXIT.usage;
  }
  if (error instanceof LedgerError) {
    io.stderr.write(`declaree-afas: ${error.message}\n  ${error.hint}\n`);
    return EXIT.usage;
  }
  if (isAfasError(error)) {
    io.stderr.write(`declaree-afas: ${error.message}\n${debug && error.stack ? `${error.stack}\n` : ''}`);
    if (error.kind === 'config' || error.kind === 'token') return EXIT.usage;
    return ['network', 'timeout', 'response'].includes(error.kind) ? EXIT.transport : EXIT.afas;
  }
  io.stderr.write(
    `declaree-afas: unexpected error: ${error instanceof Error ? error.message : String(error)}\n${debug && error instanceof Error ? `${error.stack}\n` : '  Run again with --debug and report the output.\n'}`,
  );
  return 70;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
