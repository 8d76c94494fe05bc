import { DelayedError, type Job } from 'bullmq';
import { IngestError, ParseError, isIngestError, isParseFailureCode } from '../src/errors.js';
import { failureOf, type Failure, type FailureLang } from '../src/failure.js';
import { PolitenessWait } from '../src/fetch/http-policy.js';
import { events } from '../src/observe/events.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { runProgressOf } from '../src/status/run-progress.js';
import { isFinalAttempt, toJobError } from '../src/queue/to-job-error.js';

/** Where a job's failure is filed: the page it is about, and which kind of page. */
export interface GuardTarget {
  /** The job's page (from its payload, which may not have passed validation). */
  url: () => string | undefined;
  lang: FailureLang;
  signal?: AbortSignal | undefined;
  /** The job's lock token: lets a long politeness wait go back to Redis as a delayed job (no attempt used). */
  token?: string | undefined;
}

/** Another page the job read successfully (the article job's Korean original): its failure rows are cleared too. */
type AlsoRead<T> = (result: T) => string | undefined;

/**
 * The worker boundary every processor shares, and the ONE place failure rows are written:
 * - success: the page's failure rows are cleared (it answers now), and those of any other page the job read;
 * - failure: the error becomes a {@link Failure} (failureOf), the attempt
 *   is logged once, and on the last attempt the failure is recorded, before BullMQ marks the job failed
 *   (so whoever sees the job finished also sees the row); then it is thrown to BullMQ encoded (toJobError);
 * - either way, once the job is finished for good, the status tables learn of it (the crawl run's counts, and a
 *   page that did not parse), see {@link noteStatus}.
 * A job that already stopped its worker MAX_JOB_STALLS times fails here as `stalled` without running:
 * BullMQ's own stall limit is set above ours (start-workers.ts), so this failure, too, is typed and recorded.
 */
export async function guard<T>(
  shared: PipelineDeps,
  job: Job,
  target: GuardTarget,
  run: (deps: PipelineDeps) => Promise<T>,
  alsoRead?: AlsoRead<T>,
): Promise<T> {
  const fallbackUrl = `job:${job.queueName}/${job.id}`;
  // Every line the job logs carries its queue, job id, page and language.
  const deps = jobScoped(shared, job, target);
  try {
    if (job.stalledCounter >= deps.config.maxJobStalls) {
      throw new IngestError('stalled', `the job stopped its worker ${job.stalledCounter} times (crash, kill or hang); not run again`);
    }
    const result = await run(deps);
    await deps.store.clearFailure(target.url() ?? fallbackUrl);
    const other = alsoRead?.(result);
    if (other) await deps.store.clearFailure(other);
    await noteStatus(deps, job, target.lang, 'done');
    return result;
  } catch (err) {
    // Aborted by shutdown: the job is being handed back (start-workers.ts), so this is no failure of it.
    if (target.signal?.aborted) throw err;
    // Our own politeness wait was too long to sleep through: nothing was sent and nothing failed. The job waits in
    // Redis (delayed, no attempt used) instead of holding a worker slot, where every worker restart would hit it.
    if (err instanceof PolitenessWait && target.token && err.retryAfterMs !== undefined) {
      await job.moveToDelayed(Date.now() + err.retryAfterMs, target.token);
      deps.logger?.debug({ waitMs: err.retryAfterMs }, 'politeness wait handed back to the queue');
      throw new DelayedError();
    }
    const url = target.url() ?? (isIngestError(err) ? err.url : undefined) ?? fallbackUrl;
    const failure = failureOf(err, { url, attempts: job.attemptsMade + 1, lang: target.lang });
    const retryAfterMs = isIngestError(err) ? err.retryAfterMs : undefined;
    // No host pause here: the Fetcher pauses the whole fleet on a 429/503 itself (pauseAll), and a `rate_limited`
    // raised by our own politeness wait ("the queue for this host is too long") must not push the host back further.
    const final = isFinalAttempt(failure, job.attemptsMade, job.opts.attempts);
    if (final && err instanceof ParseError && target.lang !== 'discover' && events.parseFailure.hasSubscribers) {
      events.parseFailure.publish({ lang: target.lang, code: err.code, url });
    }
    deps.logger?.[final ? 'warn' : 'info'](
      { code: failure.code, status: failure.status, attempt: failure.attempts, final, err: failure.code === 'internal' ? err : undefined },
      final ? `job failed for good: ${failure.message}` : `job failed, will retry: ${failure.message}`,
    );
    if (final) {
      await record(deps, failure, job.id);
      await noteStatus(deps, job, target.lang, 'failed', failure.code);
    }
    throw toJobError(failure, retryAfterMs, err);
  }
}

/** The shared dependencies with a logger whose lines name the job (queue, job id, page URL, language). */
function jobScoped(deps: PipelineDeps, job: Job, target: GuardTarget): PipelineDeps {
  if (!deps.logger) return deps;
  const url = target.url();
  return { ...deps, logger: deps.logger.child({ queue: job.queueName, jobId: job.id, lang: target.lang, ...(url ? { url } : {}) }) };
}

/** Records a failure; a store that cannot take it is logged (the job's own failure still goes to BullMQ). */
async function record(deps: PipelineDeps, failure: Failure, jobId: string | undefined): Promise<void> {
  await deps.store
    .recordFailure({ ...failure, lang: failure.lang ?? 'en', jobId })
    .catch((e: unknown) => deps.logger?.error({ err: e, url: failure.url, code: failure.code }, 'could not record failure'));
}

/**
 * Status bookkeeping for a job finished for good: its crawl run's counts and last activity, and a parse failure of
 * an article page (the page itself was counted as fetched in fetchArticle). Never fails the job: a store that cannot
 * take it is logged.
 */
async function noteStatus(deps: PipelineDeps, job: Job, lang: FailureLang, outcome: 'done' | 'failed', code?: string): Promise<void> {
  const progress = runProgressOf(job, outcome);
  const parseFailed = code !== undefined && (lang === 'en' || lang === 'ko') && isParseFailureCode(code);
  try {
    if (progress) await deps.store.runActivity(progress.runId, progress.delta);
    if (parseFailed) await deps.store.countPage(lang, { parseFailed: 1 });
  } catch (e) {
    deps.logger?.error({ err: e, jobId: job.id }, 'could not update the status tables');
  }
}

/** The `url` field of a payload that may not have passed validation. */
export function urlOf(data: unknown): string | undefined {
  const u = (data as { url?: unknown } | null)?.url;
  return typeof u === 'string' ? u : undefined;
}
