/**
 * The hand-labelled KO–EN sentence-alignment gold set (`tests/align/gold/*.json`, see README.md there): loading and
 * evaluating the aligner against it. Shared by the gold-set test and `bench/align.bench.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { alignArticles, type Bead } from '../../../src/align/align-articles.js';
import { DEFAULT_ALIGN_PARAMS, type AlignParams } from '../../../src/align/align-params.js';
import {
  beadScores,
  isGoldBead,
  linkScores,
  nullScores,
  parseBeadSpec,
  type LinkBead,
  type PrecisionRecall,
  type ScoredOutcome,
} from '../../../src/align/evaluate-alignment.js';

export interface GoldArticle {
  id: string;
  reconstructed: boolean;
  section: string;
  note: string;
  /** Paragraphs as lists of hand-segmented sentences. */
  ko: string[][];
  en: string[][];
  beads: LinkBead[];
}

const DIR = new URL('./', import.meta.url);

export function loadGoldSet(): GoldArticle[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Omit<GoldArticle, 'beads'> & { beads: string[] };
      return { ...raw, beads: raw.beads.map(parseBeadSpec) };
    });
}

export interface ScoredBead extends ScoredOutcome {
  article: string;
  type: string;
  bead: Bead;
}

export interface GoldEvaluation {
  articles: number;
  goldBeads: number;
  strict: PrecisionRecall;
  lax: PrecisionRecall;
  links: PrecisionRecall;
  nulls: PrecisionRecall;
  /** Every test bead with both sides, its score and whether gold has it exactly. */
  scored: ScoredBead[];
  modes: Record<string, number>;
}

/** Aligns every gold pair (paragraphs joined as the parser stores them) and scores the beads against gold. */
export function evaluateGoldSet(set: readonly GoldArticle[], params: AlignParams = DEFAULT_ALIGN_PARAMS): GoldEvaluation {
  const gold: LinkBead[] = [];
  const test: LinkBead[] = [];
  const scored: ScoredBead[] = [];
  const modes: Record<string, number> = {};
  // Indices are made global (offset per article) so one set of figures covers the whole gold set.
  let koOff = 0;
  let enOff = 0;
  for (const a of set) {
    const res = alignArticles(
      a.ko.map((p) => p.join(' ')),
      a.en.map((p) => p.join(' ')),
      params,
    );
    if (!res.ok) throw new Error(`${a.id}: ${res.reason}`);
    modes[res.alignment.mode] = (modes[res.alignment.mode] ?? 0) + 1;
    const shift = (b: LinkBead): LinkBead => ({ ko: b.ko.map((i) => i + koOff), en: b.en.map((j) => j + enOff) });
    for (const b of a.beads) gold.push(shift(b));
    for (const b of res.alignment.beads) {
      test.push(shift(b));
      if (b.ko.length && b.en.length) scored.push({ article: a.id, type: b.type, bead: b, score: b.score, correct: isGoldBead(b, a.beads) });
    }
    koOff += a.ko.flat().length;
    enOff += a.en.flat().length;
  }
  return {
    articles: set.length,
    goldBeads: gold.length,
    ...beadScores(gold, test),
    links: linkScores(gold, test),
    nulls: nullScores(gold, test),
    scored,
    modes,
  };
}
