/**
 * `FiEntries` (Financiële mutatie): its objects and fields, and its rules. POST books journal entries,
 * DELETE removes them by entry number or invoice number. Everything in a body is validated before
 * anything is booked.
 */
import { formatCents } from '../../amounts.js';
import { type AfasMessage, dutchDate, general, type Label, messages } from '../messages.js';
import { emptyResponse, ProfitFailure } from '../responses.js';
import type { AxisNumber } from '../seed.js';
import type { BookedEntry, BookedLine, SimulatorState } from '../state.js';
import { storedDateTime, toCents } from '../values.js';
import {
  labelOf,
  numberOf,
  type ParsedElement,
  parseUpdateBody,
  textOf,
  type UpdateObjectDef,
} from './body.js';
import { createdResponse, parseKeyPath, type UpdateConnector, type UpdateContext } from './connector.js';
import { f, plain } from './fields.js';

// The definition, after AFAS's OpenAPI schema for FiEntries.

const axisFields = ([1, 2, 3, 4, 5] as const).map((axis) =>
  f(`DiC${axis}`, 'string', `Code verbijzonderingsas ${axis}`, `Allocation axis ${axis} code`, {
    length: 16,
  }),
);

const fiDimEntries: UpdateObjectDef = {
  name: 'FiDimEntries',
  description: 'Verbijzondering',
  fields: [
    ...axisFields,
    f('AmDe', 'decimal', 'Bedrag debet', 'Amount debit'),
    f('AmCr', 'decimal', 'Bedrag credit', 'Amount credit'),
    ...plain('CuId:string:3 AmDc:decimal AmCc:decimal Quan:decimal'),
  ],
  objects: [],
};

const fiPrjEntries: UpdateObjectDef = {
  name: 'FiPrjEntries',
  description: 'Projectgegevens',
  fields: [
    f('PrId', 'string', 'Project', 'Project', { length: 15, mandatory: true }),
    f('ItCd', 'string', 'Itemcode', 'Item code', { length: 40, mandatory: true }),
    ...plain(`PrSt:string:15 VaIt:string:10 Ds:string:255 AmCo:decimal Ch:boolean DcPr:decimal AmSe:decimal
      AmFc:decimal CuId:string:3 Rate:decimal Di01:int Di02:int Di03:int Di04:int Di05:int Qu:decimal
      OvPc:decimal EmId:string:15 MoId:string:15 CoTy:string:20`),
  ],
  objects: [],
};

const fiTransEntries: UpdateObjectDef = {
  name: 'FiTransEntries',
  description: 'Transitorische boeking',
  fields: [
    f('YeSt', 'int', 'Boekjaar van', 'Year from', { mandatory: true }),
    f('PeSt', 'int', 'Periode van', 'Period from', { mandatory: true }),
    f('YeEn', 'int', 'Boekjaar t/m', 'Year to', { mandatory: true }),
    f('PeEn', 'int', 'Periode t/m', 'Period to', { mandatory: true }),
    ...plain('SuAc:string:16 VaRo:string:20'),
  ],
  objects: [],
};

const fiEntryLines: UpdateObjectDef = {
  name: 'FiEntries',
  description: 'Journaalpostregel',
  fields: [
    f('EnNo', 'int', 'Nummer journaalpost', 'Journal entry number', { primaryKey: true }),
    f('VaAs', 'string', 'Kenmerk rekening', 'Account feature', {
      length: 10,
      mandatory: true,
      values: [
        ['1', 'Grootboekrekening'],
        ['2', 'Debiteur'],
        ['3', 'Crediteur'],
      ],
    }),
    // 'Account Number' as AFAS writes it in its published FiEntries messages.
    f('AcNr', 'string', 'Rekeningnummer', 'Account Number', { length: 16, mandatory: true }),
    f('EnDa', 'date', 'Datum boeking', 'Date entry', { mandatory: true }),
    f('BpDa', 'date', 'Boekstukdatum', 'Voucher date', { mandatory: true }),
    f('BpNr', 'string', 'Boekstuknummer', 'Voucher number', { length: 32 }),
    f('InId', 'string', 'Factuurnummer', 'Invoice number', { length: 12 }),
    f('Ds', 'string', 'Omschrijving boeking', 'Description entry', { length: 255 }),
    f('AmDe', 'decimal', 'Bedrag debet', 'Amount debit'),
    f('AmCr', 'decimal', 'Bedrag credit', 'Amount credit'),
    f('VaId', 'string', 'Btw-code', 'VAT code', { length: 3 }),
    f('DaEx', 'date', 'Vervaldatum', 'Expiry date'),
    f('PaId', 'string', 'Betalingskenmerk', 'Payment reference', { length: 32 }),
    f('Judg', 'string', 'Beoordelaar', 'Reviewer', { length: 15 }),
    f('BlPa', 'boolean', 'Blokkeren voor betaling', 'Block for payment'),
    ...plain(`CoVc:string:16 CuId:string:3 Rate:decimal AmDc:decimal AmCc:decimal AmGa:decimal RsNo:int CmNo:int
      PaCd:string:5 AuPa:boolean PaBa:boolean IB47:boolean CaId:int OrNu:string:12 Mref:string:32 Fref:string:32
      PrId:string:15 BankAccount:string:40 IdBa:int DdId:string:35 DaCl:int VaPa:boolean DaDp:int AmDp:decimal
      AcPa:decimal DsId:int`),
  ],
  objects: [fiDimEntries, fiPrjEntries, fiTransEntries],
};

/** `FiEntries` (Financiële mutatie): root object `FiEntryPar`. */
export const FI_ENTRIES: UpdateObjectDef = {
  name: 'FiEntryPar',
  description: 'Financiële mutatie',
  fields: [
    f('Year', 'int', 'Boekjaar', 'Financial year', { mandatory: true }),
    f('Peri', 'int', 'Periode', 'Period', { mandatory: true }),
    f('UnId', 'int', 'Nummer administratie', 'Administration number'),
    f('JoCo', 'string', 'Dagboek', 'Journal', { length: 6, mandatory: true }),
    f('AdDc', 'boolean', 'Maak verbijzonderingscode', 'Create allocation code'),
    f('AdDa', 'boolean', 'Maak verbijzonderingstoewijzing', 'Create allocation assignment'),
    f('PrTp', 'int', 'Type boeking', 'Entry type'),
    f('AuNu', 'boolean', 'Autonummering factuur', 'Auto-number invoice'),
  ],
  objects: [fiEntryLines],
};

// Its texts.

/** The texts FiEntries answers with besides the common ones of `messages.ts`. */
export const fiEntriesMessages = {
  journalBlocked: (journal: string): AfasMessage =>
    general(`Dagboek ${journal} is geblokkeerd.`, `Journal ${journal} is blocked.`),
  accountBlocked: (account: string): AfasMessage =>
    general(`Rekening ${account} is geblokkeerd.`, `Account ${account} is blocked.`),
  periodBlocked: (period: number, year: number): AfasMessage =>
    general(
      `Voor deze administratie is periode ${period} van jaar ${year} geblokkeerd.`,
      `For this administration, period ${period} of the year ${year} is blocked.`,
    ),
  dateInBlockedPeriod: (isoDate: string): AfasMessage =>
    general(
      `Datum '${dutchDate(isoDate)}' valt in een geblokkeerde periode`,
      `Date '${dutchDate(isoDate)}' belongs to a blocked period`,
    ),
  vatNotAllowed: (account: string): AfasMessage =>
    general(`Btw is niet toegestaan bij rekening ${account}.`, `VAT is not allowed for account ${account}.`),
  allocationRequired: (axis: Label, account: string): AfasMessage =>
    general(
      `Code verbijzondering voor as '${axis.nl}' moet gevuld worden voor rekening ${account}`,
      `Allocation code for axis '${axis.en}' must be filled for account ${account}`,
    ),
  allocationNotAssigned: (axis: Label, code: string, account: string): AfasMessage =>
    general(
      `Voor code verbijzondering '${code}' is geen toewijzing bij rekening '${account}' of de toewijzing is geblokkeerd.`,
      `There is no assignment for ${axis.en.toLowerCase()} '${code}' with account '${account}' or the assignment is blocked.`,
    ),
  // Not recorded from AFAS: worded after its allocation-required text (see docs/testing.md).
  projectRequired: (account: string): AfasMessage =>
    general(
      `Project moet gevuld worden voor rekening ${account}`,
      `Project must be filled for account ${account}`,
    ),
  projectBlocked: (project: string): AfasMessage =>
    general(`Project ${project} is geblokkeerd.`, `Project ${project} is blocked.`),
  unbalanced: (debit: string, credit: string): AfasMessage =>
    general(
      `De journaalpost is niet in balans (debet ${debit}, credit ${credit}).`,
      `The journal entry is not balanced (debit ${debit}, credit ${credit}).`,
    ),
  invoiceInUse: (invoiceId: string, creditor: string): AfasMessage =>
    general(
      `Factuurnummer '${invoiceId}' wordt al gebruikt in financieel bij Crediteur ${creditor}`,
      `Invoice number '${invoiceId}' is already used in finance for Creditor ${creditor}`,
    ),
  bookingLayoutLocked: (): AfasMessage =>
    general(
      'De boekingslay-out is op dit moment geblokkeerd door een andere gebruiker.',
      'The booking layout is currently blocked by another user.',
    ),
} as const;

// The rules.

type EntryDraft = Omit<BookedEntry, 'entryNumber'>;

const AXES: readonly AxisNumber[] = [1, 2, 3, 4, 5];

const LINE = FI_ENTRIES.objects[0] ?? FI_ENTRIES;
const DIM = LINE.objects.find((o) => o.name === 'FiDimEntries') ?? LINE;
const PRJ = LINE.objects.find((o) => o.name === 'FiPrjEntries') ?? LINE;
const fail = (message: AfasMessage) => new ProfitFailure(message);

function checkAccount(state: SimulatorState, type: string, account: string): void {
  const notFound = () => fail(messages.doesNotExist(labelOf(LINE, 'AcNr')));
  if (type === '1') {
    const ledger = state.accounts.get(account);
    if (!ledger) throw notFound();
    if (ledger.blocked) throw fail(fiEntriesMessages.accountBlocked(account));
  } else if (type === '2') {
    if (!state.debtors.has(account)) throw notFound();
  } else {
    const creditor = state.creditors.get(account);
    if (!creditor) throw notFound();
    if (creditor.blocked) throw fail(fiEntriesMessages.accountBlocked(account));
  }
}

function checkVat(state: SimulatorState, type: string, account: string, vatCode: string | null): void {
  if (vatCode === null) return;
  const vat = state.vatCodes.get(vatCode);
  if (!vat || vat.blocked) throw fail(messages.doesNotExist(labelOf(LINE, 'VaId')));
  if (type !== '1') return;
  const allowedOnAccount = state.accounts.get(account)?.vatAllowed ?? true;
  if (!allowedOnAccount || (vat.allowedAccounts && !vat.allowedAccounts.includes(account))) {
    throw fail(fiEntriesMessages.vatNotAllowed(account));
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
        throw fail(fiEntriesMessages.allocationRequired(state.axisName(axis), account));
      }
      continue;
    }
    if (!state.allocationCode(axis, code)) throw fail(messages.doesNotExist(labelOf(DIM, `DiC${axis}`)));
    if (!state.isAssigned(administration, account, axis, code)) {
      throw fail(fiEntriesMessages.allocationNotAssigned(state.axisName(axis), code, account));
    }
  }
}

/** The projects of a line's project postings: each must exist and be open; to-project accounts need one. */
function checkProjects(state: SimulatorState, account: string, line: ParsedElement): string[] {
  const projects = (line.objects['FiPrjEntries'] ?? []).map(
    (posting) => textOf(posting.fields['PrId']) ?? '',
  );
  for (const id of projects) {
    const project = state.projects.get(id);
    if (!project) throw fail(messages.doesNotExist(labelOf(PRJ, 'PrId')));
    if (project.blocked) throw fail(fiEntriesMessages.projectBlocked(id));
  }
  if (projects.length === 0 && state.accounts.get(account)?.toProject) {
    throw fail(fiEntriesMessages.projectRequired(account));
  }
  return projects;
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
    throw fail(fiEntriesMessages.dateInBlockedPeriod(entryDate));
  }
  checkVat(state, type, account, vatCode);
  const allocations = type === '1' ? allocationsOf(line) : {};
  if (type === '1') checkAllocations(state, administration, account, allocations);
  const projects = type === '1' ? checkProjects(state, account, line) : [];
  if (type === '3' && invoiceId !== null) {
    const inThisBody = earlier.some((draft) =>
      draft.lines.some((l) => l.accountType === '3' && l.account === account && l.invoiceId === invoiceId),
    );
    if (inThisBody || state.invoiceInUse(administration, account, invoiceId)) {
      throw fail(fiEntriesMessages.invoiceInUse(invoiceId, account));
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
    projects,
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
  if (journal.blocked) throw fail(fiEntriesMessages.journalBlocked(journalCode));

  const year = numberOf(fields['Year']) ?? 0;
  const period = numberOf(fields['Peri']) ?? 0;
  const hasPeriods = state.periods.some((p) => p.administration === administration);
  const periodSeed = state.period(administration, year, period);
  if (hasPeriods && !periodSeed) throw fail(messages.doesNotExist(labelOf(FI_ENTRIES, 'Peri')));
  if (periodSeed?.blocked) throw fail(fiEntriesMessages.periodBlocked(period, year));

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
  if (debit !== credit) throw fail(fiEntriesMessages.unbalanced(formatCents(debit), formatCents(credit)));

  return {
    administration,
    journal: journalCode,
    year,
    period,
    lines,
    createdAt: storedDateTime(context.now()),
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
