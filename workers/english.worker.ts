import type { Job } from 'bullmq';
import { ingestEnglish, type EnglishResult } from '../src/pipeline/english.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { englishPayload } from '../src/queue/jobs.js';
import { guard, urlOf } from './guard.js';

/** The `english` queue: one article, English page and Korean original, written as a pair (see ingestEnglish). */
export function englishProcessor(deps: PipelineDeps) {
  return (job: Job, token?: string, signal?: AbortSignal): Promise<EnglishResult> =>
    guard(
      deps,
      job,
      { url: () => urlOf(job.data), lang: 'en', signal, token },
      (d) => ingestEnglish(d, englishPayload.parse(job.data), job.id ?? `en-${String(job.data?.articleId)}`, signal),
      (r) => r.koreanUrl,
    );
}
