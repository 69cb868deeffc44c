/**
 * Every bad input the issue found books nothing: the built CLI, run as a user runs it, against the
 * simulator's loopback server. Each report is `invalid` with what to fix (or the run stops with a
 * usage error), and AFAS receives no write at all — never the entry first and a crash after.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSeed, type RunningAfasSimulator, startAfasSimulator } from 'afas-client/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPackages, runCli, writeDemoFiles } from './support/cli.js';

let server: RunningAfasSimulator;
let dir: string;
beforeAll(async () => {
  await buildPackages();
  server = await startAfasSimulator({ port: 0 });
}, 120_000);
afterAll(() => server.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'declaree-bad-input-'));
  await writeDemoFiles(dir, server.url);
});
afterEach(async () => {
  server.simulator.reset();
  await rm(dir, { recursive: true, force: true });
});

const writes = () => server.simulator.requests.filter((r) => r.method !== 'GET');

/** The first demo report (books cleanly) with its file changed. */
async function reportWith(changes: Record<string, unknown>): Promise<string> {
  const report = JSON.parse(await readFile(join(dir, 'R-2026-0001.json'), 'utf8')) as Record<string, unknown>;
  const { pdf: _pdf, ...rest } = report;
  await writeFile(join(dir, 'changed.json'), JSON.stringify({ ...rest, ...changes }));
  return 'changed.json';
}

const exportOne = (file: string, ...flags: string[]) =>
  runCli(dir, ['export', file, '--settings', 'settings.json', ...flags], { timeoutMs: 20_000 });

describe('a bad PDF makes the report invalid, with the fix, and books nothing', () => {
  it.each<[string, () => Promise<Record<string, unknown>>, RegExp]>([
    [
      'a missing PDF',
      async () => ({ pdf: 'missing.pdf' }),
      /missing\.pdf does not exist: put the PDF beside/,
    ],
    [
      'a PDF path that is a folder',
      async () => {
        await mkdir(join(dir, 'folder.pdf'));
        return { pdf: 'folder.pdf' };
      },
      /is a folder, not a file|not a regular file/,
    ],
    [
      'a FIFO (which would block a reader forever)',
      async () => {
        execFileSync('mkfifo', [join(dir, 'pipe.pdf')]);
        return { pdf: 'pipe.pdf' };
      },
      /pipe\.pdf is not a regular file/,
    ],
    ['/dev/zero (endless)', async () => ({ pdf: '/dev/zero' }), /\/dev\/zero is not a regular file/],
    [
      'an 80 MB PDF (AFAS answers 413 over 75 MB)',
      async () => {
        await writeFile(join(dir, 'big.pdf'), '%PDF-1.7\n');
        await truncate(join(dir, 'big.pdf'), 80_000_000); // sparse: nothing is really written
        return { pdf: 'big.pdf' };
      },
      /The report PDF is 80\.0 MB; a dossier item takes at most 56\.2 MB .* compress the PDF/,
    ],
    [
      'an invalid pdfBase64',
      async () => ({ pdfBase64: 'JVBERi0xLjcK%%%not base64' }),
      /pdfBase64\) is not valid base64/,
    ],
    [
      'a file that is not a PDF',
      async () => {
        await writeFile(join(dir, 'photo.pdf'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
        return { pdf: 'photo.pdf' };
      },
      /is not a PDF \(no %PDF- header\)/,
    ],
  ])('%s', async (_, change, fix) => {
    const result = await exportOne(await reportWith(await change()));
    expect(result.signal).toBeNull(); // it did not hang
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/R-2026-0001 +invalid/);
    expect(result.stdout).toContain("R-2026-0001: fix the report's PDF, nothing was sent:");
    expect(result.stdout).toMatch(fix);
    expect(result.stdout + result.stderr).not.toMatch(/unexpected|maintainers/i);
    expect(writes()).toEqual([]);
  });
});

describe('limits from AFAS metainfo are checked before the first write', () => {
  it('a report number longer than the free field it fills', async () => {
    const number = `DECL-${'0'.repeat(36)}1`; // 42 characters; the demo's Declaratienummer holds 40
    const result = await exportOne(await reportWith({ number, pdf: 'R-2026-0001.pdf' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/invalid/);
    expect(result.stdout).toMatch(
      /The free field "Declaratienummer" holds at most 40 characters; ".*" has 42\. Shorten the value in Declaree/,
    );
    expect(result.stdout).toContain(`${number}: fix in Declaree or in the settings, nothing was sent:`);
    expect(writes()).toEqual([]);
  });

  it('a free field the settings name that AFAS does not have', async () => {
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as {
      freeFields: Record<string, string>;
    };
    settings.freeFields['U0123456789ABCDEF0123456789ABCDEF'] = '{report.id}';
    await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
    const result = await exportOne('R-2026-0001.json');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /The free field U0123456789ABCDEF0123456789ABCDEF does not exist in FiEntriesCustom/,
    );
    expect(result.stdout).toContain('R-2026-0001: fix in the settings, nothing was sent:');
    expect(writes()).toEqual([]);
  });
});

describe('a report file that is no regular file stops the run before anything is sent (exit 2)', () => {
  it.each<[string, () => Promise<string>]>([
    [
      'a FIFO (which would block a reader forever)',
      async () => {
        execFileSync('mkfifo', [join(dir, 'pipe.json')]);
        return 'pipe.json';
      },
    ],
    ['/dev/zero (which never ends)', async () => '/dev/zero'],
    ['a folder', async () => (await mkdir(join(dir, 'folder.json')), 'folder.json')],
  ])('%s', async (_, makeFile) => {
    const result = await exportOne(await makeFile());
    expect(result.signal).toBeNull(); // it did not hang until the time-out
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a regular file|is a folder/);
    expect(result.stderr).not.toMatch(/unexpected|maintainers/i);
    expect(writes()).toEqual([]);
  });
});

describe('a disk that fills up during the run', () => {
  // The ledger is proven writable at the start, then the disk fills up while reports are exported
  // (a file size limit stands in for the full disk: writes past it fail with EFBIG, as with ENOSPC).
  it('fails the reports it meets with the ledger and its fix, never "unexpected", and the rerun books each once', async () => {
    const report = JSON.parse(await readFile(join(dir, 'R-2026-0001.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const files: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const number = `FULL-${String(i).padStart(3, '0')}`;
      await writeFile(
        join(dir, `${number}.json`),
        JSON.stringify({ ...report, id: `rep_${number}`, number }),
      );
      files.push(`${number}.json`);
    }
    const args = ['export', ...files, '--settings', 'settings.json', '--ledger', 'ledger.db'];
    const full = await runCli(dir, args, { fileSizeLimitKiB: 96, timeoutMs: 60_000 });
    const output = full.stdout + full.stderr;
    expect(output, output).toMatch(/The ledger cannot be used/);
    expect(output).toMatch(/cannot be written \(.*(full|large|too big|I\/O).*\)/i);
    expect(output).toMatch(/Make room on the disk/);
    expect(output).not.toMatch(/unexpected|maintainers/i);
    expect(output).toMatch(/FULL-001 +exported/); // the disk filled up during the run, not before it
    expect(output).toMatch(/This run sent nothing of this report to AFAS/);
    expect(full.code).toBe(2); // a local fix, as for a ledger that cannot be written at the start

    const again = await runCli(dir, args, { timeoutMs: 60_000 });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const { simulator } = server;
    const created = (connector: string) =>
      simulator.requests.filter((r) => r.connector === connector && r.method === 'POST' && r.status === 201);
    // Each report once: one entry and one dossier item, however the first run ended.
    expect(created('FiEntries')).toHaveLength(files.length);
    expect(created('KnSubject')).toHaveLength(files.length);
  }, 120_000);
});

describe('a dossier item type AFAS does not have', () => {
  const withType = async (dossierItemType: number) => {
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...settings, dossierItemType }));
    return async () => writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
  };

  it('is refused before anything is sent when the App Connector may read Profit_SubjectTypes', async () => {
    await withType(999);
    const result = await exportOne('R-2026-0001.json');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/settings\.dossierItemType/);
    expect(result.stdout).toContain('R-2026-0001: fix in the settings, nothing was sent:');
    expect(result.stdout).toMatch(
      /AFAS has no dossier item type 999 .* choose one listed under Algemeen > Dossier > Beheer > Type dossieritem/,
    );
    expect(result.stdout + result.stderr).not.toMatch(/unexpected|maintainers/i);
    expect(writes()).toEqual([]);
  });

  // Without Profit_SubjectTypes (and with metainfo that lists no types, as AFAS's does) only AFAS
  // can tell: the check is listed as not run, the entry is booked, the dossier item is refused
  // with the fix, and the export after the fix adds only what is missing.
  it('without Profit_SubjectTypes: the check is named as not run, AFAS refuses, the fix books no second entry', async () => {
    const seed = {
      ...demoSeed,
      appConnectors: demoSeed.appConnectors.map((connector) => ({
        ...connector,
        getConnectors: connector.getConnectors?.filter((id) => id !== 'Profit_SubjectTypes'),
      })),
    };
    const afas = await startAfasSimulator({ port: 0, seed });
    try {
      await writeDemoFiles(dir, afas.url);
      const restore = await withType(999);
      const dry = await exportOne('R-2026-0001.json', '--dry-run');
      expect(dry.stdout).toMatch(
        /not checked \(Profit_SubjectTypes not authorised\): the dossier item type exists in AFAS/,
      );
      const first = await exportOne('R-2026-0001.json');
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/The dossier item type does not exist in AFAS/);
      expect(first.stdout).toMatch(
        /Set dossierItemType in the settings to a type listed under Algemeen > Dossier > Beheer > Type dossieritem/,
      );
      expect(first.stdout + first.stderr).not.toMatch(/unexpected|maintainers/i);
      expect(afas.simulator.entries).toHaveLength(1);
      expect(afas.simulator.subjects).toHaveLength(0);

      await restore();
      const fixed = await exportOne('R-2026-0001.json');
      expect(fixed.code, fixed.stdout).toBe(0);
      expect(afas.simulator.entries).toHaveLength(1);
      expect(afas.simulator.subjects).toHaveLength(1);
    } finally {
      await afas.close();
    }
  });
});

describe('an unwritable ledger stops the run before anything is sent (exit 2)', () => {
  it.each([
    ['/dev/null', '/dev/null'],
    ['a folder', '.'],
    ['a file in a folder that does not exist', 'no/such/folder/ledger.db'],
    ['a full disk (/dev/full)', '/dev/full'],
  ])('%s', async (_, ledger) => {
    const result = await exportOne('R-2026-0001.json', '--ledger', ledger);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The ledger .* cannot be written/);
    expect(result.stderr).toMatch(/nothing was sent to AFAS/);
    expect(result.stderr).not.toMatch(/unexpected/i);
    expect(writes()).toEqual([]);
  });
});
