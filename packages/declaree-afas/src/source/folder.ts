/**
 * The folder source: an inbox folder of report files, for `declaree-afas watch`.
 *
 * The contract: drop `<name>.json` (a report as Declaree holds it) with its PDF beside it
 * (`<name>.pdf`) or named in it (`"pdf"`, or `"pdfBase64"`). Write it under another name and rename
 * it, or simply write it: a file is picked up only once it has not changed for `settleMs`. A watcher
 * claims a file by moving it into `.processing/` (an atomic rename, so two watchers never take the
 * same file); after the export it moves the report and its PDF into `exported/`, `invalid/` or
 * `failed/`, with `<name>.result.txt` beside them saying in plain words what was booked or what to
 * fix. Move a report back into the inbox after a fix and it is exported again (the ledger keeps a
 * report that was booked from being booked twice). A report claimed by a process that died goes
 * back to the inbox on the next pass.
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { formatResults, nothingSent, stepsSentence } from '../cli/format.js';
import type { ExportResult } from '../exporter.js';
import { isRunning } from '../internal/process.js';
import { ownerIsGone } from '../ledger/ledger.js';
import { EXPORT_STEPS } from '../steps/index.js';
import type { StepName, StepResult } from '../steps/step.js';
import { ReportFileError, readReportFile } from './report-file.js';
import type { PendingReport, ReportSource } from './report-source.js';

/** Options of {@link folderSource}. */
export interface FolderSourceOptions {
  /** A report file is picked up once unchanged this long. @default 1000 @unit milliseconds */
  readonly settleMs?: number | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** The folders a report ends in, by outcome. */
export const OUTCOME_FOLDERS = { exported: 'exported', invalid: 'invalid', failed: 'failed' } as const;

const PROCESSING = '.processing';

/** A {@link ReportSource} over an inbox folder; see the module's contract. */
export function folderSource(inbox: string, options: FolderSourceOptions = {}): ReportSource {
  const settleMs = options.settleMs ?? 1000;
  const now = options.now ?? Date.now;
  const host = hostname();
  const processing = join(inbox, PROCESSING);
  /** Where each offered report is now, by its name. */
  const claimed = new Map<string, { readonly path: string; readonly pdfPath: string | undefined }>();

  /** Puts back what dead watchers of this machine had claimed. */
  const recover = async () => {
    for (const entry of await readdir(processing).catch(() => [] as string[])) {
      const match = /^(.+)~(\d+)~(.+)$/.exec(entry);
      if (!match || claimed.has(match[3] ?? '')) continue;
      if (ownerIsGone(`${match[1]}:${match[2]}:x`, host, isRunning)) {
        await rename(join(processing, entry), join(inbox, match[3] ?? entry)).catch(() => {});
      }
    }
  };

  const settleAs = async (name: string, pdfPath: string | undefined, from: string, result: ExportResult) => {
    const folder = join(
      inbox,
      result.status === 'exported' || result.status === 'already-exported'
        ? OUTCOME_FOLDERS.exported
        : result.status === 'invalid'
          ? OUTCOME_FOLDERS.invalid
          : OUTCOME_FOLDERS.failed,
    );
    await mkdir(folder, { recursive: true });
    const stem = name.replace(/\.json$/i, '');
    // The result first (written aside, then renamed), the PDF, and the report last: a crash in
    // between leaves the report claimed, and it is put back and settled again.
    const temporary = join(folder, `.${stem}.result.txt.tmp`);
    await writeFile(temporary, describe(name, result), { mode: 0o600 });
    await rename(temporary, join(folder, `${stem}.result.txt`));
    if (pdfPath && dirname(pdfPath) === inbox) {
      await rename(pdfPath, join(folder, basename(pdfPath))).catch(() => {});
    }
    await rename(from, join(folder, name));
  };

  return {
    async *pending(): AsyncGenerator<PendingReport> {
      await mkdir(processing, { recursive: true });
      await recover();
      const names = (await readdir(inbox, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && /\.json$/i.test(entry.name) && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort();
      for (const name of names) {
        const path = join(inbox, name);
        const info = await stat(path).catch(() => undefined);
        if (!info || now() - info.mtimeMs < settleMs) continue; // still being written, or gone
        const pdfInfo = await stat(join(inbox, `${name.replace(/\.json$/i, '')}.pdf`)).catch(() => undefined);
        if (pdfInfo && now() - pdfInfo.mtimeMs < settleMs) continue;
        const mine = join(processing, `${host}~${process.pid}~${name}`);
        try {
          await rename(path, mine); // the claim: only one watcher moves it
        } catch {
          continue; // another watcher took it
        }
        let content: Awaited<ReturnType<typeof readReportFile>>;
        try {
          content = await readReportFile(mine, { folder: inbox, name });
        } catch (error) {
          if (!(error instanceof ReportFileError)) throw error;
          await settleAs(name, undefined, mine, unreadable(name, error.message.replace(mine, name)));
          continue;
        }
        claimed.set(name, { path: mine, pdfPath: content.pdfPath });
        yield { ref: name, report: content.report };
      }
    },
    async settle(item, result) {
      const place = claimed.get(item.ref);
      if (!place) return;
      claimed.delete(item.ref);
      await settleAs(item.ref, place.pdfPath, place.path, result);
    },
    async release(item) {
      const place = claimed.get(item.ref);
      if (!place) return;
      claimed.delete(item.ref);
      await rename(place.path, join(inbox, item.ref));
    },
  };
}

/** The result file: what was booked, or what to fix, in plain words. */
function describe(name: string, result: ExportResult): string {
  const added = stepsSentence(result);
  const what =
    result.status === 'exported'
      ? `${name} was booked in AFAS.`
      : result.status === 'already-exported'
        ? added
          ? `${name}: ${added} Nothing was booked twice; the steps are listed below.`
          : `${name} was already booked in AFAS (by an earlier run, or by hand); nothing was booked twice.`
        : result.status === 'invalid'
          ? result.entryNo === undefined
            ? `${name} was not sent to AFAS: fix the problems below, then move the report back into the inbox.`
            : `${name}: ${nothingSent(result)}. Fix the problems below, then move the report back into the inbox.`
          : `${name} could not be exported completely: see the failed step below. Fix the cause, then move the report back into the inbox; what AFAS already holds is not booked again.`;
  const steps = Object.values(result.steps)
    .map((step) => `  ${step.label}: ${step.status}${step.note ? ` (${step.note})` : ''}`)
    .join('\n');
  return `${what}\n\n${formatResults([result])}\nSteps:\n${steps}\n`;
}

/** The result for a report file that cannot be read. */
function unreadable(name: string, message: string): ExportResult {
  const steps = Object.fromEntries(
    EXPORT_STEPS.map((step) => [step.name, { status: 'not-started', label: step.label }]),
  ) as Record<StepName, StepResult>;
  return {
    reportId: name,
    reportNumber: undefined,
    status: 'invalid',
    steps,
    problems: [{ reportId: name, field: '(file)', code: 'invalid-field', message }],
  };
}
