import { findDossierItem, LOOKUP_CONNECTORS } from '../lookups.js';
import type { ExportStep, StepContext, StepResult } from './step.js';
import { writeOnce } from './step.js';

const label = 'dossier item with the PDF (KnSubject)';

/**
 * The dossier item (dossieritem) holding the report PDF, linked to the purchase invoice so "Open
 * bijlage" on the entry shows it. Only an earlier run can have stored it, so it looks first only
 * then; when looking is impossible, it trusts the ledger only if the ledger saw every earlier
 * attempt end, and otherwise writes nothing (a second item would be a duplicate).
 */
export const dossierStep: ExportStep = {
  name: 'dossier',
  label,
  isDone: (progress) => progress.subjectId !== undefined,
  async run(context: StepContext): Promise<StepResult> {
    const { client, prepared, earlier } = context;
    const lookUp = () =>
      context.lookUp(LOOKUP_CONNECTORS.subjects, () => findDossierItem(client, prepared.plan));
    const stored = (subjectId: string) => context.record({ status: 'done', data: { subjectId } });

    // Only an entry AFAS answered as new this run has no dossier item yet; one found (after a lost
    // answer, or a duplicate refusal with an empty ledger) may have one from an earlier run.
    if (context.before.entry?.created !== true) {
      const lookup = await lookUp();
      if (lookup.known && lookup.found) {
        await stored(lookup.value);
        return { status: 'already-done', label };
      }
      const ledgerSawEveryAttempt = earlier.entryDone === true && earlier.dossierPending !== true;
      if (!lookup.known && !ledgerSawEveryAttempt) {
        return {
          status: 'skipped',
          label,
          note: `An earlier run may have stored the dossier item; without the GetConnector ${LOOKUP_CONNECTORS.subjects} that cannot be checked, so none was written (a second one would be a duplicate). Authorise ${LOOKUP_CONNECTORS.subjects} and export again, or check in AFAS whether the entry has its dossier item (Open bijlage on the entry).`,
        };
      }
    }
    const { knSubject } = prepared;
    if (!knSubject) throw new Error('The dossier item was not prepared.'); // the exporter prepares it unless done
    const outcome = await writeOnce(context, {
      write: async () => {
        const { keys } = await client.insert('KnSubject', knSubject);
        const subjectId = keys['SbId'];
        if (!subjectId) throw new Error('AFAS answered without a dossier item id (SbId).');
        return subjectId;
      },
      lookUp,
    });
    if (outcome.kind === 'written' || outcome.kind === 'found') {
      await stored(outcome.value);
      return { status: 'done', label };
    }
    return { status: 'failed', label, explanation: outcome.explanation };
  },
};
