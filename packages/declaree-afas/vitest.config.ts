import { defineProject } from 'vitest/config';

const conditions = ['afas-toolkit-source', 'import', 'module', 'node', 'default'];
// Vitest hands ssr.resolve.conditions to Node as --conditions flags, where `import` and `module`
// would also steer require(): a CommonJS package (pg requiring pg-pool) would then get an ES module
// namespace instead of its class. Node picks `import` or `require` by itself.
const nodeConditions = ['afas-toolkit-source', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions, externalConditions: conditions } },
  test: {
    name: 'declaree-afas',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Several files start processes (the built CLIs, a Postgres server, racing exporters) that share a
    // 2-core CI machine with the other files' workers: room for that, not for a hang.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
