/**
 * Every store call the Crawlee side of `npm run bench:crawlee` makes, in one place: the same calls, in the same
 * order per page, as donga-ingest's pipeline makes (src/pipeline/english.ts fetchArticle, src/pipeline/store-pair.ts,
 * src/pipeline/discover.ts crawlRun, workers/guard.ts, workers/run-crawl.ts), so the comparison measures the pipeline
 * around them and not a lighter store. The store is being reworked: when its API changes, only this file follows.
 */
import { join } from 'node:path';
import type { FailureLang } from '../../src/failure.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import type { Article } from '../../src/records/article.js';
import type { PairRecord, Source } from '../../src/records/pair.js';
import type { RunCounts } from '../../src/store/status-store.js';

/** One fetched page as the store wants it (the response bytes, decompressed, as our Fetcher hands them on). */
export interface FetchedBytes {
  /** The URL asked for. */
  requestedUrl: string;
  /** Final URL after redirects. */
  url: string;
  status: number;
  /** Lower-case names, repeated values joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  fetchedAt: string;
}

export interface StoreWrites {
  /** Start of a crawl run (crawlRun). */
  startRun(runId: string): Promise<void>;
  /**
   * One article page: page-cache lookup, parse (the caller's), then one store call writing the raw bytes, the
   * fetched-page counter and the page-cache row with the record (or null when it did not parse, then the parse
   * error is rethrown).
   */
  articlePage(page: FetchedBytes, lang: 'en' | 'ko', parserVersion: string, parse: () => Article): Promise<{ record: Article; source: Source }>;
  /** One pair (one transaction, idempotent upsert). */
  writePair(pair: PairRecord): Promise<void>;
  /** A unit of work done (what the worker boundary records per job): its failures cleared, the run's counts. */
  done(url: string, runId: string, delta: Partial<RunCounts> | null): Promise<void>;
  /** A unit of work failed for good: its failure, the run's counts. */
  failed(
    f: { url: string; lang: FailureLang; code: string; message: string; retryable: boolean; attempts: number; status?: number },
    runId: string,
    delta: Partial<RunCounts> | null,
  ): Promise<void>;
  finishRun(runId: string, outcome: string): Promise<void>;
  close(): Promise<void>;
}

/** The SQLite store (raw pages in its raw_pages table) under `dataDir`, exactly where `donga-ingest crawl` puts it. */
export async function openStoreWrites(dataDir: string): Promise<StoreWrites> {
  const store = new SqlitePairStore(join(dataDir, 'donga.sqlite'));
  await store.init();
  return {
    startRun: (runId) => store.startRun({ runId, trigger: 'crawl' }),
    async articlePage(page, lang, parserVersion, parse) {
      // The pipeline reads the cache row before fetching (for If-None-Match); a fresh store never has one.
      await store.getPageCache(page.requestedUrl);
      let record: Article | null = null;
      let parseError: unknown;
      try {
        record = parse();
      } catch (err) {
        parseError = err;
      }
      const { sha256 } = await store.savePage({
        requestedUrl: page.requestedUrl,
        lang,
        raw: { url: page.url, body: page.body, headers: page.headers, status: page.status, fetchedAt: page.fetchedAt },
        etag: page.headers['etag'] ?? null,
        lastModified: page.headers['last-modified'] ?? null,
        parserVersion,
        record,
      });
      if (record === null) throw parseError;
      return { record, source: { url: page.url, fetchedUrl: page.requestedUrl, fetchedAt: page.fetchedAt, bodySha256: sha256, httpStatus: page.status } };
    },
    async writePair(pair) {
      await store.writePair(pair);
    },
    async done(url, runId, delta) {
      await store.clearFailure(url);
      if (delta) await store.runActivity(runId, delta);
    },
    async failed(f, runId, delta) {
      await store.recordFailure({ ...f, code: f.code as never });
      if (delta) await store.runActivity(runId, delta);
    },
    finishRun: (runId, outcome) => store.finishRun(runId, outcome),
    async close() {
      await store.close();
    },
  };
}
