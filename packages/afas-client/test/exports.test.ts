import * as sdk from 'afas-client';
import { expect, it } from 'vitest';

// The public surface is deliberate: adding or removing an export must change this list. Helpers the
// SDK uses itself (buildQuery, parseToken, MAX_QUERY_LENGTH, operatorName, MetainfoSchema) stay internal.
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
      'ENVIRONMENT_KINDS',
      'OPERATOR_CODES',
      'UpdateConnectorMetaSchema',
      'VALUELESS_OPERATORS',
      'activateOtp',
      'checkBaseUrl',
      'envelope',
      'formatAfasDateTime',
      'formatCents',
      'isAfasError',
      'oauthClientCredentials',
      'parseAfasDateTime',
      'requestOtp',
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

it('afas-client/cli-kit exports the kit both CLIs share, and nothing else', async () => {
  const kit = await import('afas-client/cli-kit');
  expect(Object.keys(kit).sort()).toEqual(
    [
      'CLIENT_FLAGS',
      'COMMON_OPTIONS',
      'HELP_WIDTH',
      'EXIT',
      'NO_TOKEN_HINT',
      'PLAIN',
      'Suggested',
      'UsageError',
      'closest',
      'describeError',
      'exitCodeOf',
      'flagError',
      'flagHelp',
      'integer',
      'paintFor',
      'parseFlags',
      'quoted',
      'seconds',
      'setting',
      'tokenSource',
      'unknownCommand',
      'wrapText',
    ].sort(),
  );
  expect(kit.closest('dryrun', ['dry-run', 'json', 'ledger'])).toEqual(['dry-run']);
  expect(kit.tokenSource({ AFAS_TOKEN: 'a', AFAS_TOKEN_FILE: 'f' })).toEqual({ file: 'f' });
  expect(kit.tokenSource({ AFAS_TOKEN: 'a', AFAS_TOKEN_FILE: ' ' })).toEqual({ text: 'a' });
});

it('afas-client/cli-kit/profiles exports the profiles both CLIs read, and nothing else', async () => {
  const profiles = await import('afas-client/cli-kit/profiles');
  expect(Object.keys(profiles).sort()).toEqual(
    [
      'DEFAULT_KEYCHAIN_SERVICE',
      'PROFILE_OPTIONS',
      'chooseProfile',
      'describeTokenSource',
      'keychainLookup',
      'looksLikeToken',
      'parseProfiles',
      'profilesLocation',
      'readProfileToken',
      'readProfiles',
    ].sort(),
  );
  expect(profiles.profilesLocation({ XDG_CONFIG_HOME: '/x', HOME: '/h' }, { platform: 'linux' })).toEqual({
    path: '/x/afas-toolkit/profiles.json',
    givenBy: 'default',
  });
  expect(profiles.profilesLocation({ HOME: '/h' }, { platform: 'linux' })?.path).toBe(
    '/h/.config/afas-toolkit/profiles.json',
  );
  expect(profiles.profilesLocation({}, { platform: 'linux' })).toBeUndefined();
});
