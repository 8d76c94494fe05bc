/**
 * Korean original pages in three eras of docs/site-notes.md (Layout eras): era 2 (2017: `.article_title .title`,
 * `입력`/`수정` spans, text in `div.article_txt`), era 3 (~2021: `#container > div.article_title`,
 * `입력`/`업데이트`, text nodes in `#content div.article_txt`, `dd:author` meta) and era 5
 * (current: `section.head_group`, `span[aria-hidden]` dates, `section.news_view` with `<br><br>`).
 */
import type { ArticleSpec } from '../site-model.js';
import { koreanDate } from '../site-model.js';
import { ad, esc, heavyHead, KO_COPYRIGHT, koreanFooter, koreanHeader } from './common.js';

function head(a: ArticleSpec, origin: string, charset: string, extraMeta: string): string {
  const title = esc(a.ko.title);
  return `<head>
${charset === 'utf-8' ? '<meta charset="utf-8">' : `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`}
<title>${title} : 동아일보</title>
<meta name="description" content="${esc(a.ko.body[0]!.slice(0, 80))}">
<meta property="og:title" content="${title}">
<meta property="og:url" content="${origin}${a.ko.path}">
<meta property="og:image" content="https://dimg.donga.com/wps/NEWS/IMAGE/${a.ko.ymd}/${a.ko.id}/1.jpg">
<meta name="categoryname" content="${a.ko.label}">
<meta property="dd:category" content="${a.ko.label}">
${extraMeta}
${heavyHead()}
</head>`;
}

/** A few "related" links between paragraphs that a parser must not take into the body. */
function relation(a: ArticleSpec): string {
  return `<div class="article_relation"><strong>관련기사</strong><ul><li><a href="/news/article/all/${a.ko.ymd}/${Number(a.ko.id) - 7}/1">${esc(a.ko.title.slice(0, 6))} 관련 후속 보도</a></li><li><a href="/news/article/all/${a.ko.ymd}/${Number(a.ko.id) - 13}/1">전문가 진단</a></li></ul></div>`;
}

function trend(a: ArticleSpec): string {
  return `<section class="trend_list_wrap" id="is_trend_m"><header class="sec_head"><h2>트렌드뉴스</h2></header><ul class="news_list type_num">${[1, 2, 3, 4, 5]
    .map((i) => `<li><a href="/news/article/all/${a.ko.ymd}/${Number(a.ko.id) - i * 31}/1"><span class="num">${i}</span>많이 본 기사 ${i}</a></li>`)
    .join('')}</ul></section>`;
}

function era2(a: ArticleSpec, origin: string): string {
  const k = a.ko;
  const paras = k.body.map(esc);
  const author = k.authors[0];
  if (k.bylineGlued && author) {
    // Old pages sometimes run the byline into the last sentence, without the space before the role.
    paras[paras.length - 1] = `${paras[paras.length - 1]}${esc(`${author.name}${author.role ?? ''} ${author.email ?? ''}`.trim())}`;
  }
  if (paras.length > 2) paras[1] = `${paras[1]}${ad('txt_ad', a.index)}`;
  const tail = [...(k.bylineGlued ? [] : k.bylines.map(esc)), esc(KO_COPYRIGHT)];
  // The 2017 pages repeat the reporters in a `.repoter` box below the text (`김지원·박민수 기자`).
  const repoter = k.authors.length
    ? `<div class="repoter">${esc(k.authors.length > 1 ? `${k.authors.map((x) => x.name).join('·')} ${k.authors[0]!.role ?? ''}` : `${k.authors[0]!.name} ${k.authors[0]!.role ?? ''}`)}</div>`
    : '';
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="ko">
${head(a, origin, k.charset, '')}
<body>
${koreanHeader(k.label)}
<div id="container">
  <div class="location"><a href="/">홈</a> &gt; <a href="/news/${k.urlSection ?? 'List'}">${k.label}</a></div>
  <div class="article_title">
    <h1 class="title">${esc(k.title)}</h1>
    <div class="title_foot">
      <span class="date01">입력 ${koreanDate(k.publishedAt, true)}</span>
      ${k.updatedAt ? `<span class="date01">수정 ${koreanDate(k.updatedAt, true)}</span>` : ''}
      <span class="t_sns"><a href="#" class="facebook">페이스북</a><a href="#" class="twitter">트위터</a></span>
    </div>
  </div>
  <div id="content">
    <div class="article_txt">
${paras.slice(0, 3).join('<br><br>\n')}${paras.length > 3 ? `<br><br>\n${relation(a)}\n${paras.slice(3).join('<br><br>\n')}` : ''}
<br><br>
${tail.join('<br>\n')}
      <div class="recommend"><a href="#" class="btn_recommend">추천하기</a></div>
    </div>
    ${repoter}
  </div>
</div>
${koreanFooter()}
</body>
</html>`;
}

function era3(a: ArticleSpec, origin: string): string {
  const k = a.ko;
  const author = k.authors[0];
  const meta = author ? `<meta property="dd:author" content="${esc(`${author.name} ${author.role ?? ''} ${author.email ?? ''}`.trim())}">` : '';
  const paras = k.body.map(esc);
  const photo = k.caption
    ? `<div class="articlePhotoC"><span class="thumb"><img src="https://dimg.donga.com/wps/NEWS/IMAGE/${k.ymd}/${k.id}/1.jpg" alt="${esc(k.caption)}"></span><span class="description">${esc(k.caption)}</span></div>`
    : '';
  const mid = Math.min(2, paras.length - 1);
  // Labels, not positions, carry the meaning: some pages print 업데이트 before 입력.
  const input = `<span class="date01">입력 ${koreanDate(k.publishedAt)}</span>`;
  const update = k.updatedAt ? `<span class="date01">업데이트 ${koreanDate(k.updatedAt)}</span>` : '';
  const dates3 = a.index % 2 === 0 ? `${input}${update}` : `${update}${input}`;
  const subtitleTag = a.index % 3 === 0 ? '<strong class="sub_title">' : '<strong>';
  return `<!DOCTYPE html>
<html lang="ko">
${head(a, origin, k.charset, `${meta}\n<meta property="dd:published_time" content="${k.publishedAt}">`)}
<body>
${koreanHeader(k.label)}
<div id="container">
  <div class="article_title">
    <div class="location"><a href="/">홈</a> &gt; <a href="/news/${k.urlSection ?? 'List'}">${k.label}</a></div>
    <h1 class="title">${esc(k.title)}</h1>
    <div class="title_foot">
      <span class="report"><a href="/news/Journalist?pid=${esc(author?.email ?? '')}">${esc(author ? `${author.name} ${author.role ?? ''}` : '')}</a></span>${dates3}
    </div>
  </div>
  <div id="content">
    <div class="view_wrap">
      <div class="article_txt">${k.subtitle ? `${subtitleTag}${esc(k.subtitle)}</strong><br><br>` : ''}${photo}
${paras.slice(0, mid).join('<br><br>\n')}<br><br>
${ad('center_ban', a.index)}
${paras.slice(mid).join('<br><br>\n')}<br><br>
${k.bylines.length ? `${k.bylines.map(esc).join('<br>\n')}<br>` : ''}
<p class="copyright">${esc(KO_COPYRIGHT)}</p>
        <div class="article_keyword"><a href="#">#${esc(k.label)}</a></div>
        <div class="btn_page"><a href="#" class="prev">이전 기사</a><a href="#" class="next">다음 기사</a></div>
      </div>
      ${relation(a)}
    </div>
    <div class="right_ban">${ad('txt_ban', a.index + 1)}</div>
  </div>
</div>
${koreanFooter()}
</body>
</html>`;
}

function era5(a: ArticleSpec, origin: string): string {
  const k = a.ko;
  const author = k.authors[0];
  const paras = k.body.map(esc);
  const figure = k.caption
    ? `<figure class="img_cont"><div class="thumb"><img src="https://dimg.donga.com/wps/NEWS/IMAGE/${k.ymd}/${k.id}/1.jpg" alt=""></div><figcaption>${esc(k.caption)}</figcaption></figure>`
    : '';
  const body = paras.map((p, i) => (i === 1 ? `${p}<br><br>${ad('view_ad06', a.index)}` : p));
  return `<!DOCTYPE html>
<html lang="ko">
${head(a, origin, k.charset, `<meta property="dd:published_time" content="${k.publishedAt}">`)}
<body>
${koreanHeader(k.label)}
<main id="contents">
  <section class="head_group">
    <div class="breadcrumb"><span class="breadcrumb_item"><a href="/news/${k.urlSection ?? 'List'}">${k.label}</a></span></div>
    <h1 class="title">${esc(k.title)}</h1>
    ${k.subtitle ? `<h2 class="sub_tit">${esc(k.subtitle)}</h2>` : ''}
    <div class="news_info">
      <div class="date_info"><p>입력 <span aria-hidden="true">${koreanDate(k.publishedAt)}</span></p>${
        k.updatedAt ? `<p><button type="button">업데이트 <span aria-hidden="true">${koreanDate(k.updatedAt)}</span></button></p>` : ''
      }</div>
      <div class="util"><button class="btn_font">글자크기 설정</button><button class="btn_share">공유하기</button></div>
    </div>
  </section>
  <div class="view_body">
    ${author ? `<article class="author_info">${k.authors.map((x) => `<a href="/news/Journalist?pid=${esc(x.email ?? '')}">${esc(`${x.name} ${x.role ?? ''}`.trim())}</a>`).join('')}<button class="btn_follow">구독</button></article>` : ''}
    <section class="news_view">${figure}
${body.join('<br><br>\n')}<br><br>
${k.bylines.map(esc).join('<br>')}
    </section>
    <p class="copyright">${esc(KO_COPYRIGHT)}</p>
    ${relation(a)}
    ${trend(a)}
  </div>
</main>
${koreanFooter()}
</body>
</html>`;
}

/** Renders the Korean page of `a` as a string (the server encodes it in `a.ko.charset`). */
export function renderKoreanArticle(a: ArticleSpec, origin: string): string {
  switch (a.ko.era) {
    case 'era2':
      return era2(a, origin);
    case 'era3':
      return era3(a, origin);
    case 'era5':
      return era5(a, origin);
  }
}
