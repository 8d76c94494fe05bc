import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { chunkIds, KNOWN_IDS_CHUNK, type FailureInput, type PairStore } from '../../src/store/pair-store.js';
import { samplePair } from '../pair/sample-articles.js';
import { pgBackend, sqliteBackend, type Backend } from './backends.js';

const pgUrl = inject('pgUrl');

const enUrl = (id: string) => `https://www.donga.com/en/article/all/20200403/${id}/1`;
const failure = (id: string, over: Partial<FailureInput> = {}): FailureInput => ({
  url: enUrl(id),
  lang: 'en',
  code: 'not_article',
  retryable: false,
  message: 'not an article',
  attempts: 1,
  ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('chunkIds', () => {
  it('drops duplicates and cuts into chunks of at most the given size', () => {
    expect(chunkIds(['1', '2', '1', '3', '4'], 2)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(chunkIds([])).toEqual([]);
    expect(chunkIds(Array.from({ length: KNOWN_IDS_CHUNK + 1 }, (_, i) => String(i))).map((c) => c.length)).toEqual([KNOWN_IDS_CHUNK, 1]);
  });
});

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

  it('a stored pair (any status) or a permanent last failure makes an id known; retryable or no record does not', async () => {
    await store.writePair(samplePair('1001'));
    await store.recordFailure(failure('1002')); // permanent
    await store.recordFailure(failure('1003', { code: 'network', retryable: true }));
    // Permanent first, then a retryable failure: the latest decides.
    await store.recordFailure(failure('1004', { code: 'http_status', retryable: false }));
    await tick();
    await store.recordFailure(failure('1004', { code: 'timeout', retryable: true }));
    // Retryable first, then permanent.
    await store.recordFailure(failure('1005', { code: 'timeout', retryable: true }));
    await tick();
    await store.recordFailure(failure('1005', { code: 'not_article', retryable: false }));
    // A Korean page with the same number, and a discovery failure, are not English articles.
    await store.recordFailure(failure('1006', { url: 'https://www.donga.com/news/article/all/20200403/1006/1', lang: 'ko' }));
    await store.recordFailure(failure('1007', { url: 'job:discover/1007', lang: 'discover' }));
    // The replay site serves the same paths on another origin.
    await store.recordFailure(failure('1008', { url: 'http://127.0.0.1:8123/en/article/all/20200403/1008/1' }));
    const known = await store.knownArticleIds(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1001']);
    expect([...known].sort()).toEqual(['1001', '1002', '1005', '1008']);
    expect(await store.knownArticleIds([])).toEqual(new Set());
    // A failure cleared by a later success no longer counts.
    await store.clearFailure(enUrl('1002'));
    expect(await store.knownArticleIds(['1002'])).toEqual(new Set());
  });

  it('more ids than one query takes: every chunk is asked, none is missed at the boundaries', async () => {
    const ids = Array.from({ length: KNOWN_IDS_CHUNK * 2 + 500 }, (_, i) => String(20_000 + i));
    const hits = [ids[0]!, ids[KNOWN_IDS_CHUNK - 1]!, ids[KNOWN_IDS_CHUNK]!, ids[ids.length - 1]!];
    await store.writePair(samplePair(hits[0]!));
    await store.writePair(samplePair(hits[1]!));
    await store.recordFailure(failure(hits[2]!));
    await store.recordFailure(failure(hits[3]!, { code: 'missing_body' }));
    expect([...(await store.knownArticleIds(ids))].sort()).toEqual([...hits].sort());
  });
}

describe('SqlitePairStore.knownArticleIds', () => suite(sqliteBackend));
describe.skipIf(!pgUrl)('PgPairStore.knownArticleIds', () => suite(() => pgBackend(pgUrl)));
