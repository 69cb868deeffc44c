/**
 * The built `declaree-afas` help, as a user at a terminal reads it: every command's help fits 100
 * columns, and the flags both CLIs share read the same in both.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, ROOT, runCli } from './support/cli.js';

const AFAS_BIN = join(ROOT, 'packages/afas-client/dist/cli/bin.js');
const COMMANDS = ['check', 'export', 'watch', 'ledger', 'demo'];

let dir: string;
beforeAll(async () => {
  await buildPackages();
  dir = await mkdtemp(join(tmpdir(), 'declaree-afas-help-'));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (args: readonly string[]) => runCli(dir, args);

describe('declaree-afas help', () => {
  it('fits a terminal: no line of the general help or any command help is wider than 100 columns', async () => {
    const helps = await Promise.all([
      cli(['--help']),
      ...COMMANDS.map((command) => cli([command, '--help'])),
    ]);
    for (const [i, help] of helps.entries()) {
      expect(help.code).toBe(0);
      const wide = help.stdout.split('\n').filter((line) => line.length > 100);
      expect(wide, ['', ...COMMANDS][i]).toEqual([]);
    }
  });

  it('describes --timeout and --retries word for word as afas does: one declaration in the kit', async () => {
    const { stdout: afasHelp } = await promisify(execFile)(process.execPath, [AFAS_BIN, 'check', '--help'], {
      encoding: 'utf8',
    });
    const { stdout: ours } = await cli(['export', '--help']);
    // A flag's entry: its line and the continuation lines under it.
    const entry = (help: string, flag: string) =>
      new RegExp(`--${flag} [^\\n]*(?:\\n {20,}[^\\n]*)*`).exec(help)?.[0].replace(/\s+/g, ' ');
    for (const flag of ['timeout', 'retries']) {
      expect(entry(ours, flag), flag).toBeDefined();
      expect(entry(ours, flag)).toBe(entry(afasHelp, flag));
    }
    expect(entry(ours, 'retries')).toMatch(/writes AFAS proves it did not apply/);
  });

  it("`declaree-afas help <command>` is that command's help, as `<command> --help`", async () => {
    for (const command of COMMANDS) {
      const [viaHelp, viaFlag] = await Promise.all([cli(['help', command]), cli([command, '--help'])]);
      expect(viaHelp.code, command).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: declaree-afas ${command}`));
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
    }
    expect((await cli(['help'])).stdout).toMatch(/^Usage: declaree-afas <command>/);
  });

  it('suggests the command meant for a typo, also after `help` (exit 2)', async () => {
    for (const [args, message] of [
      [['exprot', 'r.json'], 'Unknown command "exprot". Did you mean export?'],
      [['help', 'chek'], 'Unknown command "chek". Did you mean check?'],
      [['help', 'constructor'], 'Unknown command "constructor".'],
      [['constructor', '--help'], 'Unknown command "constructor".'],
    ] as const) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^declaree-afas: ${message.replace(/[.?]/g, '\\$&')}\n {2}Commands: check, export,`),
      );
    }
  });

  it('`declaree-afas ledger import --help` exits 0 and lists every flag ledger import takes', async () => {
    const help = await cli(['ledger', 'import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(
      /^Usage: declaree-afas ledger import <journal\.jsonl> --settings settings\.json <report\.json>…/,
    );
    for (const flag of ['settings <file>', 'profile <name>', 'config <file>', 'ledger <path|url>']) {
      expect(help.stdout).toMatch(new RegExp(`^ {6}--${flag.replace(/[|.]/g, '\\$&')} {2,}\\S`, 'm'));
    }
    // Nothing was imported: no ledger was created in the folder.
    expect(await readdir(dir)).toEqual([]);
  });
});
