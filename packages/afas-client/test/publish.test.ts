/** What npm users see of both packages: licence, links that work on npm, a changelog, provenance. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe.each(['afas-client', 'declaree-afas'])('the published %s package', (name) => {
  const dir = join(packagesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  it('carries its licence, changelog and the links npm shows', () => {
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(manifest.license).toBe('MIT');
    expect(existsSync(join(dir, 'CHANGELOG.md'))).toBe(true);
    expect(manifest.files).toContain('CHANGELOG.md');
    expect(manifest.repository).toMatchObject({ type: 'git', directory: `packages/${name}` });
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs.url).toMatch(/^https:\/\//);
    expect(manifest.publishConfig).toMatchObject({ access: 'public', provenance: true });
  });

  it('has a README whose links work on npm (absolute, not into the repository tree)', () => {
    const links = [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/\]\(([^)]+)\)/g)].map(
      (m) => m[1],
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^(https:\/\/|#)/);
  });
});

it('declaree-afas depends on afas-client through the workspace, published as a real range', () => {
  const manifest = JSON.parse(readFileSync(join(packagesDir, 'declaree-afas/package.json'), 'utf8'));
  // pnpm publish turns `workspace:^` into `^<version of afas-client>`.
  expect(manifest.dependencies['afas-client']).toBe('workspace:^');
});
