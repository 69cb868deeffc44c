/**
 * The export report for the books (`declaree-afas export --report FILE`): per report its outcome, the
 * entry as AFAS holds it, the dossier item, and for a report that did not go through what to fix.
 * Markdown, or HTML when the file name ends in `.html`.
 */
import type { ExportResult } from '../exporter.js';
import type { EntryLine } from '../lookups.js';
import { describeProblem } from '../problems.js';
import { entryTable, fixPlace, markdownTable, nothingSent, STATUS_TEXT, stepsSentence } from './format.js';
import { ALLOCATION_SOURCE, heldLines } from './holdings.js';

/** The status as the terminal shows it; the report adds what "invalid" means for the books. */
const outcome = (result: ExportResult) =>
  result.status === 'invalid' ? `${STATUS_TEXT.invalid}: ${nothingSent(result)}` : STATUS_TEXT[result.status];

/** What the report is about: when, and where the reports went. */
export interface ReportContext {
  readonly at: Date;
  readonly environment: string;
  readonly administration: number;
  readonly journal: string;
  /** The administration's currency, in the amount columns' headers. @default 'EUR' */
  readonly currency?: string | undefined;
}

/** The export report as Markdown. */
export function exportReportMarkdown(
  context: ReportContext,
  results: readonly ExportResult[],
  held: ReadonlyMap<string, readonly EntryLine[] | undefined>,
): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const out = [
    `# Export of Declaree expense reports to AFAS`,
    '',
    `${context.at.toISOString().slice(0, 16).replace('T', ' ')} UTC · environment ${context.environment} · administration ${context.administration} · journal ${context.journal}`,
    '',
    '| report | outcome | entry | dossier item | invoice |',
    '| --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${cell(r.reportNumber ?? r.reportId)} | ${outcome(r)} | ${r.entryNo ?? ''} | ${r.subjectId ?? ''} | ${cell(r.invoiceNumber ?? '')} |`,
    ),
  ];
  let allocations = false;
  for (const r of results) {
    out.push('', `## ${cell(r.reportNumber ?? r.reportId)}: ${outcome(r)}`, '');
    if (r.status === 'invalid') {
      out.push(`To fix ${fixPlace(r.problems)}:`, '', ...r.problems.map((p) => `- ${describeProblem(p)}`));
      continue;
    }
    // Which steps this run did, when an earlier run did others: the results' words, as a sentence.
    const sentence = stepsSentence(r);
    if (sentence) out.push(`${sentence[0]?.toUpperCase()}${sentence.slice(1)}`, '');
    const failed = Object.values(r.steps).find((step) => step.status === 'failed');
    if (failed?.explanation) {
      const e = failed.explanation;
      out.push(`The ${failed.label} failed: ${e.title}. ${e.explanation}`, '', `Fix: ${e.fix}`);
      if (e.afasMessage)
        out.push(
          '',
          `AFAS: "${e.afasMessage}"${e.profitLogReference ? ` (log reference ${e.profitLogReference})` : ''}`,
        );
    }
    if (r.entryNo !== undefined) {
      out.push(
        ...(failed?.explanation ? [''] : []),
        `Entry ${r.entryNo}, invoice ${cell(r.invoiceNumber ?? '')}, dossier item ${r.subjectId ?? '—'}.`,
      );
    }
    const lines = held.get(r.reportId);
    if (lines !== undefined) {
      const table = heldLines(r, lines);
      allocations ||= table.some((line) => line.allocationCode !== undefined || line.project !== undefined);
      out.push('', markdownTable(entryTable(table, context.currency), cell));
    } else if (r.status === 'exported') {
      out.push(
        '',
        'The lines could not be read back from AFAS (Profit_Transactions is not readable with this token).',
      );
    } else if (r.status === 'already-exported' && !sentence) {
      out.push('', 'Booked before (by an earlier run, or by hand); not booked again.');
    }
  }
  if (allocations) out.push('', ALLOCATION_SOURCE);
  return `${out.join('\n')}\n`;
}

/** The same report as a standalone HTML page (tables and headings; every text escaped). */
export function exportReportHtml(markdown: string): string {
  const html = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const body: string[] = [];
  let table: string[][] | undefined;
  const flush = () => {
    if (!table) return;
    const [head = [], , ...rows] = table;
    body.push(
      `<table><thead><tr>${head.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows
        .map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`,
    );
    table = undefined;
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('| ')) {
      const cells = line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => html(c.replaceAll('\\|', '|')));
      table = [...(table ?? []), cells];
      continue;
    }
    flush();
    if (line.startsWith('# ')) body.push(`<h1>${html(line.slice(2))}</h1>`);
    else if (line.startsWith('## ')) body.push(`<h2>${html(line.slice(3))}</h2>`);
    else if (line.startsWith('- ')) body.push(`<li>${html(line.slice(2))}</li>`);
    else if (line !== '') body.push(`<p>${html(line)}</p>`);
  }
  flush();
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Export of Declaree expense reports to AFAS</title></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
