import { join } from 'node:path';
import type { EnglishArticle, KoreanArticle } from '../records/article.js';
import type { PairRecord, PairStatus, Pairing } from '../records/pair.js';
import type { StoredPair } from '../store/pair-store.js';
import { AtomicFile } from './atomic-file.js';
import type { ExportFileSummary, ExportSink } from './export-sink.js';

/** Schema id on every pairs.jsonl line; bumped only when an existing field changes meaning or shape. */
export const PAIR_EXPORT_SCHEMA = 'donga-ingest/pair@1';
export const PAIRS_JSONL_FILE = 'pairs.jsonl';

/** One line of pairs.jsonl: the stored pair record with its revision bookkeeping. */
export interface PairExportLine {
  schema: typeof PAIR_EXPORT_SCHEMA;
  pairId: string;
  /** Store revision (1, 2, …): bumped whenever english/korean/pairing content changes. */
  revision: number;
  /** sha256 of canonical english + korean + pairing JSON (provenance excluded). */
  contentHash: string;
  status: PairStatus;
  /** When the store first saw the pair and wrote the current revision (ISO 8601 UTC). */
  firstSeenAt: string;
  updatedAt: string;
  english: EnglishArticle;
  korean: KoreanArticle | null;
  pairing: Pairing;
  provenance: PairRecord['provenance'];
}

/**
 * The pairs.jsonl line of a stored pair. Pure. Expects a record already normalized by
 * `normalizeStoredPair` (schema key order), so output bytes are the same on SQLite and PostgreSQL.
 */
export function toPairExportLine(pair: StoredPair): PairExportLine {
  return {
    schema: PAIR_EXPORT_SCHEMA,
    pairId: pair.pairId,
    revision: pair.revision,
    contentHash: pair.contentHash,
    status: pair.pairing.status,
    firstSeenAt: pair.firstSeenAt,
    updatedAt: pair.updatedAt,
    english: pair.english,
    korean: pair.korean,
    pairing: pair.pairing,
    provenance: pair.provenance,
  };
}

/** Streams pairs.jsonl into `dir` through a temp file; every pair given is written. */
export async function createPairsJsonlSink(dir: string): Promise<ExportSink> {
  const out = await AtomicFile.create(join(dir, PAIRS_JSONL_FILE));
  let pairs = 0;
  return {
    format: 'jsonl',
    file: PAIRS_JSONL_FILE,
    async add(pair) {
      await out.write(`${JSON.stringify(toPairExportLine(pair))}\n`);
      pairs++;
    },
    async commit(): Promise<ExportFileSummary> {
      await out.commit();
      return { format: 'jsonl', file: PAIRS_JSONL_FILE, path: out.path, counts: { pairs } };
    },
    abort: () => out.abort(),
  };
}
