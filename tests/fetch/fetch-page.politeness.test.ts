import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../config/config.js';
import { FetchError } from '../../src/errors.js';
import { Fetcher } from '../../src/fetch/fetch-page.js';
import type { Logger } from '../../src/log.js';
import { politenessState } from '../../src/politeness/host-limiter.js';
import { windowStats } from '../../src/politeness/window-stats.js';
import { startLoopback, type Loopback } from './loopback-server.js';

/**
 * Politeness as the server sees it: the loopback server stamps every arrival with its own clock and the
 * assertions are about those stamps (lower bounds on gaps, upper bounds on window counts), so a slow
 * machine can only make them easier to meet, never flaky.
 */

interface Arrival {
  ms: number;
  path: string;
  status: number;
}

let arrivals: Arrival[] = [];
let robotsBody = '';
/** Per-path scripted answers: status and headers, consumed in order; then 200. */
let script = new Map<string, { status: number; headers: Record<string, string> }[]>();

function route(req: IncomingMessage, res: ServerResponse): void {
  const ms = performance.timeOrigin + performance.now();
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/robots.txt') {
    arrivals.push({ ms, path, status: robotsBody ? 200 : 404 });
    res.writeHead(robotsBody ? 200 : 404, { 'content-type': 'text/plain' });
    return void res.end(robotsBody);
  }
  const next = script.get(path)?.shift();
  const status = next?.status ?? 200;
  arrivals.push({ ms, path, status });
  const body = '<!doctype html><p>ok</p>';
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(body.length), ...next?.headers });
  res.end(body);
}

let site: Loopback;
let redis: Redis;
const fetchers: Fetcher[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  site = await startLoopback(route);
  redis = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close({ force: true })));
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  arrivals = [];
  robotsBody = '';
  script = new Map();
});

afterAll(async () => {
  await site.close();
  redis.disconnect();
});

function testConfig(overrides: Partial<{ -readonly [K in keyof Config]: Config[K] }> = {}): Config {
  const queuePrefix = `tpolite-${randomBytes(5).toString('hex')}`;
  prefixes.push(queuePrefix);
  return loadConfig({}, { baseUrl: site.origin, queuePrefix, userAgent: 'donga-ingest/0.1', ...overrides });
}

/** A pino logger writing parsed lines into `lines`. */
function memoryLogger(lines: Record<string, unknown>[]): Logger {
  return pino<never>({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
}

function makeFetcher(config: Config, logger?: Logger): Fetcher {
  const f = new Fetcher({ config, redis, ...(logger ? { logger } : {}) });
  fetchers.push(f);
  return f;
}

const settle = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (x) => x,
    (e: unknown) => e,
  );

describe('Crawl-delay', () => {
  it('is known before the second request to a host: robots.txt counts, the first page waits the delay after it', async () => {
    robotsBody = 'User-agent: *\nCrawl-delay: 1\n';
    const config = testConfig({ ratePerSecond: 50 });
    const [a, b] = [makeFetcher(config), makeFetcher(config)];
    await Promise.all([a.fetch(`${site.origin}/p1`), b.fetch(`${site.origin}/p2`)]);
    expect(arrivals.map((x) => x.path).sort()).toEqual(['/p1', '/p2', '/robots.txt']);
    expect(arrivals[0]!.path).toBe('/robots.txt');
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]!.ms - arrivals[i - 1]!.ms).toBeGreaterThanOrEqual(1000);
  });
});

describe('Retry-After', () => {
  it('stops the fleet: requests whose slots were reserved before the 429 still wait out the pause; one warning', async () => {
    script.set('/p0', [{ status: 429, headers: { 'retry-after': '1' } }]);
    const lines: Record<string, unknown>[] = [];
    const config = testConfig({ ratePerSecond: 5 });
    const a = makeFetcher(config, memoryLogger(lines));
    const b = makeFetcher(config, memoryLogger(lines));
    await a.fetch(`${site.origin}/warm`); // robots.txt and one request out of the way
    arrivals = [];
    // Five fetches reserve slots ~0.2 s apart; the first is answered 429 + Retry-After: 1.
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => settle((i % 2 ? b : a).fetch(`${site.origin}/p${i}`))));
    expect(results[0]).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
    const limited = arrivals.find((x) => x.status === 429)!;
    expect(limited.path).toBe('/p0');
    for (const later of arrivals.filter((x) => x !== limited)) expect(later.ms - limited.ms).toBeGreaterThanOrEqual(1000);
    expect(results.slice(1).every((r) => !(r instanceof Error))).toBe(true);
    const paused = lines.filter((l) => l['msg']?.toString().includes('paused until'));
    expect(paused).toHaveLength(1);
    expect(paused[0]).toMatchObject({ level: 40, host: site.host, status: 429, retryAfter: '1' });
    expect(paused[0]!['resumeAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(paused[0]!['reason']).toBe('HTTP 429, Retry-After: 1');
  });

  it('clamps a year-long Retry-After at MAX_RETRY_AFTER_MS and shows the pause in politenessState', async () => {
    script.set('/slow-down', [{ status: 429, headers: { 'retry-after': String(365 * 24 * 3600) } }]);
    const lines: Record<string, unknown>[] = [];
    const config = testConfig({ ratePerSecond: 1000, maxRetryAfterMs: 5_000, maxPolitenessWaitMs: 1_000 });
    const f = makeFetcher(config, memoryLogger(lines));
    const err = await settle(f.fetch(`${site.origin}/slow-down`));
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 5_000 });
    // Every later request is handed back while paused, naming the pause; none is sent, and none logs again.
    for (let i = 0; i < 3; i++) {
      const again = await settle(f.fetch(`${site.origin}/other${i}`));
      expect(again).toBeInstanceOf(FetchError);
      expect(again).toMatchObject({ code: 'rate_limited', retryable: true });
      expect((again as FetchError).message).toContain('paused');
    }
    expect(arrivals.filter((x) => x.path.startsWith('/other'))).toHaveLength(0);
    expect(lines.filter((l) => String(l['msg']).includes('paused until'))).toHaveLength(1);

    const [state] = await politenessState(redis, { prefix: `${config.queuePrefix}:polite`, ratePerSecond: config.ratePerSecond });
    expect(state).toMatchObject({ host: site.host, limitPerMinute: 60_000 });
    expect(state!.pauseReason).toBe(`HTTP 429, Retry-After: ${365 * 24 * 3600} (clamped to 5000 ms by MAX_RETRY_AFTER_MS)`);
    const until = Date.parse(state!.pausedUntil!);
    expect(until - Date.now()).toBeGreaterThan(1_000);
    expect(until - Date.now()).toBeLessThanOrEqual(5_000 + 1_000);
    expect(Date.parse(state!.nextFreeSlot)).toBeGreaterThanOrEqual(until);
    expect(state!.sentLastMinute).toBe(2); // robots.txt and /slow-down
  });

  it('a 503 without Retry-After pauses the host for the default (ten request intervals)', async () => {
    script.set('/down', [{ status: 503, headers: {} }]);
    const config = testConfig({ ratePerSecond: 10 });
    const f = makeFetcher(config);
    expect(await settle(f.fetch(`${site.origin}/down`))).toMatchObject({ code: 'http_status', status: 503, retryAfterMs: 1_000 });
    const [state] = await politenessState(redis, { prefix: `${config.queuePrefix}:polite`, ratePerSecond: 10 });
    expect(state!.pauseReason).toBe('HTTP 503 without Retry-After (default pause 1000 ms)');
    expect(state!.pausedUntil).not.toBeNull();
    expect(state!.limitPerMinute).toBe(600);
  });
});

describe('rate windows as the server sees them', () => {
  it('three fetchers × four lanes at 10/s never put more than 10 requests in any second', async () => {
    const config = testConfig({ ratePerSecond: 10 });
    const fs = [makeFetcher(config), makeFetcher(config), makeFetcher(config)];
    let n = 0;
    await Promise.all(
      fs.flatMap((f) =>
        [0, 1, 2, 3].map(async () => {
          while (n < 40) await f.fetch(`${site.origin}/w${n++}`);
        }),
      ),
    );
    const stats = windowStats(
      arrivals.map((a) => a.ms),
      { ratePerSecond: 10, windowsMs: [1000] },
    );
    expect(stats.count).toBeGreaterThanOrEqual(40);
    expect(stats.windows[0]!.max).toBeLessThanOrEqual(10);
  });
});
