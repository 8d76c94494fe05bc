import type { KoreanPayload } from '../queue/jobs.js';
import type { KoreanArticle } from '../records/article.js';
import type { Source } from '../records/pair.js';
import type { PipelineDeps } from './deps.js';
import { fetchArticle } from './english.js';

/** What the Korean job hands to its pair job (BullMQ stores it as the child's return value). */
export interface KoreanResult {
  record: KoreanArticle;
  source: Source;
}

/**
 * The Korean step: conditional GET → archive → parse. Every error, a parse error included, is thrown: the
 * worker boundary turns it into the job's failure, and the pair job receives that failure (an ignored
 * failed child) and stores the pair as `korean_failed` with its code.
 */
export async function ingestKorean(deps: PipelineDeps, payload: KoreanPayload, signal?: AbortSignal): Promise<KoreanResult> {
  const fetched = await fetchArticle(deps, payload.url, 'ko', payload.force === true, signal);
  return { record: fetched.record as KoreanArticle, source: fetched.source };
}
