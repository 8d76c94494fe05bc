import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import type { PairRecord, PairVerdict } from '../../src/records/pair.js';
import type { ListPairsOptions, PairStore } from '../../src/store/pair-store.js';

/** A temp directory and a real SQLite store inside it; `cleanup` closes and deletes both. */
export async function tempStore(): Promise<{ dir: string; store: SqlitePairStore; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'donga-export-'));
  const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
  await store.init();
  return {
    dir,
    store,
    cleanup: async () => {
      await store.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same store, recording every listPairs call (options and page length); optionally failing on call `failOnCall`. */
export function recordingStore(store: PairStore, failOnCall?: number): { store: PairStore; calls: { opts: ListPairsOptions; rows: number }[] } {
  const calls: { opts: ListPairsOptions; rows: number }[] = [];
  const wrapped = Object.create(store) as PairStore;
  wrapped.listPairs = async (opts = {}) => {
    if (failOnCall !== undefined && calls.length + 1 === failOnCall) throw new Error('store went away');
    const rows = await store.listPairs(opts);
    calls.push({ opts, rows: rows.length });
    return rows;
  };
  return { store: wrapped, calls };
}

/**
 * The pair with a verdict set by hand (default `verified`), as the pair verification would: training exports take
 * only `verified` and `plausible` pairs by default, and records without a verdict count as `unverified`.
 */
export function withVerdict<T extends PairRecord>(pair: T, verdict: PairVerdict | null = 'verified', score: number | null = 0.9): T {
  return { ...pair, pairing: { ...pair.pairing, verdict, score } };
}

/** The pair as it was stored before pair verification existed: no verdict, score or signals. */
export function withoutVerdict<T extends PairRecord>(pair: T): T {
  const { verdict: _v, score: _s, signals: _g, ...pairing } = pair.pairing;
  return { ...pair, pairing };
}

/**
 * One pair of every kind a consumer meets: each verdict, a paired record without one (written before verdicts
 * existed), no Korean link, Korean failed; text with quotes, emoji, a Korean honorific and a backslash.
 */
export function contractPairs(): PairRecord[] {
  const odd = (id: string) =>
    samplePair(id, {
      english: englishArticle(id, { title: `"Quotes" \\ and 😀 in ${id}`, body: ['First paragraph.', 'Second, with <tags> & ampersands.'] }),
      korean: koreanArticle({ body: ['첫 문단이다.', '둘째 문단, “따옴표”와 😀.'] }),
    });
  return [
    withVerdict(odd('101'), 'verified', 0.97),
    withVerdict(samplePair('102'), 'plausible', 0.7),
    withVerdict(samplePair('103'), 'suspect', 0.3),
    withVerdict(samplePair('104'), 'mismatch', 0.01),
    withoutVerdict(samplePair('105')),
    samplePair('106', { english: englishArticle('106', { koreanUrl: null }), korean: null }),
    samplePair('107', { korean: null, koreanSource: null, koreanError: { code: 'http_status', message: 'HTTP 404' } }),
  ];
}
