import type { EnglishArticle, KoreanArticle } from '../../src/records/article.js';
import type { Source } from '../../src/records/pair.js';
import { buildPairRecord, type BuildPairInput } from '../../src/pair/build-pair.js';
import type { PairRecord } from '../../src/records/pair.js';

/** Small valid records for pair and store tests (shapes follow docs/site-notes.md; texts are made up). */
export function englishArticle(id = '5116282', over: Partial<EnglishArticle> = {}): EnglishArticle {
  return {
    lang: 'en',
    url: `https://www.donga.com/en/article/all/20200403/${id}/1`,
    articleId: id,
    title: 'Ruling party leads in polls',
    subtitle: null,
    publishedAt: '2020-04-03T07:38:00+09:00',
    updatedAt: null,
    authors: [{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }],
    dateline: null,
    section: 'Politics',
    body: ['The ruling party leads.', 'The opposition trails.'],
    koreanUrl: 'https://www.donga.com/news/Politics/article/all/20200403/100491234/1',
    ...over,
  };
}

export function koreanArticle(over: Partial<KoreanArticle> = {}): KoreanArticle {
  return {
    lang: 'ko',
    url: 'https://www.donga.com/news/Politics/article/all/20200403/100491234/1',
    articleId: '100491234',
    title: '여당, 여론조사 앞서',
    subtitle: null,
    publishedAt: '2020-04-03T03:00:00+09:00',
    updatedAt: null,
    authors: [{ name: '한기재', email: 'record@donga.com', role: '기자' }],
    dateline: null,
    section: 'Politics',
    body: ['여당이 앞섰다.', '야당은 뒤졌다.'],
    ...over,
  };
}

export function source(url: string, fetchedAt = '2026-01-06T05:00:00.000Z', sha = 'a'.repeat(64)): Source {
  return { url, fetchedAt, bodySha256: sha, httpStatus: 200 };
}

/** A paired record for English id `id`; `over` replaces builder inputs. */
export function samplePair(id = '5116282', over: Partial<BuildPairInput> = {}): PairRecord {
  const english = over.english ?? englishArticle(id);
  const korean = over.korean === undefined ? koreanArticle() : over.korean;
  return buildPairRecord({
    english,
    korean,
    englishSource: source(english.url),
    koreanSource: korean ? source(korean.url, '2026-01-06T05:00:01.000Z', 'b'.repeat(64)) : null,
    koreanError: null,
    parserVersion: 'test-1',
    now: '2026-01-06T05:00:02.000Z',
    ...over,
  });
}
