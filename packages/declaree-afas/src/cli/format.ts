import { formatCents } from 'afas-client';
import { type Paint, PLAIN } from 'afas-client/cli-kit';
import type { BookingPlan } from '../booking.js';
import type { ConnectionCheck } from '../connection-check.js';
import type { AfasErrorExplanation } from '../explain.js';
import type { ExportResult, StepStatus } from '../exporter.js';
import type { PreflightNote, PreflightResult, SkippedCheck } from '../preflight.js';
import { describeProblem, type ReportProblem } from '../problems.js';

const MARK = { ok: '✓', failed: '✗', skipped: '–', warning: '!' } as const;

/** The connection check as a checklist. */
export function formatChecklist(check: ConnectionCheck, paint: Paint = PLAIN): string {
  const colour = { ok: paint.green, failed: paint.red, skipped: paint.dim, warning: paint.yellow } as const;
  const lines = check.items.map((item) => {
    const fix = item.fix ? `\n    → ${item.fix}` : '';
    const afas = item.explanation?.afasMessage ? `\n    AFAS: ${afasLine(item.explanation)}` : '';
    return `  ${colour[item.status](MARK[item.status])} ${item.name}: ${item.message}${afas}${fix}`;
  });
  const verdict = check.ok
    ? paint.green('Ready to export.')
    : paint.red('Not ready: fix the items marked ✗.');
  return `${lines.join('\n')}\n${paint.bold(verdict)}\n`;
}

/**
 * Where an invalid report's problems are fixed, for its heading (`fix in the settings`): in Declaree
 * (the report's fields), in the settings (`settings.*`), the report's PDF (`pdf`), the report file
 * itself (`(file)`: not JSON, not readable), or several. A value too long for its free field is
 * fixed in either Declaree (shorter) or the settings (another template).
 */
export function fixPlace(problems: readonly ReportProblem[]): string {
  if (problems.length > 0 && problems.every((p) => p.code === 'free-field-too-long'))
    return 'in Declaree or in the settings';
  const places = [...new Set(problems.map(placeOf))].sort((a, b) => PLACES.indexOf(a) - PLACES.indexOf(b));
  return places.join(' and ') || 'in Declaree';
}

const PLACES = ['in Declaree', 'in the settings', "the report's PDF", 'the report file'] as const;

function placeOf(problem: ReportProblem): (typeof PLACES)[number] {
  if (problem.code === 'free-field-too-long') return 'in Declaree';
  if (problem.field === 'pdf') return "the report's PDF";
  if (problem.field === '(file)') return 'the report file';
  return problem.field.startsWith('settings.') ? 'in the settings' : 'in Declaree';
}

/** What an invalid report's heading says was sent: nothing by this run, whatever an earlier one booked. */
export function nothingSent(result: { readonly entryNo?: string | undefined }): string {
  return result.entryNo === undefined
    ? 'nothing was sent'
    : `this run sent nothing (AFAS holds entry ${result.entryNo}, booked before)`;
}

/**
 * Which steps this run did, when an earlier run (or someone in AFAS) did others: `the financial
 * entry (FiEntries) was already in AFAS (by an earlier run, or by hand); this run added the dossier
 * item with the PDF (KnSubject) and the free fields (FiEntriesCustom).` Undefined when this run did
 * every step it found to do, or none: the status says it then. In the steps' own labels; the
 * results and the export report both say it so.
 */
export function stepsSentence(result: ExportResult): string | undefined {
  const steps = Object.values(result.steps);
  const labels = (status: StepStatus) =>
    steps.filter((step) => step.status === status).map((step) => `the ${step.label}`);
  const earlier = labels('already-done');
  const now = labels('done');
  if (earlier.length === 0 || now.length === 0) return undefined;
  return `${listed(earlier)} ${earlier.length === 1 ? 'was' : 'were'} already in AFAS (by an earlier run, or by hand); this run added ${listed(now)}.`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Problems of one report, each naming the field to fix (in Declaree, or in the settings). */
export function formatProblems(problems: readonly ReportProblem[]): string {
  // The expense as the bookkeeper finds it in Declaree; the field path for whoever maps the data.
  return problems.map((p) => `  ✗ ${reportAndWhere(p)}`).join('\n');
}

/** What the export does differently from the report, and why (the preflight's notes), one line each. */
export function formatNotes(notes: readonly PreflightNote[]): string {
  return notes.map((n) => `  i ${reportAndWhere(n)}`).join('\n');
}

/** `R-2026-0003, expense 2026-03-13 "Bloemen relatie" € 36.30 (expenses[0].project.code): …`, the expense named once. */
function reportAndWhere(p: ReportProblem | PreflightNote): string {
  const inExpense = p.expense !== undefined || p.expenseId !== undefined;
  return `${p.reportNumber ?? p.reportId}${inExpense ? ', ' : ' '}${describeProblem(p)}`;
}

/** A preflight: problems, what the booking does differently (notes) and skipped checks. */
export function formatPreflight(label: string, result: PreflightResult): string {
  const head = `${result.ok ? '✓' : '✗'} ${label}${result.ok ? ': nothing AFAS would refuse' : ''}`;
  const problems = result.problems.length ? [formatProblems(result.problems)] : [];
  const notes = result.notes.length ? [formatNotes(result.notes)] : [];
  const skipped = result.skipped.length ? [formatSkipped(result.skipped)] : [];
  return [head, ...problems, ...notes, ...skipped].join('\n');
}

/** Why a check was not run, as the lines marked – say: `Profit_Accounts not authorised`. */
function whyNot(check: SkippedCheck): string {
  const why = {
    'not-authorised': 'not authorised',
    'read-failed': 'could not be read',
    'not-listed': 'does not list what the check needs',
  } as const;
  return `${check.connector} ${check.note ?? why[check.reason ?? 'not-authorised']}`;
}

/** The checks that could not be run, one line each, with why. */
export function formatSkipped(skipped: readonly SkippedCheck[]): string {
  return skipped.map((s) => `  – not checked (${whyNot(s)}): ${s.check}`).join('\n');
}

/** What a dry run found, in counts; ready reports with checks not run are named as such. */
export interface DryRunCounts {
  readonly ready: number;
  readonly notReady: number;
  /** The checks not run in the ready reports (each report's, together). */
  readonly skipped: readonly SkippedCheck[];
  /** How many of the ready reports had checks not run. */
  readonly unchecked: number;
}

/**
 * The dry run's last line. A report whose checks could not all be run is ready only as far as the
 * dry run could see: the line says which connectors were missing. It does not change the exit code:
 * the real export would go ahead the same way, and AFAS checks the entry itself when it is sent.
 */
export function formatDryRunSummary(counts: DryRunCounts): string {
  const { ready, notReady, unchecked } = counts;
  const reports = (n: number) => `${n} report${n === 1 ? '' : 's'}`;
  const why = [...new Set(counts.skipped.map(whyNot))];
  const byConnector = why.map((w) => w.replace(/ (not authorised|could not be read)$/, ''));
  const reason = why.every((w) => w.endsWith('not authorised'))
    ? `${byConnector.join(', ')} not authorised`
    : why.join(', ');
  const readyText =
    unchecked === 0
      ? `${reports(ready)} ready`
      : unchecked === ready
        ? `${reports(ready)} ready, not checked against AFAS: ${reason} (the checks marked – above)`
        : `${reports(ready)} ready, ${unchecked} of them not checked against AFAS: ${reason} (the checks marked – above)`;
  const rest = notReady ? `, ${notReady} not ready (above)` : '';
  const next =
    notReady > 0
      ? ''
      : unchecked > 0
        ? ' Authorise those connectors in the App Connector for a full check (`declaree-afas check` shows what the token may do).'
        : ' Run without --dry-run to book them.';
  return `Dry run: ${readyText}${rest}; nothing was sent.${next}\n`;
}

/** Each export status in words, as the results and the export report show it. */
export const STATUS_TEXT = {
  exported: 'exported',
  'already-exported': 'already exported',
  invalid: 'invalid',
  failed: 'failed',
} as const;

/** The counts of a run's outcomes, bold: `3 exported, 1 invalid`. */
export function formatSummary(results: readonly ExportResult[], paint: Paint = PLAIN): string {
  const summary = (['exported', 'already-exported', 'failed', 'invalid'] as const)
    .map((status) => [status, results.filter((r) => r.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${STATUS_TEXT[status]}`)
    .join(', ');
  return `${paint.bold(summary)}\n`;
}

/**
 * One line per report, then the reason and fix for those that did not go through, then (unless
 * `summary` is false: the caller prints {@link formatSummary} last) the counts.
 */
export function formatResults(
  results: readonly ExportResult[],
  paint: Paint = PLAIN,
  options: { readonly summary?: boolean } = {},
): string {
  const colour = {
    exported: paint.green,
    'already-exported': paint.dim,
    invalid: paint.yellow,
    failed: paint.red,
  } as const;
  const rows = results.map((r) => [
    r.reportNumber ?? r.reportId,
    STATUS_TEXT[r.status],
    r.entryNo ?? '',
    r.subjectId ?? '',
    r.invoiceNumber ?? '',
  ]);
  const header = ['Report', 'Status', 'Entry (EnNo)', 'Dossier item (SbId)', 'Invoice (InId)'];
  const { line, rule } = columns([header, ...rows]);
  // Each detail names its report; the same failure met by several reports (a ledger that cannot be
  // written, AFAS in maintenance) is explained once, naming them all.
  const details: { names: string[]; text: string }[] = [];
  const failures = new Map<string, { names: string[]; text: string }>();
  const add = (name: string, text: string, sameForOthers = false) => {
    const same = sameForOthers ? failures.get(text) : undefined;
    if (same) return void same.names.push(name);
    const detail = { names: [name], text };
    details.push(detail);
    if (sameForOthers) failures.set(text, detail);
  };
  for (const r of results) {
    const name = r.reportNumber ?? r.reportId;
    if (r.status === 'invalid') {
      add(name, `fix ${fixPlace(r.problems)}, ${nothingSent(r)}:\n${formatProblems(r.problems)}`);
      continue;
    }
    const sentence = stepsSentence(r);
    if (sentence) add(name, sentence);
    const failed = Object.values(r.steps).find((step) => step.status === 'failed');
    if (failed?.explanation) {
      add(name, `the ${failed.label} failed\n${formatExplanation(failed.explanation)}`, true);
      continue;
    }
    if (r.booking?.moved) add(name, r.booking.moved.reason);
    for (const step of Object.values(r.steps))
      if (step.note && step.status === 'skipped' && !/No free fields/.test(step.note)) add(name, step.note);
  }
  return [
    line(header),
    rule,
    // A whole row in its status's colour: colouring after padding keeps the columns aligned.
    ...rows.map((row, i) => colour[results[i]!.status](line(row))),
    '',
    ...(details.length ? [...details.map((d) => `${d.names.join(', ')}: ${d.text}`), ''] : []),
  ]
    .join('\n')
    .concat(options.summary === false ? '' : `\n${formatSummary(results, paint)}`);
}

/** An AFAS error in plain words, with AFAS's own message and log reference. */
export function formatExplanation(explanation: AfasErrorExplanation): string {
  const lines = [`  ${explanation.title}`, `  ${explanation.explanation}`, `  Fix: ${explanation.fix}`];
  if (explanation.afasMessage) lines.push(`  AFAS: ${afasLine(explanation)}`);
  return lines.join('\n');
}

function afasLine(explanation: AfasErrorExplanation): string {
  return `${explanation.afasMessage}${explanation.profitLogReference ? ` (log reference ${explanation.profitLogReference})` : ''}`;
}

/** One line of an entry as the tables show it: a planned line, or a line AFAS holds. */
export interface TableLine {
  readonly seqNo: number;
  readonly account: string;
  readonly description: string;
  /** In cents. */
  readonly debit: number;
  /** In cents. */
  readonly credit: number;
  readonly vatCode?: string | undefined;
  /** The VAT code's rate in per cent, shown beside it. */
  readonly vatRate?: number | undefined;
  /** Creditor, cost or VAT line, when known: a cost line without a VAT code shows "none". */
  readonly kind?: 'creditor' | 'cost' | 'vat' | undefined;
  readonly allocationCode?: string | undefined;
  readonly project?: string | undefined;
}

/**
 * An entry's lines as AFAS's journal-entry screen (boekingsregels) shows them: line, account,
 * description, debit and credit in the administration's currency, VAT code with its rate, the
 * allocation code or AFAS project; then the totals. One layout for the dry run, "What AFAS now
 * holds" and the export report; {@link plainTable} and {@link markdownTable} render it.
 */
export interface EntryTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly total: readonly string[];
  /** The columns aligned right (numbers, amounts). */
  readonly right: ReadonlySet<number>;
  /** What "none" in the VAT column means, when a line shows it. */
  readonly footnote: string | undefined;
}

/** The {@link EntryTable} of `lines`; amounts in `currency` (the administration's, e.g. EUR). */
export function entryTable(lines: readonly TableLine[], currency = 'EUR'): EntryTable {
  const euros = (cents: number) => (cents === 0 ? '' : formatCents(cents));
  const vat = (line: TableLine) => {
    if (line.kind === 'creditor') return '';
    if (line.vatCode === undefined) return line.kind === 'cost' ? 'none' : '';
    return line.vatRate === undefined ? line.vatCode : `${line.vatCode} (${line.vatRate} %)`;
  };
  const rows = lines.map((line) => [
    String(line.seqNo),
    line.account,
    line.description,
    euros(line.debit),
    euros(line.credit),
    vat(line),
    line.allocationCode ?? line.project ?? '',
  ]);
  const debit = lines.reduce((sum, line) => sum + line.debit, 0);
  const credit = lines.reduce((sum, line) => sum + line.credit, 0);
  return {
    header: [
      'Line',
      'Account',
      'Description',
      `Debit (${currency})`,
      `Credit (${currency})`,
      'VAT code',
      lines.some((l) => l.project !== undefined) ? 'Project' : 'Allocation code',
    ],
    rows,
    total: ['', '', 'Total', formatCents(debit), formatCents(credit), '', ''],
    right: new Set([0, 3, 4]),
    footnote: rows.some((row) => row[5] === 'none')
      ? '"none": the expense has no VAT, so its cost line carries no VAT code.'
      : undefined,
  };
}

/** An {@link EntryTable} as plain text, each line after `indent`: header, rule, lines, rule, totals, footnote. */
export function plainTable(table: EntryTable, indent = ''): string {
  const { line, rule } = columns([table.header, ...table.rows, table.total], table.right);
  return [line(table.header), rule, ...table.rows.map(line), rule, line(table.total)]
    .map((text) => `${indent}${text}`)
    .concat(table.footnote ? [`${indent}${table.footnote}`] : [])
    .join('\n');
}

/** An {@link EntryTable} as a Markdown table, each cell through `cell` (escaping), then its footnote. */
export function markdownTable(table: EntryTable, cell: (text: string) => string): string {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const align = table.header.map((_, i) => (table.right.has(i) ? '---:' : '---'));
  return [row(table.header), `| ${align.join(' | ')} |`, ...table.rows.map(row), row(table.total)]
    .concat(table.footnote ? ['', table.footnote] : [])
    .join('\n');
}

/**
 * A planned booking as AFAS's journal-entry screen (boekingsregels) shows it (see {@link entryTable}),
 * under a line naming journal, administration, date, period and invoice number.
 */
export function formatBooking(plan: BookingPlan, currency = 'EUR'): string {
  const { booking } = plan;
  const moved = booking.moved ? ` (moved from ${booking.moved.from}: ${booking.moved.reason})` : '';
  const head = `${plan.reportNumber}: journal (dagboek) ${plan.journal}, administration ${plan.administration}, entry date ${booking.date}${moved}, year ${booking.year} period ${booking.period}, invoice number ${plan.invoiceNumber}`;
  return `${head}\n${plainTable(entryTable(plan.lines, currency))}\n`;
}

/**
 * A plain-text table's layout for `rows` (the header among them): `line` pads each cell to its
 * column's width, two spaces apart, right-aligning the `right` columns (numbers, amounts), and
 * trims trailing blanks; `rule` is the dashed line under the header.
 */
function columns(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()) {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return { line, rule: line(widths.map((width) => '-'.repeat(width))) };
}
