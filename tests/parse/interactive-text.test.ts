import { describe, expect, it } from 'vitest';
import { parseEnglishArticle } from '../../src/parse/english.js';
import { interactiveLines } from '../../src/parse/interactive-text.js';
import { loadArticleHtml } from '../../src/parse/dom.js';
import { parseKoreanArticle } from '../../src/parse/korean.js';

// Small reconstructed pages: the date line sits inside a button or a toggle, as the current Korean layout does
// with its `업데이트` button (docs/site-notes.md, era 5) and as an English redesign might.

const URL_EN = 'https://www.donga.com/en/article/all/20240809/5104150/1';
const URL_KO = 'https://www.donga.com/news/Politics/article/all/20240809/126426105/2';
const EN_TITLE = 'North Korea stole spy-plane data, military says';
const EN_BODY = [
  'North Korean hackers stole technical data on a reconnaissance aircraft from a defense contractor, the military said on Thursday.',
  'The breach went unnoticed for more than a year, according to officials familiar with the investigation.',
];
const KO_TITLE = '北, 정찰기 기술자료 해킹… 1년 넘게 몰랐다';
const KO_BODY = [
  '북한 해커 조직이 방산업체를 해킹해 정찰기 관련 기술자료를 빼돌린 것으로 확인됐다고 군 당국이 8일 밝혔다.',
  '당국은 1년 넘게 해킹 사실을 파악하지 못한 것으로 알려졌다.',
];

function enPage(header: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${EN_TITLE} | The DONG-A ILBO</title></head>
<body><div class="article_title"><h1 class="title">${EN_TITLE}</h1>${header}
<a href="/news/article/all/20240809/126426105/2">한국어</a></div>
<div class="article_txt">${EN_BODY.join('<br><br>')}<br><br>Sang-Ho Yun ysh1005@donga.com</div></body></html>`;
}

function koPage(header: string): string {
  return `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>${KO_TITLE} : 동아일보</title></head>
<body><div class="view_wrap"><section class="top_group"><h1 class="title">${KO_TITLE}</h1>${header}</section>
<section class="news_view">${KO_BODY.join('<br><br>')}<br><br>윤상호 군사전문기자 ysh1005@donga.com</section></div></body></html>`;
}

const en = (html: string) => parseEnglishArticle({ body: html, url: URL_EN, contentType: 'text/html; charset=utf-8' });
const ko = (html: string) => parseKoreanArticle({ body: new Uint8Array(Buffer.from(html, 'utf8')), url: URL_KO, contentType: 'text/html; charset=utf-8' });

describe('interactiveLines', () => {
  it('returns the text of buttons, summaries and role=button elements, one line each, nested ones once', () => {
    const $ = loadArticleHtml(`<div><button type="button">Posted <span>Aug. 09, 2024</span></button>
<details><summary>Updated Aug. 10, 2024</summary><p>hidden body</p></details>
<div role="button" class="btn_x"><span>입력 2024-08-09</span></div><p>ordinary</p>
<div role="BUTTON"><button>inner</button> outer</div></div>`);
    expect(interactiveLines($.root()[0]!)).toEqual(['Posted Aug. 09, 2024', 'Updated Aug. 10, 2024', '입력 2024-08-09', 'inner outer']);
  });
});

describe('English date lines inside interactive elements', () => {
  it.each([
    [
      'Posted inside a <button>',
      '<div class="date_box"><button type="button" class="btn_date">Posted August. 09, 2024 07:38</button></div>',
      '2024-08-09T07:38:00+09:00',
      null,
    ],
    [
      'Updated inside a toggle <details><summary>',
      '<p class="date">Posted August. 09, 2024 07:38,</p><details class="upd"><summary>Updated August. 09, 2024 10:05</summary></details>',
      '2024-08-09T07:38:00+09:00',
      '2024-08-09T10:05:00+09:00',
    ],
    [
      'both inside a role=button box with a btn class',
      '<div class="btn_toggle" role="button" tabindex="0"><span>Posted August. 09, 2024 07:38,</span> <span>Updated August. 09, 2024 11:00</span></div>',
      '2024-08-09T07:38:00+09:00',
      '2024-08-09T11:00:00+09:00',
    ],
  ])('%s', (_name, header, posted, updated) => {
    const r = en(enPage(header));
    expect(r.publishedAt).toBe(posted);
    expect(r.updatedAt).toBe(updated);
    expect(r.title).toBe(EN_TITLE);
    expect(r.body).toEqual(EN_BODY);
  });
});

describe('Korean date lines inside interactive elements', () => {
  it.each([
    ['입력 inside a <button>', '<div class="dates"><button type="button">입력 2024-08-09 03:00</button></div>', '2024-08-09T03:00:00+09:00', null],
    [
      '수정 inside a toggle <details><summary>',
      '<div class="dates"><span>입력 2024-08-09 03:00</span><details><summary>수정 2024-08-09 10:21</summary></details></div>',
      '2024-08-09T03:00:00+09:00',
      '2024-08-09T10:21:00+09:00',
    ],
    [
      'both inside a role=button box',
      '<div class="btn_date" role="button"><span>입력 2024-08-09 03:00</span> <span>수정 2024-08-09 11:00</span></div>',
      '2024-08-09T03:00:00+09:00',
      '2024-08-09T11:00:00+09:00',
    ],
  ])('%s', (_name, header, posted, updated) => {
    const r = ko(koPage(header));
    expect(r.publishedAt).toBe(posted);
    expect(r.updatedAt).toBe(updated);
    expect(r.title).toBe(KO_TITLE);
    expect(r.body).toEqual(KO_BODY);
  });
});
