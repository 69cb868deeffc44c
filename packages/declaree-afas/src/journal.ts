import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What is known of one report's export, step by step. A rerun starts from here. */
export const ExportRecordSchema = z.object({
  /** Declaree report id. */
  reportId: z.string(),
  /** The invoice number (`InId`) the entry is booked under: it identifies the export in AFAS. */
  invoiceNumber: z.string(),
  /** Administration (`UnId`) and journal (`JoCo`) of the entry. */
  administration: z.number().int(),
  journal: z.string(),
  /** Entry number (`EnNo`) once the financial entry is booked. */
  entryNo: z.string().optional(),
  /** Sequence numbers (`SeNo`) of the booked lines, in the order they were sent. */
  lineSeqNos: z.array(z.number().int()).optional(),
  /** Dossier item id (`SbId`) once the PDF is stored. */
  subjectId: z.string().optional(),
  /** True while a dossier item was sent but its answer not yet heard: the next run looks it up first. */
  dossierPending: z.boolean().optional(),
  /** True once the free fields are written (or there were none to write). */
  freeFieldsDone: z.boolean().optional(),
  /** ISO time of the last change. */
  updatedAt: z.string(),
});

/** What is known of one report's export. */
export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/**
 * Where the exporter remembers what it booked, so that an interrupted run resumes without booking
 * twice. AFAS itself is the final guard (an invoice number is unique per creditor); the journal
 * saves the lookups and makes resuming exact.
 */
export interface ExportJournal {
  /** The last record of a report, if any. */
  get(reportId: string): Promise<ExportRecord | undefined>;
  /** Stores a record; durable once the promise resolves. */
  put(record: ExportRecord): Promise<void>;
}

/** A journal in memory: for tests, and for callers who keep state elsewhere. */
export function memoryJournal(): ExportJournal & { readonly records: ReadonlyMap<string, ExportRecord> } {
  const records = new Map<string, ExportRecord>();
  return {
    records,
    async get(reportId) {
      return records.get(reportId);
    },
    async put(record) {
      records.set(record.reportId, ExportRecordSchema.parse(record));
    },
  };
}

/**
 * A journal in a file of JSON lines, appended and flushed to disk on every change (the last line
 * of a report wins). A half-written last line, as a crash may leave, is ignored. One process at a
 * time: two processes sharing the file do not see each other's records until they reopen it.
 */
export function fileJournal(path: string): ExportJournal {
  let loaded: Promise<Map<string, ExportRecord>> | undefined;
  let queue: Promise<void> = Promise.resolve();

  const load = () =>
    (loaded ??= readFile(path, 'utf8').then(
      (text) => {
        const records = new Map<string, ExportRecord>();
        for (const line of text.split('\n')) {
          const parsed = line.trim() ? ExportRecordSchema.safeParse(safeJson(line)) : undefined;
          if (parsed?.success) records.set(parsed.data.reportId, parsed.data);
        }
        return records;
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Map<string, ExportRecord>();
        loaded = undefined; // a passing read error (EMFILE, a backup's lock) is tried again next time
        throw error;
      },
    ));

  return {
    async get(reportId) {
      return (await load()).get(reportId);
    },
    put(record) {
      const valid = ExportRecordSchema.parse(record);
      // Serialised so that concurrent exports never interleave half lines.
      const write = queue.then(async () => {
        const records = await load();
        await mkdir(dirname(path), { recursive: true });
        const handle = await open(path, 'a');
        try {
          await handle.appendFile(`${JSON.stringify(valid)}\n`, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        records.set(valid.reportId, valid);
      });
      queue = write.catch(() => {}); // one failed write must not block the next
      return write;
    },
  };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
