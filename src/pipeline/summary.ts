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
