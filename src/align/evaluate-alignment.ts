/**
 * Scoring an alignment against a hand-labelled one (docs/alignment.md, Gold set and precision/recall): strict and lax precision/recall over
 * beads, as in Sennrich & Volk (2011) and Vecalign's `score.py` (a strict hit is the same bead; a lax hit overlaps a
 * gold bead on both sides; beads with an empty side, omissions and additions, do not count), precision/recall over
 * sentence links (every Korean–English sentence pair a bead joins), and how well bead scores separate right beads
 * from wrong ones. Pure.
 */

/** A bead as sentence indices on each side (either side may be empty; gold beads may be non-contiguous). */
export interface LinkBead {
  ko: readonly number[];
  en: readonly number[];
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  /** Hits among the test items (numerator of precision). */
  hits: number;
  /** Test items counted. */
  test: number;
  /** Gold items counted. */
  gold: number;
}

/** `[0, 1]:[2]` (Vecalign's output form) → a bead; `[]` is an empty side. Throws on anything else. */
export function parseBeadSpec(spec: string): LinkBead {
  const m = /^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$/.exec(spec);
  if (!m) throw new Error(`not a bead "[ko…]:[en…]": ${spec}`);
  const list = (s: string) => (s.trim() === '' ? [] : s.split(',').map((x) => Number(x.trim())));
  const bead = { ko: list(m[1]!), en: list(m[2]!) };
  if (bead.ko.length === 0 && bead.en.length === 0) throw new Error(`empty bead: ${spec}`);
  return bead;
}

export function formatBead(b: LinkBead): string {
  return `[${b.ko.join(', ')}]:[${b.en.join(', ')}]`;
}

const isLink = (b: LinkBead) => b.ko.length > 0 && b.en.length > 0;
const key = (b: LinkBead) => formatBead({ ko: [...b.ko].sort((x, y) => x - y), en: [...b.en].sort((x, y) => x - y) });
const overlaps = (a: LinkBead, b: LinkBead) => a.ko.some((i) => b.ko.includes(i)) && a.en.some((j) => b.en.includes(j));

function prf(hits: number, test: number, goldHits: number, gold: number): PrecisionRecall {
  const precision = test > 0 ? hits / test : 0;
  const recall = gold > 0 ? goldHits / gold : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, hits, test, gold };
}

/** True when `bead` is one of `gold`'s beads exactly (same sentences on both sides). */
export function isGoldBead(bead: LinkBead, gold: readonly LinkBead[]): boolean {
  const k = key(bead);
  return gold.some((g) => key(g) === k);
}

/** Strict and lax bead precision/recall; beads with an empty side are left out on both sides. */
export function beadScores(gold: readonly LinkBead[], test: readonly LinkBead[]): { strict: PrecisionRecall; lax: PrecisionRecall } {
  const g = gold.filter(isLink);
  const t = test.filter(isLink);
  const goldKeys = new Set(g.map(key));
  const testKeys = new Set(t.map(key));
  const strictHits = t.filter((b) => goldKeys.has(key(b))).length;
  const strictGoldHits = g.filter((b) => testKeys.has(key(b))).length;
  const laxHits = t.filter((b) => g.some((x) => overlaps(b, x))).length;
  const laxGoldHits = g.filter((b) => t.some((x) => overlaps(b, x))).length;
  return { strict: prf(strictHits, t.length, strictGoldHits, g.length), lax: prf(laxHits, t.length, laxGoldHits, g.length) };
}

/** The sentence links (`ko:en` pairs) of a list of beads. */
function linksOf(beads: readonly LinkBead[]): Set<string> {
  const out = new Set<string>();
  for (const b of beads) for (const i of b.ko) for (const j of b.en) out.add(`${i}:${j}`);
  return out;
}

/** Precision/recall over sentence links: a 2-1 bead is two links, each right or wrong on its own. */
export function linkScores(gold: readonly LinkBead[], test: readonly LinkBead[]): PrecisionRecall {
  const g = linksOf(gold);
  const t = linksOf(test);
  let hits = 0;
  for (const l of t) if (g.has(l)) hits++;
  return prf(hits, t.size, hits, g.size);
}

/** Precision/recall of omissions and additions: a 1-0 (0-1) test bead is a hit when gold leaves that sentence out too. */
export function nullScores(gold: readonly LinkBead[], test: readonly LinkBead[]): PrecisionRecall {
  const nulls = (beads: readonly LinkBead[]) =>
    new Set(beads.filter((b) => !isLink(b)).flatMap((b) => [...b.ko.map((i) => `ko${i}`), ...b.en.map((j) => `en${j}`)]));
  const g = nulls(gold);
  const t = nulls(test);
  let hits = 0;
  for (const s of t) if (g.has(s)) hits++;
  return prf(hits, t.size, hits, g.size);
}

/** A scored bead and whether it is right. */
export interface ScoredOutcome {
  score: number;
  correct: boolean;
}

export interface ThresholdRow {
  threshold: number;
  /** Beads scoring at least the threshold. */
  kept: number;
  /** Share of them that are right. */
  precision: number;
  /** Right beads kept, as a share of all right beads. */
  keptCorrect: number;
}

/** Precision of the beads kept at each score threshold (`--min-score`). */
export function precisionAtThresholds(items: readonly ScoredOutcome[], thresholds: readonly number[]): ThresholdRow[] {
  const allCorrect = items.filter((x) => x.correct).length;
  return thresholds.map((threshold) => {
    const kept = items.filter((x) => x.score >= threshold);
    const right = kept.filter((x) => x.correct).length;
    return { threshold, kept: kept.length, precision: kept.length ? right / kept.length : 1, keptCorrect: allCorrect ? right / allCorrect : 0 };
  });
}

/**
 * Area under the ROC curve: the chance that a random right bead scores above a random wrong one (ties count half).
 * 0.5 means the score does not tell them apart; 1 means a threshold separates them perfectly. NaN without both kinds.
 */
export function rocAuc(items: readonly ScoredOutcome[]): number {
  const right = items.filter((x) => x.correct).map((x) => x.score);
  const wrong = items.filter((x) => !x.correct).map((x) => x.score);
  if (!right.length || !wrong.length) return NaN;
  let wins = 0;
  for (const r of right) for (const w of wrong) wins += r > w ? 1 : r === w ? 0.5 : 0;
  return wins / (right.length * wrong.length);
}

/** Counts of right and wrong beads per score bin [lower, upper) (the last bin includes 1). */
export function scoreHistogram(items: readonly ScoredOutcome[], edges: readonly number[]): { from: number; to: number; right: number; wrong: number }[] {
  const out = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const from = edges[k]!;
    const to = edges[k + 1]!;
    const last = k + 2 === edges.length;
    const inBin = items.filter((x) => x.score >= from && (x.score < to || (last && x.score <= to)));
    out.push({ from, to, right: inBin.filter((x) => x.correct).length, wrong: inBin.filter((x) => !x.correct).length });
  }
  return out;
}
