import { join } from 'node:path';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { StoredPair } from '../store/pair-store.js';
import { AtomicFile } from './atomic-file.js';
import type { ExportFileSummary, ExportFormat, ExportSink, SinkUse } from './export-sink.js';
import { documentText, type TmxHeadOptions } from './parallel-text.js';
import { PAIR_EXPORT_SCHEMA } from './pairs-jsonl.js';

/**
 * Parquet exports, written with hyparquet-writer (pure JavaScript: no native or WebAssembly binary, chosen by
 * measurement, see bench/parquet.bench.ts). Rows are buffered one row group at a time and each group is encoded
 * and appended to the temp file before the next is read, so memory holds one group, never the store.
 */
export const PAIRS_PARQUET_FILE = 'pairs.parquet';
export const DOCS_PARQUET_FILE = 'docs.parquet';

/** Rows per row group: ~9 MB of article text in docs.parquet, small enough to stream, large enough to compress. */
export const PARQUET_ROW_GROUP = 1000;

type Leaf = 'string' | 'int32' | 'int64' | 'double' | 'json';
interface ColumnSpec<Row> {
  name: string;
  type: Leaf;
  optional?: boolean;
  value: (row: Row) => unknown;
}

function leafElement(name: string, type: Leaf, optional: boolean): SchemaElement {
  const repetition_type = optional ? 'OPTIONAL' : 'REQUIRED';
  switch (type) {
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'json':
      return { name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type };
    case 'int32':
      return { name, type: 'INT32', repetition_type };
    case 'int64':
      return { name, type: 'INT64', repetition_type };
    case 'double':
      return { name, type: 'DOUBLE', repetition_type };
  }
}

/** A column's values for hyparquet-writer: int64 as bigint; JSON columns take the value itself (the writer serializes it). */
function columnValue(type: Leaf, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'int64') return BigInt(v as number);
  return v;
}

/** A struct column of required strings (the Hugging Face `translation` {en, ko}). */
interface StructSpec<Row> {
  name: string;
  fields: readonly string[];
  value: (row: Row) => Record<string, string>;
}

interface TableSpec<Row> {
  format: ExportFormat;
  file: string;
  use: SinkUse;
  columns: readonly (ColumnSpec<Row> | StructSpec<Row>)[];
  /** null: the pair has no row in this file. */
  row: (pair: StoredPair) => Row | null;
  /** Name of the count in the summary. */
  countName: string;
}

const isStruct = <Row>(c: ColumnSpec<Row> | StructSpec<Row>): c is StructSpec<Row> => 'fields' in c;

function parquetSchema<Row>(spec: TableSpec<Row>): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: spec.columns.length }];
  for (const c of spec.columns) {
    if (isStruct(c)) {
      out.push({ name: c.name, repetition_type: 'REQUIRED', num_children: c.fields.length });
      for (const f of c.fields) out.push(leafElement(f, 'string', false));
    } else out.push(leafElement(c.name, c.type, c.optional ?? false));
  }
  return out;
}

/** Streams one Parquet file into `dir` through a temp file, one row group per {@link PARQUET_ROW_GROUP} rows. */
export interface ParquetSinkOptions extends TmxHeadOptions {
  /** Rows per row group. @defaultValue {@link PARQUET_ROW_GROUP} */
  rowGroup?: number | undefined;
}

async function createParquetSink<Row>(dir: string, spec: TableSpec<Row>, head: ParquetSinkOptions): Promise<ExportSink> {
  const groupSize = Math.max(1, Math.floor(head.rowGroup ?? PARQUET_ROW_GROUP));
  const out = await AtomicFile.create(join(dir, spec.file));
  const bytes = new ByteWriter();
  // hyparquet-writer calls flush after every row group (and awaits it), finish after the footer: hand the encoded
  // bytes to the temp file and start the buffer over, so it never holds more than one group.
  const flush = async () => {
    const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
    bytes.index = 0;
    await out.writeBytes(chunk);
  };
  Object.assign(bytes, { flush, finish: flush });
  let writer: ParquetWriter;
  try {
    writer = new ParquetWriter({
      writer: bytes,
      schema: parquetSchema(spec),
      createdBy: `donga-ingest version ${head.toolVersion}`,
      kvMetadata: [
        { key: 'donga-ingest.schema', value: spec.format === 'parquet' && spec.file === PAIRS_PARQUET_FILE ? PAIR_EXPORT_SCHEMA : 'donga-ingest/docs@1' },
        { key: 'donga-ingest.generatedAt', value: head.now },
      ],
    });
  } catch (err) {
    await out.abort();
    throw err;
  }
  let rows: Row[] = [];
  let written = 0;
  const writeGroup = async () => {
    if (rows.length === 0) return;
    const columnData: ColumnSource[] = spec.columns.map((c) =>
      isStruct(c)
        ? { name: c.name, data: rows.map((r) => c.value(r)) }
        : { name: c.name, data: rows.map((r) => columnValue(c.type, c.value(r))) as ColumnSource['data'] },
    );
    await writer.write({ columnData, rowGroupSize: rows.length });
    written += rows.length;
    rows = [];
  };
  return {
    format: spec.format,
    file: spec.file,
    use: spec.use,
    async add(pair) {
      const row = spec.row(pair);
      if (row === null) return;
      rows.push(row);
      if (rows.length >= groupSize) await writeGroup();
    },
    async commit(): Promise<ExportFileSummary> {
      await writeGroup();
      await writer.finish();
      await out.commit();
      return { format: spec.format, file: spec.file, path: out.path, counts: { [spec.countName]: written } };
    },
    abort: () => out.abort(),
  };
}

/** One row of pairs.parquet: the pairs.jsonl line, nested parts as JSON text. */
const pairsTable: TableSpec<StoredPair> = {
  format: 'parquet',
  file: PAIRS_PARQUET_FILE,
  use: 'all',
  countName: 'pairs',
  row: (pair) => pair,
  columns: [
    { name: 'pairId', type: 'string', value: (p) => p.pairId },
    { name: 'revision', type: 'int32', value: (p) => p.revision },
    { name: 'change', type: 'int64', value: (p) => p.change },
    { name: 'contentHash', type: 'string', value: (p) => p.contentHash },
    { name: 'status', type: 'string', value: (p) => p.pairing.status },
    { name: 'verdict', type: 'string', optional: true, value: (p) => p.pairing.verdict ?? null },
    { name: 'score', type: 'double', optional: true, value: (p) => p.pairing.score ?? null },
    { name: 'firstSeenAt', type: 'string', value: (p) => p.firstSeenAt },
    { name: 'updatedAt', type: 'string', value: (p) => p.updatedAt },
    { name: 'english', type: 'json', value: (p) => p.english },
    { name: 'korean', type: 'json', optional: true, value: (p) => p.korean },
    { name: 'pairing', type: 'json', value: (p) => p.pairing },
    { name: 'provenance', type: 'json', value: (p) => p.provenance },
  ],
};

/** One row of docs.parquet: a `paired` pair as Hugging Face `translation` {en, ko} plus flat metadata. */
const docsTable: TableSpec<StoredPair & { korean: NonNullable<StoredPair['korean']> }> = {
  format: 'parquet',
  file: DOCS_PARQUET_FILE,
  use: 'training',
  countName: 'documents',
  row: (pair) => (pair.pairing.status === 'paired' && pair.korean ? { ...pair, korean: pair.korean } : null),
  columns: [
    { name: 'id', type: 'string', value: (p) => p.pairId },
    { name: 'translation', fields: ['en', 'ko'], value: (p) => ({ en: documentText(p.english), ko: documentText(p.korean) }) },
    { name: 'revision', type: 'int32', value: (p) => p.revision },
    { name: 'change', type: 'int64', value: (p) => p.change },
    { name: 'contentHash', type: 'string', value: (p) => p.contentHash },
    { name: 'verdict', type: 'string', optional: true, value: (p) => p.pairing.verdict ?? null },
    { name: 'score', type: 'double', optional: true, value: (p) => p.pairing.score ?? null },
    { name: 'enUrl', type: 'string', value: (p) => p.english.url },
    { name: 'koUrl', type: 'string', value: (p) => p.korean.url },
    { name: 'enPublishedAt', type: 'string', value: (p) => p.english.publishedAt },
    { name: 'koPublishedAt', type: 'string', value: (p) => p.korean.publishedAt },
    { name: 'enParagraphs', type: 'int32', value: (p) => p.english.body.length },
    { name: 'koParagraphs', type: 'int32', value: (p) => p.korean.body.length },
    { name: 'evidence', type: 'json', optional: true, value: (p) => p.pairing.evidence },
  ],
};

/** pairs.parquet: every selected pair, like pairs.jsonl. */
export function createPairsParquetSink(dir: string, head: ParquetSinkOptions): Promise<ExportSink> {
  return createParquetSink(dir, pairsTable, head);
}

/** docs.parquet: the training documents, like docs.jsonl (only pairs the verdict filter admits reach it). */
export function createDocsParquetSink(dir: string, head: ParquetSinkOptions): Promise<ExportSink> {
  return createParquetSink(dir, docsTable, head);
}
