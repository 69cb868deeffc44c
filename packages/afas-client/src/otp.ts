/**
 * A user token by one-time password, as AFAS documents it (App Connector > Gebruikerstokens, "token
 * aanvragen via OTP"): {@link requestOtp} has AFAS e-mail a code to the user, {@link activateOtp}
 * exchanges that code for the user's token. Neither call has a token yet; both send the App
 * Connector's API key and the environment key instead, which are blanked out of every error.
 *
 * UNSURE: AFAS's own examples disagree on the casing of `userId` and `otp`; the body follows the
 * OpenAPI schema. Prerequisites on the AFAS side: a mail server, and the user has an e-mail address
 * and is in the App Connector's user group.
 */
import type { AfasAuth } from './auth.js';
import { type AfasClientOptions, transportFor } from './client.js';
import { AfasConfigError, AfasResponseError } from './errors.js';
import { AfasToken } from './token.js';

/** What both OTP calls need: where AFAS is, and the keys that stand in for a token. */
export interface OtpOptions
  extends Pick<
    AfasClientOptions,
    'environment' | 'environmentKind' | 'baseUrl' | 'language' | 'timeout' | 'fetch' | 'hooks'
  > {
  /** The App Connector's API key (API-sleutel, 32 characters), shown with the App Connector. */
  readonly apiKey: string;
  /** The environment key (omgevingssleutel, 32 characters), under Algemeen > Beheer > Omgeving. */
  readonly environmentKey: string;
  /** The AFAS user the token is for: user id or e-mail address. */
  readonly userId: string;
}

/**
 * Asks AFAS to e-mail a one-time code to `userId`. AFAS answers the same whether or not the keys
 * match (it does not reveal them), so a missing e-mail is the sign of a wrong key or user.
 */
export async function requestOtp(options: OtpOptions, signal?: AbortSignal): Promise<void> {
  const body = otpBody(options);
  await otpTransport(options, body).request({
    method: 'POST',
    path: 'otprequest',
    connector: 'otprequest',
    json: body,
    idempotent: true, // another e-mail at worst
    signal,
  });
}

/**
 * Exchanges the e-mailed code for the user's token and returns it as AFAS shows it
 * (`<token><version>1</version><data>…</data></token>`): store it as a secret and pass it as
 * `token`. A code that is wrong, used or expired is an {@link AfasConfigError}.
 */
export async function activateOtp(
  options: OtpOptions & { readonly otp: string },
  signal?: AbortSignal,
): Promise<string> {
  const otp = typeof options.otp === 'string' ? options.otp.trim() : '';
  if (!/^\d{4,12}$/.test(otp)) {
    throw new AfasConfigError(
      'The one-time password is not a code of digits.',
      'Type the code from the e-mail.',
    );
  }
  const body = { ...otpBody(options), otp };
  const response = await otpTransport(options, body).request({
    method: 'POST',
    path: 'otpvalidation',
    connector: 'otpvalidation',
    json: body,
    signal,
  });
  // AFAS answers 204 No Content for a code it does not accept.
  const token = (response.body as { token?: unknown } | undefined)?.token;
  if (response.status === 204 || response.body === undefined) {
    throw new AfasConfigError(
      'AFAS did not accept the one-time password.',
      'A code works once and expires: request a new one (requestOtp / afas token request) and type it exactly.',
    );
  }
  if (typeof token !== 'string') {
    throw new AfasResponseError(response.request, response.status, 'an answer without "token"', '');
  }
  const xml = token.trim(); // AFAS ends it with \r\n
  AfasToken.from(xml); // a token this SDK can use, or AfasTokenError
  return xml;
}

function otpBody(options: OtpOptions) {
  const key = (value: unknown, name: string, where: string) => {
    const text = typeof value === 'string' ? value.trim() : '';
    if (!/^[0-9A-Za-z]{16,64}$/.test(text)) {
      throw new AfasConfigError(`The ${name} is missing or not a key of letters and digits.`, where);
    }
    return text;
  };
  const userId = typeof options.userId === 'string' ? options.userId.trim() : '';
  if (userId === '' || /\s/.test(userId)) {
    throw new AfasConfigError(
      'The user id is missing.',
      'Give the AFAS user id or e-mail address the token is for.',
    );
  }
  return {
    apiKey: key(options.apiKey, 'API key', 'Copy the API key (API-sleutel) of the App Connector in AFAS.'),
    apiToken: key(
      options.environmentKey,
      'environment key',
      'Copy the environment key (omgevingssleutel) under Algemeen > Beheer > Omgeving in AFAS.',
    ),
    userId,
  };
}

/** A transport with no token: its auth sends no header, and names the keys as secrets to blank out. */
function otpTransport(options: OtpOptions, body: Record<string, string>) {
  const secrets = [body['apiKey'], body['apiToken'], body['otp']].filter((s): s is string => !!s);
  const auth: AfasAuth = { authorization: async () => '', secrets: () => secrets };
  return transportFor({ ...options, retry: { retries: 1 } }, () => auth);
}
