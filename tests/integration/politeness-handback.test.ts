import { afterEach, describe, expect, it } from 'vitest';
import type { Fetcher } from '../../src/fetch/fetch-page.js';
import { startHarness, type Harness } from './harness.js';

describe('a politeness wait longer than MAX_POLITENESS_WAIT_MS', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('goes back to the queue as a delayed job, using no attempt: one attempt per job still stores every pair', async () => {
    // One attempt per job: a hand-back that used an attempt would fail every job that met the pause.
    h = await startHarness({ backend: 'sqlite', pairs: 6, overrides: { attempts: 1, maxPolitenessWaitMs: 200, followArticleLinks: false } });
    const host = new URL(h.site.url).host;
    // robots.txt first (cached in Redis), so the pause below only meets page requests.
    const fetcher = h.deps.fetcher as Fetcher;
    expect(await fetcher.robotsAllows(`${h.site.url}/en`)).toBe(true);
    await fetcher.limiter.pauseAll(host, 1_500, 'test: the server asked for a pause');
    await h.startWorkers();
    await h.crawl();
    const expected = h.site.model.englishIds.filter((id) => h!.site.expectedOutcome(id).kind === 'stored').length;
    expect((await h.deps.store.countPairs()).total).toBe(expected);
    expect(await h.deps.store.listFailures()).toEqual([]);
    const failed = await h.deps.producer.queues.english.getFailedCount();
    expect(failed).toBe(0);
  });
});
