/**
 * A user token by one-time password, against the simulator's loopback server: requestOtp has the
 * code "e-mailed" (the simulator keeps it for the test), activateOtp exchanges it for a token that
 * then works, and a wrong, reused or malformed code is a typed error. The keys never show in errors.
 */
import { AfasClient, AfasConfigError, activateOtp, requestOtp } from 'afas-client';
import { DEMO_OTP_KEYS, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingShown } from './support/fixtures.js';

let server: RunningAfasSimulator;
beforeAll(async () => {
  server = await startAfasSimulator({ port: 0 });
});
afterAll(() => server.close());

const options = () => ({ baseUrl: server.url, ...DEMO_OTP_KEYS, userId: 'jan@example.nl' });

describe('token by one-time password', () => {
  it('requests a code, activates it into a token that reads data, and a code works once', async () => {
    await requestOtp(options());
    const issued = server.simulator.lastOtp;
    expect(issued?.userId).toBe('jan@example.nl');
    const request = server.simulator.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', connector: 'otprequest', status: 200 });
    expect(request.headers['authorization']).toBeUndefined(); // no token yet, none sent

    const token = await activateOtp({ ...options(), otp: issued!.code });
    expect(token).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
    const { rows } = await new AfasClient({ baseUrl: server.url, token }).get('Profit_Accounts', { take: 1 });
    expect(rows).toHaveLength(1);

    const again = await activateOtp({ ...options(), otp: issued!.code }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AfasConfigError);
    expect((again as AfasConfigError).message).toBe('AFAS did not accept the one-time password.');
    expect((again as AfasConfigError).hint).toMatch(/request a new one/);
  });

  it('never shows the keys or the code in an error', async () => {
    await requestOtp(options());
    const error = await activateOtp({ ...options(), otp: '12345678' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasConfigError);
    const shown = everythingShown(error);
    for (const secret of [DEMO_OTP_KEYS.apiKey, DEMO_OTP_KEYS.environmentKey, '12345678']) {
      expect(shown).not.toContain(secret);
    }
  });

  it.each([
    ['no API key', { apiKey: '' }, /API key is missing/],
    ['an environment key with spaces', { environmentKey: 'not a key' }, /environment key is missing/],
    ['no user', { userId: ' ' }, /user id is missing/],
  ])('refuses %s before sending anything', async (_name, wrong, message) => {
    const before = server.simulator.requests.length;
    await expect(requestOtp({ ...options(), ...wrong })).rejects.toThrow(message);
    await expect(activateOtp({ ...options(), ...wrong, otp: '12345678' })).rejects.toThrow(AfasConfigError);
    await expect(activateOtp({ ...options(), otp: 'abc' })).rejects.toThrow(/not a code of digits/);
    expect(server.simulator.requests.length).toBe(before);
  });
});
