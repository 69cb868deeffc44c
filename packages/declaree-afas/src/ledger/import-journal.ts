/**
 * Imports the JSON-lines journal of earlier versions into a ledger, once; the journal file is then
 * retired. Old records lack what the ledger keys on beyond administration, journal and invoice
 * number: the environment comes from the settings, the creditor from the report files.
 */
import { resolveEnvironment } from 'afas-client';
import { z } from 'zod';
import { creditorOf } from '../booking.js';
import { describeFileProblem, RegularFileError, readRegularFile } from '../internal/regular-file.js';
import { type ExportSettingsInput, ExportSettingsSchema } from '../settings.js';
import { validateReport } from '../validate.js';
import { LedgerError } from './errors.js';
import type { ExportKey, Ledger } from './ledger.js';
import { type ExportProgress, stepStatesOf } from './progress.js';

/** One line of the old journal (declaree-afas 0.1). */
const LegacyRecordSchema = z.object({
  reportId: z.string(),
  invoiceNumber: z.string(),
  administration: z.number().int(),
  journal: z.string(),
  entryNo: z.string().optional(),
  lineSeqNos: z.array(z.number().int()).optional(),
  subjectId: z.string().optional(),
  dossierPending: z.boolean().optional(),
  freeFieldsDone: z.boolean().optional(),
  updatedAt: z.string(),
});

/** What an import did. */
export interface JournalImport {
  readonly imported: number;
  /** Records not imported, with why (no report file given, a broken line, already in the ledger). */
  readonly skipped: readonly { readonly reportId: string; readonly reason: string }[];
}

/**
 * Imports a journal file: the last record of each report, under the key of where it was booked.
 * Idempotent: a record the ledger already holds is skipped. A truncated or broken line is reported.
 */
export async function importJournal(
  ledger: Ledger,
  path: string,
  options: { readonly settings: ExportSettingsInput; readonly reports: readonly unknown[] },
): Promise<JournalImport> {
  const settings = ExportSettingsSchema.parse(options.settings);
  const environment = resolveEnvironment(settings.environment, settings.environmentKind);
  const creditors = new Map<string, string>();
  for (const input of options.reports) {
    const valid = validateReport(input, settings);
    if (valid.ok) creditors.set(valid.report.id, creditorOf(valid.report, settings));
  }

  const skipped: { reportId: string; reason: string }[] = [];
  const latest = new Map<string, z.infer<typeof LegacyRecordSchema>>();
  (await readJournal(path)).split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = LegacyRecordSchema.safeParse(safeJson(line));
    if (parsed.success) latest.set(parsed.data.reportId, parsed.data);
    else
      skipped.push({
        reportId: `line ${index + 1}`,
        reason: 'not a complete journal record (a crash may have cut it off)',
      });
  });

  let imported = 0;
  for (const record of latest.values()) {
    const creditor = creditors.get(record.reportId);
    if (creditor === undefined) {
      skipped.push({
        reportId: record.reportId,
        reason: 'no valid report file given for it (its creditor is needed)',
      });
      continue;
    }
    const key: ExportKey = {
      participant: environment.id,
      environmentKind: environment.kind,
      administration: record.administration,
      journal: record.journal,
      creditor,
      invoiceNumber: record.invoiceNumber,
    };
    if (await ledger.get(key).then((found) => found && Object.keys(found.steps).length > 0)) {
      skipped.push({ reportId: record.reportId, reason: 'already in the ledger' });
      continue;
    }
    const claim = await ledger.claim(
      key,
      { reportId: record.reportId },
      { owner: 'journal-import', ttlMs: 60_000 },
    );
    if (!claim.claimed) {
      skipped.push({ reportId: record.reportId, reason: `being exported right now by ${claim.heldBy}` });
      continue;
    }
    const progress: ExportProgress = {
      entryNo: record.entryNo,
      lineSeqNos: record.lineSeqNos,
      subjectId: record.subjectId,
      dossierPending: record.dossierPending,
      freeFieldsDone: record.freeFieldsDone,
    };
    for (const [step, state] of stepStatesOf(progress, record.updatedAt))
      await ledger.record(claim.lease, step, state);
    await ledger.release(claim.lease);
    imported++;
  }
  return { imported, skipped };
}

/** A journal of a million records is about 200 MB; a larger file is not the journal. */
const MAX_JOURNAL_BYTES = 200_000_000;

/** The journal's text, read as every file a user names is (a regular file, bounded). */
async function readJournal(path: string): Promise<string> {
  try {
    return (await readRegularFile(path, MAX_JOURNAL_BYTES)).toString('utf8');
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    throw new LedgerError(
      describeFileProblem(error, {
        what: 'journal file',
        path,
        maxBytes: MAX_JOURNAL_BYTES,
        fix: 'name the journal (.jsonl) declaree-afas 0.1 wrote',
      }),
      'Nothing was imported.',
      { cause: error },
    );
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
