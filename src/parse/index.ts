import type { Article, PageInput } from '../records/article.js';
import { parseEnglishArticleUrl, parseKoreanArticleUrl, type ArticleUrl } from '../normalize/article-url.js';
import { decodePage } from './decode.js';
import { stripNonContent } from './dom.js';
import { openEnglishPage, parseEnglishArticle, parseEnglishPage } from './english.js';
import { openKoreanPage, parseKoreanArticle, parseKoreanPage } from './korean.js';
import type { ParseLimits } from './limits.js';

/**
 * The parse entry point: language guess and dispatch to the English or Korean parser.
 * Bump a part of PARSER_VERSION whenever that parser's output for the same bytes can change,
 * so stored records can be re-parsed selectively.
 */
// en2-ko2: same fixture records, but real pages can now parse differently (copyright-mentioning
// paragraphs kept, glued/`Reporter Name` bylines, 12-hour times, <time datetime>, contradicted charsets …).
// en3-ko3: same fixture records; captions printed as plain paragraphs are dropped, photo/video pages are
// refused (not_article), e-mail-less glued Korean bylines become authors, narrower wall/promo/copyright rules.
// en4-ko5: Korean records carry the page's own identity (canonical, og:url, article ids); a site-name title prefix
// (`동아닷컴 - `, `The Dong-A Ilbo :: `) is removed, and an English Posted/Updated line inside a control (`<button>`,
// `<summary>`, role=button) is read. Fixture records otherwise unchanged.
export const PARSER_VERSION = 'en4-ko5';

export { parseEnglishArticle } from './english.js';
export { parseKoreanArticle } from './korean.js';
export { loadPage } from './page-context.js';
export type { ParseLimits } from './limits.js';

/** Counts Hangul syllables and Latin letters in the first ~64 KB of visible-ish text. */
function letterShares(html: string): { hangul: number; latin: number } {
  // Linear on any input: an unclosed `<script>` or a `<` without `>` runs to the end of the slice instead of
  // being rescanned from every later one.
  const text = stripNonContent(html.slice(0, 262_144)).replace(/<[^>]*(?:>|$)/g, ' ');
  let hangul = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) hangul++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return { hangul, latin };
}

/**
 * The page language: from the URL shape first (`/en/article/…` vs `/news/…/article/…`), then from the
 * page (`| The DONG-A ILBO` title or a `Posted` line → en; mostly Hangul text → ko). Null when unsure.
 */
export function guessLang(url: string, html?: string): 'en' | 'ko' | null {
  if (parseEnglishArticleUrl(url)) return 'en';
  if (parseKoreanArticleUrl(url)) return 'ko';
  try {
    const path = new URL(url).pathname;
    if (/^\/en(?:\/|$)/.test(path)) return 'en';
    if (/^\/news(?:\/|$)/.test(path)) return 'ko';
  } catch {
    // not a URL: fall through to the page
  }
  if (html === undefined) return null;
  const title = /<title\b[^>]*>([\s\S]*?)(?:<\/title>|$)/i.exec(html.slice(0, 262_144))?.[1] ?? '';
  if (/\|\s*The DONG-?A ILBO\s*$/i.test(title.trim())) return 'en';
  if (/\bPosted\s+[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4}/.test(html)) return 'en';
  const { hangul, latin } = letterShares(html);
  if (hangul >= 50 && hangul * 3 >= latin) return 'ko';
  if (/(?:입력|수정|업데이트)\s*\d{4}[-.]\d{2}[-.]\d{2}/.test(html)) return 'ko';
  if (latin >= 200 && hangul * 20 < latin) return 'en';
  return null;
}

/**
 * Parses an article page of either language. `opts.lang` overrides the guess; when neither the URL
 * nor the page tells, the English parser runs (and reports `bad_url` for a non-article URL).
 */
export function parseArticle(page: PageInput, opts: { lang?: 'en' | 'ko' } & ParseLimits = {}): Article {
  const { lang: given, ...limits } = opts;
  let lang = given ?? guessLang(page.url);
  if (!lang) {
    const html = decodePage(page);
    lang = guessLang(page.url, html) ?? 'en';
    page = { ...page, body: html };
  }
  return lang === 'ko' ? parseKoreanArticle(page, limits) : parseEnglishArticle(page, limits);
}

/** What {@link parsePage} returns: the record, and the page's English article links when asked for. */
export interface ParsedPage {
  record: Article;
  /** English article links of the page, deduplicated by id, in page order (`extractEnglishArticleLinks`'s answer); empty unless asked for. */
  links: ArticleUrl[];
}

/**
 * Parses a fetched page of a known language and, with `opts.links`, harvests its English article links from the
 * same loaded tree: one decode and one load per page (page-context.ts). The record is `parseArticle(page, { lang,
 * ...limits })`'s, byte for byte; the links are `extractEnglishArticleLinks(decodedHtml, page.url, limits)`'s.
 * Throws what the parser throws (no links are harvested from a page that did not parse).
 */
export function parsePage(page: PageInput, lang: 'en' | 'ko', limits: ParseLimits = {}, opts: { links?: boolean } = {}): ParsedPage {
  const ctx = lang === 'ko' ? openKoreanPage(page, limits) : openEnglishPage(page, limits);
  const record = lang === 'ko' ? parseKoreanPage(ctx) : parseEnglishPage(ctx);
  return { record, links: opts.links === true ? ctx.englishLinks() : [] };
}
