import { verifyPair } from '../pair/pair-verdict.js';
import { pairVerdictSchema, type PairStatus, type PairVerdict } from '../records/pair.js';
import { PAIR_STATUSES, type StoredPair } from '../store/pair-store.js';

/** Which stored pairs an export includes. Days are Korea-time calendar days `YYYY-MM-DD`, inclusive. */
export interface ExportFilter {
  status?: PairStatus | undefined;
  /** First English publication day included. */
  since?: string | undefined;
  /** Last English publication day included. */
  until?: string | undefined;
  /**
   * Verdicts a `paired` pair needs to reach the parallel-text formats (docs.jsonl, TMX, Moses); pairs.jsonl, the
   * archive with its evidence, keeps every pair. @defaultValue {@link TRAINING_VERDICTS}
   */
  verdicts?: readonly PairVerdict[] | undefined;
}

/** What parallel text admits by default: never a pair verification found contradicted or impossible. */
export const TRAINING_VERDICTS: readonly PairVerdict[] = ['verified', 'plausible'];

/** `verified,plausible` or `all` → verdicts, or null when a name is not a verdict. Pure. */
export function parseVerdicts(input: string): PairVerdict[] | null {
  if (input.trim() === 'all') return [...pairVerdictSchema.options];
  const out = new Set<PairVerdict>();
  for (const part of input.split(',').map((s) => s.trim())) {
    const v = pairVerdictSchema.safeParse(part);
    if (!v.success) return null;
    out.add(v.data);
  }
  return out.size ? [...out] : null;
}

/**
 * The verdict of a `paired` pair: the stored one, or for records written before verification existed, the one
 * verification gives now (from the stored records and the followed link). Null for other statuses. Pure.
 */
export function verdictOfPair(pair: Pick<StoredPair, 'english' | 'korean' | 'pairing' | 'provenance'>): PairVerdict | null {
  if (pair.pairing.status !== 'paired' || !pair.korean) return null;
  if (pair.pairing.verdict) return pair.pairing.verdict;
  return verifyPair({ english: pair.english, korean: pair.korean, followedUrl: pair.pairing.koreanUrl, koreanSource: pair.provenance.korean }).verdict;
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
