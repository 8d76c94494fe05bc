import { describe, expect, it } from 'vitest';
import { loadHtml } from '../../src/parse/dom.js';
import { extractPageIdentity } from '../../src/parse/page-identity.js';

const PAGE = 'https://www.donga.com/news/Politics/article/all/20200403/100510316/1';
const identity = (head: string, url = PAGE) => extractPageIdentity(loadHtml(`<html><head>${head}</head><body><p>본문</p></body></html>`).root()[0]!, url);

describe('extractPageIdentity', () => {
  it('reads the canonical link and og:url, and the article ids they name', () => {
    expect(
      identity(`<link rel="canonical" href="https://www.donga.com/news/Politics/article/all/20200403/100510316/1">
        <meta property="og:url" content="http://donga.com/news/Politics/article/all/20200403/100510316/1?utm_source=x">`),
    ).toEqual({ canonicalUrl: PAGE, ogUrl: PAGE, articleIds: ['100510316'] });
  });

  it('resolves a relative canonical against the page and reports every id it names', () => {
    expect(
      identity(
        `<link rel="canonical" href="/news/article/all/20181021/92345678/1"><meta name="articleid" content="92345678"><meta name="dd:article_id" content="100510316">`,
      ),
    ).toEqual({
      canonicalUrl: 'https://www.donga.com/news/article/all/20181021/92345678/1',
      ogUrl: null,
      articleIds: ['92345678', '100510316'],
    });
  });

  it('is empty on a page that names nothing, and ignores non-article URLs and non-numeric ids', () => {
    expect(identity('<title>x</title>')).toEqual({ canonicalUrl: null, ogUrl: null, articleIds: [] });
    expect(identity('<meta property="og:url" content="https://www.donga.com/news/List"><meta name="articleid" content="abc">')).toEqual({
      canonicalUrl: null,
      ogUrl: 'https://www.donga.com/news/List',
      articleIds: [],
    });
  });

  it('keeps the origin of a non-Dong-A host (the replay site)', () => {
    const local = 'http://127.0.0.1:4567/news/article/all/20240301/110000123/1';
    expect(identity(`<meta property="og:url" content="${local}">`, local)).toEqual({ canonicalUrl: null, ogUrl: local, articleIds: ['110000123'] });
  });
});
