import { describe, expect, it } from 'vitest';
import { emailSignal, identitySignal, latinSignal, lengthSignal, nameSignal, numbersSignal, peopleSignal, timeSignal } from '../../src/pair/pair-signals.js';
import { englishArticle, koreanArticle } from './sample-articles.js';

const KO_URL = 'https://www.donga.com/news/Politics/article/all/20200403/100491234/1';
const OTHER_URL = 'https://www.donga.com/news/Politics/article/all/20181021/92345678/1';

describe('identitySignal', () => {
  const identity = (canonicalUrl: string | null, ogUrl: string | null, articleIds: string[]) => ({ canonicalUrl, ogUrl, articleIds });
  const cases = [
    {
      name: 'page names itself as the link did',
      korean: koreanArticle({ identity: identity(KO_URL, KO_URL, ['100491234']) }),
      followed: KO_URL,
      source: null,
      effect: 'supports',
    },
    { name: 'page names nothing (old record or bare page)', korean: koreanArticle(), followed: KO_URL, source: null, effect: 'neutral' },
    {
      name: 'canonical names another article',
      korean: koreanArticle({ identity: identity(OTHER_URL, null, ['92345678']) }),
      followed: KO_URL,
      source: null,
      effect: 'impossible',
    },
    {
      name: 'og:url names another article',
      korean: koreanArticle({ identity: identity(null, OTHER_URL, ['92345678']) }),
      followed: KO_URL,
      source: null,
      effect: 'impossible',
    },
    {
      name: 'an id meta names another article',
      korean: koreanArticle({ identity: identity(null, null, ['92345678']) }),
      followed: KO_URL,
      source: null,
      effect: 'impossible',
    },
    {
      name: 'the link redirected to another article',
      korean: koreanArticle({ url: OTHER_URL, articleId: '92345678' }),
      followed: KO_URL,
      source: { url: OTHER_URL, fetchedUrl: KO_URL, fetchedAt: 'x', bodySha256: 'a'.repeat(64), httpStatus: 200 },
      effect: 'impossible',
    },
    {
      name: 'a redirect within the same article (/1 → /2, section) is fine',
      korean: koreanArticle({ url: KO_URL.replace(/1$/, '2') }),
      followed: KO_URL,
      source: { url: KO_URL.replace(/1$/, '2'), fetchedUrl: KO_URL, fetchedAt: 'x', bodySha256: 'a'.repeat(64), httpStatus: 200 },
      effect: 'supports',
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const s = identitySignal({ english: englishArticle(), korean: c.korean, followedUrl: c.followed, koreanSource: c.source });
      expect(s.effect).toBe(c.effect);
    });
  }
});

describe('timeSignal: English Posted minus Korean 입력', () => {
  const at = (ko: string, en: string) => timeSignal(englishArticle('1', { publishedAt: en }), koreanArticle({ publishedAt: ko })).effect;
  const cases: [string, string, string][] = [
    ['2020-04-03T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'supports'],
    ['2020-04-03T08:00:00+09:00', '2020-04-03T07:38:00+09:00', 'supports'], // 22 min early: clock slack
    ['2020-04-03T10:00:00+09:00', '2020-04-03T07:38:00+09:00', 'contradicts'],
    ['2020-04-05T10:00:00+09:00', '2020-04-03T07:38:00+09:00', 'impossible'],
    ['2020-03-31T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'supports'], // 3 days late
    ['2020-03-25T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'neutral'], // 9 days late
    ['2020-03-01T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'contradicts'], // a month late
    // The issue-8 report: 580 days apart.
    ['2021-11-05T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'impossible'],
    ['2018-08-22T03:00:00+09:00', '2020-04-03T07:38:00+09:00', 'impossible'],
  ];
  for (const [ko, en, want] of cases) it(`${ko} → ${en}: ${want}`, () => expect(at(ko, en)).toBe(want));
});

describe('reporter signals', () => {
  it('a shared e-mail supports; different e-mails contradict; a missing side is neutral', () => {
    expect(emailSignal(englishArticle(), koreanArticle()).effect).toBe('supports');
    const other = koreanArticle({ authors: [{ name: '김철수', email: 'cskim@donga.com', role: '기자' }] });
    expect(emailSignal(englishArticle(), other).effect).toBe('contradicts');
    expect(emailSignal(englishArticle('1', { authors: [] }), other).effect).toBe('neutral');
  });
  it('names: romanized match supports, no match contradicts, a shared e-mail overrules the spelling', () => {
    expect(nameSignal(englishArticle(), koreanArticle()).effect).toBe('supports');
    const other = koreanArticle({ authors: [{ name: '김철수', email: null, role: '기자' }] });
    expect(nameSignal(englishArticle(), other).effect).toBe('contradicts');
    const spelled = koreanArticle({ authors: [{ name: '최혜령', email: 'herstory@donga.com', role: '기자' }] });
    const en = englishArticle('1', { authors: [{ name: 'Hye-Rim Choi', email: 'herstory@donga.com', role: null }] });
    expect(nameSignal(en, spelled).effect).toBe('neutral');
  });
});

describe('content signals', () => {
  const en = (body: string[]) => englishArticle('1', { body });
  const ko = (body: string[]) => koreanArticle({ body });
  it('numbers: normalised values shared support, English values missing from the Korean text contradict', () => {
    const s = numbersSignal(
      en(['The cap rises from 1.5 million won to 2.5 million won, costing 1.2 trillion won.']),
      ko(['상한을 150만 원에서 250만 원으로 올리고 재원은 1조2000억 원이다.']),
    );
    expect(s).toMatchObject({ effect: 'supports', strength: 'strong', value: 1 });
    const c = numbersSignal(en(['It costs 1.5 million won, 2.5 million won and 1.2 trillion won.']), ko(['7만3600원이다.']));
    expect(c.effect).toBe('contradicts');
    expect(numbersSignal(en(['No figures here.']), ko(['숫자 없음.'])).effect).toBe('neutral');
  });
  it('latin: Korean acronyms found in English support', () => {
    expect(latinSignal(en(['The SMA talks with the U.S. stalled.']), ko(['SMA 협상이 미국과 멈췄다.'])).effect).toBe('supports');
    expect(latinSignal(en(['Talks stalled.']), ko(['SMA와 NATO, IMF가 모였다.'])).effect).toBe('contradicts');
  });
  it('people: a Korean name in the body found romanized', () => {
    const s = peopleSignal(en(['Remarks by Jeong Eun-bo, the top negotiator.']), ko(['정은보 대사가 말했다.']));
    expect(s).toMatchObject({ effect: 'supports', value: 1 });
  });
  it('length: a usual ratio supports weakly, an odd one is neutral (never evidence against)', () => {
    expect(lengthSignal(en(['x'.repeat(1000)]), ko(['가'.repeat(100)])).effect).toBe('neutral');
    expect(lengthSignal(en(['x'.repeat(1000)]), ko(['가'.repeat(460)])).effect).toBe('supports');
  });
});
