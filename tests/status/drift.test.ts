import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_THRESHOLDS, driftVerdict } from '../../src/status/drift.js';

const w = (fetched: number, parseFailed: number) => ({ fetched, parseFailed });

describe('driftVerdict', () => {
  it('stays quiet with too few pages, however bad they are', () => {
    const v = driftVerdict(w(19, 19), w(100, 0));
    expect(v.raised).toBe(false);
    expect(v.reason).toMatch(/too few pages/);
    expect(driftVerdict(w(0, 0), w(0, 0))).toMatchObject({ raised: false, rate: null });
  });

  it('raises at the high rate whatever came before', () => {
    expect(driftVerdict(w(100, 25), w(100, 20)).raised).toBe(true);
    expect(driftVerdict(w(100, 24), w(100, 20)).raised).toBe(false);
  });

  it('raises on a jump of the given factor above the floor', () => {
    const v = driftVerdict(w(200, 30), w(200, 10));
    expect(v).toMatchObject({ raised: true, rate: 0.15, previousRate: 0.05 });
    expect(v.reason).toMatch(/jumped from 5\.0 % to 15\.0 %/);
    expect(driftVerdict(w(200, 29), w(200, 10)).raised).toBe(false);
  });

  it('ignores jumps below the floor (noise)', () => {
    expect(driftVerdict(w(1000, 9), w(1000, 1)).raised).toBe(false);
    expect(driftVerdict(w(1000, 50), w(1000, 1)).raised).toBe(true);
  });

  it('raises above the floor when there is nothing to compare with', () => {
    expect(driftVerdict(w(100, 6), w(3, 0)).raised).toBe(true);
    expect(driftVerdict(w(100, 4), w(3, 0)).raised).toBe(false);
  });

  it('uses the thresholds it is given', () => {
    expect(driftVerdict(w(10, 3), w(10, 0), { ...DEFAULT_DRIFT_THRESHOLDS, minPages: 5 }).raised).toBe(true);
  });
});
