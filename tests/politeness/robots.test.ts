import { describe, expect, it } from 'vitest';
import { allowAllRules, disallowAllRules, parseRobots, productToken } from '../../src/politeness/robots.js';

const UA = 'donga-ingest/0.1';

describe('parseRobots', () => {
  it('prefers the group naming our product token over *', () => {
    const r = parseRobots(['User-agent: *', 'Disallow: /', '', 'User-agent: Donga-Ingest', 'Disallow: /private', 'Crawl-delay: 2.5'].join('\n'), UA);
    expect(r.isAllowed('/en/article')).toBe(true);
    expect(r.isAllowed('/private/x')).toBe(false);
    expect(r.crawlDelaySeconds).toBe(2.5);
  });

  it('falls back to * and allows everything without a matching group', () => {
    const star = parseRobots('User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /news\n', UA);
    expect(star.isAllowed('/news/x')).toBe(false);
    expect(star.isAllowed('/en')).toBe(true);
    expect(star.crawlDelaySeconds).toBeNull();
    const none = parseRobots('User-agent: googlebot\nDisallow: /\n', UA);
    expect(none.isAllowed('/anything')).toBe(true);
  });

  it('uses the longest match, Allow winning ties', () => {
    const r = parseRobots('User-agent: *\nDisallow: /en/\nAllow: /en/article\nDisallow: /en/article/all/2020\nAllow: /x\nDisallow: /x\n', UA);
    expect(r.isAllowed('/en/section')).toBe(false);
    expect(r.isAllowed('/en/article/all/20250101/1/1')).toBe(true);
    expect(r.isAllowed('/en/article/all/20200101/1/1')).toBe(false);
    expect(r.isAllowed('/x')).toBe(true);
  });

  it('supports * and $ wildcards and matches the query string', () => {
    const r = parseRobots('User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\nDisallow: /exact$\n', UA);
    expect(r.isAllowed('/files/a.pdf')).toBe(false);
    expect(r.isAllowed('/files/a.pdf?x=1')).toBe(true);
    expect(r.isAllowed('/search?q=korea')).toBe(false);
    expect(r.isAllowed('/search')).toBe(true);
    expect(r.isAllowed('/exact')).toBe(false);
    expect(r.isAllowed('/exact/more')).toBe(true);
  });

  it('groups consecutive user-agent lines, ignores comments, empty Disallow and stray rules; collects sitemaps', () => {
    const r = parseRobots(
      [
        '\uFEFFDisallow: /stray',
        'Sitemap: https://www.donga.com/sitemap.xml',
        'User-agent: a-bot',
        'user-agent: DONGA-INGEST # us',
        'Disallow:',
        'Disallow: /tmp # comment',
        'User-agent: *',
        'Disallow: /',
        'SITEMAP: https://www.donga.com/news.xml',
      ].join('\r\n'),
      UA,
    );
    expect(r.isAllowed('/stray')).toBe(true);
    expect(r.isAllowed('/tmp/1')).toBe(false);
    expect(r.isAllowed('/en')).toBe(true);
    expect(r.sitemaps).toEqual(['https://www.donga.com/sitemap.xml', 'https://www.donga.com/news.xml']);
  });

  it('compares percent-encoded and non-ASCII paths alike; robots.txt itself is always allowed', () => {
    const r = parseRobots('User-agent: *\nDisallow: /뉴스\nDisallow: /\n', UA);
    expect(r.isAllowed('/%EB%89%B4%EC%8A%A4/1')).toBe(false);
    expect(r.isAllowed('/robots.txt')).toBe(true);
  });

  it('special rule sets', () => {
    expect(allowAllRules().isAllowed('/x')).toBe(true);
    expect(disallowAllRules().isAllowed('/')).toBe(false);
    expect(disallowAllRules().source).toBe('unreachable');
    expect(productToken('donga-ingest/0.1 (+https://x)')).toBe('donga-ingest');
  });
});
