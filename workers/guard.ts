import type { Job } from 'bullmq';
import { isIngestError } from '../src/errors.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import type { FailureLang } from '../src/store/pair-store.js';
import { errorCodeOf, errorMessageOf, isFinalAttempt, toJobError } from '../src/queue/to-job-error.js';

/**
 * The worker boundary every processor shares: map the error with `toJobError`, pause a host on
 * Retry-After, and record a permanent failure (code + URL) on the job's last attempt, before the
 * job is marked failed (so whoever sees the job finished also sees the failure row).
 */
export async function guard<T>(
  deps: PipelineDeps,
  job: Job,
  failure: { url: () => string | undefined; lang: FailureLang; signal?: AbortSignal | undefined },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // Aborted by shutdown: the job is being handed back (start-workers.ts), so this is no failure of it.
    if (failure.signal?.aborted) throw err;
    const jobErr = toJobError(err);
    if (isIngestError(err) && err.code === 'rate_limited' && err.retryAfterMs && err.url && deps.fetcher.limiter) {
      // The Fetcher pauses on 429 itself; doing it here too covers errors raised elsewhere and never shortens a pause.
      await deps.fetcher.limiter.pause(new URL(err.url).host, err.retryAfterMs).catch(() => undefined);
    }
    const final = isFinalAttempt(jobErr, job.attemptsMade, job.opts.attempts);
    const url = failure.url() ?? (isIngestError(err) ? err.url : undefined) ?? `job:${job.queueName}/${job.id}`;
    const code = errorCodeOf(jobErr);
    deps.logger?.[final ? 'warn' : 'info'](
      { queue: job.queueName, jobId: job.id, url, code, attempt: job.attemptsMade + 1, final },
      final ? 'job failed for good' : 'job failed, will retry',
    );
    if (final) {
      await deps.store
        .recordFailure({ url, lang: failure.lang, code, message: errorMessageOf(jobErr), attempts: job.attemptsMade + 1, jobId: job.id })
        .catch((e: unknown) => deps.logger?.error({ err: e, url }, 'could not record failure'));
    }
    throw jobErr;
  }
}

/** The `url` field of a payload that may not have passed validation. */
export function urlOf(data: unknown): string | undefined {
  const u = (data as { url?: unknown } | null)?.url;
  return typeof u === 'string' ? u : undefined;
}
