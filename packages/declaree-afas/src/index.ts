/**
 * declaree-afas: books approved Declaree expense reports into AFAS Profit — checked before sending,
 * every AFAS error explained, never booked twice.
 */

export type { BookingContext, BookingLine, BookingPlan } from './booking.js';
/** Plans the financial entry, the dossier item and the free fields of a report (pure). */
export { freeFieldElements, knSubjectElement, planBooking } from './booking.js';
export type { ConnectionCheck, ConnectionCheckItem } from './connection-check.js';
export type {
  AfasErrorExplanation,
  ExplainOptions,
  ExplanationCode,
  ExplanationDetails,
  ExplanationLanguage,
} from './explain.js';
/** Explains AFAS errors and messages in plain words with a fix. */
export { EXPLANATION_CODES, explainAfasError, explainAfasMessage } from './explain.js';
export type {
  DryRunResult,
  ExporterOptions,
  ExportPreview,
  ExportResult,
  ExportStatus,
  StepName,
  StepResult,
  StepStatus,
} from './exporter.js';
/** The export: FiEntries → KnSubject → FiEntriesCustom, resumable, never twice. */
export { DeclareeExporter } from './exporter.js';
/** The AFAS invoice number (factuurnummer, ≤ 12 characters) of a report. */
export { invoiceNumberFor, MAX_INVOICE_NUMBER_LENGTH } from './invoice-number.js';
export { LedgerError, LedgerLeaseLostError, LedgerUnavailableError } from './ledger/errors.js';
export type { JournalImport } from './ledger/import-journal.js';
/** Imports the JSON-lines journal of declaree-afas 0.1 into a ledger, once. */
export { importJournal } from './ledger/import-journal.js';
export type {
  Claim,
  ClaimOptions,
  ExportKey,
  ExportReportRef,
  Lease,
  Ledger,
  LedgerRecord,
  StepState,
} from './ledger/ledger.js';
/** The ledger: where exports are remembered, keyed by where they land, with leases. */
export { exportKeyId, leaseOwner, ownerIsGone } from './ledger/ledger.js';
export { memoryLedger } from './ledger/memory.js';
export { openLedger } from './ledger/open.js';
export type { PostgresConnectionOptions, PostgresLedgerOptions } from './ledger/postgres.js';
/**
 * A ledger in Postgres through the optional peer dependency `pg` (install it beside declaree-afas):
 * exporters on several machines share it safely; the password is never shown.
 */
export { postgresLedger } from './ledger/postgres.js';
export { sqliteLedger } from './ledger/sqlite.js';
export type { FoundEntry, LookupConnector } from './lookups.js';
/** The GetConnectors the exporter reads and the UpdateConnectors it writes. */
export { LOOKUP_CONNECTORS, UPDATE_CONNECTORS } from './lookups.js';
export type { PdfOptions, PdfProblem } from './pdf.js';
/** The report PDF, read safely (regular files only, bounded, checked) before anything is sent. */
export { MAX_PDF_BYTES, PdfError, pdfFile, pdfFromBase64 } from './pdf.js';
export type {
  AccountingPeriod,
  BookingPeriod,
  FinancialYear,
  PeriodChoice,
  PeriodRefusal,
} from './period.js';
/** Entry date (boekdatum) and period (boekjaar, periode), moving out of blocked periods when asked. */
export { bookingDateOf, calendarPeriod, choosePeriod, resolveBookingPeriod } from './period.js';
export type { PreflightNote, PreflightResult, SkippedCheck } from './preflight.js';
export type { ProblemCode, ReportProblem } from './problems.js';
/** Problems found in a report, each naming report, expense and field. */
export { describeProblem, PROBLEM_CODES } from './problems.js';
export type { DeclareeReport, DeclareeReportInput, Expense, VatPart } from './report.js';
/** Schemas of a Declaree report. */
export { AmountSchema, DeclareeReportSchema, ExpenseSchema, VatPartSchema } from './report.js';
export type { ExportSettings, ExportSettingsInput, Templates } from './settings.js';
/** Schemas of the export settings. */
export { ExportSettingsSchema, OAuthSettingsSchema, TemplatesSchema } from './settings.js';
export type { FolderSourceOptions } from './source/folder.js';
/** The inbox folder source of `declaree-afas watch`. */
export { folderSource } from './source/folder.js';
export type {
  ExportApprovedOptions,
  ExportSummary,
  PendingReport,
  ReportSource,
} from './source/report-source.js';
/** The failed step's explanation of an export result. */
export { failureOf } from './source/report-source.js';
export type { ValidationResult } from './validate.js';
/** Validation of a report before export. */
export { MAX_ENTRY_LINES, validateReport } from './validate.js';
