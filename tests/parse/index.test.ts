import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { PARSER_VERSION, guessLang, parseArticle } from '../../src/parse/index.js';

const EN_URL = 'https://www.donga.com/en/article/all/20200403/1994213/1';
const KO_URL = 'https://www.donga.com/news/Politics/article/all/20200403/100510316/2';

const enPage = `<html><head><title>Cost talks stall | The DONG-A ILBO</title></head><body><h1>Cost talks stall</h1>
<p>Posted April. 03, 2020 07:38</p><div><p>The final agreement is being further delayed, officials said on Wednesday.</p>
<p>Gi-Jae Han record@donga.com</p></div></body></html>`;
const koPage = `<html><head><title>방위비 협상 난항 : 동아일보</title></head><body><h1>방위비 협상 난항</h1>
<p>입력 2020-04-03 03:00</p><div class="article_txt">한미 방위비분담금 특별협정 최종 타결이 늦어지고 있다. 정부는 협상이 진행 중이라고 밝혔다.<br><br>외교 소식통은 아직 협상이 끝나지 않았다고 말했다. 양측은 총액을 두고 이견을 좁히지 못했다.<br><br>한기재 기자 record@donga.com</div></body></html>`;

describe('guessLang', () => {
  it.each([
    [EN_URL, undefined, 'en'],
    [KO_URL, undefined, 'ko'],
    ['http://news.donga.com/3/03/20141107/67723014/1', undefined, 'ko'],
    ['https://www.donga.com/en', undefined, 'en'],
    ['https://www.donga.com/news/List?p=1', undefined, 'ko'],
    ['http://127.0.0.1:9/page', undefined, null],
    ['http://127.0.0.1:9/page', enPage, 'en'],
    ['http://127.0.0.1:9/page', '<title>Something</title><p>Posted May 21, 2024 08:00</p>', 'en'],
    ['http://127.0.0.1:9/page', koPage, 'ko'],
    ['not a url', '<p>hello</p>', null],
  ] as const)('%s', (url, html, lang) => {
    expect(guessLang(url, html)).toBe(lang);
  });
});

describe('parseArticle', () => {
  it('has a parser version', () => {
    expect(PARSER_VERSION).toMatch(/^en\d+-ko\d+$/);
  });

  it('dispatches by URL shape', () => {
    expect(parseArticle({ body: enPage, url: EN_URL })).toMatchObject({ lang: 'en', title: 'Cost talks stall', articleId: '1994213' });
    expect(parseArticle({ body: Buffer.from(koPage), url: KO_URL })).toMatchObject({ lang: 'ko', articleId: '100510316' });
  });

  it('honours an explicit language (and the parser then checks the URL)', () => {
    expect(() => parseArticle({ body: enPage, url: EN_URL }, { lang: 'ko' })).toThrow(ParseError);
  });

  it('guesses from the page when the URL does not tell', () => {
    try {
      parseArticle({ body: koPage, url: 'http://127.0.0.1:9/x' });
      expect.unreachable();
    } catch (err) {
      // the Korean parser was chosen, and it rejects the non-article URL
      expect((err as ParseError).code).toBe('bad_url');
      expect((err as ParseError).message).toMatch(/Korean/);
    }
  });

  it('parses a fixture page through the entry point', () => {
    const src = JSON.parse(readFileSync('tests/fixtures/en/defense-2020/source.json', 'utf8')) as { url: string };
    const rec = parseArticle({ body: readFileSync('tests/fixtures/en/defense-2020/page.html'), url: src.url });
    expect(rec.lang).toBe('en');
  });
});

describe('limits and hostile pages', () => {
  it('guesses the language of a page of unclosed tags (the tag-stripping patterns were quadratic)', () => {
    const hostile = `${'<script>'.repeat(30_000)}${'<title>'.repeat(100_000)}`;
    expect(guessLang('http://127.0.0.1:9/page', hostile)).toBeNull();
    expect(guessLang('http://127.0.0.1:9/page', `${koPage}${'<'.repeat(200_000)}`)).toBe('ko');
  }, 60_000);

  it('passes the limits on to the parser of either language', () => {
    const deep = (html: string) => html.replace('<body>', `<body>${'<div>'.repeat(40)}`);
    for (const [url, html] of [
      [EN_URL, enPage],
      [KO_URL, koPage],
    ] as const) {
      expect(parseArticle({ body: deep(html), url }, { maxDepth: 64 }).title).toBeTruthy();
      expect(() => parseArticle({ body: deep(html), url }, { maxDepth: 16 })).toThrow(expect.objectContaining({ code: 'too_deep' }));
      let t = 0;
      expect(() => parseArticle({ body: html, url }, { timeoutMs: 0, now: () => (t += 1) })).toThrow(expect.objectContaining({ code: 'parse_timeout' }));
    }
  });
});
