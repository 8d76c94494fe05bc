import { events } from '../observe/events.js';
import type { PairRecord } from '../records/pair.js';
import type { WritePairResult } from '../store/pair-store.js';
import type { PipelineDeps } from './deps.js';

/**
 * Writes one pair (one transaction; same content → nothing written) and reports it: one info log line per stored
 * pair (pair id, status, verdict, revision, whether it changed, milliseconds) and a `pairWritten` event for metrics.
 */
export async function storePair(deps: PipelineDeps, pair: PairRecord): Promise<WritePairResult> {
  const started = performance.now();
  const res = await deps.store.writePair(pair);
  const durationMs = performance.now() - started;
  const change = !res.changed ? 'unchanged' : res.revision === 1 ? 'new' : 'revised';
  const verdict = pair.pairing.verdict ?? null;
  deps.logger?.info(
    { pairId: res.pairId, articleId: pair.english.articleId, status: pair.pairing.status, verdict, revision: res.revision, change, ms: Math.round(durationMs) },
    change === 'unchanged' ? 'pair unchanged' : 'pair stored',
  );
  if (events.pairWritten.hasSubscribers) {
    events.pairWritten.publish({ pairId: res.pairId, status: pair.pairing.status, verdict, revision: res.revision, change, durationMs });
  }
  return res;
}
