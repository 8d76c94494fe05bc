import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseArticle, PARSER_VERSION } from '../../src/parse/index.js';
import { enqueueInputs } from '../../src/queue/enqueue.js';
import { faultPreset } from '../../src/replay/index.js';
import { faultPlan } from '../../src/replay/faults.js';
import { newRunId } from '../../src/queue/jobs.js';
import { startWorkers } from '../../workers/start-workers.js';
import { backendNames, startHarness, until, type Harness } from './harness.js';

/**
 * The crawl pipeline end to end: replay site → queues → workers → store, on real Redis and each
 * storage backend. Waits are on queue idleness (polled with a deadline), never on fixed sleeps.
 */
describe.each(backendNames())('pipeline on %s', (backend) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a full crawl stores every pair exactly once, equal to the model; a second crawl adds nothing', async () => {
    h = await startHarness({ backend, pairs: 30 });
    await h.startWorkers();
    await h.crawl();
    const { store, producer } = h.deps;
    const counts = await store.countPairs();
    const expected = h.site.expectedRecords();
    expect(counts.total).toBe(expected.length);
    expect(counts.revisions).toBe(expected.length);
    for (const want of expected) {
      const got = await store.getPair(`en-${want.id}`);
      expect(got, `en-${want.id}`).not.toBeNull();
      expect(got!.pairing.status).toBe(want.status);
      expect(got!.english).toEqual(want.english);
      expect(got!.korean).toEqual(want.korean);
      expect(got!.revision).toBe(1);
    }
    expect(await store.listFailures()).toEqual([]);

    const before = await producer.counts();
    const hitsBefore = h.site.stats().byKind['en-article'] ?? 0;
    await h.crawl();
    const after = await producer.counts();
    expect(after.english['completed']).toBe(before.english['completed']);
    expect(after.pair['completed']).toBe(before.pair['completed']);
    expect(after.korean['completed']).toBe(before.korean['completed']);
    expect(h.site.stats().byKind['en-article'] ?? 0).toBe(hitsBefore);
    expect(await store.countPairs()).toEqual(counts);

    // Once the kept job is gone, a re-run costs a 304 and nothing else; a stale failure of the page is cleared.
    const url = h.site.englishUrl(expected[0]!.id);
    await store.recordFailure({ url, lang: 'en', code: 'http_status', message: 'HTTP 503', retryable: true, status: 503, attempts: 5 });
    // The failure rows are written at the worker boundary only (workers/guard.ts): the re-run goes through a worker.
    await producer.queues.english.remove(`en-${expected[0]!.id}`);
    const [rerun] = await producer.addEnglish([{ url, articleId: expected[0]!.id }]);
    await h.idle();
    expect((await producer.queues.english.getJob(rerun!))?.returnvalue).toMatchObject({ outcome: 'unchanged' });
    expect(await store.listFailures()).toEqual([]);
    expect(await store.countPairs()).toEqual(counts);
  });

  it('--force re-ingests: a changed page gets a new revision, an unchanged one does not but is fetched again', async () => {
    h = await startHarness({ backend, pairs: 12 });
    await h.startWorkers();
    await h.crawl();
    const [changedId, sameId] = h.site.model.englishIds.filter((id) => h!.site.expectedOutcome(id).kind === 'stored');
    h.site.updateArticle(changedId!, { enTitle: 'A corrected headline' });
    const hitsBefore = h.site.stats().hits;
    const sameUrl = h.site.englishUrl(sameId!);
    const samePath = new URL(sameUrl).pathname;
    const beforeHits = hitsBefore[samePath] ?? 0;

    // Without --force both are already done: nothing runs.
    const plain = await enqueueInputs(
      { inputs: [h.site.englishUrl(changedId!), sameUrl] },
      { config: h.config, producer: h.deps.producer, resolveId: async () => null },
    );
    expect(plain.jobs.map((j) => j.existing)).toEqual(['completed', 'completed']);
    await h.idle();
    expect((await h.deps.store.getPair(`en-${changedId}`))!.revision).toBe(1);

    const forced = await enqueueInputs(
      { inputs: [h.site.englishUrl(changedId!), sameId!], force: true },
      { config: h.config, producer: h.deps.producer, resolveId: async (id) => (await h!.deps.store.getPair(`en-${id}`))?.english.url ?? null },
    );
    expect(forced.ok).toBe(true);
    expect(forced.jobs.every((j) => /-force-/.test(j.jobId))).toBe(true);
    await h.idle();
    const changed = await h.deps.store.getPair(`en-${changedId}`);
    expect(changed!.revision).toBe(2);
    expect(changed!.english.title).toBe('A corrected headline');
    expect(await h.deps.store.getRevisions(`en-${changedId}`)).toHaveLength(2);
    expect((await h.deps.store.getPair(`en-${sameId}`))!.revision).toBe(1);
    expect(h.site.stats().hits[samePath] ?? 0).toBeGreaterThan(beforeHits);
    for (const j of forced.jobs) expect(await (await h.deps.producer.queues.english.getJob(j.jobId))!.getState()).toBe('completed');

    // Two forced enqueues in the same millisecond get distinct job ids: neither is swallowed.
    const twice = await Promise.all(
      [1, 2].map(() =>
        enqueueInputs({ inputs: [sameUrl], force: true }, { config: h!.config, producer: h!.deps.producer, resolveId: async () => null, now: () => 42 }),
      ),
    );
    expect(new Set(twice.map((t) => t.jobs[0]!.jobId)).size).toBe(2);
    await h.idle();
  });

  it('failures: recorded once with code + URL when attempts run out, cleared by a later success; a Korean 404 gives korean_failed and its own failure', async () => {
    const probe = await startHarness({ backend, pairs: 6 });
    const paired = probe.site.model.englishIds.filter((id) => probe.site.model.pairStatus(id) === 'paired');
    await probe.close();
    const broken = paired[0]!;
    // Every English page answers 5xx on its first attempt only; one attempt per job: each ends failed.
    h = await startHarness({
      backend,
      pairs: 6,
      faults: { errorRate: 1, errorAttempts: 1, kinds: ['en-article'], koreanLink404Ids: [broken] },
      overrides: { attempts: 1, followArticleLinks: false },
    });
    // Discovery runs to its end before any article job: an article is sighted on list pages and in the sitemap,
    // and a crawl's English job that failed on a retryable error is released, so a sighting after the failure
    // would fetch it again in the same run (then on its second attempt, which succeeds). Here each fails once.
    const discovery = await startWorkers({ config: h.config, queues: ['discover'] });
    await h.deps.producer.addCrawlRun({ runId: newRunId() });
    await until(
      async () => {
        const c = await h!.deps.producer.queues.discover.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(c).every((n) => n === 0);
      },
      60_000,
      'discovery to finish',
    );
    await discovery.close();
    await h.startWorkers();
    await h.idle();
    const { store } = h.deps;
    const ids = h.site.model.englishIds;
    expect((await store.countPairs()).total).toBe(0);
    let failures = await store.listFailures();
    expect(failures.map((f) => [f.url, f.code, f.lang, f.attempts])).toEqual(
      ids.map((id) => [h!.site.englishUrl(id), 'http_status', 'en', 1]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );

    // They failed on a retryable error (5xx): the next crawl tries them again instead of skipping them for the
    // retention period, and this time the pages answer.
    await until(async () => (await h!.deps.producer.queues.english.getFailedCount()) === 0, 10_000, 'failed English jobs to be released');
    await h.crawl();
    expect((await store.countPairs()).total).toBe(ids.length);
    expect((await store.listFailures()).map((f) => f.lang)).toEqual(['ko']);

    const forced = await enqueueInputs(
      { inputs: ids.map((id) => h!.site.englishUrl(id)), force: true },
      { config: h.config, producer: h.deps.producer, resolveId: async () => null },
    );
    expect(forced.ok).toBe(true);
    await h.idle();
    expect((await store.countPairs()).total).toBe(ids.length);
    const pair = await store.getPair(`en-${broken}`);
    expect(pair!.pairing.status).toBe('korean_failed');
    expect(pair!.pairing.error?.code).toBe('http_status');
    expect(pair!.korean).toBeNull();
    // The English failures are gone (the pages were stored); the Korean 404 is recorded, once.
    failures = await store.listFailures();
    expect(failures.map((f) => [f.lang, f.code, f.url])).toEqual([['ko', 'http_status', pair!.english.koreanUrl]]);
  });

  it('a Korean page that fails for good, retryable or not, reaches the pair with its own code; its failure is recorded once', async () => {
    const faults = { errorRate: 0.5, errorAttempts: 1, kinds: ['ko-article' as const] };
    const probe = await startHarness({ backend, pairs: 12 });
    const paired = probe.site.model.englishIds.filter((id) => probe.site.model.pairStatus(id) === 'paired');
    // Which Korean pages answer 5xx (one attempt per job: the retries run out on a retryable error); one of the
    // others answers but does not parse (a permanent error of the parser).
    const erroring = (id: string) => faultPlan(3, probe.site.model.article(id)!.ko.path, 'ko-article', faults).kind === 'error';
    await probe.close();
    const unparsable = paired.find((id) => !erroring(id))!;
    expect(unparsable).toBeDefined();
    expect(paired.some(erroring)).toBe(true);
    h = await startHarness({
      backend,
      pairs: 12,
      seed: 3,
      faults,
      overrides: { attempts: 1, followArticleLinks: false },
      parser: (site) => {
        const koPath = site.model.article(unparsable)!.ko.path;
        return {
          version: PARSER_VERSION,
          parse: (page, lang) => {
            if (lang === 'ko' && new URL(page.url).pathname === koPath) throw new ParseError('not_article', 'a photo page');
            return parseArticle(page, { lang });
          },
        };
      },
    });
    await h.startWorkers();
    await h.crawl();
    const { store } = h.deps;
    const failures = await store.listFailures();
    for (const id of paired) {
      const pair = (await store.getPair(`en-${id}`))!;
      const koreanUrl = pair.english.koreanUrl!;
      const mine = failures.filter((f) => f.url === koreanUrl).map((f) => [f.lang, f.code, f.attempts]);
      if (id !== unparsable && !erroring(id)) {
        expect(pair.pairing.status, id).toBe('paired');
        expect(mine, id).toEqual([]);
        continue;
      }
      expect(pair.pairing.status, id).toBe('korean_failed');
      const want = id === unparsable ? { code: 'not_article', message: 'a photo page' } : { code: 'http_status', message: expect.stringMatching(/50[023]/) };
      expect(pair.pairing.error, id).toEqual(want);
      expect(mine, id).toEqual([['ko', want.code, 1]]);
    }
    expect(failures.every((f) => f.lang === 'ko')).toBe(true);
  });

  it('every fault knob ends in a stored pair after retries or a recorded permanent failure', async () => {
    const pairs = 40;
    const probe = await startHarness({ backend, pairs });
    const faults = faultPreset('harsh', probe.site.model.englishIds, (id) => probe.site.model.pairStatus(id) === 'paired');
    await probe.close();
    h = await startHarness({ backend, pairs, faults: { ...faults, stallMs: 3000 }, overrides: { attempts: 6 } });
    await h.startWorkers();
    await h.crawl(150_000);
    const { store } = h.deps;
    const failures = await store.listFailures();
    let stored = 0;
    for (const id of h.site.model.englishIds) {
      const o = h.site.expectedOutcome(id);
      const pair = await store.getPair(`en-${id}`);
      if (o.kind === 'failed') {
        expect(pair, `en-${id} must not be stored`).toBeNull();
        const f = failures.find((x) => x.url === h!.site.englishUrl(id));
        expect(f, `failure of en-${id}`).toBeDefined();
        expect(o.acceptableCodes).toContain(f!.code);
        continue;
      }
      stored++;
      expect(pair, `en-${id}`).not.toBeNull();
      expect(pair!.pairing.status).toBe(o.status);
      // Never half-written: a paired record has its Korean side; korean_failed says why.
      if (o.status === 'paired') expect(pair!.korean).not.toBeNull();
      // Wrongly wired Korean links (crossWiredIds, koreanSwappedIds) are stored paired, with the verdict the model expects.
      if (o.status === 'paired') expect(o.verdicts, `verdict of en-${id}`).toContain(pair!.pairing.verdict);
      if (o.status === 'korean_failed') expect(pair!.pairing.error?.code).toBe(o.koreanError?.code);
      expect(pair!.revision).toBe(1);
    }
    expect((await store.countPairs()).total).toBe(stored);
    const stats = h.site.stats();
    expect(Object.keys(stats.faults).length).toBeGreaterThan(0);
  });
});
