import { describe, expect, it } from 'vitest';
import { formatWindowStats, maxInWindow, windowLimit, windowStats } from '../../src/politeness/window-stats.js';

describe('windowLimit', () => {
  it('is floor(rate × window), at least one', () => {
    expect(windowLimit(5, 1000)).toBe(5);
    expect(windowLimit(20, 10_000)).toBe(200);
    expect(windowLimit(2.5, 1000)).toBe(2);
    expect(windowLimit(0.5, 1000)).toBe(1);
    expect(windowLimit(0.5, 2000)).toBe(1);
    expect(windowLimit(0.1, 1000)).toBe(1);
    expect(windowLimit(0.3, 10_000)).toBe(3);
  });
});

describe('maxInWindow', () => {
  it('counts arrivals in half-open windows [t, t + w)', () => {
    // Exactly one interval apart: 5 per second at 200 ms, never 6.
    const even = [0, 200, 400, 600, 800, 1000, 1200];
    expect(maxInWindow(even, 1000)).toMatchObject({ max: 5, atMs: 0 });
    // The user's finding: 6 within 984 ms at 5/s.
    const jittered = [0, 200, 400, 600, 800, 984];
    expect(maxInWindow(jittered, 1000, 5)).toEqual({ max: 6, atMs: 0, over: 1 });
    expect(maxInWindow([], 1000)).toEqual({ max: 0, atMs: null, over: 0 });
    expect(maxInWindow([5], 1000)).toEqual({ max: 1, atMs: 5, over: 0 });
  });
});

describe('windowStats', () => {
  it('reports window maxima against the limits, utilization and the smallest gap', () => {
    const arrivals = Array.from({ length: 51 }, (_, i) => 10_000 + i * 200).reverse(); // any order
    const s = windowStats(arrivals, { ratePerSecond: 5 });
    expect(s.count).toBe(51);
    expect(s.spanMs).toBe(10_000);
    expect(s.windows).toEqual([
      { windowMs: 1000, limit: 5, max: 5, atMs: 10_000, over: 0 },
      { windowMs: 10_000, limit: 50, max: 50, atMs: 10_000, over: 0 },
    ]);
    expect(s.utilization).toBeCloseTo(1, 6);
    expect(s.minGapMs).toBe(200);
    expect(s.insidePauses).toBe(0);
    // Half the rate used.
    expect(windowStats(arrivals, { ratePerSecond: 10 }).utilization).toBeCloseTo(0.5, 6);
  });

  it('counts arrivals inside pauses and leaves paused time (less one interval) out of the budget', () => {
    // 1/s; a 429 at 2000 with Retry-After 5 s; one request inside the pause, then on at 7000.
    const arrivals = [0, 1000, 2000, 3000, 7000, 8000];
    const s = windowStats(arrivals, { ratePerSecond: 1, pauses: [{ startMs: 2000, endMs: 7000 }] });
    expect(s.insidePauses).toBe(1);
    // Span 8000, paused 5000 less one interval (1000): 4000 ms active, 5 intervals.
    expect(s.utilization).toBeCloseTo(5 / 4, 6);
    // Arrivals at the pause's edges are not inside it.
    expect(windowStats([2000, 7000], { ratePerSecond: 1, pauses: [{ startMs: 2000, endMs: 7000 }] }).insidePauses).toBe(0);
  });

  it('takes extra windows (Crawl-delay) and formats one line', () => {
    const s = windowStats([0, 1900, 4000], { ratePerSecond: 0.5, windowsMs: [1000, 10_000, 2000] });
    expect(s.windows.map((w) => [w.windowMs, w.limit, w.max, w.over])).toEqual([
      [1000, 1, 1, 0],
      [10_000, 5, 3, 0],
      [2000, 1, 2, 1],
    ]);
    expect(formatWindowStats(s)).toBe(
      '3 requests, 1s max 1/1, 10s max 3/5, 2s max 2/1 (1 windows over), utilization 100.0 %, 0 inside pauses, min gap 1900.0 ms',
    );
    expect(windowStats([], { ratePerSecond: 1 })).toMatchObject({ count: 0, utilization: null, minGapMs: null });
  });
});
