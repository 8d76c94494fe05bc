import { pairRecordSchema, type PairStatus } from '../records/pair.js';
import type { PairStore, StoredPair } from '../store/pair-store.js';

/** Pairs fetched per store query. @defaultValue 500 */
export const DEFAULT_PAGE_SIZE = 500;

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

/**
 * The stored pair re-validated against the current record schema, with keys in schema order (PostgreSQL
 * jsonb reorders them), or null when a stored record no longer fits (counted as invalid, never exported). Pure.
 */
export function normalizeStoredPair(pair: StoredPair): StoredPair | null {
  const { revision, contentHash, firstSeenAt, updatedAt, ...record } = pair;
  const res = pairRecordSchema.safeParse(record);
  if (!res.success) return null;
  return { ...res.data, revision, contentHash, firstSeenAt, updatedAt };
}
