import { afterEach, describe, expect, it } from 'vitest';
import { newRunId } from '../../src/queue/jobs.js';
import { exited, startHarness, waitForOutput, type Harness } from './harness.js';

/**
 * Exactly-once under concurrency: two worker processes on one Redis, two crawl runs overlapping
 * (the scheduler firing while a run is in progress), discovery and link-following finding the same
 * articles at once. Every article page (English and Korean) is fetched once; every pair is written once.
 */
describe('concurrency', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('two worker processes and two overlapping crawl runs fetch each article page once and write each pair once', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 30, faults: { latencyMs: [5, 30] } });
    const workers = [h.spawnCli(['worker', '--concurrency', '4']), h.spawnCli(['worker', '--concurrency', '4'])];
    await Promise.all(workers.map((w) => waitForOutput(w, /worker ready/)));
    await Promise.all([h.deps.producer.addCrawlRun({ runId: newRunId() }), h.deps.producer.addCrawlRun({ runId: newRunId() })]);
    await h.idle(120_000);

    const expected = h.site.expectedRecords();
    const counts = await h.deps.store.countPairs();
    expect(counts.total).toBe(expected.length);
    expect(counts.revisions).toBe(expected.length);
    const { hits } = h.site.stats();
    const articleHits = Object.entries(hits).filter(([path]) => /\/article\//.test(path));
    // Every English page and every Korean original, each exactly once.
    expect(articleHits.length).toBe(expected.length + expected.filter((p) => p.korean !== null).length);
    expect(articleHits.filter(([, n]) => n !== 1)).toEqual([]);
    for (const w of workers) w.kill('SIGTERM');
    for (const w of workers) expect((await exited(w)).code).toBe(0);
  });
});
