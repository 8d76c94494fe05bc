import { describe, expect, it } from 'vitest';
import {
  dateFilter,
  englishArticlesFromFeed,
  extractEnglishArticleLinks,
  extractFeedLinks,
  extractPaginationLinks,
  toYmd,
} from '../../src/discover/extract-links.js';
import { kstYmd } from '../../src/normalize/kst-date.js';

const page = 'https://www.donga.com/en/List?p=1';

describe('extractEnglishArticleLinks', () => {
  it('keeps every link of the English article shape, resolved and deduplicated by id', () => {
    const html = `
      <a href="/en/article/all/20240809/5104150/1">one</a>
      <a href="https://www.donga.com/en/article/all/20240809/5104150/1?utm_source=x#top">dup</a>
      <a href="//donga.com/en/article/all/20240810/5104200/1">protocol-relative</a>
      <a href="/news/Politics/article/all/20240809/126426105/2">korean</a>
      <a href="/en/article/all/20241399/5104300/1">bad date</a>
      <a href="javascript:void(0)">js</a><a>no href</a>
      <a href="http://127.0.0.1:9/en/article/all/20240811/5104400/1">replay</a>`;
    const links = extractEnglishArticleLinks(html, page);
    expect(links.map((l) => l.url)).toEqual([
      'https://www.donga.com/en/article/all/20240809/5104150/1',
      'https://www.donga.com/en/article/all/20240810/5104200/1',
      'http://127.0.0.1:9/en/article/all/20240811/5104400/1',
    ]);
    expect(links[0]).toMatchObject({ articleId: '5104150', ymd: '20240809', lang: 'en' });
  });
});

describe('extractPaginationLinks', () => {
  it('finds page-parameter links and next/number anchors on the same path, not itself or other paths', () => {
    const html = `
      <a href="/en/List?p=1">1</a><a href="/en/List?p=2">2</a><a href="/en/List?page=3">3</a>
      <a href="?p=2">again</a>
      <a href="/en/List?p=4" rel="next">›</a>
      <a href="/en/Other?p=2">other path</a>
      <a href="https://evil.example/en/List?p=5">5</a>
      <a href="/en/List?sort=new">Newest</a>
      <a href="/en/List?x=1">다음</a>`;
    expect(extractPaginationLinks(html, page)).toEqual([
      'https://www.donga.com/en/List?p=2',
      'https://www.donga.com/en/List?page=3',
      'https://www.donga.com/en/List?p=4',
      'https://www.donga.com/en/List?x=1',
    ]);
  });

  it('is bounded', () => {
    const html = Array.from({ length: 100 }, (_, i) => `<a href="/en?p=${i + 2}">${i + 2}</a>`).join('');
    expect(extractPaginationLinks(html, 'https://www.donga.com/en', { max: 5 })).toHaveLength(5);
  });
});

describe('extractEnglishArticleLinks: markup details', () => {
  const article = 'https://www.donga.com/en/article/all/20240809/5104150/1';
  it('reads upper-case tags and attributes (HTML, not XML, parsing)', () => {
    expect(extractEnglishArticleLinks('<A HREF="/en/article/all/20240809/5104150/1">x</A>', page).map((l) => l.articleId)).toEqual(['5104150']);
  });
  it('an empty href is no link (not the page itself)', () => {
    expect(extractEnglishArticleLinks('<a href="">self</a>', article)).toEqual([]);
  });
});

describe('extractPaginationLinks: what counts as a pager link', () => {
  const list = 'https://www.donga.com/en/List';
  const links = (html: string, at = list) => extractPaginationLinks(html, at);

  it('a page parameter alone is enough, whatever the anchor text, for each known name', () => {
    for (const k of ['p', 'page', 'pg', 'pageNo', 'pageIndex']) {
      expect(links(`<a href="/en/List?${k}=12">Older stories</a>`)).toEqual([`${list}?${k}=12`]);
    }
  });
  it('a page parameter must be 1-6 digits', () => {
    for (const v of ['x12', '12x', 'ab', '1234567']) expect(links(`<a href="/en/List?p=${v}">Older stories</a>`)).toEqual([]);
    expect(links('<a href="/en/List?p=123456">Older stories</a>')).toEqual([`${list}?p=123456`]);
  });
  it('without a page parameter: next-like text, a page number (1-4 digits, spaces trimmed) or rel=next', () => {
    expect(links('<a href="/en/List?offset=20">\n  2\n</a>')).toEqual([`${list}?offset=20`]);
    expect(links('<a href="/en/List?offset=20">12</a>')).toEqual([`${list}?offset=20`]);
    expect(links('<a href="/en/List?offset=20">Next \n page</a>')).toEqual([`${list}?offset=20`]);
    expect(links('<a href="/en/List?offset=20" rel="next">Older</a>')).toEqual([`${list}?offset=20`]);
    for (const text of ['12345', 'p12', '12a', 'ab', 'more news', 'see more', 'Older']) {
      expect(links(`<a href="/en/List?offset=20">${text}</a>`)).toEqual([]);
    }
  });
  it('a trailing slash does not make another path', () => {
    expect(links('<a href="/en/List/?p=2">2</a><a href="/en/List//?p=3">3</a>')).toEqual([`${list}/?p=2`, `${list}//?p=3`]);
    expect(links('<a href="/en/List?p=2">2</a>', `${list}/`)).toEqual([`${list}?p=2`]);
  });
  it('never the page itself: not with a fragment, another slash or parameters in another order', () => {
    expect(links('<a href="/en/List?p=1">1</a>', `${list}?p=1#top`)).toEqual([]);
    expect(links('<a href="/en/List/?sort=new">next</a>', `${list}?sort=new`)).toEqual([]);
    expect(links('<a href="/en/List?sort=new&p=1">1</a>', `${list}?p=1&sort=new`)).toEqual([]);
  });
  it('deduplicates links whose parameters differ only in order', () => {
    expect(links('<a href="/en/List?b=1&p=2">2</a><a href="/en/List?p=2&b=1">2</a>')).toEqual([`${list}?b=1&p=2`]);
  });
  it('skips an href that is no URL', () => {
    expect(links('<a href="http://[x/en/List?p=2">2</a><a href="/en/List?p=3">3</a>')).toEqual([`${list}?p=3`]);
  });
  it('reads upper-case tags and a page URL with several trailing slashes', () => {
    expect(links('<A HREF="/en/List?p=2">2</A>')).toEqual([`${list}?p=2`]);
    expect(links('<a href="/en/List?p=2">2</a>', `${list}//`)).toEqual([`${list}?p=2`]);
  });
  it('decodes entities in href', () => {
    expect(links('<a href="/en/List?x=1&amp;p=2">Older</a>')).toEqual([`${list}?x=1&p=2`]);
  });
});

describe('feeds and sitemaps: what is not a link', () => {
  const base = 'https://www.donga.com/sitemap.xml';
  it('keeps http and https, drops other schemes, empty and unparseable entries in every feed kind', () => {
    const urlset = `<urlset><url><loc>http://127.0.0.1:9/a</loc></url><url><loc>ftp://x/b</loc></url><url><loc></loc></url>
      <url><loc>http://[x</loc></url></urlset>`;
    expect(extractFeedLinks(urlset, base)).toEqual({ urls: ['http://127.0.0.1:9/a'], sitemaps: [] });
    const index = `<sitemapindex><sitemap><loc>mailto:a@b.c</loc></sitemap><sitemap><loc></loc></sitemap></sitemapindex>`;
    expect(extractFeedLinks(index, base)).toEqual({ urls: [], sitemaps: [] });
    const rss = `<rss><channel><item><link>ftp://x/c</link></item><item><link></link></item></channel></rss>`;
    expect(extractFeedLinks(rss, base).urls).toEqual([]);
    const atom = `<feed><entry><link href="ftp://x/d"/><link/></entry></feed>`;
    expect(extractFeedLinks(atom, base).urls).toEqual([]);
  });
});

describe('feeds and sitemaps', () => {
  it('reads sitemap <loc>, sitemap indexes, RSS <link> and Atom link[href]', () => {
    const sitemap = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://www.donga.com/en/article/all/20240809/5104150/1</loc></url>
      <url><loc> /en/article/all/20240810/5104200/1 </loc></url>
      <url><loc>https://www.donga.com/news/article/all/20240809/126426105/2</loc></url></urlset>`;
    const got = englishArticlesFromFeed(sitemap, 'https://www.donga.com/sitemap.xml');
    expect(got.articles.map((a) => a.articleId)).toEqual(['5104150', '5104200']);
    const index = `<sitemapindex><sitemap><loc>https://www.donga.com/sitemap-1.xml</loc></sitemap></sitemapindex>`;
    expect(extractFeedLinks(index, 'https://www.donga.com/').sitemaps).toEqual(['https://www.donga.com/sitemap-1.xml']);
    const rss = `<rss><channel><link>https://www.donga.com/en</link><item><link>https://www.donga.com/en/article/all/20240809/5104150/1</link></item></channel></rss>`;
    expect(extractFeedLinks(rss, 'https://www.donga.com/').urls).toEqual(['https://www.donga.com/en/article/all/20240809/5104150/1']);
    const atom = `<feed><entry><link rel="alternate" href="https://www.donga.com/en/article/all/20240809/5104150/1"/><link rel="edit" href="https://x/"/></entry></feed>`;
    expect(extractFeedLinks(atom, 'https://www.donga.com/').urls).toEqual(['https://www.donga.com/en/article/all/20240809/5104150/1']);
  });
});

describe('date filters', () => {
  const now = new Date('2024-08-10T03:00:00Z'); // 12:00 KST on 2024-08-10
  it('applies since/until inclusively, in either date spelling', () => {
    const f = dateFilter({ since: '2024-08-01', until: '20240805', now });
    expect(['20240731', '20240801', '20240805', '20240806'].map(f)).toEqual([false, true, true, false]);
  });
  it('applies maxAgeDays in Korea days; 0 means no limit', () => {
    expect(dateFilter({ maxAgeDays: 2, now })('20240808')).toBe(true);
    expect(dateFilter({ maxAgeDays: 2, now })('20240807')).toBe(false);
    expect(dateFilter({ maxAgeDays: 0, now })('19990101')).toBe(true);
    expect(dateFilter({ maxAgeDays: -1, now })('19990101')).toBe(true);
  });
  it('normalizes dates and rejects impossible ones', () => {
    expect(toYmd('2024-02-29')).toBe('20240229');
    expect(toYmd('2023-02-29')).toBeNull();
    expect(toYmd('12:34')).toBeNull();
    expect(toYmd(' 2024-08-01 ')).toBe('20240801');
    for (const bad of ['x2024-08-01', '2024-08-01x', '2024-13-01', '2024-00-10', '2024-04-31', '2024-04-00', '0050-01-01']) {
      expect(toYmd(bad), bad).toBeNull();
    }
    expect(kstYmd(new Date('2024-08-09T15:30:00Z'))).toBe('20240810');
  });
});

describe('limits: the link harvest is bounded like the article parsers', () => {
  const links = Array.from({ length: 3_000 }, (_, i) => `<a href="/en/article/all/20240809/${5_000_000 + i}/1">${i}</a>`).join('');

  it('refuses a page nested deeper than maxDepth as too_deep (it used to load for 27 s before any harvest)', () => {
    const deep = `${'<div>'.repeat(100_000)}${links}`;
    for (const harvest of [() => extractEnglishArticleLinks(deep, page), () => extractPaginationLinks(deep, page)]) {
      expect(harvest).toThrow(expect.objectContaining({ code: 'too_deep', retryable: false }));
    }
    const sitemap = `<urlset>${'<url>'.repeat(100_000)}<loc>https://www.donga.com/en/article/all/20240809/5104150/1</loc></urlset>`;
    expect(() => englishArticlesFromFeed(sitemap, 'https://www.donga.com/sitemap.xml')).toThrow(expect.objectContaining({ code: 'too_deep' }));
    expect(extractEnglishArticleLinks(`${'<div>'.repeat(40)}${links}`, page, { maxDepth: 64 })).toHaveLength(3_000);
    expect(() => extractEnglishArticleLinks(`${'<div>'.repeat(40)}${links}`, page, { maxDepth: 32 })).toThrow(expect.objectContaining({ code: 'too_deep' }));
  }, 60_000);

  it('fails as parse_timeout once the injected clock passes timeoutMs', () => {
    let t = 0;
    const now = () => (t += 1);
    expect(() => extractEnglishArticleLinks(links, page, { timeoutMs: 2, now })).toThrow(expect.objectContaining({ code: 'parse_timeout' }));
    expect(() => extractPaginationLinks(links, page, { timeoutMs: 2, now })).toThrow(expect.objectContaining({ code: 'parse_timeout' }));
    expect(extractEnglishArticleLinks(links, page, { timeoutMs: 1e9, now })).toHaveLength(3_000);
  });
});
