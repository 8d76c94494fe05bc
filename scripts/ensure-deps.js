#!/usr/bin/env node
// Runs before `npm run demo` / `npm test` (npm pre-scripts): on a fresh clone, installs the
// locked dependencies first, so the README's two commands work as written; and when node_modules
// was built by another Node major (better-sqlite3 is a native addon tied to one ABI), rebuilds it
// instead of letting the first command die with a dlopen stack trace. Node built-ins only.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args) => spawnSync(npm, args, { stdio: 'inherit' }).status ?? 1;

const needed = ['node_modules/tsx', 'node_modules/vitest', 'node_modules/bullmq', 'node_modules/better-sqlite3/build'];
if (!needed.every((p) => existsSync(p))) {
  console.error('donga-ingest: dependencies missing, running `npm ci` once (better-sqlite3 compiles from source: ~2 min)…');
  process.exit(run(['ci', '--no-audit', '--no-fund']));
}

/** Why the native SQLite addon cannot be loaded by this Node, or null when it loads. */
function nativeProblem() {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  }
}

const problem = nativeProblem();
if (problem === null) process.exit(0);
if (!/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|was compiled against a different Node|invalid ELF|wrong ELF/i.test(problem)) {
  console.error(`donga-ingest: better-sqlite3 cannot be loaded: ${problem}`);
  process.exit(1);
}
console.error(
  `donga-ingest: node_modules was built for another Node version (better-sqlite3: ${problem}); ` + `rebuilding it for Node ${process.versions.node} (~2 min)…`,
);
const rc = run(['rebuild', 'better-sqlite3']);
if (rc !== 0) process.exit(rc);
const after = nativeProblem();
if (after !== null) {
  console.error(`donga-ingest: better-sqlite3 still cannot be loaded after the rebuild: ${after}`);
  process.exit(1);
}
