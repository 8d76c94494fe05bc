import type { Failure } from '../failure.js';
import type { PairStore } from '../store/pair-store.js';

export interface CrawlSummary {
  pairs: number;
  byStatus: Record<string, number>;
  revisions: number;
  failuresByCode: Record<string, number>;
}

/** Pairs by status, revisions and failures by code, from the store. */
export async function crawlSummary(store: PairStore): Promise<CrawlSummary> {
  const c = await store.countPairs();
  return { pairs: c.total, byStatus: { ...c.byStatus }, revisions: c.revisions, failuresByCode: await store.countFailuresByCode() };
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
  return [
    `pairs stored: ${s.pairs} (${status || 'none'})`,
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
