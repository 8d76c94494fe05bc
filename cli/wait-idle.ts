import { SCHEDULER_ID } from '../src/queue/names.js';
import type { Producer } from '../src/queue/producer.js';

export interface Progress {
  /**
   * Jobs finished (completed + failed) over all queues since the wait began, as far as Redis still holds them:
   * finished jobs are kept only briefly (RETENTION), so on a long wait this undercounts.
   */
  done: number;
  /** Jobs not finished yet. */
  pending: number;
}

/**
 * Resolves once no queue has unfinished jobs (waiting, delayed retries, active, or parents
 * waiting for children), seen twice in a row. Follow-up jobs are always added before the job
 * that creates them completes, so "nothing pending" really means the crawl is over. The scheduler's
 * next tick (a delayed job) does not count.
 */
export async function waitForIdle(
  producer: Producer,
  opts: { pollMs?: number; timeoutMs?: number; onProgress?: (p: Progress) => void; signal?: AbortSignal } = {},
): Promise<Progress> {
  const pollMs = opts.pollMs ?? 200;
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let idleSeen = 0;
  let before: number | undefined;
  for (;;) {
    // The scheduler's tick is read BEFORE the counts: a tick that fires in between is then counted as waiting
    // work and its successor cancelled against it (never a false idle), whereas reading it after could cancel a
    // real delayed retry against a tick that did not exist when the counts were taken.
    const ticks = await scheduledTicks(producer);
    // Queues are counted in pipeline order (discover → english → korean → pair; a job adds its follow-ups
    // before it completes, to its own queue or a later one): a follow-up added after its queue was counted
    // comes from a job still pending when its own, earlier, queue was counted, so pending work is never missed.
    const counts = await producer.counts();
    let pending = 0;
    let done = 0;
    for (const c of Object.values(counts)) {
      pending += (c['wait'] ?? 0) + (c['delayed'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) + (c['waiting-children'] ?? 0);
      done += (c['completed'] ?? 0) + (c['failed'] ?? 0);
    }
    // The scheduler always keeps its next tick as a delayed job: that is not unfinished work.
    if (pending > 0) pending -= Math.min(ticks, counts.discover['delayed'] ?? 0);
    // Count only jobs finished during this wait (a rough figure: finished jobs are trimmed by retention).
    before ??= done;
    const p = { done: Math.max(0, done - before), pending };
    opts.onProgress?.(p);
    if (pending === 0) {
      if (++idleSeen >= 2) return p;
    } else idleSeen = 0;
    if (opts.signal?.aborted) throw new Error('aborted');
    if (Date.now() > deadline) throw new Error(`queues not idle after ${opts.timeoutMs} ms (${pending} jobs pending)`);
    await new Promise((res) => setTimeout(res, pollMs));
  }
}

/** Delayed jobs that are the scheduler's next tick (id `repeat:<schedulerId>:<millis>`). */
async function scheduledTicks(producer: Producer): Promise<number> {
  const delayed = await producer.queues.discover.getJobs(['delayed'], 0, 50);
  return delayed.filter((j) => j.id?.startsWith(`repeat:${SCHEDULER_ID}:`)).length;
}
