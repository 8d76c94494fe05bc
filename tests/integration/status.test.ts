import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseArticle, PARSER_VERSION } from '../../src/parse/index.js';
import { installSchedule } from '../../src/queue/scheduler.js';
import { QUEUE_NAMES, SCHEDULER_ID } from '../../src/queue/names.js';
import { collectStatus } from '../../src/status/collect-status.js';
import type { StatusReport } from '../../src/status/status-report.js';
import { runCrawl } from '../../cli/run-crawl.js';
import { closedPort, runCli } from '../cli/run-cli.js';
import { backendNames, startHarness, type Harness } from './harness.js';

/**
 * `donga-ingest status` after a real crawl of the replay site (real Redis, real workers, each store backend): every
 * section with the numbers the crawl produced, `--check` on a healthy store and on one whose parse failures jumped,
 * and Redis down (store sections still shown).
 */
describe.each(backendNames())('status on %s', (backend) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const status = async (args: string[], env: Record<string, string> = {}) => {
    const res = await runCli(['status', ...args], { ...(h!.env as Record<string, string>), ...env }, { timeoutMs: 60_000 });
    return res;
  };
  const statusJson = async (args: string[] = [], env: Record<string, string> = {}) => {
    const res = await status(['--json', ...args], env);
    expect(res.stderr).toBe('');
    return { code: res.code, report: JSON.parse(res.stdout) as StatusReport };
  };

  it('shows queues, schedule, the last run, pairs, failures, drift and hosts of a real crawl; --check follows the alarms', async () => {
    // Two English pages "change their layout": the parser refuses them, as it would a redesigned page.
    let broken: string[] = [];
    h = await startHarness({
      backend,
      pairs: 16,
      overrides: { followArticleLinks: false },
      parser: (site) => {
        broken = site.model.englishIds.slice(0, 2).map((id) => new URL(site.englishUrl(id)).pathname);
        return {
          version: PARSER_VERSION,
          parse: (page, lang) => {
            if (lang === 'en' && broken.includes(new URL(page.url).pathname)) throw new ParseError('missing_body', 'no body found');
            return parseArticle(page, { lang });
          },
        };
      },
    });
    const { producer, store } = h.deps;
    // A pattern whose next run is far away, so no scheduled run starts during the test.
    await installSchedule(producer.queues.discover, h.config, { cron: '0 0 1 1 *', tz: 'Asia/Seoul' });
    await h.startWorkers();
    await h.crawl();

    const { code, report } = await statusJson(['--check']);
    expect(code).toBe(0);
    expect(report.schema).toBe('donga-ingest/status@1');
    expect(report.redis.available).toBe(true);
    expect(report.store).toMatchObject({ available: true, backend, reason: null });

    // Queues: BullMQ's own counts, all idle.
    if (!report.queues.available) throw new Error('queues unavailable');
    const bull = await producer.counts();
    for (const name of QUEUE_NAMES) {
      expect(report.queues.byQueue[name], name).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        // The scheduler's next tick: BullMQ counts it as delayed; status shows it apart.
        scheduled: name === 'discover' ? 1 : 0,
        waitingChildren: 0,
        failed: bull[name]['failed'] ?? 0,
        completed: bull[name]['completed'] ?? 0,
      });
    }
    expect(report.queues.idle).toBe(true);
    expect(report.queues.byQueue.english.failed).toBe(2);
    expect(bull.discover['delayed']).toBe(1);

    if (!report.schedule.available) throw new Error('schedule unavailable');
    const installed = await producer.queues.discover.getJobScheduler(SCHEDULER_ID);
    expect(report.schedule).toEqual({
      available: true,
      installed: true,
      id: SCHEDULER_ID,
      pattern: '0 0 1 1 *',
      tz: 'Asia/Seoul',
      nextRunAt: new Date(installed!.next!).toISOString(),
    });

    // The run: recorded by the pipeline (start in crawlRun, counts at the worker boundary), finished because idle.
    const stats = h.site.stats();
    const enFetched = stats.byKindStatus['en-article 200'] ?? 0;
    const koFetched = stats.byKindStatus['ko-article 200'] ?? 0;
    const discoverDone = (await producer.queues.discover.getJobs(['completed'])).filter((j) => j.name === 'discover').length;
    if (!report.runs.available) throw new Error('runs unavailable');
    expect(report.runs.recent).toHaveLength(1);
    expect(report.runs.last).toMatchObject({
      trigger: 'enqueue',
      state: 'finished',
      finishDerived: true,
      outcome: 'ok',
      pagesDone: discoverDone,
      pagesFailed: 0,
      articlesDone: enFetched - 2,
      articlesFailed: 2,
    });
    expect(report.runs.last!.finishedAt).toBe(report.runs.last!.lastActivityAt);
    expect(Date.parse(report.runs.last!.lastActivityAt)).toBeGreaterThan(Date.parse(report.runs.last!.startedAt));

    // Pairs: the store's totals, by status and verdict, all written in the last hour.
    const counts = await store.countPairs();
    const expected = h.site.expectedRecords().filter((r) => !broken.includes(new URL(r.english.url).pathname));
    expect(counts.total).toBe(expected.length);
    if (!report.pairs.available) throw new Error('pairs unavailable');
    expect(report.pairs).toMatchObject({ total: counts.total, byStatus: counts.byStatus, revisions: counts.revisions });
    const verdicts = (await store.listPairs({ status: 'paired' })).map((p) => p.pairing.verdict ?? 'unverified');
    const byVerdict: Record<string, number> = {};
    for (const v of verdicts) byVerdict[v] = (byVerdict[v] ?? 0) + 1;
    expect(report.pairs.byVerdict).toEqual(byVerdict);
    expect(report.pairs.lastHour).toEqual({ revisions: counts.total, newPairs: counts.total });
    expect(report.pairs.lastDay).toEqual({ revisions: counts.total, newPairs: counts.total });

    // Failures: the two refused pages, by code and language, with a sample.
    if (!report.failures.available) throw new Error('failures unavailable');
    const brokenUrls = (await store.listFailures()).map((f) => f.url).sort();
    expect(brokenUrls).toHaveLength(2);
    for (const w of [report.failures.last24h, report.failures.last7d]) {
      expect(w.total).toBe(2);
      expect(w.groups.map(({ lastSeenAt: _, ...g }) => g)).toEqual([{ code: 'missing_body', lang: 'en', count: 2, sampleUrl: brokenUrls[0] }]);
    }
    expect(report.failures.jump.raised).toBe(false);

    // Drift: every fetched article page counted once, the two parse failures against the English ones.
    if (!report.drift.available) throw new Error('drift unavailable');
    expect(report.drift.windowHours).toBe(6);
    expect(report.drift.byLang.en).toMatchObject({ current: { fetched: enFetched, parseFailed: 2 }, previous: { fetched: 0, parseFailed: 0 }, raised: false });
    expect(report.drift.byLang.ko).toMatchObject({ current: { fetched: koFetched, parseFailed: 0 }, raised: false });
    expect(enFetched).toBe(16);

    // Hosts: the replay site's host, at the configured limit, not paused.
    if (!report.hosts.available) throw new Error('hosts unavailable');
    const host = new URL(h.site.url).host;
    const mine = report.hosts.hosts.find((x) => x.host === host);
    expect(mine).toMatchObject({ pausedUntil: null, limitPerMinute: 60 * h.config.ratePerSecond, limitPerSecond: h.config.ratePerSecond });
    expect(mine!.sentLastMinute).toBeLessThanOrEqual(stats.requests);
    expect(report.alarms).toEqual([]);
    expect(report.warnings).toEqual([]);

    // The human view: the same numbers, aligned.
    const text = await status([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`total +${counts.total} +paired ${counts.byStatus.paired}`));
    expect(text.stdout).toMatch(/missing_body +en +2 +2 +http/);
    expect(text.stdout).toMatch(/alarms: +none/);

    // Parse failures jump (counters written directly, as a redesign would): --check exits 1 naming the language.
    await store.countPage('en', { fetched: 100, parseFailed: 60 });
    const jumped = await statusJson(['--check']);
    expect(jumped.code).toBe(1);
    expect(jumped.report.alarms.map((a) => a.code)).toEqual(['layout_drift']);
    expect(jumped.report.alarms[0]!.message).toMatch(/^English pages: /);
    // Without --check status only reports.
    expect((await statusJson()).code).toBe(0);
    const textAlarm = await status(['--check']);
    expect(textAlarm.code).toBe(1);
    expect(textAlarm.stdout).toMatch(/ALARM layout_drift: English pages/);

    // Redis down: the store's sections are still there; the Redis ones say why not; --check exits 1.
    const down = { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` };
    const noRedis = await statusJson([], down);
    expect(noRedis.code).toBe(0);
    const r = noRedis.report;
    expect(r.redis.available).toBe(false);
    expect(r.redis.reason).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(REDIS_URL\)/);
    for (const s of [r.queues, r.schedule, r.hosts]) expect(s).toEqual({ available: false, reason: 'Redis unreachable' });
    expect(r.pairs).toMatchObject({ available: true, total: counts.total });
    expect(r.failures).toMatchObject({ available: true, last24h: { total: 2 } });
    expect(r.drift).toMatchObject({ available: true, raised: true });
    // Without Redis nobody can tell whether the run's jobs are done.
    expect(r.runs).toMatchObject({ available: true, last: { state: 'unknown', finishedAt: null } });
    expect(r.alarms.map((a) => a.code)).toEqual(['redis_unreachable', 'layout_drift']);
    expect((await statusJson(['--check'], down)).code).toBe(1);
    const textDown = await status([], down);
    expect(textDown.stdout).toMatch(/redis: +redis:\/\/127\.0\.0\.1:\d+ DOWN/);
    expect(textDown.stdout).toMatch(/queues\n +unavailable: Redis unreachable/);
  });
});

describe('status without a store', () => {
  it('reports a missing SQLite database without creating it; Redis down too: both alarms', async () => {
    const { mkdtempSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'donga-status-'));
    try {
      const res = await runCli(['status', '--json', '--check'], { DATA_DIR: dir, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
      expect(res.code).toBe(1);
      const r = JSON.parse(res.stdout) as StatusReport;
      expect(r.store).toMatchObject({ available: false, backend: 'sqlite' });
      expect(r.store.reason).toMatch(/no database at .*donga\.sqlite/);
      expect(r.pairs).toEqual({ available: false, reason: 'store unavailable' });
      expect(r.alarms.map((a) => a.code)).toEqual(['redis_unreachable', 'store_unavailable']);
      expect(existsSync(join(dir, 'donga.sqlite'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('status of a run started by the crawl command', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('the crawl command records the end and outcome itself; status shows them as recorded, not derived', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 8 });
    const res = await runCrawl({ config: h.config, progress: false });
    await res.workers.close();
    const report = await collectStatus({ config: h.config, store: h.deps.store });
    if (!report.runs.available) throw new Error('runs unavailable');
    expect(report.runs.last).toMatchObject({
      runId: res.runId,
      trigger: 'crawl',
      state: 'finished',
      finishDerived: false,
      outcome: 'ok',
      articlesDone: res.articlesDone,
      articlesFailed: 0,
    });
    expect(res.articlesDone).toBe(8);
    expect(Date.parse(report.runs.last!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(report.runs.last!.lastActivityAt));
  });

  it('a crawl whose discovery failed is recorded failed, and --check raises last_run_failed', async () => {
    // Nothing listens on SITE_URL: the start page fails for good (one attempt), so the run fails as the crawl command's exit code does.
    h = await startHarness({ backend: 'sqlite', pairs: 2, overrides: { baseUrl: `http://127.0.0.1:${await closedPort()}`, attempts: 1 } });
    const res = await runCrawl({ config: h.config, progress: false });
    await res.workers.close();
    expect(res.discoveryFailures.length).toBeGreaterThan(0);
    const report = await collectStatus({ config: h.config, store: h.deps.store });
    if (!report.runs.available) throw new Error('runs unavailable');
    expect(report.runs.last).toMatchObject({ runId: res.runId, trigger: 'crawl', state: 'finished', outcome: 'failed', articlesDone: 0 });
    expect(report.runs.last!.pagesFailed).toBeGreaterThan(0);
    expect(report.alarms.map((a) => a.code)).toEqual(['last_run_failed']);
  });
});
