import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { matchesExportFilter, parseExportDay } from '../../src/export/export-filter.js';
import { PAIR_EXPORT_SCHEMA, toPairExportLine } from '../../src/export/pairs-jsonl.js';
import { normalizeStoredPair, readPairs } from '../../src/export/read-pairs.js';
import { runExport } from '../../src/export/run-export.js';
import { pairContentHash } from '../../src/pair/pair-content-hash.js';
import type { PairRecord } from '../../src/records/pair.js';
import type { PairStore, StoredPair } from '../../src/store/pair-store.js';
import { englishArticle, samplePair } from '../pair/sample-articles.js';
import { pgBackend } from '../store/backends.js';
import { recordingStore, tempStore } from './helpers.js';

const pgUrl = inject('pgUrl');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup() {
  const t = await tempStore();
  cleanup.push(t.cleanup);
  return t;
}

/** One of each status, English ids chosen so pairId byte order differs from numeric order. */
function threePairs(): PairRecord[] {
  return [
    samplePair('5116282'),
    samplePair('900', { english: englishArticle('900', { koreanUrl: null, publishedAt: '2020-04-05T10:00:00+09:00' }), korean: null }),
    samplePair('10', {
      english: englishArticle('10', { publishedAt: '2020-04-02T23:59:00+09:00' }),
      korean: null,
      koreanSource: null,
      koreanError: { code: 'http_status', message: 'HTTP 404' },
    }),
  ];
}

function readLines(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

const opts = (outDir: string) => ({ outDir, formats: ['jsonl'] as const, toolVersion: '9.9.9', now: '2026-01-06T05:00:03.000Z' });

describe('toPairExportLine', () => {
  it('is the record plus schema id, revision bookkeeping and status, in a fixed key order', () => {
    const record = samplePair();
    const stored: StoredPair = {
      ...record,
      revision: 2,
      contentHash: 'c'.repeat(64),
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      change: 7,
    };
    const line = toPairExportLine(stored);
    expect(Object.keys(line)).toEqual([
      'schema',
      'pairId',
      'revision',
      'contentHash',
      'status',
      'firstSeenAt',
      'updatedAt',
      'change',
      'english',
      'korean',
      'pairing',
      'provenance',
    ]);
    expect(line).toEqual({
      schema: 'donga-ingest/pair@1',
      pairId: 'en-5116282',
      revision: 2,
      contentHash: 'c'.repeat(64),
      status: 'paired',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      change: 7,
      english: record.english,
      korean: record.korean,
      pairing: record.pairing,
      provenance: record.provenance,
    });
  });

  it('normalizeStoredPair restores schema key order and rejects records that no longer fit', () => {
    const record = samplePair();
    const shuffled = JSON.parse(
      JSON.stringify({ provenance: record.provenance, pairing: record.pairing, korean: record.korean, english: { ...record.english } }),
    ) as PairRecord;
    const englishReversed = Object.fromEntries(Object.entries(record.english).reverse()) as PairRecord['english'];
    const stored = { ...shuffled, english: englishReversed, pairId: record.pairId, revision: 1, contentHash: 'x', firstSeenAt: 'a', updatedAt: 'b', change: 1 };
    const norm = normalizeStoredPair(stored)!;
    expect(JSON.stringify(toPairExportLine(norm))).toBe(
      JSON.stringify(toPairExportLine({ ...record, revision: 1, contentHash: 'x', firstSeenAt: 'a', updatedAt: 'b', change: 1 })),
    );
    expect(normalizeStoredPair({ ...stored, english: { ...record.english, body: [] } })).toBeNull();
  });
});

describe('export filter', () => {
  it('parses days strictly', () => {
    expect(parseExportDay('2020-04-03')).toBe('2020-04-03');
    expect(parseExportDay('20200403')).toBe('2020-04-03');
    expect(parseExportDay('2020-02-29')).toBe('2020-02-29');
    for (const bad of ['2019-02-29', '2020-13-01', '2020-4-3', 'yesterday', '']) expect(parseExportDay(bad)).toBeNull();
  });

  it('compares the Korea-time day of the English publishedAt, inclusive', () => {
    const p = { ...samplePair(), revision: 1, contentHash: '', firstSeenAt: '', updatedAt: '', change: 1 }; // 2020-04-03T07:38+09:00 (UTC: 04-02)
    expect(matchesExportFilter(p, { since: '2020-04-03', until: '2020-04-03' })).toBe(true);
    expect(matchesExportFilter(p, { since: '2020-04-04' })).toBe(false);
    expect(matchesExportFilter(p, { until: '2020-04-02' })).toBe(false);
    expect(matchesExportFilter(p, { status: 'korean_failed' })).toBe(false);
  });
});

describe('pairs.jsonl from a real SQLite store', () => {
  it('writes one exact line per stored pair, in pairId byte order', async () => {
    const { dir, store } = await setup();
    for (const p of threePairs()) await store.writePair(p);
    const summary = await runExport(store, opts(join(dir, 'out')));
    expect(summary.files).toEqual([{ format: 'jsonl', file: 'pairs.jsonl', path: join(dir, 'out', 'pairs.jsonl'), counts: { pairs: 3 } }]);
    expect(summary.selected).toEqual({ total: 3, byStatus: { paired: 1, no_korean_link: 1, korean_failed: 1 } });

    const lines = readLines(join(dir, 'out', 'pairs.jsonl'));
    const byId = new Map(threePairs().map((p) => [p.pairId, p]));
    const expected: string[] = [];
    for (const id of ['en-10', 'en-5116282', 'en-900']) {
      const rec = byId.get(id)!;
      const stored = (await store.getPair(id))!;
      expected.push(
        JSON.stringify({
          schema: PAIR_EXPORT_SCHEMA,
          pairId: id,
          revision: 1,
          contentHash: pairContentHash(rec),
          status: rec.pairing.status,
          firstSeenAt: stored.firstSeenAt,
          updatedAt: stored.updatedAt,
          change: stored.change,
          english: rec.english,
          korean: rec.korean,
          pairing: rec.pairing,
          provenance: rec.provenance,
        }),
      );
    }
    expect(lines).toEqual(expected);
    expect(lines[1]).toMatch(
      /^\{"schema":"donga-ingest\/pair@1","pairId":"en-5116282","revision":1,"contentHash":"[0-9a-f]{64}","status":"paired","firstSeenAt":"/,
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'korean_failed', korean: null, pairing: { error: { code: 'http_status', message: 'HTTP 404' } } });
  });

  it('exports the current revision and its number after a change', async () => {
    const { dir, store } = await setup();
    await store.writePair(samplePair());
    await store.writePair(samplePair('5116282', { english: englishArticle('5116282', { title: 'Ruling party leads in new polls' }) }));
    await runExport(store, opts(dir));
    const [line] = readLines(join(dir, 'pairs.jsonl')).map((l) => JSON.parse(l) as { revision: number; english: { title: string } });
    expect(line).toMatchObject({ revision: 2, english: { title: 'Ruling party leads in new polls' } });
  });

  it('filters by status and by English publication day', async () => {
    const { dir, store } = await setup();
    for (const p of threePairs()) await store.writePair(p);
    const s1 = await runExport(store, { ...opts(join(dir, 'a')), filter: { status: 'no_korean_link' } });
    expect(readLines(join(dir, 'a', 'pairs.jsonl')).map((l) => JSON.parse(l).pairId)).toEqual(['en-900']);
    expect(s1.selected.total).toBe(1);
    const s2 = await runExport(store, { ...opts(join(dir, 'b')), filter: { since: '2020-04-03', until: '2020-04-04' } });
    expect(readLines(join(dir, 'b', 'pairs.jsonl')).map((l) => JSON.parse(l).pairId)).toEqual(['en-5116282']);
    expect(s2.outsideDays).toBe(2);
    await runExport(store, { ...opts(join(dir, 'c')), filter: { until: '2020-04-02' } });
    expect(readLines(join(dir, 'c', 'pairs.jsonl')).map((l) => JSON.parse(l).pairId)).toEqual(['en-10']);
  });

  it('pages through the store with afterPairId, never holding more than one page', async () => {
    const { dir, store } = await setup();
    const ids = Array.from({ length: 25 }, (_, i) => String(1000 + i * 7));
    for (const id of ids) await store.writePair(samplePair(id));
    const rec = recordingStore(store);
    const summary = await runExport(rec.store, { ...opts(dir), pageSize: 4 });
    expect(summary.files[0]!.counts).toEqual({ pairs: 25 });
    expect(rec.calls.map((c) => c.rows)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(rec.calls.every((c) => c.opts.limit === 4)).toBe(true);
    expect(rec.calls[0]!.opts.afterPairId).toBeUndefined();
    expect(rec.calls[1]!.opts.afterPairId).toBe(`en-${ids[3]}`);
    const got = readLines(join(dir, 'pairs.jsonl')).map((l) => JSON.parse(l).pairId as string);
    expect(got).toEqual(ids.map((id) => `en-${id}`).sort());
    // An exact multiple of the page size ends with one empty page.
    const exact = recordingStore(store);
    await runExport(exact.store, { ...opts(join(dir, 'x')), pageSize: 5 });
    expect(exact.calls.map((c) => c.rows)).toEqual([5, 5, 5, 5, 5, 0]);
  });

  it('readPairs passes the status to the store', async () => {
    const { store } = await setup();
    for (const p of threePairs()) await store.writePair(p);
    const rec = recordingStore(store);
    const got: string[] = [];
    for await (const p of readPairs(rec.store, { status: 'paired', pageSize: 2 })) got.push(p.pairId);
    expect(got).toEqual(['en-5116282']);
    expect(rec.calls[0]!.opts.status).toBe('paired');
  });

  it.skipIf(!pgUrl)('PostgreSQL (jsonb reorders keys) exports the same bytes as SQLite, store times aside', async () => {
    const backend = pgBackend(pgUrl);
    cleanup.push(() => backend.destroy());
    const pgStore: PairStore = await backend.open();
    cleanup.push(() => pgStore.close());
    const { dir, store } = await setup();
    for (const p of threePairs()) {
      await store.writePair(p);
      await pgStore.writePair(p);
    }
    await runExport(store, opts(join(dir, 'sqlite')));
    await runExport(pgStore, opts(join(dir, 'pg')));
    const strip = (l: string) => l.replace(/"firstSeenAt":"[^"]*","updatedAt":"[^"]*"/, '');
    expect(readLines(join(dir, 'pg', 'pairs.jsonl')).map(strip)).toEqual(readLines(join(dir, 'sqlite', 'pairs.jsonl')).map(strip));
  });
});
