import { UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import { IngestError, isIngestError, type IngestErrorCode } from '../errors.js';

/**
 * The one retry decision of every worker. Permanent errors become BullMQ `UnrecoverableError`
 * with the code in the message (`[too_large] …`, the wire format read back by {@link errorCodeOf});
 * retryable ones are rethrown as they are, so the backoff strategy still sees `retryAfterMs`.
 * Unknown errors (bugs, Redis hiccups) count as retryable: retries are bounded by `attempts`.
 */
export function toJobError(err: unknown): Error {
  if (err instanceof UnrecoverableError) return err;
  if (err instanceof ZodError) {
    return new UnrecoverableError(`[invalid_payload] ${err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  if (isIngestError(err)) {
    if (err.retryable) return err;
    return new UnrecoverableError(`[${err.code}] ${err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** The code of an error, or of a failure reason string in the `[code] message` format. */
export function errorCodeOf(err: unknown): string {
  if (isIngestError(err)) return err.code;
  if (err instanceof ZodError) return 'invalid_payload';
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const m = /^\[([a-z_]+)\]/.exec(text);
  if (m) return m[1]!;
  if (/stalled more than allowable limit/i.test(text)) return 'stalled';
  return 'internal';
}

/** The message of an error without our `[code] ` prefix. */
export function errorMessageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^\[[a-z_]+\]\s*/, '');
}

/** Whether a failing attempt is the last one: permanent, or attempts exhausted. */
export function isFinalAttempt(jobErr: Error, attemptsMade: number, attempts: number | undefined): boolean {
  return jobErr instanceof UnrecoverableError || attemptsMade + 1 >= (attempts ?? 1);
}

/** A permanent pipeline error (bad input, bad payload). */
export function invalid(code: Extract<IngestErrorCode, 'invalid_payload' | 'invalid_input'>, message: string, url?: string): IngestError {
  return new IngestError(code, message, { retryable: false, url });
}
