/**
 * Politeness as a server sees it, computed from arrival times alone (pure: no clock, no I/O).
 * A limit of `rate` requests per second is met only if NO window of the given length, placed
 * anywhere, holds more than `floor(rate × length)` arrivals — an average over the run hides bursts.
 * Used by the politeness benchmark and by the chaos suite to judge a crawl against its settings.
 */

/** A stretch of time the server asked not to be contacted in (a Retry-After), [startMs, endMs). */
export interface PauseSpan {
  startMs: number;
  endMs: number;
}

export interface WindowLimit {
  windowMs: number;
  /** Most arrivals allowed in any window of this length. */
  limit: number;
  /** Most arrivals found in one window. */
  max: number;
  /** Start (first arrival) of a fullest window. */
  atMs: number | null;
  /** Windows (by their first arrival) holding more than `limit`. */
  over: number;
}

export interface WindowStats {
  count: number;
  /** Last arrival − first arrival. */
  spanMs: number;
  windows: WindowLimit[];
  /**
   * Share of the budget used: (count − 1) intervals over what `ratePerSecond` allows in the span,
   * paused time (less one interval per pause) excluded; 1 = every slot used. null with fewer than two arrivals.
   */
  utilization: number | null;
  /** Arrivals strictly inside a pause (after its start, before its end). */
  insidePauses: number;
  /** Smallest gap between two consecutive arrivals (null with fewer than two). */
  minGapMs: number | null;
}

/** The most arrivals allowed in a window: floor(rate × window), at least 1 (one request is always allowed). */
export function windowLimit(ratePerSecond: number, windowMs: number): number {
  return Math.max(1, Math.floor((ratePerSecond * windowMs) / 1000 + 1e-9));
}

/** Most arrivals in any half-open window [t, t + windowMs), with the first arrival of a fullest one. */
export function maxInWindow(sortedMs: readonly number[], windowMs: number, limit = Infinity): { max: number; atMs: number | null; over: number } {
  let max = 0;
  let atMs: number | null = null;
  let over = 0;
  let j = 0;
  for (let i = 0; i < sortedMs.length; i++) {
    if (j < i) j = i;
    while (j < sortedMs.length && sortedMs[j]! - sortedMs[i]! < windowMs) j++;
    const n = j - i;
    if (n > max) {
      max = n;
      atMs = sortedMs[i]!;
    }
    if (n > limit) over++;
  }
  return { max, atMs, over };
}

/**
 * Time the budget does not count: the pauses that overlap [fromMs, toMs], overlaps merged, each less one
 * interval (without the pause the next request would have come one interval after the one answered by it).
 */
function pausedWithin(pauses: readonly PauseSpan[], fromMs: number, toMs: number, intervalMs: number): number {
  const spans = pauses
    .map((p) => ({ s: Math.max(p.startMs, fromMs), e: Math.min(p.endMs, toMs) }))
    .filter((p) => p.e > p.s)
    .sort((a, b) => a.s - b.s);
  let total = 0;
  let curS = -Infinity;
  let curE = -Infinity;
  for (const p of spans) {
    if (p.s > curE) {
      if (curE > curS) total += Math.max(0, curE - curS - intervalMs);
      curS = p.s;
      curE = p.e;
    } else curE = Math.max(curE, p.e);
  }
  if (curE > curS) total += Math.max(0, curE - curS - intervalMs);
  return total;
}

/**
 * Window maxima against their limits, budget use and arrivals inside pauses, for arrival times in ms
 * (any order, any origin) and the rate the crawl was allowed (Crawl-delay already folded in by the caller).
 */
export function windowStats(
  arrivalsMs: readonly number[],
  opts: { ratePerSecond: number; windowsMs?: readonly number[]; pauses?: readonly PauseSpan[] },
): WindowStats {
  const t = [...arrivalsMs].sort((a, b) => a - b);
  const pauses = opts.pauses ?? [];
  const windows = (opts.windowsMs ?? [1000, 10_000]).map((windowMs) => {
    const limit = windowLimit(opts.ratePerSecond, windowMs);
    return { windowMs, limit, ...maxInWindow(t, windowMs, limit) };
  });
  const spanMs = t.length ? t.at(-1)! - t[0]! : 0;
  let utilization: number | null = null;
  let minGapMs: number | null = null;
  if (t.length >= 2) {
    const activeMs = spanMs - pausedWithin(pauses, t[0]!, t.at(-1)!, 1000 / opts.ratePerSecond);
    utilization = activeMs > 0 ? (t.length - 1) / ((activeMs / 1000) * opts.ratePerSecond) : null;
    for (let i = 1; i < t.length; i++) minGapMs = Math.min(minGapMs ?? Infinity, t[i]! - t[i - 1]!);
  }
  const insidePauses = t.filter((x) => pauses.some((p) => x > p.startMs && x < p.endMs)).length;
  return { count: t.length, spanMs, windows, utilization, insidePauses, minGapMs };
}

/** One line for a report: `1s max 5/5, 10s max 50/50, util 96.1 %, 0 inside pauses`. */
export function formatWindowStats(s: WindowStats): string {
  const w = s.windows.map((x) => `${x.windowMs / 1000}s max ${x.max}/${x.limit}${x.over ? ` (${x.over} windows over)` : ''}`).join(', ');
  const u = s.utilization === null ? 'n/a' : `${(s.utilization * 100).toFixed(1)} %`;
  return `${s.count} requests, ${w}, utilization ${u}, ${s.insidePauses} inside pauses, min gap ${s.minGapMs === null ? 'n/a' : s.minGapMs.toFixed(1)} ms`;
}
