import { BEAD_SHAPES, DEFAULT_ALIGN_PARAMS, type AlignParams, type BeadType } from './align-params.js';
import { sentenceAnchors, type SentenceAnchors } from './anchors.js';
import { logTwoTailed } from './log-erfc.js';

/** What the aligner needs of one sentence. */
export interface SentenceFeatures {
  /** Characters without whitespace (code points). */
  chars: number;
  anchors: SentenceAnchors;
}

/** One bead over two sentence lists, by half-open index ranges into those lists. */
export interface SentenceBead {
  type: BeadType;
  koStart: number;
  koEnd: number;
  enStart: number;
  enEnd: number;
  /** DP cost in nats: −ln prior − ln P(|Z| ≥ |δ|) − anchor reward (may be below 0). */
  cost: number;
  /**
   * Probability-like confidence in [0, 1] that the bead is a correct link: its own evidence ({@link beadScore}: δ
   * and anchors) times its posterior over all alignments; 0 for 1-0 and 0-1.
   */
  score: number;
  /** Gale–Church δ (Korean length against the expected one, in standard deviations); null for 1-0 and 0-1. */
  delta: number | null;
  /** Posterior probability of this bead over all monotone alignments (forward–backward). */
  posterior: number;
  sharedNumbers: string[];
  sharedLatin: string[];
}

/** Characters without whitespace, counted in code points (an astral character is one). */
export function countChars(text: string): number {
  let n = 0;
  for (const c of text) if (!/\s/.test(c)) n++;
  return n;
}

export function sentenceFeatures(text: string): SentenceFeatures {
  return { chars: countChars(text), anchors: sentenceAnchors(text) };
}

/**
 * Gale & Church (1993) δ: how far the Korean length is from `ratio ×` the English one, in standard deviations.
 * The variance grows with the mean size of the two sides in English characters, as in their reference code.
 */
export function lengthDelta(koChars: number, enChars: number, p: Pick<AlignParams, 'ratio' | 'variance'> = DEFAULT_ALIGN_PARAMS): number {
  const mean = (enChars + koChars / p.ratio) / 2;
  if (mean <= 0) return 0;
  return (koChars - p.ratio * enChars) / Math.sqrt(mean * p.variance);
}

interface AnchorEvidence {
  reward: number;
  sharedNumbers: string[];
  sharedLatin: string[];
}

function union(list: readonly SentenceFeatures[], key: keyof SentenceAnchors): Set<string> {
  const out = new Set<string>();
  for (const s of list) for (const v of s.anchors[key]) out.add(v);
  return out;
}

function stepped(count: number, r: AlignParams['numberReward']): number {
  return count === 0 ? 0 : Math.min(r.max, r.first + r.each * (count - 1));
}

/** Penalty for numbers on one side of a bead that the other side lacks. */
function unmatchedPenalty(count: number, p: AlignParams): number {
  return Math.min(p.unmatchedNumberPenalty.max, p.unmatchedNumberPenalty.each * count);
}

/** Anchor reward of a bead whose two sides are both non-empty (negative when numbers disagree). */
export function anchorEvidence(ko: readonly SentenceFeatures[], en: readonly SentenceFeatures[], p: AlignParams = DEFAULT_ALIGN_PARAMS): AnchorEvidence {
  const koNum = union(ko, 'numbers');
  const enNum = union(en, 'numbers');
  const sharedNumbers = [...koNum].filter((n) => enNum.has(n));
  const enLat = union(en, 'latin');
  const sharedLatin = [...union(ko, 'latin')].filter((t) => enLat.has(t));
  let reward = stepped(sharedNumbers.length, p.numberReward) + stepped(sharedLatin.length, p.latinReward);
  if (sharedNumbers.length === 0 && koNum.size > 0 && enNum.size > 0) reward -= p.numberMismatchPenalty;
  reward -= unmatchedPenalty(koNum.size + enNum.size - 2 * sharedNumbers.length, p);
  return { reward, sharedNumbers, sharedLatin };
}

/**
 * Posterior that a bead is a correct link, from a two-component model of δ: N(0, 1) for translations,
 * N(0, unrelatedSd²) for unrelated sentences, prior `correctPrior`; the anchor reward is added to the log odds as
 * the log-likelihood ratio it stands for.
 */
export function beadScore(delta: number, reward: number, p: AlignParams = DEFAULT_ALIGN_PARAMS): number {
  const sd = p.unrelatedSd;
  const logOdds = Math.log(p.correctPrior / (1 - p.correctPrior)) + Math.log(sd) - (delta * delta) / 2 + (delta * delta) / (2 * sd * sd) + reward;
  return 1 / (1 + Math.exp(-logOdds));
}

/** Anchor ids (interned strings) per sentence, for fast overlap counts inside the DP. */
function intern(lists: readonly (readonly string[])[], ids: Map<string, number>): Int32Array[] {
  return lists.map((l) =>
    Int32Array.from(l, (v) => {
      let id = ids.get(v);
      if (id === undefined) {
        id = ids.size;
        ids.set(v, id);
      }
      return id;
    }),
  );
}

/** |union(a[i0..i1)) ∩ union(b[j0..j1))| over interned anchor ids. */
function sharedCount(a: Int32Array[], i0: number, i1: number, b: Int32Array[], j0: number, j1: number): number {
  let n = 0;
  for (let k = i0; k < i1; k++) {
    const list = a[k]!;
    next: for (let x = 0; x < list.length; x++) {
      const v = list[x]!;
      for (let k2 = i0; k2 < k; k2++) if (a[k2]!.includes(v)) continue next;
      for (let j = j0; j < j1; j++) {
        if (b[j]!.includes(v)) {
          n++;
          continue next;
        }
      }
    }
  }
  return n;
}

/** |union(a[i0..i1))| over interned anchor ids. */
function distinctCount(a: Int32Array[], i0: number, i1: number): number {
  let n = 0;
  for (let k = i0; k < i1; k++) {
    const list = a[k]!;
    next: for (let x = 0; x < list.length; x++) {
      for (let k2 = i0; k2 < k; k2++) if (a[k2]!.includes(list[x]!)) continue next;
      n++;
    }
  }
  return n;
}

function anyNonEmpty(a: Int32Array[], i0: number, i1: number): boolean {
  for (let k = i0; k < i1; k++) if (a[k]!.length) return true;
  return false;
}

/**
 * The DP's bead cost over index ranges, without allocating: the same cost as {@link anchorEvidence} and
 * {@link lengthDelta} give on the sentences themselves, with lengths as prefix sums and anchors as interned ids.
 */
function beadCoster(ko: readonly SentenceFeatures[], en: readonly SentenceFeatures[], p: AlignParams) {
  const prefix = (list: readonly SentenceFeatures[]) => {
    const out = new Float64Array(list.length + 1);
    list.forEach((s, i) => {
      out[i + 1] = out[i]! + s.chars;
    });
    return out;
  };
  const koLen = prefix(ko);
  const enLen = prefix(en);
  const numIds = new Map<string, number>();
  const latIds = new Map<string, number>();
  const koNum = intern(
    ko.map((s) => s.anchors.numbers),
    numIds,
  );
  const enNum = intern(
    en.map((s) => s.anchors.numbers),
    numIds,
  );
  const koLat = intern(
    ko.map((s) => s.anchors.latin),
    latIds,
  );
  const enLat = intern(
    en.map((s) => s.anchors.latin),
    latIds,
  );
  const reward = (i0: number, i1: number, j0: number, j1: number): number => {
    const nums = sharedCount(koNum, i0, i1, enNum, j0, j1);
    let r = stepped(nums, p.numberReward) + stepped(sharedCount(koLat, i0, i1, enLat, j0, j1), p.latinReward);
    if (nums === 0 && anyNonEmpty(koNum, i0, i1) && anyNonEmpty(enNum, j0, j1)) r -= p.numberMismatchPenalty;
    if (p.unmatchedNumberPenalty.each > 0) r -= unmatchedPenalty(distinctCount(koNum, i0, i1) + distinctCount(enNum, j0, j1) - 2 * nums, p);
    return r;
  };
  const priorCost = BEAD_SHAPES.map((s) => -Math.log(p.priors[s.type]));
  return {
    priorCost,
    /** Largest reward any bead can get: bounds how much anchors can lower a cost (for pruning). */
    maxReward: Math.max(0, p.numberReward.max) + Math.max(0, p.latinReward.max),
    /** Cost of bead shape `s` ending after Korean sentence i and English sentence j (exclusive ends). */
    cost(s: number, i: number, j: number): { cost: number; delta: number | null; reward: number } {
      const shape = BEAD_SHAPES[s]!;
      const i0 = i - shape.ko;
      const j0 = j - shape.en;
      // An omitted or added sentence has no translation whose length could be scored: the prior alone prices it
      // (a fixed skip cost, as in hunalign and Vecalign), instead of Gale & Church's length term, which makes
      // dropping a long sentence near-impossible and so forces it into a wrong merge.
      if (shape.ko === 0 || shape.en === 0) return { cost: priorCost[s]!, delta: null, reward: 0 };
      const delta = lengthDelta(koLen[i]! - koLen[i0]!, enLen[j]! - enLen[j0]!, p);
      const r = reward(i0, i, j0, j);
      return { cost: priorCost[s]! - logTwoTailed(delta) - r, delta, reward: r };
    },
  };
}

/** Half-width (English sentences) of the band around the best path that the posterior sums run over. */
const POSTERIOR_BAND = 6;

/** Per Korean index, the English index range of the best path widened by `width` (cells outside carry no weight). */
function pathBand(points: readonly [number, number][], n: number, m: number, width: number): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(n + 1).fill(m + 1);
  const hi = new Int32Array(n + 1).fill(-1);
  for (const [i, j] of points) {
    lo[i] = Math.min(lo[i]!, j);
    hi[i] = Math.max(hi[i]!, j);
  }
  // Rows a 2-1 or 2-2 bead steps over take the range of the row before them.
  for (let i = 1; i <= n; i++) {
    if (hi[i]! < 0) {
      lo[i] = lo[i - 1]!;
      hi[i] = hi[i - 1]!;
    }
  }
  for (let i = 0; i <= n; i++) {
    lo[i] = Math.max(0, lo[i]! - width);
    hi[i] = Math.min(m, hi[i]! + width);
  }
  return { lo, hi };
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Forward–backward over the same lattice as the DP, with each bead's cost read as −ln of its weight: the posterior
 * probability that a bead is part of the alignment, summed over every monotone alignment, not just the best one.
 * Where the best path is one of many near-equal ones (a dropped sentence the lengths cannot place, a run of
 * similar sentences) it is low; where the path is forced it is near 1. This is what tells a bead shifted by one
 * sentence from a right one, which its own length fit cannot (Gale & Church's δ is as good for a neighbour).
 * The sums run over a band of {@link POSTERIOR_BAND} sentences around the best path: alignments further off carry
 * no weight worth computing, and the full table would cost ten times the DP itself on long articles.
 */
function beadPosteriors(
  coster: ReturnType<typeof beadCoster>,
  n: number,
  m: number,
  band: { lo: Int32Array; hi: Int32Array },
): (s: number, i: number, j: number, cost: number) => number {
  const width = m + 1;
  const fwd = new Float64Array((n + 1) * width).fill(-Infinity);
  const bwd = new Float64Array((n + 1) * width).fill(-Infinity);
  fwd[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = band.lo[i]!; j <= band.hi[i]!; j++) {
      if (i === 0 && j === 0) continue;
      let acc = -Infinity;
      for (let s = 0; s < BEAD_SHAPES.length; s++) {
        const shape = BEAD_SHAPES[s]!;
        if (shape.ko > i || shape.en > j) continue;
        const before = fwd[(i - shape.ko) * width + (j - shape.en)]!;
        if (before === -Infinity) continue;
        acc = logAddExp(acc, before - coster.cost(s, i, j).cost);
      }
      fwd[i * width + j] = acc;
    }
  }
  bwd[n * width + m] = 0;
  for (let i = n; i >= 0; i--) {
    for (let j = band.hi[i]!; j >= band.lo[i]!; j--) {
      if (i === n && j === m) continue;
      let acc = -Infinity;
      for (let s = 0; s < BEAD_SHAPES.length; s++) {
        const shape = BEAD_SHAPES[s]!;
        const i1 = i + shape.ko;
        const j1 = j + shape.en;
        if (i1 > n || j1 > m) continue;
        const after = bwd[i1 * width + j1]!;
        if (after === -Infinity) continue;
        acc = logAddExp(acc, after - coster.cost(s, i1, j1).cost);
      }
      bwd[i * width + j] = acc;
    }
  }
  const total = fwd[n * width + m]!;
  return (s, i, j, cost) => {
    const shape = BEAD_SHAPES[s]!;
    const lp = fwd[(i - shape.ko) * width + (j - shape.en)]! - cost + bwd[i * width + j]! - total;
    return Math.min(1, Math.exp(lp));
  };
}

/**
 * Gale–Church dynamic programming over two sentence lists (Korean, English): the monotone sequence of beads
 * (1-1, 1-0, 0-1, 2-1, 1-2, 2-2) with the least total cost. O(n·m) time and memory; ties prefer 1-1. Each bead's
 * score includes its posterior (forward–backward around the path) unless `posteriors: false`. Pure.
 */
export function alignSentences(
  ko: readonly SentenceFeatures[],
  en: readonly SentenceFeatures[],
  p: AlignParams = DEFAULT_ALIGN_PARAMS,
  options: { posteriors?: boolean } = {},
): SentenceBead[] {
  const n = ko.length;
  const m = en.length;
  const width = m + 1;
  const coster = beadCoster(ko, en, p);
  const cost = new Float64Array((n + 1) * width).fill(Infinity);
  const back = new Int8Array((n + 1) * width).fill(-1);
  cost[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue;
      let best = Infinity;
      let bestShape = -1;
      for (let s = 0; s < BEAD_SHAPES.length; s++) {
        const shape = BEAD_SHAPES[s]!;
        if (shape.ko > i || shape.en > j) continue;
        const before = cost[(i - shape.ko) * width + (j - shape.en)]!;
        // The length term is never negative and anchors lower a cost by at most maxReward: skip hopeless shapes.
        if (before + coster.priorCost[s]! - coster.maxReward >= best) continue;
        const c = before + coster.cost(s, i, j).cost;
        if (c < best) {
          best = c;
          bestShape = s;
        }
      }
      cost[i * width + j] = best;
      back[i * width + j] = bestShape;
    }
  }
  const points: [number, number][] = [[n, m]];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const shape = BEAD_SHAPES[back[i * width + j]!]!;
    i -= shape.ko;
    j -= shape.en;
    points.push([i, j]);
  }
  // Without posteriors (a caller that only needs the path) every bead counts as certain.
  const posterior = options.posteriors === false ? () => 1 : beadPosteriors(coster, n, m, pathBand(points, n, m, POSTERIOR_BAND));
  const beads: SentenceBead[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const s = back[i * width + j]!;
    const shape = BEAD_SHAPES[s]!;
    const koStart = i - shape.ko;
    const enStart = j - shape.en;
    const e = coster.cost(s, i, j);
    const anchors = e.delta === null ? null : anchorEvidence(ko.slice(koStart, i), en.slice(enStart, j), p);
    beads.push({
      type: shape.type,
      koStart,
      koEnd: i,
      enStart,
      enEnd: j,
      cost: e.cost,
      score: e.delta === null ? 0 : beadScore(e.delta, e.reward, p) * posterior(s, i, j, e.cost),
      posterior: posterior(s, i, j, e.cost),
      delta: e.delta,
      sharedNumbers: anchors?.sharedNumbers ?? [],
      sharedLatin: anchors?.sharedLatin ?? [],
    });
    i = koStart;
    j = enStart;
  }
  return beads.reverse();
}
