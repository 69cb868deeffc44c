import { describe, expect, it } from 'vitest';
import {
  afasTokenHeader,
  DEMO_LIMITED_TOKEN_DATA,
  DEMO_OAUTH_CLIENT,
  DEMO_OTP_KEYS,
  DEMO_TOKEN_DATA,
} from '../../src/testing/index.js';
import { profitError, useSimulator } from './support.js';

const { simulator, call } = useSimulator();

function tokenRequest(body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${simulator.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
}

describe('classic AfasToken', () => {
  it('accepts the base64 of the XML token', async () => {
    const response = await call('/profitversion');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: '22.22.5' });
  });

  it.each([
    ['the data part as plain text', `AfasToken ${DEMO_TOKEN_DATA}`],
    ['the XML as plain text', `AfasToken <token><version>1</version><data>${DEMO_TOKEN_DATA}</data></token>`],
  ])('answers %s with a 500 body, as Profit 6+ does', async (_case, header) => {
    const body = await profitError(
      await call('/profitversion', { token: null, headers: { Authorization: header } }),
    );
    expect(body.externalMessage).toBe('General message: Het token is niet Base64-gecodeerd.');
    expect(body.externalMessage).not.toContain(DEMO_TOKEN_DATA);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', afasTokenHeader('ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789')],
    ['base64 that is no token', `AfasToken ${Buffer.from('hello world!').toString('base64')}`],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers %s with 401 and an empty body', async (_case, header) => {
    const response = await call('/profitversion', {
      token: null,
      ...(header ? { headers: { Authorization: header } } : {}),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('refuses a revoked token', async () => {
    simulator.revokeToken(DEMO_TOKEN_DATA);
    expect((await call('/profitversion')).status).toBe(401);
  });

  it('never logs the token', async () => {
    await call('/profitversion');
    const [entry] = simulator.requests;
    expect(entry?.headers['authorization']).toBe('AfasToken [redacted]');
    expect(JSON.stringify(simulator.requests)).not.toContain(afasTokenHeader(DEMO_TOKEN_DATA).slice(10));
  });
});

describe('connector authorisation', () => {
  it.each([
    // The texts of AFAS's troubleshooting page (docs.afas.help, "GetConnector errors").
    [
      'nl-nl',
      'General message: GetConnector niet ondersteund voor deze app of de gebruiker is niet geautoriseerd',
    ],
    ['en-us', 'General message: GetConnector not supported for this app or the user is not authorized'],
  ])('refuses a GetConnector the App Connector lacks (%s)', async (language, message) => {
    const body = await profitError(
      await call('/connectors/Profit_Accounts', { token: DEMO_LIMITED_TOKEN_DATA, language }),
    );
    expect(body).toMatchObject({ externalMessage: message, errorNumber: -2147180996 });
  });

  it('refuses an UpdateConnector the App Connector lacks, without writing', async () => {
    const response = await call('/connectors/FiEntries', {
      method: 'POST',
      token: DEMO_LIMITED_TOKEN_DATA,
      json: { FiEntryPar: { Element: { Fields: {} } } },
    });
    // As recorded from a live system by go-afas-profit-rest (api.go).
    expect(await profitError(response)).toMatchObject({
      externalMessage:
        'General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
      errorNumber: -2147180996,
    });
    expect(simulator.entries).toEqual([]);
  });

  it('gives every 500 a fresh log reference', async () => {
    const first = await profitError(await call('/connectors/Nope'));
    const second = await profitError(await call('/connectors/Nope'));
    expect(first.profitLogReference).not.toBe(second.profitLogReference);
  });
});

describe('OAuth client credentials', () => {
  it('issues a Bearer token that works until it expires', async () => {
    const response = await tokenRequest({ grant_type: 'client_credentials', ...toForm(DEMO_OAUTH_CLIENT) });
    expect(response.status).toBe(200);
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const bearer = { Authorization: `Bearer ${token.access_token}` };
    expect((await call('/connectors/Profit_Administrations', { token: null, headers: bearer })).status).toBe(
      200,
    );
    simulator.expireAccessTokens();
    const expired = await call('/connectors/Profit_Administrations', { token: null, headers: bearer });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('');
  });

  it('accepts the client in HTTP Basic', async () => {
    const basic = Buffer.from(`${DEMO_OAUTH_CLIENT.clientId}:${DEMO_OAUTH_CLIENT.clientSecret}`).toString(
      'base64',
    );
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      { Authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a wrong secret',
      { grant_type: 'client_credentials', client_id: 'declaree-demo', client_secret: 'x' },
      'invalid_client',
    ],
    ['another grant', { grant_type: 'password', ...toForm(DEMO_OAUTH_CLIENT) }, 'unsupported_grant_type'],
  ])('answers %s with 400', async (_case, form, error) => {
    const response = await tokenRequest(form);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('lets access tokens expire with the clock', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const { AfasSimulator } = await import('../../src/testing/index.js');
    const clocked = new AfasSimulator({ now: () => new Date(now), accessTokenLifetimeSeconds: 60 });
    const post = (body: string, headers: Record<string, string>) =>
      clocked.handle(new Request(`${clocked.baseUrl}/oauth/token`, { method: 'POST', body, headers }));
    const issued = (await post(
      new URLSearchParams({ grant_type: 'client_credentials', ...toForm(DEMO_OAUTH_CLIENT) }).toString(),
      {
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    )) as Response;
    const { access_token } = (await issued.json()) as { access_token: string };
    const get = () =>
      clocked.handle(
        new Request(`${clocked.baseUrl}/profitversion`, {
          headers: { Authorization: `Bearer ${access_token}` },
        }),
      ) as Promise<Response>;
    expect((await get()).status).toBe(200);
    now += 61_000;
    expect((await get()).status).toBe(401);
  });
});

describe('OTP token flow', () => {
  const keys = {
    apiKey: DEMO_OTP_KEYS.apiKey,
    apiToken: DEMO_OTP_KEYS.environmentKey,
    userId: '12345.declaree',
  };
  const post = (path: string, json: unknown) => call(path, { method: 'POST', token: null, json });

  it('mails a code that can be exchanged once for a working token', async () => {
    const requested = await post('/otprequest', keys);
    expect(requested.status).toBe(200);
    expect(await requested.text()).toBe('');
    const code = simulator.lastOtp?.code ?? '';
    expect(code).toMatch(/^\d{8}$/);

    const validated = await post('/otpvalidation', { ...keys, otp: code });
    expect(validated.status).toBe(200);
    const { token } = (await validated.json()) as { token: string };
    expect(token).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>\r\n$/);
    const data = /<data>(.*)<\/data>/.exec(token)?.[1] ?? '';
    expect((await call('/profitversion', { token: data })).status).toBe(200);
    expect((await post('/otpvalidation', { ...keys, otp: code })).status).toBe(204);
  });

  it.each([
    ['a wrong code', { ...keys, otp: '00000000' }],
    ['a wrong environment key', { ...keys, apiToken: '0'.repeat(32), otp: 'CODE' }],
  ])('answers %s with 204', async (_case, body) => {
    await post('/otprequest', keys);
    const otp = body.otp === 'CODE' ? (simulator.lastOtp?.code ?? '') : body.otp;
    expect((await post('/otpvalidation', { ...body, otp })).status).toBe(204);
  });

  it('answers 200 (as AFAS records it) to a request with wrong keys and mails nothing', async () => {
    expect((await post('/otprequest', { ...keys, apiKey: 'wrong' })).status).toBe(200);
    expect(simulator.lastOtp).toBeUndefined();
  });
});

function toForm(client: { clientId: string; clientSecret: string }): Record<string, string> {
  return { client_id: client.clientId, client_secret: client.clientSecret };
}
