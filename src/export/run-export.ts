import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairStatus, PairVerdict } from '../records/pair.js';
import { emptyStatusCounts, type PairStore } from '../store/pair-store.js';
import { ALIGNER_VERSION, DEFAULT_ALIGN_PARAMS, type AlignParams } from '../align/align-params.js';
import { AtomicFile } from './atomic-file.js';
import { matchesExportFilter, TRAINING_VERDICTS, verdictOfPair, type ExportFilter } from './export-filter.js';
import { SENTENCE_FORMATS, type ExportFileSummary, type ExportFormat, type ExportSink } from './export-sink.js';
import { createHfDocsSink, createTmxSink } from './parallel-text.js';
import { createPairsJsonlSink, PAIR_EXPORT_SCHEMA } from './pairs-jsonl.js';
import { normalizeStoredPair, readPairs } from './read-pairs.js';
import {
  createMosesSink,
  createPairAligner,
  createTmxSentSink,
  DEFAULT_SENTENCE_EXPORT,
  MOSES_IDS_FILE,
  type SentenceExportOptions,
} from './sentence-text.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'donga-ingest/export-manifest@1';

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
  /** Selected `paired` pairs kept out of the parallel-text formats by their verdict (still in pairs.jsonl). */
  leftOutByVerdict: Partial<Record<PairVerdict, number>>;
}

/**
 * Writes the requested formats in one pass over the store, each through a temp file that is renamed into
 * `outDir` only after the pass succeeded; then `manifest.json` (filters, counts, schema ids). On any
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
    leftOutByVerdict: {},
  };
  const verdicts = new Set(filter.verdicts ?? TRAINING_VERDICTS);
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
                : await createMosesSink(opts.outDir, sentenceOpts);
      sinks.push(sink);
      pending.add(sink);
    }
    // Parallel text only uses paired pairs: let the store skip the rest when nothing else is wanted.
    const status = filter.status ?? (formats.includes('jsonl') ? undefined : 'paired');
    for await (const stored of readPairs(store, { status, pageSize: opts.pageSize })) {
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
      // A pair verification found contradicted or impossible is no translation pair: parallel text leaves it out.
      const verdict = verdictOfPair(pair);
      const parallel = verdict === null || verdicts.has(verdict);
      if (!parallel) summary.leftOutByVerdict[verdict] = (summary.leftOutByVerdict[verdict] ?? 0) + 1;
      for (const sink of sinks) if (parallel || sink.format === 'jsonl') await sink.add(pair);
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

/** The manifest.json content: what was exported, how, and from what. Pure. */
export function exportManifest(
  summary: ExportSummary,
  opts: Pick<RunExportOptions, 'toolVersion' | 'now' | 'sentences' | 'alignParams'>,
  filter: ExportFilter,
) {
  const schemaOf: Record<ExportFormat, string> = {
    jsonl: PAIR_EXPORT_SCHEMA,
    hf: 'huggingface Translation(languages=[en, ko]) + meta',
    tmx: 'TMX 1.4, segtype=paragraph',
    'tmx-sent': 'TMX 1.4, segtype=sentence',
    moses: `Moses line-parallel text; ${MOSES_IDS_FILE}: pairId, revision, ko sentence indices, en sentence indices, bead type, score (tab-separated)`,
  };
  const sentences = opts.sentences ?? DEFAULT_SENTENCE_EXPORT;
  const params = opts.alignParams ?? DEFAULT_ALIGN_PARAMS;
  const alignment = summary.files.some((f) => SENTENCE_FORMATS.includes(f.format))
    ? {
        alignment: {
          aligner: ALIGNER_VERSION,
          method: 'Gale-Church (1993) DP over character lengths (whitespace excluded) with number and Latin-token anchors; paragraph by paragraph when the paragraphs correspond one to one, else the whole article',
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
    filter: {
      status: filter.status ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      parallelTextVerdicts: [...(filter.verdicts ?? TRAINING_VERDICTS)],
    },
    selected: summary.selected,
    outsideDays: summary.outsideDays,
    invalid: summary.invalid,
    leftOutByVerdict: summary.leftOutByVerdict,
    ...alignment,
    files: summary.files.map((f) => ({ file: f.file, ...(f.files ? { files: f.files } : {}), format: f.format, schema: schemaOf[f.format], counts: f.counts })),
  };
}
