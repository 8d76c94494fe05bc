import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../src/export/run-export.js';
import { VERDICT_CLASSES } from '../../src/export/verdict-filter.js';
import { samplePair } from '../pair/sample-articles.js';
import { contractPairs, tempStore, withVerdict } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const now = '2026-01-06T05:00:03.000Z';

function parquetFile(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON records read field by field
    .map((l) => JSON.parse(l) as Record<string, any>);

/**
 * A Parquet row back in the shape of its JSON line: int64 as number, absent optionals null. JSON columns come back
 * parsed by the reader (Parquet JSON type); one that came back as a string would have been encoded twice.
 */
function plain(row: Record<string, unknown>, jsonColumns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (jsonColumns.includes(k) && v !== null && v !== undefined) expect(typeof v, k).toBe('object');
    out[k] = typeof v === 'bigint' ? Number(v) : v === undefined ? null : v;
  }
  return out;
}

describe('Parquet export read back', () => {
  it('pairs.parquet holds every pairs.jsonl line; docs.parquet the docs.jsonl rows with a translation struct', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of contractPairs()) await t.store.writePair(p);
    const out = join(t.dir, 'out');
    await runExport(t.store, { outDir: out, formats: ['jsonl', 'hf', 'parquet'], toolVersion: '1', now });

    const pairsFile = parquetFile(join(out, 'pairs.parquet'));
    const pairs = (await parquetReadObjects({ file: pairsFile })).map((r) => plain(r, ['english', 'korean', 'pairing', 'provenance']));
    const expectedPairs = jsonl(join(out, 'pairs.jsonl')).map((l) => ({
      pairId: l['pairId'],
      revision: l['revision'],
      change: l['change'],
      contentHash: l['contentHash'],
      status: l['status'],
      verdict: l['pairing']['verdict'] ?? null,
      score: l['pairing']['score'] ?? null,
      firstSeenAt: l['firstSeenAt'],
      updatedAt: l['updatedAt'],
      english: l['english'],
      korean: l['korean'],
      pairing: l['pairing'],
      provenance: l['provenance'],
    }));
    expect(pairs).toEqual(expectedPairs);
    expect(pairs).toHaveLength(7);

    const docsFile = parquetFile(join(out, 'docs.parquet'));
    const docs = (await parquetReadObjects({ file: docsFile })).map((r) => plain(r, ['evidence']));
    const expectedDocs = jsonl(join(out, 'docs.jsonl')).map((d) => ({
      id: d['id'],
      translation: d['translation'],
      revision: d['meta']['revision'],
      change: d['meta']['change'],
      contentHash: d['meta']['contentHash'],
      verdict: d['meta']['verdict'],
      score: d['meta']['score'],
      enUrl: d['meta']['urls']['en'],
      koUrl: d['meta']['urls']['ko'],
      enPublishedAt: d['meta']['publishedAt']['en'],
      koPublishedAt: d['meta']['publishedAt']['ko'],
      enParagraphs: d['meta']['paragraphs']['en'],
      koParagraphs: d['meta']['paragraphs']['ko'],
      evidence: d['meta']['evidence'],
    }));
    expect(docs).toEqual(expectedDocs);
    expect(docs.map((d) => d['id'])).toEqual(['en-101', 'en-102']);

    // The Hugging Face layout: `translation` is a required group of two UTF-8 strings, not a JSON string.
    const tree = parquetSchema(parquetMetadata(docsFile));
    const translation = tree.children.find((c) => c.element.name === 'translation')!;
    expect(translation.element.repetition_type).toBe('REQUIRED');
    expect(translation.children.map((c) => [c.element.name, c.element.type, c.element.converted_type])).toEqual([
      ['en', 'BYTE_ARRAY', 'UTF8'],
      ['ko', 'BYTE_ARRAY', 'UTF8'],
    ]);
    expect(parquetMetadata(pairsFile).key_value_metadata).toContainEqual({ key: 'donga-ingest.schema', value: 'donga-ingest/pair@1' });
  });

  it('streams in row groups of the given size, and an empty selection is a valid empty file', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (let i = 0; i < 23; i++) await t.store.writePair(withVerdict(samplePair(String(500 + i))));
    const out = join(t.dir, 'out');
    await runExport(t.store, { outDir: out, formats: ['parquet'], parquetRowGroup: 5, verdicts: VERDICT_CLASSES, toolVersion: '1', now });
    const meta = parquetMetadata(parquetFile(join(out, 'docs.parquet')));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([5, 5, 5, 5, 3]);
    const rows = await parquetReadObjects({ file: parquetFile(join(out, 'docs.parquet')), rowStart: 20, rowEnd: 23 });
    expect(rows.map((r) => r['id'])).toEqual(['en-520', 'en-521', 'en-522']);

    await runExport(t.store, { outDir: join(t.dir, 'none'), formats: ['parquet'], filter: { since: '2030-01-01' }, toolVersion: '1', now });
    for (const f of ['pairs.parquet', 'docs.parquet']) {
      const m = parquetMetadata(parquetFile(join(t.dir, 'none', f)));
      expect(Number(m.num_rows)).toBe(0);
      expect(await parquetReadObjects({ file: parquetFile(join(t.dir, 'none', f)) })).toEqual([]);
    }
  });
});
