import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { PairRecord } from '../../src/records/pair.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { hourOf } from '../../src/store/status-store.js';
import { samplePair } from '../pair/sample-articles.js';
import { pgBackend, sqliteBackend, type Backend } from './backends.js';

const pgUrl = inject('pgUrl');

const withVerdict = (pair: PairRecord, verdict: 'verified' | 'suspect' | null): PairRecord => ({
  ...pair,
  pairing: { ...pair.pairing, verdict },
});

/** The status tables and queries, alike on both backends. */
function suite(makeBackend: () => Backend): void {
  let backend: Backend;
  let store: PairStore;

  beforeEach(async () => {
    backend = makeBackend();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.destroy();
  });

  it('page counters: one row per hour and language, increments add up, read from the hour containing since', async () => {
    const t = new Date('2026-03-01T10:20:00.000Z');
    await store.countPage('en', { fetched: 1 }, t);
    await store.countPage('en', { fetched: 1 }, new Date('2026-03-01T10:59:59.999Z'));
    await store.countPage('en', { parseFailed: 1 }, t);
    await store.countPage('ko', { fetched: 3, parseFailed: 2 }, new Date('2026-03-01T11:00:00.000Z'));
    await store.countPage('en', { fetched: 5 }, new Date('2026-03-01T08:00:00.000Z'));
    // Concurrent upserts of one row lose nothing.
    await Promise.all(Array.from({ length: 10 }, () => store.countPage('ko', { fetched: 1 }, new Date('2026-03-01T11:30:00.000Z'))));
    expect(await store.pageCounts(new Date('2026-03-01T10:45:00.000Z'))).toEqual([
      { hour: '2026-03-01T10:00:00.000Z', lang: 'en', fetched: 2, parseFailed: 1 },
      { hour: '2026-03-01T11:00:00.000Z', lang: 'ko', fetched: 13, parseFailed: 2 },
    ]);
    expect(hourOf(t)).toBe('2026-03-01T10:00:00.000Z');
    expect((await store.pageCounts(new Date('2026-03-01T00:00:00.000Z'))).length).toBe(3);
  });

  it('crawl runs: start once, counts add, last activity never goes back, the first finish wins, newest first', async () => {
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    await store.startRun({ runId: 'r1', trigger: 'schedule', startedAt: t0 });
    await store.startRun({ runId: 'r1', trigger: 'crawl', startedAt: new Date('2026-03-01T10:05:00.000Z') }); // a retried crawl-run
    await store.runActivity('r1', { pagesDone: 1 }, new Date('2026-03-01T10:01:00.000Z'));
    await store.runActivity('r1', { articlesDone: 2, articlesFailed: 1 }, new Date('2026-03-01T10:03:00.000Z'));
    await store.runActivity('r1', { pagesFailed: 1 }, new Date('2026-03-01T10:02:00.000Z')); // reported late
    await store.runActivity('nope', { pagesDone: 1 }); // an unknown run is ignored
    await store.startRun({ runId: 'r2', trigger: 'enqueue', startedAt: new Date('2026-03-01T11:00:00.000Z') });
    let runs = await store.listRuns(10);
    expect(runs.map((r) => r.runId)).toEqual(['r2', 'r1']);
    expect(runs[1]).toEqual({
      runId: 'r1',
      trigger: 'schedule',
      startedAt: '2026-03-01T10:00:00.000Z',
      lastActivityAt: '2026-03-01T10:03:00.000Z',
      finishedAt: null,
      outcome: null,
      pagesDone: 1,
      pagesFailed: 1,
      articlesDone: 2,
      articlesFailed: 1,
    });
    await store.finishRun('r1', 'ok', new Date('2026-03-01T10:04:00.000Z'));
    await store.finishRun('r1', 'failed', new Date('2026-03-01T10:09:00.000Z'));
    runs = await store.listRuns(1);
    expect(runs.map((r) => r.runId)).toEqual(['r2']);
    expect((await store.listRuns(5))[1]).toMatchObject({ finishedAt: '2026-03-01T10:04:00.000Z', outcome: 'ok' });
  });

  it('counts paired records by verdict (unverified for those without one) and revisions written since a time', async () => {
    const before = new Date(Date.now() - 1000);
    await store.writePair(withVerdict(samplePair('5000001'), 'verified'));
    await store.writePair(withVerdict(samplePair('5000002'), 'verified'));
    await store.writePair(withVerdict(samplePair('5000003'), 'suspect'));
    const noVerdict = samplePair('5000004');
    delete (noVerdict.pairing as { verdict?: unknown }).verdict;
    await store.writePair(noVerdict);
    await store.writePair(withVerdict(samplePair('5000005'), null));
    // A new revision of 5000003 changes its verdict: the current record counts.
    const revised = withVerdict(samplePair('5000003'), 'verified');
    await store.writePair({ ...revised, english: { ...revised.english, title: 'A corrected headline' } });
    // A pair that is not `paired` has no verdict and is not counted.
    const unpaired = samplePair('5000006');
    await store.writePair({ ...unpaired, pairing: { ...unpaired.pairing, status: 'no_korean_link', verdict: null }, korean: null });
    expect((await store.getPair('en-5000006'))?.pairing.status).toBe('no_korean_link');
    expect(await store.countVerdicts()).toEqual({ unverified: 2, verified: 3 });
    expect(await store.countRevisionsSince(before)).toEqual({ revisions: 7, newPairs: 6 });
    expect(await store.countRevisionsSince(new Date(Date.now() + 60_000))).toEqual({ revisions: 0, newPairs: 0 });
  });

  it('groups failures last seen since a time by code and language, largest first, with a sample URL', async () => {
    const f = (url: string, code: 'http_status' | 'missing_body', lang: 'en' | 'ko') =>
      store.recordFailure({ url, lang, code, message: 'm', retryable: false, attempts: 1 });
    await f('https://www.donga.com/en/b', 'http_status', 'en');
    await f('https://www.donga.com/en/a', 'http_status', 'en');
    await f('https://www.donga.com/ko/a', 'http_status', 'ko');
    await f('https://www.donga.com/en/c', 'missing_body', 'en');
    await f('https://www.donga.com/en/d', 'missing_body', 'en');
    await f('https://www.donga.com/en/e', 'missing_body', 'en');
    // An old failure (last seen 10 days ago) is outside the window.
    await backend.exec(
      `INSERT INTO failures (url, code, lang, message, attempts, job_id, first_seen_at, last_seen_at)
       VALUES ('https://www.donga.com/en/old', 'not_article', 'en', 'm', 1, NULL, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')`,
    );
    const groups = await store.failureGroups(new Date(Date.now() - 3_600_000));
    expect(groups.map(({ lastSeenAt: _, ...g }) => g)).toEqual([
      { code: 'missing_body', lang: 'en', count: 3, sampleUrl: 'https://www.donga.com/en/c' },
      { code: 'http_status', lang: 'en', count: 2, sampleUrl: 'https://www.donga.com/en/a' },
      { code: 'http_status', lang: 'ko', count: 1, sampleUrl: 'https://www.donga.com/ko/a' },
    ]);
    expect(Date.parse(groups[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await store.failureGroups(new Date('2019-12-31T00:00:00.000Z'))).map((g) => g.code)).toContain('not_article');
  });
}

describe('SqlitePairStore status tables', () => suite(sqliteBackend));
describe.skipIf(!pgUrl)('PgPairStore status tables', () => suite(() => pgBackend(pgUrl)));

/** A store written before the status tables existed gets them in place on init, its data kept. */
function migration(makeBackend: () => Backend): void {
  it('init adds the status tables to a store of the previous schema, keeping its pairs', async () => {
    const backend = makeBackend();
    try {
      let store = await backend.open();
      await store.writePair(samplePair('5000001'));
      await store.close();
      // Back to the schema before the status step (3): its tables and those of later steps gone, their version rows removed.
      await backend.exec(
        `DROP TABLE crawl_runs; DROP TABLE page_counts;
         DROP TABLE raw_pages; DROP TABLE IF EXISTS raw_sightings; DROP INDEX failures_article;
         ALTER TABLE failures DROP COLUMN retryable; ALTER TABLE failures DROP COLUMN article_id;
         DELETE FROM schema_version WHERE version >= 3;`,
      );
      store = await backend.open();
      try {
        expect(await store.countPairs()).toMatchObject({ total: 1 });
        await store.startRun({ runId: 'r1', trigger: 'crawl' });
        await store.countPage('en', { fetched: 1 });
        expect((await store.listRuns(5)).map((r) => r.runId)).toEqual(['r1']);
        expect((await store.pageCounts(new Date(Date.now() - 3_600_000))).map((r) => r.fetched)).toEqual([1]);
      } finally {
        await store.close();
      }
    } finally {
      await backend.destroy();
    }
  });
}

describe('SqlitePairStore status migration', () => migration(sqliteBackend));
describe.skipIf(!pgUrl)('PgPairStore status migration', () => migration(() => pgBackend(pgUrl)));
