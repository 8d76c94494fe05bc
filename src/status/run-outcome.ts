import type { RunCounts } from '../store/status-store.js';

/** How a finished crawl run ended, as `crawl_runs.outcome` records it. */
export type RunOutcome = 'ok' | 'failed';

/**
 * The rule of `crawl`'s exit code (cli/commands/crawl.ts, crawlVerdict), on a run's counts: a run failed when a
 * discovery page failed for good, or when articles failed for good and none was done (offline, a site refusing
 * every page). Pure.
 */
export function runOutcome(c: Pick<RunCounts, 'pagesFailed' | 'articlesFailed' | 'articlesDone'>): RunOutcome {
  if (c.pagesFailed > 0) return 'failed';
  return c.articlesFailed > 0 && c.articlesDone === 0 ? 'failed' : 'ok';
}
