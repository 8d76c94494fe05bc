import { allowedHosts } from '../../config/config.js';
import { dateFilter, toYmd } from '../discover/extract-links.js';
import type { ArticleUrl } from '../normalize/article-url.js';
import { refreshSlot, type EnglishPayload } from '../queue/jobs.js';
import type { PipelineDeps } from './deps.js';

/**
 * Which found links become jobs: host allowlist, the run's date window, robots.txt, and the store's knowledge of
 * the article (an article already stored needs no job, except a recent one's recheck). Shared by discovery pages
 * and the link harvest of English article pages.
 */

type Window = { since?: string | undefined; until?: string | undefined };

/** The date window a job carries (`since`/`until`), with absent bounds left out, to pass on to the jobs it adds. */
export function windowOfPayload(payload: Window): { since?: string; until?: string } {
  return { ...(payload.since ? { since: payload.since } : {}), ...(payload.until ? { until: payload.until } : {}) };
}

/** The run's window (from the job) or else the configured one (CRAWL_SINCE/CRAWL_UNTIL), plus MAX_AGE_DAYS. */
function windowOf(deps: PipelineDeps, window: Window, opts: { lowerOnly?: boolean } = {}): (ymd: string) => boolean {
  return dateFilter({
    since: window.since ?? (deps.config.since ? (toYmd(deps.config.since) ?? undefined) : undefined),
    until: opts.lowerOnly ? undefined : (window.until ?? (deps.config.until ? (toYmd(deps.config.until) ?? undefined) : undefined)),
    maxAgeDays: deps.config.maxAgeDays,
    now: deps.now(),
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
 * English jobs for admitted article URLs, leaving out the articles the store already has (a stored pair, or a
 * permanent failure of the English page): completed jobs are not kept in Redis to deduplicate, the store is.
 * Recent ones (REFRESH_DAYS) always get a job carrying their refresh slot, so each slot rechecks them once
 * (conditional GET).
 */
export async function englishPayloads(
  deps: PipelineDeps,
  arts: ArticleUrl[],
  base: Omit<EnglishPayload, 'url' | 'articleId' | 'refresh' | 'force'>,
): Promise<EnglishPayload[]> {
  if (!arts.length) return [];
  const now = deps.now();
  const slotted = arts.map((a) => ({ a, refresh: refreshSlot(a.ymd, now, deps.config) }));
  const unslotted = slotted.filter((s) => !s.refresh).map((s) => s.a.articleId);
  const known = unslotted.length ? await deps.store.knownArticleIds(unslotted) : new Set<string>();
  return slotted
    .filter((s) => s.refresh || !known.has(s.a.articleId))
    .map(({ a, refresh }) => ({ url: a.url, articleId: a.articleId, ...base, ...(refresh ? { refresh } : {}) }));
}
