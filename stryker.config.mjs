// @ts-check
/**
 * Mutation testing of the pure core and the fetch limits (`npm run mutate`; not part of CI).
 * One folder: `npm run mutate -- --mutate 'src/normalize/**\/*.ts'`. See notes in the README ("Mutation testing").
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/normalize/**/*.ts',
    'src/pair/**/*.ts',
    'src/discover/**/*.ts',
    'src/align/**/*.ts',
    'src/fetch/http-policy.ts',
    'src/fetch/fetch-page.ts',
    'src/politeness/**/*.ts',
    'src/parse/**/*.ts',
  ],
  // Only the tests that cover a mutant run against it.
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants such as the regexes) need a fresh module graph per mutant: about 30 %
  // of the mutants and 60 % of the time here. Skipped here; set false to test them too (slow).
  ignoreStatic: true,
  // The machine has 2 cores shared with other jobs: one vitest worker per core, and generous timeouts so a busy
  // machine reports slow tests as slow, not as killed-by-timeout mutants.
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 3,
  // Reuse results of mutants whose code and covering tests did not change since the last run.
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  tempDirName: '.stryker/tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: '.stryker/report/mutation.html' },
  jsonReporter: { fileName: '.stryker/report/mutation.json' },
  // vitest strips types without checking them, so there is nothing to disable (and the fixtures are not code).
  disableTypeChecks: false,
  // Stryker rewrites the sandbox's tsconfig with TypeScript's JS API, which TypeScript 7 (native) no longer has.
  // Our tsconfig has no `extends` or `references`, so the copy needs no rewriting: point the option at no file.
  tsconfigFile: '.stryker/no-tsconfig-rewrite.json',
  // The sandbox copy needs sources and tests only.
  ignorePatterns: ['data', 'bench', 'docs', 'notes', '.scratch'],
  thresholds: { high: 90, low: 85, break: null },
};
