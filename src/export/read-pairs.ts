import { pairRecordSchema, type PairStatus } from '../records/pair.js';
import type { PairStore, StoredPair } from '../store/pair-store.js';

/** Pairs fetched per store query. @defaultValue 500 */
const DEFAULT_PAGE_SIZE = 500;

export interface ReadPairsOptions {
  status?: PairStatus | undefined;
  /** @defaultValue {@link DEFAULT_PAGE_SIZE} */
  pageSize?: number | undefined;
}

/**
 * Every stored pair in pairId order, one page at a time (keyset pagination on `afterPairId`), so memory
 * stays at one page however large the archive is. Pairs written during the read appear if they sort later.
 */
export async function* readPairs(store: PairStore, opts: ReadPairsOptions = {}): AsyncGenerator<StoredPair> {
  const limit = Math.max(1, Math.floor(opts.pageSize ?? DEFAULT_PAGE_SIZE));
  let afterPairId: string | undefined;
  for (;;) {
    const page = await store.listPairs({ status: opts.status, afterPairId, limit });
    for (const pair of page) yield pair;
    const last = page.at(-1);
    if (page.length < limit || !last) return;
    afterPairId = last.pairId;
  }
}

export interface ReadChangesOptions {
  /** Cursor: only pairs whose current revision has a change number above it. */
  after: number;
  /** High-water mark (inclusive), read once before the pass: see {@link PairStore.listChanges}. */
  upTo: number;
  status?: PairStatus | undefined;
  /** @defaultValue {@link DEFAULT_PAGE_SIZE} */
  pageSize?: number | undefined;
}

/**
 * The pairs written in (`after`, `upTo`], in change order, one page at a time (keyset pagination on the change
 * number). A pair rewritten during the pass moves past `upTo` and is left for the next cursor, never read twice.
 */
export async function* readChanges(store: PairStore, opts: ReadChangesOptions): AsyncGenerator<StoredPair> {
  const limit = Math.max(1, Math.floor(opts.pageSize ?? DEFAULT_PAGE_SIZE));
  let after = opts.after;
  for (;;) {
    const page = await store.listChanges({ after, upTo: opts.upTo, status: opts.status, limit });
    for (const pair of page) yield pair;
    const last = page.at(-1);
    if (page.length < limit || !last) return;
    after = last.change;
  }
}

/**
 * The stored pair re-validated against the current record schema, with keys in schema order (PostgreSQL
 * jsonb reorders them), or null when a stored record no longer fits (counted as invalid, never exported). Pure.
 */
export function normalizeStoredPair(pair: StoredPair): StoredPair | null {
  const { revision, contentHash, firstSeenAt, updatedAt, change, ...record } = pair;
  const res = pairRecordSchema.safeParse(record);
  if (!res.success) return null;
  return { ...res.data, revision, contentHash, firstSeenAt, updatedAt, change };
}
