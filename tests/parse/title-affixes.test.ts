import { describe, expect, it } from 'vitest';
import { parseEnglishArticle } from '../../src/parse/english.js';
import { parseKoreanArticle, stripTitleSuffix } from '../../src/parse/korean.js';

// Reconstructed pages whose only title source is <title>/og:title carrying the site name in front.

const EN_TITLE = 'Gov’t to cut power bills for small businesses';
const KO_TITLE = '소상공인 전기요금 감면 확대';
const EN_BODY = 'The government will extend electricity bill relief to 1.3 million small businesses from next month, officials said on Monday.';
const KO_BODY = '정부가 다음 달부터 소상공인 130만 곳으로 전기요금 감면 대상을 확대한다고 관계자가 2일 밝혔다.';

const en = (head: string) =>
  parseEnglishArticle({
    url: 'https://www.donga.com/en/article/all/20250602/5800001/1',
    contentType: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body><div class="view">
<p class="date">Posted June. 02, 2025 08:00</p><a href="/news/article/all/20250602/131700001/2">한국어</a>
<div class="article_txt">${EN_BODY}<br><br>${EN_BODY.replace('Monday', 'Tuesday')}</div></div></body></html>`,
  });

const ko = (head: string) =>
  parseKoreanArticle({
    url: 'https://www.donga.com/news/Economy/article/all/20250602/131700001/2',
    contentType: 'text/html; charset=utf-8',
    body: new Uint8Array(
      Buffer.from(`<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">${head}</head><body>
<div class="dates"><span>입력 2025-06-02 03:00</span></div><section class="news_view">${KO_BODY}<br><br>${KO_BODY}</section></body></html>`),
    ),
  });

describe('site-name prefixes in titles', () => {
  it.each([
    `<title>The Dong-A Ilbo :: ${EN_TITLE}</title>`,
    `<title>[The DONG-A ILBO] ${EN_TITLE}</title>`,
    `<meta property="og:title" content="The DONG-A ILBO | ${EN_TITLE}"><title>x</title>`,
    `<title>${EN_TITLE} | The DONG-A ILBO</title>`,
  ])('English: %s', (head) => {
    expect(en(head).title).toBe(EN_TITLE);
  });

  it.each([
    `<title>동아닷컴 - ${KO_TITLE}</title>`,
    `<title>[동아일보] ${KO_TITLE}</title>`,
    `<meta property="og:title" content="동아일보 :: ${KO_TITLE}">`,
    `<title>${KO_TITLE} : 경제 : 동아일보</title>`,
  ])('Korean: %s', (head) => {
    expect(ko(head).title).toBe(KO_TITLE);
  });

  it.each([
    ['동아닷컴 - 제목 : 뉴스 : 동아일보', '제목'],
    ['[동아일보] 제목 | 동아닷컴', '제목'],
    ['동아일보 창간 105주년 : 동아일보', '동아일보 창간 105주년'],
  ])('stripTitleSuffix(%s) removes both ends', (input, out) => {
    expect(stripTitleSuffix(input)).toBe(out);
  });
});
