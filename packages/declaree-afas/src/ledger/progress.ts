/**
 * How the exporter's steps read and write the ledger: what is known of an export (entry number,
 * dossier item, free fields, and which writes were sent without an answer heard), kept as one step
 * state per UpdateConnector so that a new step needs no ledger change.
 */
import { resolveEnvironment } from 'afas-client';
import type { BookingPlan } from '../booking.js';
import type { ExportSettings } from '../settings.js';
import type { ExportKey, LedgerRecord, StepState } from './ledger.js';

/** What the steps know of one export. */
export interface ExportProgress {
  /** AFAS holds the financial entry (its number may be unknown when it could not be read back). */
  readonly entryDone?: boolean | undefined;
  /** Entry number (`EnNo`) once the financial entry is booked. */
  readonly entryNo?: string | undefined;
  /** Sequence numbers (`SeNo`) of the booked lines, in the order they were sent. */
  readonly lineSeqNos?: readonly number[] | undefined;
  /** The entry was sent and its answer not heard: it may be in AFAS. */
  readonly entryPending?: boolean | undefined;
  /** Dossier item id (`SbId`) once the PDF is stored. */
  readonly subjectId?: string | undefined;
  /** The dossier item was sent and its answer not heard: the next run looks it up first. */
  readonly dossierPending?: boolean | undefined;
  /** The free fields are written (or there were none to write). */
  readonly freeFieldsDone?: boolean | undefined;
}

/** Where a planned booking lands: the ledger key. */
export function exportKeyOf(settings: ExportSettings, plan: BookingPlan): ExportKey {
  const environment = resolveEnvironment(settings.environment, settings.environmentKind);
  return {
    participant: environment.id,
    environmentKind: environment.kind,
    administration: plan.administration,
    journal: plan.journal,
    creditor: plan.creditorId,
    invoiceNumber: plan.invoiceNumber,
  };
}

/** The progress a ledger record holds. */
export function progressOf(record: LedgerRecord | undefined): ExportProgress {
  const { entry, dossier, freeFields } = record?.steps ?? {};
  const entryNo = entry?.status === 'done' ? text(entry.data?.['entryNo']) : undefined;
  const seqNos = entry?.data?.['lineSeqNos'];
  return {
    entryDone: entry?.status === 'done',
    entryNo,
    lineSeqNos: Array.isArray(seqNos) ? seqNos.filter((n): n is number => Number.isInteger(n)) : undefined,
    entryPending: entry?.status === 'pending',
    subjectId: dossier?.status === 'done' ? text(dossier.data?.['subjectId']) : undefined,
    dossierPending: dossier?.status === 'pending',
    freeFieldsDone: freeFields?.status === 'done',
  };
}

/** The step states a change of progress writes, each under its step's name. */
export function stepStatesOf(change: ExportProgress, at: string): [string, StepState][] {
  const states: [string, StepState][] = [];
  if (change.entryNo !== undefined || change.entryDone) {
    states.push([
      'entry',
      {
        status: 'done',
        data:
          change.entryNo === undefined
            ? {}
            : { entryNo: change.entryNo, lineSeqNos: change.lineSeqNos ?? [] },
        at,
      },
    ]);
  } else if (change.entryPending !== undefined) {
    states.push(['entry', { status: change.entryPending ? 'pending' : 'absent', at }]);
  }
  if (change.subjectId !== undefined)
    states.push(['dossier', { status: 'done', data: { subjectId: change.subjectId }, at }]);
  else if (change.dossierPending !== undefined)
    states.push(['dossier', { status: change.dossierPending ? 'pending' : 'absent', at }]);
  if (change.freeFieldsDone) states.push(['freeFields', { status: 'done', at }]);
  return states;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
