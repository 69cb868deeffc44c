/**
 * The GetConnectors the simulator serves: AFAS's standard ones over the master data and over what
 * was booked (field ids as in AFAS's OpenAPI descriptions), plus custom ones added by tests.
 */
import type { FieldMeta, Row } from './query.js';
import type { CellValue, SimulatorState } from './state.js';
import { type DataType, formatRowDateTime, parseDateTime } from './values.js';

/** A GetConnector: its fields and how to produce its rows from the state. */
export interface GetConnectorDefinition {
  readonly id: string;
  readonly description: string;
  readonly fields: readonly FieldMeta[];
  rows(state: SimulatorState): readonly Row[];
  /** App Connector ids that may call it besides those whose seed lists it; `'all'` for every one. */
  readonly alsoAuthorizedFor?: ReadonlySet<string> | 'all';
}

function field(id: string, dataType: DataType, label: string, length?: number, controlType = 1): FieldMeta {
  return { id, dataType, label, controlType, ...(length === undefined ? {} : { length }) };
}

const code = (id: string, dataType: DataType, label: string, length?: number) =>
  field(id, dataType, label, length, 5);

function axisUseCode(use: string | undefined): string | null {
  // Simulator convention (AFAS does not document the codes): V = verplicht, O = optioneel.
  return use === 'required' ? 'V' : use === 'optional' ? 'O' : null;
}

const administrations: GetConnectorDefinition = {
  id: 'Profit_Administrations',
  description: 'Administraties (Profit)',
  fields: [
    code('AdminId', 'int', 'Administratie', 3),
    field('AdminNm', 'string', 'Naam administratie', 80),
    field('AdminCd', 'string', 'Administratie', 10),
  ],
  rows: (state) =>
    [...state.administrations.values()].map((a) => ({
      AdminId: a.id,
      AdminNm: a.name,
      AdminCd: a.code ?? String(a.id),
    })),
};

const journals: GetConnectorDefinition = {
  id: 'Profit_Journals',
  description: 'Dagboeken',
  fields: [
    code('UnitId', 'int', 'Administratie', 3),
    code('JournalId', 'string', 'Dagboek', 6),
    field('Description', 'string', 'Omschrijving', 50),
    field('JournalType', 'string', 'Dagboeksoort', 20),
    field('Blocked', 'boolean', 'Geblokkeerd'),
  ],
  rows: (state) =>
    [...state.journals.values()].map((j) => ({
      UnitId: j.administration,
      JournalId: j.code,
      Description: j.description,
      JournalType: j.type ?? null,
      Blocked: j.blocked ?? false,
    })),
};

const accounts: GetConnectorDefinition = {
  id: 'Profit_Accounts',
  description: 'Grootboekrekeningen (Financieel)',
  fields: [
    code('Account', 'string', 'Rekeningnummer', 16),
    field('Description', 'string', 'Omschrijving', 50),
    field('Type', 'string', 'Type rekening', 1),
    field('Sort', 'string', 'Soort rekening', 10),
    field('Blocked', 'boolean', 'Geblokkeerd'),
    field('CollectAccount', 'boolean', 'Verzamelrekening'),
    field('CollectAccountType', 'string', 'Type verzamelrekening', 10),
    field('Feature', 'string', 'Kenmerk rekening', 10),
    field('CollectOn', 'string', 'Verzamelen op', 10),
    field('VatAllowed', 'boolean', 'Btw toegestaan'),
    code('VatCode', 'string', 'Voorkeur btw-code', 3),
    field('Budget', 'string', 'Budgetteren', 10),
    field('ToProject', 'string', 'Doorboeken projecten', 10),
    ...([1, 2, 3, 4, 5] as const).map((axis) =>
      field(`DimAx${axis}`, 'string', `Verbijzonderingsas ${axis}`, 10),
    ),
  ],
  rows: (state) =>
    [...state.accounts.values()].map((a) => ({
      Account: a.id,
      Description: a.description,
      Type: a.type === 'balance' ? 'B' : 'W',
      Sort: null,
      Blocked: a.blocked ?? false,
      CollectAccount: false,
      CollectAccountType: null,
      Feature: null,
      CollectOn: null,
      VatAllowed: a.vatAllowed ?? true,
      VatCode: a.vatCode ?? null,
      Budget: null,
      ToProject: a.toProject ? 'V' : null,
      DimAx1: axisUseCode(a.axes?.[1]),
      DimAx2: axisUseCode(a.axes?.[2]),
      DimAx3: axisUseCode(a.axes?.[3]),
      DimAx4: axisUseCode(a.axes?.[4]),
      DimAx5: axisUseCode(a.axes?.[5]),
    })),
};

const vatCodes: GetConnectorDefinition = {
  id: 'Profit_VAT_code',
  description: 'Btw-codes',
  fields: [
    code('VatCode', 'string', 'Btw-code', 3),
    field('Description', 'string', 'Omschrijving', 50),
    code('AccountNr', 'string', 'Rekening', 16),
    { ...field('VatPerc', 'decimal', 'Percentage'), decimals: 2 },
    field('VatDuty', 'string', 'Btw-plicht', 10),
    field('Blocked', 'boolean', 'Geblokkeerd'),
    field('VatMethod', 'string', 'Berekeningsmethode', 10),
    field('VatType', 'string', 'Inkoop/verkoop', 1),
  ],
  rows: (state) =>
    [...state.vatCodes.values()].map((v) => ({
      VatCode: v.id,
      Description: v.description,
      AccountNr: v.account ?? null,
      VatPerc: v.percentage,
      VatDuty: null,
      Blocked: v.blocked ?? false,
      VatMethod: null,
      VatType: v.type === 'sales' ? 'V' : 'I',
    })),
};

const creditors: GetConnectorDefinition = {
  id: 'Profit_Creditor',
  description: 'Crediteuren',
  fields: [
    code('CreditorId', 'string', 'Nummer crediteur', 16),
    field('CreditorName', 'string', 'Naam crediteur', 255),
    field('BcCo', 'string', 'Nummer organisatie/persoon', 15),
    field('SearchName', 'string', 'Zoeknaam', 10),
    field('Adressline1', 'string', 'Adresregel 1', 255),
    field('Adressline3', 'string', 'Adresregel 3', 255),
    field('Adressline4', 'string', 'Adresregel 4', 255),
    field('TelNr', 'string', 'Telefoonnr. werk', 20),
    field('Email', 'string', 'E-mail werk', 255),
    field('IBAN', 'string', 'IBAN-nummer', 40),
    field('Btw-nummer', 'string', 'Btw-identificatienummer', 20),
    field('ChOfCommNr', 'string', 'KvK-nummer', 20),
    field('PaymentCondition', 'string', 'Betalingsvoorwaarde', 5),
    { ...field('CreditLimit', 'decimal', 'Kredietlimiet'), decimals: 2 },
    field('TempBlocked', 'boolean', 'Tijdelijk blokkeren'),
    field('VatDuty', 'string', 'Btw-plicht', 10),
    field('AutoPayment', 'boolean', 'Automatisch betalen'),
    field('Blocked', 'boolean', 'Volledig blokkeren'),
    field('CreateDate', 'date', 'Aangemaakt op'),
    field('ModifiedDate', 'date', 'Gewijzigd op'),
  ],
  rows: (state) =>
    [...state.creditors.values()].map((c) => ({
      CreditorId: c.id,
      CreditorName: c.name,
      SearchName: c.name
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 10)
        .toUpperCase(),
      Email: c.email ?? null,
      IBAN: c.iban ?? null,
      TempBlocked: false,
      AutoPayment: false,
      Blocked: c.blocked ?? false,
    })),
};

const allocationAssignments: GetConnectorDefinition = {
  id: 'Profit_Allocation_Assigments',
  description: 'Toewijzing verbijzonderingscodes',
  fields: [
    code('Unit', 'int', 'Administratie', 3),
    code('Account', 'string', 'Rekeningnummer', 16),
    field('DimAx', 'string', 'Verbijzonderingsas', 10),
    field('AxDescription', 'string', 'Omschrijving', 50),
    code('DimCode', 'string', 'Verbijzonderingscode', 16),
    field('CodeDescription', 'string', 'Omschrijving', 50),
  ],
  // A blocked assignment cannot be used, so it is not offered.
  rows: (state) =>
    (state.seed.allocationAssignments ?? [])
      .filter((a) => !a.blocked)
      .map((a) => ({
        Unit: a.administration,
        Account: a.account,
        DimAx: String(a.axis),
        AxDescription: state.axisName(a.axis).nl,
        DimCode: a.code,
        CodeDescription: state.allocationCode(a.axis, a.code)?.description ?? null,
      })),
};

const periods: GetConnectorDefinition = {
  id: 'Profit_periods_per_administration',
  description: 'Perioden per administratie',
  fields: [
    code('Unit', 'int', 'Administratie', 3),
    field('Year', 'int', 'Boekjaar', 4),
    field('Period', 'int', 'Periode', 3),
    field('PeriodDesc', 'string', 'Omschrijving', 50),
    field('DateFrom', 'date', 'Datum vanaf'),
    field('DateTo', 'date', 'Datum t/m'),
    field('Blocked', 'boolean', 'Geblokkeerd'),
    field('Periodtable', 'int', 'Periodetabel', 3),
    field('TableDesc', 'string', 'Omschrijving', 50),
  ],
  rows: (state) =>
    state.periods.map((p) => ({
      Unit: p.administration,
      Year: p.year,
      Period: p.period,
      PeriodDesc: p.description ?? `Periode ${p.period}`,
      DateFrom: p.start,
      DateTo: p.end,
      Blocked: p.blocked ?? false,
      Periodtable: 1,
      TableDesc: 'Standaard',
    })),
};

const transactions: GetConnectorDefinition = {
  id: 'Profit_Transactions',
  description: 'Financiële mutaties',
  fields: [
    code('UnitId', 'int', 'Administratie', 3),
    field('EntryNo', 'int', 'Nummer journaalpost', 9),
    field('SeqNo', 'int', 'Volgnummer journaalpost', 9),
    field('Year', 'int', 'Boekjaar', 4),
    field('Period', 'int', 'Periode', 3),
    code('JournalId', 'string', 'Dagboek', 6),
    code('AccountNo', 'string', 'Rekeningnummer', 16),
    { ...field('AmtDebit', 'decimal', 'Bedrag debet'), decimals: 2 },
    { ...field('AmtCredit', 'decimal', 'Bedrag credit'), decimals: 2 },
    field('EntryDate', 'date', 'Datum boeking'),
    field('InvoiceId', 'string', 'Factuurnummer', 12),
    field('VoucherDate', 'date', 'Boekstukdatum'),
    field('VoucherNo', 'string', 'Boekstuknummer', 32),
    code('VatCode', 'string', 'Btw-code', 3),
    { ...field('VatAmt', 'decimal', 'Btw-bedrag'), decimals: 2 },
    field('Description', 'string', 'Omschrijving boeking', 255),
    field('Created', 'date', 'Aanmaakdatum'),
    field('Modified', 'date', 'Datum gewijzigd'),
  ],
  rows: (state) =>
    state.entries.flatMap((entry) =>
      entry.lines.map((line) => ({
        UnitId: entry.administration,
        EntryNo: entry.entryNumber,
        SeqNo: line.seqNo,
        Year: entry.year,
        Period: entry.period,
        JournalId: entry.journal,
        AccountNo: line.account,
        AmtDebit: line.debit,
        AmtCredit: line.credit,
        EntryDate: line.entryDate,
        InvoiceId: line.invoiceId,
        VoucherDate: line.voucherDate,
        VoucherNo: line.voucherNumber,
        VatCode: line.vatCode,
        VatAmt: null,
        Description: line.description,
        Created: entry.createdAt,
        Modified: entry.createdAt,
      })),
    ),
};

const subjects: GetConnectorDefinition = {
  id: 'ProfitSubjects',
  description: 'Dossieritems',
  fields: [
    code('SbTy', 'int', 'Type dossieritem', 9),
    field('SbId', 'int', 'Dossieritem', 9),
    field('DaSe', 'date', 'Instuurdatum'),
    field('Ds', 'string', 'Onderwerp', 255),
    field('Memo', 'string', 'Toelichting'),
    field('Stat', 'string', 'Status', 10),
    field('DoId', 'int', 'Nummer', 9),
    field('FeV1', 'int', 'Waarde kenmerk 1', 9),
    field('FeV2', 'int', 'Waarde kenmerk 2', 9),
    field('FeV3', 'int', 'Waarde kenmerk 3', 9),
    field('BcId', 'int', 'Organisatie/persoon', 9),
    field('BcCd', 'string', 'Nummer', 15),
    field('ToEr', 'boolean', 'Werkgever'),
  ],
  rows: (state) =>
    [...state.subjects.values()].map((s) => ({
      SbTy: s.typeId,
      SbId: s.id,
      DaSe: s.submittedAt,
      Ds: s.subject,
      Memo: s.fields['SbTx'] ?? null,
      FeV1: s.fields['FvF1'] ?? null,
      FeV2: s.fields['FvF2'] ?? null,
      FeV3: s.fields['FvF3'] ?? null,
      ToEr: false,
    })),
};

const subjectAttachments: GetConnectorDefinition = {
  id: 'Profit_Subject_Attachments',
  description: 'Bijlagen bij dossieritems',
  fields: [
    field('attachment_id', 'int', 'Bijlage-id', 9),
    field('subject_id', 'int', 'Dossieritem', 9),
    field('file_id', 'string', 'Bijlage', 32),
    field('file_name', 'string', 'Naam', 255),
  ],
  rows: (state) =>
    [...state.subjects.values()].flatMap((s) =>
      s.attachments.map((a) => ({
        attachment_id: a.attachmentId,
        subject_id: s.id,
        file_id: a.fileId,
        file_name: a.fileName,
      })),
    ),
};

// The options of a dossier item type, in the order of AFAS's OpenAPI description of
// Profit_SubjectTypes. The simulator keeps only id and description; the options read as defaults.
const subjectTypeOptions: readonly (readonly [id: string, label: string, dataType?: DataType])[] = [
  ['Comment', 'Toelichting'],
  ['SubjectText', 'Oorzaak'],
  ['Responsible', 'Verantwoordelijke'],
  ['StartDate', 'Begindatum'],
  ['EndDate', 'Einddatum'],
  ['Completed', 'Afgehandeld'],
  ['DateCompleted', 'Datum afgehandeld'],
  ['ResponsibleMandatory', 'Verantwoordelijke verplicht'],
  ['UseFeatures', 'Kenmerken gebruiken'],
  ['OnlyExistingFeatures', 'Alleen bestaande combinaties toegestaan'],
  ['WithoutFeature', 'Dossieritems zonder kenmerken toegestaan'],
  ['Confedential', 'Dossieritem als vertrouwelijk markeren'],
  ['LinkFile', 'Bestand koppelen'],
  ['EditMode', 'Bewerkingopties code', 'string'],
  ['VisibleOutsite', 'Zichtbaar in OutSite'],
  ['VisibleInsite', 'Zichtbaar in InSite'],
  ['UseNumber', 'Dossieritems nummeren'],
  ['LastNumber', 'Laatst gebruikte nummer', 'int'],
];
const defaultOption = { boolean: false, string: 'N', int: 0 } as const;

const subjectTypes: GetConnectorDefinition = {
  id: 'Profit_SubjectTypes',
  description: 'Typen dossieritems',
  fields: [
    code('SubjectTypeId', 'int', 'Type dossieritem', 9),
    field('Description', 'string', 'Omschrijving', 80),
    ...subjectTypeOptions.map(([id, label, dataType = 'boolean']) => field(id, dataType, label)),
  ],
  rows: (state) =>
    [...state.dossierTypes.values()].map((t) => ({
      SubjectTypeId: t.id,
      Description: t.description,
      ...Object.fromEntries(
        subjectTypeOptions.map(([id, , dataType = 'boolean']) => [
          id,
          defaultOption[dataType as keyof typeof defaultOption],
        ]),
      ),
    })),
};

// Which fields AFAS's Profit_Projects has is not documented here: these are an assumption.
const projects: GetConnectorDefinition = {
  id: 'Profit_Projects',
  description: 'Projecten',
  fields: [
    code('ProjectId', 'string', 'Projectnummer', 15),
    field('Description', 'string', 'Omschrijving', 255),
    field('Blocked', 'boolean', 'Geblokkeerd'),
  ],
  rows: (state) =>
    [...state.projects.values()].map((p) => ({
      ProjectId: p.id,
      Description: p.description,
      Blocked: p.blocked ?? false,
    })),
};

/** AFAS's standard GetConnectors that the simulator implements. */
export const STANDARD_GET_CONNECTORS: readonly GetConnectorDefinition[] = [
  administrations,
  journals,
  accounts,
  vatCodes,
  creditors,
  allocationAssignments,
  projects,
  periods,
  transactions,
  subjects,
  subjectAttachments,
  subjectTypes,
];

/** A row value a test may hand to a custom GetConnector; `Date`s are read as Amsterdam wall-clock. */
export type SeedCell = CellValue | Date | undefined;

function inferType(values: readonly SeedCell[]): DataType {
  const present = values.filter((v) => v !== null && v !== undefined && v !== '');
  if (present.length === 0) return 'string';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => typeof v === 'number')) {
    return present.every((v) => Number.isInteger(v)) ? 'int' : 'decimal';
  }
  if (present.every((v) => v instanceof Date || (typeof v === 'string' && parseDateTime(v) !== undefined))) {
    return 'date';
  }
  return 'string';
}

/** Field metadata for custom rows: given explicitly, else inferred from the values. */
export function inferFields(rows: readonly Readonly<Record<string, SeedCell>>[]): FieldMeta[] {
  const ids = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return ids.map((id) => field(id, inferType(rows.map((row) => row[id])), id));
}

/** Turns a state row into the JSON AFAS sends: every field present, empty as `null`, dates with `Z`. */
export function toOutputRow(row: Row, fields: readonly FieldMeta[]): Record<string, CellValue> {
  const output: Record<string, CellValue> = {};
  for (const meta of fields) {
    const value = row[meta.id] ?? null;
    if (meta.dataType === 'date' && typeof value === 'string') {
      const wallClock = parseDateTime(value);
      output[meta.id] = wallClock ? formatRowDateTime(wallClock) : value;
    } else output[meta.id] = value === '' ? null : value;
  }
  return output;
}
