import { allowedHosts } from '../../config/config.js';
import {
  dateFilter,
  englishArticlesFromFeed,
  extractEnglishArticleLinks,
  extractPaginationLinks,
  toYmd,
} from '../discover/extract-links.js';
import type { ArticleUrl } from '../normalize/article-url.js';
import { decodeHtml } from '../parse/decode.js';
import type { CrawlRunPayload, DiscoverPayload, EnglishPayload } from '../queue/jobs.js';
import type { PipelineDeps } from './deps.js';
import { takeRunBudget } from './run-budget.js';

export interface DiscoverResult {
  articles: number;
  pages: number;
}

/** Resolves a configured start path or sitemap path (relative to baseUrl, or absolute). */
function resolveOnBase(pathOrUrl: string, baseUrl: string): string {
  return new URL(pathOrUrl, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/**
 * One crawl run: the start pages and every sitemap (robots.txt's and `config.sitemapPaths`)
 * become discover jobs of this run, within the run's page budget.
 */
export async function crawlRun(deps: PipelineDeps, payload: CrawlRunPayload & { runId: string }): Promise<DiscoverResult> {
  const { config } = deps;
  const window = { ...(payload.since ? { since: payload.since } : {}), ...(payload.until ? { until: payload.until } : {}) };
  const starts = config.startPaths.map((p) => resolveOnBase(p, config.baseUrl));
  let sitemaps = config.sitemapPaths.map((p) => resolveOnBase(p, config.baseUrl));
  try {
    sitemaps = [...new Set([...(await deps.fetcher.robotsSitemaps(new URL(config.baseUrl).origin)), ...sitemaps])];
  } catch (err) {
    // robots.txt unreachable: the start pages still work; the fetcher decides on robots for each page.
    deps.logger?.warn({ err, runId: payload.runId }, 'robots.txt sitemaps unavailable');
  }
  const allowed = allowedHosts(config);
  sitemaps = sitemaps.filter((u) => allowed.has(new URL(u).host));
  const items: DiscoverPayload[] = [
    ...starts.map((url) => ({ url, kind: 'page' as const, runId: payload.runId, depth: 0, ...window })),
    ...sitemaps.map((url) => ({ url, kind: /rss|atom|feed/i.test(url) ? ('feed' as const) : ('sitemap' as const), runId: payload.runId, depth: 0, ...window })),
  ];
  const granted = await takeRunBudget(deps.redis, config.queuePrefix, payload.runId, items.length, config.maxDiscoveryPages);
  await deps.enqueue.addDiscover(items.slice(0, granted));
  return { articles: 0, pages: granted };
}

/** English article URLs allowed by host and date window. */
export function admitArticles(deps: PipelineDeps, arts: ArticleUrl[], window: { since?: string | undefined; until?: string | undefined }): ArticleUrl[] {
  const allowed = allowedHosts(deps.config);
  const inWindow = dateFilter({
    since: window.since ?? (deps.config.since ? toYmd(deps.config.since) ?? undefined : undefined),
    until: window.until ?? (deps.config.until ? toYmd(deps.config.until) ?? undefined : undefined),
    maxAgeDays: deps.config.maxAgeDays,
    now: deps.now(),
  });
  return arts.filter((a) => allowed.has(new URL(a.url).host) && inWindow(a.ymd));
}

/**
 * One discovery page: a list/section page (article links + bounded pagination) or a
 * sitemap/feed (article links + child sitemaps). Found articles become English jobs.
 */
export async function discoverPage(deps: PipelineDeps, payload: DiscoverPayload): Promise<DiscoverResult> {
  const { config } = deps;
  const isPage = payload.kind === 'page';
  const page = await deps.fetcher.fetch(payload.url, { accept: isPage ? 'html' : 'xml' });
  const text = decodeHtml(page.body, page.contentType).html;
  const window = { ...(payload.since ? { since: payload.since } : {}), ...(payload.until ? { until: payload.until } : {}) };
  let found: ArticleUrl[];
  let next: DiscoverPayload[];
  const depth = (payload.depth ?? 0) + 1;
  if (isPage) {
    found = extractEnglishArticleLinks(text, page.url);
    next = extractPaginationLinks(text, page.url).map((url) => ({ url, kind: 'page' as const, runId: payload.runId, depth, ...window }));
  } else {
    const feed = englishArticlesFromFeed(text, page.url);
    found = feed.articles;
    next = feed.sitemaps.map((url) => ({ url, kind: 'sitemap' as const, runId: payload.runId, depth, ...window }));
  }
  const allowed = allowedHosts(config);
  next = next.filter((n) => allowed.has(new URL(n.url).host));
  const articles = admitArticles(deps, found, window);
  const english: EnglishPayload[] = articles.map((a) => ({ url: a.url, articleId: a.articleId, runId: payload.runId, hops: 0, ...window }));
  await deps.enqueue.addEnglish(english);
  const granted = await takeRunBudget(deps.redis, config.queuePrefix, payload.runId, next.length, config.maxDiscoveryPages);
  await deps.enqueue.addDiscover(next.slice(0, granted));
  return { articles: english.length, pages: granted };
}
