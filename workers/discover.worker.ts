import type { Job } from 'bullmq';
import { crawlRun, discoverPage, type DiscoverResult } from '../src/pipeline/discover.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { crawlRunPayload, discoverPayload, runIdForJob } from '../src/queue/jobs.js';
import { JobName } from '../src/queue/names.js';
import { invalid } from '../src/queue/to-job-error.js';
import { guard, urlOf } from './guard.js';

/** The `discover` queue: `crawl-run` (fan out one run) and `discover` (one list page / sitemap / feed). */
export function discoverProcessor(deps: PipelineDeps) {
  return (job: Job, _token?: string, signal?: AbortSignal): Promise<DiscoverResult> =>
    guard(deps, job, { url: () => urlOf(job.data), lang: 'discover', signal }, async (d) => {
      if (job.name === JobName.crawlRun) {
        const data = crawlRunPayload.parse(job.data);
        // Scheduler jobs carry no runId: derive one from the job id so a retry reuses the run's budget.
        const trigger = data.trigger ?? (data.runId ? 'enqueue' : 'schedule');
        return crawlRun(d, { ...data, runId: data.runId ?? runIdForJob(job.id) }, trigger);
      }
      if (job.name === JobName.discover) return discoverPage(d, discoverPayload.parse(job.data), signal);
      throw invalid('invalid_payload', `unknown job name ${job.name} on the discover queue`);
    });
}
