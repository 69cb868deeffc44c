/**
 * Configuration profiles, through the built `afas` (dist/cli/bin.js run with node) against the
 * simulator's loopback server. Each test writes its own profiles file into a temporary folder and
 * points XDG_CONFIG_HOME (or AFAS_CONFIG, --config) there.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainLookup, looksLikeToken, parseProfiles } from '../../src/cli/profiles.js';
import { closedPort, ensureBuilt, runBuilt, startSimulator, TOKEN_XML, UNKNOWN_TOKEN } from './support.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let downUrl: string;
let root: string;
beforeAll(async () => {
  await ensureBuilt();
  simulator = await startSimulator();
  downUrl = `http://127.0.0.1:${await closedPort()}/ProfitRestServices`;
  root = await mkdtemp(join(tmpdir(), 'afas-profiles-'));
}, 60_000);
afterAll(async () => {
  await simulator?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const PATH = process.env['PATH'] ?? '';

/** A fresh folder with `config/afas-toolkit/profiles.json` holding `profiles`; the env pointing there. */
async function setup(profiles: unknown, files: Record<string, string> = {}) {
  const home = await mkdtemp(join(root, 'home-'));
  const config = join(home, 'config');
  await mkdir(join(config, 'afas-toolkit'), { recursive: true });
  await writeFile(
    join(config, 'afas-toolkit', 'profiles.json'),
    typeof profiles === 'string' ? profiles : JSON.stringify(profiles, null, 2),
  );
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(home, name), text, { mode: 0o600 });
    await chmod(join(home, name), 0o600);
  }
  return {
    home,
    file: join(config, 'afas-toolkit', 'profiles.json'),
    env: { HOME: home, XDG_CONFIG_HOME: config },
  };
}

/** The built `afas` with only `env` (and PATH): none of the developer's variables. */
const afas = (args: readonly string[], env: Record<string, string>) =>
  runBuilt(args, { env: { PATH, ...env } });

/** Two profiles: `sim` (the simulator, token in a file) and `down` (nothing listens); `down` is the default. */
const twoProfiles = () => ({
  default: 'down',
  profiles: {
    sim: { environment: '12345', baseUrl: simulator.url, token: { file: '~/sim.token' } },
    down: { environment: '12345', baseUrl: downUrl, token: { file: '~/sim.token' } },
  },
});

/** No piece of the demo token (8 characters or more, any case) in `text`. */
function expectNoTokenPart(text: string): void {
  const upper = text.toUpperCase();
  for (let i = 0; i + 8 <= DEMO_TOKEN_DATA.length; i++)
    expect(upper, 'a piece of the token was printed').not.toContain(DEMO_TOKEN_DATA.slice(i, i + 8));
  expect(text).not.toContain(Buffer.from(TOKEN_XML).toString('base64').slice(0, 12));
}

describe('choosing a profile', () => {
  it('by --profile, by AFAS_PROFILE, and else the default; the chosen profile says where AFAS is', async () => {
    const { env } = await setup(twoProfiles(), { 'sim.token': TOKEN_XML });
    const byFlag = await afas(['check', '--profile', 'sim'], env);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(byFlag.stdout).toContain(`AFAS              ${simulator.url}`);

    const byEnv = await afas(['check'], { ...env, AFAS_PROFILE: 'sim' });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(byEnv.stdout).toContain(`AFAS              ${simulator.url}`);

    // The default is `down`: nothing listens there (exit 3), so the default was used.
    const byDefault = await afas(['check', '--retries', '0'], env);
    expect(byDefault.code).toBe(3);
    expect(byDefault.stderr).toContain('ECONNREFUSED');

    // --profile beats AFAS_PROFILE.
    const both = await afas(['check', '--profile', 'sim'], { ...env, AFAS_PROFILE: 'down' });
    expect(both.code, both.stderr).toBe(0);
  });

  it('AFAS_CONFIG and --config name the file; a named file that is missing is an error', async () => {
    const { file, home } = await setup(twoProfiles(), { 'sim.token': TOKEN_XML });
    const viaEnv = await afas(['check', '--profile', 'sim'], { HOME: home, AFAS_CONFIG: file });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    const viaFlag = await afas(['check', '--profile', 'sim', '--config', file], { HOME: home });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    const missing = await afas(['check', '--config', join(home, 'nope.json')], { HOME: home });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `Cannot read the profiles file ${join(home, 'nope.json')} (ENOENT), named by --config.`,
    );
  });

  it('flags override the profile: --base-url sends to the simulator although the profile says down', async () => {
    const { env } = await setup(twoProfiles(), { 'sim.token': TOKEN_XML });
    const result = await afas(['check', '--profile', 'down', '--base-url', simulator.url], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`AFAS              ${simulator.url}`);
  });

  it('timeout and language come from the profile; --timeout and --language override them', async () => {
    const slow = await startAfasSimulator({ port: 0, latencyMs: 1000 });
    try {
      const { env } = await setup({
        profiles: {
          slow: {
            environment: '12345',
            baseUrl: slow.url,
            timeout: 0.2,
            language: 'en-us',
            token: { env: 'AFAS_SLOW_TOKEN' },
          },
        },
      });
      const withToken = { ...env, AFAS_SLOW_TOKEN: TOKEN_XML };
      const cut = await afas(['check', '--profile', 'slow', '--retries', '0'], withToken);
      expect(cut.code).toBe(3);
      expect(cut.stderr).toMatch(/timed out|time-out|timeout/i);
      const patient = await afas(['check', '--profile', 'slow', '--timeout', '10'], withToken);
      expect(patient.code, patient.stderr).toBe(0);
      expect(slow.simulator.requests.at(-1)?.headers['accept-language']).toBe('en-us');
      const german = await afas(
        ['check', '--profile', 'slow', '--timeout', '10', '--language', 'de-de'],
        withToken,
      );
      expect(german.code, german.stderr).toBe(0);
      expect(slow.simulator.requests.at(-1)?.headers['accept-language']).toBe('de-de');
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('the profile overrides the environment variables: AFAS_BASE_URL and AFAS_ENVIRONMENT are not used', async () => {
    const { env } = await setup(twoProfiles(), { 'sim.token': TOKEN_XML });
    const result = await afas(['check', '--profile', 'sim'], {
      ...env,
      AFAS_BASE_URL: downUrl,
      AFAS_ENVIRONMENT: 'O99999AA',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`AFAS              ${simulator.url}`);
  });

  it('a command line naming its own --base-url is not given the default profile (nor its token)', async () => {
    // The default profile's token file holds a token the simulator does not know; AFAS_TOKEN the right one.
    const { env } = await setup(
      {
        default: 'other',
        profiles: { other: { environment: '12345', baseUrl: downUrl, token: { file: '~/other.token' } } },
      },
      { 'other.token': UNKNOWN_TOKEN },
    );
    const result = await afas(['check', '--base-url', simulator.url], { ...env, AFAS_TOKEN: TOKEN_XML });
    expect(result.code, result.stderr).toBe(0);
  });

  it('without a profiles file everything is as before; --profile then says there is none', async () => {
    const home = await mkdtemp(join(root, 'empty-'));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
    const plain = await afas(['check'], { ...env, ...simulator.env });
    expect(plain.code, plain.stderr).toBe(0);
    const named = await afas(['check', '--profile', 'sim'], { ...env, ...simulator.env });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(
      `--profile names profile "sim", but there is no profiles file (${join(home, 'config', 'afas-toolkit', 'profiles.json')} does not exist).`,
    );
  });

  it('an unknown profile name: "did you mean" and the list of profiles, exit 2, nothing sent', async () => {
    const { env, file } = await setup(twoProfiles(), { 'sim.token': TOKEN_XML });
    const before = simulator.simulator.requests.length;
    for (const [typo, near] of [
      ['smi', 'sim'],
      ['dwon', 'down'],
    ] as const) {
      const result = await afas(['check', '--profile', typo], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `afas: There is no profile "${typo}" in ${file} (--profile). Did you mean ${near}?\n  Its profiles: sim, down. \`afas profiles\` lists them.\n`,
      );
    }
    expect(simulator.simulator.requests.length).toBe(before);
  });
});

describe('where the token comes from', () => {
  it("a profile's token source wins over AFAS_TOKEN and AFAS_TOKEN_FILE", async () => {
    const { env, home } = await setup(
      {
        profiles: { sim: { environment: '12345', baseUrl: simulator.url, token: { env: 'AFAS_SIM_TOKEN' } } },
      },
      { 'wrong.token': UNKNOWN_TOKEN },
    );
    // AFAS_TOKEN and AFAS_TOKEN_FILE hold a token the simulator refuses (exit 1 if either were used).
    const result = await afas(['check', '--profile', 'sim'], {
      ...env,
      AFAS_SIM_TOKEN: TOKEN_XML,
      AFAS_TOKEN: UNKNOWN_TOKEN,
      AFAS_TOKEN_FILE: join(home, 'wrong.token'),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Token             accepted');

    const unset = await afas(['check', '--profile', 'sim'], { ...env, AFAS_TOKEN: TOKEN_XML });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'Profile sim takes its token from the environment variable AFAS_SIM_TOKEN, which is not set.',
    );
  });

  it('--token-file on the command line beats the profile (an explicit flag)', async () => {
    const { env, home } = await setup(twoProfiles(), {
      'sim.token': UNKNOWN_TOKEN,
      'right.token': TOKEN_XML,
    });
    const result = await afas(['check', '--profile', 'sim', '--token-file', join(home, 'right.token')], env);
    expect(result.code, result.stderr).toBe(0);
    const profileOnly = await afas(['check', '--profile', 'sim'], env);
    expect(profileOnly.code).toBe(1); // the profile's file holds the unknown token
  });

  it('a profile without a token source falls back to AFAS_TOKEN_FILE, then AFAS_TOKEN', async () => {
    const { env } = await setup({ profiles: { sim: { environment: '12345', baseUrl: simulator.url } } });
    const result = await afas(['check', '--profile', 'sim'], { ...env, AFAS_TOKEN: TOKEN_XML });
    expect(result.code, result.stderr).toBe(0);
    const none = await afas(['check', '--profile', 'sim'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No AFAS token given: profile sim names no token source.');
  });

  it('a token file: relative to the profiles file, ~ for home; missing is an error; open to others warns', async () => {
    const { env, home, file } = await setup({
      profiles: {
        relative: { environment: '12345', baseUrl: simulator.url, token: { file: 'relative.token' } },
        missing: { environment: '12345', baseUrl: simulator.url, token: { file: '~/.afas/missing.token' } },
      },
    });
    await writeFile(join(file, '..', 'relative.token'), `${TOKEN_XML}\n`, { mode: 0o600 });
    await chmod(join(file, '..', 'relative.token'), 0o600);
    const relative = await afas(['check', '--profile', 'relative'], env);
    expect(relative.code, relative.stderr).toBe(0);
    expect(relative.stderr).toBe('');

    const missing = await afas(['check', '--profile', 'missing'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'Cannot read the token file ~/.afas/missing.token of profile missing (ENOENT).',
    );
    expect(missing.stderr).toContain(
      `Put the token in ${join(home, '.afas', 'missing.token')} (readable by you only: chmod 600)`,
    );

    if (process.platform !== 'win32') {
      await chmod(join(file, '..', 'relative.token'), 0o644);
      const open = await afas(['check', '--profile', 'relative'], env);
      expect(open.code, open.stderr).toBe(0); // used, with a warning
      expect(open.stderr).toMatch(
        /^warning: the token file relative\.token of profile relative is open to other users \(mode 0644\); make it yours only: chmod 600 /,
      );
    }
  });

  it('a token that is not an AFAS token, from any source, is an error that does not show it', async () => {
    const { env } = await setup({
      profiles: { sim: { environment: '12345', baseUrl: simulator.url, token: { env: 'AFAS_SIM_TOKEN' } } },
    });
    const result = await afas(['check', '--profile', 'sim'], {
      ...env,
      AFAS_SIM_TOKEN: 'hunter2-not-a-token',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'The token from environment variable AFAS_SIM_TOKEN (profile sim) is not an AFAS token:',
    );
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('no secrets in the profiles file', () => {
  const base64 = Buffer.from(TOKEN_XML).toString('base64');
  it.each([
    ['the XML as "token"', { token: TOKEN_XML }, 'profiles.sim.token holds the token as text'],
    ['the data part as "token"', { token: DEMO_TOKEN_DATA }, 'profiles.sim.token holds the token as text'],
    ['any text as "token"', { token: 'see the wiki' }, 'profiles.sim.token holds the token as text'],
    [
      'the header value in a file name',
      { token: { file: `AfasToken ${base64}` } },
      'profiles.sim.token.file looks like a token',
    ],
    [
      'the XML as a variable name',
      { token: { env: TOKEN_XML } },
      'profiles.sim.token.env looks like a token',
    ],
    [
      'the data part as the environment',
      { environment: DEMO_TOKEN_DATA },
      'profiles.sim.environment looks like a token',
    ],
    [
      'base64 as a keychain account',
      { token: { keychain: { account: base64 } } },
      'profiles.sim.token.keychain.account looks like a token',
    ],
  ])(
    'refuses %s (exit 2), and never prints it, also not in `afas profiles`',
    async (_name, fields, message) => {
      const { env, file } = await setup({
        profiles: { sim: { environment: '12345', baseUrl: simulator.url, ...fields } },
      });
      const before = simulator.simulator.requests.length;
      for (const argv of [['check', '--profile', 'sim'], ['check'], ['profiles'], ['profiles', '--json']]) {
        const result = await afas(argv, env);
        expect(result.code, argv.join(' ')).toBe(2);
        expect(result.stderr).toContain(`afas: ${file}: ${message}`);
        expect(result.stderr).toContain('A profiles file holds no secrets');
        expect(result.stderr).toContain('"token": { "file": "~/.afas/sim.token" }');
        expectNoTokenPart(result.stdout + result.stderr);
        if (_name === 'any text as "token"') expect(result.stderr).not.toContain('wiki');
      }
      expect(simulator.simulator.requests.length).toBe(before);
    },
  );

  it("docs/cli.md's sample profiles file is valid as written", async () => {
    const doc = await readFile(join(import.meta.dirname, '../../../../docs/cli.md'), 'utf8');
    const sample = /## Profiles[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(sample).toBeDefined();
    const file = parseProfiles(sample ?? '', 'docs/cli.md');
    expect(file.default).toBe('test');
    expect(file.profiles.map((profile) => profile.name)).toEqual(['test', 'production', 'ci', 'simulator']);
  });

  it('recognises token forms and leaves names, paths and URLs alone', () => {
    for (const secret of [
      TOKEN_XML,
      DEMO_TOKEN_DATA,
      base64,
      `AfasToken ${base64}`,
      `Bearer ${'x'.repeat(20)}`,
    ])
      expect(looksLikeToken(secret), secret.slice(0, 10)).toBe(true);
    for (const plain of [
      'T12345AA',
      '~/.afas/production.token',
      'AFAS_PRODUCTION_ENVIRONMENT_TOKEN',
      'http://127.0.0.1:8080/ProfitRestServices',
      'afas-toolkit',
    ])
      expect(looksLikeToken(plain), plain).toBe(false);
  });
});

describe('a malformed profiles file', () => {
  it.each([
    [
      'bad JSON',
      '{ "profiles": { "sim": { "environment": "12345", } } }',
      /is not valid JSON \(.*at line 1 column \d+\)\./,
    ],
    [
      'a wrong kind',
      { profiles: { sim: { environment: '12345', kind: 'staging' } } },
      /is not valid:\n {2}profiles\.sim\.kind: one of production, test, accept$/m,
    ],
    [
      'a misspelt field',
      { profiles: { sim: { enviroment: '12345' } } },
      /profiles\.sim\.enviroment: unknown field\. Did you mean environment\?/,
    ],
    [
      'no environment nor baseUrl',
      { profiles: { sim: { language: 'nl-nl' } } },
      /profiles\.sim: a profile says where AFAS is: give "environment" \(e\.g\. T12345AA\) or "baseUrl"/,
    ],
    [
      'an environment that is none',
      { profiles: { sim: { environment: 'Q1' } } },
      /profiles\.sim\.environment: The environment given is not an AFAS environment/,
    ],
    [
      'two token sources',
      { profiles: { sim: { environment: '12345', token: { file: 'a', env: 'B' } } } },
      /profiles\.sim\.token: one source only: give \{ "file": "<path>" \}, \{ "env": "<VARIABLE>" \} or \{ "keychain": \{ "account": "<name>" \} \}/,
    ],
    [
      'a default that is no profile',
      { default: 'tset', profiles: { test: { environment: 'T12345AA' } } },
      /default: there is no profile "tset"\. Did you mean test\?\n {2}Its profiles: test\./,
    ],
    [
      'a keychain entry without account, and a stray field',
      { profiles: { sim: { environment: '12345', token: { keychain: { acount: 'sim' } } } } },
      /profiles\.sim\.token\.keychain\.acount: unknown field\. Did you mean account\?\n {2}profiles\.sim\.token\.keychain\.account: the keychain account, e\.g\. the profile name/,
    ],
    ['not an object', '[]', /is not valid:\n {2}\(top level\): an object/],
    [
      'a timeout as text',
      { profiles: { sim: { environment: '12345', timeout: '30' } } },
      /profiles\.sim\.timeout: a number of seconds/,
    ],
  ])('%s: one error naming the file and the field (exit 2)', async (_name, content, message) => {
    const { env, file } = await setup(content);
    const result = await afas(['profiles'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('    at ');
    expect(result.stderr.match(/^afas: /gm)).toHaveLength(1);
  });
});

describe('afas profiles', () => {
  it('lists each profile with where AFAS is and where its token is kept, never a token', async () => {
    const { env, file } = await setup({
      default: 'test',
      profiles: {
        test: { environment: 'T12345AA', token: { keychain: { account: 'test' } } },
        production: { environment: 'O12345AA', token: { file: '~/.afas/production.token' } },
        ci: { environment: '12345', kind: 'accept', token: { env: 'AFAS_CI_TOKEN' } },
        sim: { environment: '12345', baseUrl: simulator.url },
      },
    });
    const result = await afas(['profiles'], { ...env, AFAS_CI_TOKEN: TOKEN_XML });
    const sim = `12345 at ${simulator.url}`;
    const row = (mark: string, name: string, where: string, token: string) =>
      `${mark.padEnd(1)}  ${name.padEnd(10)}  ${where.padEnd(sim.length)}  ${token}`;
    expect(result).toEqual({
      code: 0,
      stdout: [
        `Profiles in ${file} (default: test)`,
        row('', 'NAME', 'AFAS', 'TOKEN'),
        row('*', 'test', 'T12345AA', 'keychain: service afas-toolkit, account test'),
        row('', 'production', 'O12345AA', 'file ~/.afas/production.token'),
        row('', 'ci', '12345 (accept)', 'environment variable AFAS_CI_TOKEN'),
        row('', 'sim', sim, 'not in the profile (--token-file, AFAS_TOKEN_FILE or AFAS_TOKEN)'),
        '* in effect without --profile (the default).',
        '',
      ].join('\n'),
      stderr: '',
    });
    const ci = await afas(['profiles', '--json'], { ...env, AFAS_PROFILE: 'ci' });
    expect(ci.code).toBe(0);
    const json = JSON.parse(ci.stdout);
    expect(json).toMatchObject({ path: file, default: 'test', active: 'ci' });
    expect(json.profiles[0]).toEqual({
      name: 'test',
      environment: 'T12345AA',
      token: { keychain: { service: 'afas-toolkit', account: 'test' } },
    });
    expectNoTokenPart(result.stdout + ci.stdout);
  });

  it('without a file says so (exit 0); has generated help; every connecting command takes --profile', async () => {
    const home = await mkdtemp(join(root, 'none-'));
    const none = await afas(['profiles'], { HOME: home });
    expect(none).toEqual({
      code: 0,
      stdout: `No profiles: ${join(home, '.config', 'afas-toolkit', 'profiles.json')} does not exist.\nRun \`afas profiles --help\` for a sample file.\n`,
      stderr: '',
    });
    const help = await afas(['profiles', '--help'], {});
    expect(help.stdout).toMatch(/^Usage: afas profiles \[--config <file>\] \[--json\]/);
    expect(help.stdout).toMatch(/\n {6}--config <file> +the profiles file \(AFAS_CONFIG\)/);
    expect((await afas(['--help'], {})).stdout).toMatch(/\n {2}profiles +list the connection profiles/);
    for (const command of ['check', 'get', 'meta', 'insert', 'update', 'delete', 'codegen', 'token']) {
      const commandHelp = await afas([command, '--help'], {});
      expect(commandHelp.stdout, command).toMatch(
        /\n {6}--profile <name> +the connection profile \(AFAS_PROFILE\)/,
      );
    }
  });
});

describe('the OS keychain', () => {
  const linuxLike = process.platform !== 'win32' && process.platform !== 'darwin';

  /** A folder with a stand-in `secret-tool` (and `security`) that logs its argv and answers as `script` says. */
  async function standIn(script: string) {
    const bin = await mkdtemp(join(root, 'bin-'));
    const log = join(bin, 'argv.log');
    for (const name of ['secret-tool', 'security']) {
      await writeFile(
        join(bin, name),
        `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg" >> '${log}'; done\n${script}\n`,
      );
      await chmod(join(bin, name), 0o755);
    }
    return { bin, log };
  }

  const keychainProfiles = () => ({
    profiles: {
      sim: { environment: '12345', baseUrl: simulator.url, token: { keychain: { account: 'sim' } } },
      other: {
        environment: '12345',
        baseUrl: simulator.url,
        token: { keychain: { service: 'my-service', account: 'ops team' } },
      },
    },
  });

  it('a stand-in secret-tool: asked `lookup service <service> account <account>`, the token on its stdout only', async (context) => {
    if (!linuxLike)
      context.skip('secret-tool is the keychain on Linux and other Unixes; macOS is covered below');
    const { env } = await setup(keychainProfiles());
    const { bin, log } = await standIn(`printf '%s\\n' '${TOKEN_XML}'`);
    const result = await afas(['check', '--profile', 'sim'], { ...env, PATH: `${bin}${delimiter}${PATH}` });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Token             accepted');
    expect(await readFile(log, 'utf8')).toBe('lookup\nservice\nafas-toolkit\naccount\nsim\n');

    await rm(log);
    const other = await afas(['check', '--profile', 'other'], { ...env, PATH: `${bin}${delimiter}${PATH}` });
    expect(other.code, other.stderr).toBe(0);
    // One argument each, passed without a shell: the space stays inside the account.
    expect(await readFile(log, 'utf8')).toBe('lookup\nservice\nmy-service\naccount\nops team\n');
  });

  it('a stand-in secret-tool without the entry, or none at all: the error says how to store it', async (context) => {
    if (!linuxLike) context.skip('secret-tool is the keychain on Linux and other Unixes');
    const { env } = await setup(keychainProfiles());
    const { bin } = await standIn('exit 1');
    const missing = await afas(['check', '--profile', 'sim'], { ...env, PATH: `${bin}${delimiter}${PATH}` });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "afas: The keychain has no token for service afas-toolkit, account sim (profile sim).\n  Store it with: secret-tool store --label='AFAS token sim' service afas-toolkit account sim  (it reads the token from stdin)\n",
    );
    const { bin: broken } = await standIn(
      "echo 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1",
    );
    const noBus = await afas(['check', '--profile', 'sim'], { ...env, PATH: `${broken}${delimiter}${PATH}` });
    expect(noBus.code).toBe(2);
    expect(noBus.stderr).toContain(
      'secret-tool could not read the token for service afas-toolkit, account sim (profile sim): secret-tool: Cannot autolaunch D-Bus',
    );
    expect(noBus.stderr).toContain('secret-tool needs a Secret Service');

    const empty = await mkdtemp(join(root, 'nobin-'));
    const noTool = await afas(['check', '--profile', 'sim'], { ...env, PATH: empty });
    expect(noTool.code).toBe(2);
    expect(noTool.stderr).toContain('secret-tool is not installed, or not on PATH');
    expect(noTool.stderr).toContain('apt install libsecret-tools');
  });

  it('macOS: `security find-generic-password -s <service> -a <account> -w` (a stand-in, in-process)', async () => {
    const { bin, log } = await standIn(`printf '%s\\n' '${TOKEN_XML}'`);
    const token = await keychainLookup({ service: 'afas-toolkit', account: 'prod' }, { PATH: bin }, 'darwin');
    expect(token).toBe(TOKEN_XML);
    expect(await readFile(log, 'utf8')).toBe('find-generic-password\n-s\nafas-toolkit\n-a\nprod\n-w\n');
    const { bin: notFound } = await standIn(
      "echo 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.' >&2; exit 44",
    );
    await expect(
      keychainLookup({ service: 'afas-toolkit', account: 'prod' }, { PATH: notFound }, 'darwin'),
    ).rejects.toMatchObject({
      message: 'The keychain has no token for service afas-toolkit, account prod.',
      hint: 'Store it with: security add-generic-password -s afas-toolkit -a prod -w  (it asks for the token)',
    });
  });

  it('Windows: a clear error that the keychain is not supported yet', async () => {
    await expect(
      keychainLookup({ service: 'afas-toolkit', account: 'x' }, {}, 'win32', 'x'),
    ).rejects.toMatchObject({
      message: 'The OS keychain is not supported on Windows yet (profile x).',
    });
  });

  const REAL_KEYRING = ['secret-tool', 'gnome-keyring-daemon', 'dbus-run-session'];
  const onPath = (name: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };

  it('a real Secret Service (GNOME Keyring on a private D-Bus): stored with secret-tool, read by the built afas', async (context) => {
    const missing = REAL_KEYRING.filter((name) => !onPath(name));
    if (process.platform !== 'linux' || missing.length > 0)
      context.skip(
        `needs Linux with ${missing.join(', ') || REAL_KEYRING.join(', ')} on PATH (Debian/Ubuntu: apt-get install libsecret-tools gnome-keyring dbus)`,
      );
    const { env, home } = await setup(keychainProfiles());
    // A keyring of its own (XDG_DATA_HOME in the test's folder), unlocked with a throwaway password.
    const data = join(home, 'data');
    const runtime = join(home, 'run');
    await mkdir(data);
    await mkdir(runtime, { mode: 0o700 });
    const script = [
      'echo throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
      `printf '%s' "$TOKEN" | secret-tool store --label='AFAS token sim' service afas-toolkit account sim`,
      `"${process.execPath}" "$BIN" check --profile sim`,
    ].join(' && ');
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const process_ = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
        env: {
          PATH,
          ...env,
          XDG_DATA_HOME: data,
          XDG_RUNTIME_DIR: runtime,
          TOKEN: TOKEN_XML,
          BIN: join(import.meta.dirname, '../../dist/cli/bin.js'),
        },
      });
      let stdout = '';
      let stderr = '';
      process_.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      process_.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      process_.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(child.code, child.stderr).toBe(0);
    expect(child.stdout).toContain('Token             accepted');
    expectNoTokenPart(child.stdout);
  }, 60_000);
});
