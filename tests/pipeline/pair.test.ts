import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Failure } from '../../src/failure.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { writePairStep } from '../../src/pipeline/pair.js';
import type { PairPayload } from '../../src/queue/jobs.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { englishArticle, koreanArticle, source } from '../pair/sample-articles.js';

/** The pair step over a real (in-memory) SQLite store; the other dependencies are not used by this step. */
async function pairDeps(): Promise<{ deps: PipelineDeps; store: SqlitePairStore }> {
  const store = new SqlitePairStore(':memory:');
  await store.init();
  const deps = { config: loadConfig({}, {}), store, now: () => new Date('2026-01-06T05:00:00Z') } as unknown as PipelineDeps;
  return { deps, store };
}

const english = englishArticle('5116282');
const payload: PairPayload = {
  englishId: english.articleId,
  englishJobId: 'en-5116282',
  english,
  englishSource: source(english.url),
  koreanUrl: english.koreanUrl!,
  parserVersion: 'test-1',
};
const koreanValue = { record: koreanArticle(), source: source(english.koreanUrl!, '2026-01-06T05:00:01.000Z', 'b'.repeat(64)) };
const down: Failure = { code: 'http_status', retryable: true, status: 503, message: 'HTTP 503', url: english.koreanUrl!, attempts: 5, lang: 'ko' };
const gone: Failure = { code: 'http_status', retryable: false, status: 404, message: 'HTTP 404', url: english.koreanUrl!, attempts: 1, lang: 'ko' };

describe('writePairStep', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('writes korean_failed with the Korean failure’s code when there is no Korean record yet', async () => {
    const { deps, store } = await pairDeps();
    close = () => store.close();
    expect(await writePairStep(deps, payload, { values: [], failures: [down] })).toMatchObject({ status: 'korean_failed', revision: 1 });
    expect((await store.getPair('en-5116282'))!.pairing.error).toEqual({ code: 'http_status', message: 'HTTP 503' });
  });

  it('keeps a stored Korean record when a recheck finds the Korean page down (retryable), but not when it is gone', async () => {
    const { deps, store } = await pairDeps();
    close = () => store.close();
    expect(await writePairStep(deps, payload, { values: [koreanValue], failures: [] })).toMatchObject({ status: 'paired', revision: 1 });
    // The site is down during the recheck: the pair stays paired, unchanged.
    expect(await writePairStep(deps, payload, { values: [], failures: [down] })).toMatchObject({ status: 'paired', revision: 1, changed: false });
    expect((await store.getPair('en-5116282'))!.korean).toEqual(koreanArticle());
    // An English correction during the outage is still stored, with the Korean side it had.
    const corrected = { ...payload, english: { ...english, title: 'Ruling party leads in new polls' } };
    const res = await writePairStep(deps, corrected, { values: [], failures: [down] });
    expect(res).toMatchObject({ status: 'paired', revision: 2, changed: true });
    // The Korean article was removed (404, permanent): that is news, and becomes a revision.
    expect(await writePairStep(deps, corrected, { values: [], failures: [gone] })).toMatchObject({ status: 'korean_failed', revision: 3 });
  });
});
