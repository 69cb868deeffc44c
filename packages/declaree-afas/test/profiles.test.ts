/**
 * Configuration profiles in the built `declaree-afas`, against the simulator's loopback server: a
 * profile says where AFAS is and where its token is kept, so the settings file keeps only the
 * booking (administration, journal, fields).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../src/cli/files.js';
import { sqliteLedger } from '../src/index.js';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

const TOKEN_XML = `<token><version>1</version><data>${DEMO_TOKEN_DATA}</data></token>`;
/** Well-formed, but no token the simulator knows: a run that used it would be refused. */
const UNKNOWN_TOKEN = 'ABCDEF0123456789'.repeat(4);

let server: RunningAfasSimulator;
let root: string;
let downUrl: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
  root = await mkdtemp(join(tmpdir(), 'declaree-profiles-'));
  const listener = createServer();
  await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
  downUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/ProfitRestServices`;
  await new Promise((done) => listener.close(done));
}, 120_000);
afterEach(() => server.simulator.reset());
afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/**
 * A folder with the demo report files, a settings file without environment, baseUrl and token
 * (unless `settings` puts some back), the token in `sim.token`, and a profiles file: `sim` (the
 * simulator) and `down` (nothing listens), with `down` the default unless `profiles` says otherwise.
 */
async function setup(options: { settings?: Record<string, unknown>; profiles?: unknown } = {}) {
  const dir = await mkdtemp(join(root, 'run-'));
  const reports = await writeDemoFiles(dir, server.url);
  const {
    environment: _e,
    baseUrl: _b,
    ...booking
  } = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...booking, ...options.settings }));
  await writeFile(join(dir, 'sim.token'), TOKEN_XML, { mode: 0o600 });
  await chmod(join(dir, 'sim.token'), 0o600);
  const config = join(dir, 'config');
  await mkdir(join(config, 'afas-toolkit'), { recursive: true });
  const profiles = options.profiles ?? {
    default: 'down',
    profiles: {
      sim: { environment: '12345', baseUrl: server.url, token: { file: '../../sim.token' } },
      down: { environment: '12345', baseUrl: downUrl, token: { file: '../../sim.token' } },
    },
  };
  const file = join(config, 'afas-toolkit', 'profiles.json');
  await writeFile(file, JSON.stringify(profiles));
  // AFAS_TOKEN holds a token the simulator refuses: a run that took it would fail.
  return { dir, reports, file, env: { HOME: dir, XDG_CONFIG_HOME: config, AFAS_TOKEN: UNKNOWN_TOKEN } };
}

describe('declaree-afas with a profile', () => {
  it('check --profile: the profile gives the environment, the URL and the token (AFAS_TOKEN is not used)', async () => {
    const { dir, env } = await setup();
    const result = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`answered at ${server.url}; the token is valid.`);
    expect(result.stdout).toMatch(/Ready to export/);
  });

  it('export --dry-run with AFAS_PROFILE: the preflight reads AFAS through the profile; nothing is booked', async () => {
    const { dir, env, reports } = await setup();
    const result = await runCli(
      dir,
      ['export', reports[0] ?? '', '--settings', 'settings.json', '--dry-run'],
      {
        env: { ...env, AFAS_PROFILE: 'sim' },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run: 1 report ready; nothing was sent.');
    expect(server.simulator.requests.length).toBeGreaterThan(0); // the preflight's reads
    expect(server.simulator.entries).toEqual([]);
  });

  it("the file's default applies to settings that name no place; settings that do keep to theirs", async () => {
    const { dir, env } = await setup();
    // The default is `down`: nothing listens there.
    const byDefault = await runCli(dir, ['check', '--settings', 'settings.json', '--retries', '0'], { env });
    expect(byDefault.code).toBe(3);
    // Settings with their own environment and baseUrl: as without profiles (the token from AFAS_TOKEN).
    await writeFile(
      join(dir, 'own.json'),
      JSON.stringify({
        ...JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')),
        environment: '12345',
        baseUrl: server.url,
      }),
    );
    const own = await runCli(dir, ['check', '--settings', 'own.json'], {
      env: { ...env, AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect(own.code, own.stderr).toBe(0);
  });

  it('refuses settings and a profile that say different places, or both a token (exit 2, nothing sent)', async () => {
    const { dir, env } = await setup({ settings: { environment: '12345', baseUrl: server.url } });
    const place = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'down'], { env });
    expect(place.code).toBe(2);
    expect(place.stderr).toContain(
      `settings.json and profile down (--profile) say different places for AFAS: environment "12345", baseUrl ${server.url} in the settings, environment "12345", baseUrl ${downUrl} in the profile.`,
    );
    expect(server.simulator.requests).toEqual([]);
    // The same place is fine.
    const same = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], { env });
    expect(same.code, same.stderr).toBe(0);
    server.simulator.reset();

    const { dir: withToken, env: env2 } = await setup({ settings: { token: DEMO_TOKEN_DATA } });
    const token = await runCli(withToken, ['check', '--settings', 'settings.json', '--profile', 'sim'], {
      env: env2,
    });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain(
      'settings.json has a "token", and profile sim names where its token is: only one may say it.',
    );
    expect(token.stderr.toUpperCase()).not.toContain(DEMO_TOKEN_DATA);
    expect(server.simulator.requests).toEqual([]);
  });

  it('a profile without a token source: the settings token, else AFAS_TOKEN_FILE / AFAS_TOKEN', async () => {
    const { dir, env } = await setup({
      profiles: { profiles: { sim: { environment: '12345', baseUrl: server.url } } },
    });
    const result = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], {
      env: { ...env, AFAS_TOKEN: DEMO_TOKEN_DATA },
    });
    expect(result.code, result.stderr).toBe(0);
    const none = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], {
      env: { HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, AFAS_TOKEN: '' },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'No AFAS token: profile sim names no token source, and neither AFAS_TOKEN_FILE nor AFAS_TOKEN is set.',
    );
    expect(none.stderr).toContain(
      `Give profile sim a "token" in ${env.XDG_CONFIG_HOME}/afas-toolkit/profiles.json (a file, an environment variable or the keychain), or set AFAS_TOKEN_FILE`,
    );
    // The settings' own token (AFAS_TOKEN, unknown to the simulator, is then not read).
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...settings, token: DEMO_TOKEN_DATA }));
    const own = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], { env });
    expect(own.code, own.stderr).toBe(0);
  });

  it('refuses a token written into the profiles file without printing it; an unknown profile gets "did you mean"', async () => {
    const { dir, env, file } = await setup({
      profiles: { profiles: { sim: { environment: '12345', baseUrl: server.url, token: TOKEN_XML } } },
    });
    const plain = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'sim'], { env });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      `declaree-afas: ${file}: profiles.sim.token holds the token as text (not repeated here).`,
    );
    for (let i = 0; i + 8 <= DEMO_TOKEN_DATA.length; i++)
      expect(plain.stderr.toUpperCase()).not.toContain(DEMO_TOKEN_DATA.slice(i, i + 8));

    const { dir: dir2, env: env2, file: file2 } = await setup();
    const typo = await runCli(dir2, ['check', '--settings', 'settings.json', '--profile', 'sin'], {
      env: env2,
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`There is no profile "sin" in ${file2} (--profile). Did you mean sim?`);
    expect(typo.stderr).toContain('Its profiles: sim, down.');
  });

  it('a profile that gives only a baseUrl (a proxy, the simulator): the settings name the environment', async () => {
    const profiles = { profiles: { proxy: { baseUrl: server.url, token: { file: '../../sim.token' } } } };
    // Settings with the environment: it names which AFAS the exports land in; the profile says where to send.
    const { dir, env, reports } = await setup({ settings: { environment: '12345' }, profiles });
    const check = await runCli(dir, ['check', '--settings', 'settings.json', '--profile', 'proxy'], { env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`answered at ${server.url}; the token is valid.`);
    const exported = await runCli(
      dir,
      ['export', reports[0] ?? '', '--settings', 'settings.json', '--profile', 'proxy', '--ledger', 'l.db'],
      { env },
    );
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    expect(server.simulator.entries).toHaveLength(1);
    const ledger = sqliteLedger(join(dir, 'l.db'));
    const [record] = await ledger.findByReport('rep_7f3a01');
    await ledger.close();
    expect(record?.key).toMatchObject({ participant: '12345', environmentKind: 'production' });

    // Without an environment anywhere: refused before anything is sent, naming both places to give it.
    const { dir: bare, env: env2 } = await setup({ profiles });
    const refused = await runCli(bare, ['check', '--settings', 'settings.json', '--profile', 'proxy'], {
      env: env2,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `Profile proxy gives only a baseUrl (${server.url}) and settings.json names no environment`,
    );
    expect(refused.stderr).toMatch(
      /Add "environment" .* to settings\.json, or to profile proxy beside its baseUrl/,
    );
    expect(refused.stderr).not.toContain('environment is missing');
  });

  it("a baseUrl-only profile on AFAS's own URL gives the environment; settings naming another are refused", async () => {
    const { dir, env } = await setup({
      profiles: {
        profiles: {
          afas: {
            baseUrl: 'https://12345.resttest.afas.online/ProfitRestServices',
            token: { file: '../../sim.token' },
          },
        },
      },
    });
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir };
    const { settings } = await loadSettings(io, 'settings.json', { profile: 'afas' });
    expect([settings.environment, settings.environmentKind, settings.baseUrl]).toEqual([
      '12345',
      'test',
      'https://12345.resttest.afas.online/ProfitRestServices',
    ]);
    const other = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'other.json'), JSON.stringify({ ...other, environment: 'O67890AA' }));
    await expect(loadSettings(io, 'other.json', { profile: 'afas' })).rejects.toThrow(
      /other\.json and profile afas \(--profile\) say different places for AFAS/,
    );
  });

  it('check, export, watch and ledger take --profile and --config (generated help)', async () => {
    const { dir } = await setup();
    for (const command of ['check', 'export', 'watch', 'ledger']) {
      const help = await runCli(dir, [command, '--help']);
      expect(help.stdout, command).toMatch(/\n {6}--profile <name> +the connection profile \(AFAS_PROFILE\)/);
      expect(help.stdout, command).toMatch(/\n {6}--config <file> +the profiles file \(AFAS_CONFIG/);
    }
  });
});
