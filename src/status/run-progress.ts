import { runIdForJob } from '../queue/jobs.js';
import { JobName } from '../queue/names.js';
import type { RunCounts } from '../store/status-store.js';

/**
 * What the worker boundary (workers/guard.ts) adds to the status tables when a job finishes: a discovery page or an
 * English article of a crawl run done or failed for good, and a page that was fetched but did not parse. Pure.
 */

/**
 * The crawl-run counts a finished job adds, or null when it belongs to no run (Korean and pair jobs, forced
 * enqueues). A crawl-run job that failed for good counts as a failed discovery page (its start pages were never
 * enqueued); one that succeeded adds nothing (`crawlRun` recorded its start).
 */
export function runProgressOf(
  job: { name: string; id?: string | undefined; data: unknown },
  outcome: 'done' | 'failed',
): { runId: string; delta: Partial<RunCounts> } | null {
  const given = (job.data as { runId?: unknown } | null)?.runId;
  if (job.name === JobName.crawlRun) {
    // Scheduler jobs carry no runId: the worker derives it from the job id, and so does this.
    if (outcome === 'done') return null;
    return { runId: typeof given === 'string' && given ? given : runIdForJob(job.id), delta: { pagesFailed: 1 } };
  }
  const runId = given;
  const jobName = job.name;
  if (typeof runId !== 'string' || !runId) return null;
  if (jobName === JobName.discover) return { runId, delta: outcome === 'done' ? { pagesDone: 1 } : { pagesFailed: 1 } };
  if (jobName === JobName.english) return { runId, delta: outcome === 'done' ? { articlesDone: 1 } : { articlesFailed: 1 } };
  return null;
}
