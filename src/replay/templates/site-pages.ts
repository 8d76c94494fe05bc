/**
 * Non-article pages of the replay site: the `/en` front page, section lists with pagination,
 * robots.txt, the English sitemap and the HTML error page.
 */
import type { ArticleSpec, SiteModel } from '../site-model.js';
import { englishDate } from '../site-model.js';
import { EN_SECTIONS, type EnSection } from '../vocab.js';
import { ad, englishFooter, englishHeader, esc, heavyHead } from './common.js';

/** Articles per list page. */
const LIST_PAGE_SIZE = 20;

function item(a: ArticleSpec): string {
  return `<li class="article_item"><a href="${a.en.path}" class="thumb"><img src="https://dimg.donga.com/wps/ENGLISH/IMAGE/${a.en.ymd}/${a.en.id}/1.jpg" alt=""></a><div class="txt"><a href="${a.en.path}" class="tit">${esc(a.en.title)}</a><p class="desc">${esc(a.en.body[0]!.slice(0, 120))}…</p><span class="date">${englishDate(a.en.postedAt)}</span></div></li>`;
}

function pagination(base: string, page: number, pages: number): string {
  const sep = base.includes('?') ? '&' : '?';
  const href = (p: number) => (p === 1 ? base : `${base}${sep}p=${p}`);
  const first = Math.floor((page - 1) / 10) * 10 + 1;
  const nums: string[] = [];
  for (let p = first; p <= Math.min(pages, first + 9); p++) {
    nums.push(p === page ? `<strong class="on">${p}</strong>` : `<a href="${href(p)}">${p}</a>`);
  }
  return `<div class="paging">${page > 1 ? `<a class="prev" href="${href(page - 1)}">Prev</a>` : ''}${nums.join('')}${
    page < pages ? `<a class="next" href="${href(page + 1)}" rel="next">Next</a>` : ''
  }</div>`;
}

/** Number of list pages for `count` articles. */
function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / LIST_PAGE_SIZE));
}

function listPage(title: string, active: string | null, ids: readonly string[], page: number, base: string, model: SiteModel): string {
  const pages = pageCount(ids.length);
  const slice = ids.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
  const items = slice.map((id) => item(model.article(id)!)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)} | The DONG-A ILBO</title><meta property="og:title" content="${esc(title)}">
${heavyHead()}</head>
<body>
${englishHeader(active)}
<main id="contents">
  <h2 class="sec_title">${esc(title)}</h2>
  <ul class="article_list">
${items}
  </ul>
  ${pagination(base, page, pages)}
  <div class="section_links">${EN_SECTIONS.map((s) => `<a href="/en/List/${s}">${s}</a>`).join(' ')}</div>
  ${ad('list_ad', page)}
</main>
${englishFooter()}
</body>
</html>`;
}

/** Every English id, newest first. */
function newestFirst(model: SiteModel): string[] {
  return [...model.englishIds].reverse();
}

/** `/en?p=N`: newest articles, 20 per page. Null when the page is out of range. */
export function renderFrontPage(model: SiteModel, page: number): string | null {
  const ids = newestFirst(model);
  if (page < 1 || page > pageCount(ids.length)) return null;
  return listPage('The DONG-A ILBO', null, ids, page, '/en', model);
}

/** `/en/List/<Section>?p=N`, or null when the section or page does not exist. */
export function renderSectionPage(model: SiteModel, section: string, page: number): string | null {
  if (!(EN_SECTIONS as readonly string[]).includes(section)) return null;
  const ids = model.sectionIds(section as EnSection);
  if (page < 1 || page > pageCount(ids.length)) return null;
  return listPage(section, section, ids, page, `/en/List/${section}`, model);
}

export function renderRobots(origin: string, crawlDelay?: number, disallow: readonly string[] = []): string {
  return [
    'User-agent: *',
    'Disallow: /search',
    'Disallow: /news/search',
    'Disallow: /news/View',
    ...disallow.map((path) => `Disallow: ${path}`),
    ...(crawlDelay === undefined ? [] : [`Crawl-delay: ${crawlDelay}`]),
    '',
    `Sitemap: ${origin}/sitemap/en-articles.xml`,
    '',
  ].join('\n');
}

/** The English urlset, newest first; only the newest `limit` when given. */
export function renderSitemap(model: SiteModel, origin: string, limit?: number): string {
  const ids = newestFirst(model).slice(0, limit ?? Number.POSITIVE_INFINITY);
  const urls = ids.map((id) => {
    const a = model.article(id)!;
    return `<url><loc>${origin}${a.en.path}</loc><lastmod>${a.en.updatedAt ?? a.en.postedAt}</lastmod></url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function renderErrorPage(status: number, path: string): string {
  const msg = status === 404 ? '요청하신 페이지를 찾을 수 없습니다. (Page not found)' : '일시적인 오류가 발생했습니다. (Service unavailable)';
  return `<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>${status} | 동아일보</title></head>
<body><div id="error_wrap"><h1>${status}</h1><p>${msg}</p><p class="path">${esc(path)}</p><a href="/">동아일보 홈으로</a> <a href="/en">The DONG-A ILBO</a></div></body></html>`;
}
