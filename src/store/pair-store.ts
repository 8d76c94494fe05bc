import { IngestError } from '../errors.js';
import type { Failure, FailureLang } from '../failure.js';
import { articleSchema, type Article } from '../records/article.js';
import { parseEnglishArticleUrl } from '../normalize/article-url.js';
import { pairRecordSchema, type PairRecord, type PairStatus } from '../records/pair.js';
import type { RawPage } from './raw-archive.js';
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

/** One fetched article page, as {@link PairStore.savePage} takes it. */
export interface SavePageInput {
  /** The URL the job asked for: the page-cache key (the body may have come from a redirect, `raw.url`). */
  requestedUrl: string;
  /** Which counter of `page_counts` the page adds to (`fetched`). */
  lang: 'en' | 'ko';
  /** The response: its bytes go to the raw archive (once per sha256), its url/status/fetchedAt are the sighting. */
  raw: RawPage;
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  /** Parser version that produced `record` (or failed to). */
  parserVersion: string;
  /** The parsed record, or null when the page did not parse (the cache row then keeps only the bytes' address). */
  record: Article | null;
}

export interface SavePageResult {
  sha256: string;
  /** false when these bytes were already archived (only the sighting was added). */
  stored: boolean;
}

/** How many article ids one `knownArticleIds` query takes (larger calls run one query per chunk). */
export const KNOWN_IDS_CHUNK = 1000;

/**
 * The English article id a failure row is filed under (failures.article_id), or null: only English article pages,
 * since Korean ids are another counter and could collide.
 */
export function failureArticleId(f: { url: string; lang: string }): string | null {
  return f.lang === 'en' ? (parseEnglishArticleUrl(f.url)?.articleId ?? null) : null;
}

/** Distinct ids, in chunks of at most `size`. */
export function chunkIds(ids: readonly string[], size: number = KNOWN_IDS_CHUNK): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
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
  /**
   * Everything a fetched article page writes, in ONE transaction: its raw bytes (compressed before the transaction;
   * stored once per sha256, the sighting recorded every time), its page-cache row (keyed by `requestedUrl`, the
   * record null when the parse failed) and one `fetched` page of `lang` for the layout-drift counters. Replaces
   * `RawArchive.put` + `countPage(lang, { fetched: 1 })` + `putPageCache`; a failure leaves none of them written.
   */
  savePage(p: SavePageInput): Promise<SavePageResult>;
  /**
   * Of these English article ids, those that need no new English job: the pair `en-<id>` is stored (any status),
   * or the article page's latest recorded failure is permanent (not retryable). One query per
   * {@link KNOWN_IDS_CHUNK} ids. Failures recorded before the store kept `retryable` count as retryable, except the
   * parse failure codes (never retryable).
   */
  knownArticleIds(ids: readonly string[]): Promise<Set<string>>;
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
