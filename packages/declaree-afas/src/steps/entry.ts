import { findBookedEntry, LOOKUP_CONNECTORS } from '../lookups.js';
import type { ExportStep, StepContext, StepResult } from './step.js';
import { writeOnce } from './step.js';

const label = 'financial entry (FiEntries)';

/**
 * The financial entry (boeking): the purchase invoice on the creditor with its cost and VAT lines.
 * `done` only when this run booked it — also when a lookup confirms it after this run's answer was
 * lost — and `already-done` when an earlier run or someone in AFAS did.
 */
export const entryStep: ExportStep = {
  name: 'entry',
  label,
  isDone: (progress) => progress.entryDone === true,
  async run(context: StepContext): Promise<StepResult> {
    const { client, prepared } = context;
    const { plan } = prepared;
    const booked = async (entryNo: string, lineSeqNos: readonly number[]) =>
      context.record({ status: 'done', data: { entryNo, lineSeqNos: [...lineSeqNos] } });
    const lookUp = () => context.lookUp(LOOKUP_CONNECTORS.transactions, () => findBookedEntry(client, plan));
    // An earlier attempt may have been booked without the ledger hearing of it (killed, a power cut,
    // a lost answer): look first. When the lookup cannot tell, AFAS's duplicate-invoice check stands.
    if (context.earlier.entryPending) {
      const earlier = await lookUp();
      if (earlier.known && earlier.found) {
        await booked(earlier.value.entryNo, earlier.value.lineSeqNos);
        return { status: 'already-done', label };
      }
    }
    const outcome = await writeOnce(context, {
      write: async () => {
        const { keys } = await client.insert('FiEntries', plan.fiEntries);
        const entryNo = keys['EnNo'];
        if (!entryNo) throw new Error('AFAS answered without an entry number (EnNo).');
        return { entryNo, lineSeqNos: plan.lines.map((line) => line.seqNo) };
      },
      lookUp,
    });
    switch (outcome.kind) {
      case 'written':
        await booked(outcome.value.entryNo, outcome.value.lineSeqNos);
        return { status: 'done', label, created: true };
      case 'found':
      case 'exists': {
        // After a lost answer the find is this run's own booking, unless an earlier run's unanswered
        // attempt may explain it; after a duplicate refusal, only if this run had sent it before.
        const ours = outcome.explanation.checkBeforeRetry ? !context.earlier.entryPending : outcome.resent;
        if (outcome.kind === 'found') await booked(outcome.value.entryNo, outcome.value.lineSeqNos);
        // AFAS holds it but it cannot be read back: the dossier item can still be made, free fields cannot.
        else await context.record({ status: 'done', data: {} });
        return {
          status: ours ? 'done' : 'already-done',
          label,
          ...(outcome.kind === 'exists' ? { explanation: outcome.explanation } : {}),
        };
      }
      case 'failed':
        return { status: 'failed', label, explanation: outcome.explanation };
    }
  },
};
