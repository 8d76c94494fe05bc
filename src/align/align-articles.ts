import { DEFAULT_ALIGN_PARAMS, type AlignParams, type BeadType } from './align-params.js';
import { alignSentences, sentenceFeatures, type SentenceBead, type SentenceFeatures } from './align-sentences.js';
import { splitSentences } from './split-sentences.js';

/** A sentence of an article body, with the (0-based) paragraph it comes from. */
export interface ArticleSentence {
  text: string;
  paragraph: number;
}

/** One alignment link over an article's sentences. */
export interface Bead {
  type: BeadType;
  /** 0-based indices into the article's Korean sentences (empty for 0-1). */
  ko: number[];
  /** 0-based indices into the article's English sentences (empty for 1-0). */
  en: number[];
  /** DP cost in nats (lower is better; may be below 0 when anchors agree). */
  cost: number;
  /** Confidence in [0, 1] that this is a correct link (own evidence × posterior); 0 for 1-0 and 0-1. */
  score: number;
  /** Gale–Church δ, or null for 1-0 and 0-1. */
  delta: number | null;
  /** Posterior probability of the bead over all monotone alignments of its block (forward–backward). */
  posterior: number;
  /** Normalised numbers found on both sides. */
  sharedNumbers: string[];
  /** Latin-script tokens found on both sides. */
  sharedLatin: string[];
}

export interface ArticleAlignment {
  /** `paragraph`: paragraph i aligned with paragraph i, sentences within; `article`: all sentences at once. */
  mode: 'paragraph' | 'article';
  ko: ArticleSentence[];
  en: ArticleSentence[];
  beads: Bead[];
  /** Sum of the bead costs. */
  cost: number;
  /**
   * Alignment quality in [0, 1]: the bead scores averaged with weights by bead size (English characters plus
   * Korean characters / ratio), 1-0 and 0-1 beads counting 0. About 0.95 for a complete, faithful translation.
   */
  quality: number;
  /** Share of Korean characters inside beads with both sides (1 − what the English left out). */
  koCoverage: number;
  /** Share of English characters inside beads with both sides (1 − what the English added). */
  enCoverage: number;
}

export type AlignArticlesResult = { ok: true; alignment: ArticleAlignment } | { ok: false; reason: 'too_large' };

interface Side {
  sentences: ArticleSentence[];
  features: SentenceFeatures[];
  /** Sentence index range [start, end) of each paragraph. */
  paragraphs: [number, number][];
}

function side(body: readonly string[]): Side {
  const sentences: ArticleSentence[] = [];
  const paragraphs: [number, number][] = [];
  body.forEach((para, p) => {
    const start = sentences.length;
    for (const text of splitSentences(para)) sentences.push({ text, paragraph: p });
    paragraphs.push([start, sentences.length]);
  });
  return { sentences, features: sentences.map((s) => sentenceFeatures(s.text)), paragraphs };
}

function chars(s: Side, [start, end]: [number, number]): number {
  let n = 0;
  for (let i = start; i < end; i++) n += s.features[i]!.chars;
  return n;
}

const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

function toBead(b: SentenceBead, koOffset: number, enOffset: number): Bead {
  return {
    type: b.type,
    ko: range(koOffset + b.koStart, koOffset + b.koEnd),
    en: range(enOffset + b.enStart, enOffset + b.enEnd),
    cost: b.cost,
    score: b.score,
    delta: b.delta,
    posterior: b.posterior,
    sharedNumbers: b.sharedNumbers,
    sharedLatin: b.sharedLatin,
  };
}

/** A paragraph as one aligner unit: its length and the union of its sentences' anchors. */
function paragraphFeatures(s: Side): SentenceFeatures[] {
  return s.paragraphs.map(([start, end]) => {
    const list = s.features.slice(start, end);
    return {
      chars: list.reduce((n, f) => n + f.chars, 0),
      anchors: { numbers: [...new Set(list.flatMap((f) => f.anchors.numbers))], latin: [...new Set(list.flatMap((f) => f.anchors.latin))] },
    };
  });
}

/**
 * Equal paragraph counts are trusted only when the same DP over whole paragraphs pairs paragraph i with paragraph i
 * (Gale & Church 1993 align paragraphs before sentences): a merge on one side and a split elsewhere leave the counts
 * equal but the paragraphs shifted.
 */
function paragraphsCorrespond(ko: Side, en: Side, p: AlignParams): boolean {
  if ((ko.paragraphs.length + 1) * (en.paragraphs.length + 1) > p.maxCells) return false;
  const beads = alignSentences(paragraphFeatures(ko), paragraphFeatures(en), { ...p, priors: p.paragraphPriors }, { posteriors: false });
  return beads.every((b) => b.type === '1-1');
}

/**
 * Aligns the sentences of a Korean article body with those of its English translation. When both have the same
 * number of paragraphs and they correspond one to one, paragraph i is aligned with paragraph i (a paragraph
 * boundary is then a hard anchor); otherwise the whole article's sentences are aligned in one DP. Pure.
 */
export function alignArticles(koBody: readonly string[], enBody: readonly string[], p: AlignParams = DEFAULT_ALIGN_PARAMS): AlignArticlesResult {
  const ko = side(koBody);
  const en = side(enBody);
  const paragraphSync = ko.paragraphs.length === en.paragraphs.length && paragraphsCorrespond(ko, en, p);
  const blocks: { ko: [number, number]; en: [number, number] }[] = paragraphSync
    ? ko.paragraphs.map((kp, i) => ({ ko: kp, en: en.paragraphs[i]! }))
    : [{ ko: [0, ko.sentences.length], en: [0, en.sentences.length] }];
  if (blocks.some((b) => (b.ko[1] - b.ko[0] + 1) * (b.en[1] - b.en[0] + 1) > p.maxCells)) return { ok: false, reason: 'too_large' };
  const beads: Bead[] = [];
  for (const b of blocks) {
    const local = alignSentences(ko.features.slice(b.ko[0], b.ko[1]), en.features.slice(b.en[0], b.en[1]), p);
    for (const lb of local) beads.push(toBead(lb, b.ko[0], b.en[0]));
  }
  let cost = 0;
  let weighted = 0;
  let weight = 0;
  let koLinked = 0;
  let enLinked = 0;
  for (const b of beads) {
    const k = b.ko.reduce((n, i) => n + ko.features[i]!.chars, 0);
    const e = b.en.reduce((n, i) => n + en.features[i]!.chars, 0);
    const w = e + k / p.ratio;
    cost += b.cost;
    weighted += w * b.score;
    weight += w;
    if (b.ko.length && b.en.length) {
      koLinked += k;
      enLinked += e;
    }
  }
  const koTotal = chars(ko, [0, ko.sentences.length]);
  const enTotal = chars(en, [0, en.sentences.length]);
  return {
    ok: true,
    alignment: {
      mode: paragraphSync ? 'paragraph' : 'article',
      ko: ko.sentences,
      en: en.sentences,
      beads,
      cost,
      quality: weight > 0 ? weighted / weight : 0,
      koCoverage: koTotal > 0 ? koLinked / koTotal : 0,
      enCoverage: enTotal > 0 ? enLinked / enTotal : 0,
    },
  };
}
