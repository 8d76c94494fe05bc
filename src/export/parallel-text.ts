import { join } from 'node:path';
import { z } from 'zod';
import type { EnglishArticle, KoreanArticle } from '../records/article.js';
import { pairEvidenceSchema, pairRecordSchema, pairVerdictSchema } from '../records/pair.js';
import type { StoredPair } from '../store/pair-store.js';
import { AtomicFile } from './atomic-file.js';
import type { ExportFileSummary, ExportSink } from './export-sink.js';
import { escapeXmlAttr, escapeXmlText } from './xml.js';

/**
 * Document- and paragraph-level parallel text of `paired` pairs: docs.jsonl pairs whole articles, the TMX pairs
 * paragraphs only where both sides have the same paragraph count. Sentence-level output is in sentence-text.ts.
 */
const HF_DOCS_FILE = 'docs.jsonl';
const TMX_FILE = 'donga.ko-en.tmx';

const enKo = <T extends z.ZodType>(t: T) => z.strictObject({ en: t, ko: t });

/**
 * The `translation` column: exactly Hugging Face `Translation(languages=['en','ko'])`, so it stays closed to new
 * keys in the consumer JSON Schema (a third key would break `datasets`' feature); new data goes into `meta`.
 */
export const hfTranslationSchema = enKo(z.string().min(1));

/** A docs.jsonl row: Hugging Face `Translation` shape, plus metadata. schema/doc.schema.json is generated from it. */
export const hfDocRowSchema = z.strictObject({
  id: pairRecordSchema.shape.pairId,
  translation: hfTranslationSchema,
  meta: z.strictObject({
    /** Translation direction: the Korean article is the original. */
    direction: z.literal('ko->en'),
    revision: z.number().int().min(1),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** Change number of this revision (see pairs.jsonl `change`). */
    change: z.number().int().min(1),
    /** The pair verification's verdict, null for a pair written before verdicts existed (`unverified`). */
    verdict: pairVerdictSchema.nullable(),
    score: z.number().min(0).max(1).nullable(),
    urls: enKo(z.string().url()),
    publishedAt: enKo(z.string()),
    paragraphs: enKo(z.number().int().min(1)),
    evidence: pairEvidenceSchema.nullable(),
  }),
});
export type HfDocRow = z.infer<typeof hfDocRowSchema>;

/** Title, blank line, then one paragraph per line. Pure. */
export function documentText(article: EnglishArticle | KoreanArticle): string {
  return `${article.title}\n\n${article.body.join('\n')}`;
}

/** The docs.jsonl row of a pair, or null unless it is `paired` with a Korean record. Pure. */
export function toHfDoc(pair: StoredPair): HfDocRow | null {
  const { english: en, korean: ko } = pair;
  if (pair.pairing.status !== 'paired' || !ko) return null;
  return {
    id: pair.pairId,
    // Keys sorted, as `datasets.Translation` stores them.
    translation: { en: documentText(en), ko: documentText(ko) },
    meta: {
      direction: 'ko->en',
      revision: pair.revision,
      contentHash: pair.contentHash,
      change: pair.change,
      verdict: pair.pairing.verdict ?? null,
      score: pair.pairing.score ?? null,
      urls: { en: en.url, ko: ko.url },
      publishedAt: { en: en.publishedAt, ko: ko.publishedAt },
      paragraphs: { en: en.body.length, ko: ko.body.length },
      evidence: pair.pairing.evidence,
    },
  };
}

export interface TmxHeadOptions {
  /** Version of donga-ingest written as `creationtoolversion`. */
  toolVersion: string;
  /** Creation time (ISO 8601), passed in to keep this pure. */
  now: string;
  /** TMX `segtype`. @defaultValue 'paragraph' */
  segtype?: 'paragraph' | 'sentence' | undefined;
  /** Text of the header `<note>`. @defaultValue {@link TMX_PARAGRAPH_NOTE} */
  note?: string | undefined;
}

const TMX_PARAGRAPH_NOTE =
  'Paragraph pairs of Dong-A Ilbo articles (Korean original, English edition), only where both sides have the same number of paragraphs. Text rights remain with the publisher.';

/** `2026-01-06T05:00:02.123Z` → `20260106T050002Z` (TMX date format). Pure. */
export function tmxDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid date: ${iso}`);
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** XML declaration, `<tmx>`, `<header>` and the opening `<body>`. Pure. */
export function tmxHead(opts: TmxHeadOptions): string {
  const attrs: [string, string][] = [
    ['creationtool', 'donga-ingest'],
    ['creationtoolversion', opts.toolVersion],
    ['segtype', opts.segtype ?? 'paragraph'],
    ['o-tmf', 'donga-ingest'],
    ['adminlang', 'en'],
    ['srclang', 'ko'],
    ['datatype', 'plaintext'],
    ['creationdate', tmxDate(opts.now)],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `<header ${attrs.map(([k, v]) => `${k}="${escapeXmlAttr(v)}"`).join(' ')}>`,
    `<note>${escapeXmlText(opts.note ?? TMX_PARAGRAPH_NOTE)}</note>`,
    '</header>',
    '<body>',
    '',
  ].join('\n');
}

export const TMX_TAIL = '</body>\n</tmx>\n';

export type TmxUnitsResult = { ok: true; xml: string; units: number } | { ok: false; reason: 'not_paired' | 'paragraph_mismatch' };

/** One `<tu>` per paragraph pair (tuid `<pairId>-<n>`), or why the pair has none. Pure. */
export function tmxUnits(pair: StoredPair): TmxUnitsResult {
  const { english: en, korean: ko } = pair;
  if (pair.pairing.status !== 'paired' || !ko) return { ok: false, reason: 'not_paired' };
  if (en.body.length !== ko.body.length) return { ok: false, reason: 'paragraph_mismatch' };
  const prop = (type: string, value: string) => `  <prop type="${type}">${escapeXmlText(value)}</prop>\n`;
  const xml = ko.body
    .map(
      (koPara, i) =>
        `<tu tuid="${escapeXmlAttr(`${pair.pairId}-${i + 1}`)}">\n` +
        prop('x-pair-id', pair.pairId) +
        prop('x-paragraph', String(i + 1)) +
        prop('x-ko-url', ko.url) +
        prop('x-en-url', en.url) +
        `  <tuv xml:lang="ko"><seg>${escapeXmlText(koPara)}</seg></tuv>\n` +
        `  <tuv xml:lang="en"><seg>${escapeXmlText(en.body[i] ?? '')}</seg></tuv>\n` +
        '</tu>\n',
    )
    .join('');
  return { ok: true, xml, units: ko.body.length };
}

/** Streams docs.jsonl into `dir`; pairs other than `paired` are passed over. */
export async function createHfDocsSink(dir: string): Promise<ExportSink> {
  const out = await AtomicFile.create(join(dir, HF_DOCS_FILE));
  let documents = 0;
  return {
    format: 'hf',
    use: 'training',
    file: HF_DOCS_FILE,
    async add(pair) {
      const row = toHfDoc(pair);
      if (!row) return;
      await out.write(`${JSON.stringify(row)}\n`);
      documents++;
    },
    async commit(): Promise<ExportFileSummary> {
      await out.commit();
      return { format: 'hf', file: HF_DOCS_FILE, path: out.path, counts: { documents } };
    },
    abort: () => out.abort(),
  };
}

/** Streams the TMX into `dir`; paired pairs with unequal paragraph counts are counted as skipped. */
export async function createTmxSink(dir: string, opts: TmxHeadOptions): Promise<ExportSink> {
  const out = await AtomicFile.createWithHead(join(dir, TMX_FILE), tmxHead(opts));
  const counts = { units: 0, pairs: 0, skippedParagraphMismatch: 0 };
  return {
    format: 'tmx',
    use: 'training',
    file: TMX_FILE,
    async add(pair) {
      const res = tmxUnits(pair);
      if (!res.ok) {
        if (res.reason === 'paragraph_mismatch') counts.skippedParagraphMismatch++;
        return;
      }
      await out.write(res.xml);
      counts.units += res.units;
      counts.pairs++;
    },
    async commit(): Promise<ExportFileSummary> {
      await out.write(TMX_TAIL);
      await out.commit();
      return { format: 'tmx', file: TMX_FILE, path: out.path, counts: { ...counts } };
    },
    abort: () => out.abort(),
  };
}
