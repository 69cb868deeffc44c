/**
 * The simulator's data: master data indexed from the seed, plus everything UpdateConnectors wrote.
 * Rules read it through the lookups below; only the update modules change it.
 */
import type {
  AccountSeed,
  AdministrationSeed,
  AllocationAxisSeed,
  AllocationCodeSeed,
  AppConnectorSeed,
  AxisNumber,
  CreditorSeed,
  DossierTypeSeed,
  FreeFieldSeed,
  JournalSeed,
  PeriodSeed,
  ProjectSeed,
  SimulatorKind,
  SimulatorLanguage,
  SimulatorSeed,
  VatCodeSeed,
} from './seed.js';

/** A value in a row or a stored field: what AFAS JSON carries. */
export type CellValue = string | number | boolean | null;

/** One booked line of a journal entry, as `FiEntries` stored it. */
export interface BookedLine {
  /** Sequence number within the entry, 1 … n (`SeqNo` in Profit_Transactions, `SeNo` in FiEntriesCustom). */
  readonly seqNo: number;
  /** `VaAs`: '1' ledger account, '2' debtor, '3' creditor. */
  readonly accountType: '1' | '2' | '3';
  readonly account: string;
  /** `EnDa`, `YYYY-MM-DD`. */
  readonly entryDate: string;
  /** `BpDa`, `YYYY-MM-DD`. */
  readonly voucherDate: string;
  readonly voucherNumber: string | null;
  readonly invoiceId: string | null;
  readonly description: string | null;
  /** `AmDe` in euros. */
  readonly debit: number;
  /** `AmCr` in euros. */
  readonly credit: number;
  readonly vatCode: string | null;
  /** Allocation codes by axis: `{ 1: 'KP100' }` from `FiDimEntries` `DiC1`. */
  readonly allocations: Readonly<Partial<Record<AxisNumber, string>>>;
  /** Projects (`PrId`) of the line's project postings (`FiPrjEntries`), in posted order. */
  readonly projects: readonly string[];
  /** Every field the line was sent with, typed. */
  readonly fields: Readonly<Record<string, CellValue>>;
}

/** One journal entry booked through `POST /connectors/FiEntries`. */
export interface BookedEntry {
  readonly administration: number;
  readonly entryNumber: number;
  readonly journal: string;
  readonly year: number;
  readonly period: number;
  readonly lines: readonly BookedLine[];
  /** Amsterdam wall-clock time of booking, `YYYY-MM-DDTHH:MM:SS` with `.mmm` as Profit stores it. */
  readonly createdAt: string;
}

/** A file attached to a dossier item. */
export interface DossierAttachment {
  readonly attachmentId: number;
  /** 32 hex, used by the FileConnector and SubjectConnector. */
  readonly fileId: string;
  readonly fileName: string;
  readonly mimeType: string;
  /** The file, base64. */
  readonly data: string;
}

/** A dossier item written through `KnSubject`. */
export interface DossierItem {
  readonly id: number;
  /** `StId`. */
  readonly typeId: number;
  /** `Ds`. */
  readonly subject: string;
  /** Every `KnSubject` field sent, typed (`SbTx`, `Da` …). */
  readonly fields: Readonly<Record<string, CellValue>>;
  /** `KnSubjectLink` elements' fields. */
  readonly links: readonly Readonly<Record<string, CellValue>>[];
  /** Fields of the item type's own objects (`KnS01` … `KnSnn`, free fields `U…`), by object name. */
  readonly customObjects: Readonly<Record<string, Readonly<Record<string, CellValue>>>>;
  readonly attachments: readonly DossierAttachment[];
  /** `Da` or the booking time, `YYYY-MM-DDTHH:MM:SS`. */
  readonly submittedAt: string;
}

/** Free-field values written through `FiEntriesCustom` on one entry line. */
export interface FreeFieldValues {
  readonly administration: number;
  readonly entryNumber: number;
  readonly seqNo: number;
  readonly fields: Readonly<Record<string, CellValue>>;
}

/** An App Connector as the simulator keeps it (tokens can be added by OTP and revoked by tests). */
export interface AppConnectorState {
  readonly seed: AppConnectorSeed;
  readonly tokens: Set<string>;
  readonly getConnectors: Set<string>;
  readonly updateConnectors: Set<string>;
}

/** Writable copies: the update modules replace records instead of mutating shared ones. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const DEFAULT_AXIS_NAMES: Record<AxisNumber, { nl: string; en: string }> = {
  1: { nl: 'Kostenplaats', en: 'Cost center' },
  2: { nl: 'Kostendrager', en: 'Cost carrier' },
  3: { nl: 'Verbijzonderingsas 3', en: 'Allocation axis 3' },
  4: { nl: 'Verbijzonderingsas 4', en: 'Allocation axis 4' },
  5: { nl: 'Verbijzonderingsas 5', en: 'Allocation axis 5' },
};

function indexBy<T>(items: readonly T[] | undefined, key: (item: T) => string): Map<string, T> {
  return new Map((items ?? []).map((item) => [key(item), item]));
}

/** The whole simulated environment's data. */
export class SimulatorState {
  /** Counts writes, so derived GetConnector rows are recomputed only after one. */
  revision = 0;
  readonly environmentId: string;
  readonly kind: SimulatorKind;
  readonly language: SimulatorLanguage;
  readonly profitVersion: string;
  readonly environmentKey: string | undefined;
  readonly appConnectors: Map<string, AppConnectorState>;
  readonly administrations: Map<string, AdministrationSeed>;
  readonly journals: Map<string, JournalSeed>;
  readonly accounts: Map<string, AccountSeed>;
  readonly vatCodes: Map<string, VatCodeSeed>;
  readonly creditors: Map<string, CreditorSeed>;
  readonly debtors: Map<string, { id: string; name: string }>;
  readonly employees: Map<string, { id: string; name: string }>;
  readonly allocationCodes: Map<string, AllocationCodeSeed>;
  readonly projects: Map<string, ProjectSeed>;
  readonly periods: readonly PeriodSeed[];
  readonly dossierTypes: Map<string, DossierTypeSeed>;
  readonly freeFields: Map<string, FreeFieldSeed>;
  readonly seed: SimulatorSeed;

  /** Booked entries, in booking order. */
  readonly entries: Mutable<BookedEntry>[] = [];
  /** Dossier items by id. */
  readonly subjects = new Map<number, Mutable<DossierItem>>();
  /** Free-field values by `administration/entryNumber/seqNo`. */
  readonly customFields = new Map<string, FreeFieldValues>();

  #nextEntryNumber: number;
  #nextSubjectId: number;
  #nextAttachmentId = 20001;

  constructor(seed: SimulatorSeed) {
    this.seed = seed;
    this.environmentId = seed.environmentId;
    this.kind = seed.kind ?? 'production';
    this.language = seed.language ?? 'nl';
    this.profitVersion = seed.profitVersion ?? '22.22.5';
    this.environmentKey = seed.environmentKey;
    this.appConnectors = new Map(
      seed.appConnectors.map((connector) => [
        connector.id,
        {
          seed: connector,
          tokens: new Set((connector.tokens ?? []).map((token) => token.toUpperCase())),
          getConnectors: new Set(connector.getConnectors),
          updateConnectors: new Set(connector.updateConnectors),
        },
      ]),
    );
    this.administrations = indexBy(seed.administrations, (a) => String(a.id));
    this.journals = indexBy(seed.journals, (j) => `${j.administration}/${j.code}`);
    this.accounts = indexBy(seed.accounts, (a) => a.id);
    this.vatCodes = indexBy(seed.vatCodes, (v) => v.id);
    this.creditors = indexBy(seed.creditors, (c) => c.id);
    this.debtors = indexBy(seed.debtors, (d) => d.id);
    this.employees = indexBy(seed.employees, (e) => e.id);
    this.allocationCodes = indexBy(seed.allocationCodes, (c) => `${c.axis}/${c.code}`);
    this.projects = indexBy(seed.projects, (p) => p.id);
    this.periods = seed.periods ?? [];
    this.dossierTypes = indexBy(seed.dossierTypes, (t) => String(t.id));
    this.freeFields = indexBy(seed.freeFields, (f) => f.id.toUpperCase());
    this.#nextEntryNumber = seed.firstEntryNumber ?? 70001;
    this.#nextSubjectId = seed.firstSubjectId ?? 50001;
  }

  /** `UnId` used when a FiEntries body leaves it out. */
  get defaultAdministration(): number | undefined {
    return this.seed.defaultAdministration ?? this.seed.administrations?.[0]?.id;
  }

  journal(administration: number, code: string): JournalSeed | undefined {
    return this.journals.get(`${administration}/${code}`);
  }

  allocationCode(axis: AxisNumber, code: string): AllocationCodeSeed | undefined {
    return this.allocationCodes.get(`${axis}/${code}`);
  }

  /** The usable (not blocked) assignment of a code to an account, if any. */
  isAssigned(administration: number, account: string, axis: AxisNumber, code: string): boolean {
    return (this.seed.allocationAssignments ?? []).some(
      (a) =>
        a.administration === administration &&
        a.account === account &&
        a.axis === axis &&
        a.code === code &&
        !a.blocked,
    );
  }

  axisName(axis: AxisNumber): { nl: string; en: string } {
    const seeded: AllocationAxisSeed | undefined = this.seed.allocationAxes?.find((a) => a.axis === axis);
    return seeded ? { nl: seeded.name, en: seeded.nameEn } : DEFAULT_AXIS_NAMES[axis];
  }

  period(administration: number, year: number, period: number): PeriodSeed | undefined {
    return this.periods.find(
      (p) => p.administration === administration && p.year === year && p.period === period,
    );
  }

  /** The period whose date range holds `isoDate` (`YYYY-MM-DD`). */
  periodContaining(administration: number, isoDate: string): PeriodSeed | undefined {
    const day = isoDate.slice(0, 10);
    return this.periods.find((p) => p.administration === administration && p.start <= day && day <= p.end);
  }

  /** A creditor line already booked with this invoice number, in this or an earlier entry. */
  invoiceInUse(administration: number, creditor: string, invoiceId: string): boolean {
    const wanted = invoiceId.toUpperCase();
    return this.entries.some(
      (entry) =>
        entry.administration === administration &&
        entry.lines.some(
          (line) =>
            line.accountType === '3' && line.account === creditor && line.invoiceId?.toUpperCase() === wanted,
        ),
    );
  }

  findLine(administration: number, entryNumber: number, seqNo: number): BookedLine | undefined {
    return this.entries
      .find((e) => e.administration === administration && e.entryNumber === entryNumber)
      ?.lines.find((line) => line.seqNo === seqNo);
  }

  /** The attachment with this file id, and its dossier item. */
  findFile(fileId: string): { item: DossierItem; attachment: DossierAttachment } | undefined {
    const wanted = fileId.toUpperCase();
    for (const item of this.subjects.values()) {
      const attachment = item.attachments.find((a) => a.fileId === wanted);
      if (attachment) return { item, attachment };
    }
    return undefined;
  }

  nextEntryNumber(): number {
    return this.#nextEntryNumber++;
  }

  nextSubjectId(): number {
    return this.#nextSubjectId++;
  }

  nextAttachmentId(): number {
    return this.#nextAttachmentId++;
  }
}
