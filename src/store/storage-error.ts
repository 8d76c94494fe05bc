import { IngestError } from '../errors.js';

/**
 * Wraps a database error as a `storage` IngestError; `retryable` says whether trying again can help. Its own module:
 * every store and archive uses it, and pair-store.ts (where it was) names the archive's types.
 */
export function storageError(err: unknown, what: string, retryable: boolean): IngestError {
  if (err instanceof IngestError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new IngestError('storage', `${what}: ${msg}`, { retryable, cause: err });
}
