import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countVerdicts, crawlSummary, formatSummary } from '../../src/pipeline/summary.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { sqliteBackend, type Backend } from '../store/backends.js';

describe('crawl summary verdict counts', () => {
  let backend: Backend;
  let store: PairStore;
  beforeEach(async () => {
    backend = sqliteBackend();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.destroy();
  });

  it('counts paired records by verdict, across store pages, and prints them', async () => {
    // 1203 verified pairs (more than two pages of 500), one mismatch (580 days apart), one without a Korean link.
    for (let i = 0; i < 1203; i++) await store.writePair(samplePair(String(5_000_000 + i)));
    await store.writePair(samplePair('4999999', { korean: koreanArticle({ publishedAt: '2021-11-05T03:00:00+09:00' }) }));
    await store.writePair(samplePair('4999998', { english: englishArticle('4999998', { koreanUrl: null }), korean: null }));
    expect(await countVerdicts(store)).toEqual({ verified: 1203, plausible: 0, suspect: 0, mismatch: 1, unverified: 0 });
    const lines = formatSummary(await crawlSummary(store));
    expect(lines).toContain('verdicts:     verified 1203, plausible 0, suspect 0, mismatch 1 (of paired)');
  });

  it('counts paired records written before verdicts existed as unverified', async () => {
    const old = samplePair();
    const { verdict: _v, score: _s, signals: _g, ...pairing } = old.pairing;
    await store.writePair({ ...old, pairing });
    expect(await countVerdicts(store)).toMatchObject({ verified: 0, unverified: 1 });
    expect(formatSummary(await crawlSummary(store))[1]).toMatch(/unverified 1/);
  });
});
