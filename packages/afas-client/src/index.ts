export type { FieldValue, UpdateBody, UpdateElement, UpdateObject } from './envelope.js';
export { envelope, ROOT_OBJECTS, rootObjectOf } from './envelope.js';
export type { AfasEnvironment, EnvironmentKind } from './environment.js';
export { checkBaseUrl, resolveEnvironment } from './environment.js';
export type { AfasErrorBody, AfasErrorKind, AfasRequestInfo, AfasSchemaIssue } from './errors.js';
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
export type { OperatorCode, OperatorName } from './operators.js';
export { OPERATOR_CODES, operatorName, VALUELESS_OPERATORS } from './operators.js';
export type { TokenParts } from './token.js';
export { AfasToken, canonicalXml, parseToken, parseTokenXml } from './token.js';
