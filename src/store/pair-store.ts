import { IngestError } from '../errors.js';
import type { Failure, FailureLang } from '../failure.js';
import { articleSchema, type Article } from '../records/article.js';
import { pairRecordSchema, type PairRecord, type PairStatus } from '../records/pair.js';
import type { StatusStore } from './status-store.js';

/** A stored pair: the record plus its revision bookkeeping. Times are ISO 8601 UTC. */
export type StoredPair = PairRecord & {
  revision: number;
  contentHash: string;
  firstSeenAt: string;
  /** When the current revision was written. */
  updatedAt: string;
  /**
   * Change number of the current revision: every write of a pair (new, or a new revision) takes the next number of
   * one store-wide sequence, in commit order, so `listChanges({ after })` never misses a write that commits later.
   */
  change: number;
};

export interface WritePairResult {
  pairId: string;
  revision: number;
  /** false when the stored content hash was already the same (nothing written). */
  changed: boolean;
}

export interface PairRevision {
  revision: number;
  contentHash: string;
  createdAt: string;
}

export type { FailureLang } from '../failure.js';

/**
 * A failure as the store takes it: the pipeline's one failure value (src/failure.ts), with where it happened
 * and the job that took it. Rows keep code, message, attempts, lang and job id.
 */
export type FailureInput = Failure & { lang: FailureLang; jobId?: string | undefined };

export interface FailureRow {
  url: string;
  lang: FailureLang;
  code: string;
  message: string;
  attempts: number;
  jobId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** What conditional GET needs about the last fetch of a URL. */
export interface PageCacheEntry {
  url: string;
  etag: string | null;
  lastModified: string | null;
  bodySha256: string;
  /** The parsed record of that body, or null (not parsed, or stored with an older schema). */
  record: Article | null;
  /** Parser version that produced `record`; compare before trusting it after a 304. */
  parserVersion?: string | null | undefined;
  fetchedAt: string;
}

export interface ListPairsOptions {
  status?: PairStatus | undefined;
  /** Keyset pagination: only pairs whose id sorts after this one (byte order). */
  afterPairId?: string | undefined;
  /** No limit when omitted. */
  limit?: number | undefined;
}

export interface ListChangesOptions {
  /** Only pairs whose current change number is greater than this (a cursor; 0 = from the start). */
  after: number;
  /** Only up to this change number (inclusive): the high-water mark read when an export starts. */
  upTo: number;
  status?: PairStatus | undefined;
  /** No limit when omitted. */
  limit?: number | undefined;
}

export interface PairCounts {
  total: number;
  byStatus: Record<PairStatus, number>;
  /** Rows of revision history over all pairs (≥ total). */
  revisions: number;
}

/**
 * Storage of pairs, failures and the conditional-GET cache, plus what `status` reads ({@link StatusStore}).
 * SQLite and PostgreSQL implement it alike.
 */
export interface PairStore extends StatusStore {
  /** Creates or migrates the schema; idempotent and safe when many processes start at once. */
  init(): Promise<void>;
  /** One transaction; idempotent upsert by pairId. Same content hash → unchanged; different → revision + 1, old kept. */
  writePair(pair: PairRecord): Promise<WritePairResult>;
  getPair(pairId: string): Promise<StoredPair | null>;
  /** The record of one past (or the current) revision. */
  getRevision(pairId: string, revision: number): Promise<PairRecord | null>;
  /** Ordered by pairId (byte order), so pagination with `afterPairId` is stable. */
  listPairs(opts?: ListPairsOptions): Promise<StoredPair[]>;
  /**
   * Pairs whose current revision was written with a change number in (`after`, `upTo`], in change order. A pair
   * rewritten meanwhile has moved past `upTo` and is left for the next call, so a pass never sees a pair twice.
   */
  listChanges(opts: ListChangesOptions): Promise<StoredPair[]>;
  /**
   * The highest change number written so far (0 for an empty store). Every write with a number up to it has
   * committed: numbers are handed out in commit order, so this is a safe cursor for the next incremental read.
   */
  lastChange(): Promise<number>;
  countPairs(): Promise<PairCounts>;
  /** Oldest first. */
  getRevisions(pairId: string): Promise<PairRevision[]>;
  /** Upsert by url + code. Called at the worker boundary (workers/guard.ts) and by `reparse` (src/reparse). */
  recordFailure(f: FailureInput): Promise<void>;
  /**
   * Removes the failures of the URL (it later succeeded): every one, or only those with one of `codes` (`reparse`
   * clears parse failures only: a fetch failure of the same page is not answered by re-parsing old bytes).
   * Called at the worker boundary (workers/guard.ts) and by `reparse`.
   */
  clearFailure(url: string, codes?: readonly string[]): Promise<void>;
  /** Ordered by url, code. */
  listFailures(): Promise<FailureRow[]>;
  countFailuresByCode(): Promise<Record<string, number>>;
  getPageCache(url: string): Promise<PageCacheEntry | null>;
  putPageCache(e: PageCacheEntry): Promise<void>;
  knownArticleIds?(ids: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

export const PAIR_STATUSES: readonly PairStatus[] = ['paired', 'no_korean_link', 'korean_failed'];

/** Validates a pair before any write; an invalid record is a permanent error. */
export function validatePair(pair: PairRecord): PairRecord {
  const res = pairRecordSchema.safeParse(pair);
  if (res.success) return res.data;
  const issues = res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  const url = (pair as { english?: { url?: unknown } } | null)?.english?.url;
  throw new IngestError('invalid_payload', `invalid pair record ${String(pair?.pairId)}: ${issues}`, {
    retryable: false,
    ...(typeof url === 'string' ? { url } : {}),
  });
}

/** A cached record that no longer fits the schema is dropped (null), so the caller re-parses. */
export function cachedRecord(value: unknown): Article | null {
  if (value === null || value === undefined) return null;
  const res = articleSchema.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
  return res.success ? res.data : null;
}

export function emptyStatusCounts(): Record<PairStatus, number> {
  return { paired: 0, no_korean_link: 0, korean_failed: 0 };
}

/** Wraps a database error as a `storage` IngestError; `retryable` says whether trying again can help. */
export function storageError(err: unknown, what: string, retryable: boolean): IngestError {
  if (err instanceof IngestError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new IngestError('storage', `${what}: ${msg}`, { retryable, cause: err });
}
