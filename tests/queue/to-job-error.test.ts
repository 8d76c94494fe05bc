import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { decodeFailure, type Failure } from '../../src/failure.js';
import { computeBackoff } from '../../src/queue/jobs.js';
import { failureOfFailedJob, isFinalAttempt, PermanentJobFailure, RetryableJobFailure, toJobError } from '../../src/queue/to-job-error.js';

const perm: Failure = { code: 'http_status', retryable: false, status: 404, message: 'HTTP 404', url: 'https://www.donga.com/x', attempts: 1, lang: 'ko' };
const retry: Failure = { code: 'rate_limited', retryable: true, status: 429, message: 'HTTP 429', url: 'https://www.donga.com/x', attempts: 2, lang: 'en' };

describe('toJobError', () => {
  it('makes a permanent failure an UnrecoverableError whose message is the encoded failure', () => {
    const e = toJobError(perm);
    expect(e).toBeInstanceOf(UnrecoverableError);
    expect(e).toBeInstanceOf(PermanentJobFailure);
    expect(decodeFailure(e.message)).toEqual(perm);
  });

  it('keeps a retryable failure retryable (not Unrecoverable) with its Retry-After for the backoff strategy', () => {
    const e = toJobError(retry, 7000);
    expect(e).toBeInstanceOf(RetryableJobFailure);
    expect(e).not.toBeInstanceOf(UnrecoverableError);
    expect(e.name).not.toBe('UnrecoverableError');
    expect(decodeFailure(e.message)).toEqual(retry);
    expect(computeBackoff(1, 1000, e, () => 0.5)).toBe(7000);
  });

  it('calls an attempt final when the failure is permanent or the attempts are used', () => {
    expect(isFinalAttempt(retry, 0, 3)).toBe(false);
    expect(isFinalAttempt(retry, 2, 3)).toBe(true);
    expect(isFinalAttempt(perm, 0, 3)).toBe(true);
  });
});

describe('failureOfFailedJob', () => {
  const job = { queueName: 'korean', id: 'ko-1-for-en-2', attemptsMade: 1, stalledCounter: 0 };

  it('decodes the failure our workers threw', () => {
    expect(failureOfFailedJob({ ...job, failedReason: toJobError(perm).message }, { maxStalledCount: 5 })).toEqual(perm);
  });

  it('recognises BullMQ’s own stall failure by the stall counter, not by its message', () => {
    const stalled = failureOfFailedJob(
      { ...job, stalledCounter: 6, failedReason: 'whatever BullMQ says' },
      { maxStalledCount: 5, url: 'https://www.donga.com/k' },
    );
    expect(stalled).toMatchObject({ code: 'stalled', retryable: false, url: 'https://www.donga.com/k' });
    const other = failureOfFailedJob({ ...job, stalledCounter: 5, failedReason: 'job stalled more than allowable limit' }, { maxStalledCount: 5 });
    expect(other).toMatchObject({ code: 'internal', retryable: false, url: 'job:korean/ko-1-for-en-2' });
  });
});
