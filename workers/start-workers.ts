import { WaitingError, Worker, type Job, type Processor } from 'bullmq';
import type { Config } from '../config/config.js';
import type { Logger } from '../src/log.js';
import { openDeps, type OpenDeps } from '../src/pipeline/open-deps.js';
import { bullConnection, throttledErrorLog } from '../src/queue/connection.js';
import { decodeFailure } from '../src/failure.js';
import { backoffStrategy, bullMaxStalled } from '../src/queue/jobs.js';
import { failureOfFailedJob } from '../src/queue/to-job-error.js';
import { QUEUE_NAMES, QueueName } from '../src/queue/names.js';
import { discoverProcessor } from './discover.worker.js';
import { englishProcessor } from './english.worker.js';
import { koreanProcessor } from './korean.worker.js';
import { pairProcessor } from './pair.worker.js';
import { urlOf } from './guard.js';

export interface StartWorkersOptions {
  config: Config;
  /** @defaultValue every queue */
  queues?: readonly QueueName[] | undefined;
  /** Jobs in flight per queue. @defaultValue config.concurrency */
  concurrency?: number | undefined;
  /** BullMQ job lock; a crashed worker's jobs come back after it expires. @defaultValue 30_000 */
  lockDurationMs?: number | undefined;
  /** How often stalled jobs are looked for. @defaultValue 30_000 */
  stalledIntervalMs?: number | undefined;
  logger?: Logger | undefined;
  /** Reuse already-open dependencies (closed by `close()` all the same). */
  deps?: OpenDeps | undefined;
}

export interface RunningWorkers {
  workers: Worker[];
  deps: OpenDeps;
  /**
   * Stops taking jobs, lets in-flight jobs finish within `timeoutMs`, then hands the rest back
   * (aborted, moved to `wait` for another worker, no attempt used), and closes everything.
   */
  close(timeoutMs?: number): Promise<{ forced: boolean }>;
}

/** Reason given to `cancelAllJobs` on shutdown. */
const SHUTDOWN = 'shutdown';
/** How long handing back (one Redis round trip per job) may take before we close anyway. */
const HAND_BACK_MS = 5_000;

/**
 * Wraps a processor so that when BullMQ aborts the job's signal (shutdown), the job goes back
 * to `wait` at once (`WaitingError`: not a failure, no attempt used) while its work is dropped.
 * Waiting for the lock to lapse instead would leave it idle for lockDuration and count a stall.
 */
function handBackOnAbort(processor: Processor, logger?: Logger): Processor {
  return (job: Job, token?: string, signal?: AbortSignal) => {
    const work = processor(job, token, signal);
    if (!signal || !token) return work;
    return new Promise((resolve, reject) => {
      let decided = false;
      const onAbort = () => {
        if (decided) return;
        decided = true;
        // Handing back is no failure of the job whether or not it worked: when Redis refuses the move, the job
        // keeps its lock until the lock lapses and another worker takes it as stalled; never fail it for this.
        job.moveToWait(token).then(
          () => reject(new WaitingError()),
          (err: unknown) => {
            logger?.warn({ queue: job.queueName, jobId: job.id, err: String(err) }, 'could not hand a job back; it returns when its lock lapses');
            reject(new WaitingError());
          },
        );
      };
      const settle = (fn: () => void) => {
        signal.removeEventListener('abort', onAbort);
        if (decided) return; // already handed back: the late result is dropped
        decided = true;
        fn();
      };
      work.then(
        (v) => settle(() => resolve(v)),
        (err: unknown) => settle(() => reject(err)),
      );
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  };
}

/** Starts one BullMQ worker per queue in this process; any number of processes can share one Redis. */
export async function startWorkers(opts: StartWorkersOptions): Promise<RunningWorkers> {
  const { config, logger } = opts;
  const deps = opts.deps ?? (await openDeps(config, logger));
  const processors: Record<QueueName, Processor> = {
    discover: discoverProcessor(deps),
    english: englishProcessor(deps),
    korean: koreanProcessor(deps),
    pair: pairProcessor(deps),
  };
  const names = opts.queues ?? QUEUE_NAMES;
  const workers = names.map((name) => {
    const w = new Worker(name, handBackOnAbort(processors[name], logger), {
      connection: bullConnection(config),
      prefix: config.queuePrefix,
      concurrency: opts.concurrency ?? config.concurrency,
      settings: { backoffStrategy },
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      // Above MAX_JOB_STALLS: a job that stalled that often fails in guard.ts (typed, recorded) at its next start,
      // before BullMQ would fail it itself with an untyped reason.
      maxStalledCount: bullMaxStalled(config.maxJobStalls),
    });
    w.on('error', throttledErrorLog(`worker ${name}`, logger));
    w.on('failed', (job: Job | undefined) => {
      if (!job?.finishedOn) return; // a retry is scheduled
      // The failure was logged and recorded by the worker boundary (guard.ts); only BullMQ's own failures
      // (which never reach a processor) are news here.
      const failure = failureOfFailedJob(job, { maxStalledCount: bullMaxStalled(config.maxJobStalls), url: urlOf(job.data) });
      if (decodeFailure(job.failedReason) === null) {
        logger?.error({ queue: name, jobId: job.id, code: failure.code, reason: job.failedReason }, 'BullMQ failed the job itself (no failure row recorded)');
      }
      // An English job of a crawl run that ran out of attempts on a *retryable* failure (site down, timeouts) must
      // not keep its id for the retention period, or every later crawl would skip the article; its failure stays
      // recorded in the store until a later crawl succeeds. Kept: permanent failures (404, parse errors, stalls:
      // a later crawl would fail or stall the same way) and manual enqueues (the user sees the failure and may --force).
      if (name === QueueName.english && failure.retryable && (job.data as { runId?: unknown }).runId !== undefined) {
        job.remove().catch((e: unknown) => logger?.warn({ jobId: job.id, err: String(e) }, 'could not release a failed job'));
      }
    });
    return w;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  let closing: Promise<{ forced: boolean }> | undefined;
  return {
    workers,
    deps,
    close(timeoutMs = config.shutdownTimeoutMs) {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = (ms: number) => new Promise<boolean>((res) => (timer = setTimeout(() => res(true), ms)));
        const graceful = Promise.all(workers.map((w) => w.close())).then(() => false);
        const forced = await Promise.race([graceful, deadline(timeoutMs)]);
        clearTimeout(timer);
        if (forced) {
          // w.close(true) would only await the graceful close already under way (BullMQ returns the
          // same promise), so abort the jobs instead: each goes back to `wait` and its processor returns.
          for (const w of workers) w.cancelAllJobs(SHUTDOWN);
          await Promise.race([graceful, deadline(HAND_BACK_MS)]);
          clearTimeout(timer);
        }
        await deps.close({ force: forced });
        return { forced };
      })();
      return closing;
    },
  };
}
