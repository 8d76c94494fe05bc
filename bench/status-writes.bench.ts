/**
 * What the status bookkeeping costs the pipeline: per fetched article page one `countPage` upsert, per finished
 * discovery page or English article one `runActivity` update, set against one `writePair` (the write every pair
 * costs anyway), and what `status` costs to read on a store of N pairs. SQLite in a temp dir, plus PostgreSQL when
 * TEST_DATABASE_URL is set. Prints median microseconds per call over 5 rounds.
 *
 *   node bin/run-ts.js bench/status-writes.bench.ts [--pairs 5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { collectStatus } from '../src/status/collect-status.js';
import { createScratchDatabase } from '../src/store/pg-scratch.js';
import type { PairStore } from '../src/store/pair-store.js';
import { PgPairStore } from '../src/store/postgres-store.js';
import { SqlitePairStore } from '../src/store/sqlite-store.js';
import { samplePair } from '../tests/pair/sample-articles.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PAIRS = Number(arg('pairs') ?? 5000);
const CALLS = 500;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function perCall(fn: (i: number) => Promise<unknown>, n = CALLS): Promise<number> {
  const rounds: number[] = [];
  let k = 0;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(k++);
    rounds.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return median(rounds);
}

async function bench(name: string, store: PairStore, config: ReturnType<typeof loadConfig>): Promise<void> {
  await store.startRun({ runId: 'bench', trigger: 'crawl' });
  const countPage = await perCall(() => store.countPage('en', { fetched: 1 }));
  const runActivity = await perCall(() => store.runActivity('bench', { articlesDone: 1 }));
  const writePair = await perCall((i) => store.writePair(samplePair(String(6_000_000 + i))), 200);
  // Fill up to PAIRS pairs, then time one status read (Redis pointed at a closed port: store sections only).
  const have = (await store.countPairs()).total;
  for (let i = have; i < PAIRS; i++) await store.writePair(samplePair(String(7_000_000 + i)));
  const statusMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = Date.now();
    await collectStatus({ config, store, redisTimeoutMs: 200 });
    statusMs.push(Date.now() - t);
  }
  console.log(`| ${name} | ${countPage.toFixed(0)} | ${runActivity.toFixed(0)} | ${writePair.toFixed(0)} | ${PAIRS} | ${median(statusMs)} |`);
}

async function main(): Promise<void> {
  const config = loadConfig({}, { redisUrl: 'redis://127.0.0.1:1', logLevel: 'silent' });
  console.log(
    `node ${process.version}; median µs per call over 5 rounds of ${CALLS}; status read = store sections, Redis down (its 1 refused connect included)\n`,
  );
  console.log('| store | countPage µs | runActivity µs | writePair µs | pairs | status read ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const dir = mkdtempSync(join(tmpdir(), 'donga-status-bench-'));
  try {
    const sqlite = new SqlitePairStore(join(dir, 'donga.sqlite'));
    await sqlite.init();
    await bench('SQLite (WAL, file)', sqlite, config);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.env['TEST_DATABASE_URL'];
  if (pgUrl) {
    const db = await createScratchDatabase(pgUrl, 'statusbench');
    try {
      const pg = new PgPairStore({ connectionString: db.url });
      await pg.init();
      await bench('PostgreSQL', pg, config);
      await pg.close();
    } finally {
      await db.drop();
    }
  }
}

await main();
