import { describe, expect, it } from 'vitest';
import { BEAD_SHAPES, DEFAULT_ALIGN_PARAMS } from '../../src/align/align-params.js';
import {
  alignSentences,
  anchorEvidence,
  beadScore,
  countChars,
  lengthDelta,
  sentenceFeatures,
  type SentenceFeatures,
} from '../../src/align/align-sentences.js';
import { logTwoTailed } from '../../src/align/log-erfc.js';

const f = (chars: number, numbers: string[] = [], latin: string[] = []): SentenceFeatures => ({ chars, anchors: { numbers, latin } });
const shape = (beads: ReturnType<typeof alignSentences>) => beads.map((b) => `${b.type} ${b.koStart}-${b.koEnd}:${b.enStart}-${b.enEnd}`);

describe('lengths', () => {
  it('counts characters without whitespace, astral characters once', () => {
    expect(countChars(' 한국 은행\tBOK 😀 ')).toBe(8);
    expect(sentenceFeatures('GDP가 2.1% 늘었다.')).toEqual({ chars: 12, anchors: { numbers: ['2.1'], latin: ['GDP'] } });
  });

  it('δ is 0 at the expected ratio, negative when the Korean is short, positive when long', () => {
    expect(lengthDelta(46, 100)).toBe(0);
    expect(lengthDelta(30, 100)).toBeLessThan(-1);
    expect(lengthDelta(70, 100)).toBeGreaterThan(1);
    // Variance grows with length: the same relative error is more surprising in a longer bead.
    expect(Math.abs(lengthDelta(60, 200))).toBeGreaterThan(Math.abs(lengthDelta(30, 100)));
    expect(lengthDelta(0, 0)).toBe(0);
  });
});

describe('anchors and scores', () => {
  it('rewards shared numbers and Latin tokens, penalises numbers that disagree', () => {
    expect(anchorEvidence([f(10, ['2020'])], [f(20, ['2020'])]).reward).toBe(2);
    expect(anchorEvidence([f(10, ['2020', '15'])], [f(20, ['15', '2020'])]).reward).toBe(2.5);
    expect(anchorEvidence([f(10, ['1', '2', '3', '4', '5'])], [f(20, ['1', '2', '3', '4', '5'])]).reward).toBe(3); // capped
    // Numbers one side has and the other lacks: 0.5 each, at most 1.5 (99 here; 2020 and 2021 below).
    expect(anchorEvidence([f(10, ['2020', '15'])], [f(20, ['15', '2020', '99'])]).reward).toBe(2);
    expect(anchorEvidence([f(10, ['2020'])], [f(20, ['2021'])]).reward).toBe(-2);
    expect(anchorEvidence([f(10, ['2020'])], [f(20)]).reward).toBe(-0.5); // a number the English lacks
    expect(anchorEvidence([f(10, ['1', '2', '3', '4'])], [f(20)]).reward).toBe(-1.5); // capped
    expect(anchorEvidence([f(10)], [f(20)]).reward).toBe(0);
    expect(anchorEvidence([f(10, [], ['SMA', 'Fed'])], [f(20, [], ['The', 'SMA', 'Fed'])])).toEqual({
      reward: 1.25,
      sharedNumbers: [],
      sharedLatin: ['SMA', 'Fed'],
    });
    // A 2-1 bead pools both sentences.
    expect(anchorEvidence([f(10, ['30']), f(10, ['40'])], [f(20, ['30', '40'])]).sharedNumbers).toEqual(['30', '40']);
  });

  it('the score falls with |δ|, crosses 0.5 near 2.7 without anchors, and anchors lift it', () => {
    expect(beadScore(0, 0)).toBeCloseTo(22.5 / 23.5, 9); // prior odds 9 × sd 2.5
    expect(beadScore(2, 0)).toBeLessThan(beadScore(1, 0));
    expect(beadScore(-2, 0)).toBe(beadScore(2, 0));
    expect(beadScore(2.6, 0)).toBeGreaterThan(0.5);
    expect(beadScore(2.8, 0)).toBeLessThan(0.5);
    expect(beadScore(2.8, 2)).toBeGreaterThan(0.8);
    expect(beadScore(0, -1)).toBeLessThan(beadScore(0, 0));
  });
});

describe('alignSentences', () => {
  it('handles empty sides', () => {
    expect(alignSentences([], [])).toEqual([]);
    expect(shape(alignSentences([], [f(40)]))).toEqual(['0-1 0-0:0-1']);
    expect(shape(alignSentences([f(20), f(20)], []))).toEqual(['1-0 0-1:0-0', '1-0 1-2:0-0']);
    expect(alignSentences([f(20)], [])[0]).toMatchObject({ score: 0, delta: null, cost: -Math.log(DEFAULT_ALIGN_PARAMS.priors['1-0']) });
  });

  it('pairs sentences by length: a long Korean sentence against two English ones, and two short ones against one', () => {
    // Korean 46 ↔ English 100 is the expected ratio.
    expect(shape(alignSentences([f(46), f(92), f(23), f(23)], [f(100), f(100), f(100), f(100)]))).toEqual(['1-1 0-1:0-1', '1-2 1-2:1-3', '2-1 2-4:3-4']);
  });

  it('prefers 1-1 when everything else is equal', () => {
    expect(shape(alignSentences([f(46), f(46)], [f(100), f(100)]))).toEqual(['1-1 0-1:0-1', '1-1 1-2:1-2']);
  });

  it('a sentence with no counterpart becomes 1-0 rather than a wildly unequal merge', () => {
    expect(shape(alignSentences([f(46), f(120), f(46)], [f(100), f(100)]))).toEqual(['1-1 0-1:0-1', '1-0 1-2:1-1', '1-1 2-3:1-2']);
  });
});

describe('alignSentences against brute force', () => {
  /** Small deterministic PRNG (LCG) so the cases are the same on every run. */
  function rng(seed: number) {
    let x = seed >>> 0;
    return () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 2 ** 32;
    };
  }
  const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

  /** A bead's cost recomputed from the sentences themselves (the DP uses a faster path). */
  function beadCost(type: string, ko: SentenceFeatures[], en: SentenceFeatures[]): number {
    const prior = -Math.log(DEFAULT_ALIGN_PARAMS.priors[type as keyof typeof DEFAULT_ALIGN_PARAMS.priors]);
    if (!ko.length || !en.length) return prior;
    const sum = (l: SentenceFeatures[]) => l.reduce((n, x) => n + x.chars, 0);
    return prior - logTwoTailed(lengthDelta(sum(ko), sum(en))) - anchorEvidence(ko, en).reward;
  }

  /** The least total cost over every monotone bead sequence, by exhaustive recursion. */
  function bruteForce(ko: SentenceFeatures[], en: SentenceFeatures[]): number {
    const go = (i: number, j: number): number => {
      if (i === ko.length && j === en.length) return 0;
      let best = Infinity;
      for (const s of BEAD_SHAPES) {
        if (i + s.ko > ko.length || j + s.en > en.length) continue;
        best = Math.min(best, beadCost(s.type, ko.slice(i, i + s.ko), en.slice(j, j + s.en)) + go(i + s.ko, j + s.en));
      }
      return best;
    };
    return go(0, 0);
  }

  it('finds the least-cost alignment, and reports each bead with the cost and score of its own sentences', () => {
    const r = rng(20260106);
    const anchors = ['10', '2020', '3.5', 'SMA', 'Fed'];
    const sentence = (scale: number) =>
      f(Math.max(1, Math.round((10 + r() * 120) * scale)), r() < 0.3 ? [pick(r, anchors.slice(0, 3))] : [], r() < 0.2 ? [pick(r, anchors.slice(3))] : []);
    for (let t = 0; t < 60; t++) {
      const ko = Array.from({ length: 1 + Math.floor(r() * 5) }, () => sentence(0.46));
      const en = Array.from({ length: 1 + Math.floor(r() * 5) }, () => sentence(1));
      const beads = alignSentences(ko, en);
      const total = beads.reduce((n, b) => n + b.cost, 0);
      expect(total).toBeCloseTo(bruteForce(ko, en), 9);
      // Beads tile both sides in order.
      expect(beads.map((b) => [b.koStart, b.enStart])).toEqual(beads.map((_, i) => (i === 0 ? [0, 0] : [beads[i - 1]!.koEnd, beads[i - 1]!.enEnd])));
      expect([beads.at(-1)!.koEnd, beads.at(-1)!.enEnd]).toEqual([ko.length, en.length]);
      for (const b of beads) {
        const k = ko.slice(b.koStart, b.koEnd);
        const e = en.slice(b.enStart, b.enEnd);
        expect(b.cost).toBeCloseTo(beadCost(b.type, k, e), 9);
        // The score is the bead's own evidence (δ and anchors) times its posterior over all alignments.
        expect(b.posterior).toBeGreaterThan(0);
        expect(b.posterior).toBeLessThanOrEqual(1);
        if (b.delta !== null) expect(b.score).toBeCloseTo(beadScore(b.delta, anchorEvidence(k, e).reward) * b.posterior, 12);
      }
    }
  });

  it('counts a number once in a merged bead even when both sentences of one side have it', () => {
    const ko = [f(23, ['2020'], ['SMA']), f(23, ['2020'], ['SMA'])];
    const en = [f(100, ['2020'], ['SMA'])];
    const [b] = alignSentences(ko, en);
    expect(b).toMatchObject({ type: '2-1', sharedNumbers: ['2020'], sharedLatin: ['SMA'] });
    expect(b!.cost).toBeCloseTo(-Math.log(DEFAULT_ALIGN_PARAMS.priors['2-1']) - logTwoTailed(lengthDelta(46, 100)) - 3, 9);
  });

  it('posteriors: high where the path is forced, about even where a dropped sentence could be either of two', () => {
    const forced = alignSentences([f(46), f(23), f(69)], [f(100), f(50), f(150)]);
    expect(forced.map((b) => b.type)).toEqual(['1-1', '1-1', '1-1']);
    for (const b of forced) expect(b.posterior).toBeGreaterThan(0.8);
    // Two Korean sentences of the same length, one English sentence that fits either: which one was dropped is a
    // coin toss, and so is each 1-1 bead's posterior; the score says so, the length fit alone would not.
    const [x, y] = alignSentences([f(46), f(46)], [f(100)]);
    const linked = [x!, y!].find((b) => b.type === '1-1')!;
    expect(linked.posterior).toBeGreaterThan(0.2);
    expect(linked.posterior).toBeLessThan(0.6);
    expect(linked.score).toBeLessThan(beadScore(linked.delta!, 0) * 0.6);
    // An anchor settles it: the sentence sharing the English number is the one kept.
    const anchored = alignSentences([f(46), f(46, ['2020'])], [f(100, ['2020'])]);
    expect(shape(anchored)).toEqual(['1-0 0-1:0-0', '1-1 1-2:0-1']);
    expect(anchored[1]!.posterior).toBeGreaterThan(0.8);
    expect(anchored[1]!.score).toBeGreaterThan(linked.score + 0.3);
  });

  it('posteriors: false gives the same path with every posterior 1', () => {
    const ko = [f(46), f(46, ['2020']), f(30)];
    const en = [f(100, ['2020']), f(60)];
    const a = alignSentences(ko, en);
    const b = alignSentences(ko, en, DEFAULT_ALIGN_PARAMS, { posteriors: false });
    expect(shape(b)).toEqual(shape(a));
    expect(b.every((x) => x.posterior === 1)).toBe(true);
  });
});
