export { formatCents } from './amounts.js';
export type { AfasAuth, AuthContext, OAuthClientCredentials } from './auth.js';
export { oauthClientCredentials, tokenAuth } from './auth.js';
export type { AfasClientOptions, AfasLanguage } from './client.js';
export { AfasClient, LANGUAGES } from './client.js';
export type {
  ConnectorElement,
  ConnectorField,
  ConnectorMap,
  ConnectorRow,
  ConnectorUpdate,
  GetConnectorEntry,
  GetConnectorIdOf,
  PartialElement,
  UpdateConnectorEntry,
  UpdateConnectorIdOf,
} from './connectors.js';
export { formatAfasDateTime, parseAfasDateTime } from './dates.js';
export type { FieldValue, UpdateBody, UpdateElement, UpdateObject } from './envelope.js';
export { envelope } from './envelope.js';
export type { AfasEnvironment, EnvironmentKind } from './environment.js';
export { checkBaseUrl, ENVIRONMENT_KINDS, resolveEnvironment } from './environment.js';
export type {
  AfasApplied,
  AfasErrorBody,
  AfasErrorKind,
  AfasRequestInfo,
  AfasSchemaIssue,
  AnyAfasError,
} from './errors.js';
export {
  AfasAbortError,
  AfasAuthError,
  AfasConfigError,
  AfasError,
  AfasForbiddenError,
  AfasHttpError,
  AfasNetworkError,
  AfasNotFoundError,
  AfasPayloadTooLargeError,
  AfasProfitError,
  AfasResponseError,
  AfasSchemaError,
  AfasTimeoutError,
  AfasTokenError,
  AfasUnavailableError,
  isAfasError,
} from './errors.js';
export type { AfasRow, FieldOf, GetOptions, GetResult, RowIterator, RowSchema, RowsOptions } from './get.js';
export type {
  AfasFile,
  GetConnectorMeta,
  Metainfo,
  UpdateConnectorMeta,
  UpdateConnectorObject,
} from './metainfo.js';
export { GetConnectorMetaSchema, UpdateConnectorMetaSchema } from './metainfo.js';
export type { OperatorCode, OperatorName } from './operators.js';
export { OPERATOR_CODES, VALUELESS_OPERATORS } from './operators.js';
export type { OtpOptions } from './otp.js';
/** A user token by one-time password (AFAS e-mails the code). */
export { activateOtp, requestOtp } from './otp.js';
export type { AllOf, Condition, FilterEncoding, FilterValue, OrderBy, Where } from './query.js';
export type { TokenParts } from './token.js';
export { AfasToken } from './token.js';
export type {
  CallOptions,
  Hooks,
  HttpMethod,
  RequestEvent,
  ResponseEvent,
  RetryOptions,
} from './transport.js';
export type { DeleteKeys, DeleteSegment, UpdateOptions, UpdateResult } from './update.js';
