import { describe, expect, it } from 'vitest';
import { DEFAULT_ALIGN_PARAMS } from '../../src/align/align-params.js';
import { precisionAtThresholds, rocAuc } from '../../src/align/evaluate-alignment.js';
import { splitSentences } from '../../src/align/split-sentences.js';
import { evaluateGoldSet, loadGoldSet } from './gold/gold-set.js';

// The hand-labelled gold set (tests/align/gold/README.md) and floors set a little below what the aligner measures
// on it (bench:align prints the figures; notes: link P/R .876/.867, strict bead P/R .757/.800, AUC .80,
// precision .96 at score ≥ 0.9). A change that loses alignment quality fails here.

const set = loadGoldSet();

describe('gold set', () => {
  it('has at least 6 reconstructed article pairs and 80 beads of every kind', () => {
    expect(set.length).toBeGreaterThanOrEqual(6);
    expect(set.every((a) => a.reconstructed === true && a.note.length > 20)).toBe(true);
    const beads = set.flatMap((a) => a.beads);
    expect(beads.length).toBeGreaterThanOrEqual(80);
    const shape = (k: number, e: number) => beads.filter((b) => b.ko.length === k && b.en.length === e).length;
    expect(shape(1, 1)).toBeGreaterThan(30);
    expect(shape(2, 1)).toBeGreaterThanOrEqual(5);
    expect(shape(1, 2)).toBeGreaterThanOrEqual(2);
    expect(shape(1, 0)).toBeGreaterThanOrEqual(5);
    expect(shape(0, 1)).toBeGreaterThanOrEqual(2);
    // Paragraph boundaries differ between the sides in most pairs (the English edition regroups paragraphs).
    const differ = set.filter((a) => a.ko.map((p) => p.length).join() !== a.en.map((p) => p.length).join()).length;
    expect(differ).toBeGreaterThanOrEqual(6);
  });

  it.each(set.map((a) => [a.id, a] as const))('%s: the hand segmentation is what the splitter gives', (_id, a) => {
    for (const side of [a.ko, a.en]) for (const para of side) expect(splitSentences(para.join(' '))).toEqual(para);
  });

  it.each(set.map((a) => [a.id, a] as const))('%s: every sentence is in exactly one bead', (_id, a) => {
    for (const [side, n] of [
      ['ko', a.ko.flat().length],
      ['en', a.en.flat().length],
    ] as const) {
      const seen = a.beads.flatMap((b) => b[side]).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('aligner against the gold set (floors)', () => {
  const e = evaluateGoldSet(set, DEFAULT_ALIGN_PARAMS);

  it('link and bead precision/recall', () => {
    expect(e.links.precision).toBeGreaterThanOrEqual(0.85);
    expect(e.links.recall).toBeGreaterThanOrEqual(0.84);
    expect(e.strict.precision).toBeGreaterThanOrEqual(0.73);
    expect(e.strict.recall).toBeGreaterThanOrEqual(0.77);
    expect(e.lax.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('bead scores separate right beads from wrong ones', () => {
    expect(rocAuc(e.scored)).toBeGreaterThanOrEqual(0.75);
    const [at05, at09] = precisionAtThresholds(e.scored, [0.5, 0.9]);
    expect(at05!.precision).toBeGreaterThan(e.strict.precision); // the default --min-score filters wrong beads out
    expect(at09!.precision).toBeGreaterThanOrEqual(0.9);
    expect(at09!.kept).toBeGreaterThanOrEqual(20);
    const mean = (right: boolean) => {
      const xs = e.scored.filter((x) => x.correct === right).map((x) => x.score);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 0.1);
  });
});
