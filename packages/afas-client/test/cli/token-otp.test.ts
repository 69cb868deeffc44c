/**
 * `afas token request` and `afas token activate`: a user token by one-time password against the
 * simulator (which keeps the "e-mailed" code for the test). The keys come from the environment only,
 * the token goes to an owner-only file that is never overwritten, and nothing secret reaches stderr.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_OTP_KEYS } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startSimulator } from './support.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'afas-otp-'));
});
afterAll(async () => {
  await simulator.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  AFAS_BASE_URL: simulator.url,
  AFAS_API_KEY: DEMO_OTP_KEYS.apiKey,
  AFAS_ENVIRONMENT_KEY: DEMO_OTP_KEYS.environmentKey,
});
const user = ['--user', 'jan@example.nl'];

describe('afas token request / activate', () => {
  it('requests a code, then writes the token to an owner-only file that afas check accepts', async () => {
    const requested = await runCli(['token', 'request', ...user], { env: env() });
    expect(requested.code, requested.stderr).toBe(0);
    expect(requested.stderr).toMatch(/e-mails a one-time code to jan@example\.nl/);
    const code = simulator.simulator.lastOtp!.code;

    const file = join(dir, 'token.xml');
    const activated = await runCli(['token', 'activate', ...user, '--code', code, '--output', file], {
      env: env(),
    });
    expect(activated.code, activated.stderr).toBe(0);
    expect(activated.stdout).toBe('');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const token = await readFile(file, 'utf8');
    expect(token).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>\n$/);
    for (const text of [requested.stderr, activated.stderr]) {
      expect(text).not.toContain(DEMO_OTP_KEYS.apiKey);
      expect(text).not.toContain(DEMO_OTP_KEYS.environmentKey);
      expect(text).not.toContain(token.trim());
    }

    const check = await runCli(['check'], { env: { AFAS_BASE_URL: simulator.url, AFAS_TOKEN_FILE: file } });
    expect(check.code, check.stderr).toBe(0);
  });

  it('prints the token to stdout without --output; a used code exits 2 with what to do', async () => {
    await runCli(['token', 'request', ...user], { env: env() });
    const code = simulator.simulator.lastOtp!.code;
    const first = await runCli(['token', 'activate', ...user, '--code', code], { env: env() });
    expect(first.stdout).toMatch(/^<token>.*<\/token>\n$/);
    const again = await runCli(['token', 'activate', ...user, '--code', code], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^afas: AFAS did not accept the one-time password\.\n {2}A code works once/);
    expect(again.stderr).not.toContain(code);
  });

  it.each([
    [
      'no keys in the environment',
      ['token', 'request', ...user],
      { AFAS_API_KEY: undefined },
      /AFAS_API_KEY and AFAS_ENVIRONMENT_KEY/,
    ],
    ['no --user', ['token', 'request'], {}, /needs --user/],
    ['activate without --code', ['token', 'activate', ...user], {}, /needs --code/],
    [
      'an existing output file',
      ['token', 'activate', ...user, '--code', '12345678', '--output', 'EXISTS'],
      {},
      /already exists; the token is never written over a file/,
    ],
  ])('refuses %s (exit 2), sending nothing', async (_name, argv, extra, message) => {
    const existing = join(dir, 'existing.xml');
    await writeFile(existing, 'keep me');
    const before = simulator.simulator.requests.length;
    const result = await runCli(
      argv.map((arg) => (arg === 'EXISTS' ? existing : arg)),
      { env: { ...env(), ...extra } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    expect(simulator.simulator.requests.length).toBe(before);
  });

  it('is described in afas token --help', async () => {
    const help = (await runCli(['token', '--help'])).stdout;
    expect(help).toMatch(/afas token request --user <id>/);
    expect(help).toMatch(/AFAS_API_KEY/);
  });
});
