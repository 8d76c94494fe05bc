/**
 * `node bin/run-ts.js bench/politeness.bench.ts [--seconds S] [--only name,…] [--procs N] [--concurrency C] [--margin MS]`
 *
 * Politeness as the SERVER sees it. A loopback server stamps every arrival with its own clock; several
 * fetcher processes (each a real Fetcher with C concurrent fetch loops) share one private Redis and
 * hammer it for S seconds per scenario. For each scenario it prints the most requests in any 1 s and
 * 10 s window against the limit, the share of the budget used, the smallest gap (and the gap from
 * robots.txt to the next request), and how many requests landed inside a Retry-After pause.
 * Loopback only (127.0.0.1); every loop is bounded in time and count.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/config.js';
import { FetchError } from '../src/errors.js';
import { Fetcher } from '../src/fetch/fetch-page.js';
import { formatWindowStats, windowStats, type PauseSpan } from '../src/politeness/window-stats.js';
import { startPrivateRedis } from '../cli/private-redis.js';

interface Scenario {
  name: string;
  rate: number;
  /** Crawl-delay served in robots.txt (seconds), if any. */
  crawlDelay?: number;
  /** Every Nth page request is answered 429 with `Retry-After: retryAfter`. */
  every429?: number;
  retryAfter?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'rate-5', rate: 5 },
  { name: 'rate-20', rate: 20 },
  { name: 'crawl-delay-2', rate: 5, crawlDelay: 2 },
  { name: 'retry-after-1', rate: 5, every429: 8, retryAfter: 1 },
];

interface ChildArgs {
  redisUrl: string;
  origin: string;
  rate: number;
  prefix: string;
  concurrency: number;
  /** POLITENESS_MARGIN_MS for this run (the setting's default when absent). */
  marginMs?: number | undefined;
  /** Every process starts fetching at this time (after its start-up), so work is queued from the first request. */
  startAtMs: number;
  stopAtMs: number;
  proc: number;
}

/** A fetcher process: C loops fetching distinct pages until the stop time; prints error counts as JSON. */
async function runChild(args: ChildArgs): Promise<void> {
  const config = loadConfig(
    {},
    {
      baseUrl: args.origin,
      ratePerSecond: args.rate,
      queuePrefix: args.prefix,
      userAgent: 'donga-ingest/0.1',
      logLevel: 'silent',
      ...(args.marginMs === undefined ? {} : { politenessMarginMs: args.marginMs }),
    },
  );
  const redis = new Redis(args.redisUrl);
  const fetcher = new Fetcher({ config, redis });
  const errors: Record<string, number> = {};
  let ok = 0;
  let n = 0;
  await new Promise((r) => setTimeout(r, Math.max(0, args.startAtMs - Date.now())));
  await Promise.all(
    Array.from({ length: args.concurrency }, async (_, lane) => {
      while (Date.now() < args.stopAtMs) {
        const url = `${args.origin}/p/${args.proc}-${lane}-${n++}`;
        try {
          await fetcher.fetch(url);
          ok++;
        } catch (err) {
          const code = err instanceof FetchError ? err.code : 'other';
          errors[code] = (errors[code] ?? 0) + 1;
          // A worker would hand the job back and take the next one; do the same without a busy loop.
          if (!(err instanceof FetchError) || err.code !== 'rate_limited') await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  await fetcher.close({ force: true });
  redis.disconnect();
  process.stdout.write(`${JSON.stringify({ ok, errors })}\n`);
}

interface Arrival {
  ms: number;
  path: string;
  status: number;
}

function startServer(sc: Scenario): Promise<{ server: Server; origin: string; arrivals: Arrival[]; pauses: PauseSpan[] }> {
  const arrivals: Arrival[] = [];
  const pauses: PauseSpan[] = [];
  let pages = 0;
  const server = createServer((req, res) => {
    const ms = performance.timeOrigin + performance.now();
    const path = req.url ?? '/';
    if (path === '/robots.txt') {
      arrivals.push({ ms, path, status: 200 });
      const body = `User-agent: *\nDisallow: /private\n${sc.crawlDelay ? `Crawl-delay: ${sc.crawlDelay}\n` : ''}`;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(body);
      return;
    }
    pages++;
    if (sc.every429 && pages % sc.every429 === 0) {
      const ra = sc.retryAfter ?? 1;
      arrivals.push({ ms, path, status: 429 });
      pauses.push({ startMs: ms, endMs: ms + ra * 1000 });
      res.writeHead(429, { 'content-type': 'text/html', 'retry-after': String(ra) });
      res.end('slow down');
      return;
    }
    arrivals.push({ ms, path, status: 200 });
    const body = `<!doctype html><html><body><p>${path}</p></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, pauses })),
  );
}

function spawnChild(args: ChildArgs): Promise<{ ok: number; errors: Record<string, number> }> {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/run-ts.js'), resolve(import.meta.filename), '--child', JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((ok, fail) =>
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last) return fail(new Error(`fetcher ${args.proc} exited ${code}: ${out}`));
      ok(JSON.parse(last) as { ok: number; errors: Record<string, number> });
    }),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const childIdx = argv.indexOf('--child');
  if (childIdx >= 0) {
    await runChild(JSON.parse(argv[childIdx + 1]!) as ChildArgs);
    return;
  }
  const opt = (name: string, dflt: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1]! : dflt;
  };
  const seconds = Number(opt('seconds', '20'));
  const procs = Number(opt('procs', '3'));
  const concurrency = Number(opt('concurrency', '4'));
  const only = opt('only', '').split(',').filter(Boolean);
  const marginArg = opt('margin', '');
  const marginMs = marginArg === '' ? undefined : Number(marginArg);
  const redisSrv = await startPrivateRedis();
  console.log(
    `politeness bench: ${procs} fetcher processes × ${concurrency} concurrent fetches, ${seconds} s per scenario, one Redis${marginMs === undefined ? '' : `, POLITENESS_MARGIN_MS ${marginMs}`}\n`,
  );
  try {
    for (const sc of SCENARIOS.filter((s) => !only.length || only.includes(s.name))) {
      const { server, origin, arrivals, pauses } = await startServer(sc);
      const prefix = `bench-${sc.name}-${Date.now()}`;
      // Children need a few seconds to start (tsx); they all begin at startAtMs.
      const startAtMs = Date.now() + 5000;
      const stopAtMs = startAtMs + seconds * 1000;
      const results = await Promise.all(
        Array.from({ length: procs }, (_, proc) =>
          spawnChild({ redisUrl: redisSrv.url, origin, rate: sc.rate, prefix, concurrency, marginMs, startAtMs, stopAtMs, proc }),
        ),
      );
      server.closeAllConnections();
      server.close();
      const effectiveRate = Math.min(sc.rate, sc.crawlDelay ? 1 / sc.crawlDelay : Infinity);
      const windowsMs = sc.crawlDelay ? [1000, 10_000, sc.crawlDelay * 1000] : [1000, 10_000];
      const stats = windowStats(
        arrivals.map((a) => a.ms),
        { ratePerSecond: effectiveRate, windowsMs, pauses },
      );
      const robots = arrivals.findIndex((a) => a.path === '/robots.txt');
      const afterRobots = robots >= 0 && arrivals[robots + 1] ? (arrivals[robots + 1]!.ms - arrivals[robots]!.ms).toFixed(0) : 'n/a';
      const errors: Record<string, number> = {};
      for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      // Gap from each 429 to the next arrival: a pause that holds leaves at least Retry-After.
      const gaps429 = arrivals.flatMap((a, i) => (a.status === 429 && arrivals[i + 1] ? [arrivals[i + 1]!.ms - a.ms] : []));
      console.log(
        `${sc.name} (rate ${sc.rate}/s${sc.crawlDelay ? `, Crawl-delay ${sc.crawlDelay}` : ''}${sc.every429 ? `, every ${sc.every429}th page 429 + Retry-After: ${sc.retryAfter}` : ''})`,
      );
      // Start-up (robots.txt fetched once, the other fetchers waiting for it) is a one-off per host and day;
      // the steady figure leaves the first 2 s out.
      const t0 = Math.min(...arrivals.map((a) => a.ms));
      const steady = windowStats(
        arrivals.filter((a) => a.ms >= t0 + 2000).map((a) => a.ms),
        { ratePerSecond: effectiveRate, pauses },
      );
      console.log(`  ${formatWindowStats(stats)}`);
      console.log(`  steady utilization (after the first 2 s): ${steady.utilization === null ? 'n/a' : `${(steady.utilization * 100).toFixed(1)} %`}`);
      console.log(`  robots.txt → next request: ${afterRobots} ms; client errors: ${JSON.stringify(errors)}`);
      if (gaps429.length) {
        const sorted = [...gaps429].sort((a, b) => a - b);
        console.log(
          `  429s: ${gaps429.length}, gap 429 → next arrival min ${sorted[0]!.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms`,
        );
      }
      console.log('');
    }
  } finally {
    await redisSrv.stop();
  }
}

await main();
