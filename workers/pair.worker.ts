import type { Job } from 'bullmq';
import { writePairStep } from '../src/pipeline/pair.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { pairPayload } from '../src/queue/jobs.js';
import { guard } from './guard.js';

/** The `pair` queue: runs once its Korean child finished (or failed for good) and writes the pair. */
export function pairProcessor(deps: PipelineDeps) {
  return (job: Job, _token?: string, signal?: AbortSignal): Promise<{ pairId: string; revision: number; changed: boolean; status: string }> =>
    guard(
      deps,
      job,
      { url: () => (job.data as { english?: { url?: string } } | null)?.english?.url, lang: 'en', signal },
      async () => {
        const data = pairPayload.parse(job.data);
        const values = Object.values(await job.getChildrenValues());
        const failures = Object.values(await job.getIgnoredChildrenFailures());
        return writePairStep(deps, data, { values, failures });
      },
    );
}
