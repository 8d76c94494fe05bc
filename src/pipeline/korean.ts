import { IngestError, isParseFailureCode, ParseError } from '../errors.js';
import type { KoreanPayload } from '../queue/jobs.js';
import type { KoreanArticle } from '../records/article.js';
import type { Source } from '../records/pair.js';
import type { PipelineDeps } from './deps.js';
import { fetchArticle } from './fetch-article.js';

/** What the Korean job hands to its pair job (BullMQ stores it as the child's return value). */
export interface KoreanResult {
  record: KoreanArticle;
  source: Source;
}

/**
 * The Korean job, which runs only when the article job could not read the Korean page itself: conditional GET →
 * parse → store. Every error, a parse error included, is thrown: the worker boundary turns it into the job's failure,
 * and the pair job receives that failure (an ignored failed child) and stores the pair as `korean_failed` with its
 * code. A final failure the article job already saw (`payload.failed`) is thrown as it was, without a fetch.
 */
export async function ingestKorean(deps: PipelineDeps, payload: KoreanPayload, signal?: AbortSignal): Promise<KoreanResult> {
  const seen = payload.failed;
  if (seen) {
    const opts = { url: payload.url, ...(seen.status ? { status: seen.status } : {}) };
    throw isParseFailureCode(seen.code)
      ? new ParseError(seen.code, seen.message, opts)
      : new IngestError(seen.code, seen.message, { ...opts, retryable: seen.retryable });
  }
  const fetched = await fetchArticle(deps, payload.url, 'ko', { force: payload.force === true, signal });
  return { record: fetched.record as KoreanArticle, source: fetched.source };
}
