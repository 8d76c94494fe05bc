import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    // Generous: a timeout is a hang detector, not a speed check (integration tests bound their own waits, and a
    // loaded 2-core machine can run a 40-pair crawl with real worker processes several times slower than usual).
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // Integration tests start their own workers and servers; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    pool: 'forks',
  },
});
