/**
 * What the store writes cost per fetched article page on SQLite, before and after `savePage`:
 *   before: RawArchive.put (files under <dir>/raw) + countPage(lang, { fetched: 1 }) + putPageCache
 *   after:  one PairStore.savePage (raw_pages + raw_sightings + page_cache + page_counts, one transaction)
 * Bodies are the replay site's article pages (English and Korean, ~30-60 KB), fetched once over loopback; each
 * timed page gets a unique comment appended so every `new` write stores new bytes (a first fetch); `again` writes
 * the same bytes a second time (a re-fetch that changed nothing but was not a 304: sighting only).
 *
 *   node bin/run-ts.js bench/store-writes.bench.ts [--pages 1000] [--strace]
 *   node bin/run-ts.js bench/store-writes.bench.ts --old-root <dir>   # "before" with another checkout's src/
 *
 * --strace: also runs each mode under `strace -f -c` twice (0 pages and --pages pages, same process otherwise) and
 * prints the difference per page, by syscall: what the writes themselves cost the kernel.
 * --old-root: import the "before" modules (src/store/*) from that tree instead (e.g. `git archive main` unpacked
 * with node_modules linked): the code as it was, statements prepared on every call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/records/article.js';
import { startReplaySite } from '../src/replay/index.js';
import { englishArticle } from '../tests/pair/sample-articles.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PAGES = Number(arg('pages') ?? 1000);
const ROOT = resolve(import.meta.dirname, '..');
const OLD_ROOT = arg('old-root') ? resolve(arg('old-root')!) : ROOT;
/** Internal: run one mode only (the strace children). */
const ONLY = arg('only') as Mode | undefined;
type Mode = 'before' | 'after';
/** Internal: where a strace child makes its data directory (left for the parent to remove, so the count has no cleanup). */
const WORK = arg('work');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Replay-site article pages (English + Korean), as the fetcher would hand them over. */
async function replayBodies(pairs: number): Promise<Uint8Array[]> {
  const site = await startReplaySite({ pairs, seed: 7 });
  try {
    const urls = site.model.englishIds.map((id) => site.model.article(id)!).flatMap((a) => [site.englishUrl(a.en.id), `${site.url}${a.ko.path}`]);
    const out: Uint8Array[] = [];
    for (const u of urls) {
      const res = await fetch(u);
      if (res.ok) out.push(new Uint8Array(await res.arrayBuffer()));
    }
    return out;
  } finally {
    await site.close();
  }
}

interface Writer {
  write(i: number, body: Uint8Array, record: Article | null): Promise<void>;
  close(): Promise<void>;
}

async function importFrom<T>(root: string, rel: string): Promise<T> {
  return (await import(pathToFileURL(join(root, rel)).href)) as T;
}

async function openWriter(mode: Mode, dir: string): Promise<Writer> {
  const root = mode === 'before' ? OLD_ROOT : ROOT;
  const { SqlitePairStore } = await importFrom<typeof import('../src/store/sqlite-store.js')>(root, 'src/store/sqlite-store.ts');
  const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
  await store.init();
  const url = (i: number) => `https://www.donga.com/en/article/all/20240301/${1000 + (i % 500)}/1`;
  if (mode === 'before') {
    const { FsRawArchive } = await importFrom<typeof import('../src/store/raw-archive.js')>(root, 'src/store/raw-archive.ts');
    const archive = new FsRawArchive(join(dir, 'raw'));
    return {
      async write(i, body, record) {
        const fetchedAt = new Date().toISOString();
        const { sha256 } = await archive.put({ url: url(i), body, headers: { 'content-type': 'text/html' }, status: 200, fetchedAt });
        await store.countPage('en', { fetched: 1 });
        await store.putPageCache({ url: url(i), etag: `"${i}"`, lastModified: null, bodySha256: sha256, parserVersion: 'bench', fetchedAt, record });
      },
      close: () => store.close(),
    };
  }
  return {
    async write(i, body, record) {
      const fetchedAt = new Date().toISOString();
      await store.savePage({
        requestedUrl: url(i),
        lang: 'en',
        raw: { url: url(i), body, headers: { 'content-type': 'text/html' }, status: 200, fetchedAt },
        etag: `"${i}"`,
        lastModified: null,
        parserVersion: 'bench',
        record,
      });
    },
    close: () => store.close(),
  };
}

/** Median µs per page (wall, awaited one after another) and process CPU µs per page, over 3 rounds. */
async function measure(mode: Mode, bodies: Uint8Array[], pages: number): Promise<{ newUs: number; againUs: number; cpuUs: number }> {
  const record = englishArticle();
  const newUs: number[] = [];
  const againUs: number[] = [];
  const cpuUs: number[] = [];
  for (let round = 0; round < 3; round++) {
    const dir = mkdtempSync(join(WORK ?? tmpdir(), `donga-store-bench-${mode}-`));
    const w = await openWriter(mode, dir);
    try {
      const page = (i: number) => Buffer.concat([bodies[i % bodies.length]!, Buffer.from(`<!-- ${round}:${i} -->`)]);
      const pre = Array.from({ length: pages }, (_, i) => page(i));
      const cpu = process.cpuUsage();
      let t = process.hrtime.bigint();
      for (let i = 0; i < pages; i++) await w.write(i, pre[i]!, i % 10 === 9 ? null : record);
      newUs.push(Number(process.hrtime.bigint() - t) / 1000 / Math.max(1, pages));
      const c = process.cpuUsage(cpu);
      cpuUs.push((c.user + c.system) / Math.max(1, pages));
      if (ONLY) break; // a strace child times new pages only
      t = process.hrtime.bigint();
      for (let i = 0; i < pages; i++) await w.write(i, pre[i]!, record);
      againUs.push(Number(process.hrtime.bigint() - t) / 1000 / Math.max(1, pages));
    } finally {
      await w.close();
      if (!WORK) rmSync(dir, { recursive: true, force: true });
    }
    if (ONLY) break;
  }
  return { newUs: median(newUs), againUs: againUs.length ? median(againUs) : 0, cpuUs: median(cpuUs) };
}

/** Syscalls by name from an `strace -c` summary file. */
function straceCounts(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/.exec(line);
    if (m && m[2] !== 'total') out.set(m[2]!, Number(m[1]));
  }
  return out;
}

function straceMode(mode: Mode, pages: number, dir: string): Map<string, number> {
  const file = join(dir, `${mode}-${pages}.strace`);
  const r = spawnSync(
    'strace',
    [
      '-f',
      '-c',
      '-o',
      file,
      process.execPath,
      join(ROOT, 'bin/run-ts.js'),
      join(ROOT, 'bench/store-writes.bench.ts'),
      '--only',
      mode,
      '--pages',
      String(pages),
      '--old-root',
      OLD_ROOT,
      '--work',
      dir,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`strace run ${mode}/${pages} failed: ${r.status ?? r.signal}`);
  return straceCounts(file);
}

async function main(): Promise<void> {
  const bodies = await replayBodies(ONLY ? 20 : 60);
  if (ONLY) {
    // A strace child: the writes only (its baseline twin runs with --pages 0).
    await measure(ONLY, bodies, PAGES);
    return;
  }
  const sizes = bodies.map((b) => b.byteLength);
  console.log(
    `node ${process.version}; SQLite (WAL, synchronous=NORMAL) in ${tmpdir()}; ${bodies.length} replay pages, ` +
      `${Math.round(Math.min(...sizes) / 1024)}-${Math.round(Math.max(...sizes) / 1024)} KB (median ${Math.round(median(sizes) / 1024)} KB); ` +
      `${PAGES} pages per round, median of 3 rounds${OLD_ROOT === ROOT ? '' : `; "before (old code)" from ${OLD_ROOT}`}\n`,
  );
  console.log('| writes per page | new page µs | same bytes again µs | CPU µs per new page |');
  console.log('| --- | --- | --- | --- |');
  const label = (m: Mode) =>
    m === 'before' ? `archive.put + countPage + putPageCache${OLD_ROOT === ROOT ? '' : ' (old code)'}` : 'savePage (one transaction)';
  for (const mode of ['before', 'after'] as const) {
    const r = await measure(mode, bodies, PAGES);
    console.log(`| ${label(mode)} | ${r.newUs.toFixed(0)} | ${r.againUs.toFixed(0)} | ${r.cpuUs.toFixed(0)} |`);
  }
  if (process.argv.includes('--strace')) {
    const dir = mkdtempSync(join(tmpdir(), 'donga-store-strace-'));
    try {
      console.log(`\nsyscalls per page (strace -f -c: a run writing ${PAGES} new pages minus the same run writing 0, divided by ${PAGES}):\n`);
      const rows = new Map<string, Record<Mode, number>>();
      for (const mode of ['before', 'after'] as const) {
        const base = straceMode(mode, 0, dir);
        const full = straceMode(mode, PAGES, dir);
        for (const [name, n] of full) {
          const per = (n - (base.get(name) ?? 0)) / PAGES;
          if (per <= 0.05) continue;
          const row = rows.get(name) ?? { before: 0, after: 0 };
          row[mode] = per;
          rows.set(name, row);
        }
      }
      const total = { before: 0, after: 0 };
      console.log('| syscall | before | after |');
      console.log('| --- | --- | --- |');
      for (const [name, r] of [...rows].sort((a, b) => b[1].before + b[1].after - (a[1].before + a[1].after))) {
        total.before += r.before;
        total.after += r.after;
        console.log(`| ${name} | ${r.before.toFixed(1)} | ${r.after.toFixed(1)} |`);
      }
      console.log(`| **total** | ${total.before.toFixed(1)} | ${total.after.toFixed(1)} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
