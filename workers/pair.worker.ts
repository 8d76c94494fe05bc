import type { Job } from 'bullmq';
import { decodeFailure, type Failure } from '../src/failure.js';
import { writePairStep } from '../src/pipeline/pair.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { pairPayload } from '../src/queue/jobs.js';
import { guard } from './guard.js';

/**
 * The failure of a Korean child that failed for good, from the failure reason BullMQ hands the parent. Every
 * failure our workers throw decodes (stalls included: workers/guard.ts fails them itself); a reason that does
 * not (a worker of an older version) is kept as an `internal` failure with the reason as its message.
 */
function childFailure(reason: string, koreanUrl: string): Failure {
  return decodeFailure(reason) ?? { code: 'internal', retryable: false, message: reason, url: koreanUrl, attempts: 1, lang: 'ko' };
}

/** The `pair` queue: runs once its Korean child finished (or failed for good) and writes the pair. */
export function pairProcessor(deps: PipelineDeps) {
  return (job: Job, token?: string, signal?: AbortSignal): Promise<{ pairId: string; revision: number; changed: boolean; status: string }> =>
    guard(deps, job, { url: () => (job.data as { english?: { url?: string } } | null)?.english?.url, lang: 'en', signal, token }, async (d) => {
      const data = pairPayload.parse(job.data);
      const values = Object.values(await job.getChildrenValues());
      const failures = Object.values(await job.getIgnoredChildrenFailures()).map((r) => childFailure(r, data.koreanUrl));
      return writePairStep(d, data, { values, failures });
    });
}
