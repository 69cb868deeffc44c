/**
 * The plain data an {@link AfasSimulator} starts from: one AFAS environment with its App Connectors and
 * the financial master data that UpdateConnectors validate against. Every list is optional except where
 * noted, so a test seeds only what it needs.
 */

import type { EnvironmentKind } from '../environment.js';

/** Which AFAS host family the environment lives on: `rest`, `resttest` or `restaccept`. */
export type SimulatorKind = EnvironmentKind;

/** The language of error messages: AFAS answers in Dutch unless `Accept-Language: en-us` asks otherwise. */
export type SimulatorLanguage = 'nl' | 'en';

/** An OAuth client (client-credentials flow) of an App Connector. */
export interface OAuthClientSeed {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** An App Connector: who may call, and which connectors it authorises. */
export interface AppConnectorSeed {
  /** Short id, used by the simulator's test helpers (e.g. `'declaree'`). */
  readonly id: string;
  /** The name AFAS reports as `info.appName` in `/metainfo`. */
  readonly description: string;
  /** The user group reported as `info.group` in `/metainfo`. */
  readonly group?: string;
  /** Data parts (the hex between `<data>` tags) of classic user tokens. */
  readonly tokens?: readonly string[];
  /** OAuth clients that may request access tokens. */
  readonly oauthClients?: readonly OAuthClientSeed[];
  /** The App Connector's API key (API-sleutel, 32 hex), needed for the OTP token flow. */
  readonly apiKey?: string;
  /** GetConnector ids this App Connector authorises. */
  readonly getConnectors: readonly string[];
  /** UpdateConnector ids this App Connector authorises. */
  readonly updateConnectors: readonly string[];
}

/** An administration (`UnId`). */
export interface AdministrationSeed {
  readonly id: number;
  readonly name: string;
  /** Short code (`AdminCd`); defaults to the id. */
  readonly code?: string;
  /** @default 'EUR' */
  readonly currency?: string;
}

/** A journal (`JoCo`) of one administration. */
export interface JournalSeed {
  readonly administration: number;
  readonly code: string;
  readonly description: string;
  /** Dagboeksoort, e.g. `'Memoriaal'`, `'Inkoop'`. */
  readonly type?: string;
  readonly blocked?: boolean;
}

/** An allocation axis (verbijzonderingsas) 1–5 and its names in both languages. */
export interface AllocationAxisSeed {
  readonly axis: AxisNumber;
  /** Dutch name, e.g. `'Kostenplaats'`. */
  readonly name: string;
  /** English name, e.g. `'Cost center'`. */
  readonly nameEn: string;
}

/** Allocation axis number (DiC1 … DiC5). */
export type AxisNumber = 1 | 2 | 3 | 4 | 5;

/** Whether an account needs a code on an allocation axis. */
export type AxisUse = 'required' | 'optional';

/** A general-ledger account (grootboekrekening). Accounts are shared by all administrations. */
export interface AccountSeed {
  readonly id: string;
  readonly description: string;
  /** `'balance'` (balans) or `'result'` (winst-en-verlies). @default 'result' */
  readonly type?: 'balance' | 'result';
  /** Whether lines on this account may carry a VAT code. @default true */
  readonly vatAllowed?: boolean;
  /** The preferred VAT code. */
  readonly vatCode?: string;
  /** Allocation axes used by the account, e.g. `{ 1: 'required' }`. */
  readonly axes?: Partial<Record<AxisNumber, AxisUse>>;
  /**
   * Doorboeken naar projecten: a line on this account must carry a project posting
   * (`FiPrjEntries`) for an existing, open project.
   */
  readonly toProject?: boolean;
  readonly blocked?: boolean;
}

/** A VAT code (btw-code). */
export interface VatCodeSeed {
  readonly id: string;
  readonly description: string;
  readonly percentage: number;
  /** The ledger account the VAT amount goes to. */
  readonly account?: string;
  /** `'purchase'` (inkoop) or `'sales'` (verkoop). @default 'purchase' */
  readonly type?: 'purchase' | 'sales';
  /** When given, the code may be used only on these accounts. */
  readonly allowedAccounts?: readonly string[];
  readonly blocked?: boolean;
}

/** A creditor (crediteur); for expense reports usually one per employee. */
export interface CreditorSeed {
  readonly id: string;
  readonly name: string;
  readonly iban?: string;
  readonly email?: string;
  readonly blocked?: boolean;
}

/** A debtor (debiteur), for `VaAs` 2 lines. */
export interface DebtorSeed {
  readonly id: string;
  readonly name: string;
}

/** An employee (medewerker), for `KnSubjectLink` destination type 2. */
export interface EmployeeSeed {
  readonly id: string;
  readonly name: string;
}

/** A code on an allocation axis (a cost centre, cost carrier, project …). */
export interface AllocationCodeSeed {
  readonly axis: AxisNumber;
  readonly code: string;
  readonly description: string;
}

/** Permission to use an allocation code on an account in one administration. */
export interface AllocationAssignmentSeed {
  readonly administration: number;
  readonly account: string;
  readonly axis: AxisNumber;
  readonly code: string;
  /** A blocked assignment is refused like a missing one. */
  readonly blocked?: boolean;
}

/**
 * A project (project) that entry lines on a to-project account (`toProject`) are posted to with
 * `FiPrjEntries`. Projects are shared by all administrations.
 */
export interface ProjectSeed {
  /** Projectnummer (`PrId`, at most 15 characters). */
  readonly id: string;
  readonly description: string;
  /** A blocked project takes no postings. */
  readonly blocked?: boolean;
}

/** A financial period of an administration. Dates are `YYYY-MM-DD`. */
export interface PeriodSeed {
  readonly administration: number;
  readonly year: number;
  readonly period: number;
  readonly start: string;
  readonly end: string;
  readonly blocked?: boolean;
  readonly description?: string;
}

/** A dossier item type (`StId`). AFAS's own types are negative, custom types positive. */
export interface DossierTypeSeed {
  readonly id: number;
  readonly description: string;
  /**
   * The destination types (`SfTp` codes: 2 employee, 3 organisation/person, 4 sales relation,
   * 11 purchase relation …) an item of this type may be linked to. A link to another gets "Deze
   * bestemming is niet geldig voor dit type dossieritem". @default any destination
   */
  readonly destinations?: readonly number[];
}

/** A financial free field (vrij veld) on entry lines, for `FiEntriesCustom`. */
export interface FreeFieldSeed {
  /** `U` + 32 hexadecimal characters. */
  readonly id: string;
  /** Dutch label shown in metainfo. */
  readonly label: string;
  /** @default 'string' */
  readonly dataType?: 'string' | 'int' | 'decimal' | 'boolean' | 'date';
  /** Maximum length of string values. @default 255 */
  readonly length?: number;
}

/** Everything an {@link AfasSimulator} starts from. */
export interface SimulatorSeed {
  /** The digits of the environment, e.g. `'12345'`. */
  readonly environmentId: string;
  /** @default 'production' */
  readonly kind?: SimulatorKind;
  /** Language of error messages when the request has no English `Accept-Language`. @default 'nl' */
  readonly language?: SimulatorLanguage;
  /** Returned by `/profitversion`. @default '22.22.5' */
  readonly profitVersion?: string;
  /** The environment key (omgevingssleutel, 32 hex) needed for the OTP token flow. */
  readonly environmentKey?: string;
  /** Administration used by `FiEntries` when `UnId` is left out. @default the first administration */
  readonly defaultAdministration?: number;
  /** First entry number (`EnNo`) handed out. @default 70001 */
  readonly firstEntryNumber?: number;
  /** First dossier item number (`SbId`) handed out. @default 50001 */
  readonly firstSubjectId?: number;
  readonly appConnectors: readonly AppConnectorSeed[];
  readonly administrations?: readonly AdministrationSeed[];
  readonly journals?: readonly JournalSeed[];
  readonly allocationAxes?: readonly AllocationAxisSeed[];
  readonly accounts?: readonly AccountSeed[];
  readonly vatCodes?: readonly VatCodeSeed[];
  readonly creditors?: readonly CreditorSeed[];
  readonly debtors?: readonly DebtorSeed[];
  readonly employees?: readonly EmployeeSeed[];
  readonly allocationCodes?: readonly AllocationCodeSeed[];
  readonly allocationAssignments?: readonly AllocationAssignmentSeed[];
  readonly projects?: readonly ProjectSeed[];
  readonly periods?: readonly PeriodSeed[];
  readonly dossierTypes?: readonly DossierTypeSeed[];
  readonly freeFields?: readonly FreeFieldSeed[];
}
