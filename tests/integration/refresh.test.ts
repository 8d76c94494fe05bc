import { afterEach, describe, expect, it } from 'vitest';
import { kstYmd } from '../../src/normalize/kst-date.js';
import { refreshSlot, RETENTION } from '../../src/queue/jobs.js';
import { backendNames, startHarness, type Harness } from './harness.js';

const DAY = 86_400_000;
const INTERVAL_MIN = 60;

/** `YYYY-MM-DD` of the Korea-time day `daysAgo` days before `now`. */
function kstDay(now: number, daysAgo: number): string {
  const ymd = kstYmd(new Date(now - daysAgo * DAY));
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`;
}

/**
 * Live updates: articles dated within REFRESH_DAYS are rechecked once per refresh slot (conditional GET on
 * both sides), so an update of either page becomes a revision; older articles are left alone; runs in the
 * same slot share the recheck. The workers' clock is moved instead of waiting for the next slot.
 */
describe.each(backendNames())('refresh of recent articles on %s', (backend) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('rechecks recent articles once per slot, picks up a Korean-only update, leaves old ones alone', async () => {
    // The workers' clock starts at noon Korea time today, so moving it one slot on never crosses midnight (which
    // would change which articles are recent while the test runs).
    let now = Math.floor((Date.now() + 9 * 3_600_000) / DAY) * DAY - 9 * 3_600_000 + 12 * 3_600_000;
    // 12 articles, 3 a day over the last 4 Korea-time days (today included): REFRESH_DAYS 2 → the 6 newest.
    h = await startHarness({
      backend,
      pairs: 12,
      site: { startDate: kstDay(now, 3), perDay: 3 },
      now: () => new Date(now),
      overrides: { refreshDays: 2, refreshIntervalMinutes: INTERVAL_MIN },
    });
    const { site, deps } = h;
    const recentFrom = kstYmd(new Date(now - DAY));
    const ymdOf = (id: string) => /\/(\d{8})\//.exec(site.englishUrl(id))![1]!;
    const recent = site.model.englishIds.filter((id) => ymdOf(id) >= recentFrom);
    const old = site.model.englishIds.filter((id) => ymdOf(id) < recentFrom);
    expect(recent).toHaveLength(6);
    const recentPaired = recent.filter((id) => site.model.pairStatus(id) === 'paired');
    expect(recentPaired.length).toBeGreaterThan(0);

    await h.startWorkers();
    await h.crawl();
    const first = await deps.store.countPairs();
    expect(first.total).toBe(site.expectedRecords().length);
    expect(first.revisions).toBe(first.total);
    // Recent articles ran as refresh jobs, older ones as plain ones.
    const slot = refreshSlot(ymdOf(recentPaired[0]!), new Date(now), h.config)!;
    const refreshJob = await deps.producer.queues.english.getJob(`en-${recentPaired[0]}-refresh-${slot}`);
    expect(refreshJob?.opts.removeOnComplete).toEqual(RETENTION.keepRefresh);
    // The article job read the Korean page and wrote the pair itself: no Korean or pair job.
    expect(refreshJob?.returnvalue).toMatchObject({ outcome: 'paired' });
    expect(await deps.producer.queues.pair.getJob(`pair-en-${recentPaired[0]}-refresh-${slot}`)).toBeUndefined();
    expect(await deps.producer.queues.english.getJob(`en-${old[0]}`)).toBeDefined();

    // Another run in the same slot: the refresh jobs already exist, nothing is fetched again.
    const hits = () => site.stats().byKindStatus;
    let before = hits();
    await h.crawl();
    expect(hits()['en-article 200'] ?? 0).toBe(before['en-article 200'] ?? 0);
    expect(hits()['en-article 304'] ?? 0).toBe(before['en-article 304'] ?? 0);
    expect(await deps.store.countPairs()).toEqual(first);

    // Next slot: the Korean original of a recent pair and the English page of an old article change.
    const koChanged = recentPaired[0]!;
    const oldChanged = old.find((id) => site.model.pairStatus(id) !== 'no_korean_link')!;
    site.updateArticle(koChanged, { koTitle: '수정된 제목' });
    site.updateArticle(oldChanged, { enTitle: 'An old story, corrected' });
    now += INTERVAL_MIN * 60_000;
    before = hits();
    const pathHits = (id: string) => site.stats().hits[new URL(site.englishUrl(id)).pathname] ?? 0;
    const oldHitsBefore = old.map(pathHits);
    await h.crawl();
    const after = hits();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    // Every recent English page once, conditionally (a page whose chrome changed, e.g. a headline in its
    // sidebar, answers 200 and is re-parsed to the same record); old pages are not fetched at all.
    expect(delta('en-article 304') + delta('en-article 200')).toBe(recent.length);
    expect(delta('en-article 304')).toBeGreaterThan(0);
    expect(old.map(pathHits)).toEqual(oldHitsBefore);
    // Every recent Korean original once, conditionally; the changed one answers 200.
    expect(delta('ko-article 304') + delta('ko-article 200')).toBe(recentPaired.length);
    expect(delta('ko-article 200')).toBeGreaterThanOrEqual(1);

    const updated = (await deps.store.getPair(`en-${koChanged}`))!;
    expect(updated.revision).toBe(2);
    expect(updated.korean!.title).toBe('수정된 제목');
    expect((await deps.store.getPair(`en-${oldChanged}`))!.revision).toBe(1); // only --force rechecks old articles
    expect(await deps.store.countPairs()).toEqual({ ...first, revisions: first.revisions + 1 });
    expect(await deps.store.listFailures()).toEqual([]);
  });
});
