import type { StoredPair } from '../store/pair-store.js';

/**
 * Export formats: `jsonl` = pairs.jsonl, `hf` = docs.jsonl (Hugging Face Translation rows), `tmx` = paragraph TMX 1.4,
 * `tmx-sent` = sentence TMX 1.4, `moses` = line-parallel `.ko`/`.en` files plus `.ids` (these two run the
 * sentence aligner), `parquet` = pairs.parquet (every pair) and docs.parquet (Hugging Face `translation` rows).
 */
export type ExportFormat = 'jsonl' | 'hf' | 'tmx' | 'tmx-sent' | 'moses' | 'parquet';
/** Every format (`--format all`). `parquet` = pairs.parquet + docs.parquet. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'hf', 'tmx', 'tmx-sent', 'moses', 'parquet'];
/** What `export` writes without `--format`: the document and paragraph formats, as before sentence alignment existed. */
export const DEFAULT_EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'hf', 'tmx'];
/** Formats built from the sentence aligner. */
export const SENTENCE_FORMATS: readonly ExportFormat[] = ['tmx-sent', 'moses'];

/** What one exported file holds. */
export interface ExportFileSummary {
  format: ExportFormat;
  /** File name inside the export directory (the first one, when the format writes several). */
  file: string;
  /** Every file name, when the format writes more than one (Moses: `.ko`, `.en`, `.ids`). */
  files?: string[];
  path: string;
  /** Named counts, e.g. `{ pairs: 3 }` or `{ units: 12, pairs: 2, skippedParagraphMismatch: 1 }`. */
  counts: Record<string, number>;
}

/**
 * Which pairs a file takes: `all` (pairs.jsonl, pairs.parquet: every selected pair, with its verdict) or
 * `training` (the parallel-text files: only pairs whose verdict the export's `--verdict` list admits).
 */
export type SinkUse = 'all' | 'training';

/** One output file being written: pairs go in one by one, `commit` makes the file visible. */
export interface ExportSink {
  readonly format: ExportFormat;
  readonly file: string;
  readonly use: SinkUse;
  add(pair: StoredPair): Promise<void>;
  commit(): Promise<ExportFileSummary>;
  /** Drops the partial output; the previous file under that name (if any) is kept. */
  abort(): Promise<void>;
}
