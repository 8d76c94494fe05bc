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
import { refreshSlot, type CrawlRunPayload, type DiscoverPayload, type EnglishPayload } from '../queue/jobs.js';
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

type Window = { since?: string | undefined; until?: string | undefined };

/** The date window a job carries (`since`/`until`), with absent bounds left out, to pass on to the jobs it adds. */
export function windowOfPayload(payload: Window): { since?: string; until?: string } {
  return { ...(payload.since ? { since: payload.since } : {}), ...(payload.until ? { until: payload.until } : {}) };
}

/** The run's window (from the job) or else the configured one (CRAWL_SINCE/CRAWL_UNTIL), plus MAX_AGE_DAYS. */
function windowOf(deps: PipelineDeps, window: Window, opts: { lowerOnly?: boolean } = {}): (ymd: string) => boolean {
  return dateFilter({
    since: window.since ?? (deps.config.since ? toYmd(deps.config.since) ?? undefined : undefined),
    until: opts.lowerOnly ? undefined : window.until ?? (deps.config.until ? toYmd(deps.config.until) ?? undefined : undefined),
    maxAgeDays: deps.config.maxAgeDays,
    now: deps.now(),
  });
}

/**
 * English jobs for admitted article URLs. Recent ones (REFRESH_DAYS) carry their refresh slot, so each slot
 * rechecks them once (conditional GET) instead of BullMQ ignoring the id of the job that stored them.
 */
export function englishPayloads(
  deps: PipelineDeps,
  arts: ArticleUrl[],
  base: Omit<EnglishPayload, 'url' | 'articleId' | 'refresh' | 'force'>,
): EnglishPayload[] {
  const now = deps.now();
  return arts.map((a) => {
    const refresh = refreshSlot(a.ymd, now, deps.config);
    return { url: a.url, articleId: a.articleId, ...base, ...(refresh ? { refresh } : {}) };
  });
}

/** English article URLs allowed by host and date window. */
export function admitArticles(deps: PipelineDeps, arts: ArticleUrl[], window: Window): ArticleUrl[] {
  const allowed = allowedHosts(deps.config);
  const inWindow = windowOf(deps, window);
  return arts.filter((a) => allowed.has(new URL(a.url).host) && inWindow(a.ymd));
}

/**
 * Whether every article of a list page is older than the window (since / max age). List pages run
 * newest first, so the next pages are older still: pagination stops there instead of using up the budget.
 */
export function olderThanWindow(deps: PipelineDeps, arts: ArticleUrl[], window: Window): boolean {
  if (!arts.length) return false;
  const recentEnough = windowOf(deps, window, { lowerOnly: true });
  return arts.every((a) => !recentEnough(a.ymd));
}

/** The items whose URL robots.txt allows (all of them when the fetcher cannot tell). */
export async function robotsAllowed<T extends { url: string }>(deps: PipelineDeps, items: T[]): Promise<T[]> {
  const allows = deps.fetcher.robotsAllows?.bind(deps.fetcher);
  if (!allows || !items.length) return items;
  const verdicts = await Promise.all(items.map((i) => allows(i.url)));
  return items.filter((_, k) => verdicts[k]);
}

/**
 * One discovery page: a list/section page (article links + bounded pagination) or a
 * sitemap/feed (article links + child sitemaps). Found articles become English jobs.
 */
export async function discoverPage(deps: PipelineDeps, payload: DiscoverPayload, signal?: AbortSignal): Promise<DiscoverResult> {
  const { config } = deps;
  const isPage = payload.kind === 'page';
  const page = await deps.fetcher.fetch(payload.url, { accept: isPage ? 'html' : 'xml', ...(signal ? { signal } : {}) });
  const text = decodeHtml(page.body, page.contentType).html;
  const window = windowOfPayload(payload);
  let found: ArticleUrl[];
  let next: DiscoverPayload[];
  const depth = (payload.depth ?? 0) + 1;
  if (isPage) {
    found = extractEnglishArticleLinks(text, page.url, parseLimits(config));
    next = olderThanWindow(deps, found, window)
      ? []
      : extractPaginationLinks(text, page.url, parseLimits(config)).map((url) => ({ url, kind: 'page' as const, runId: payload.runId, depth, ...window }));
  } else {
    const feed = englishArticlesFromFeed(text, page.url, parseLimits(config));
    found = feed.articles;
    next = feed.sitemaps.map((url) => ({ url, kind: 'sitemap' as const, runId: payload.runId, depth, ...window }));
  }
  const allowed = allowedHosts(config);
  next = await robotsAllowed(deps, next.filter((n) => allowed.has(new URL(n.url).host)));
  const articles = await robotsAllowed(deps, admitArticles(deps, found, window));
  const english = englishPayloads(deps, articles, { runId: payload.runId, hops: 0, ...window });
  await deps.enqueue.addEnglish(english);
  const granted = await takeRunBudget(deps.redis, config.queuePrefix, payload.runId, next.length, config.maxDiscoveryPages);
  await deps.enqueue.addDiscover(next.slice(0, granted));
  deps.logger?.info({ kind: payload.kind, links: found.length, articles: english.length, pages: granted }, 'discovery page read');
  if (events.discoveryPage.hasSubscribers) {
    events.discoveryPage.publish({ url: page.url, kind: payload.kind, links: found.length, enqueued: english.length });
  }
  return { articles: english.length, pages: granted };
}
