import { ParseError } from '../errors.js';
import type { KoreanPayload } from '../queue/jobs.js';
import type { KoreanArticle } from '../records/article.js';
import type { Source } from '../records/pair.js';
import type { PipelineDeps } from './deps.js';
import { fetchArticle } from './english.js';

/** What the Korean job hands to its pair job (BullMQ stores it as the child's return value). */
export interface KoreanResult {
  record: KoreanArticle | null;
  source: Source | null;
  /** Set when the page was fetched but could not be parsed (the source is still kept). */
  error: { code: string; message: string } | null;
}

/**
 * The Korean step: conditional GET → archive → parse. Fetch errors are thrown (the worker
 * retries them or fails the job, which the pair job sees as an ignored failed child); a parse
 * error is returned with the source, so the pair can still point at the archived bytes.
 */
export async function ingestKorean(deps: PipelineDeps, payload: KoreanPayload, signal?: AbortSignal): Promise<KoreanResult> {
  let fetched;
  try {
    fetched = await fetchArticle(deps, payload.url, 'ko', payload.force === true, signal);
  } catch (err) {
    if (err instanceof ParseError) {
      await deps.store.recordFailure({ url: payload.url, lang: 'ko', code: err.code, message: err.message, attempts: 1 });
      return { record: null, source: null, error: { code: err.code, message: err.message } };
    }
    throw err;
  }
  await deps.store.clearFailure(payload.url);
  return { record: fetched.record as KoreanArticle, source: fetched.source, error: null };
}
