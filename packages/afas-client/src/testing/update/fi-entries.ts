import { formatCents } from '../../amounts.js';
import { formatAfasDateTime } from '../../dates.js';
/**
 * `FiEntries` (Financiële mutatie): POST books journal entries, DELETE removes them by entry number or
 * invoice number. Everything in a body is validated before anything is booked.
 */
import { type AfasMessage, messages } from '../messages.js';
import { emptyResponse, ProfitFailure } from '../responses.js';
import type { AxisNumber } from '../seed.js';
import type { BookedEntry, BookedLine, SimulatorState } from '../state.js';
import { toCents } from '../values.js';
import { labelOf, numberOf, type ParsedElement, parseUpdateBody, textOf } from './body.js';
import { createdResponse, parseKeyPath, type UpdateConnector, type UpdateContext } from './connector.js';
import { FI_ENTRIES } from './definitions.js';

type EntryDraft = Omit<BookedEntry, 'entryNumber'>;

const AXES: readonly AxisNumber[] = [1, 2, 3, 4, 5];

const LINE = FI_ENTRIES.objects[0] ?? FI_ENTRIES;
const DIM = LINE.objects.find((o) => o.name === 'FiDimEntries') ?? LINE;
const fail = (message: AfasMessage) => new ProfitFailure(message);

function checkAccount(state: SimulatorState, type: string, account: string): void {
  const notFound = () => fail(messages.doesNotExist(labelOf(LINE, 'AcNr')));
  if (type === '1') {
    const ledger = state.accounts.get(account);
    if (!ledger) throw notFound();
    if (ledger.blocked) throw fail(messages.accountBlocked(account));
  } else if (type === '2') {
    if (!state.debtors.has(account)) throw notFound();
  } else {
    const creditor = state.creditors.get(account);
    if (!creditor) throw notFound();
    if (creditor.blocked) throw fail(messages.accountBlocked(account));
  }
}

function checkVat(state: SimulatorState, type: string, account: string, vatCode: string | null): void {
  if (vatCode === null) return;
  const vat = state.vatCodes.get(vatCode);
  if (!vat || vat.blocked) throw fail(messages.doesNotExist(labelOf(LINE, 'VaId')));
  if (type !== '1') return;
  const allowedOnAccount = state.accounts.get(account)?.vatAllowed ?? true;
  if (!allowedOnAccount || (vat.allowedAccounts && !vat.allowedAccounts.includes(account))) {
    throw fail(messages.vatNotAllowed(account));
  }
}

function allocationsOf(line: ParsedElement): Partial<Record<AxisNumber, string>> {
  const allocations: Partial<Record<AxisNumber, string>> = {};
  for (const dim of line.objects['FiDimEntries'] ?? []) {
    for (const axis of AXES) {
      const code = textOf(dim.fields[`DiC${axis}`]);
      if (code !== null) allocations[axis] = code;
    }
  }
  return allocations;
}

function checkAllocations(
  state: SimulatorState,
  administration: number,
  account: string,
  allocations: Partial<Record<AxisNumber, string>>,
): void {
  const ledger = state.accounts.get(account);
  for (const axis of AXES) {
    const code = allocations[axis];
    if (code === undefined) {
      if (ledger?.axes?.[axis] === 'required') {
        throw fail(messages.allocationRequired(state.axisName(axis), account));
      }
      continue;
    }
    if (!state.allocationCode(axis, code)) throw fail(messages.doesNotExist(labelOf(DIM, `DiC${axis}`)));
    if (!state.isAssigned(administration, account, axis, code)) {
      throw fail(messages.allocationNotAssigned(state.axisName(axis), code, account));
    }
  }
}

function validateLine(
  state: SimulatorState,
  administration: number,
  line: ParsedElement,
  seqNo: number,
  earlier: readonly EntryDraft[],
): BookedLine {
  const fields = line.fields;
  const type = (textOf(fields['VaAs']) ?? '1') as BookedLine['accountType'];
  const account = textOf(fields['AcNr']) ?? '';
  const entryDate = (textOf(fields['EnDa']) ?? '').slice(0, 10);
  const vatCode = textOf(fields['VaId']);
  const invoiceId = textOf(fields['InId']);

  checkAccount(state, type, account);
  if (state.periodContaining(administration, entryDate)?.blocked) {
    throw fail(messages.dateInBlockedPeriod(entryDate));
  }
  checkVat(state, type, account, vatCode);
  const allocations = type === '1' ? allocationsOf(line) : {};
  if (type === '1') checkAllocations(state, administration, account, allocations);
  if (type === '3' && invoiceId !== null) {
    const inThisBody = earlier.some((draft) =>
      draft.lines.some((l) => l.accountType === '3' && l.account === account && l.invoiceId === invoiceId),
    );
    if (inThisBody || state.invoiceInUse(administration, account, invoiceId)) {
      throw fail(messages.invoiceInUse(invoiceId, account));
    }
  }
  return {
    seqNo,
    accountType: type,
    account,
    entryDate,
    voucherDate: (textOf(fields['BpDa']) ?? '').slice(0, 10),
    voucherNumber: textOf(fields['BpNr']),
    invoiceId,
    description: textOf(fields['Ds']),
    debit: numberOf(fields['AmDe']) ?? 0,
    credit: numberOf(fields['AmCr']) ?? 0,
    vatCode,
    allocations,
    fields,
  };
}

function validateEntry(
  context: UpdateContext,
  element: ParsedElement,
  earlier: readonly EntryDraft[],
): EntryDraft {
  const { state } = context;
  const fields = element.fields;
  const administration = numberOf(fields['UnId']) ?? state.defaultAdministration;
  if (administration === undefined || !state.administrations.has(String(administration))) {
    throw fail(messages.doesNotExist(labelOf(FI_ENTRIES, 'UnId')));
  }
  const journalCode = textOf(fields['JoCo']) ?? '';
  const journal = state.journal(administration, journalCode);
  if (!journal) throw fail(messages.doesNotExist(labelOf(FI_ENTRIES, 'JoCo')));
  if (journal.blocked) throw fail(messages.journalBlocked(journalCode));

  const year = numberOf(fields['Year']) ?? 0;
  const period = numberOf(fields['Peri']) ?? 0;
  const hasPeriods = state.periods.some((p) => p.administration === administration);
  const periodSeed = state.period(administration, year, period);
  if (hasPeriods && !periodSeed) throw fail(messages.doesNotExist(labelOf(FI_ENTRIES, 'Peri')));
  if (periodSeed?.blocked) throw fail(messages.periodBlocked(period, year));

  const lineElements = element.objects['FiEntries'] ?? [];
  if (lineElements.length === 0) throw fail(messages.missingObject('FiEntries'));
  const numbering = context.lineNumbering;
  const numbers =
    typeof numbering === 'function'
      ? numbering(lineElements.length)
      : lineElements.map((_, index) => index + 1);
  const lines = lineElements.map((line, index) =>
    validateLine(state, administration, line, numbers[index] ?? index + 1, earlier),
  );

  // Compare in cents: 0.1 + 0.2 must balance 0.3.
  const debit = lines.reduce((sum, l) => sum + toCents(l.debit), 0);
  const credit = lines.reduce((sum, l) => sum + toCents(l.credit), 0);
  if (debit !== credit) throw fail(messages.unbalanced(formatCents(debit), formatCents(credit)));

  return {
    administration,
    journal: journalCode,
    year,
    period,
    lines,
    createdAt: formatAfasDateTime(context.now()),
  };
}

function post(context: UpdateContext, body: unknown, subObject: string | undefined): Response {
  if (subObject !== undefined) throw fail(messages.unknownObject(subObject, FI_ENTRIES.name));
  const drafts: EntryDraft[] = [];
  for (const element of parseUpdateBody(body, FI_ENTRIES, 'insert')) {
    drafts.push(validateEntry(context, element, drafts));
  }
  const booked = drafts.map((draft) => ({ ...draft, entryNumber: context.state.nextEntryNumber() }));
  context.state.entries.push(...booked);
  return createdResponse(
    FI_ENTRIES.name,
    booked.map((entry) => ({ UnId: String(entry.administration), EnNo: String(entry.entryNumber) })),
  );
}

/** `FiEntryPar/UnId,JoCo/{UnId},{JoCo}/FiEntries/@EnNo/{EnNo}` or `…/FiEntries/InId/{InId}`. */
function remove(context: UpdateContext, path: readonly string[]): Response {
  const [header, line] = parseKeyPath(path);
  const administration = Number(header?.keys['UnId']);
  const journal = header?.keys['JoCo'];
  const entryNumber = line?.keys['EnNo'];
  const invoiceId = line?.keys['InId'];
  if (header?.object !== FI_ENTRIES.name || line?.object !== LINE.name || journal === undefined) {
    throw fail(messages.unexpected());
  }
  const { state } = context;
  const doomed = state.entries.filter(
    (entry) =>
      entry.administration === administration &&
      entry.journal === journal &&
      (entryNumber !== undefined
        ? String(entry.entryNumber) === entryNumber
        : entry.lines.some((l) => l.invoiceId !== null && l.invoiceId === invoiceId)),
  );
  if (doomed.length === 0) {
    throw fail(messages.doesNotExist(labelOf(LINE, entryNumber !== undefined ? 'EnNo' : 'InId')));
  }
  for (const entry of doomed) {
    state.entries.splice(state.entries.indexOf(entry), 1);
    for (const line of entry.lines) {
      state.customFields.delete(`${entry.administration}/${entry.entryNumber}/${line.seqNo}`);
    }
  }
  return emptyResponse(200);
}

/** The `FiEntries` UpdateConnector. */
export const fiEntriesConnector: UpdateConnector = {
  id: 'FiEntries',
  description: 'Financiële mutatie',
  definition: () => FI_ENTRIES,
  post,
  delete: remove,
};
