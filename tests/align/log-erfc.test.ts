import { describe, expect, it } from 'vitest';
import { logErfc, logTwoTailed } from '../../src/align/log-erfc.js';

describe('logErfc', () => {
  it.each<[number, number]>([
    // Reference values of erfc (Abramowitz & Stegun, Table 7.1, and asymptotics for the far tail).
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
  ])('erfc(%f)', (z, erfc) => {
    expect(Math.abs(logErfc(z) - Math.log(erfc))).toBeLessThan(2e-7 * Math.max(1, Math.abs(Math.log(erfc))));
  });

  it('does not underflow far in the tail and handles negative arguments', () => {
    expect(logErfc(40)).toBeCloseTo(-1600 - Math.log(40 * Math.sqrt(Math.PI)), 3);
    expect(Number.isFinite(logErfc(1e3))).toBe(true);
    expect(Math.exp(logErfc(-1))).toBeCloseTo(2 - 0.15729920705028513, 6);
  });

  it('gives the two-tailed normal probability', () => {
    expect(Math.exp(logTwoTailed(1.959964))).toBeCloseTo(0.05, 6);
    expect(Math.exp(logTwoTailed(-1.959964))).toBeCloseTo(0.05, 6);
    expect(logTwoTailed(0)).toBe(0);
  });
});
