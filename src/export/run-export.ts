import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairStatus } from '../records/pair.js';
import { IngestError } from '../errors.js';
import { emptyStatusCounts, type PairStore, type StoredPair } from '../store/pair-store.js';
import { ALIGNER_VERSION, DEFAULT_ALIGN_PARAMS, type AlignParams } from '../align/align-params.js';
import { AtomicFile } from './atomic-file.js';
import { matchesExportFilter, type ExportFilter } from './export-filter.js';
import { SENTENCE_FORMATS, type ExportFileSummary, type ExportFormat, type ExportSink } from './export-sink.js';
import { createHfDocsSink, createTmxSink } from './parallel-text.js';
import { createPairsJsonlSink, PAIR_EXPORT_SCHEMA } from './pairs-jsonl.js';
import { createDocsParquetSink, createPairsParquetSink, DOCS_PARQUET_FILE, PAIRS_PARQUET_FILE, PARQUET_ROW_GROUP } from './parquet-sinks.js';
import { normalizeStoredPair, readChanges, readPairs } from './read-pairs.js';
import { createMosesSink, createPairAligner, createTmxSentSink, DEFAULT_SENTENCE_EXPORT, MOSES_IDS_FILE, type SentenceExportOptions } from './sentence-text.js';
import { DEFAULT_TRAINING_VERDICTS, emptyVerdictCounts, verdictClass, type VerdictClass } from './verdict-filter.js';

export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_SCHEMA = 'donga-ingest/export-manifest@1';

/** Whether a written file is one of the verdict-filtered training files. Pure. */
function trainingFormat(format: ExportFormat, file: string): boolean {
  return format === 'parquet' ? file === DOCS_PARQUET_FILE : format !== 'jsonl';
}

export interface RunExportOptions {
  outDir: string;
  formats: readonly ExportFormat[];
  filter?: ExportFilter | undefined;
  /** Pairs per store query. @defaultValue 500 */
  pageSize?: number | undefined;
  /** donga-ingest version, recorded in the TMX header and the manifest. */
  toolVersion: string;
  /** Export time (ISO 8601), passed in so tests can pin it. */
  now: string;
  /** Which sentence beads `tmx-sent` and `moses` write. @defaultValue {@link DEFAULT_SENTENCE_EXPORT} */
  sentences?: SentenceExportOptions | undefined;
  /** Aligner constants. @defaultValue {@link DEFAULT_ALIGN_PARAMS} */
  alignParams?: AlignParams | undefined;
  /** Rows per Parquet row group. @defaultValue {@link PARQUET_ROW_GROUP} */
  parquetRowGroup?: number | undefined;
  /** Verdicts admitted to the training files. @defaultValue {@link DEFAULT_TRAINING_VERDICTS} */
  verdicts?: readonly VerdictClass[] | undefined;
  /**
   * Incremental export: only pairs written (new or a new revision) after this cursor, a `nextCursor` of an earlier
   * export's manifest. Omitted: every stored pair.
   */
  after?: number | undefined;
}

export interface ExportSummary {
  outDir: string;
  files: ExportFileSummary[];
  manifestPath: string;
  /** Pairs that passed the filter, by status. */
  selected: { total: number; byStatus: Record<PairStatus, number> };
  /** Pairs read but outside the --since/--until days. */
  outsideDays: number;
  /** Stored records that no longer fit the record schema (never exported). */
  invalid: number;
  /** Selected `paired` pairs by verdict (`unverified`: written before verdicts existed). */
  byVerdict: Record<VerdictClass, number>;
  /** Selected `paired` pairs whose verdict kept them out of the training files. */
  excludedByVerdict: number;
  /** The cursor this export started after (null: a full export), and the one to pass to the next `--after`. */
  cursor: { after: number | null; next: number };
}

/** A cursor as written in the manifest and read by `--after`: the change number in decimal. */
export function formatCursor(change: number): string {
  return String(change);
}

/** `--after` input → change number, or null when it is not a cursor. Pure. */
export function parseCursor(input: string): number | null {
  const t = input.trim();
  if (!/^\d{1,15}$/.test(t)) return null;
  return Number(t);
}

/**
 * Writes the requested formats in one pass over the store (every pair in pairId order, or with `after` the pairs
 * changed since that cursor, in change order), each through a temp file that is renamed into `outDir` only after
 * the pass succeeded; then `manifest.json` (filters, counts by status and verdict, schema ids, `nextCursor`). The
 * pairs files take every selected pair, the training files only `paired` pairs whose verdict is admitted. On any
 * error every partial file is removed and the previous export stays as it was.
 */
export async function runExport(store: PairStore, opts: RunExportOptions): Promise<ExportSummary> {
  const filter = opts.filter ?? {};
  const formats = [...new Set(opts.formats)];
  await mkdir(opts.outDir, { recursive: true });
  const sinks: ExportSink[] = [];
  const pending = new Set<ExportSink>();
  let manifest: AtomicFile | null = null;
  const summary: ExportSummary = {
    outDir: opts.outDir,
    files: [],
    manifestPath: join(opts.outDir, MANIFEST_FILE),
    selected: { total: 0, byStatus: emptyStatusCounts() },
    outsideDays: 0,
    invalid: 0,
    byVerdict: emptyVerdictCounts(),
    excludedByVerdict: 0,
    cursor: { after: opts.after ?? null, next: 0 },
  };
  const training = new Set<VerdictClass>(opts.verdicts ?? DEFAULT_TRAINING_VERDICTS);
  // One alignment per pair, shared by the sentence formats.
  const sentenceOpts = { sentences: opts.sentences ?? DEFAULT_SENTENCE_EXPORT, align: createPairAligner(opts.alignParams ?? DEFAULT_ALIGN_PARAMS) };
  const head = { toolVersion: opts.toolVersion, now: opts.now };
  try {
    for (const format of formats) {
      const sink =
        format === 'jsonl'
          ? await createPairsJsonlSink(opts.outDir)
          : format === 'hf'
            ? await createHfDocsSink(opts.outDir)
            : format === 'tmx'
              ? await createTmxSink(opts.outDir, head)
              : format === 'tmx-sent'
                ? await createTmxSentSink(opts.outDir, { ...sentenceOpts, ...head })
                : format === 'moses'
                  ? await createMosesSink(opts.outDir, sentenceOpts)
                  : null;
      // Parquet is two files: every pair (like pairs.jsonl) and the training documents (like docs.jsonl).
      const created = sink
        ? [sink]
        : [
            await createPairsParquetSink(opts.outDir, { ...head, rowGroup: opts.parquetRowGroup }),
            await createDocsParquetSink(opts.outDir, { ...head, rowGroup: opts.parquetRowGroup }),
          ];
      for (const s of created) {
        sinks.push(s);
        pending.add(s);
      }
    }
    // The high-water mark, read before the pass: every change up to it has committed (numbers follow commit
    // order), so it is the next cursor. A change committed during the pass is above it: a full export may include
    // it, and the next incremental one will too (at least once: consumers keep the highest revision per pairId).
    const last = await store.lastChange();
    if (opts.after !== undefined && opts.after > last) {
      throw new IngestError(
        'invalid_input',
        `--after ${opts.after} is ahead of this store (its last change is ${last}): the cursor comes from another or a rebuilt store; export once without --after`,
      );
    }
    summary.cursor.next = last;
    // Parallel text only uses paired pairs: let the store skip the rest when nothing else is wanted.
    const status = filter.status ?? (sinks.some((s) => s.use === 'all') ? undefined : 'paired');
    const source =
      opts.after === undefined
        ? readPairs(store, { status, pageSize: opts.pageSize })
        : readChanges(store, { after: opts.after, upTo: last, status, pageSize: opts.pageSize });
    for await (const stored of source) {
      const pair = normalizeStoredPair(stored);
      if (!pair) {
        summary.invalid++;
        continue;
      }
      if (!matchesExportFilter(pair, filter)) {
        summary.outsideDays++;
        continue;
      }
      summary.selected.total++;
      summary.selected.byStatus[pair.pairing.status]++;
      const forTraining = admitForTraining(pair, training, summary);
      for (const sink of sinks) if (sink.use === 'all' || forTraining) await sink.add(pair);
    }
    for (const sink of sinks) {
      summary.files.push(await sink.commit());
      pending.delete(sink);
    }
    manifest = await AtomicFile.create(summary.manifestPath);
    await manifest.write(`${JSON.stringify(exportManifest(summary, opts, filter), null, 2)}\n`);
    await manifest.commit();
    manifest = null;
    return summary;
  } finally {
    for (const sink of pending) await sink.abort().catch(() => {});
    await manifest?.abort().catch(() => {});
  }
}

/** Whether a pair goes into the training files; counts paired pairs by verdict into `summary`. */
function admitForTraining(pair: StoredPair, training: ReadonlySet<VerdictClass>, summary: ExportSummary): boolean {
  if (pair.pairing.status !== 'paired') return false;
  const verdict = verdictClass(pair);
  summary.byVerdict[verdict]++;
  if (training.has(verdict)) return true;
  summary.excludedByVerdict++;
  return false;
}

/** The manifest.json content: what was exported, how, and from what. Pure. */
function exportManifest(
  summary: ExportSummary,
  opts: Pick<RunExportOptions, 'toolVersion' | 'now' | 'sentences' | 'alignParams' | 'verdicts'>,
  filter: ExportFilter,
) {
  const schemaOf: Record<ExportFormat, string> = {
    jsonl: PAIR_EXPORT_SCHEMA,
    hf: 'huggingface Translation(languages=[en, ko]) + meta',
    tmx: 'TMX 1.4, segtype=paragraph',
    'tmx-sent': 'TMX 1.4, segtype=sentence',
    moses: `Moses line-parallel text; ${MOSES_IDS_FILE}: pairId, revision, ko sentence indices, en sentence indices, bead type, score (tab-separated)`,
    parquet: 'Parquet',
  };
  const parquetSchema: Record<string, string> = {
    [PAIRS_PARQUET_FILE]: `${PAIR_EXPORT_SCHEMA} as columns; english, korean, pairing, provenance as JSON strings`,
    [DOCS_PARQUET_FILE]: 'huggingface Translation(languages=[en, ko]) struct column + metadata columns',
  };
  const verdicts = opts.verdicts ?? DEFAULT_TRAINING_VERDICTS;
  const sentences = opts.sentences ?? DEFAULT_SENTENCE_EXPORT;
  const params = opts.alignParams ?? DEFAULT_ALIGN_PARAMS;
  const alignment = summary.files.some((f) => SENTENCE_FORMATS.includes(f.format))
    ? {
        alignment: {
          aligner: ALIGNER_VERSION,
          method:
            'Gale-Church (1993) DP over character lengths (whitespace excluded) with number and Latin-token anchors; paragraph by paragraph when the paragraphs correspond one to one, else the whole article',
          sentenceIndices: '0-based, over the article body (title excluded) as split by the aligner',
          ratio: params.ratio,
          variance: params.variance,
          priors: params.priors,
          minScore: sentences.minScore,
          beadTypes: sentences.mergeOneToMany ? ['1-1', '1-2', '2-1'] : ['1-1'],
        },
      }
    : {};
  return {
    schema: MANIFEST_SCHEMA,
    generatedAt: opts.now,
    tool: { name: 'donga-ingest', version: opts.toolVersion },
    source: 'The Dong-A Ilbo (https://www.donga.com): Korean originals and their English editions',
    direction: 'ko->en',
    rights: 'Article text remains the property of the publisher; no corpus licence is granted by this export.',
    filter: { status: filter.status ?? null, since: filter.since ?? null, until: filter.until ?? null },
    selected: summary.selected,
    outsideDays: summary.outsideDays,
    invalid: summary.invalid,
    verdicts: {
      trainingFiles: summary.files.filter((f) => trainingFormat(f.format, f.file)).map((f) => f.file),
      admitted: verdicts,
      byVerdict: summary.byVerdict,
      excluded: summary.excludedByVerdict,
      note: 'Counts are over the selected paired pairs. unverified = a pair written before the verification existed (no verdict); it is left out of the training files unless --verdict names it. pairs.jsonl and pairs.parquet keep every pair with its verdict.',
    },
    incremental: {
      after: summary.cursor.after === null ? null : formatCursor(summary.cursor.after),
      note: 'Pass nextCursor to export --after for the pairs written (new or a new revision) since this export. Delivery is at least once: keep the highest revision per pairId.',
    },
    nextCursor: formatCursor(summary.cursor.next),
    ...alignment,
    files: summary.files.map((f) => ({
      file: f.file,
      ...(f.files ? { files: f.files } : {}),
      format: f.format,
      schema: f.format === 'parquet' ? (parquetSchema[f.file] ?? schemaOf.parquet) : schemaOf[f.format],
      counts: f.counts,
    })),
  };
}
