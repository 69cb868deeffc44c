/**
 * `afas-client/testing`: an in-memory AFAS Profit environment for tests and CI. Use it through msw
 * (`setupServer(...simulator.handlers)`, needs the optional peer dependency `msw`) or as a local
 * HTTP server (`startAfasSimulator()`, no msw needed). See docs/testing.md.
 *
 * @packageDocumentation
 */

export { allMessages as messages } from './catalogue.js';
export type { GetCostModel } from './cost.js';
export { DEFAULT_GET_COST } from './cost.js';
export {
  DEMO_EXPENSE_REPORT_TYPE,
  DEMO_FREE_FIELDS,
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_OAUTH_CLIENT,
  DEMO_OTP_KEYS,
  DEMO_TOKEN_DATA,
  demoSeed,
} from './demo-seed.js';
export type { RequestLogEntry } from './engine.js';
export type { AfasSimulatorOptions, CustomGetConnectorOptions } from './environment.js';
export { AfasSimulator, afasTokenHeader, createAfasSimulator } from './environment.js';
export type { EchoAnswer, FaultKind, FaultRule, InjectedFault } from './faults.js';
export type { SeedCell } from './get-connectors.js';
export type { AfasMessage, Label } from './messages.js';
export { ERROR_NUMBERS } from './messages.js';
export type { IssuedOtp } from './otp.js';
export type { FieldMeta } from './query.js';
export type { DropFault, HangFault, SimulatedResponse } from './responses.js';
export type {
  AccountSeed,
  AdministrationSeed,
  AllocationAssignmentSeed,
  AllocationAxisSeed,
  AllocationCodeSeed,
  AppConnectorSeed,
  AxisNumber,
  AxisUse,
  CreditorSeed,
  DebtorSeed,
  DossierTypeSeed,
  EmployeeSeed,
  FreeFieldSeed,
  JournalSeed,
  OAuthClientSeed,
  PeriodSeed,
  ProjectSeed,
  SimulatorKind,
  SimulatorLanguage,
  SimulatorSeed,
  VatCodeSeed,
} from './seed.js';
export type { RunningAfasSimulator, StartAfasSimulatorOptions } from './server.js';
export { startAfasSimulator } from './server.js';
export type {
  BookedEntry,
  BookedLine,
  CellValue,
  DossierAttachment,
  DossierItem,
  FreeFieldValues,
} from './state.js';
export type { DataType } from './values.js';
