import type { Queue } from 'bullmq';
import type { Producer } from '../src/queue/producer.js';
import { pairJobId } from '../src/queue/jobs.js';

/**
 * Waits until each English job and its follow-up (the pair job of its flow, when it has one)
 * has finished, calling `onDone` once per English job with its outcome: the stored pair's status
 * (`paired`, `korean_failed`, `no_korean_link`), `unchanged`, `failed`, `pair failed`, or `unknown`
 * (removed by retention before we looked, and not in the store either). Polls job states; no events needed.
 */
export async function waitForEnglishJobs(
  producer: Producer,
  jobIds: readonly string[],
  opts: {
    pollMs?: number;
    onDone?: (jobId: string, outcome: string) => void;
    /** The stored pair's status of an article: asked when its job is gone (finished jobs are kept only briefly). */
    storedStatus?: (articleId: string) => Promise<string | null>;
  } = {},
): Promise<Record<string, string>> {
  const pollMs = opts.pollMs ?? 250;
  const left = new Set(jobIds);
  const result: Record<string, string> = {};
  const done = (id: string, outcome: string) => {
    left.delete(id);
    result[id] = outcome;
    opts.onDone?.(id, outcome);
  };
  /** The stored pair's status of the English job's article (its id is in the job id), else `fallback`. */
  const storedOr = async (id: string, fallback: string): Promise<string> => {
    const articleId = /^en-(\d+)/.exec(id)?.[1];
    return (articleId && (await opts.storedStatus?.(articleId))) || fallback;
  };
  while (left.size) {
    for (const id of [...left]) {
      const english = await finished(producer.queues.english, id);
      if (english === 'pending') continue;
      if (english === 'unknown') {
        done(id, await storedOr(id, 'unknown'));
        continue;
      }
      if (english.state === 'failed') {
        done(id, 'failed');
        continue;
      }
      const outcome = (english.returnvalue as { outcome?: string } | null)?.outcome;
      if (outcome !== 'korean_enqueued') {
        done(id, outcome ?? 'completed');
        continue;
      }
      const pair = await finished(producer.queues.pair, pairJobId(id));
      if (pair === 'pending') continue;
      // The pair job returns the status it stored (paired, or korean_failed when the Korean side failed).
      if (pair === 'unknown') done(id, await storedOr(id, 'pair unknown'));
      else if (pair.state === 'failed') done(id, 'pair failed');
      else done(id, (pair.returnvalue as { status?: string } | null)?.status ?? 'paired');
    }
    if (left.size) await new Promise((res) => setTimeout(res, pollMs));
  }
  return result;
}

/**
 * A job once it is finished, read AFTER its state was seen final: a copy fetched before `getState()` may
 * predate the completion and lack the return value (`completed` instead of `paired`). `pending` while it
 * runs or waits; `unknown` when there is no such job (never added, or removed by retention or release).
 */
async function finished(queue: Queue, id: string): Promise<{ state: 'completed' | 'failed'; returnvalue: unknown } | 'pending' | 'unknown'> {
  const state = await queue.getJobState(id);
  if (state === 'unknown') return 'unknown';
  if (state !== 'completed' && state !== 'failed') return 'pending';
  // Finished is final for this job id (a retry is `delayed`, not `failed`), so this copy has its result.
  const job = await queue.getJob(id);
  if (!job) return 'unknown';
  return { state, returnvalue: job.returnvalue };
}

/** `articles: 3 (paired 2, failed 1)`: what the waited-for jobs ended with, counted by outcome. */
export function formatJobOutcomes(label: string, outcomes: Record<string, string>): string {
  const counts = new Map<string, number>();
  for (const o of Object.values(outcomes)) counts.set(o, (counts.get(o) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o} ${n}`);
  return `${label}: ${Object.keys(outcomes).length}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
