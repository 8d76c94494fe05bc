import { allowedHosts } from '../../config/config.js';
import { englishArticlesFromFeed, extractEnglishArticleLinks, extractPaginationLinks } from '../discover/extract-links.js';
import type { ArticleUrl } from '../normalize/article-url.js';
import { decodeHtml } from '../parse/decode.js';
import { loadPage } from '../parse/page-context.js';
import type { CrawlRunPayload, DiscoverPayload } from '../queue/jobs.js';
import { admitArticles, englishPayloads, olderThanWindow, robotsAllowed, windowOfPayload } from './admit-links.js';
import type { CrawlTrigger } from '../store/status-store.js';
import { parseLimits, type PipelineDeps } from './deps.js';
import { takeRunBudget } from './run-budget.js';
import { events } from '../observe/events.js';

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
 * become discover jobs of this run, within the run's page budget. The run's start is recorded in the store.
 */
export async function crawlRun(
  deps: PipelineDeps,
  payload: CrawlRunPayload & { runId: string },
  trigger: CrawlTrigger = payload.trigger ?? 'enqueue',
): Promise<DiscoverResult> {
  const { config } = deps;
  // The run's durable record for `status` (a retry of this job finds it there and changes nothing).
  await deps.store.startRun({ runId: payload.runId, trigger });
  const window = windowOfPayload(payload);
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

/**
 * One discovery page: a list/section page (article links + bounded pagination) or a
 * sitemap/feed (article links + child sitemaps). Found articles become English jobs.
 */
export async function discoverPage(deps: PipelineDeps, payload: DiscoverPayload, signal?: AbortSignal): Promise<DiscoverResult> {
  const { config } = deps;
  const isPage = payload.kind === 'page';
  const page = await deps.fetcher.fetch(payload.url, { accept: isPage ? 'html' : 'xml', ...(signal ? { signal } : {}) });
  const window = windowOfPayload(payload);
  let found: ArticleUrl[];
  let next: DiscoverPayload[];
  const depth = (payload.depth ?? 0) + 1;
  if (isPage) {
    // One load of the list page for its article links and its pagination (script and style text left out).
    const ctx = loadPage({ body: page.body, url: page.url, contentType: page.contentType }, { limits: parseLimits(config), strip: 'scripts' });
    found = extractEnglishArticleLinks(ctx, page.url);
    next = olderThanWindow(deps, found, window)
      ? []
      : extractPaginationLinks(ctx, page.url).map((url) => ({ url, kind: 'page' as const, runId: payload.runId, depth, ...window }));
  } else {
    const feed = englishArticlesFromFeed(decodeHtml(page.body, page.contentType).html, page.url, parseLimits(config));
    found = feed.articles;
    next = feed.sitemaps.map((url) => ({ url, kind: 'sitemap' as const, runId: payload.runId, depth, ...window }));
  }
  const allowed = allowedHosts(config);
  next = await robotsAllowed(
    deps,
    next.filter((n) => allowed.has(new URL(n.url).host)),
  );
  const articles = await robotsAllowed(deps, admitArticles(deps, found, window));
  const english = await englishPayloads(deps, articles, { runId: payload.runId, hops: 0, ...window });
  await deps.enqueue.addEnglish(english);
  const granted = await takeRunBudget(deps.redis, config.queuePrefix, payload.runId, next.length, config.maxDiscoveryPages);
  await deps.enqueue.addDiscover(next.slice(0, granted));
  deps.logger?.info({ kind: payload.kind, links: found.length, articles: english.length, pages: granted }, 'discovery page read');
  if (events.discoveryPage.hasSubscribers) {
    events.discoveryPage.publish({ url: page.url, kind: payload.kind, links: found.length, enqueued: english.length });
  }
  return { articles: english.length, pages: granted };
}
