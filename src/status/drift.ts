/**
 * The layout-drift alarm: the parsers were written without seeing real pages, so the first sign that the site
 * changed its markup is a jump in pages that were fetched but did not parse. Pure: counts in, verdict out.
 */

/** Pages of one language fetched in one time window, and how many of them failed to parse. */
export interface WindowCounts {
  fetched: number;
  parseFailed: number;
}

export interface DriftThresholds {
  /** Fewer pages fetched in the current window than this: too little to judge. @defaultValue 20 */
  minPages: number;
  /** The failure rate that raises the alarm whatever the previous window was. @defaultValue 0.25 */
  highRate: number;
  /** A rate this many times the previous window's raises it too… @defaultValue 3 */
  jumpFactor: number;
  /** …when it is at least this high (a jump from 0.1 % to 0.3 % is noise). @defaultValue 0.05 */
  jumpFloor: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { minPages: 20, highRate: 0.25, jumpFactor: 3, jumpFloor: 0.05 };

export interface DriftVerdict {
  raised: boolean;
  /** Parse failures per fetched page now, or null when nothing was fetched. */
  rate: number | null;
  previousRate: number | null;
  /** Why it is (or is not) raised, in words an operator can act on. */
  reason: string;
}

const rateOf = (w: WindowCounts): number | null => (w.fetched > 0 ? Math.min(1, w.parseFailed / w.fetched) : null);
const pct = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);

/** Compares the current window's parse-failure rate with the previous window's. */
export function driftVerdict(current: WindowCounts, previous: WindowCounts, t: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): DriftVerdict {
  const rate = rateOf(current);
  const previousRate = rateOf(previous);
  const base = { rate, previousRate };
  if (rate === null || current.fetched < t.minPages) {
    return { ...base, raised: false, reason: `too few pages to judge (${current.fetched} fetched, needs ${t.minPages})` };
  }
  if (rate >= t.highRate) {
    return { ...base, raised: true, reason: `${pct(rate)} of fetched pages failed to parse (alarm at ${pct(t.highRate)})` };
  }
  if (rate >= t.jumpFloor) {
    if (previousRate === null || previous.fetched < t.minPages) {
      return { ...base, raised: true, reason: `${pct(rate)} of fetched pages failed to parse, and the previous window has too few pages to compare` };
    }
    // Cross-multiplied counts, not rates: 30/200 against 3 × 10/200 must not fail on floating point.
    if (current.parseFailed * previous.fetched >= t.jumpFactor * previous.parseFailed * current.fetched) {
      return { ...base, raised: true, reason: `parse failures jumped from ${pct(previousRate)} to ${pct(rate)} of fetched pages` };
    }
  }
  return { ...base, raised: false, reason: `${pct(rate)} of fetched pages failed to parse (previous window ${pct(previousRate)})` };
}
