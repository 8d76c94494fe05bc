import { describe, expect, it } from 'vitest';
import { canonicalUrl, parseArticleUrl, parseEnglishArticleUrl, parseKoreanArticleUrl } from '../../src/normalize/article-url.js';

describe('parseEnglishArticleUrl', () => {
  it.each([
    ['https://www.donga.com/en/article/all/20200403/1994213/1', 'https://www.donga.com/en/article/all/20200403/1994213/1', '1994213'],
    ['http://www.donga.com/en/article/all/20200403/1994213/1?utm_source=x#top', 'https://www.donga.com/en/article/all/20200403/1994213/1', '1994213'],
    ['https://english.donga.com/en/article/all/20240809/5104150/1/', 'https://www.donga.com/en/article/all/20240809/5104150/1', '5104150'],
    ['http://127.0.0.1:8080/en/article/all/20251121/5972638/1', 'http://127.0.0.1:8080/en/article/all/20251121/5972638/1', '5972638'],
  ])('%s', (input, url, id) => {
    expect(parseEnglishArticleUrl(input)).toEqual({ lang: 'en', url, articleId: id, ymd: url.split('/').at(-3), section: null });
  });

  it('resolves relative URLs against a base', () => {
    expect(parseEnglishArticleUrl('/en/article/all/20020721/223820/1', 'https://www.donga.com/en')?.url).toBe(
      'https://www.donga.com/en/article/all/20020721/223820/1',
    );
  });

  it.each([
    'https://www.donga.com/en',
    'https://www.donga.com/en/article/all/20201301/1/1',
    'https://www.donga.com/news/article/all/20200403/100461281/1',
    'ftp://www.donga.com/en/article/all/20200403/1994213/1',
    'not a url',
  ])('rejects %s', (input) => {
    expect(parseEnglishArticleUrl(input)).toBeNull();
  });
});

describe('parseKoreanArticleUrl', () => {
  it.each([
    [
      'https://www.donga.com/news/Politics/article/all/20240809/126426105/2',
      'https://www.donga.com/news/Politics/article/all/20240809/126426105/2',
      '126426105',
      'Politics',
    ],
    ['https://www.donga.com/news/article/all/20211117/110291113/2', 'https://www.donga.com/news/article/all/20211117/110291113/2', '110291113', null],
    [
      'http://m.donga.com/news/Opinion/article/all/20251020/132600780/2?m=1',
      'https://www.donga.com/news/Opinion/article/all/20251020/132600780/2',
      '132600780',
      'Opinion',
    ],
    ['https://www.donga.com/news/List/article/all/20180730/91300663/2', 'https://www.donga.com/news/List/article/all/20180730/91300663/2', '91300663', null],
    ['http://news.donga.com/3/03/20141107/67723014/1', 'https://www.donga.com/news/article/all/20141107/67723014/1', '67723014', null],
    ['http://news.donga.com/3/all/20150708/72306044/1', 'https://www.donga.com/news/article/all/20150708/72306044/1', '72306044', null],
    ['http://news.donga.com/rss/feed/3/all/20170511/84317001/1', 'https://www.donga.com/news/article/all/20170511/84317001/1', '84317001', null],
    ['http://NEWS.donga.com/3/all/20080302/8549230/2/?rss=1#c', 'https://www.donga.com/news/article/all/20080302/8549230/2', '8549230', null],
    ['http://news.donga.com//3//all/20150708/72306044/1', 'https://www.donga.com/news/article/all/20150708/72306044/1', '72306044', null],
    // No known www form (the trailing digit is not 1 or 2): kept as given.
    ['http://news.donga.com/3/all/20150708/72306044/5', 'http://news.donga.com/3/all/20150708/72306044/5', '72306044', null],
    // The replay site (any non-Dong-A host) serves the legacy shape itself.
    ['http://127.0.0.1:8080/3/all/20150708/72306044/1', 'http://127.0.0.1:8080/3/all/20150708/72306044/1', '72306044', null],
  ])('%s', (input, url, id, section) => {
    const got = parseKoreanArticleUrl(input);
    expect(got).toMatchObject({ lang: 'ko', url, articleId: id, section });
  });

  it.each([
    'https://www.donga.com/en/article/all/20200403/1994213/1',
    'https://www.donga.com/news/article/all/20200403/100461281/3',
    'https://www.donga.com/news/List?p=1&ymd=20200403',
  ])('rejects %s', (input) => {
    expect(parseKoreanArticleUrl(input)).toBeNull();
  });

  it('resolves a relative 한국어 href', () => {
    expect(parseKoreanArticleUrl('/news/article/all/20200403/100461281/1', 'https://www.donga.com/en/article/all/20200403/1994213/1')?.url).toBe(
      'https://www.donga.com/news/article/all/20200403/100461281/1',
    );
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['http://donga.com/a?utm_source=x&id=3#frag', 'https://www.donga.com/a?id=3'],
    ['https://www.donga.com//news//x', 'https://www.donga.com/news/x'],
    ['http://127.0.0.1:9/x?fbclid=1', 'http://127.0.0.1:9/x'],
    ['mailto:a@b.c', null],
    ['http://news.donga.com/3/all/20150708/72306044/1?utm_source=x', 'https://www.donga.com/news/article/all/20150708/72306044/1'],
    ['http://news.donga.com/rss/feed/3/all/20170511/84317001/2', 'https://www.donga.com/news/article/all/20170511/84317001/2'],
    // news.donga.com pages with no known www form keep their host and path (only tracking and fragment go).
    ['http://news.donga.com/search?query=%EC%98%88%EC%82%B0&utm_medium=x#r', 'http://news.donga.com/search?query=%EC%98%88%EC%82%B0'],
    ['http://news.donga.com/3/all/20151332/72306044/1', 'http://news.donga.com/3/all/20151332/72306044/1'],
    ['http://news.donga.com/List/3/all', 'http://news.donga.com/List/3/all'],
    ['::', null],
  ])('%s', (input, out) => {
    expect(canonicalUrl(input)).toBe(out);
  });

  it('parseArticleUrl tries English then Korean', () => {
    expect(parseArticleUrl('https://www.donga.com/en/article/all/20200403/1994213/1')?.lang).toBe('en');
    expect(parseArticleUrl('https://www.donga.com/news/article/all/20200403/100461281/1')?.lang).toBe('ko');
  });
});

describe('article URL edges', () => {
  const en = (ymd: string) => parseEnglishArticleUrl(`https://www.donga.com/en/article/all/${ymd}/1994213/1`)?.ymd ?? null;

  it('accepts dates from 1990 to 2200 that exist', () => {
    for (const ymd of ['19900101', '22001231', '20201231', '20200229', '20200131']) expect(en(ymd), ymd).toBe(ymd);
  });

  it('rejects dates outside 1990-2200 or that do not exist', () => {
    for (const ymd of ['19891231', '22010101', '20200001', '20201301', '20200100', '20210229', '20200431']) expect(en(ymd), ymd).toBeNull();
  });

  it('drops the port of a Dong-A host', () => {
    expect(parseEnglishArticleUrl('http://www.donga.com:8080/en/article/all/20200403/1994213/1')?.url).toBe(
      'https://www.donga.com/en/article/all/20200403/1994213/1',
    );
    expect(canonicalUrl('http://donga.com:8080/a')).toBe('https://www.donga.com/a');
  });

  it('a Korean URL needs http(s)', () => {
    expect(parseKoreanArticleUrl('ftp://www.donga.com/news/article/all/20200403/100461281/1')).toBeNull();
  });

  it('the 2014-2017 path form counts on news.donga.com and on non-Dong-A hosts (the replay site) only', () => {
    expect(parseKoreanArticleUrl('https://www.donga.com/3/03/20141107/67723014/1')).toBeNull();
    expect(parseKoreanArticleUrl('http://127.0.0.1:8080/3/03/20141107/67723014/1')).toMatchObject({
      url: 'http://127.0.0.1:8080/3/03/20141107/67723014/1',
      articleId: '67723014',
    });
  });
});
