/**
 * One page context per fetched page (page-context.ts): parsePage's record is parseArticle's, and its links are what
 * the separate harvest (`extractEnglishArticleLinks` on the decoded page) returns, for every fixture, for the replay
 * site's pages, and for markup built to trip the shared tree (anchors in cut pieces, cuts inside tags …).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractEnglishArticleLinks, extractPaginationLinks } from '../../src/discover/extract-links.js';
import { decodeHtml } from '../../src/parse/decode.js';
import { collectTags, loadDocument } from '../../src/parse/dom.js';
import { englishLinksOf } from '../../src/parse/english-links.js';
import { ParseBudget } from '../../src/parse/limits.js';
import { loadPage, parseArticle, parsePage } from '../../src/parse/index.js';
import type { PageInput } from '../../src/records/article.js';
import { buildSiteModel } from '../../src/replay/site-model.js';
import { renderEnglishArticle } from '../../src/replay/templates/english-article.js';
import { renderKoreanArticle } from '../../src/replay/templates/korean-article.js';
import { renderFrontPage, renderSectionPage } from '../../src/replay/templates/site-pages.js';
import { EN_SECTIONS } from '../../src/replay/vocab.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Fixture {
  name: string;
  lang: 'en' | 'ko';
  page: PageInput;
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const lang of ['en', 'ko'] as const) {
    const dir = join(FIXTURES, lang);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const d = join(dir, name);
      if (!existsSync(join(d, 'page.html')) || !existsSync(join(d, 'source.json'))) continue;
      const source = JSON.parse(readFileSync(join(d, 'source.json'), 'utf8')) as { url: string; contentType?: string | null };
      out.push({
        name: `${lang}/${name}`,
        lang,
        page: { body: new Uint8Array(readFileSync(join(d, 'page.html'))), url: source.url, contentType: source.contentType ?? null },
      });
    }
  }
  return out;
}

/** The record or the error (code and message) a parse ends in. */
function outcome(fn: () => unknown): unknown {
  try {
    return { record: fn() };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { error: e.code, message: e.message };
  }
}

/** The old harvest: the decoded page loaded on its own. */
const oldLinks = (page: PageInput) => extractEnglishArticleLinks(decodeHtml(page.body, page.contentType).html, page.url);

describe('parsePage on every fixture', () => {
  const all = fixtures();
  it('finds the fixtures', () => {
    expect(all.filter((f) => f.lang === 'en').length).toBeGreaterThan(5);
    expect(all.filter((f) => f.lang === 'ko').length).toBeGreaterThan(5);
  });

  for (const f of all) {
    it(`${f.name}: the record (or failure) of parseArticle, and the links of the separate harvest`, () => {
      const got = outcome(() => parsePage(f.page, f.lang, {}, { links: true }).record);
      expect(got).toEqual(outcome(() => parseArticle(f.page, { lang: f.lang })));
      // Links from the same context the parser read, whether or not the page parsed.
      const ctx = loadPage(f.page, { strip: f.lang === 'en' });
      expect(ctx.englishLinks()).toEqual(oldLinks(f.page));
      if ('record' in (got as object)) expect(parsePage(f.page, f.lang, {}, { links: true }).links).toEqual(oldLinks(f.page));
    });
  }

  it('harvests nothing unless asked', () => {
    const f = all.find((x) => x.name === 'en/current-2025') ?? all.find((x) => x.lang === 'en')!;
    expect(parsePage(f.page, 'en').links).toEqual([]);
  });
});

describe('parsePage on the replay site', () => {
  const origin = 'http://127.0.0.1:8088';
  const model = buildSiteModel({ pairs: 60, seed: 7 });
  const page = (html: string, path: string): PageInput => ({
    body: new Uint8Array(Buffer.from(html)),
    url: `${origin}${path}`,
    contentType: 'text/html; charset=utf-8',
  });

  it('gives every English article page the record and links the two separate loads gave, from one tree', () => {
    let fromTree = 0;
    for (const id of model.englishIds) {
      const a = model.article(id)!;
      const p = page(renderEnglishArticle(a, model, origin), a.en.path);
      const got = parsePage(p, 'en', {}, { links: true });
      expect(got.record).toEqual(parseArticle(p, { lang: 'en' }));
      expect(got.links).toEqual(oldLinks(p));
      const ctx = loadPage(p);
      ctx.englishLinks();
      if (ctx.linkSource === 'tree') fromTree++;
    }
    // The replay's pages hold no link in what is cut: none needs the second load.
    expect(fromTree).toBe(model.englishIds.length);
  });

  it('gives Korean pages the record parseArticle gives', () => {
    for (const id of model.englishIds.slice(0, 20)) {
      const a = model.article(id)!;
      const p = page(renderKoreanArticle(a, origin), a.ko.path);
      expect(outcome(() => parsePage(p, 'ko').record)).toEqual(outcome(() => parseArticle(p, { lang: 'ko' })));
    }
  });

  it('harvests list pages from a context as from their markup (article links and pagination)', () => {
    const lists = [
      [renderFrontPage(model, 1)!, '/en'],
      [renderFrontPage(model, 2)!, '/en?p=2'],
      ...EN_SECTIONS.slice(0, 3).map((s) => [renderSectionPage(model, s, 1) ?? '', `/en/List/${s}`] as const),
    ] as const;
    for (const [html, path] of lists) {
      if (!html) continue;
      const p = page(html, path);
      const ctx = loadPage(p);
      expect(extractEnglishArticleLinks(ctx, p.url)).toEqual(extractEnglishArticleLinks(html, p.url));
      expect(extractPaginationLinks(ctx, p.url)).toEqual(extractPaginationLinks(html, p.url));
    }
  });
});

describe('the shared tree gives exactly the separate harvest on markup built to trip it', () => {
  const url = 'https://www.donga.com/en/article/all/20240809/5104150/1';
  const a = (id: number) => `<a href="/en/article/all/20240809/${5_200_000 + id}/1">story ${id}</a>`;
  const cases: Record<string, string> = {
    'anchor inside <noscript>': `<p>${a(1)}</p><noscript>${a(2)}</noscript><p>${a(3)}</p>`,
    'anchor inside <template> and <svg>': `<template>${a(4)}</template>${a(5)}<svg><a href="/en/article/all/20240809/5200006/1">s</a></svg>`,
    'anchor in a script string (never a link)': `<script>document.write('${a(7)}')</script>${a(8)}`,
    'comment opened inside an attribute': `<div title="<!--">${a(9)}</div><p>--></p>${a(10)}`,
    'script opened inside an attribute': `<div data-x="<script>">${a(11)}</div></script>${a(12)}`,
    '</script> inside a quoted attribute of the script tag': `<script data-x="</script>">var x = '${a(13)}';</script>${a(14)}`,
    'self-closing <script/>': `<script/>${a(15)}</script>${a(16)}`,
    '<script> opened inside <title>': `<title>T <script></title>${a(17)}</script></title>${a(18)}`,
    'a quote in <noscript> swallowing its end': `<noscript><img alt="x></noscript>${a(19)}<p class=">y">${a(20)}`,
    'comment that htmlparser2 closes at once (<!-->)': `<!-->${a(21)}-->${a(22)}`,
    '</script followed by a space': `<script>var s = 1;</script x>${a(23)}<script></script>${a(24)}`,
    'unclosed <noscript> to the end': `${a(25)}<noscript>${a(26)}`,
    'unclosed comment to the end': `${a(27)}<!-- ${a(28)}`,
    'custom element <script-x>': `<script-x>${a(29)}</script-x><script>x</script>${a(30)}`,
    'upper-case markup and entities in hrefs': `<SCRIPT>var a;</SCRIPT><A HREF="/en/article/all/20240809/5200031/1?a=1&amp;b=2">x</A><NOSCRIPT><img src=x></NOSCRIPT>${a(32)}`,
    'no pieces at all': `${a(33)}${a(34)}`,
  };
  for (const [name, body] of Object.entries(cases)) {
    it(name, () => {
      const html = `<html><head><title>x</title></head><body>${body}</body></html>`;
      const p: PageInput = { body: html, url };
      const ctx = loadPage(p);
      expect(ctx.englishLinks()).toEqual(extractEnglishArticleLinks(html, url));
      expect(extractPaginationLinks(ctx, url)).toEqual(extractPaginationLinks(html, url));
    });
  }

  it('gives the links of the page loaded as is on random markup (scripts and styles read lean or whole)', () => {
    const bits = [
      '<script>',
      '<script type="a">',
      '</script>',
      '</SCRIPT >',
      '<style>',
      '</style>',
      '<!--',
      '-->',
      '<title>',
      '</title>',
      '<noscript>',
      '</noscript>',
      a(1),
      a(2),
      '<a href="/en/article/all/20240809/5200003/1">',
      '</a>',
      '<p>',
      '</p>',
      '<div class="a>b">',
      '"',
      '<',
      '>',
      '/',
      ' ',
      'x',
      '<script/>',
      '<script a=b/>',
      '</scr',
      '<textarea>',
      '</textarea>',
      '<svg>',
    ];
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const sources = new Set<string>();
    for (let k = 0; k < 2000; k++) {
      let body = '';
      const len = 1 + rand(20);
      for (let i = 0; i < len; i++) body += bits[rand(bits.length)];
      const html = `<p>${body}</p>${a(9)}`;
      const budget = new ParseBudget({}, url);
      const reference = englishLinksOf(
        collectTags(loadDocument(html, budget), ['a'], budget)
          .get('a')!
          .filter((el) => el.attribs['href'] !== undefined),
        url,
        budget,
      );
      const ctx = loadPage({ body: html, url });
      expect(ctx.englishLinks(), html).toEqual(reference);
      sources.add(ctx.linkSource!);
    }
    expect([...sources].sort()).toEqual(['reload', 'tree']);
  });

  it('reads the tree when nothing cut could hold a link, and loads again when something could', () => {
    const plain = loadPage({ body: `<script>var x='${a(1)}';</script><!-- c --><noscript><img src=x></noscript>${a(2)}`, url });
    plain.englishLinks();
    expect(plain.linkSource).toBe('tree');
    const tricky = loadPage({ body: `<noscript>${a(1)}</noscript>${a(2)}`, url });
    expect(tricky.englishLinks().map((l) => l.articleId)).toEqual(['5200001', '5200002']);
    expect(tricky.linkSource).toBe('reload');
  });

  it('keeps the harvest within the depth limit: a deep <noscript> the old harvest refused is refused', () => {
    const html = `<div>${'<span>'.repeat(20)}</div><noscript>${'<b>'.repeat(40)}</noscript>${a(1)}`;
    const ctx = loadPage({ body: html, url }, { limits: { maxDepth: 30 } });
    expect(() => ctx.englishLinks()).toThrow(expect.objectContaining({ code: 'too_deep' }));
    expect(() => extractEnglishArticleLinks(html, url, { maxDepth: 30 })).toThrow(expect.objectContaining({ code: 'too_deep' }));
  });
});
