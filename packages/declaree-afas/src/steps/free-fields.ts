import { freeFieldElements } from '../booking.js';
import { assumedLineNumbers, LOOKUP_CONNECTORS, readLineNumbers } from '../lookups.js';
import type { ExportStep, StepContext, StepResult } from './step.js';

const label = 'free fields (FiEntriesCustom)';

/**
 * The free fields (vrije velden) on the entry's lines. A PUT of the same values is harmless, so it
 * is simply repeated when unsure (afas-client retries it as idempotent). The line numbers are read
 * back from AFAS and matched by content when `Profit_Transactions` is authorised; else the posted
 * order is assumed and the result says so.
 */
export const freeFieldsStep: ExportStep = {
  name: 'freeFields',
  label,
  isDone: (progress) => progress.freeFieldsDone === true,
  async run(context: StepContext): Promise<StepResult> {
    const { client, settings, prepared } = context;
    const { plan } = prepared;
    if (Object.keys(settings.freeFields).length === 0) {
      await context.record({ status: 'done' });
      return { status: 'skipped', label, note: 'No free fields (vrije velden) are configured.' };
    }
    const entryNo = context.progress().entryNo;
    if (!entryNo) {
      return {
        status: 'skipped',
        label,
        note: `The entry number is unknown: authorise the GetConnector ${LOOKUP_CONNECTORS.transactions} in the App Connector so the free fields can be written.`,
      };
    }
    const numbers = (await context.can(LOOKUP_CONNECTORS.transactions))
      ? await readLineNumbers(client, plan, entryNo).catch(() => assumedLineNumbers(plan))
      : assumedLineNumbers(plan);
    const elements = freeFieldElements(plan, entryNo).map((element) => {
      const seqNo = numbers.bySeqNo.get(Number(element['@SeNo']));
      return seqNo === undefined ? element : { ...element, '@SeNo': String(seqNo) };
    });
    if (elements.length === 0) {
      await context.record({ status: 'done' });
      return { status: 'skipped', label, note: 'The free-field templates gave no values for this report.' };
    }
    context.sending(); // no `pending` first: the same PUT again is harmless
    try {
      await client.update('FiEntriesCustom', elements, { idempotent: true });
    } catch (error) {
      return { status: 'failed', label, explanation: context.explain(error) };
    }
    await context.record({ status: 'done' });
    return numbers.assumed
      ? {
          status: 'done',
          label,
          note: `The line numbers (volgnummers, SeNo) were assumed to follow the posted order 1 … n: authorise the GetConnector ${LOOKUP_CONNECTORS.transactions} so they are read back from AFAS.`,
        }
      : { status: 'done', label };
  },
};
