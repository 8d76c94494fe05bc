/**
 * Politeness figures from server-side arrival times (ms, any origin, sorted or not). Pure.
 * (src/politeness/window-stats.ts on another branch computes the same; the lead keeps one.)
 */

/**
 * The most requests in any half-open window [t, t + windowMs − jitterMs). A limiter that is exactly right still
 * shows one request more in a full window whenever arrival delays differ (a late first request, an on-time last
 * one), so `jitterMs` forgives that much arrival jitter and nothing more.
 */
export function maxInWindow(times: readonly number[], windowMs: number, jitterMs = 0): number {
  const t = [...times].sort((a, b) => a - b);
  const span = windowMs - jitterMs;
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= span) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Smallest gap between consecutive requests (Infinity for fewer than two). */
export function minGap(times: readonly number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < t.length; i++) gap = Math.min(gap, t[i]! - t[i - 1]!);
  return gap;
}

/**
 * Share of the request budget used between the first and the last request, leaving out `excluded` intervals
 * (Retry-After pauses, when no request is allowed): (n − 1) requests made where ratePerSecond × seconds allowed.
 * Meaningful only while work is queued the whole time, which the suite arranges.
 */
export function utilization(times: readonly number[], ratePerSecond: number, excluded: readonly [number, number][] = []): number {
  if (times.length < 2) return 0;
  const t = [...times].sort((a, b) => a - b);
  const first = t[0]!;
  const last = t[t.length - 1]!;
  let ms = last - first;
  for (const [a, b] of excluded) ms -= Math.max(0, Math.min(b, last) - Math.max(a, first));
  if (ms <= 0) return 0;
  return (t.length - 1) / ((ms / 1000) * ratePerSecond);
}

/** Requests that arrived strictly inside one of the pauses [from, to). */
export function insidePauses(times: readonly number[], pauses: readonly [number, number][]): number {
  return times.filter((t) => pauses.some(([a, b]) => t > a && t < b)).length;
}
