import type { Failure } from '../failure.js';
import { koreanArticleSchema } from '../records/article.js';
import { sourceSchema } from '../records/pair.js';
import { buildPairRecord } from '../pair/build-pair.js';
import type { PairPayload } from '../queue/jobs.js';
import type { WritePairResult } from '../store/pair-store.js';
import type { PipelineDeps } from './deps.js';
import { storePair } from './store-pair.js';

/** What the pair job learned from its Korean child: its return value, or why it failed for good. */
export interface KoreanChildOutcome {
  /** Return values of completed children (normally one). */
  values: unknown[];
  /** Failures of children that failed for good (decoded from their failure reasons by the pair worker). */
  failures: Failure[];
}

/**
 * The pair step: assembles the pair from the English record (in the payload) and the Korean
 * child's outcome, and writes it in one transaction (idempotent upsert; changed content → new revision).
 * A Korean child that failed for good makes a `korean_failed` pair carrying the failure's code, unless the
 * failure is retryable and the pair already has its Korean record (kept: see below).
 */
export async function writePairStep(deps: PipelineDeps, payload: PairPayload, child: KoreanChildOutcome): Promise<WritePairResult & { status: string }> {
  let korean = null;
  let koreanSource = null;
  let koreanError: { code: string; message: string } | null = null;
  const value = child.values[0] as { record?: unknown; source?: unknown } | undefined;
  const failure = child.failures[0];
  if (value) {
    korean = koreanArticleSchema.parse(value.record);
    koreanSource = sourceSchema.parse(value.source);
  } else if (failure?.retryable) {
    // The Korean page could not be read *now* (site down, timeouts: retries ran out). A Korean record already
    // stored for this pair stands: a recheck during an outage must not turn a paired record into korean_failed
    // (exports by status would drop it). The failure itself is recorded against the Korean URL.
    const stored = await deps.store.getPair(`en-${payload.english.articleId}`);
    if (stored?.korean && stored.provenance.korean && stored.english.koreanUrl === payload.koreanUrl) {
      korean = stored.korean;
      koreanSource = stored.provenance.korean;
    } else koreanError = { code: failure.code, message: failure.message };
  } else if (failure) {
    koreanError = { code: failure.code, message: failure.message };
  } else {
    koreanError = { code: 'korean_failed', message: 'the Korean job left no result' };
  }
  const pair = buildPairRecord({
    english: payload.english,
    korean,
    englishSource: payload.englishSource,
    koreanSource,
    koreanError,
    parserVersion: payload.parserVersion,
    now: deps.now().toISOString(),
  });
  const res = await storePair(deps, pair);
  return { ...res, status: pair.pairing.status };
}
