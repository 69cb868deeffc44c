/**
 * `KnSubject` (Dossieritem): its objects and fields, and its rules. POST creates items with links and attachments, PUT changes them (key
 * `@SbId`), `POST /connectors/KnSubject/KnSubjectAttachment` adds attachments, DELETE removes them.
 */
import { randomBytes } from 'node:crypto';
import { type AfasMessage, ERROR_NUMBERS, general, messages } from '../messages.js';
import { emptyResponse, ProfitFailure } from '../responses.js';
import type { CellValue, DossierAttachment, DossierItem, SimulatorState } from '../state.js';
import { storedDateTime } from '../values.js';
import {
  labelOf,
  numberOf,
  type ParsedElement,
  parseUpdateBody,
  textOf,
  type UpdateMode,
  type UpdateObjectDef,
} from './body.js';
import { createdResponse, parseKeyPath, type UpdateConnector, type UpdateContext } from './connector.js';
import { f, plain } from './fields.js';

// The definition, after AFAS's OpenAPI schema for KnSubject.

const DESTINATION_TYPES: readonly (readonly [string, string])[] = [
  ['1', 'Geen'],
  ['2', 'Medewerker'],
  ['3', 'Organisatie/persoon'],
  ['4', 'Verkooprelatie'],
  ['8', 'Cliënt IB'],
  ['9', 'Cliënt Vpb'],
  ['10', 'Werkgever'],
  ['11', 'Inkooprelatie'],
  ['17', 'Sollicitant'],
  ['66', 'Cliënt OB'],
];

const knSubjectLink: UpdateObjectDef = {
  name: 'KnSubjectLink',
  description: 'Dossieritem koppeling',
  fields: [
    f('SbId', 'int', 'Dossieritem', 'Dossier item', { primaryKey: true }),
    f('DoCRM', 'boolean', 'Opslaan in CRM-dossier', 'Save in CRM Subject'),
    f('SfTp', 'string', 'Type bestemming', 'Destination type', { values: DESTINATION_TYPES }),
    f('SfId', 'string', 'Bestemming', 'Destination', { length: 50 }),
    f('PiUn', 'int', 'Administratie (Inkoop)', 'Administration (purchase)'),
    f('PiTp', 'int', 'Factuurtype (inkoop)', 'Invoice type (purchase)'),
    f('PiId', 'string', 'Inkoopfactuur', 'Purchase invoice', { length: 12 }),
    ...plain(`ToBC:boolean ToEm:boolean ToSR:boolean ToPR:boolean ToCl:boolean ToCV:boolean ToEr:boolean
      ToAp:boolean ToOb:boolean BcId:string:15 CdId:int SiUn:int SiTp:int SiId:string:12 FiYe:int PjId:string:15
      CaId:int FaSn:int QuId:string:21 SjId:int SuNr:int DvSn:int VaIt:string:20 BiId:string:40 CrId:int AbId:int
      FoSn:int CoNo:string:16 CcSn:int Ou:string:10 PlId:int Por:string:12 Squ:string:12 Sor:string:12
      Pqu:string:12 LoId:string:25 DcId:string:16 PcId:string:12 PAId:string:15 OrNu:string:12 GoRe:string:12
      Seri:string:100 Batc:string:100 ApId:int OlNu:string:12 UnSc:int ScId:string:6 SeId:int PnId:int CfId:int
      CfRI:int CfMI:string:14 Year:int RlId:string:25`),
  ],
  objects: [],
};

const knSubjectAttachment: UpdateObjectDef = {
  name: 'KnSubjectAttachment',
  description: 'Bijlage',
  fields: [
    f('FileName', 'string', 'Bestandsnaam', 'File name', { length: 255, mandatory: true }),
    f('FileId', 'string', 'Bestand-id', 'File Id', { length: 32 }),
    f('FileStream', 'string', 'Bestand', 'File as byte-array'),
  ],
  objects: [],
};

/** `KnSubject` (Dossieritem). */
export const KN_SUBJECT: UpdateObjectDef = {
  name: 'KnSubject',
  description: 'Dossieritem',
  fields: [
    f('SbId', 'int', 'Dossieritem', 'Dossier item', { primaryKey: true }),
    f('StId', 'int', 'Type dossieritem', 'Dossier item type', { mandatory: true }),
    f('Ds', 'string', 'Onderwerp', 'Subject', { length: 255, mandatory: true }),
    f('SbTx', 'string', 'Toelichting', 'Comment'),
    f('Da', 'date', 'Instuurdatum', 'Submission date'),
    f('UsId', 'string', 'Instuurder', 'Sender', { length: 80 }),
    f('EmId', 'string', 'Verantwoordelijke', 'Resp. person', { length: 80 }),
    f('ViPr', 'string', 'Prioriteit', 'Priority', {
      length: 20,
      values: [
        ['H', 'Hoog'],
        ['N', 'Normaal'],
        ['L', 'Laag'],
      ],
    }),
    f('St', 'boolean', 'Afgehandeld', 'Completed'),
    f('SbPa', 'string', 'Bestandsnaam bijlage', 'FileName of the attachment', { length: 255 }),
    // Not in the OpenAPI schema; AFAS's example "Employee with Workflow Id" sends it to pick a workflow.
    f('id', 'string', 'Workflow', 'Workflow'),
    f('FileStream', 'string', 'Bestand', 'File as byte-array'),
    ...plain(`SbHi:int SaId:string:5 ScId:string:5 DtFr:date DtTo:date DtSt:date FeCo:int FvF1:int FvF2:int
      FvF3:int SbBl:boolean FileId:string:32 FileTrans:boolean MarkOpened:boolean ProfileId:int`),
  ],
  objects: [knSubjectLink, knSubjectAttachment],
  // Each item type may have its own object KnS01 … KnSnn holding free fields (AFAS's examples KnS51, KnS04).
  customObject: (name) =>
    /^KnS\d{2}$/.test(name)
      ? { name, description: 'Eigen velden dossieritem', fields: [], objects: [], freeFields: true }
      : undefined,
};

// Its texts.

/** The texts KnSubject answers with besides the common ones of `messages.ts`. */
export const knSubjectMessages = {
  /** Recorded in AFAS's workflow how-to without the `General message: ` prefix, so sent without it. */
  invalidDestination: (): AfasMessage => ({
    nl: 'Deze bestemming is niet geldig voor dit type dossieritem',
    en: 'This destination is not valid for this type of dossier item',
    errorNumber: ERROR_NUMBERS.general,
  }),
  invalidBase64: (fileName: string): AfasMessage =>
    general(
      `De bijlage '${fileName}' bevat geen geldige Base64-gegevens.`,
      `Attachment '${fileName}' does not contain valid Base64 data.`,
    ),
} as const;

// The rules.

const LINK = KN_SUBJECT.objects.find((o) => o.name === 'KnSubjectLink') ?? KN_SUBJECT;
const ATTACHMENT = KN_SUBJECT.objects.find((o) => o.name === 'KnSubjectAttachment') ?? KN_SUBJECT;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const MIME_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** An attachment checked but not yet stored (ids are handed out when the write is applied). */
type AttachmentDraft = Omit<DossierAttachment, 'attachmentId' | 'fileId'>;

function mimeTypeOf(fileName: string): string {
  const extension = fileName.split('.').at(-1)?.toLowerCase() ?? '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

function attachmentDraft(
  fileName: string,
  fileStream: string | null,
  state: SimulatorState,
  fileId: string | null,
): AttachmentDraft {
  // Checked here too because a PUT (update mode) skips the generic mandatory check.
  if (fileName === '') throw new ProfitFailure(messages.mandatory(labelOf(ATTACHMENT, 'FileName')));
  if (fileStream === null) {
    // A FileId refers to a file stored earlier; copy its content.
    const existing = fileId === null ? undefined : state.findFile(fileId);
    if (!existing) throw new ProfitFailure(messages.mandatory(labelOf(ATTACHMENT, 'FileStream')));
    return { fileName, mimeType: mimeTypeOf(fileName), data: existing.attachment.data };
  }
  const data = fileStream.replace(/\s+/g, '');
  if (data === '' || data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new ProfitFailure(knSubjectMessages.invalidBase64(fileName));
  }
  return { fileName, mimeType: mimeTypeOf(fileName), data };
}

function attachmentsOf(element: ParsedElement, state: SimulatorState): AttachmentDraft[] {
  const drafts = (element.objects['KnSubjectAttachment'] ?? []).map((attachment) =>
    attachmentDraft(
      textOf(attachment.fields['FileName']) ?? '',
      textOf(attachment.fields['FileStream']),
      state,
      textOf(attachment.fields['FileId']),
    ),
  );
  // The older single-attachment form: SbPa + FileStream on the item itself.
  const legacyStream = textOf(element.fields['FileStream']);
  if (legacyStream !== null) {
    drafts.push(attachmentDraft(textOf(element.fields['SbPa']) ?? 'bijlage', legacyStream, state, null));
  }
  return drafts;
}

/** The `To…` flags of a link and the destination type (`SfTp`) each stands for. */
const LINK_FLAGS: Readonly<Record<string, number>> = {
  ToEm: 2,
  ToBC: 3,
  ToSR: 4,
  ToCl: 8,
  ToCV: 9,
  ToEr: 10,
  ToPR: 11,
  ToAp: 17,
  ToOb: 66,
};

/** Every destination type a link names, by `SfTp` or by a `To…` flag. */
function destinationTypes(link: ParsedElement): number[] {
  const named = textOf(link.fields['SfTp']);
  const flagged = Object.entries(LINK_FLAGS)
    .filter(([flag]) => link.fields[flag] === true)
    .map(([, type]) => type);
  return [...(named === null ? [] : [Number(named)]), ...flagged];
}

function checkLinks(
  context: UpdateContext,
  element: ParsedElement,
  typeId: number | null,
): Record<string, CellValue>[] {
  const { state } = context;
  const allowed = typeId === null ? undefined : state.dossierTypes.get(String(typeId))?.destinations;
  return (element.objects['KnSubjectLink'] ?? []).map((link) => {
    if (allowed && destinationTypes(link).some((type) => !allowed.includes(type))) {
      throw new ProfitFailure(knSubjectMessages.invalidDestination());
    }
    const destinationType = textOf(link.fields['SfTp']);
    const destination = textOf(link.fields['SfId']);
    if (destinationType === '2' && destination !== null && !state.employees.has(destination)) {
      throw new ProfitFailure(messages.doesNotExist({ nl: 'Medewerker', en: 'Employee' }));
    }
    if (destinationType === '11' && destination !== null && !state.creditors.has(destination)) {
      throw new ProfitFailure(messages.doesNotExist({ nl: 'Inkooprelatie', en: 'Purchase relation' }));
    }
    const invoiceId = textOf(link.fields['PiId']);
    if (invoiceId !== null && context.requirePurchaseInvoice) {
      const administration = numberOf(link.fields['PiUn']) ?? state.defaultAdministration;
      const booked = state.entries.some(
        (entry) =>
          entry.administration === administration &&
          entry.lines.some((line) => line.accountType === '3' && line.invoiceId === invoiceId),
      );
      if (!booked) throw new ProfitFailure(messages.doesNotExist(labelOf(LINK, 'PiId')));
    }
    return { ...link.fields };
  });
}

function checkType(state: SimulatorState, element: ParsedElement): void {
  const typeId = numberOf(element.fields['StId']);
  if (element.fields['StId'] !== undefined && (typeId === null || !state.dossierTypes.has(String(typeId)))) {
    throw new ProfitFailure(messages.doesNotExist(labelOf(KN_SUBJECT, 'StId')));
  }
}

function existingItem(state: SimulatorState, element: ParsedElement): DossierItem {
  const id = numberOf(element.keys['SbId'] ?? element.fields['SbId']);
  if (id === null) throw new ProfitFailure(messages.mandatory(labelOf(KN_SUBJECT, 'SbId')));
  const item = state.subjects.get(id);
  if (!item) throw new ProfitFailure(messages.doesNotExist(labelOf(KN_SUBJECT, 'SbId')));
  return item;
}

function store(state: SimulatorState, drafts: readonly AttachmentDraft[]): DossierAttachment[] {
  return drafts.map((draft) => ({
    ...draft,
    attachmentId: state.nextAttachmentId(),
    fileId: randomBytes(16).toString('hex').toUpperCase(),
  }));
}

/** The fields of the item type's own objects (`KnS01` … `KnSnn`), by object name. */
function customObjectsOf(element: ParsedElement): Record<string, Record<string, CellValue>> {
  const custom: Record<string, Record<string, CellValue>> = {};
  for (const [name, elements] of Object.entries(element.objects)) {
    if (KN_SUBJECT.objects.some((o) => o.name === name)) continue;
    custom[name] = Object.assign({}, ...elements.map((e) => e.fields));
  }
  return custom;
}

interface Change {
  readonly element: ParsedElement;
  readonly links: Record<string, CellValue>[];
  readonly attachments: AttachmentDraft[];
  readonly customObjects: Record<string, Record<string, CellValue>>;
}

/** Validates every element first, so a write is all-or-nothing. */
function validateAll(context: UpdateContext, body: unknown, mode: UpdateMode, existing: boolean): Change[] {
  return parseUpdateBody(body, KN_SUBJECT, mode).map((element) => {
    const item = existing ? existingItem(context.state, element) : undefined;
    checkType(context.state, element);
    const typeId = numberOf(element.fields['StId']) ?? item?.typeId ?? null;
    return {
      element,
      links: checkLinks(context, element, typeId),
      attachments: attachmentsOf(element, context.state),
      customObjects: customObjectsOf(element),
    };
  });
}

function mergeCustomObjects(
  previous: DossierItem['customObjects'],
  changes: Record<string, Record<string, CellValue>>,
): DossierItem['customObjects'] {
  const merged: Record<string, Readonly<Record<string, CellValue>>> = { ...previous };
  for (const [name, fields] of Object.entries(changes)) merged[name] = { ...merged[name], ...fields };
  return merged;
}

function create(context: UpdateContext, body: unknown): Response {
  const { state } = context;
  const changes = validateAll(context, body, 'insert', false);
  const created = changes.map(({ element, links, attachments, customObjects }) => {
    const { FileStream: _stream, ...fields } = element.fields;
    const item: DossierItem = {
      id: state.nextSubjectId(),
      typeId: numberOf(fields['StId']) ?? 0,
      subject: textOf(fields['Ds']) ?? '',
      fields,
      links,
      customObjects,
      attachments: store(state, attachments),
      submittedAt: textOf(fields['Da']) ?? storedDateTime(context.now()),
    };
    state.subjects.set(item.id, item);
    return { SbId: String(item.id) };
  });
  return createdResponse(KN_SUBJECT.name, created);
}

function change(context: UpdateContext, body: unknown): Response {
  const { state } = context;
  const changes = validateAll(context, body, 'update', true);
  const updated = changes.map(({ element, links, attachments, customObjects }) => {
    const item = existingItem(state, element);
    const { FileStream: _stream, ...fields } = element.fields;
    const merged = { ...item.fields, ...fields };
    state.subjects.set(item.id, {
      ...item,
      typeId: numberOf(merged['StId']) ?? item.typeId,
      subject: textOf(merged['Ds']) ?? item.subject,
      fields: merged,
      links: links.length > 0 ? links : item.links,
      customObjects: mergeCustomObjects(item.customObjects, customObjects),
      attachments: [...item.attachments, ...store(state, attachments)],
      submittedAt: textOf(merged['Da']) ?? item.submittedAt,
    });
    return { SbId: String(item.id) };
  });
  return createdResponse(KN_SUBJECT.name, updated);
}

function post(context: UpdateContext, body: unknown, subObject: string | undefined): Response {
  if (subObject === undefined) return create(context, body);
  // Inserting a sub-record updates the main record: same as a PUT that only carries the attachment.
  if (subObject === 'KnSubjectAttachment') return change(context, body);
  throw new ProfitFailure(messages.unknownObject(subObject, KN_SUBJECT.name));
}

/** `KnSubject/@SbId/{SbId}`. */
function remove(context: UpdateContext, path: readonly string[]): Response {
  const [step] = parseKeyPath(path);
  const id = Number(step?.keys['SbId']);
  if (step?.object !== KN_SUBJECT.name || !context.state.subjects.delete(id)) {
    throw new ProfitFailure(messages.doesNotExist(labelOf(KN_SUBJECT, 'SbId')));
  }
  return emptyResponse(200);
}

/** The `KnSubject` UpdateConnector. */
export const knSubjectConnector: UpdateConnector = {
  id: 'KnSubject',
  description: 'Dossieritem',
  definition: () => KN_SUBJECT,
  post,
  put: change,
  delete: remove,
};
