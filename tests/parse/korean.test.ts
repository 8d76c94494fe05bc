import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/errors.js';
import { parseKoreanArticle, stripTitleSuffix } from '../../src/parse/korean.js';

const P1 = '정부는 3일 국무회의를 열고 내년도 예산안을 의결했다고 밝혔다.';
const P2 = '기획재정부 관계자는 “재정 건전성을 지키면서도 민생을 챙기겠다”고 말했다.';
const P3 = '야당은 즉각 반발하며 국회 심사 과정에서 대폭 삭감하겠다고 예고했다.';

const chrome = (inner: string, head = '') => `<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">${head}
<script>var googletag = googletag || {}; window.dataLayer = [];</script>
<style>.a{color:red}</style></head>
<body><div id="gnb"><h1 class="logo"><a href="/">동아일보</a></h1>
<ul class="menu"><li><a href="/news/Politics">정치</a></li><li><a href="/news/Economy">경제</a></li></ul></div>
${inner}
<div class="right_sec"><h3>많이 본 뉴스</h3><ul><li><a href="/x">다른 기사 제목이 여기에 길게 있습니다 정말로 길게</a></li></ul></div>
<footer><p>주소: 서울특별시 종로구 청계천로 1 동아일보사 전화 02-2020-0114</p></footer></body></html>`;

const ko = (html: string, url: string, contentType: string | null = 'text/html; charset=utf-8') =>
  parseKoreanArticle({ body: new Uint8Array(Buffer.from(html, 'utf8')), url, contentType });

function fails(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe(code);
    expect((err as ParseError).message.length).toBeGreaterThan(5);
    return;
  }
  throw new Error(`expected ParseError ${code}`);
}

describe('parseKoreanArticle: eras', () => {
  it('era 1 (≤2017): .article_title02 h1, unlabeled .date/.date2, .article_txt, .repoter', () => {
    const html = chrome(`
<div class="article_title02"><h1>내년 예산안 국무회의 통과</h1></div>
<div class="article_txt">
  <div class="title_foot"><span class="date">2015-07-08 03:00:00</span><span class="date2">2015-07-08 09:12:00</span>
    <div class="t_sns"><a href="#">페이스북</a><a href="#">트위터</a></div></div>
  ${P1}<br><br>${P2}<br><br>
  <div class="articlePhotoC"><span class="thumb"><img src="a.jpg"></span><span class="t">국무회의 모습. 동아일보DB</span></div>
  ${P3}<br><br>
  <div class="txt_ad">광고</div>
  한기재 기자 Record@donga.com<br><br>
  ⓒ 동아일보 &amp; donga.com, 무단 전재 및 재배포 금지
  <div class="article_relation"><ul><li><a href="/y">관련 기사 하나의 제목</a></li></ul></div>
</div>
<div class="repoter"><a href="#">한기재 기자</a></div>`);
    const r = ko(html, 'http://news.donga.com/3/all/20150708/72306044/1');
    expect(r).toEqual({
      lang: 'ko',
      url: 'https://www.donga.com/news/article/all/20150708/72306044/1',
      articleId: '72306044',
      title: '내년 예산안 국무회의 통과',
      subtitle: null,
      publishedAt: '2015-07-08T03:00:00+09:00',
      updatedAt: '2015-07-08T09:12:00+09:00',
      authors: [{ name: '한기재', email: 'record@donga.com', role: '기자' }],
      dateline: null,
      section: null,
      body: [P1, P2, P3],
      identity: { canonicalUrl: null, ogUrl: null, articleIds: [] },
    });
  });

  it('era 2 (2017): .article_title .title, two .date01 spans 입력/수정', () => {
    const html = chrome(`
<div class="article_title"><h2 class="title">검찰, 전 장관 소환 조사</h2>
<div class="title_foot"><span class="date01">입력 2017-05-11 03:00</span><span class="date01">수정 2017-05-11 10:21</span></div></div>
<div class="article_txt">${P1}<br><br>${P2}<br><br>김지원·박민수 기자 jiwon@donga.com pms@donga.com</div>`);
    const r = ko(html, 'http://news.donga.com/rss/feed/3/all/20170511/84317001/1');
    expect(r.title).toBe('검찰, 전 장관 소환 조사');
    expect(r.subtitle).toBeNull();
    expect(r.publishedAt).toBe('2017-05-11T03:00:00+09:00');
    expect(r.updatedAt).toBe('2017-05-11T10:21:00+09:00');
    expect(r.authors).toEqual([
      { name: '김지원', email: 'jiwon@donga.com', role: '기자' },
      { name: '박민수', email: 'pms@donga.com', role: '기자' },
    ]);
    expect(r.body).toEqual([P1, P2]);
  });

  it('era 3 (~2021): labels in swapped order, text-node paragraphs, strong subtitle, dd:author', () => {
    const html = chrome(
      `<div id="container">
<div class="location"><a href="/news/Politics">정치</a> &gt; <a href="#">청와대</a></div>
<div class="article_title"><h1 class="title">대통령, 새 총리 지명</h1>
<div class="title_foot"><span class="report"><a href="#">문병기 기자</a></span>
<span class="date01">업데이트 2021-11-17 12:40</span><span class="date01">입력 2021-11-17 09:05</span></div></div>
<div id="content"><div><div class="article_txt"><strong>“국정 쇄신 의지”<br>야당 “회전문 인사”</strong><br><br>
${P1}<br>${P2}
<div class="armerica_ban">광고</div><div class="article_relation">관련기사 목록</div>
<br>${P3}<br><br><script>googletag.cmd.push(function(){});</script>
<div class="article_keyword"><a>#총리</a></div></div></div></div></div>`,
      '<meta property="og:title" content="대통령, 새 총리 지명 : 동아일보"><meta property="dd:author" content="문병기 기자 weappon@donga.com">',
    );
    const r = ko(html, 'https://www.donga.com/news/article/all/20211117/110291113/2');
    expect(r.title).toBe('대통령, 새 총리 지명');
    expect(r.subtitle).toBe('“국정 쇄신 의지” 야당 “회전문 인사”');
    expect(r.publishedAt).toBe('2021-11-17T09:05:00+09:00');
    expect(r.updatedAt).toBe('2021-11-17T12:40:00+09:00');
    expect(r.authors).toEqual([{ name: '문병기', email: 'weappon@donga.com', role: '기자' }]);
    expect(r.section).toBe('정치');
    expect(r.body).toEqual([P1, P2, P3]);
  });

  it('era 4 (2023): #article_txt with issue box, ads, photo, inline getPoll script text, glued byline', () => {
    const html = chrome(
      `<div class="article_title"><h1 class="title">주 52시간제 개편 논란</h1>
<div class="title_foot"><span class="date01">입력 2023-04-04 03:00</span></div></div>
<div class="article_view"><div class="article_txt" id="article_txt">
<div class="article_issue"><a>이슈: 근로시간 개편</a></div>
${P1}<br><br><div class="view_ads01">광고</div><div class="articlePhotoC"><img src="b.jpg"><p class="caption">사진 설명입니다 길게</p></div>
${P2}<br><br>${P3}유진아기자 reporter@donga.com<br><br>function getPoll() { var a = 1; }<br>if (x) { y(); }</div></div>`,
      '<meta name="categoryname" content="오피니언,사설">',
    );
    const r = ko(html, 'https://www.donga.com/news/Opinion/article/all/20230404/118685233/1');
    expect(r.body).toEqual([P1, P2, P3]);
    expect(r.authors).toEqual([{ name: '유진아', email: 'reporter@donga.com', role: '기자' }]);
    expect(r.section).toBe('오피니언');
    expect(r.updatedAt).toBeNull();
  });

  it('era 5 (current): head_group h1, aria-hidden dates, news_view with sub_tit, figure, trend news, author box', () => {
    const html = chrome(
      `<div class="view_wrap"><section class="head_group"><h1 class="title">美, 對中 관세 추가 인상</h1>
<div class="news_info"><span class="date_info"><p>입력 <span aria-hidden="true">2025-09-04 15:33</span><span class="blind">2025년 9월 4일 15시 33분</span></p></span>
<button type="button"><span class="blind">업데이트</span>업데이트 <span aria-hidden="true">2025-09-04 16:10</span></button></div></section>
<div class="view_body"><article class="author_info"><a href="#">문병기 특파원</a><button>구독</button></article>
<section class="news_view"><h2 class="sub_tit">中 “보복 조치”</h2><br>
【워싱턴=문병기 특파원】 ${P1}<br><br>${P2}<br><br>
<figure class="img_cont"><img src="c.jpg"><figcaption>백악관 전경. 워싱턴=AP 뉴시스</figcaption></figure>
<div class="view_ad06"><div id="div-gpt-ad-123">광고</div></div>
${P3}<br><br>▶ 동아일보 뉴스레터 구독하기<br><br>워싱턴=문병기 특파원 weappon@donga.com</section>
<div id="is_trend_m"><section class="trend_list_wrap"><header class="sec_head"><h2>트렌드뉴스</h2></header>
<ul class="news_list type_num"><li><a>트렌드 기사 제목 하나입니다 아주 길게 길게</a></li></ul></section></div></div></div>`,
      '<meta property="og:title" content="美, 對中 관세 추가 인상 | 동아일보"><meta property="dd:category" content="국제">',
    );
    const r = ko(html, 'https://www.donga.com/news/Inter/article/all/20250904/132300000/2?utm_source=x');
    expect(r).toEqual({
      lang: 'ko',
      url: 'https://www.donga.com/news/Inter/article/all/20250904/132300000/2',
      articleId: '132300000',
      title: '美, 對中 관세 추가 인상',
      subtitle: '中 “보복 조치”',
      publishedAt: '2025-09-04T15:33:00+09:00',
      updatedAt: '2025-09-04T16:10:00+09:00',
      authors: [{ name: '문병기', email: 'weappon@donga.com', role: '특파원' }],
      dateline: '워싱턴',
      section: '국제',
      body: [P1, P2, P3],
      identity: { canonicalUrl: null, ogUrl: null, articleIds: [] },
    });
  });
});

describe('parseKoreanArticle: edge cases', () => {
  it('decodes EUC-KR bytes (meta http-equiv) with CP949-only syllables', () => {
    const p = '똠양꿍 가게 주인은 “뷁 소리가 났다”고 말했다.';
    const html = chrome(
      `<div class="article_title02"><h1>똠양꿍 가게의 하루</h1></div>
<div class="article_txt"><div class="title_foot"><span class="date">2008-03-02 03:00</span></div>${p}<br><br>${P1}<br><br>이은정 기자 ejlee@donga.com</div>`,
    ).replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">');
    const r = parseKoreanArticle({ body: new Uint8Array(iconv.encode(html, 'cp949')), url: 'http://news.donga.com/3/all/20080302/8549230/1' });
    expect(r.title).toBe('똠양꿍 가게의 하루');
    expect(r.body).toEqual([p, P1]);
    expect(r.publishedAt).toBe('2008-03-02T03:00:00+09:00');
  });

  it('uses meta published time when the header drifted, and og:title when no h1 hint matches', () => {
    const html = chrome(
      `<main><div class="x-body"><p>${P1}</p><p>${P2}</p><p>홍길동 기자 hong@donga.com</p></div></main>`,
      '<meta property="og:title" content="새 레이아웃 기사 : 뉴스 : 동아일보"><meta property="dd:published_time" content="2026-01-06T14:18:00+09:00"><meta property="og:type" content="article">',
    );
    const r = ko(html, 'https://www.donga.com/news/Society/article/all/20260106/133000000/2');
    expect(r.title).toBe('새 레이아웃 기사');
    expect(r.publishedAt).toBe('2026-01-06T14:18:00+09:00');
    expect(r.body).toEqual([P1, P2]);
    expect(r.authors).toEqual([{ name: '홍길동', email: 'hong@donga.com', role: '기자' }]);
    expect(r.section).toBe('Society');
  });

  it('wire copy: (목포=뉴스1) is a dateline, not an author', () => {
    const html = chrome(`<section class="head_group"><h1>목포 앞바다 선박 좌초</h1><p>입력 2025-06-01 10:00</p></section>
<section class="news_view">${P1}<br><br>${P2}(목포=뉴스1)</section>`);
    const r = ko(html, 'https://www.donga.com/news/Society/article/all/20250601/131700000/1');
    expect(r.authors).toEqual([]);
    expect(r.dateline).toBe('목포');
    expect(r.body).toEqual([P1, P2]);
  });

  it('keeps inline markup inside paragraphs, joins a byline split over lines, stops at the copyright line', () => {
    const html = chrome(`<section class="head_group"><h1>인라인 태그 기사</h1><p>입력 2025-06-02 08:00</p></section>
<section class="news_view">정부는 <b>3일</b> <a href="/t">국무회의</a>를 열고 내년도 예산안을 의결했다고 밝혔다.<br><br>${P2}<br><br>
김지원·박민수 기자<br>jiwon@donga.com<br>pms@donga.com<br><br>ⓒ 동아일보 &amp; donga.com, 무단 전재 및 재배포 금지<br><br>
추천 기사 제목이 여기 붙어 있습니다 정말입니다.</section>`);
    const r = ko(html, 'https://www.donga.com/news/Economy/article/all/20250602/131700003/1');
    expect(r.body).toEqual(['정부는 3일 국무회의를 열고 내년도 예산안을 의결했다고 밝혔다.', P2]);
    expect(r.authors).toEqual([
      { name: '김지원', email: 'jiwon@donga.com', role: '기자' },
      { name: '박민수', email: 'pms@donga.com', role: '기자' },
    ]);
    expect(r.section).toBe('Economy');
  });

  it('rejects a non-article URL with bad_url', () => {
    fails(() => ko(chrome(''), 'https://www.donga.com/news/Politics'), 'bad_url');
  });

  it('rejects a list page with not_article', () => {
    const html = chrome(
      `<div class="articleList"><div class="rightList"><span class="tit"><a href="/news/article/all/20240809/1/1">기사 제목</a></span>
<span class="txt">기사 요약문이 여기에 들어갑니다 한국어 문장 여러 개가 있습니다</span></div></div>`,
      '<meta property="og:type" content="website">',
    );
    fails(() => ko(html, 'https://www.donga.com/news/List/article/all/20240809/126426105/1'), 'not_article');
  });

  it('drift: title and date but no body → missing_body', () => {
    const html = chrome(`<section class="head_group"><h1>제목만 있는 기사</h1><p>입력 2025-06-01 10:00</p></section><section class="news_view"></section>`);
    fails(() => ko(html, 'https://www.donga.com/news/article/all/20250601/131700001/1'), 'missing_body');
  });

  it('drift: body but no date → missing_date', () => {
    const html = chrome(`<section class="head_group"><h1>날짜 없는 기사</h1></section><section class="news_view">${P1}<br><br>${P2}</section>`);
    fails(() => ko(html, 'https://www.donga.com/news/article/all/20250601/131700002/1'), 'missing_date');
  });

  it('strips site suffixes from titles', () => {
    expect(stripTitleSuffix('제목 : 동아일보')).toBe('제목');
    expect(stripTitleSuffix('제목 : 뉴스 : 동아일보')).toBe('제목');
    expect(stripTitleSuffix('제목 | 동아닷컴')).toBe('제목');
    expect(stripTitleSuffix('A-B 협상')).toBe('A-B 협상');
  });
});

/** Review R1: layouts nobody has seen yet. Each case failed before the fix it documents. */
describe('parseKoreanArticle: adversarial layouts', () => {
  const URL_KO = 'https://www.donga.com/news/Politics/article/all/20250904/132300000/1';
  const v5 = (dates: string, body: string) =>
    chrome(`<section class="head_group"><h1>내년 예산안 국무회의 통과</h1>${dates}</section><section class="news_view">${body}</section>`);
  const input = '<div class="date_info"><p>입력 2025-09-04 15:33</p></div>';

  it('keeps a last paragraph that ends in "이름 기자" as prose instead of reading three reporters', () => {
    const last = '이날 행사에는 김철수 기자';
    const r = ko(v5(input, `${P1}<br><br>${P2}<br><br>${last}`), URL_KO);
    expect(r.body).toEqual([P1, P2, last]);
    expect(r.authors).toEqual([]);
  });

  it('reads 12-hour 오후 times instead of dropping them to midnight', () => {
    const r = ko(v5('<div class="date_info"><p>입력 2025.09.04 오후 3:33</p></div>', `${P1}<br><br>${P2}`), URL_KO);
    expect(r.publishedAt).toBe('2025-09-04T15:33:00+09:00');
  });

  it('a "입력 <date>" inside the story does not beat the published-time meta when the header drifted', () => {
    const html = chrome(
      `<div class="hd"><h1>내년 예산안 국무회의 통과</h1></div><div class="txt">${P1}<br><br>전산 시스템에 입력 2019-01-01 10:00 기록이 남아 있었다고 밝혔다.<br><br>${P2}</div>`,
      '<meta property="dd:published_time" content="2025-09-04 15:33:00">',
    );
    expect(ko(html, URL_KO).publishedAt).toBe('2025-09-04T15:33:00+09:00');
  });

  it('reads <time datetime> when the header has no labelled date', () => {
    const html = chrome(`<div class="hd"><h1>내년 예산안 국무회의 통과</h1><time datetime="2025-09-04T06:33:00Z">2025.09.04</time></div>
<div class="txt">${P1}<br><br>${P2}<br><br>${P3}</div>`);
    const r = ko(html, URL_KO);
    expect(r.publishedAt).toBe('2025-09-04T15:33:00+09:00');
    expect(r.body).toEqual([P1, P2, P3]);
  });

  it('drops a newsletter prompt after the byline and still takes the byline', () => {
    const r = ko(v5(input, `${P1}<br><br>${P2}<br><br>한기재 기자 record@donga.com<br><br>▶ 동아일보 구독하기<br><br>동아일보 뉴스레터를 구독하세요`), URL_KO);
    expect(r.body).toEqual([P1, P2]);
    expect(r.authors).toEqual([{ name: '한기재', email: 'record@donga.com', role: '기자' }]);
  });

  it('skips a photo box (image + short caption) whatever its class', () => {
    const r = ko(
      v5(
        input,
        `${P1}<br><br><div class="pic_area"><img src="a.jpg"><p>윤석열 대통령이 3일 국무회의를 주재하고 있다. 대통령실 제공</p></div>${P2}<br><br>${P3}`,
      ),
      URL_KO,
    );
    expect(r.body).toEqual([P1, P2, P3]);
  });

  it('reports a login/paid-members wall as not_article, naming why', () => {
    const html = v5(input, '이 기사는 유료 회원 전용입니다. 로그인 후 이용해 주세요. 회원가입은 무료입니다.');
    try {
      ko(html, URL_KO);
      throw new Error('expected not_article');
    } catch (err) {
      expect((err as ParseError).code).toBe('not_article');
      expect((err as ParseError).message).toMatch(/로그인|회원|wall/);
    }
  });
});

describe('parseKoreanArticle: class/id drift', () => {
  // Every class and id stripped: the era hints are gone, only text and structure remain.
  it.each(['era1-2015', 'era3-2020', 'era5-2025'])('%s still gives title, dates, subtitle, authors and body', (slug) => {
    const dir = new URL(`../fixtures/ko/${slug}/`, import.meta.url);
    const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, unknown>;
    const source = JSON.parse(readFileSync(new URL('source.json', dir), 'utf8')) as { url: string };
    const html = readFileSync(new URL('page.html', dir), 'utf8').replace(/\s(?:class|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    const r = parseKoreanArticle({ body: html, url: source.url });
    for (const field of ['title', 'subtitle', 'publishedAt', 'updatedAt', 'authors', 'body']) {
      expect([field, (r as Record<string, unknown>)[field]]).toEqual([field, expected[field]]);
    }
  });
});

/** Review R2: captions printed as plain text, photo/video pages, e-mail-less glued bylines, over-eager rules. */
describe('parseKoreanArticle: photo captions, photo pages and glued bylines', () => {
  const URL_KO = 'https://www.donga.com/news/Politics/article/all/20250904/132300000/1';
  const v5 = (body: string, author = '') =>
    chrome(
      `<section class="head_group"><h1>내년 예산안 국무회의 통과</h1><div class="date_info"><p>입력 2025-09-04 15:33</p></div></section>${author}<section class="news_view">${body}</section>`,
    );
  const img = (n = 1) => `<img src="https://dimg.donga.com/wps/NEWS/IMAGE/2025/09/04/${n}.jpg" alt="">`;
  const fig = (n: number, caption: string) => `<figure class="img_cont"><div class="thumb">${img(n)}</div><figcaption>${caption}</figcaption></figure>`;

  it.each([
    [
      'source credit after a photo box',
      `${P1}<br><br><div class="view_photo">${img()}</div>윤석열 대통령이 3일 국무회의를 주재하고 있다. 대통령실 제공<br><br>${P2}<br><br>${P3}`,
    ],
    ['slash credit after a bare img', `${P1}<br><br>${img()}<br>3일 서울 광화문광장에서 시민들이 걷고 있다/뉴시스<br><br>${P2}<br><br>${P3}`],
    ['사진= credit away from the photo', `${P1}<br><br>${P2}<br><br>국무위원들이 회의장에 들어서고 있다. 사진=동아일보DB<br><br>${P3}`],
  ])('drops a caption printed as body text: %s', (_name, body) => {
    expect(ko(v5(body), URL_KO).body).toEqual([P1, P2, P3]);
  });

  it('keeps a closing paragraph that follows a photo and ends in a wire credit (and drops the credit)', () => {
    const r = ko(v5(`${P1}<br><br>${P2}<br><br><div class="view_photo">${img()}</div>${P3} 연합뉴스`), URL_KO);
    expect(r.body).toEqual([P1, P2, P3]);
    expect(r.authors).toEqual([]);
  });

  it('keeps a story sentence right after a photo, and a 사진=이름 기자 byline at the end', () => {
    const r = ko(v5(`${P1}<br><br>${fig(1, '국무회의 모습')}${P2}<br><br>${P3}<br><br>사진=문형일 기자`), URL_KO);
    expect(r.body).toEqual([P1, P2, P3]);
    expect(r.authors).toEqual([{ name: '문형일', email: null, role: '기자' }]);
  });

  it.each([
    ['figures only, with a wire credit line', `${fig(1, '첫 사진. 뉴시스')}${fig(2, '둘째 사진. 뉴시스')}${fig(3, '셋째 사진')}사진=뉴시스`],
    ['figures and one short line', `${fig(1, '서울 도심에 첫눈이 내렸다. 뉴시스')}${fig(2, '출근길 시민들. 뉴스1')}3일 서울 도심에 올겨울 첫눈이 내렸다.`],
    ['photo news: one photo, one caption paragraph', `<div class="view_photo">${img()}</div>3일 서울 중구 명동거리에서 시민들이 우산을 쓰고 걷고 있다. 뉴시스`],
    [
      'a gallery whose captions end like sentences',
      `${img(1)}<br>3일 서울 중구 명동거리에서 시민들이 우산을 쓰고 걷고 있다. 기상청은 이번 비가 주말까지 이어질 것으로 내다봤다.<br><br>${img(2)}<br>같은 날 부산 해운대 해수욕장에서 관광객들이 비를 피하고 있다. 해운대구는 해변 시설 점검에 나섰다고 밝혔다.<br><br>${img(3)}<br>3일 광주 북구의 한 도로가 물에 잠겨 있다. 광주시는 침수 피해를 조사하고 있다고 밝혔다.`,
    ],
    ['a video clip', `<iframe src="https://tv.naver.com/embed/123" width="640" height="360"></iframe><br>영상=동아일보 유튜브 채널`],
  ])('refuses %s as not_article', (_name, body) => {
    try {
      ko(v5(body), URL_KO);
      throw new Error('expected not_article');
    } catch (err) {
      expect((err as ParseError).code).toBe('not_article');
      expect((err as ParseError).message).toMatch(/photo|video|gallery/);
    }
  });

  it.each([
    ['…밝혔다.김지원 기자', `${P1}<br><br>${P2}<br><br>${P3}김지원 기자`, [{ name: '김지원', email: null, role: '기자' }], null],
    ['…밝혔다. 워싱턴=문병기 특파원', `${P1}<br><br>${P2}<br><br>${P3} 워싱턴=문병기 특파원`, [{ name: '문병기', email: null, role: '특파원' }], '워싱턴'],
    [
      '…밝혔다.김지원·박민수 기자',
      `${P1}<br><br>${P2}<br><br>${P3}김지원·박민수 기자`,
      [
        { name: '김지원', email: null, role: '기자' },
        { name: '박민수', email: null, role: '기자' },
      ],
      null,
    ],
  ])('splits an e-mail-less byline glued to the last sentence: %s', (_name, body, authors, dateline) => {
    const r = ko(v5(body), URL_KO);
    expect(r.body).toEqual([P1, P2, P3]);
    expect(r.authors).toEqual(authors);
    expect(r.dateline).toBe(dateline);
  });

  it('takes the e-mail from the author box for a glued e-mail-less byline', () => {
    const box = '<div class="view_body"><article class="author_info"><a href="#">김지원 기자 jwkim@donga.com</a></article></div>';
    const r = ko(v5(`${P1}<br><br>${P2}김지원 기자`, box), URL_KO);
    expect(r.body).toEqual([P1, P2]);
    expect(r.authors).toEqual([{ name: '김지원', email: 'jwkim@donga.com', role: '기자' }]);
  });

  it('leaves a last sentence about a reporter alone', () => {
    const last = '이 소식을 처음 전한 것은 현장에 있던 한 기자였다고 한 기자가 말했다.';
    const r = ko(v5(`${P1}<br><br>${P2}<br><br>${last}`), URL_KO);
    expect(r.body).toEqual([P1, P2, last]);
    expect(r.authors).toEqual([]);
  });
});

describe('parseKoreanArticle: clean-up rules that cut or dropped story text', () => {
  it.each([
    ['이 기사는 유료 회원 전용입니다. 로그인 후 이용해 주세요.', true],
    ['본 기사는 구독자만 볼 수 있습니다. 지금 구독하세요.', true],
    ['로그인 후 기사 전문을 보실 수 있습니다. 회원 가입은 무료이며 1분이면 끝납니다.', true],
    ['해당 콘텐츠는 유튜브 구독자 100만 명을 넘겼다. 제작진은 후속편을 준비하고 있다.', false],
    ['넷플릭스 구독 후 콘텐츠를 내려받을 수 있다. 이용자는 빠르게 늘고 있다.', false],
    ['골프장은 회원 전용으로 운영된다. 비회원은 주말에만 이용할 수 있다.', false],
  ])('tells a wall from a short story: %s → wall %s', (text, wall) => {
    const html = chrome(
      `<section class="head_group"><h1>짧은 기사</h1><div class="date_info"><p>입력 2025-09-04 15:33</p></div></section><section class="news_view">${text}</section>`,
    );
    const url = 'https://www.donga.com/news/Society/article/all/20250904/132300012/1';
    if (wall) fails(() => ko(html, url), 'not_article');
    else expect(ko(html, url).body).toEqual([text]);
  });

  it('keeps a short story about a service used "로그인 후" (no wall)', () => {
    const p1 = '행정안전부는 4일부터 정부24에 로그인 후 이용할 수 있는 전입신고 서비스를 시작한다고 밝혔다.';
    const p2 = '신청은 24시간 가능하다.';
    const html = chrome(
      `<section class="head_group"><h1>정부24 전입신고 서비스 시작</h1><div class="date_info"><p>입력 2025-09-04 15:33</p></div></section><section class="news_view">${p1}<br><br>${p2}</section>`,
    );
    expect(ko(html, 'https://www.donga.com/news/Society/article/all/20250904/132300010/1').body).toEqual([p1, p2]);
  });

  const v5 = (body: string) =>
    chrome(
      `<section class="head_group"><h1>AI 저작권 지침 발표</h1><div class="date_info"><p>입력 2025-09-04 15:33</p></div></section><section class="news_view">${body}</section>`,
    );
  const URL_KO = 'https://www.donga.com/news/Economy/article/all/20250904/132300020/1';

  it.each([
    '미국 저작권청(Copyright Office)은 인공지능이 만든 작품의 무단 전재와 재배포를 막기 위한 지침을 발표했다.',
    '그는 “무단 전재 및 재배포 금지 조항을 어긴 사이트가 200곳이 넘는다”고 말했다.',
  ])('keeps a story sentence that names copyright words instead of cutting it: %s', (p) => {
    expect(ko(v5(`${P1}<br><br>${p}<br><br>${P2}`), URL_KO).body).toEqual([P1, p, P2]);
  });

  it('keeps sentences that start with a button label, drops the bare labels', () => {
    const a = '구독 서비스 시장은 지난해 40조 원 규모로 커졌다.';
    const b = '좋아요 버튼을 누른 이용자도 크게 늘었다.';
    expect(ko(v5(`${P1}<br><br>${a}<br><br>${b}<br><br>${P2}<br><br>좋아요 58<br><br>구독`), URL_KO).body).toEqual([P1, a, b, P2]);
  });

  it('keeps a short paragraph holding a bullet image (only a real picture makes a photo box)', () => {
    const p = '짧은 문단도 기사다.';
    const html =
      chrome(`<div class="article_title02"><h1>제목</h1></div><div class="article_txt"><div class="title_foot"><span class="date">2008-03-02 03:00</span></div>
<p>${P1}</p><p><img src="/images/bullet.gif" width="5" height="5"> ${p}</p><p>${P2}</p></div>`);
    expect(ko(html, 'http://news.donga.com/3/all/20080302/8549231/1').body).toEqual([P1, p, P2]);
  });

  it('drops the sports layout ad boxes (div.photoAd, div.view_center) inside div.article_word', () => {
    const html =
      chrome(`<div class="article_title"><h1 class="title">류현진, 시즌 10승 달성</h1><div class="title_foot"><span class="date01">입력 2025-09-04 22:10</span></div></div>
<div class="article_word" id="article_body">${P1}<br><br><div class="photoAd">지금 가입하면 첫 달 무료 혜택을 드립니다 특가 이벤트 진행 중입니다</div>${P2}<br><br><div class="view_center">이 시각 인기 뉴스 오늘의 추천 상품 할인 쿠폰</div>${P3}</div>`);
    expect(ko(html, 'https://www.donga.com/news/Sports/article/all/20250904/132300011/1').body).toEqual([P1, P2, P3]);
  });
});

describe('parseKoreanArticle: limits and hostile pages', () => {
  const URL_KO = 'https://www.donga.com/news/Politics/article/all/20200403/100510316/2';
  const page = (story: string, extra = '') =>
    chrome(`<div class="article_title"><h1 class="title">내년 예산안 국무회의 통과</h1><span class="date01">입력 2020-04-03 03:00</span></div>
<div class="article_txt">${story}</div>${extra}`);
  // Generous timeouts: these pages used to run for minutes (or overflow the stack); fixed, they take milliseconds.
  const LONG = 60_000;

  it(
    'refuses a page nested deeper than maxDepth as too_deep, naming the depth, the limit and the setting',
    () => {
      const html = page(`${P1}<br><br>${P2}`, `${'<div>'.repeat(100_000)}${P3}`);
      fails(() => ko(html, URL_KO), 'too_deep');
      try {
        parseKoreanArticle({ body: html, url: URL_KO }, { maxDepth: 1_000 });
      } catch (err) {
        expect((err as ParseError).message).toMatch(/depth 1001\b.*MAX_PARSE_DEPTH=1000/);
      }
    },
    LONG,
  );

  it('fails as parse_timeout once the injected clock passes timeoutMs', () => {
    const html = page(Array.from({ length: 5_000 }, () => P1).join('<br><br>'));
    let t = 0;
    fails(() => parseKoreanArticle({ body: html, url: URL_KO }, { timeoutMs: 3, now: () => (t += 1) }), 'parse_timeout');
    expect(parseKoreanArticle({ body: html, url: URL_KO }, { timeoutMs: 1e9, now: () => (t += 1) }).body).toHaveLength(5_000);
  });

  it(
    'ends on a paragraph of copyright marks (the trailer pattern rescanned the rest from each mark)',
    () => {
      const marks = 'ⓒ'.repeat(200_000);
      // It ends; the paragraph ending in 200,000 marks is one enormous token, no prose, and never reaches the record.
      expect(ko(page(`${P1}<br><br>${P2}${marks}`), URL_KO).body).toEqual([P1]);
      // The trailer itself still goes, with whatever follows it in its paragraph.
      expect(ko(page(`${P1}<br><br>${P2}<br><br>ⓒ 동아일보 &amp; donga.com, 무단 전재 및 재배포 금지 투표하기`), URL_KO).body).toEqual([P1, P2]);
      expect(ko(page(`${P1}<br><br>${P2} 무단 전재 및 재배포 금지.`), URL_KO).body).toEqual([P1, P2]);
    },
    LONG,
  );

  it(
    'ends on a paragraph of `function(` (the script cut was quadratic) and on a long date-like line',
    () => {
      // No `) {` follows, so it is no script: kept as text (compared by length, to keep a failure readable).
      const calls = 'function('.repeat(100_000);
      // It ends; 900,000 characters without a space are no prose and never reach the record.
      expect(ko(page(`${P1}<br><br>${P2}<br><br>${calls}`), URL_KO).body.map((p) => p.length)).toEqual([P1.length, P2.length]);
      const dateLike = `입력 ${'1'.repeat(200_000)}x`;
      expect(ko(page(`${P1}<br><br>${P2}<br><br>${dateLike}`), URL_KO).body).toEqual([P1, P2]);
    },
    LONG,
  );

  it('reads every e-mail shape a reporter has, dots included, on its own line or glued', () => {
    for (const email of ['gi.jae.han@donga.com', 'kim.ms@donga.com', 'kim2024@donga.com', 'kim-ms@donga.com', 'kim_ms@donga.com', 'kim+news@donga.com']) {
      const own = ko(page(`${P1}<br><br>${P2}<br><br>한기재 기자 ${email}`), URL_KO);
      expect(own.authors).toEqual([{ name: '한기재', email, role: '기자' }]);
      expect(own.body).toEqual([P1, P2]);
      const glued = ko(page(`${P1}<br><br>${P2}한기재 기자 ${email}`), URL_KO);
      expect(glued.authors).toEqual([{ name: '한기재', email, role: '기자' }]);
      expect(glued.body).toEqual([P1, P2]);
    }
  });
});
