import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { request } from 'undici';
import { startReplaySite, type ReplaySite } from '../../src/replay/server.js';
import { get, koreanHref, links } from './helpers.js';

const EN_ARTICLE = /\/en\/article\/all\/\d{8}\/\d{7}\/1$/;

describe('replay site routes', () => {
  let site: ReplaySite;
  beforeAll(async () => {
    site = await startReplaySite({ pairs: 65, seed: 5, crawlDelay: 2 });
  });
  afterAll(() => site.close());

  it('listens on loopback and serves robots.txt naming the sitemap', async () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get(`${site.url}/robots.txt`);
    expect(r.status).toBe(200);
    const text = r.body.toString();
    expect(text).toContain('User-agent: *');
    expect(text).toContain('Disallow: /search');
    expect(text).toContain('Disallow: /news/search');
    expect(text).toContain('Crawl-delay: 2');
    expect(text).toContain(`Sitemap: ${site.url}/sitemap/en-articles.xml`);
  });

  it('lists every English article in the sitemap', async () => {
    const r = await get(`${site.url}/sitemap/en-articles.xml`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/xml/);
    const locs = [...r.body.toString().matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(new Set(locs)).toEqual(new Set(site.model.englishIds.map((id) => site.englishUrl(id))));
  });

  it('front-page pagination reaches every article through the next links', async () => {
    const seen = new Set<string>();
    let next: string | undefined = `${site.url}/en`;
    let pages = 0;
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      const html = r.body.toString();
      pages++;
      for (const l of links(html, next)) if (EN_ARTICLE.test(l)) seen.add(l);
      const m = /<a class="next" href="([^"]+)"/.exec(html);
      next = m ? new URL(m[1]!.replace(/&amp;/g, '&'), next).toString() : undefined;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(new Set(site.model.englishIds.map((id) => site.englishUrl(id))));
  });

  it('section pages partition the articles, newest first, with pagination', async () => {
    const front = (await get(`${site.url}/en`)).body.toString();
    const sections = [...new Set(links(front, site.url).filter((l) => /\/en\/List\/[A-Za-z]+$/.test(l)))];
    expect(sections.length).toBe(7);
    const all: string[] = [];
    for (const s of sections) {
      for (let p = 1; ; p++) {
        const r = await get(p === 1 ? s : `${s}?p=${p}`);
        if (r.status === 404) break;
        const html = r.body.toString();
        // Article links appear twice per item (thumbnail and title); keep the first.
        const found = [...new Set(links(html, s).filter((l) => EN_ARTICLE.test(l)))];
        all.push(...found);
        if (!html.includes('class="next"')) break;
      }
    }
    expect(all.length).toBe(65);
    expect(new Set(all).size).toBe(65);
    expect((await get(`${site.url}/en/List/Nowhere`)).status).toBe(404);
    expect((await get(`${site.url}/en?p=99`)).status).toBe(404);
  });

  it('serves English articles with a 한국어 link to a Korean original that exists', async () => {
    const pairs = site.expectedRecords();
    const paired = pairs.find((p) => p.status === 'paired')!;
    const r = await get(paired.english.url);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=UTF-8');
    const html = r.body.toString();
    expect(html).toContain('한국어');
    expect(html).toMatch(/Posted [A-Z][a-z]+\. \d{2}, \d{4} \d{2}:\d{2},/);
    const ko = await get(paired.english.koreanUrl!);
    expect(ko.status).toBe(200);
    const unlinked = pairs.find((p) => p.status === 'no_korean_link')!;
    const page = (await get(unlinked.english.url)).body.toString();
    expect(koreanHref(page)).toBeUndefined();
    expect(page).toContain('>한국어</a>'); // only the header's language menu
  });

  it('uses absolute and relative 한국어 hrefs', async () => {
    const kinds = new Set<string>();
    for (const p of site
      .expectedRecords()
      .filter((x) => x.status === 'paired')
      .slice(0, 12)) {
      const html = (await get(p.english.url)).body.toString();
      const href = koreanHref(html)!;
      kinds.add(href.startsWith('http') ? 'absolute' : 'relative');
      expect(new URL(href, p.english.url).toString()).toBe(p.english.koreanUrl);
    }
    expect(kinds).toEqual(new Set(['absolute', 'relative']));
  });

  it('serves some Korean pages as EUC-KR, declared in the header and the page', async () => {
    const spec = site.model.englishIds.map((id) => site.model.article(id)!).find((a) => a.ko.charset === 'euc-kr' && a.en.koreanLink !== 'none')!;
    const r = await get(`${site.url}${spec.ko.path}`);
    expect(r.headers['content-type']).toBe('text/html; charset=EUC-KR');
    const text = iconv.decode(r.body, 'euc-kr');
    expect(text).toContain(spec.ko.title);
    expect(text).toContain('ⓒ 동아일보 &amp; donga.com, 무단 전재 및 재배포 금지');
    expect(r.body.toString('utf8')).not.toContain(spec.ko.title);
  });

  it('declares the charset of some EUC-KR pages only inside the page', async () => {
    const specs = site.model.englishIds.map((id) => site.model.article(id)!).filter((a) => a.ko.charset === 'euc-kr' && a.en.koreanLink !== 'none');
    const metaOnly = specs.find((a) => a.ko.charsetInMetaOnly)!;
    const r = await get(`${site.url}${metaOnly.ko.path}`);
    expect(r.headers['content-type']).toBe('text/html');
    expect(r.body.toString('latin1')).toContain('charset=euc-kr');
    expect(iconv.decode(r.body, 'euc-kr')).toContain(metaOnly.ko.title);
  });

  it('answers 404 with an HTML page for unknown paths and unknown ids', async () => {
    for (const path of ['/nope', '/en/article/all/20240301/1234567/1', '/news/Politics/article/all/20240301/999999999/1']) {
      const r = await get(`${site.url}${path}`);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body.toString()).toContain('<h1>404</h1>');
    }
    const noLink = site.expectedRecords().find((p) => p.status === 'no_korean_link')!;
    const spec = site.model.article(noLink.id)!;
    expect((await get(`${site.url}${spec.ko.path}`)).status).toBe(404);
  });

  it('supports ETag and Last-Modified conditional requests', async () => {
    const url = site.englishUrl(site.model.englishIds[3]!);
    const first = await get(url);
    const etag = first.headers['etag']!;
    const lastModified = first.headers['last-modified']!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    const byTag = await get(url, { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect((await get(url, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(url, { 'if-none-match': 'W/"other"' })).status).toBe(200);
    expect((await get(url, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
  });

  it('gzips when asked and serves identity otherwise', async () => {
    const url = site.englishUrl(site.model.englishIds[4]!);
    const plain = await get(url);
    const raw = await request(url, { headers: { 'accept-encoding': 'gzip, br' } });
    const zipped = Buffer.from(await raw.body.arrayBuffer());
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['vary']).toBe('Accept-Encoding');
    expect(zipped.length).toBeLessThan(plain.body.length);
    expect((await get(url, { 'accept-encoding': 'gzip' })).body.equals(plain.body)).toBe(true);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('updateArticle changes the page, its ETag and Last-Modified', async () => {
    const id = site.model.englishIds[6]!;
    const url = site.englishUrl(id);
    const before = await get(url);
    site.updateArticle(id, { enTitle: 'A corrected headline' });
    const stale = await get(url, { 'if-none-match': before.headers['etag']! });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toContain('A corrected headline');
    expect(Date.parse(stale.headers['last-modified']!)).toBeGreaterThan(Date.parse(before.headers['last-modified']!));
    expect(site.expectedRecords().find((p) => p.id === id)!.english.title).toBe('A corrected headline');
  });

  it('counts requests by kind and status', async () => {
    site.resetStats();
    await get(`${site.url}/en`);
    await get(`${site.url}/missing`);
    await get(site.englishUrl(site.model.englishIds[0]!));
    const s = site.stats();
    expect(s.requests).toBe(3);
    expect(s.byKind).toMatchObject({ 'en-front': 1, 'en-article': 1, other: 1 });
    expect(s.byKindStatus).toMatchObject({ 'en-front 200': 1, 'other 404': 1, 'en-article 200': 1 });
    expect(s.hits['/en']).toBe(1);
    expect(s.bytesSent).toBeGreaterThan(10_000);
    expect(s.maxConcurrent).toBeGreaterThanOrEqual(1);
  });
});

describe('determinism', () => {
  it('serves the same pages for the same seed, on any port', async () => {
    const a = await startReplaySite({ pairs: 30, seed: 11 });
    const b = await startReplaySite({ pairs: 30, seed: 11 });
    const c = await startReplaySite({ pairs: 30, seed: 12 });
    try {
      for (const path of [
        '/en',
        '/en?p=2',
        '/sitemap/en-articles.xml',
        a.model.articleAt(2).en.path,
        a.model.articleAt(2).ko.path,
        a.model.articleAt(5).en.path,
      ]) {
        const norm = (s: ReplaySite, body: Buffer) => body.toString('latin1').replaceAll(s.url, 'ORIGIN').replaceAll(encodeURIComponent(s.url), 'ORIGIN');
        const x = norm(a, (await get(`${a.url}${path}`)).body);
        const y = norm(b, (await get(`${b.url}${path}`)).body);
        expect(x).toBe(y);
      }
      expect(c.model.articleAt(2).en.path).not.toBe(a.model.articleAt(2).en.path);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('fault presets', () => {
  it('harsh picks distinct permanent-fault ids from the site and states the expected summary', async () => {
    const site = await startReplaySite({ pairs: 40, preset: 'harsh', faults: { latencyMs: 0 } });
    try {
      expect(site.faults.latencyMs).toBe(0);
      const sum = site.expectedSummary();
      expect(sum.failed).toEqual({ redirect_loop: 1, off_site: 1, too_large: 1, http_status: 1 });
      expect(sum.stored.korean_failed).toBe(2);
      const broken = site.faults.koreanLink404Ids![0]!;
      const spec = site.model.article(broken)!;
      expect((await get(`${site.url}${spec.ko.path}`)).status).toBe(404);
    } finally {
      await site.close();
    }
  });
});
