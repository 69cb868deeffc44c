/**
 * Every text the simulator answers with, as one catalogue (exported as `messages`): the common texts
 * of `messages.ts` and each UpdateConnector's own.
 */
import { messages as commonMessages } from './messages.js';
import { fiEntriesMessages } from './update/fi-entries.js';
import { knSubjectMessages } from './update/kn-subject.js';

/** Every error text, in Dutch and English, with its AFAS error number. */
export const allMessages = { ...commonMessages, ...fiEntriesMessages, ...knSubjectMessages } as const;
