import type { Job } from 'bullmq';
import { ingestKorean, type KoreanResult } from '../src/pipeline/korean.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { koreanPayload } from '../src/queue/jobs.js';
import { guard, urlOf } from './guard.js';

/** The `korean` queue: fetch + parse the Korean original; the result goes to the parent pair job. */
export function koreanProcessor(deps: PipelineDeps) {
  return (job: Job, token?: string, signal?: AbortSignal): Promise<KoreanResult> =>
    guard(deps, job, { url: () => urlOf(job.data), lang: 'ko', signal, token }, (d) => ingestKorean(d, koreanPayload.parse(job.data), signal));
}
