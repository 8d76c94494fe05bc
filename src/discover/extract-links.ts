import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { parseEnglishArticleUrl, type ArticleUrl } from '../normalize/article-url.js';
import { kstYmd } from '../normalize/kst-date.js';
import { collectTags, loadDocument, loadWithoutScriptText, rawText } from '../parse/dom.js';
import { englishLinksOf } from '../parse/english-links.js';
import { ParseBudget, type ParseLimits } from '../parse/limits.js';
import type { PageContext } from '../parse/page-context.js';

/**
 * Link harvesting for discovery. Pure: (markup, page URL) → URLs. It relies only on the English
 * article URL shape, never on list-page markup we don't know (docs/site-notes.md, Discovery: no known EN list).
 * Pages are loaded within the same limits as the article parsers (`limits`: nesting depth, deadline),
 * so a hostile page fails here as `too_deep` or `parse_timeout` instead of hanging the worker.
 */

/**
 * The `<a href>` elements of a page, in document order: from a page context's tree (the one the article parser
 * read; see page-context.ts), else loaded from the markup within `budget`.
 */
function anchors(page: string | PageContext, budget: ParseBudget): Element[] {
  if (typeof page !== 'string') return page.anchors();
  // Script and style texts hold no elements: loaded empty, the page has the same anchors for half the tokenizing.
  const doc = loadWithoutScriptText(page, budget);
  return collectTags(doc, ['a'], budget)
    .get('a')!
    .filter((a) => a.attribs['href'] !== undefined);
}

/**
 * English article URLs linked from an HTML page, deduplicated by article id, in page order. `page` is the markup,
 * or a page context already loaded for the article parser (then `limits` are the context's, and nothing is loaded
 * again unless the context must: see {@link PageContext.anchors}).
 */
export function extractEnglishArticleLinks(page: string | PageContext, pageUrl: string, limits: ParseLimits = {}): ArticleUrl[] {
  if (typeof page !== 'string' && pageUrl === page.url) return page.englishLinks();
  const budget = typeof page === 'string' ? new ParseBudget(limits, pageUrl) : page.budget;
  return englishLinksOf(anchors(page, budget), pageUrl, budget);
}

const PAGE_PARAMS = ['p', 'page', 'pg', 'pageNo', 'pageIndex'];
const NEXT_TEXT = /^(next|next page|다음|다음 페이지|›|»|>|>>|more|더보기)$/i;

export interface PaginationOptions extends ParseLimits {
  /**
   * At most this many pagination links per page.
   * @defaultValue 20
   */
  max?: number;
}

/**
 * Pagination links of a list page: same origin and path with a page parameter (`?p=`, `page=` …),
 * or anchors on the same path whose text is next/다음/›/» or a page number. Bounded, deduplicated,
 * never the page itself.
 */
export function extractPaginationLinks(input: string | PageContext, pageUrl: string, opts: PaginationOptions = {}): string[] {
  const max = opts.max ?? 20;
  const page = new URL(pageUrl);
  const self = normalizeForCompare(page);
  const budget = typeof input === 'string' ? new ParseBudget(opts, pageUrl) : input.budget;
  const out: string[] = [];
  const seen = new Set<string>([self]);
  for (const el of anchors(input, budget)) {
    if (out.length >= max) break;
    budget.tick(4); // a URL parse costs a few steps
    const href = el.attribs['href'] ?? '';
    let u: URL;
    try {
      u = new URL(href, page);
    } catch {
      continue;
    }
    if (u.origin !== page.origin || u.pathname.replace(/\/+$/, '') !== page.pathname.replace(/\/+$/, '')) continue;
    u.hash = '';
    const hasPageParam = PAGE_PARAMS.some((k) => /^\d{1,6}$/.test(u.searchParams.get(k) ?? ''));
    const text = rawText(el).replace(/\s+/g, ' ').trim();
    const looksLikePager = NEXT_TEXT.test(text) || /^\d{1,4}$/.test(text) || (el.attribs['rel'] ?? '') === 'next';
    if (!hasPageParam && !looksLikePager) continue;
    if (!hasPageParam && u.search === page.search) continue;
    const key = normalizeForCompare(u);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u.toString());
  }
  return out;
}

function normalizeForCompare(u: URL): string {
  const c = new URL(u.toString());
  c.hash = '';
  c.searchParams.sort();
  return c.toString();
}

export interface FeedLinks {
  /** Every `<loc>` / `<link>` URL of a urlset, RSS channel or Atom feed (not yet filtered). */
  urls: string[];
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
}

/** URLs of a sitemap (`<urlset>`/`<sitemapindex>` `<loc>`), RSS (`<item><link>`) or Atom (`<link href>`). */
export function extractFeedLinks(xml: string, baseUrl: string, limits: ParseLimits = {}): FeedLinks {
  const $ = load(loadDocument(xml, new ParseBudget(limits, baseUrl), { xml: true }), { xml: true });
  const abs = (s: string | undefined): string | null => {
    if (!s) return null;
    try {
      const u = new URL(s.trim(), baseUrl);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
    } catch {
      return null;
    }
  };
  const urls: string[] = [];
  const sitemaps: string[] = [];
  $('sitemapindex > sitemap > loc').each((_, el) => {
    const u = abs($(el).text());
    if (u) sitemaps.push(u);
  });
  $('urlset > url > loc').each((_, el) => {
    const u = abs($(el).text());
    if (u) urls.push(u);
  });
  $('item > link').each((_, el) => {
    const u = abs($(el).text());
    if (u) urls.push(u);
  });
  $('entry > link').each((_, el) => {
    const rel = $(el).attr('rel');
    if (rel && rel !== 'alternate') return;
    const u = abs($(el).attr('href'));
    if (u) urls.push(u);
  });
  return { urls: [...new Set(urls)], sitemaps: [...new Set(sitemaps)] };
}

/** English article URLs among a feed's links, deduplicated by id. */
export function englishArticlesFromFeed(xml: string, baseUrl: string, limits: ParseLimits = {}): { articles: ArticleUrl[]; sitemaps: string[] } {
  const { urls, sitemaps } = extractFeedLinks(xml, baseUrl, limits);
  const seen = new Map<string, ArticleUrl>();
  for (const u of urls) {
    const art = parseEnglishArticleUrl(u);
    if (art && !seen.has(art.articleId)) seen.set(art.articleId, art);
  }
  return { articles: [...seen.values()], sitemaps };
}

export interface DateWindow {
  /** `YYYYMMDD` or `YYYY-MM-DD`, inclusive. */
  since?: string | undefined;
  until?: string | undefined;
  /** 0 or undefined = no limit. */
  maxAgeDays?: number | undefined;
  /** The current time (passed in: this module has no clock). */
  now: Date;
}

/** `YYYY-MM-DD` or `YYYYMMDD` → `YYYYMMDD`, or null. */
export function toYmd(s: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}${m[2]}${m[3]}`;
}

/** A predicate on an article URL's `YYYYMMDD`: inside since/until and not older than maxAgeDays (KST days). */
export function dateFilter(w: DateWindow): (ymd: string) => boolean {
  const since = w.since ? toYmd(w.since) : null;
  const until = w.until ? toYmd(w.until) : null;
  const oldest = w.maxAgeDays && w.maxAgeDays > 0 ? kstYmd(new Date(w.now.getTime() - w.maxAgeDays * 86_400_000)) : null;
  return (ymd) => (!since || ymd >= since) && (!until || ymd <= until) && (!oldest || ymd >= oldest);
}
