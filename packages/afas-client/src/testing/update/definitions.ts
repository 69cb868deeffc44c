/**
 * The objects and fields of the UpdateConnectors the simulator implements, after AFAS's OpenAPI
 * schemas (field ids, types, lengths, mandatory fields) with Dutch and English labels. They drive
 * both the validation of bodies and `/metainfo/update/{id}`.
 */
import type { FreeFieldSeed } from '../seed.js';
import type { DataType } from '../values.js';
import type { UpdateFieldDef, UpdateObjectDef } from './body.js';

interface FieldOptions {
  readonly length?: number;
  readonly mandatory?: boolean;
  readonly primaryKey?: boolean;
  readonly values?: readonly (readonly [string, string])[];
}

function f(
  id: string,
  dataType: DataType,
  nl: string,
  en: string,
  options: FieldOptions = {},
): UpdateFieldDef {
  const { values, ...rest } = options;
  return {
    id,
    dataType,
    label: { nl, en },
    ...rest,
    ...(values ? { values: values.map(([valueId, description]) => ({ id: valueId, description })) } : {}),
  };
}

/** Rarely used fields, `id:type[:length]`, labelled by their Dutch name only. */
function plain(spec: string): UpdateFieldDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [id = '', type = 'string', length, ...label] = item.split(':');
      const name = label.join(' ') || id;
      return f(id, type as DataType, name, name, length ? { length: Number(length) } : {});
    });
}

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
    f('FileStream', 'string', 'Bestand', 'File as byte-array'),
    ...plain(`SbHi:int SaId:string:5 ScId:string:5 DtFr:date DtTo:date DtSt:date FeCo:int FvF1:int FvF2:int
      FvF3:int SbBl:boolean FileId:string:32 FileTrans:boolean MarkOpened:boolean ProfileId:int`),
  ],
  objects: [knSubjectLink, knSubjectAttachment],
};

/** `FiEntriesCustom` (Financiële vrije velden): the keys plus the environment's free fields. */
export function fiEntriesCustom(freeFields: Iterable<FreeFieldSeed>): UpdateObjectDef {
  return {
    name: 'FiEntriesCustom',
    description: 'Financiële vrije velden',
    fields: [
      f('UnId', 'int', 'Administratie', 'Administration', { primaryKey: true, mandatory: true }),
      f('EnNo', 'int', 'Nummer journaalpost', 'Journal entry number', { primaryKey: true, mandatory: true }),
      f('SeNo', 'int', 'Volgnummer journaalpost', 'Journal entry sequence number', {
        primaryKey: true,
        mandatory: true,
      }),
      ...[...freeFields].map((free) =>
        f(free.id.toUpperCase(), free.dataType ?? 'string', free.label, free.label, {
          ...(free.dataType === undefined || free.dataType === 'string'
            ? { length: free.length ?? 255 }
            : {}),
        }),
      ),
    ],
    objects: [],
  };
}
