import { createHash } from 'node:crypto';
import { isIngestError } from '../errors.js';
import { failureOf } from '../failure.js';
import { PolitenessWait } from '../fetch/http-policy.js';
import { parseKoreanArticleUrl } from '../normalize/article-url.js';
import { buildPairRecord } from '../pair/build-pair.js';
import { computeBackoff, type EnglishPayload } from '../queue/jobs.js';
import { isFinalAttempt } from '../queue/to-job-error.js';
import type { EnglishArticle, KoreanArticle } from '../records/article.js';
import { admitArticles, englishPayloads, robotsAllowed, windowOfPayload } from './admit-links.js';
import { MAX_FOLLOW_HOPS, type PipelineDeps } from './deps.js';
import { fetchArticle, type FetchedArticle } from './fetch-article.js';
import { storePair } from './store-pair.js';

export type EnglishOutcome =
  /** 304 and the pair is already stored: nothing to do. */
  | 'unchanged'
  /** No `한국어` link: the pair was written directly. */
  | 'no_korean_link'
  /** Both pages read in this job and the pair written. */
  | 'paired'
  /** The Korean page failed here: it went to its own job (own retries and failure record) with the pair job. */
  | 'korean_enqueued';

export interface EnglishResult {
  outcome: EnglishOutcome;
  pairId: string;
  /** New English links harvested from the page (config.followArticleLinks). */
  followed: number;
  /** The Korean original read in this job (outcome `paired`). */
  koreanUrl?: string;
}

/** A short stable id for a Korean URL that has no article id (should not happen with valid links). */
function koreanKey(url: string): string {
  return parseKoreanArticleUrl(url)?.articleId ?? `u${createHash('sha1').update(url).digest('hex').slice(0, 16)}`;
}

/**
 * The article step, one job per pair: the English page (conditional GET → parse → one store write), its links
 * harvested from the same parse, then the Korean original it links to, read in the same job, and the pair written.
 * When the Korean page fails here, it is handed to its own Korean job plus pair job (a BullMQ flow), which retry it
 * with backoff, record its failure and write the pair (`korean_failed` when it fails for good) exactly as before; a
 * failure seen here counts as the Korean page's first attempt: a final one travels in the Korean job's payload (the page
 * is not fetched a second time), otherwise the Korean job gets the attempts left.
 * A crash anywhere re-runs the job: the English page then answers 304 and its stored record is reused.
 * `jobId` is this English job's id (the follow-up job ids derive from it); `signal` aborts the fetches (shutdown).
 */
export async function ingestEnglish(deps: PipelineDeps, payload: EnglishPayload, jobId: string, signal?: AbortSignal): Promise<EnglishResult> {
  const force = payload.force === true;
  const harvest = deps.config.followArticleLinks && (payload.hops ?? 0) < MAX_FOLLOW_HOPS;
  const fetched = await fetchArticle(deps, payload.url, 'en', { force, links: harvest, signal });
  const english = fetched.record as EnglishArticle;
  const pairId = `en-${english.articleId}`;
  if (fetched.reused) {
    const existing = await deps.store.getPair(pairId);
    // Unchanged page and a stored pair: a 304 costs nothing more. A stored korean_failed pair is retried.
    if (existing && existing.provenance.english.bodySha256 === fetched.source.bodySha256 && existing.pairing.status !== 'korean_failed') {
      // A refresh goes on to recheck the Korean original, which may be updated while the English page is not
      // (its conditional GET and the content hash keep an unchanged pair from becoming a revision).
      if (!payload.refresh || english.koreanUrl === null) return { outcome: 'unchanged', pairId, followed: 0 };
    }
  }
  const followed = fetched.links.length ? await follow(deps, payload, english, fetched) : 0;

  if (english.koreanUrl === null) {
    await writePair(deps, fetched, null);
    return { outcome: 'no_korean_link', pairId, followed };
  }
  let korean: FetchedArticle;
  try {
    korean = await fetchArticle(deps, english.koreanUrl, 'ko', { force, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    await handOnKorean(deps, payload, jobId, fetched, err);
    return { outcome: 'korean_enqueued', pairId, followed };
  }
  await writePair(deps, fetched, korean);
  return { outcome: 'paired', pairId, followed, koreanUrl: english.koreanUrl };
}

/** Enqueues the new English links of an article page (followed up to MAX_FOLLOW_HOPS from a discovery page). */
async function follow(deps: PipelineDeps, payload: EnglishPayload, english: EnglishArticle, fetched: FetchedArticle): Promise<number> {
  const window = windowOfPayload(payload);
  const links = await robotsAllowed(
    deps,
    admitArticles(
      deps,
      fetched.links.filter((a) => a.articleId !== english.articleId),
      window,
    ),
  );
  const jobs = await englishPayloads(deps, links, { ...(payload.runId ? { runId: payload.runId } : {}), hops: (payload.hops ?? 0) + 1, ...window });
  await deps.enqueue.addEnglish(jobs);
  return jobs.length;
}

async function writePair(deps: PipelineDeps, english: FetchedArticle, korean: FetchedArticle | null): Promise<void> {
  const pair = buildPairRecord({
    english: english.record as EnglishArticle,
    korean: korean ? (korean.record as KoreanArticle) : null,
    englishSource: english.source,
    koreanSource: korean ? korean.source : null,
    koreanError: null,
    parserVersion: deps.parser.version,
    now: deps.now().toISOString(),
  });
  await storePair(deps, pair);
}

/** The Korean page failed in the article job: its own job (and the pair job after it) take over. */
async function handOnKorean(deps: PipelineDeps, payload: EnglishPayload, jobId: string, english: FetchedArticle, err: unknown): Promise<void> {
  const record = english.record as EnglishArticle;
  const koreanUrl = record.koreanUrl!;
  const force = payload.force === true;
  // This was the Korean page's first attempt. A permanent failure, or a retryable one with no attempt left, is final:
  // the Korean job records it as it is, without fetching the page again. Otherwise the job has the attempts left,
  // the first after the backoff a retry would have waited.
  const failure = failureOf(err, { url: koreanUrl, attempts: 1, lang: 'ko' });
  // Our own politeness wait (too long to sleep through here) sent nothing: it uses no attempt.
  const waited = err instanceof PolitenessWait;
  const attemptsLeft = deps.config.attempts - (waited ? 0 : 1);
  // The workers' own retry decision, for an attempt that was the first (attemptsMade 0).
  const final = waited ? !failure.retryable : isFinalAttempt(failure, 0, deps.config.attempts);
  const failed = final
    ? { code: failure.code, message: failure.message, retryable: failure.retryable, ...(failure.status ? { status: failure.status } : {}) }
    : undefined;
  const retryAfterMs = isIngestError(err) ? err.retryAfterMs : undefined;
  deps.logger?.info({ koreanUrl, code: failure.code, final }, 'Korean page handed to its own job');
  await deps.enqueue.addPairFlow(
    {
      englishId: record.articleId,
      englishJobId: jobId,
      english: record,
      englishSource: english.source,
      koreanUrl,
      parserVersion: deps.parser.version,
    },
    { url: koreanUrl, englishId: record.articleId, englishUrl: record.url, ...(force ? { force } : {}), ...(failed ? { failed } : {}) },
    koreanKey(koreanUrl),
    {
      refresh: payload.refresh !== undefined && !force,
      ...(final
        ? {}
        : { koreanAttemptsLeft: attemptsLeft, koreanDelayMs: waited ? (retryAfterMs ?? 0) : computeBackoff(1, deps.config.backoffMs, { retryAfterMs }) }),
    },
  );
}
