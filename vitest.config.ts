import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start their own workers and servers; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    pool: 'forks',
  },
});
