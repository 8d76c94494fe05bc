import { describe, expect, it } from 'vitest';
import { SCORE_BANDS, verdictOf, verifyPair } from '../../src/pair/pair-verdict.js';
import type { PairSignal } from '../../src/records/pair.js';
import { englishArticle, koreanArticle } from './sample-articles.js';

const s = (name: PairSignal['name'], effect: PairSignal['effect'], strength: PairSignal['strength'] = 'strong'): PairSignal => ({
  name,
  value: null,
  effect,
  strength,
  detail: '',
});

describe('verdictOf (the rules of docs/alignment.md)', () => {
  const cases: [string, PairSignal[], string][] = [
    ['an impossibility wins over everything', [s('email', 'supports'), s('time', 'supports', 'weak'), s('identity', 'impossible')], 'mismatch'],
    ['a contradiction makes it suspect', [s('email', 'supports'), s('time', 'supports', 'weak'), s('numbers', 'contradicts')], 'suspect'],
    ['a weak contradiction too', [s('email', 'supports'), s('time', 'supports', 'weak'), s('latin', 'contradicts', 'weak')], 'suspect'],
    ['reporter + time', [s('email', 'supports'), s('time', 'supports', 'weak')], 'verified'],
    ['reporter + any content', [s('name', 'supports'), s('latin', 'supports', 'weak')], 'verified'],
    ['strong content + time (editorials)', [s('numbers', 'supports'), s('time', 'supports', 'weak')], 'verified'],
    ['two weak content signals + time', [s('numbers', 'supports', 'weak'), s('people', 'supports', 'weak'), s('time', 'supports', 'weak')], 'verified'],
    ['reporter alone', [s('email', 'supports')], 'plausible'],
    ['time alone', [s('time', 'supports', 'weak'), s('identity', 'supports', 'weak'), s('length', 'supports', 'weak')], 'plausible'],
    ['nothing observable', [s('email', 'neutral')], 'plausible'],
  ];
  for (const [name, signals, want] of cases) it(name, () => expect(verdictOf(signals)).toBe(want));
});

describe('verifyPair', () => {
  it('keeps the score inside the verdict band', () => {
    const ok = verifyPair({ english: englishArticle(), korean: koreanArticle(), followedUrl: koreanArticle().url });
    expect(ok.verdict).toBe('verified');
    expect(ok.score).toBeGreaterThanOrEqual(SCORE_BANDS.verified[0]);
    const wrong = verifyPair({
      english: englishArticle(),
      korean: koreanArticle({ publishedAt: '2021-11-05T03:00:00+09:00' }),
      followedUrl: koreanArticle().url,
    });
    expect(wrong).toMatchObject({ verdict: 'mismatch', score: 0 });
  });

  it('the issue-8 report: link to another article, other e-mail, 580 days apart → mismatch with the reasons listed', () => {
    const v = verifyPair({
      english: englishArticle(),
      korean: koreanArticle({
        publishedAt: '2021-11-05T03:00:00+09:00',
        authors: [{ name: '김철수', email: 'cskim@donga.com', role: '기자' }],
        identity: { canonicalUrl: 'https://www.donga.com/news/Politics/article/all/20211105/110012345/1', ogUrl: null, articleIds: ['110012345'] },
      }),
      followedUrl: koreanArticle().url,
    });
    expect(v.verdict).toBe('mismatch');
    const effects = Object.fromEntries(v.signals.map((x) => [x.name, x.effect]));
    expect(effects).toMatchObject({ identity: 'impossible', email: 'contradicts', name: 'contradicts', time: 'impossible' });
  });
});
