/**
 * What the results say beside each report's status (issue point "honest results"): which steps this
 * run did when an earlier run (or someone in AFAS) did the others, in the terminal and in the export
 * report with the same words; and where an invalid report's fix is: Declaree, the settings, or both.
 */
import { describe, expect, it } from 'vitest';
import { exportReportMarkdown } from '../src/cli/export-report.js';
import { formatResults } from '../src/cli/format.js';
import { explainAfasError } from '../src/explain.js';
import type { ExportResult, StepStatus } from '../src/exporter.js';
import { LedgerUnavailableError } from '../src/ledger/errors.js';
import type { ReportProblem } from '../src/problems.js';

const LABELS = {
  entry: 'financial entry (FiEntries)',
  dossier: 'dossier item with the PDF (KnSubject)',
  freeFields: 'free fields (FiEntriesCustom)',
} as const;

function result(
  status: ExportResult['status'],
  steps: Record<keyof typeof LABELS, StepStatus>,
  problems: ReportProblem[] = [],
): ExportResult {
  return {
    reportId: 'r1',
    reportNumber: 'R-1',
    status,
    invoiceNumber: 'R-1',
    ...(status === 'invalid' ? {} : { entryNo: '70001', subjectId: '50001' }),
    steps: {
      entry: { status: steps.entry, label: LABELS.entry },
      dossier: { status: steps.dossier, label: LABELS.dossier },
      freeFields: { status: steps.freeFields, label: LABELS.freeFields },
    },
    problems,
  };
}

const context = { at: new Date('2026-03-01T10:00:00Z'), environment: 'T1', administration: 1, journal: '50' };
const markdown = (r: ExportResult) => exportReportMarkdown(context, [r], new Map());

describe('which steps this run did', () => {
  it('an earlier run booked the entry, this run the rest: said under the table and in the export report', () => {
    const r = result('already-exported', { entry: 'already-done', dossier: 'done', freeFields: 'done' });
    const sentence =
      'the financial entry (FiEntries) was already in AFAS (by an earlier run, or by hand); this run added the dossier item with the PDF (KnSubject) and the free fields (FiEntriesCustom).';
    expect(formatResults([r]).split('\n')).toContain(`R-1: ${sentence}`);
    const md = markdown(r);
    expect(md).toContain(`The${sentence.slice(3)}`);
    expect(md).not.toMatch(/not booked again/);
  });

  it('the entry and dossier item earlier, only the free fields now', () => {
    const r = result('already-exported', {
      entry: 'already-done',
      dossier: 'already-done',
      freeFields: 'done',
    });
    expect(formatResults([r])).toContain(
      'R-1: the financial entry (FiEntries) and the dossier item with the PDF (KnSubject) were already in AFAS (by an earlier run, or by hand); this run added the free fields (FiEntriesCustom).',
    );
  });

  it('exported, with a later step found already done (rare): said the same way', () => {
    const r = result('exported', { entry: 'done', dossier: 'already-done', freeFields: 'done' });
    expect(formatResults([r])).toContain(
      'R-1: the dossier item with the PDF (KnSubject) was already in AFAS (by an earlier run, or by hand); this run added the financial entry (FiEntries) and the free fields (FiEntriesCustom).',
    );
    expect(markdown(r)).toContain('The dossier item with the PDF (KnSubject) was already in AFAS');
  });

  it('uses the steps’ own labels', () => {
    const r = result('already-exported', { entry: 'already-done', dossier: 'done', freeFields: 'skipped' });
    const renamed = { ...r, steps: { ...r.steps, dossier: { status: 'done' as const, label: 'PDF item' } } };
    expect(formatResults([renamed])).toContain('this run added the PDF item.');
  });

  it('nothing extra when this run did every step, or none', () => {
    for (const r of [
      result('exported', { entry: 'done', dossier: 'done', freeFields: 'done' }),
      result('exported', { entry: 'done', dossier: 'done', freeFields: 'skipped' }),
      result('already-exported', {
        entry: 'already-done',
        dossier: 'already-done',
        freeFields: 'already-done',
      }),
    ]) {
      expect(formatResults([r])).not.toMatch(/already in AFAS|this run added/);
      expect(markdown(r)).not.toMatch(/this run added/);
    }
  });
});

describe('an invalid report is headed by where its fix is', () => {
  const problem = (field: string, code: ReportProblem['code'] = 'invalid-field'): ReportProblem => ({
    reportId: 'r1',
    reportNumber: 'R-1',
    field,
    code,
    message: 'Fix it.',
  });
  const invalid = (...problems: ReportProblem[]) =>
    result('invalid', { entry: 'not-started', dossier: 'not-started', freeFields: 'not-started' }, problems);

  it.each<[string, ReportProblem[], string]>([
    ['report fields', [problem('user.code'), problem('expenses[0].amount')], 'in Declaree'],
    [
      'settings',
      [
        problem('settings.dossierItemType', 'unknown-dossier-type'),
        problem('settings.freeFields.U1', 'free-field-unknown'),
      ],
      'in the settings',
    ],
    [
      'both',
      [problem('user.code'), problem('settings.dossierItemType', 'unknown-dossier-type')],
      'in Declaree and in the settings',
    ],
    // A value too long for its free field: shorten it in Declaree, or change the template.
    [
      'a free-field value too long',
      [problem('settings.freeFields.U1', 'free-field-too-long')],
      'in Declaree or in the settings',
    ],
    // The PDF is a file beside the report (or its pdfBase64), not a field in Declaree.
    ['the PDF', [problem('pdf', 'pdf-not-pdf')], "the report's PDF"],
  ])('%s', (_, problems, where) => {
    const r = invalid(...problems);
    expect(formatResults([r])).toContain(`R-1: fix ${where}, nothing was sent:\n`);
    expect(markdown(r)).toContain(`To fix ${where}:\n`);
  });
});

describe('the same failure in many reports', () => {
  const failed = (number: string, explanation: string): ExportResult => {
    const r = result('failed', { entry: 'failed', dossier: 'not-started', freeFields: 'not-started' });
    return {
      ...r,
      reportId: number,
      reportNumber: number,
      steps: {
        ...r.steps,
        entry: {
          status: 'failed',
          label: LABELS.entry,
          explanation: explainAfasError(new LedgerUnavailableError(explanation, 'Make room on the disk.')),
        },
      },
    };
  };

  it('is explained once, naming every report it stopped; a different explanation stays apart', () => {
    const nothing = 'The ledger cannot be written. Nothing of this report was sent to AFAS.';
    const text = formatResults([
      failed('F-1', nothing),
      failed('F-2', 'The ledger cannot be written. This run had sent part of this report to AFAS.'),
      failed('F-3', nothing),
      failed('F-4', nothing),
    ]);
    expect(text).toContain(
      `F-1, F-3, F-4: the ${LABELS.entry} failed\n  The ledger cannot be used\n  ${nothing}\n  Fix: Make room on the disk.`,
    );
    expect(text).toContain(`F-2: the ${LABELS.entry} failed`);
    expect(text.split('Make room on the disk.').length - 1).toBe(2);
  });
});

describe('an invalid report whose entry an earlier run booked', () => {
  it('says this run sent nothing, not that nothing was sent, beside the entry AFAS holds', () => {
    const r: ExportResult = {
      // As the exporter gives it: an invalid report's steps are not started, whatever the ledger holds.
      ...result('invalid', { entry: 'not-started', dossier: 'not-started', freeFields: 'not-started' }, [
        {
          reportId: 'r1',
          reportNumber: 'R-1',
          field: 'pdf',
          code: 'pdf-unreadable',
          message: 'The report PDF x.pdf does not exist.',
        },
      ]),
      entryNo: '70001',
    };
    const text = formatResults([r]);
    expect(text).toContain(
      "R-1: fix the report's PDF, this run sent nothing (AFAS holds entry 70001, booked before):",
    );
    expect(text).not.toMatch(/nothing was sent/);
    expect(markdown(r)).toContain('invalid: this run sent nothing (AFAS holds entry 70001, booked before)');
  });
});
