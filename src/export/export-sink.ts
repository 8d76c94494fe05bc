import type { StoredPair } from '../store/pair-store.js';

/** Export formats: `jsonl` = pairs.jsonl, `hf` = docs.jsonl (Hugging Face Translation rows), `tmx` = TMX 1.4. */
export type ExportFormat = 'jsonl' | 'hf' | 'tmx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'hf', 'tmx'];

/** What one exported file holds. */
export interface ExportFileSummary {
  format: ExportFormat;
  /** File name inside the export directory. */
  file: string;
  path: string;
  /** Named counts, e.g. `{ pairs: 3 }` or `{ units: 12, pairs: 2, skippedParagraphMismatch: 1 }`. */
  counts: Record<string, number>;
}

/** One output file being written: pairs go in one by one, `commit` makes the file visible. */
export interface ExportSink {
  readonly format: ExportFormat;
  readonly file: string;
  add(pair: StoredPair): Promise<void>;
  commit(): Promise<ExportFileSummary>;
  /** Drops the partial output; the previous file under that name (if any) is kept. */
  abort(): Promise<void>;
}
