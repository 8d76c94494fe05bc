import { describe, expect, it } from 'vitest';
import { estimateLengthModel } from '../../src/align/estimate-length-model.js';

describe('estimateLengthModel', () => {
  it('recovers the ratio and variance that generated the lengths', () => {
    // Seeded LCG + Box–Muller: Korean = 0.5 × English + N(0, 1.8 × size).
    let x = 12345;
    const u = () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return (x + 1) / (2 ** 32 + 1);
    };
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const samples = Array.from({ length: 20000 }, () => {
      const en = 40 + Math.floor(u() * 200);
      return { en, ko: Math.max(1, 0.5 * en + normal() * Math.sqrt(1.8 * en)) };
    });
    const est = estimateLengthModel(samples)!;
    expect(est.n).toBe(20000);
    expect(est.ratio).toBeCloseTo(0.5, 2);
    expect(est.variance).toBeGreaterThan(1.8 * 0.93);
    expect(est.variance).toBeLessThan(1.8 * 1.07);
  });

  it('needs two usable samples', () => {
    expect(estimateLengthModel([])).toBeNull();
    expect(
      estimateLengthModel([
        { ko: 10, en: 20 },
        { ko: 0, en: 5 },
      ]),
    ).toBeNull();
    expect(
      estimateLengthModel([
        { ko: 10, en: 20 },
        { ko: 5, en: 0 },
      ]),
    ).toBeNull();
    expect(
      estimateLengthModel([
        { ko: 10, en: 20 },
        { ko: 30, en: 60 },
      ]),
    ).toEqual({ ratio: 0.5, variance: 0, n: 2 });
  });

  it('divides by n - 1 (worked example)', () => {
    // ratio 60/100; terms 4/18.33 + 36/55 + 64/26.67 = 3.2727, over 2.
    const est = estimateLengthModel([
      { ko: 10, en: 20 },
      { ko: 30, en: 60 },
      { ko: 20, en: 20 },
    ])!;
    expect(est.ratio).toBeCloseTo(0.6, 12);
    expect(est.variance).toBeCloseTo(1.636364, 5);
    expect(est.n).toBe(3);
  });
});
