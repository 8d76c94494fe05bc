import type { Producer } from './producer.js';
import { pairJobId } from './jobs.js';

/**
 * Waits until each English job and its follow-up (the pair job of its flow, when it has one)
 * has finished, calling `onDone` once per English job with its outcome: the stored pair's status
 * (`paired`, `korean_failed`, `no_korean_link`), `unchanged`, `failed`, `pair failed`, or `unknown`
 * (removed by retention before we looked). Polls job states; no events needed.
 */
export async function waitForEnglishJobs(
  producer: Producer,
  jobIds: readonly string[],
  opts: { pollMs?: number; onDone?: (jobId: string, outcome: string) => void } = {},
): Promise<Record<string, string>> {
  const pollMs = opts.pollMs ?? 250;
  const left = new Set(jobIds);
  const result: Record<string, string> = {};
  const done = (id: string, outcome: string) => {
    left.delete(id);
    result[id] = outcome;
    opts.onDone?.(id, outcome);
  };
  while (left.size) {
    for (const id of [...left]) {
      const job = await producer.queues.english.getJob(id);
      if (!job) {
        done(id, 'unknown');
        continue;
      }
      const state = await job.getState();
      if (state === 'failed') done(id, 'failed');
      else if (state === 'completed') {
        const outcome = (job.returnvalue as { outcome?: string } | null)?.outcome;
        if (outcome !== 'korean_enqueued') {
          done(id, outcome ?? 'completed');
          continue;
        }
        const pair = await producer.queues.pair.getJob(pairJobId(id));
        const pairState = pair ? await pair.getState() : 'unknown';
        // The pair job returns the status it stored (paired, or korean_failed when the Korean side failed).
        if (pairState === 'completed') done(id, (pair?.returnvalue as { status?: string } | null)?.status ?? 'paired');
        else if (pairState === 'failed' || pairState === 'unknown') done(id, `pair ${pairState}`);
      }
    }
    if (left.size) await new Promise((res) => setTimeout(res, pollMs));
  }
  return result;
}

/** `articles: 3 (paired 2, failed 1)`: what the waited-for jobs ended with, counted by outcome. */
export function formatJobOutcomes(label: string, outcomes: Record<string, string>): string {
  const counts = new Map<string, number>();
  for (const o of Object.values(outcomes)) counts.set(o, (counts.get(o) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o} ${n}`);
  return `${label}: ${Object.keys(outcomes).length}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
