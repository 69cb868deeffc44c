import { dossierStep } from './dossier.js';
import { entryStep } from './entry.js';
import { freeFieldsStep } from './free-fields.js';
import type { ExportStep } from './step.js';

export type { ExportStep, PreparedExport, StepContext, StepName, StepResult, StepStatus } from './step.js';

/** The steps of an export, in order: FiEntries → KnSubject → FiEntriesCustom. */
export const EXPORT_STEPS: readonly ExportStep[] = [entryStep, dossierStep, freeFieldsStep];
