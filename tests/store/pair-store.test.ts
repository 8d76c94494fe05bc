import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { IngestError } from '../../src/errors.js';
import { pairContentHash } from '../../src/pair/pair-content-hash.js';
import type { PairRecord } from '../../src/records/pair.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { englishArticle, koreanArticle, samplePair, source } from '../pair/sample-articles.js';
import { pgBackend, sqliteBackend, type Backend } from './backends.js';

const pgUrl = inject('pgUrl');

function changed(pair: PairRecord): PairRecord {
  return { ...pair, english: { ...pair.english, body: [...pair.english.body, 'A correction was appended.'] } };
}

function suite(makeBackend: () => Backend): void {
  let backend: Backend;
  let store: PairStore;
  const extra: PairStore[] = [];

  beforeEach(async () => {
    backend = makeBackend();
    store = await backend.open();
  });
  afterEach(async () => {
    for (const s of [store, ...extra.splice(0)]) await s.close();
    await backend.destroy();
  });
  async function another(): Promise<PairStore> {
    const s = await backend.open();
    extra.push(s);
    return s;
  }

  it('init is idempotent, also when several processes start at once on a fresh database', async () => {
    await store.init();
    const fresh = makeBackend();
    try {
      const racing = await Promise.all([1, 2, 3, 4].map(() => fresh.open()));
      await racing[0]!.writePair(samplePair());
      expect(await racing[3]!.countPairs()).toMatchObject({ total: 1 });
      for (const s of racing) await s.close();
    } finally {
      await fresh.destroy();
    }
    expect(await store.countPairs()).toEqual({
      total: 0,
      byStatus: { paired: 0, no_korean_link: 0, korean_failed: 0 },
      revisions: 0,
    });
  });

  it('writes a pair once: the same pair twice is one row at revision 1', async () => {
    const pair = samplePair();
    expect(await store.writePair(pair)).toEqual({ pairId: 'en-5116282', revision: 1, changed: true });
    expect(await store.writePair(pair)).toEqual({ pairId: 'en-5116282', revision: 1, changed: false });
    const got = await store.getPair('en-5116282');
    expect(got).toMatchObject({ ...pair, revision: 1, contentHash: pairContentHash(pair) });
    expect(got!.firstSeenAt).toBe(got!.updatedAt);
    expect(new Date(got!.firstSeenAt).toISOString()).toBe(got!.firstSeenAt);
    expect((await store.countPairs()).revisions).toBe(1);
    expect(await store.getPair('en-1')).toBeNull();
  });

  it('a re-fetch with new provenance but the same content is not a new revision', async () => {
    const pair = samplePair();
    await store.writePair(pair);
    const refetched = samplePair('5116282', {
      englishSource: source(pair.english.url, '2027-01-01T00:00:00.000Z', 'c'.repeat(64)),
      now: '2027-01-01T00:00:01.000Z',
    });
    expect(await store.writePair(refetched)).toMatchObject({ revision: 1, changed: false });
    expect((await store.getPair(pair.pairId))!.provenance).toEqual(pair.provenance);
  });

  it('changed content becomes revision 2 and the previous revision is kept', async () => {
    const v1 = samplePair();
    const v2 = changed(v1);
    await store.writePair(v1);
    expect(await store.writePair(v2)).toEqual({ pairId: v1.pairId, revision: 2, changed: true });
    expect(await store.writePair(v2)).toEqual({ pairId: v1.pairId, revision: 2, changed: false });
    const got = await store.getPair(v1.pairId);
    expect(got).toMatchObject({ revision: 2, contentHash: pairContentHash(v2), english: v2.english });
    expect(got!.updatedAt >= got!.firstSeenAt).toBe(true);
    const revs = await store.getRevisions(v1.pairId);
    expect(revs.map((r) => [r.revision, r.contentHash])).toEqual([
      [1, pairContentHash(v1)],
      [2, pairContentHash(v2)],
    ]);
    expect(await store.getRevision(v1.pairId, 1)).toEqual(v1);
    expect(await store.getRevision(v1.pairId, 2)).toEqual(v2);
    expect(await store.getRevision(v1.pairId, 3)).toBeNull();
    expect(await store.countPairs()).toMatchObject({ total: 1, revisions: 2 });
  });

  it('a pairing-only change (same articles, another Korean URL and evidence) becomes revision 2', async () => {
    const v1 = samplePair();
    const v2: PairRecord = {
      ...v1,
      pairing: {
        ...v1.pairing,
        koreanUrl: 'https://www.donga.com/news/Politics/article/all/20200403/100499999/1',
        evidence: { ...v1.pairing.evidence!, sharedEmails: [], emailMatch: false },
      },
    };
    expect(v2.english).toEqual(v1.english);
    expect(v2.korean).toEqual(v1.korean);
    await store.writePair(v1);
    expect(await store.writePair(v2)).toEqual({ pairId: v1.pairId, revision: 2, changed: true });
    expect(await store.getPair(v1.pairId)).toMatchObject({ revision: 2, pairing: v2.pairing });
    expect(await store.getRevision(v1.pairId, 1)).toEqual(v1);
  });

  it('counts pairs by status', async () => {
    await store.writePair(samplePair('1'));
    await store.writePair(samplePair('2'));
    await store.writePair(samplePair('3', { english: englishArticle('3', { koreanUrl: null }), korean: null }));
    await store.writePair(samplePair('4', { korean: null, koreanError: { code: 'http_status', message: 'HTTP 404' } }));
    expect(await store.countPairs()).toEqual({
      total: 4,
      byStatus: { paired: 2, no_korean_link: 1, korean_failed: 1 },
      revisions: 4,
    });
    const failed = await store.listPairs({ status: 'korean_failed' });
    expect(failed.map((p) => [p.pairId, p.pairing.error])).toEqual([['en-4', { code: 'http_status', message: 'HTTP 404' }]]);
  });

  it('lists pairs in byte order of pairId, page by page', async () => {
    const ids = ['9', '10', '11', '100', '5116282', '2', '20', '3', '30', '1', '7', '77'];
    for (const id of ids) {
      const english = id === '7' || id === '77' ? englishArticle(id, { koreanUrl: null }) : englishArticle(id);
      await store.writePair(samplePair(id, { english, ...(english.koreanUrl ? {} : { korean: null }) }));
    }
    const expected = ids.map((i) => `en-${i}`).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect((await store.listPairs()).map((p) => p.pairId)).toEqual(expected);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listPairs({ limit: 5, ...(after === undefined ? {} : { afterPairId: after }) });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(5);
      seen.push(...page.map((p) => p.pairId));
      after = page.at(-1)!.pairId;
    }
    expect(seen).toEqual(expected);
    const noLink = await store.listPairs({ status: 'no_korean_link', afterPairId: 'en-7' });
    expect(noLink.map((p) => p.pairId)).toEqual(['en-77']);
    expect(await store.listPairs({ limit: 0 })).toEqual([]);
  });

  it('records failures by url + code, counts them by code and clears them', async () => {
    const url = 'https://www.donga.com/news/article/all/20200403/1/1';
    await store.recordFailure({ url, lang: 'ko', code: 'timeout', retryable: true, message: 'first', attempts: 1 });
    const first = (await store.listFailures())[0]!;
    await store.recordFailure({ url, lang: 'ko', code: 'timeout', retryable: true, message: 'again', attempts: 5, jobId: 'ko-1' });
    await store.recordFailure({ url, lang: 'ko', code: 'http_status', message: 'HTTP 404', retryable: false, status: 404, attempts: 1 });
    await store.recordFailure({ url: 'https://www.donga.com/en', lang: 'discover', code: 'timeout', retryable: true, message: 'x', attempts: 5 });
    const rows = await store.listFailures();
    expect(rows.map((r) => [r.url, r.code, r.message, r.attempts, r.jobId])).toEqual([
      ['https://www.donga.com/en', 'timeout', 'x', 5, null],
      [url, 'http_status', 'HTTP 404', 1, null],
      [url, 'timeout', 'again', 5, 'ko-1'],
    ]);
    const timeout = rows.find((r) => r.url === url && r.code === 'timeout')!;
    expect(timeout.firstSeenAt).toBe(first.firstSeenAt);
    expect(timeout.lastSeenAt >= timeout.firstSeenAt).toBe(true);
    expect(await store.countFailuresByCode()).toEqual({ http_status: 1, timeout: 2 });
    // Only the named codes: a parse failure cleared by `reparse` leaves the page's fetch failures standing.
    await store.clearFailure(url, ['http_status', 'missing_title']);
    expect((await store.listFailures()).filter((r) => r.url === url).map((r) => r.code)).toEqual(['timeout']);
    await store.clearFailure(url, []);
    expect(await store.countFailuresByCode()).toEqual({ timeout: 2 });
    await store.clearFailure(url);
    expect(await store.countFailuresByCode()).toEqual({ timeout: 1 });
    await store.clearFailure('https://nowhere.example/');
    expect((await store.listFailures()).map((r) => r.url)).toEqual(['https://www.donga.com/en']);
  });

  it('round-trips the page cache, with and without a parsed record', async () => {
    const url = englishArticle().url;
    expect(await store.getPageCache(url)).toBeNull();
    const entry = {
      url,
      etag: 'W/"abc"',
      lastModified: 'Fri, 03 Apr 2020 07:38:00 GMT',
      bodySha256: 'd'.repeat(64),
      record: englishArticle(),
      parserVersion: 'test-1',
      fetchedAt: '2026-01-06T05:00:00.000Z',
    };
    await store.putPageCache(entry);
    expect(await store.getPageCache(url)).toEqual(entry);
    const ko = { url: koreanArticle().url, etag: null, lastModified: null, bodySha256: 'e'.repeat(64), record: null, fetchedAt: 'x' };
    await store.putPageCache(ko);
    expect(await store.getPageCache(ko.url)).toEqual({ ...ko, parserVersion: null });
    await store.putPageCache({ ...entry, etag: '"v2"', record: null });
    expect(await store.getPageCache(url)).toMatchObject({ etag: '"v2"', record: null });
  });

  it('rejects an invalid record before writing anything', async () => {
    const pair = samplePair();
    await store.writePair(pair);
    const bad = { ...changed(pair), english: { ...changed(pair).english, title: '' } };
    await expect(store.writePair(bad)).rejects.toMatchObject({ code: 'invalid_payload', retryable: false });
    await expect(store.writePair({ ...pair, pairId: 'nope' })).rejects.toBeInstanceOf(IngestError);
    expect(await store.getPair(pair.pairId)).toMatchObject({ revision: 1, contentHash: pairContentHash(pair) });
    expect(await store.countPairs()).toMatchObject({ total: 1, revisions: 1 });
  });

  it('a write that fails midway leaves the previous state intact', async () => {
    const v1 = samplePair();
    await store.writePair(v1);
    // Plant a conflicting history row: the write updates `pairs` first, then fails inserting revision 2.
    await backend.exec(
      `INSERT INTO pair_revisions (pair_id, revision, content_hash, record, created_at)
       VALUES ('en-5116282', 2, 'planted', '{}', '2026-01-01T00:00:00Z')`,
    );
    const err = await store.writePair(changed(v1)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code: 'storage', retryable: false });
    expect(await store.getPair(v1.pairId)).toMatchObject({ revision: 1, contentHash: pairContentHash(v1), english: v1.english });
    await backend.exec(`DELETE FROM pair_revisions WHERE content_hash = 'planted'`);
    expect(await store.writePair(changed(v1))).toMatchObject({ revision: 2, changed: true });
  });

  it('concurrent writers of one pair (several connections) create each revision exactly once', async () => {
    const stores = [store, await another(), await another()];
    const v1 = samplePair();
    const r1 = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % stores.length]!.writePair(v1)));
    expect(r1.filter((r) => r.changed)).toHaveLength(1);
    expect(r1.every((r) => r.revision === 1)).toBe(true);
    const v2 = changed(v1);
    const r2 = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % stores.length]!.writePair(v2)));
    expect(r2.filter((r) => r.changed)).toEqual([{ pairId: v1.pairId, revision: 2, changed: true }]);
    expect(r2.every((r) => r.revision === 2)).toBe(true);
    expect((await store.getRevisions(v1.pairId)).map((r) => r.revision)).toEqual([1, 2]);
    // Many different pairs at once, too.
    await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % stores.length]!.writePair(samplePair(String(1000 + i)))));
    expect(await store.countPairs()).toMatchObject({ total: 31, revisions: 32 });
  });

  it('keeps its data after close and reopen', async () => {
    const pair = samplePair();
    await store.writePair(pair);
    await store.recordFailure({ url: 'https://www.donga.com/x', lang: 'en', code: 'network', retryable: true, message: 'm', attempts: 2 });
    await store.close();
    await store.close(); // closing twice is harmless
    store = await backend.open();
    expect(await store.getPair(pair.pairId)).toMatchObject({ revision: 1, pairId: pair.pairId });
    expect(await store.countFailuresByCode()).toEqual({ network: 1 });
  });
}

describe('SqlitePairStore', () => suite(sqliteBackend));
describe.skipIf(!pgUrl)('PgPairStore', () => suite(() => pgBackend(pgUrl)));
