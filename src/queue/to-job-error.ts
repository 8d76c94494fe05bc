import { UnrecoverableError } from 'bullmq';
import { IngestError, type IngestErrorCode } from '../errors.js';
import { decodeFailure, encodeFailure, type Failure } from '../failure.js';

/**
 * The one retry decision of every worker, and the way a failure crosses BullMQ: the error thrown to BullMQ
 * has the encoded {@link Failure} as its message (BullMQ keeps it as the job's failure reason, and hands it
 * to a flow's parent for an ignored child). Permanent failures are `UnrecoverableError`s (BullMQ does not
 * retry them); retryable ones keep `retryAfterMs` for the backoff strategy.
 */
export interface JobFailureError extends Error {
  readonly failure: Failure;
}

/** A permanent failure: BullMQ fails the job at once. */
export class PermanentJobFailure extends UnrecoverableError implements JobFailureError {
  readonly failure: Failure;
  constructor(failure: Failure, cause?: unknown) {
    super(encodeFailure(failure));
    this.failure = failure;
    keepCauseStack(this, cause);
  }
}

/** A retryable failure: BullMQ retries it after the backoff, until JOB_ATTEMPTS are used. */
export class RetryableJobFailure extends Error implements JobFailureError {
  override readonly name = 'RetryableJobFailure';
  readonly failure: Failure;
  /** Read by the backoff strategy (computeBackoff): a Retry-After is honoured. */
  readonly retryAfterMs: number | undefined;
  constructor(failure: Failure, retryAfterMs?: number, cause?: unknown) {
    super(encodeFailure(failure));
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
    keepCauseStack(this, cause);
  }
}

/** BullMQ keeps the thrown error's stack with the job: append the original error's, where a bug would show. */
function keepCauseStack(err: Error, cause: unknown): void {
  if (cause instanceof Error && cause.stack) err.stack = `${err.stack ?? err.message}\ncaused by: ${cause.stack}`;
}

/** The error to throw to BullMQ for a failure. */
export function toJobError(failure: Failure, retryAfterMs?: number, cause?: unknown): JobFailureError {
  return failure.retryable ? new RetryableJobFailure(failure, retryAfterMs, cause) : new PermanentJobFailure(failure, cause);
}

/** Whether a failing attempt is the last one: permanent, or attempts exhausted. */
export function isFinalAttempt(failure: Failure, attemptsMade: number, attempts: number | undefined): boolean {
  return !failure.retryable || attemptsMade + 1 >= (attempts ?? 1);
}

/**
 * The failure of a job that failed for good, from its failure reason; when BullMQ failed the job itself (the
 * reason is not an encoded failure), from the job's state: a stall counter past `maxStalledCount` is BullMQ's
 * mark of a job it failed for stalling, anything else is `internal`. Both are permanent.
 */
export function failureOfFailedJob(
  job: { failedReason?: string | undefined; stalledCounter: number; attemptsMade: number; id?: string | undefined; queueName: string },
  opts: { maxStalledCount: number; url?: string | undefined },
): Failure {
  const decoded = decodeFailure(job.failedReason);
  if (decoded) return decoded;
  const url = opts.url ?? `job:${job.queueName}/${job.id ?? '?'}`;
  const attempts = Math.max(1, job.attemptsMade);
  if (job.stalledCounter > opts.maxStalledCount) {
    return { code: 'stalled', retryable: false, url, attempts, message: `stalled ${job.stalledCounter} times: ${job.failedReason ?? 'failed by BullMQ'}` };
  }
  return { code: 'internal', retryable: false, url, attempts, message: job.failedReason ?? 'failed with no reason' };
}

/** A permanent pipeline error (bad input, bad payload). */
export function invalid(code: Extract<IngestErrorCode, 'invalid_payload' | 'invalid_input'>, message: string, url?: string): IngestError {
  return new IngestError(code, message, { retryable: false, url });
}
