/**
 * Export memory benchmark (`node bin/run-ts.js bench/export.bench.ts [--pairs 100000] [--store FILE] [--formats …]`):
 * fills a SQLite store with `--pairs` synthetic pairs of realistic size (bench/synthetic-pairs.ts; kept at
 * `--store` and reused when it already holds them), then exports each format in its own process and prints the
 * wall time, peak RSS and peak heap (sampled every 20 ms) of that process. Memory should not depend on the store
 * size: run with --pairs 10000 and 100000 and compare. An incremental export (`--after` the midpoint) is measured too.
 * The sentence formats align ~7 ms per pair, so they read every pair but align only January's (`--until`, 1/12 of
 * the synthetic pairs), which keeps the run in minutes while still streaming the whole store.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../src/export/run-export.js';
import type { ExportFormat } from '../src/export/export-sink.js';
import { VERDICT_CLASSES } from '../src/export/verdict-filter.js';
import { SqlitePairStore } from '../src/store/sqlite-store.js';
import { syntheticPair } from './synthetic-pairs.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const MB = 1024 * 1024;

async function fill(file: string, pairs: number): Promise<void> {
  const store = new SqlitePairStore(file);
  await store.init();
  const have = (await store.countPairs()).total;
  if (have >= pairs) {
    await store.close();
    return;
  }
  const t0 = performance.now();
  for (let i = have; i < pairs; i++) {
    await store.writePair(syntheticPair(i));
    if ((i + 1) % 10_000 === 0) process.stderr.write(`  filled ${i + 1} pairs (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  await store.close();
}

/** Child: one export of one format set, printing its figures as JSON. */
async function child(file: string, formats: ExportFormat[], after: number | undefined, until: string | undefined): Promise<void> {
  let peakHeap = 0;
  const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  const timer = setInterval(sample, 20);
  const store = new SqlitePairStore(file);
  const out = mkdtempSync(join(tmpdir(), 'donga-export-bench-'));
  const t0 = performance.now();
  const filter = until === undefined ? {} : { until };
  const summary = await runExport(store, {
    outDir: out,
    formats,
    filter,
    verdicts: VERDICT_CLASSES,
    after,
    toolVersion: 'bench',
    now: new Date().toISOString(),
  });
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  await store.close();
  const bytes = summary.files.reduce((n, f) => n + (f.files ?? [f.file]).reduce((m, name) => m + statSync(join(out, name)).size, 0), 0);
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, heapMb: peakHeap / MB, pairs: summary.selected.total, outMb: bytes / 1e6 })}\n`,
  );
}

async function main(): Promise<void> {
  const pairs = Number(arg('pairs') ?? 100_000);
  const role = arg('child');
  if (role) return child(arg('store')!, role.split(',') as ExportFormat[], arg('after') === undefined ? undefined : Number(arg('after')), arg('until'));
  const tmp = arg('store') ? null : mkdtempSync(join(tmpdir(), 'donga-export-store-'));
  const file = arg('store') ?? join(tmp!, 'donga.sqlite');
  console.log(`export memory, ${pairs.toLocaleString('en')} synthetic pairs in SQLite (${file}), Node ${process.versions.node}`);
  await fill(file, pairs);
  console.log(`store: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  const sets = (arg('formats') ?? 'jsonl;hf;tmx;tmx-sent;moses;parquet').split(';');
  const sentence = (f: string) => f === 'tmx-sent' || f === 'moses';
  const runs: { label: string; formats: string; after?: number; until?: string }[] = [
    ...sets.map((f) => (sentence(f) ? { label: `${f} (January aligned)`, formats: f, until: '2025-01-31' } : { label: f, formats: f })),
    { label: `jsonl --after ${Math.floor(pairs / 2)}`, formats: 'jsonl', after: Math.floor(pairs / 2) },
  ];
  console.log('| formats | pairs written | wall s | output MB | peak RSS MB | peak heap MB |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    const res = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '..', 'bin/run-ts.js'),
        new URL(import.meta.url).pathname,
        '--child',
        r.formats,
        '--store',
        file,
        ...(r.after === undefined ? [] : ['--after', String(r.after)]),
        ...(r.until === undefined ? [] : ['--until', r.until]),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (res.status !== 0) {
      console.log(`| ${r.label} | failed: ${(res.stderr || res.stdout).trim().split('\n').slice(-2).join(' | ')} |`);
      continue;
    }
    const m = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { ms: number; rssMb: number; heapMb: number; pairs: number; outMb: number };
    console.log(
      `| ${r.label} | ${m.pairs.toLocaleString('en')} | ${(m.ms / 1000).toFixed(1)} | ${m.outMb.toFixed(0)} | ${m.rssMb.toFixed(0)} | ${m.heapMb.toFixed(0)} |`,
    );
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

await main();
