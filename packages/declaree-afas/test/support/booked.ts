/**
 * Clean report files for tests that run the built CLI on many reports, and the check that each was
 * booked exactly once: one FiEntries entry, one KnSubject dossier item holding its PDF, and its free
 * fields (FiEntriesCustom) on every line of that entry.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AfasSimulator, DEMO_FREE_FIELDS } from 'afas-client/testing';
import { expect } from 'vitest';
import { samplePdf } from '../../src/demo/pdf.js';
import { demoReports } from '../../src/demo/samples.js';

/** Report files written by {@link writeCleanReports}: report number → its PDF's bytes. */
export type WrittenReports = Map<string, Buffer>;

/**
 * Writes `count` variants of the demo report that books cleanly, each with its own number
 * (`<prefix>-0001`…), id and PDF beside it, dated `mtime` (so a folder source sees them complete).
 */
export async function writeCleanReports(
  dir: string,
  count: number,
  prefix = 'P-2026',
  mtime?: Date,
): Promise<WrittenReports> {
  const { pdf: _pdf, ...clean } = demoReports()[0]!;
  const written: WrittenReports = new Map();
  for (let i = 1; i <= count; i++) {
    const number = `${prefix}-${String(i).padStart(4, '0')}`;
    const pdf = Buffer.from(samplePdf([`Declaratie ${number}`, 'Jan de Vries']));
    written.set(number, pdf);
    await writeFile(join(dir, `${number}.pdf`), pdf);
    await writeFile(
      join(dir, `${number}.json`),
      JSON.stringify({ ...clean, id: `rep_${prefix}_${i}`, number, pdf: `${number}.pdf` }),
    );
    if (mtime) {
      await utimes(join(dir, `${number}.json`), mtime, mtime);
      await utimes(join(dir, `${number}.pdf`), mtime, mtime);
    }
  }
  return written;
}

/** Asserts that AFAS holds each report exactly once: one entry, one dossier item with its PDF, its free fields. */
export function expectBookedOnce(simulator: AfasSimulator, reports: WrittenReports): void {
  for (const [number, pdf] of reports) {
    const entries = simulator.entries.filter((entry) =>
      entry.lines.some((line) => line.invoiceId === number),
    );
    expect(entries, number).toHaveLength(1);
    const entry = entries[0]!;

    const dossiers = simulator.subjects.filter((subject) =>
      subject.links.some((link) => link['PiId'] === number),
    );
    expect(dossiers, number).toHaveLength(1);
    expect(dossiers[0]!.attachments).toHaveLength(1);
    expect(Buffer.from(dossiers[0]!.attachments[0]!.data, 'base64').equals(pdf), number).toBe(true);

    const freeFields = simulator.customFields.filter(
      (values) => values.administration === entry.administration && values.entryNumber === entry.entryNumber,
    );
    expect(freeFields.map((values) => values.seqNo).sort(), number).toEqual(
      entry.lines.map((line) => line.seqNo).sort(),
    );
    expect(freeFields.every((values) => values.fields[DEMO_FREE_FIELDS.reportNumber] === number)).toBe(true);
  }
}
