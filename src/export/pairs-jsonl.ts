import { join } from 'node:path';
import { z } from 'zod';
import { pairRecordSchema, pairStatusSchema } from '../records/pair.js';
import type { StoredPair } from '../store/pair-store.js';
import { AtomicFile } from './atomic-file.js';
import type { ExportFileSummary, ExportSink } from './export-sink.js';

/** Schema id on every pairs.jsonl line; bumped only when an existing field changes meaning or shape. */
export const PAIR_EXPORT_SCHEMA = 'donga-ingest/pair@1';
const PAIRS_JSONL_FILE = 'pairs.jsonl';

/**
 * One line of pairs.jsonl (`donga-ingest/pair@1`): the stored pair record with its revision bookkeeping. The
 * committed JSON Schema (schema/pair.schema.json) is generated from this, opened for additive fields.
 */
export const pairExportLineSchema = z.strictObject({
  schema: z.literal(PAIR_EXPORT_SCHEMA),
  pairId: pairRecordSchema.shape.pairId,
  /** Store revision (1, 2, …): bumped whenever english/korean/pairing content changes. */
  revision: z.number().int().min(1),
  /** sha256 of canonical english + korean + pairing JSON (provenance excluded). */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  status: pairStatusSchema,
  /** When the store first saw the pair and wrote the current revision (ISO 8601 UTC). */
  firstSeenAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Change number of the current revision: store-wide, increasing in commit order (the `--after` cursor counts these). */
  change: z.number().int().min(1),
  english: pairRecordSchema.shape.english,
  korean: pairRecordSchema.shape.korean,
  pairing: pairRecordSchema.shape.pairing,
  provenance: pairRecordSchema.shape.provenance,
});
export type PairExportLine = z.infer<typeof pairExportLineSchema>;

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
    change: pair.change,
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
    use: 'all',
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
