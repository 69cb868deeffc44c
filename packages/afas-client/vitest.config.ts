import { defineProject } from 'vitest/config';

const conditions = ['afas-toolkit-source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'afas-client',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
