import { defineConfig } from 'vitest/config';

// In-repo consumers resolve workspace packages to their TypeScript source (no build needed for tests).
const conditions = ['afas-toolkit-source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: ['packages/*'],
  },
});
