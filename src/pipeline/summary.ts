import type { PairVerdict } from '../records/pair.js';
import type { Failure } from '../failure.js';
import type { PairStore } from '../store/pair-store.js';

/** Verdict counts of paired records; `unverified` counts paired records written before verdicts existed. */
export type VerdictCounts = Record<PairVerdict | 'unverified', number>;

export interface CrawlSummary {
  pairs: number;
  byStatus: Record<string, number>;
  revisions: number;
  failuresByCode: Record<string, number>;
  /** Paired records by `pairing.verdict` (src/pair/pair-verdict.ts). */
  verdicts: VerdictCounts;
}

/** Pairs read per store call while counting verdicts (keyset pages keep memory flat on big stores). */
const VERDICT_PAGE = 500;

/** Paired records by verdict, read page by page from the store. */
export async function countVerdicts(store: PairStore): Promise<VerdictCounts> {
  const out: VerdictCounts = { verified: 0, plausible: 0, suspect: 0, mismatch: 0, unverified: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await store.listPairs({ status: 'paired', limit: VERDICT_PAGE, ...(after ? { afterPairId: after } : {}) });
    for (const p of page) out[p.pairing.verdict ?? 'unverified']++;
    if (page.length < VERDICT_PAGE) return out;
    after = page[page.length - 1]!.pairId;
  }
}

/** Pairs by status and by verdict, revisions and failures by code, from the store. */
export async function crawlSummary(store: PairStore): Promise<CrawlSummary> {
  const c = await store.countPairs();
  return {
    pairs: c.total,
    byStatus: { ...c.byStatus },
    revisions: c.revisions,
    failuresByCode: await store.countFailuresByCode(),
    verdicts: await countVerdicts(store),
  };
}

/** Human-readable lines of a summary. */
export function formatSummary(s: CrawlSummary): string[] {
  const status = Object.entries(s.byStatus)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const failures = Object.entries(s.failuresByCode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const verdicts = Object.entries(s.verdicts)
    .filter(([k, v]) => k !== 'unverified' || v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `pairs stored: ${s.pairs} (${status || 'none'})`,
    `verdicts:     ${verdicts} (of paired)`,
    `revisions:    ${s.revisions}`,
    `failures:     ${failures || 'none'}`,
  ];
}

/**
 * What went wrong, for people: one line per failure code, most frequent first, with its count, whether a
 * later crawl retries it, and one sample (URL and message). Pure.
 */
export function formatFailureDigest(failures: readonly Failure[], opts: { indent?: string } = {}): string[] {
  const indent = opts.indent ?? '  ';
  const byCode = new Map<string, Failure[]>();
  for (const f of failures) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  return [...byCode]
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([code, fs]) => {
      const sample = fs[0]!;
      const retryable = fs.every((f) => f.retryable) ? 'retryable' : fs.some((f) => f.retryable) ? 'some retryable' : 'permanent';
      return `${indent}${code} ${fs.length} (${retryable}), e.g. ${sample.url}: ${oneLine(sample.message)}`;
    });
}

function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
