import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig, type Config } from '../../config/config.js';
import { Fetcher } from '../../src/fetch/fetch-page.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { crawlRun, discoverPage } from '../../src/pipeline/discover.js';
import type { DiscoverPayload, EnglishPayload } from '../../src/queue/jobs.js';
import type { Enqueuer } from '../../src/queue/producer.js';
import { startReplaySite, type ReplaySite } from '../../src/replay/index.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';

/** Discovery against the replay site with the real Fetcher and Redis; the enqueuer just collects (the queue is tested elsewhere). */
describe('discovery steps', () => {
  let site: ReplaySite;
  let redis: Redis;
  // A real store in memory: crawlRun records the run's start there (status shows it).
  const store = new SqlitePairStore(':memory:');
  beforeAll(async () => {
    site = await startReplaySite({ pairs: 45, seed: 5 });
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    await store.init();
  });
  afterAll(async () => {
    await site.close();
    await redis.quit();
    await store.close();
  });

  function deps(overrides: Partial<{ -readonly [K in keyof Config]: Config[K] }> = {}) {
    const config = loadConfig({}, { baseUrl: site.url, ratePerSecond: 1000, queuePrefix: `d${randomBytes(4).toString('hex')}`, ...overrides });
    const discovers: DiscoverPayload[] = [];
    const english: EnglishPayload[] = [];
    const enqueue: Enqueuer = {
      async addDiscover(items) {
        discovers.push(...items);
      },
      async addEnglish(items) {
        english.push(...items);
        return items.map((i) => `en-${i.articleId}`);
      },
      async addPairFlow() {
        throw new Error('not used by discovery');
      },
    };
    const fetcher = new Fetcher({ config, redis });
    const d: PipelineDeps = {
      config,
      redis,
      fetcher,
      enqueue,
      store,
      parser: null as never,
      now: () => new Date('2024-06-01T00:00:00Z'),
    };
    return { d, discovers, english, fetcher };
  }

  /** Runs discovery to exhaustion, breadth first, like the queue would. */
  async function drain(t: ReturnType<typeof deps>): Promise<void> {
    for (let i = 0; i < t.discovers.length; i++) await discoverPage(t.d, t.discovers[i]!);
  }

  it('finds every English article from the start page, its pagination and the robots.txt sitemap', async () => {
    const t = deps();
    await crawlRun(t.d, { runId: 'run1' });
    expect(t.discovers.some((x) => x.kind === 'sitemap')).toBe(true);
    await drain(t);
    const ids = new Set(t.english.map((e) => e.articleId));
    expect([...ids].sort()).toEqual([...site.model.englishIds].sort());
    expect(t.english.every((e) => e.url.startsWith(site.url) && e.runId === 'run1')).toBe(true);
    // The run's start is recorded once, with its trigger (a run id given and no trigger: enqueue).
    await crawlRun(t.d, { runId: 'run1' }, 'schedule');
    expect((await store.listRuns(100)).filter((r) => r.runId === 'run1')).toMatchObject([{ trigger: 'enqueue', finishedAt: null, pagesDone: 0 }]);
    await t.fetcher.close();
  });

  it('bounds discovery pages per run and applies the date window', async () => {
    const t = deps({ maxDiscoveryPages: 2, sitemapPaths: [] });
    await crawlRun(t.d, { runId: 'run2' });
    await drain(t);
    expect(t.discovers.length).toBeLessThanOrEqual(2);

    const ymds = site.model.englishIds.map((id) => new URL(site.englishUrl(id)).pathname.split('/')[4]!).sort();
    const since = ymds[Math.floor(ymds.length / 2)]!;
    const w = deps();
    await crawlRun(w.d, { runId: 'run3', since });
    await drain(w);
    expect(w.english.length).toBeGreaterThan(0);
    expect(w.english.every((e) => e.url.split('/')[6]! >= since)).toBe(true);

    // The same bounds from config (CRAWL_UNTIL, MAX_AGE_DAYS) when the run carries no window.
    const until = `${since.slice(0, 4)}-${since.slice(4, 6)}-${since.slice(6)}`;
    const c = deps({ until });
    await crawlRun(c.d, { runId: 'run5' });
    await drain(c);
    expect(c.english.length).toBeGreaterThan(0);
    expect(c.english.every((e) => e.url.split('/')[6]! <= since)).toBe(true);
    const old = deps({ maxAgeDays: 30 }); // the clock says 2024-06-01; the site's articles are from March
    await crawlRun(old.d, { runId: 'run6' });
    await drain(old);
    expect(old.english).toEqual([]);
    // List pages run newest first: a start page whose articles are all too old ends the pagination.
    expect(old.discovers.filter((x) => x.kind === 'page').map((x) => x.url)).toEqual([`${site.url}/en`]);
    await c.fetcher.close();
    await old.fetcher.close();
    await t.fetcher.close();
    await w.fetcher.close();
  });

  it('drops links robots.txt disallows instead of enqueueing jobs that would fail', async () => {
    const probe = await startReplaySite({ pairs: 20, seed: 9 });
    const banned = probe.model.englishIds[3]!;
    const bannedPath = new URL(probe.englishUrl(banned)).pathname;
    await probe.close();
    const other = await startReplaySite({ pairs: 20, seed: 9, disallow: [bannedPath] });
    try {
      const t = deps({ baseUrl: other.url });
      await crawlRun(t.d, { runId: 'run4' });
      await drain(t);
      const ids = new Set(t.english.map((e) => e.articleId));
      expect(ids.has(banned)).toBe(false);
      expect(ids.size).toBe(other.model.englishIds.length - 1);
      expect(other.stats().hits[bannedPath]).toBeUndefined();
      await t.fetcher.close();
    } finally {
      await other.close();
    }
  });
});

/** Issue 7: the discovery harvest runs within MAX_PARSE_DEPTH (a page from a loopback server, not the replay site). */
describe('discovery within the parse limits', () => {
  it('fails a list page nested deeper than MAX_PARSE_DEPTH as too_deep (permanent), and harvests it under a higher limit', async () => {
    const links = Array.from({ length: 5 }, (_, i) => `<a href="/en/article/all/20240530/${5_000_000 + i}/1">story ${i}</a>`).join('');
    const html = `<html><body>${'<div>'.repeat(100)}${links}${'</div>'.repeat(100)}</body></html>`;
    const server = createServer((req, res) => {
      if (req.url === '/en') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const run = async (maxParseDepth: number) => {
      const config = loadConfig({}, { baseUrl: base, ratePerSecond: 1000, maxParseDepth, queuePrefix: `p${randomBytes(4).toString('hex')}` });
      const english: EnglishPayload[] = [];
      const enqueue: Enqueuer = {
        async addDiscover() {},
        async addEnglish(items) {
          english.push(...items);
          return items.map((i) => `en-${i.articleId}`);
        },
        async addPairFlow() {
          throw new Error('not used by discovery');
        },
      };
      const fetcher = new Fetcher({ config, redis });
      // Discovery asks the store which articles it already has (none here).
      const store = new SqlitePairStore(':memory:');
      await store.init();
      const d: PipelineDeps = { config, redis, fetcher, enqueue, store, parser: null as never, now: () => new Date('2024-06-01T00:00:00Z') };
      try {
        await discoverPage(d, { url: `${base}/en`, kind: 'page', runId: 'deep', depth: 0 });
        return english.length;
      } finally {
        await fetcher.close();
        await store.close();
      }
    };
    try {
      await expect(run(64)).rejects.toMatchObject({ code: 'too_deep', retryable: false });
      expect(await run(512)).toBe(5);
    } finally {
      await redis.quit();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
