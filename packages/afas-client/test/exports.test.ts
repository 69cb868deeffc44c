import * as sdk from 'afas-client';
import { expect, it } from 'vitest';

// The public surface is deliberate: adding or removing an export must change this list.
it('exports exactly the documented runtime API', () => {
  expect(Object.keys(sdk).sort()).toEqual(
    [
      'AfasAbortError',
      'AfasAuthError',
      'AfasClient',
      'AfasConfigError',
      'AfasError',
      'AfasForbiddenError',
      'AfasHttpError',
      'AfasNetworkError',
      'AfasNotFoundError',
      'AfasPayloadTooLargeError',
      'AfasProfitError',
      'AfasResponseError',
      'AfasSchemaError',
      'AfasTimeoutError',
      'AfasToken',
      'AfasTokenError',
      'AfasUnavailableError',
      'GetConnectorMetaSchema',
      'LANGUAGES',
      'MAX_QUERY_LENGTH',
      'MetainfoSchema',
      'OPERATOR_CODES',
      'UpdateConnectorMetaSchema',
      'VALUELESS_OPERATORS',
      'buildQuery',
      'checkBaseUrl',
      'envelope',
      'formatAfasDateTime',
      'formatCents',
      'isAfasError',
      'oauthClientCredentials',
      'operatorName',
      'parseAfasDateTime',
      'parseToken',
      'resolveEnvironment',
      'tokenAuth',
    ].sort(),
  );
});

it('every error class is an AfasError with its own literal name', () => {
  const classes = Object.entries(sdk).filter(([name]) => /^Afas\w+Error$/.test(name) && name !== 'AfasError');
  expect(classes.length).toBe(14);
  for (const [, value] of classes)
    expect((value as { prototype: unknown }).prototype).toBeInstanceOf(sdk.AfasError);
});
