import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds without an `exports` map: Vite
    // would give our sources the ESM build while graphql-yoga, loaded by Node, gets the CJS one,
    // and two graphql instances break `instanceof` (schemas, errors). Node (tsx, the CLI) always
    // loads the CJS build, so tests use it too.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests reach 127.0.0.0/8 only: dependencies' telemetry and cloud probes are switched off and
    // any other connection attempt fails loudly.
    setupFiles: ['test/helpers/loopbackOnly.ts'],
  },
});
