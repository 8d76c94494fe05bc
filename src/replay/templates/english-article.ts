/**
 * English article pages in two layout families: `en2020` (pre-redesign: `div.article_title`,
 * `div.title_foot`, body as text nodes in `div.article_txt`) and `en2024` (current:
 * `section.head_group`, `<p>` paragraphs in `section.news_view`). Text order follows the sample
 * article of docs/site-notes.md (English pages): title, Posted/Updated, `한국어`, paragraphs, trailing byline.
 */
import type { ArticleSpec, SiteModel } from '../site-model.js';
import { englishDate, englishDateShort } from '../site-model.js';
import { ad, englishFooter, englishHeader, esc, heavyHead } from './common.js';

/** The `한국어` href: the article's own Korean original, or another one when a cross-wiring knob says so. */
function koreanHref(a: ArticleSpec, model: SiteModel, origin: string): string | null {
  if (a.en.koreanLink === 'none') return null;
  const path = model.linkedKorean(a).ko.path;
  return a.en.koreanLink === 'absolute' ? `${origin}${path}` : path;
}

function relatedList(a: ArticleSpec, model: SiteModel): string {
  const items = a.en.related
    .map((id) => model.article(id))
    .filter((r) => r !== undefined)
    .map(
      (r) =>
        `<li><a href="${r.en.path}"><span class="tit">${esc(r.en.title)}</span><span class="date">${englishDate(r.en.postedAt).slice(0, -6)}</span></a></li>`,
    )
    .join('');
  return `<div class="article_relation related_news"><h3 class="tit_h3">Related Articles</h3><ul>${items}</ul></div>`;
}

function mostViewed(a: ArticleSpec, model: SiteModel): string {
  const items = [7, 11, 13]
    .map((d) => model.articleAt((a.index + d) % model.pairs))
    .map((r, i) => `<li><em>${i + 1}</em><a href="${r.en.path}">${esc(r.en.title)}</a></li>`)
    .join('');
  return `<aside class="most_viewed"><h3>Most Viewed</h3><ol>${items}</ol></aside>`;
}

function head(a: ArticleSpec, origin: string): string {
  const title = esc(a.en.title);
  const desc = esc(a.en.body[0]!.slice(0, 140));
  return `<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | The DONG-A ILBO</title>
<meta name="description" content="${desc}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="The DONG-A ILBO">
<meta property="og:title" content="${title}">
<meta property="og:url" content="${origin}${a.en.path}">
<meta property="og:description" content="${desc}">
<meta property="og:image" content="https://dimg.donga.com/wps/ENGLISH/IMAGE/${a.en.ymd}/${a.en.id}/1.jpg">
<meta name="twitter:card" content="summary_large_image">
${heavyHead()}
</head>`;
}

function share(a: ArticleSpec, origin: string): string {
  const u = encodeURIComponent(`${origin}${a.en.path}`);
  return `<div class="share_box"><a class="btn_share facebook" href="https://www.facebook.com/sharer/sharer.php?u=${u}">Facebook</a><a class="btn_share twitter" href="https://twitter.com/intent/tweet?url=${u}">Twitter</a><a class="btn_print" href="#" onclick="window.print();return false;">Print</a></div>`;
}

function layout2020(a: ArticleSpec, model: SiteModel, origin: string): string {
  const href = koreanHref(a, model, origin);
  const dates = `<span class="date01">Posted ${englishDate(a.en.postedAt)}, </span>${
    a.en.updatedAt ? `<span class="date01">Updated ${englishDate(a.en.updatedAt)}</span>` : ''
  }`;
  const paras = a.en.body.map(esc);
  // An ad sits between the second and third paragraphs, as on the Korean pages of that era.
  const withAd = paras.length > 2 ? [...paras.slice(0, 2), `${ad('txt_ad', a.index)}${paras[2]}`, ...paras.slice(3)] : paras;
  return `<!DOCTYPE html>
<html lang="en">
${head(a, origin)}
<body>
${englishHeader(a.en.section)}
<div id="container">
  <div id="top_fixed" class="top_fixed_bar" style="display:none"><p class="top_title">${esc(a.en.title)}</p></div>
  <div class="article_title">
    <h1 class="title">${esc(a.en.title)}</h1>
    <div class="title_foot">${dates}</div>
    <div class="title_bottom">${href ? `<a href="${esc(href)}" class="kor_link" target="_blank">한국어</a>` : ''}${share(a, origin)}</div>
  </div>
  <div id="content">
    <div class="article_view">
      <h2 class="print_title">${esc(a.en.title)}</h2>
      <div class="article_txt">
${withAd.join('<br><br>\n')}
<br><br><br>
${a.en.byline ? esc(a.en.byline) : ''}
      </div>
      ${relatedList(a, model)}
    </div>
    <div class="right_content">${mostViewed(a, model)}${ad('right_ban', a.index + 1)}</div>
  </div>
</div>
${englishFooter()}
</body>
</html>`;
}

function layout2024(a: ArticleSpec, model: SiteModel, origin: string): string {
  const href = koreanHref(a, model, origin);
  const paras = a.en.body.map((p) => `<p>${esc(p)}</p>`);
  if (a.index % 3 === 0) {
    paras.unshift(
      `<figure class="img_cont"><div class="thumb"><img src="https://dimg.donga.com/egc/CDB/ENGLISH/Article/${a.en.id}_1.jpg" alt=""></div><figcaption>${esc(a.en.title)}. News1</figcaption></figure>`,
    );
  }
  const withAd = paras.length > 3 ? [...paras.slice(0, 3), ad('view_ad06', a.index), ...paras.slice(3)] : paras;
  return `<!DOCTYPE html>
<html lang="en">
${head(a, origin)}
<body>
${englishHeader(a.en.section)}
<main id="contents">
  <div class="article_wrap">
    <section class="head_group">
      <p class="breadcrumb"><a href="/en">Home</a> &gt; <a href="/en/List/${a.en.section}">${a.en.section}</a></p>
      <h1 class="title">${esc(a.en.title)}</h1>
      <div class="news_info">
        <p class="date_info"><span class="date_label">Posted</span> <span aria-hidden="true">${englishDateShort(a.en.postedAt)}</span>,${
          a.en.updatedAt ? ` <span class="date_label">Updated</span> <span aria-hidden="true">${englishDateShort(a.en.updatedAt)}</span>` : ''
        }</p>
        ${href ? `<div class="lang_btn"><a href="${esc(href)}" class="btn_ko">한국어</a></div>` : ''}
      </div>
      ${share(a, origin)}
    </section>
    <div class="view_body">
      <section class="news_view">
        ${withAd.join('\n        ')}
      </section>
      ${a.en.byline ? `<p class="byline">${esc(a.en.byline)}</p>` : ''}
      ${relatedList(a, model)}
    </div>
    <aside class="aside">${mostViewed(a, model)}${ad('view_adK', a.index + 1)}</aside>
  </div>
</main>
${englishFooter()}
</body>
</html>`;
}

/** Renders the English page of `a` as served at `origin`. */
export function renderEnglishArticle(a: ArticleSpec, model: SiteModel, origin: string): string {
  return a.en.layout === 'en2020' ? layout2020(a, model, origin) : layout2024(a, model, origin);
}
