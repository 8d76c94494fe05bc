import { koreanArticleSchema } from '../records/article.js';
import { sourceSchema } from '../records/pair.js';
import { buildPairRecord } from '../pair/build-pair.js';
import type { PairPayload } from '../queue/jobs.js';
import { errorCodeOf, errorMessageOf } from '../queue/to-job-error.js';
import type { WritePairResult } from '../store/pair-store.js';
import type { PipelineDeps } from './deps.js';

/** What the pair job learned from its Korean child: its return value, or why it failed for good. */
export interface KoreanChildOutcome {
  /** Return values of completed children (normally one). */
  values: unknown[];
  /** Failure reasons of children that failed for good (`[code] message`). */
  failures: string[];
}

/**
 * The pair step: assembles the pair from the English record (in the payload) and the Korean
 * child's outcome, and writes it in one transaction (idempotent upsert; changed content → new revision).
 */
export async function writePairStep(deps: PipelineDeps, payload: PairPayload, child: KoreanChildOutcome): Promise<WritePairResult & { status: string }> {
  let korean = null;
  let koreanSource = null;
  let koreanError: { code: string; message: string } | null = null;
  const value = child.values[0] as { record?: unknown; source?: unknown; error?: { code: string; message: string } | null } | undefined;
  if (value && value.record) {
    korean = koreanArticleSchema.parse(value.record);
    koreanSource = sourceSchema.parse(value.source);
  } else if (value) {
    koreanSource = value.source ? sourceSchema.parse(value.source) : null;
    koreanError = value.error ?? { code: 'korean_failed', message: 'Korean page gave no record' };
  } else if (child.failures.length) {
    const reason = child.failures[0]!;
    koreanError = { code: errorCodeOf(reason), message: errorMessageOf(reason) };
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
  const res = await deps.store.writePair(pair);
  await deps.store.clearFailure(payload.english.url);
  return { ...res, status: pair.pairing.status };
}
