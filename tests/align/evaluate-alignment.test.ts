import { describe, expect, it } from 'vitest';
import {
  beadScores,
  formatBead,
  isGoldBead,
  linkScores,
  nullScores,
  parseBeadSpec,
  precisionAtThresholds,
  rocAuc,
  scoreHistogram,
} from '../../src/align/evaluate-alignment.js';

const b = parseBeadSpec;

describe('parseBeadSpec / formatBead', () => {
  it.each([
    ['[0]:[0]', { ko: [0], en: [0] }],
    ['[1, 2]:[3]', { ko: [1, 2], en: [3] }],
    ['[4]:[]', { ko: [4], en: [] }],
    [' []:[5,6] ', { ko: [], en: [5, 6] }],
  ])('%s', (spec, bead) => {
    expect(b(spec)).toEqual(bead);
    expect(b(formatBead(bead))).toEqual(bead);
  });

  it.each(['[]:[]', '0:0', '[a]:[1]', '[1]-[2]'])('refuses %s', (spec) => {
    expect(() => b(spec)).toThrow();
  });
});

describe('scores against gold', () => {
  const gold = ['[0]:[0]', '[1, 2]:[1]', '[3]:[]', '[4]:[2, 3]', '[]:[4]', '[5]:[5]'].map(b);

  it('a perfect alignment scores 1 everywhere', () => {
    expect(beadScores(gold, gold).strict).toMatchObject({ precision: 1, recall: 1, f1: 1, hits: 4, test: 4, gold: 4 });
    expect(linkScores(gold, gold)).toMatchObject({ precision: 1, recall: 1, hits: 6 });
    expect(nullScores(gold, gold)).toMatchObject({ precision: 1, recall: 1, hits: 2 });
  });

  it('strict needs the same bead, lax an overlap on both sides, links count sentence pairs', () => {
    // [1]:[1] and [2]:[] instead of [1, 2]:[1]; [4]:[2] and []:[3] instead of [4]:[2, 3]; [3]:[] right; the
    // addition [ ]:[4] taken into [5]:[4, 5].
    const test = ['[0]:[0]', '[1]:[1]', '[2]:[]', '[3]:[]', '[4]:[2]', '[]:[3]', '[5]:[4, 5]'].map(b);
    const { strict, lax } = beadScores(gold, test);
    expect(strict).toMatchObject({ hits: 1, test: 4, gold: 4 });
    expect(strict.precision).toBe(0.25);
    expect(lax).toMatchObject({ hits: 4, test: 4, gold: 4, precision: 1, recall: 1 });
    // Links: gold 0:0 1:1 2:1 4:2 4:3 5:5; test 0:0 1:1 4:2 5:4 5:5.
    expect(linkScores(gold, test)).toMatchObject({ hits: 4, test: 5, gold: 6 });
    expect(linkScores(gold, test).precision).toBeCloseTo(0.8, 12);
    // Nulls: gold ko3 en4; test ko2 ko3 en3.
    expect(nullScores(gold, test)).toMatchObject({ hits: 1, test: 3, gold: 2 });
  });

  it('isGoldBead ignores index order, not membership', () => {
    expect(isGoldBead(b('[2, 1]:[1]'), gold)).toBe(true);
    expect(isGoldBead(b('[1]:[1]'), gold)).toBe(false);
  });

  it('an empty test alignment has precision 0, not NaN', () => {
    expect(linkScores(gold, [])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('score separation', () => {
  const items = [
    { score: 0.99, correct: true },
    { score: 0.9, correct: true },
    { score: 0.8, correct: false },
    { score: 0.6, correct: true },
    { score: 0.3, correct: false },
  ];

  it('precision and kept share at thresholds', () => {
    expect(precisionAtThresholds(items, [0, 0.7, 0.95, 1])).toEqual([
      { threshold: 0, kept: 5, precision: 0.6, keptCorrect: 1 },
      { threshold: 0.7, kept: 3, precision: 2 / 3, keptCorrect: 2 / 3 },
      { threshold: 0.95, kept: 1, precision: 1, keptCorrect: 1 / 3 },
      { threshold: 1, kept: 0, precision: 1, keptCorrect: 0 },
    ]);
  });

  it('ROC AUC: share of right–wrong pairs ordered right, ties half', () => {
    expect(rocAuc(items)).toBeCloseTo(5 / 6, 12);
    expect(
      rocAuc([
        { score: 0.5, correct: true },
        { score: 0.5, correct: false },
      ]),
    ).toBe(0.5);
    expect(rocAuc([{ score: 0.5, correct: true }])).toBeNaN();
  });

  it('histogram bins are half-open, the last one closed', () => {
    expect(scoreHistogram([...items, { score: 1, correct: true }], [0, 0.5, 0.9, 1])).toEqual([
      { from: 0, to: 0.5, right: 0, wrong: 1 },
      { from: 0.5, to: 0.9, right: 1, wrong: 1 },
      { from: 0.9, to: 1, right: 3, wrong: 0 },
    ]);
  });
});
