/**
 * The constants of the sentence aligner, each with where it comes from. Everything is overridable (`AlignParams`)
 * so the length model can be re-estimated on real Dong-A pairs (`estimateLengthModel`, `bench/align.bench.ts`).
 */

/** Bead shapes: Korean sentences – English sentences. */
export type BeadType = '1-1' | '1-0' | '0-1' | '2-1' | '1-2' | '2-2';

/** Bead shapes the DP considers, with their sentence counts; 1-1 first, so that it wins ties. */
export const BEAD_SHAPES: readonly { type: BeadType; ko: number; en: number }[] = [
  { type: '1-1', ko: 1, en: 1 },
  { type: '1-0', ko: 1, en: 0 },
  { type: '0-1', ko: 0, en: 1 },
  { type: '2-1', ko: 2, en: 1 },
  { type: '1-2', ko: 1, en: 2 },
  { type: '2-2', ko: 2, en: 2 },
];

export interface AlignParams {
  /**
   * Expected Korean characters per English character, whitespace excluded (Gale & Church's c).
   * @defaultValue 0.46
   */
  ratio: number;
  /**
   * Variance of the Korean length around `ratio × English length`, per English character (Gale & Church's s²).
   * @defaultValue 2.7
   */
  variance: number;
  /** Prior probability of each sentence bead shape. */
  priors: Readonly<Record<BeadType, number>>;
  /** Prior probability of each bead shape when whole paragraphs are aligned (the paragraph correspondence check). */
  paragraphPriors: Readonly<Record<BeadType, number>>;
  /** Cost reward (nats) for the first number both sides of a bead share, and for each further one. */
  numberReward: { first: number; each: number; max: number };
  /** Cost penalty (nats) when both sides of a bead have numbers and none agree. */
  numberMismatchPenalty: number;
  /** Cost penalty (nats) per number on one side of a bead that the other side lacks, up to `max`. */
  unmatchedNumberPenalty: { each: number; max: number };
  /** Cost reward (nats) for the first Latin token both sides share, and for each further one. */
  latinReward: { first: number; each: number; max: number };
  /** Prior probability that a bead the DP chose is a correct link (for the bead score). @defaultValue 0.9 */
  correctPrior: number;
  /** Standard deviation of δ for unrelated sentences of the same article (for the bead score). @defaultValue 2.5 */
  unrelatedSd: number;
  /** Largest DP table (Korean × English sentences) aligned; larger articles are not aligned. @defaultValue 1e6 */
  maxCells: number;
}

/**
 * Defaults.
 *
 * - `ratio` 0.46 and `variance` 2.7: measured on the Korean–English news corpus of Park & Cha (2008),
 *   jungyeul/korean-parallel-corpora `korean-english-news-v1` dev/test (KO/EN characters without spaces 0.452–0.462;
 *   s² 2.6–2.8 in these units; the hand-built JHE set gives 0.52–0.53 and 0.6, but it is learner text, not news).
 *   2.7 / 0.46 ≈ 5.9 per Korean character is close to Gale & Church's 6.8 per character for European pairs, i.e.
 *   ordinary professional-translation noise. That corpus runs EN→KO while Dong-A runs KO→EN: re-estimate on our own
 *   pairs once a real crawl exists.
 * - `paragraphPriors`: Gale & Church (1993), prob(match) estimated on their hand-aligned UBS text (1-1 .89; 1-0 or
 *   0-1 .0099; 2-1 or 1-2 .089; 2-2 .011), each figure used for both mirror shapes: paragraphs of a translation
 *   mostly correspond.
 * - `priors` (sentences): the English edition condenses (docs/alignment.md; Sennrich & Volk found only 74 % of
 *   hand-aligned news links 1-1). In the hand-labelled gold set (`tests/align/gold`, 83 beads) the shapes are 1-1
 *   .54, 2-1 .24, 1-0 .12, 1-2 and 0-1 .04 each, 2-2 and 3-1 .01: Gale & Church's priors made the DP run 1-1 beads
 *   past every merge and omission, shifted by a sentence (link precision .79). The defaults lie between the two,
 *   favouring 2-1 over 1-2 and 1-0 over 0-1 (Korean → condensed English): 1-1 .75, 2-1 .12, 1-2 .05, 1-0 .05, 0-1
 *   .02, 2-2 .01. Going all the way to the gold frequencies scores higher on the gold set but breaks faithful
 *   translations (a longer English made of 2-1 merges), and the gold set is small and written by us.
 * - `unmatchedNumberPenalty` 0.5 per number one side has and the other lacks (at most 1.5): a number survives
 *   translation in 78–90 % of aligned news sentences (figures above), so a number with no counterpart is evidence
 *   of a misalignment, halved like the rewards and capped because the English edition drops some figures. It is
 *   what moves a sentence with a figure the English left out into a 1-0 bead instead of a shifted 1-1.
 * - Anchor rewards: log-likelihood ratios from the same news corpus, halved because the DP's competing hypotheses
 *   are neighbouring sentences of the same story, which share numbers and names far more often than the random
 *   pairs they were measured against. A normalised number shared by aligned vs shuffled sentences: 78–90 % vs 1.3 %
 *   (ln ≈ 4.1 → 2); none shared although both have numbers: ≈ 16 % vs 99 % (ln ≈ −1.8 → penalty 1); a shared
 *   Latin token: 61.5 % vs 9.2 % (ln ≈ 1.9 → 1).
 * - `correctPrior` 0.9: Gale & Church report 4 % errors for length-only alignment of clean parliamentary text; news
 *   rewritten for another readership is assumed noisier.
 * - `unrelatedSd` 2.5: δ of two unrelated news sentences, from the corpus' mean sentence lengths (134 EN / 66 KO
 *   characters) with a spread of half the mean: sd(KO − c·EN) ≈ 45 characters over √(134 × 2.7) ≈ 19.
 */
export const DEFAULT_ALIGN_PARAMS: AlignParams = Object.freeze({
  ratio: 0.46,
  variance: 2.7,
  priors: Object.freeze({ '1-1': 0.75, '1-0': 0.05, '0-1': 0.02, '2-1': 0.12, '1-2': 0.05, '2-2': 0.01 }),
  paragraphPriors: Object.freeze({ '1-1': 0.89, '1-0': 0.0099, '0-1': 0.0099, '2-1': 0.089, '1-2': 0.089, '2-2': 0.011 }),
  numberReward: Object.freeze({ first: 2, each: 0.5, max: 3 }),
  numberMismatchPenalty: 1,
  unmatchedNumberPenalty: Object.freeze({ each: 0.5, max: 1.5 }),
  latinReward: Object.freeze({ first: 1, each: 0.25, max: 1.5 }),
  correctPrior: 0.9,
  unrelatedSd: 2.5,
  maxCells: 1_000_000,
});

/** Version of the splitter + aligner + defaults, recorded with every export that uses them. */
export const ALIGNER_VERSION = 'gc-ko-en@3';
