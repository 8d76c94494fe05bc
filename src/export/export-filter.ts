import type { PairStatus } from '../records/pair.js';
import { PAIR_STATUSES, type StoredPair } from '../store/pair-store.js';

/** Which stored pairs an export includes. Days are Korea-time calendar days `YYYY-MM-DD`, inclusive. */
export interface ExportFilter {
  status?: PairStatus | undefined;
  /** First English publication day included. */
  since?: string | undefined;
  /** Last English publication day included. */
  until?: string | undefined;
}

/** `YYYY-MM-DD` or `YYYYMMDD` → `YYYY-MM-DD`, or null when it is not a real calendar day. Pure. */
export function parseExportDay(input: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Date.UTC rolls 2020-02-30 over into March; a round trip catches it.
  if (t.getUTCFullYear() !== Number(y) || t.getUTCMonth() !== Number(mo) - 1 || t.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo}-${d}`;
}

/** The status, or null when the string is not one. Pure. */
export function parsePairStatus(input: string): PairStatus | null {
  return (PAIR_STATUSES as readonly string[]).includes(input) ? (input as PairStatus) : null;
}

/**
 * Whether a pair passes the filter. The day is the English `publishedAt` day in Korea time: the record
 * stores `…+09:00`, so its first ten characters are that day. Pure.
 */
export function matchesExportFilter(pair: StoredPair, filter: ExportFilter): boolean {
  if (filter.status !== undefined && pair.pairing.status !== filter.status) return false;
  const day = pair.english.publishedAt.slice(0, 10);
  if (filter.since !== undefined && day < filter.since) return false;
  if (filter.until !== undefined && day > filter.until) return false;
  return true;
}
