#!/usr/bin/env node
// Runs before `npm run demo` / `npm test` (npm pre-scripts): on a fresh clone, installs the
// locked dependencies first, so the README's two commands work as written. Node built-ins only.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const needed = ['node_modules/tsx', 'node_modules/vitest', 'node_modules/bullmq', 'node_modules/better-sqlite3/build'];
if (needed.every((p) => existsSync(p))) process.exit(0);
console.error('donga-ingest: dependencies missing, running `npm ci` once (better-sqlite3 compiles from source: ~2 min)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const res = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
process.exit(res.status ?? 1);
