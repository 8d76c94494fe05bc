import type { Producer } from './producer.js';
import { pairJobId } from './jobs.js';

/**
 * Waits until each English job and its follow-up (the pair job of its flow, when it has one)
 * has finished, calling `onDone` once per English job. Polls job states; no events needed.
 */
export async function waitForEnglishJobs(
  producer: Producer,
  jobIds: readonly string[],
  opts: { pollMs?: number; onDone?: (jobId: string, state: string) => void } = {},
): Promise<Record<string, string>> {
  const pollMs = opts.pollMs ?? 250;
  const left = new Set(jobIds);
  const result: Record<string, string> = {};
  while (left.size) {
    for (const id of [...left]) {
      const job = await producer.queues.english.getJob(id);
      if (!job) {
        // Removed by retention before we looked: count it as done.
        left.delete(id);
        result[id] = 'unknown';
        opts.onDone?.(id, 'unknown');
        continue;
      }
      const state = await job.getState();
      if (state === 'failed') {
        left.delete(id);
        result[id] = 'failed';
        opts.onDone?.(id, 'failed');
      } else if (state === 'completed') {
        const outcome = (job.returnvalue as { outcome?: string } | null)?.outcome;
        if (outcome !== 'korean_enqueued') {
          left.delete(id);
          result[id] = outcome ?? 'completed';
          opts.onDone?.(id, result[id]);
          continue;
        }
        const pair = await producer.queues.pair.getJob(pairJobId(id));
        const pairState = pair ? await pair.getState() : 'unknown';
        if (pairState === 'completed' || pairState === 'failed' || pairState === 'unknown') {
          left.delete(id);
          result[id] = pairState === 'completed' ? 'paired' : `pair ${pairState}`;
          opts.onDone?.(id, result[id]);
        }
      }
    }
    if (left.size) await new Promise((res) => setTimeout(res, pollMs));
  }
  return result;
}
