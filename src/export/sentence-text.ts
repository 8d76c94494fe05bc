import { join } from 'node:path';
import { alignArticles, type ArticleAlignment, type Bead } from '../align/align-articles.js';
import { ALIGNER_VERSION, DEFAULT_ALIGN_PARAMS, type AlignParams, type BeadType } from '../align/align-params.js';
import type { StoredPair } from '../store/pair-store.js';
import { AtomicFile } from './atomic-file.js';
import type { ExportFileSummary, ExportSink } from './export-sink.js';
import { tmxHead, TMX_TAIL, type TmxHeadOptions } from './parallel-text.js';
import { escapeXmlAttr, escapeXmlText } from './xml.js';

/**
 * Sentence-level parallel text of `paired` pairs, from the model-free aligner in `src/align` (Gale–Church
 * lengths + number and Latin-token anchors). Only 1-1 beads (optionally also 1-2 and 2-1, their two sentences
 * joined by a space) whose score reaches `minScore` are written; every other bead is counted as skipped.
 */
const TMX_SENT_FILE = 'donga.ko-en.sent.tmx';
const MOSES_KO_FILE = 'donga.ko-en.ko';
const MOSES_EN_FILE = 'donga.ko-en.en';
/** One line per Moses line: pairId, revision, Korean and English sentence indices, bead type, score (tab-separated). */
export const MOSES_IDS_FILE = 'donga.ko-en.ids';
const MOSES_FILES = [MOSES_KO_FILE, MOSES_EN_FILE, MOSES_IDS_FILE] as const;

export interface SentenceExportOptions {
  /**
   * Lowest bead score written. The score is the aligner's posterior that the bead is a correct link; 0.5 keeps
   * beads the model thinks more likely right than wrong (a 1-1 bead without anchors passes up to |δ| ≈ 2.7).
   * @defaultValue 0.5
   */
  minScore: number;
  /** Also write 1-2 and 2-1 beads, the two sentences of the longer side joined by a space. @defaultValue false */
  mergeOneToMany: boolean;
}

export const DEFAULT_SENTENCE_EXPORT: Readonly<SentenceExportOptions> = Object.freeze({ minScore: 0.5, mergeOneToMany: false });

/** One exported sentence pair. */
export interface SentenceSegment {
  /** 0-based index of the bead in the pair's alignment (stable whatever was skipped). */
  bead: number;
  type: BeadType;
  /** 0-based sentence indices in the article body (title excluded), as split by the aligner. */
  koIdx: number[];
  enIdx: number[];
  ko: string;
  en: string;
  score: number;
}

/** Per-file counts: `beads` = `segments` + every `skipped…` count. */
export interface SentenceCounts {
  /** Sentence pairs written (TMX units or Moses lines). */
  segments: number;
  /** Pairs with at least one segment written. */
  pairs: number;
  /** Paired pairs aligned, and how: paragraph by paragraph or the whole article at once. */
  pairsAligned: number;
  pairsAlignedByParagraph: number;
  /** Paired pairs too long to align (more than `maxCells` DP cells). */
  pairsTooLarge: number;
  beads: number;
  /** Beads of a written shape whose score is below `minScore`. */
  skippedLowScore: number;
  /** 1-0 and 0-1 beads: a sentence with no counterpart. */
  skippedInsertDelete: number;
  /** 2-2 beads, and 1-2/2-1 beads unless merged. */
  skippedManyToMany: number;
  /** Beads whose text is empty once control characters are removed. */
  skippedEmpty: number;
}

export function emptySentenceCounts(): SentenceCounts {
  return {
    segments: 0,
    pairs: 0,
    pairsAligned: 0,
    pairsAlignedByParagraph: 0,
    pairsTooLarge: 0,
    beads: 0,
    skippedLowScore: 0,
    skippedInsertDelete: 0,
    skippedManyToMany: 0,
    skippedEmpty: 0,
  };
}

export type PairAlignmentResult = { ok: true; alignment: ArticleAlignment } | { ok: false; reason: 'not_paired' | 'too_large' };

/** Aligns a pair's article bodies (titles are rewritten too freely to align), or says why not. Pure. */
export function alignPair(pair: StoredPair, params: AlignParams = DEFAULT_ALIGN_PARAMS): PairAlignmentResult {
  if (pair.pairing.status !== 'paired' || !pair.korean) return { ok: false, reason: 'not_paired' };
  return alignArticles(pair.korean.body, pair.english.body, params);
}

/**
 * One line of text: every line or paragraph separator (including U+2028/2029, U+0085 and the C0 separators that
 * Python's `splitlines` honours) and every other control character becomes a space, so line N of the `.ko` file
 * is always line N of the `.en` and `.ids` files.
 */
export function oneLine(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: separators (U+001C-U+001F) become spaces
      .replace(/[\s\u0085\u001C-\u001F]+/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the other control characters are dropped
      .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
      .trim()
  );
}

type BeadVerdict = 'write' | 'lowScore' | 'insertDelete' | 'manyToMany';

function verdict(b: Bead, opts: SentenceExportOptions): BeadVerdict {
  if (b.type === '1-0' || b.type === '0-1') return 'insertDelete';
  if (b.type === '2-2' || ((b.type === '1-2' || b.type === '2-1') && !opts.mergeOneToMany)) return 'manyToMany';
  return b.score >= opts.minScore ? 'write' : 'lowScore';
}

/** The segments of an alignment worth writing, counting the rest into `counts`. Pure. */
export function selectSegments(a: ArticleAlignment, opts: SentenceExportOptions, counts: SentenceCounts): SentenceSegment[] {
  const out: SentenceSegment[] = [];
  a.beads.forEach((b, i) => {
    counts.beads++;
    const v = verdict(b, opts);
    if (v === 'lowScore') counts.skippedLowScore++;
    else if (v === 'insertDelete') counts.skippedInsertDelete++;
    else if (v === 'manyToMany') counts.skippedManyToMany++;
    if (v !== 'write') return;
    const ko = oneLine(b.ko.map((k) => a.ko[k]!.text).join(' '));
    const en = oneLine(b.en.map((e) => a.en[e]!.text).join(' '));
    if (!ko || !en) {
      counts.skippedEmpty++;
      return;
    }
    out.push({ bead: i, type: b.type, koIdx: b.ko, enIdx: b.en, ko, en, score: b.score });
  });
  return out;
}

/** A score as written to files: three decimals, rounded down so a written score never exceeds the real one. */
export function formatScore(score: number): string {
  return (Math.floor(score * 1000) / 1000).toFixed(3);
}

/** The `.ids` line of a segment: pairId, revision, Korean indices, English indices, bead type, score. Pure. */
export function mosesIdsLine(pair: Pick<StoredPair, 'pairId' | 'revision'>, s: SentenceSegment): string {
  return [pair.pairId, String(pair.revision), s.koIdx.join(','), s.enIdx.join(','), s.type, formatScore(s.score)].join('\t');
}

/** The `<tu>` of a segment (tuid `<pairId>#<bead>`), Korean first. Pure. */
export function tmxSentenceUnit(pair: StoredPair, s: SentenceSegment): string {
  const prop = (type: string, value: string) => `  <prop type="${type}">${escapeXmlText(value)}</prop>\n`;
  return (
    `<tu tuid="${escapeXmlAttr(`${pair.pairId}#${s.bead}`)}">\n` +
    prop('x-pair-id', pair.pairId) +
    prop('x-revision', String(pair.revision)) +
    prop('x-bead', s.type) +
    prop('x-ko-sentences', s.koIdx.join(',')) +
    prop('x-en-sentences', s.enIdx.join(',')) +
    prop('x-score', formatScore(s.score)) +
    prop('x-ko-url', pair.korean?.url ?? '') +
    prop('x-en-url', pair.english.url) +
    `  <tuv xml:lang="ko"><seg>${escapeXmlText(s.ko)}</seg></tuv>\n` +
    `  <tuv xml:lang="en"><seg>${escapeXmlText(s.en)}</seg></tuv>\n` +
    '</tu>\n'
  );
}

/** The header note of the sentence TMX. Pure. */
function tmxSentenceNote(opts: SentenceExportOptions): string {
  const shapes = opts.mergeOneToMany ? '1-1, 1-2 and 2-1 beads (two sentences joined by a space)' : '1-1 beads';
  return `Sentence pairs of Dong-A Ilbo articles (Korean original, English edition), aligned without a model (${ALIGNER_VERSION}: Gale-Church lengths with number and Latin-token anchors); only ${shapes} with score >= ${opts.minScore}. Text rights remain with the publisher.`;
}

/**
 * Aligns each pair once for all sentence sinks of one export: they receive the same pair object one after another,
 * so remembering the last result is enough.
 */
export function createPairAligner(params: AlignParams = DEFAULT_ALIGN_PARAMS): (pair: StoredPair) => PairAlignmentResult {
  let last: { pair: StoredPair; result: PairAlignmentResult } | null = null;
  return (pair) => {
    if (last?.pair !== pair) last = { pair, result: alignPair(pair, params) };
    return last.result;
  };
}

export interface SentenceSinkOptions {
  sentences: SentenceExportOptions;
  align: (pair: StoredPair) => PairAlignmentResult;
}

/** Segments of one pair, updating the pair-level counts. */
function segmentsOf(pair: StoredPair, opts: SentenceSinkOptions, counts: SentenceCounts): SentenceSegment[] {
  const res = opts.align(pair);
  if (!res.ok) {
    if (res.reason === 'too_large') counts.pairsTooLarge++;
    return [];
  }
  counts.pairsAligned++;
  if (res.alignment.mode === 'paragraph') counts.pairsAlignedByParagraph++;
  const segments = selectSegments(res.alignment, opts.sentences, counts);
  counts.segments += segments.length;
  if (segments.length) counts.pairs++;
  return segments;
}

/** Streams the sentence TMX (TMX 1.4, segtype sentence) into `dir`. */
export async function createTmxSentSink(dir: string, opts: SentenceSinkOptions & TmxHeadOptions): Promise<ExportSink> {
  const out = await AtomicFile.createWithHead(
    join(dir, TMX_SENT_FILE),
    tmxHead({ toolVersion: opts.toolVersion, now: opts.now, segtype: 'sentence', note: tmxSentenceNote(opts.sentences) }),
  );
  const counts = emptySentenceCounts();
  return {
    format: 'tmx-sent',
    use: 'training',
    file: TMX_SENT_FILE,
    async add(pair) {
      for (const s of segmentsOf(pair, opts, counts)) await out.write(tmxSentenceUnit(pair, s));
    },
    async commit(): Promise<ExportFileSummary> {
      await out.write(TMX_TAIL);
      await out.commit();
      return { format: 'tmx-sent', file: TMX_SENT_FILE, path: out.path, counts: { ...counts } };
    },
    abort: () => out.abort(),
  };
}

/** Streams Moses line-parallel files (`.ko`, `.en`) and the `.ids` file that says where each line comes from. */
export async function createMosesSink(dir: string, opts: SentenceSinkOptions): Promise<ExportSink> {
  const files: AtomicFile[] = [];
  try {
    for (const name of MOSES_FILES) files.push(await AtomicFile.create(join(dir, name)));
  } catch (err) {
    for (const f of files) await f.abort().catch(() => {});
    throw err;
  }
  const [ko, en, ids] = files as [AtomicFile, AtomicFile, AtomicFile];
  const counts = emptySentenceCounts();
  return {
    format: 'moses',
    use: 'training',
    file: MOSES_KO_FILE,
    async add(pair) {
      for (const s of segmentsOf(pair, opts, counts)) {
        await ko.write(`${s.ko}\n`);
        await en.write(`${s.en}\n`);
        await ids.write(`${mosesIdsLine(pair, s)}\n`);
      }
    },
    async commit(): Promise<ExportFileSummary> {
      await AtomicFile.commitAll(files);
      return { format: 'moses', file: MOSES_KO_FILE, files: [...MOSES_FILES], path: ko.path, counts: { ...counts } };
    },
    async abort() {
      for (const f of files) await f.abort().catch(() => {});
    },
  };
}
