import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The test set `npm run mutate` (StrykerJS) runs against each mutant: the tests of the mutated folders only, so a
 * mutant never waits for the integration suite. The Redis-backed fetch and politeness tests keep the global setup
 * (a private redis-server per Stryker worker). Stryker itself forces one thread per worker.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'tests/parse/**/*.test.ts',
      'tests/normalize/**/*.test.ts',
      'tests/pair/**/*.test.ts',
      'tests/discover/**/*.test.ts',
      'tests/align/**/*.test.ts',
      'tests/fetch/**/*.test.ts',
      'tests/politeness/**/*.test.ts',
    ],
  },
});
