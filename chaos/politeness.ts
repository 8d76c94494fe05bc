/**
 * Part 3, politeness seen from the server: several worker processes crawl a site that writes down the arrival
 * time of every request. Targets: no 1 s or 10 s window over the budget, no request inside a Retry-After pause,
 * at least 95 % of the budget used while work is queued, and under Crawl-delay the first request after
 * robots.txt no sooner than the delay.
 */
import { randomBytes } from 'node:crypto';
import { configEnv, loadConfig } from '../config/config.js';
import { openDeps, type OpenDeps } from '../src/pipeline/open-deps.js';
import { newRunId } from '../src/queue/jobs.js';
import { onCleanup } from './lib/cleanup.js';
import { startAofRedis } from './lib/redis-aof.js';
import { pollUntil } from './lib/proc.js';
import { openStoreTarget } from './lib/stores.js';
import { sec } from './lib/table.js';
import { maxInWindow, windowStats } from '../src/politeness/window-stats.js';
import { WorkerPool } from './lib/workers.js';
import { caseResult, type CaseResult, type PartOptions, type PartResult } from './part.js';
import { startTimedSite, type TimedSiteOptions } from './timed-site.js';

/** Arrival jitter forgiven when counting requests in a window (see maxInWindow). */
const JITTER_MS = 50;
/** Arrival slack forgiven at the start of a Retry-After pause (see the grace below). */
const PAUSE_SLACK_MS = 250;
const MIN_UTILIZATION = 0.95;

export interface PolitenessScenario {
  name: string;
  rate: number;
  workers: number;
  site: TimedSiteOptions;
}

function politenessScenarios(quick: boolean): PolitenessScenario[] {
  const w = quick ? 2 : 3;
  return [
    { name: 'rate 5/s', rate: 5, workers: w, site: { pairs: quick ? 25 : 100 } },
    { name: 'rate 20/s', rate: 20, workers: w, site: { pairs: quick ? 80 : 400 } },
    { name: 'Crawl-delay 1 s (rate 20/s)', rate: 20, workers: w, site: { pairs: quick ? 5 : 15, crawlDelay: 1 } },
    { name: '429 + Retry-After 2 s (rate 20/s)', rate: 20, workers: w, site: { pairs: quick ? 60 : 200, retryAfter: { every: 40, seconds: 2 } } },
  ];
}

export interface PolitenessFigures {
  requests: number;
  budgetPerSecond: number;
  max1s: number;
  max10s: number;
  utilization: number;
  insidePause: number;
  pauses: number;
  /** ms from the robots.txt request to the next request (Crawl-delay scenario). */
  afterRobotsMs: number | null;
  wallMs: number;
  /** The requests of the densest 1 s window (path, ms after the first of them), for the report. */
  densest: string;
}

export async function runPoliteness(opts: PartOptions): Promise<PartResult> {
  const t0 = Date.now();
  const cases: CaseResult[] = [];
  const densest: string[] = [];
  for (const sc of politenessScenarios(opts.quick)) {
    opts.log(`politeness: ${sc.name}, ${sc.workers} worker processes, ${sc.site.pairs} pairs`);
    const f = await measure(sc);
    const problems: string[] = [];
    const soft: string[] = [];
    const limit1 = Math.floor(f.budgetPerSecond);
    const limit10 = Math.floor(f.budgetPerSecond * 10);
    if (f.max1s > Math.max(1, limit1)) soft.push(`${f.max1s} requests in a 1 s window (budget ${limit1})`);
    if (f.max10s > limit10) soft.push(`${f.max10s} requests in a 10 s window (budget ${limit10})`);
    if (f.insidePause > 0) problems.push(`${f.insidePause} request(s) inside a Retry-After pause`);
    if (f.utilization < MIN_UTILIZATION) soft.push(`utilization ${(f.utilization * 100).toFixed(0)} % < ${MIN_UTILIZATION * 100} %`);
    const delayMs = (sc.site.crawlDelay ?? 0) * 1000;
    if (sc.site.crawlDelay !== undefined && (f.afterRobotsMs ?? 0) < delayMs - JITTER_MS) {
      problems.push(`first request ${f.afterRobotsMs?.toFixed(0)} ms after robots.txt, Crawl-delay ${delayMs} ms`);
    }
    if (f.max1s > Math.max(1, limit1)) densest.push(`${sc.name}, densest 1 s window: ${f.densest}`);
    cases.push(
      caseResult(
        `politeness-${sc.name.replace(/\W+/g, '-').replace(/-+$/, '')}`,
        problems,
        [
          sc.name,
          String(sc.workers),
          String(f.requests),
          `${f.max1s} / ${limit1}`,
          `${f.max10s} / ${limit10}`,
          `${(f.utilization * 100).toFixed(1)} %`,
          sc.site.retryAfter ? `${f.insidePause} in ${f.pauses}` : '–',
          f.afterRobotsMs === null ? '–' : `${f.afterRobotsMs.toFixed(0)} ms`,
          sec(f.wallMs),
        ],
        soft,
      ),
    );
  }
  return {
    part: 'politeness',
    title: 'politeness, from server-side arrival times',
    head: ['scenario', 'workers', 'requests', 'max in 1 s / budget', 'max in 10 s / budget', 'utilization', 'in pause', 'robots → next', 'wall s', 'result'],
    cases,
    notes: [
      `windows are half-open and forgive ${JITTER_MS} ms of arrival jitter; utilization = (requests − 1) / (budget × time from first to last request, pauses excluded); ` +
        `a request counts as inside a pause when it arrives more than one interval (at least ${PAUSE_SLACK_MS} ms) after the 429 and before the pause ends; target ≥ ${MIN_UTILIZATION * 100} %`,
      ...densest,
    ],
    ok: cases.every((c) => c.ok),
    wallMs: Date.now() - t0,
  };
}

function densestWindow(reqs: { at: number; path: string }[], span: number): string {
  const t = [...reqs].sort((a, b) => a.at - b.at);
  let best: [number, number] = [0, 0];
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]!.at - t[lo]!.at >= span) lo++;
    if (hi - lo > best[1] - best[0]) best = [lo, hi];
  }
  const w = t.slice(best[0], best[1] + 1);
  return w.map((r) => `+${(r.at - w[0]!.at).toFixed(0)} ${r.path.length > 40 ? `…${r.path.slice(-30)}` : r.path}`).join(', ');
}

async function measure(sc: PolitenessScenario): Promise<PolitenessFigures> {
  const redis = await startAofRedis({ aof: false });
  const stopRedis = onCleanup(() => redis.stop());
  const target = await openStoreTarget('sqlite', 'polite');
  const site = await startTimedSite(sc.site);
  const closeSite = onCleanup(() => site.close());
  let deps: OpenDeps | undefined;
  let pool: WorkerPool | undefined;
  try {
    const config = loadConfig(
      {},
      {
        redisUrl: redis.url,
        baseUrl: site.url,
        dataDir: target.dataDir,
        queuePrefix: `p${randomBytes(4).toString('hex')}`,
        startPaths: ['/en'],
        sitemapPaths: [],
        ratePerSecond: sc.rate,
        concurrency: 4,
        attempts: 8,
        backoffMs: 200,
        maxDiscoveryPages: 500,
        logLevel: 'silent',
      },
    );
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...configEnv(config), LOG_LEVEL: 'fatal' };
    deps = await openDeps(config);
    pool = new WorkerPool(env);
    await pool.start(sc.workers);
    const t0 = Date.now();
    await deps.producer.addCrawlRun({ runId: newRunId() });
    let seen = 0;
    const d = deps;
    const idle = await pollUntil(
      async () => {
        seen = (await d.producer.pendingCount()) === 0 ? seen + 1 : 0;
        return seen >= 2;
      },
      300_000,
      200,
    );
    if (!idle) throw new Error(`politeness ${sc.name}: crawl not finished after 300 s`);
    const wallMs = Date.now() - t0;
    const all = site.requests;
    const robotsAt = all.find((r) => r.path === '/robots.txt')?.at;
    const afterRobots =
      robotsAt === undefined
        ? undefined
        : all
            .filter((r) => r.at > robotsAt && r.path !== '/robots.txt')
            .map((r) => r.at)
            .sort((a, b) => a - b)[0];
    // robots.txt is a request like any other for the budget.
    const times = all.map((r) => r.at);
    const budget = sc.site.crawlDelay ? Math.min(sc.rate, 1 / sc.site.crawlDelay) : sc.rate;
    // A request admitted just before the 429 was read can still arrive after the pause began: one interval, or
    // the scheduling slack of a loaded machine (a worker descheduled between admission and send), whichever is
    // longer. A fleet ignoring the pause would put dozens of requests into it, far past this.
    const grace = Math.max(1000 / budget, PAUSE_SLACK_MS);
    const sorted = [...times].sort((a, b) => a - b);
    // Utilization with the whole pauses excluded, as this suite has always measured it: windowStats leaves one
    // interval of each pause in (the request the 429 answered), so each pause is handed over one interval early.
    // A request inside a pause counts only after the grace.
    const interval = 1000 / budget;
    const stats = windowStats(times, {
      ratePerSecond: budget,
      windowsMs: [],
      pauses: site.pauses.map(([a, b]) => ({ startMs: a - interval, endMs: b })),
    });
    const graced = windowStats(times, { ratePerSecond: budget, windowsMs: [], pauses: site.pauses.map(([a, b]) => ({ startMs: a + grace, endMs: b })) });
    return {
      requests: all.length,
      budgetPerSecond: budget,
      // Half-open windows shortened by the arrival jitter forgiven (a limiter exactly right still shows one request
      // more in a full window whenever arrival delays differ).
      max1s: maxInWindow(sorted, 1000 - JITTER_MS).max,
      max10s: maxInWindow(sorted, 10_000 - JITTER_MS).max,
      utilization: stats.utilization ?? 0,
      insidePause: graced.insidePauses,
      pauses: site.pauses.length,
      afterRobotsMs: sc.site.crawlDelay !== undefined && robotsAt !== undefined && afterRobots !== undefined ? afterRobots - robotsAt : null,
      wallMs,
      densest: densestWindow(all, 1000 - JITTER_MS),
    };
  } finally {
    await pool?.stop(5_000).catch(() => undefined);
    await deps?.close({ force: true }).catch(() => undefined);
    await closeSite();
    await target.drop().catch(() => undefined);
    await stopRedis();
  }
}
