import { describe, expect, it } from 'vitest';
import { insidePauses, maxInWindow, minGap, utilization } from '../../chaos/lib/window-stats.js';

describe('chaos window stats (server-side politeness figures)', () => {
  it('counts the most requests in any half-open window', () => {
    // Exactly 5/s: 0, 200, …, 1000 → 5 in any [t, t + 1000), 6 only in a closed window.
    const even = [0, 200, 400, 600, 800, 1000, 1200];
    expect(maxInWindow(even, 1000)).toBe(5);
    expect(maxInWindow([...even].reverse(), 1000)).toBe(5);
    expect(maxInWindow([0, 1, 2, 3, 2000], 1000)).toBe(4);
    expect(maxInWindow([], 1000)).toBe(0);
  });

  it('forgives only the stated arrival jitter', () => {
    // The first request 30 ms late: six requests fit in 970 ms, five once 50 ms of jitter are forgiven.
    const late = [30, 200, 400, 600, 800, 1000];
    expect(maxInWindow(late, 1000)).toBe(6);
    expect(maxInWindow(late, 1000, 50)).toBe(5);
    // Two requests 1 ms apart are a burst whatever the jitter allowance.
    expect(maxInWindow([0, 1, 200, 400, 600, 800], 1000, 50)).toBe(6);
  });

  it('utilization: requests made over requests allowed, pauses excluded', () => {
    const even = Array.from({ length: 11 }, (_, i) => i * 200); // 10 intervals over 2 s at 5/s
    expect(utilization(even, 5)).toBeCloseTo(1, 5);
    expect(utilization(even, 10)).toBeCloseTo(0.5, 5);
    // Requests at 0..1000 and 3000..4000 with a pause [1000, 3000): the pause is not idle budget.
    const paused = [0, 200, 400, 600, 800, 1000, 3000, 3200, 3400, 3600, 3800, 4000];
    expect(utilization(paused, 5, [[1000, 3000]])).toBeCloseTo(11 / 10, 5);
    expect(utilization([5], 5)).toBe(0);
  });

  it('requests inside pauses and the smallest gap', () => {
    expect(insidePauses([0, 1000, 1500, 2999, 3000], [[1000, 3000]])).toBe(2);
    expect(minGap([0, 300, 310, 900])).toBe(10);
    expect(minGap([1])).toBe(Infinity);
  });
});
