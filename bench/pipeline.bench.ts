/**
 * Pipeline benchmark (`npm run bench:pipeline`): end-to-end crawl throughput of the replay site
 * (fault preset none) on this machine, through a private redis-server and a fresh SQLite store
 * (plus PostgreSQL when TEST_DATABASE_URL is set), with in-process workers and with worker
 * processes. Prints figures only; exits 1 if a run did not store every pair the model expects.
 *
 *   npm run bench:pipeline -- [--pairs 1000,3000] [--quick]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { configEnv, loadConfig, type Config } from '../config/config.js';
import { verifyAgainstModel } from '../cli/commands/demo.js';
import { createScratchDatabase } from '../src/store/pg-scratch.js';
import { openDeps, type OpenDeps } from '../src/pipeline/open-deps.js';
import { crawlSummary } from '../src/pipeline/summary.js';
import { newRunId } from '../src/queue/jobs.js';
import { startPrivateRedis } from '../cli/private-redis.js';
import { waitForIdle } from '../cli/wait-idle.js';
import { startReplaySite, type ReplaySite } from '../src/replay/index.js';
import { startWorkers } from '../workers/start-workers.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLK_TCK = 100; // USER_HZ on Linux; /proc/<pid>/stat times are in these ticks
const RATE = 1000; // RATE_PER_SECOND maximum: the replay site is loopback
/** Extra node flags for worker processes, e.g. BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const workerNodeArgs = (process.env['BENCH_WORKER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

interface RunSpec {
  pairs: number;
  mode: 'in-process' | '2 processes';
  concurrency: number;
  backend: 'sqlite' | 'postgres';
}

interface RunResult extends RunSpec {
  wallS: number;
  pairsStored: number;
  requests: number;
  benchCpuS: number;
  workerCpuS: number | null;
  redisCpuS: number;
  peakRssMb: number;
  rawBytesPerPair: number;
  breakdown: Breakdown | null;
  ok: boolean;
  problems: string[];
}

/** Summed per-call times (ms) of the pipeline's stages, measured in-process only. */
interface Breakdown {
  fetchMs: number;
  parseMs: number;
  archiveMs: number;
  storeMs: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** utime + stime of a process, in seconds (Linux /proc). */
function procCpuS(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
}

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Compressed bytes in the store's raw_pages table (SQLite or PostgreSQL). */
async function rawArchiveBytes(config: Config): Promise<number> {
  if (!config.databaseUrl) {
    const db = new Database(join(config.dataDir, 'donga.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT coalesce(sum(length(body)), 0) AS n FROM raw_pages').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: config.databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(`SELECT coalesce(sum(octet_length(body)), 0)::text AS n FROM raw_pages`);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

/** Wraps the stages of in-process deps with timers (parse is synchronous, so its sum is CPU time). */
function instrument(deps: OpenDeps): Breakdown {
  const b: Breakdown = { fetchMs: 0, parseMs: 0, archiveMs: 0, storeMs: 0 };
  const timeAsync =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, key: keyof Breakdown) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...a);
      } finally {
        b[key] += performance.now() - t0;
      }
    };
  const fetcher = deps.fetcher;
  fetcher.fetch = timeAsync(fetcher.fetch.bind(fetcher), 'fetchMs');
  const store = deps.store;
  // One store call per page: raw bytes (compressed), page-cache row, page count.
  store.savePage = timeAsync(store.savePage.bind(store), 'archiveMs');
  store.writePair = timeAsync(store.writePair.bind(store), 'storeMs');
  const parse = deps.parser.parse.bind(deps.parser);
  deps.parser.parse = (page, lang, limits) => {
    const t0 = performance.now();
    try {
      return parse(page, lang, limits);
    } finally {
      b.parseMs += performance.now() - t0;
    }
  };
  const parsePage = deps.parser.parsePage?.bind(deps.parser);
  if (parsePage) {
    deps.parser.parsePage = (page, lang, limits, opts) => {
      const t0 = performance.now();
      try {
        return parsePage(page, lang, limits, opts);
      } finally {
        b.parseMs += performance.now() - t0;
      }
    };
  }
  return b;
}

function waitForLine(child: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (re.test(out)) res();
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => rej(new Error(`worker exited (${code}) before ready: ${err.slice(-1500)}`)));
  });
}

async function runOnce(spec: RunSpec, site: ReplaySite, redisUrl: string, redisPid: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'donga-bench-'));
  const pgUrl = process.env['TEST_DATABASE_URL'];
  const pgDb = spec.backend === 'postgres' && pgUrl ? await createScratchDatabase(pgUrl, 'bench') : null;
  const config = loadConfig(
    {},
    {
      redisUrl,
      baseUrl: site.url,
      dataDir: dir,
      databaseUrl: pgDb?.url,
      queuePrefix: `b${randomBytes(4).toString('hex')}`,
      startPaths: ['/en'],
      sitemapPaths: [],
      ratePerSecond: RATE,
      concurrency: spec.concurrency,
      attempts: 5,
      backoffMs: 100,
      maxDiscoveryPages: 2000,
      logLevel: 'silent',
    },
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    ...configEnv(config),
    LOG_LEVEL: 'warn',
  };
  // The bench's own deps: producer for the crawl-run, store for the verdict (and, in-process, the workers').
  const deps = await openDeps(config);
  const children: ChildProcess[] = [];
  let breakdown: Breakdown | null = null;
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  try {
    if (spec.mode === 'in-process') {
      const wdeps = await openDeps(config);
      breakdown = instrument(wdeps);
      workers = await startWorkers({ config, deps: wdeps });
    } else {
      for (let i = 0; i < 2; i++) {
        const child = spawn(process.execPath, [...workerNodeArgs, join(ROOT, 'bin/donga-ingest.js'), 'worker'], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
      }
      await Promise.all(children.map((c) => waitForLine(c, /worker ready/)));
    }
    site.resetStats();
    const pids = children.map((c) => c.pid!);
    const cpu0 = { bench: process.cpuUsage(), workers: pids.map(procCpuS), redis: procCpuS(redisPid) };
    let peakRss = 0;
    const sample = () => {
      const rss = spec.mode === 'in-process' ? process.memoryUsage.rss() / 1024 : pids.reduce((a, p) => Math.max(a, procStatusKb(p, 'VmRSS')), 0);
      peakRss = Math.max(peakRss, rss);
    };
    const sampler = setInterval(sample, 100);
    const t0 = performance.now();
    await deps.producer.addCrawlRun({ runId: newRunId() });
    await waitForIdle(deps.producer, { pollMs: 100, timeoutMs: 600_000 });
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    sample();
    const benchCpu = process.cpuUsage(cpu0.bench);
    const workerCpuS = pids.length ? pids.reduce((a, p, i) => a + procCpuS(p) - cpu0.workers[i]!, 0) : null;
    // Worker processes are fresh: their high-water mark is the peak of the whole run.
    if (pids.length) peakRss = pids.reduce((a, p) => Math.max(a, procStatusKb(p, 'VmHWM')), 0);
    const redisCpuS = procCpuS(redisPid) - cpu0.redis;
    const requests = site.stats().requests;

    const summary = await crawlSummary(deps.store);
    const exp = site.expectedSummary();
    const problems: string[] = [];
    for (const [status, n] of Object.entries(exp.stored)) {
      if ((summary.byStatus[status] ?? 0) !== n) problems.push(`${status}: stored ${summary.byStatus[status] ?? 0}, expected ${n}`);
    }
    const expectedStored = Object.values(exp.stored).reduce((a, b) => a + b, 0);
    if (summary.pairs !== expectedStored) problems.push(`pairs: stored ${summary.pairs}, expected ${expectedStored}`);
    const verdict = await verifyAgainstModel(site, deps.store);
    problems.push(...verdict.problems.slice(0, 10));
    if (verdict.matchingModel !== verdict.expectedStored) problems.push(`${verdict.expectedStored - verdict.matchingModel} records differ from the model`);

    return {
      ...spec,
      wallS,
      pairsStored: summary.pairs,
      requests,
      benchCpuS: (benchCpu.user + benchCpu.system) / 1e6,
      workerCpuS,
      redisCpuS,
      peakRssMb: peakRss / 1024,
      rawBytesPerPair: (await rawArchiveBytes(config)) / Math.max(1, summary.pairs),
      breakdown,
      ok: problems.length === 0,
      problems,
    };
  } finally {
    await workers?.close(5000);
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((res) => {
            if (c.exitCode !== null || c.signalCode !== null) return res();
            const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(t);
              res();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    for (const q of Object.values(deps.producer.queues)) await q.obliterate({ force: true }).catch(() => undefined);
    await deps.close();
    await pgDb?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(results: RunResult[]): string[] {
  const head = [
    'pairs',
    'store',
    'workers',
    'conc',
    'wall s',
    'pairs/s',
    'req/s',
    'CPU s bench',
    'CPU s workers',
    'CPU s redis',
    'peak RSS MB',
    'raw B/pair',
    'ok',
  ];
  const rows = results.map((r) => [
    String(r.pairs),
    r.backend,
    r.mode,
    String(r.concurrency),
    r.wallS.toFixed(1),
    (r.pairsStored / r.wallS).toFixed(0),
    (r.requests / r.wallS).toFixed(0),
    r.benchCpuS.toFixed(1),
    r.workerCpuS === null ? '(in bench)' : r.workerCpuS.toFixed(1),
    r.redisCpuS.toFixed(1),
    r.peakRssMb.toFixed(0),
    r.rawBytesPerPair.toFixed(0),
    r.ok ? 'yes' : 'FAILED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

async function main(): Promise<number> {
  const pairSizes = (arg('pairs') ?? '1000,3000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const quick = process.argv.includes('--quick');
  const backends: RunSpec['backend'][] = process.env['TEST_DATABASE_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];
  const specs: RunSpec[] = [];
  for (const pairs of pairSizes) {
    const small = pairs === Math.min(...pairSizes);
    for (const backend of backends) {
      // Concurrency 4 vs 16 on the smallest site; the bigger sites only show how memory and rate scale.
      if (small && !quick) specs.push({ pairs, backend, mode: 'in-process', concurrency: 4 });
      specs.push({ pairs, backend, mode: 'in-process', concurrency: 16 });
      if (backend === 'sqlite' || small) specs.push({ pairs, backend, mode: '2 processes', concurrency: 16 });
    }
  }
  const redis = await startPrivateRedis();
  const probe = new Redis(redis.url);
  const info = await probe.info('server');
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  console.log(
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), redis ${redisVersion}, ` +
      `RATE_PER_SECOND ${RATE}, replay site fault preset none, stores: ${backends.join(' + ')}`,
  );
  console.log('CPU s bench = this process (replay site + producer + in-process workers); workers = the 2 worker processes.\n');
  const results: RunResult[] = [];
  try {
    const sites = new Map<number, ReplaySite>();
    for (const spec of specs) {
      let site = sites.get(spec.pairs);
      if (!site) {
        for (const s of sites.values()) await s.close();
        sites.clear();
        site = await startReplaySite({ pairs: spec.pairs, seed: 11, preset: 'none' });
        sites.set(spec.pairs, site);
      }
      await probe.flushall();
      const r = await runOnce(spec, site, redis.url, redisPid);
      results.push(r);
      const b = r.breakdown;
      console.log(
        `${spec.pairs} pairs, ${spec.backend}, ${spec.mode}, concurrency ${spec.concurrency}: ${r.wallS.toFixed(1)} s, ` +
          `${(r.pairsStored / r.wallS).toFixed(0)} pairs/s, ${r.requests} requests` +
          (b
            ? ` | per pair: fetch ${(b.fetchMs / r.pairsStored).toFixed(1)} ms (wait incl.), parse ${(b.parseMs / r.pairsStored).toFixed(1)} ms (CPU), archive ${(b.archiveMs / r.pairsStored).toFixed(1)} ms, store ${(b.storeMs / r.pairsStored).toFixed(1)} ms`
            : '') +
          (r.ok ? '' : `\n  FAILED: ${r.problems.join('; ')}`),
      );
    }
    for (const s of sites.values()) await s.close();
  } finally {
    probe.disconnect();
    await redis.stop();
  }
  console.log('');
  for (const l of table(results)) console.log(l);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log(`\nFAILED: ${failed.length} run(s) did not store every pair the replay model expects`);
    return 1;
  }
  console.log('\nall runs stored every pair the replay model expects, with records equal to the model');
  return 0;
}

process.exitCode = await main();
