import type Database from 'better-sqlite3';
import { parseEnglishArticleUrl } from '../normalize/article-url.js';
import { pairContentHash } from '../pair/pair-content-hash.js';
import type { PairRecord, PairStatus } from '../records/pair.js';
import {
  cachedRecord,
  chunkIds,
  emptyStatusCounts,
  failureArticleId,
  validatePair,
  type FailureInput,
  type FailureLang,
  type FailureRow,
  type ListChangesOptions,
  type ListPairsOptions,
  type PageCacheEntry,
  type PairCounts,
  type PairRevision,
  type PairStore,
  type SavePageInput,
  type SavePageResult,
  type StoredPair,
  type WritePairResult,
} from './pair-store.js';
import { compressRawBody, sha256Hex } from './raw-page-codec.js';
import { isRetryableSqlite, openSqlite, StatementCache } from './sqlite-connection.js';
import { SQLITE_RAW_PAGES_DDL, SqliteRawPages } from './sqlite-raw-archive.js';
import { storageError } from './storage-error.js';
import {
  hourOf,
  runDelta,
  SQLITE_STATUS_MIGRATION,
  type CrawlRunRow,
  type CrawlTrigger,
  type FailureGroup,
  type PageCountRow,
  type RunCounts,
} from './status-store.js';

/** Schema steps; index i brings the database to version i + 1. Never edit a released step, append one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS pairs (
    pair_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    english_url TEXT NOT NULL,
    korean_url TEXT,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS pairs_status ON pairs (status, pair_id);
  CREATE TABLE IF NOT EXISTS pair_revisions (
    pair_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (pair_id, revision)
  );
  CREATE TABLE IF NOT EXISTS failures (
    url TEXT NOT NULL,
    code TEXT NOT NULL,
    lang TEXT NOT NULL,
    message TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    job_id TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (url, code)
  );
  CREATE TABLE IF NOT EXISTS page_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    body_sha256 TEXT NOT NULL,
    record TEXT,
    parser_version TEXT,
    fetched_at TEXT NOT NULL
  );
  `,
  // 2: change numbers. Existing revisions are numbered in the order they were written (created_at, then pair and
  // revision for ties), and each pair takes its current revision's number, so the first incremental export after
  // the upgrade (`--after 0`) sees every pair once, in the order it last changed.
  `
  ALTER TABLE pair_revisions ADD COLUMN change_seq INTEGER;
  UPDATE pair_revisions SET change_seq = numbered.n
    FROM (SELECT pair_id, revision, row_number() OVER (ORDER BY created_at, pair_id, revision) AS n FROM pair_revisions) AS numbered
    WHERE pair_revisions.pair_id = numbered.pair_id AND pair_revisions.revision = numbered.revision;
  ALTER TABLE pairs ADD COLUMN change_seq INTEGER;
  UPDATE pairs SET change_seq =
    (SELECT r.change_seq FROM pair_revisions r WHERE r.pair_id = pairs.pair_id AND r.revision = pairs.revision);
  -- A pair without its revision row (never written so by this code) still gets a number, after all the others.
  UPDATE pairs SET change_seq = (SELECT coalesce(max(change_seq), 0) FROM pair_revisions) + rowid WHERE change_seq IS NULL;
  CREATE UNIQUE INDEX pairs_change_seq ON pairs (change_seq);
  `,
  // 3: status tables: crawl runs and hourly page counters (src/store/status-store.ts)
  SQLITE_STATUS_MIGRATION,
  // 4: raw pages move into the database (savePage writes them with the page's cache row and count in one
  // transaction; the files under <dataDir>/raw stay readable through SqliteRawArchive), and failures learn whether
  // they are retryable and which English article they are about (knownArticleIds). Rows written before: the article
  // id is taken from the URL (donga_en_article_id, registered by the store), and parse failures, never retryable,
  // are marked so; for other codes retryable stays unknown (NULL, treated as retryable).
  `${SQLITE_RAW_PAGES_DDL}
  ALTER TABLE failures ADD COLUMN retryable INTEGER;
  ALTER TABLE failures ADD COLUMN article_id TEXT;
  UPDATE failures SET article_id = donga_en_article_id(url) WHERE lang = 'en';
  UPDATE failures SET retryable = 0
    WHERE code IN ('not_article', 'missing_title', 'missing_date', 'missing_body', 'bad_url', 'wrong_language', 'undecodable', 'too_deep', 'parse_timeout');
  CREATE INDEX IF NOT EXISTS failures_article ON failures (article_id, last_seen_at) WHERE article_id IS NOT NULL;
  `,
];

export interface SqlitePairStoreOptions {
  /**
   * How long a write waits for another process's write lock before failing (retryable).
   * @defaultValue 15000
   */
  busyTimeoutMs?: number;
}

interface PairRow {
  pair_id: string;
  revision: number;
  content_hash: string;
  record: string;
  first_seen_at: string;
  updated_at: string;
  change_seq: number;
}

function fromRow(row: PairRow): StoredPair {
  return {
    ...(JSON.parse(row.record) as PairRecord),
    revision: row.revision,
    contentHash: row.content_hash,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    change: row.change_seq,
  };
}

/**
 * The embedded default store: one SQLite file in WAL mode, shared by the worker processes of one machine.
 * Writers wait for each other through `busy_timeout`; each pair write is one IMMEDIATE transaction.
 */
export class SqlitePairStore implements PairStore {
  readonly file: string;
  private readonly db: Database.Database;
  /** Every statement is prepared once per store, on first use. */
  private readonly st: StatementCache;
  private readonly raw: SqliteRawPages;

  constructor(file: string, options: SqlitePairStoreOptions = {}) {
    this.file = file;
    this.db = openSqlite(file, options.busyTimeoutMs);
    // Migration 4 derives the article id of old failure rows with the same parser the store uses for new ones.
    this.db.function('donga_en_article_id', { deterministic: true }, (url: unknown) =>
      typeof url === 'string' ? (parseEnglishArticleUrl(url)?.articleId ?? null) : null,
    );
    this.st = new StatementCache(this.db);
    this.raw = new SqliteRawPages(this.st);
  }

  private run<T>(what: string, fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(storageError(err, what, isRetryableSqlite(err)));
    }
  }

  init(): Promise<void> {
    return this.run('sqlite init', () => {
      this.db
        .transaction(() => {
          this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
          const row = this.st.get('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
          const current = row.v ?? 0;
          for (let v = current; v < MIGRATIONS.length; v++) {
            this.db.exec(MIGRATIONS[v]!);
            this.st.get('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
          }
        })
        .immediate();
    });
  }

  writePair(input: PairRecord): Promise<WritePairResult> {
    let pair: PairRecord;
    try {
      pair = validatePair(input);
    } catch (err) {
      return Promise.reject(err);
    }
    const hash = pairContentHash(pair);
    const json = JSON.stringify(pair);
    const now = new Date().toISOString();
    return this.run(`sqlite writePair ${pair.pairId}`, () =>
      this.db
        .transaction((): WritePairResult => {
          const cur = this.st.get('SELECT revision, content_hash FROM pairs WHERE pair_id = ?').get(pair.pairId) as
            | { revision: number; content_hash: string }
            | undefined;
          if (cur && cur.content_hash === hash) return { pairId: pair.pairId, revision: cur.revision, changed: false };
          const revision = cur ? cur.revision + 1 : 1;
          // The IMMEDIATE transaction holds the database's one write lock, so max + 1 is handed out in commit order.
          // pairs.change_seq is always its latest revision's number, so the max over pairs is the max ever written.
          const seq = (this.st.get('SELECT coalesce(max(change_seq), 0) + 1 AS n FROM pairs').get() as { n: number }).n;
          if (cur) {
            this.st
              .get(
                `UPDATE pairs SET status = ?, english_url = ?, korean_url = ?, revision = ?, content_hash = ?, record = ?, updated_at = ?,
                 change_seq = ? WHERE pair_id = ?`,
              )
              .run(pair.pairing.status, pair.english.url, pair.pairing.koreanUrl, revision, hash, json, now, seq, pair.pairId);
          } else {
            this.st
              .get(
                `INSERT INTO pairs (pair_id, status, english_url, korean_url, revision, content_hash, record, first_seen_at, updated_at, change_seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              )
              .run(pair.pairId, pair.pairing.status, pair.english.url, pair.pairing.koreanUrl, revision, hash, json, now, now, seq);
          }
          this.st
            .get('INSERT INTO pair_revisions (pair_id, revision, content_hash, record, created_at, change_seq) VALUES (?, ?, ?, ?, ?, ?)')
            .run(pair.pairId, revision, hash, json, now, seq);
          return { pairId: pair.pairId, revision, changed: true };
        })
        .immediate(),
    );
  }

  getPair(pairId: string): Promise<StoredPair | null> {
    return this.run('sqlite getPair', () => {
      const row = this.st.get('SELECT * FROM pairs WHERE pair_id = ?').get(pairId) as PairRow | undefined;
      return row ? fromRow(row) : null;
    });
  }

  getRevision(pairId: string, revision: number): Promise<PairRecord | null> {
    return this.run('sqlite getRevision', () => {
      const row = this.st.get('SELECT record FROM pair_revisions WHERE pair_id = ? AND revision = ?').get(pairId, revision) as { record: string } | undefined;
      return row ? (JSON.parse(row.record) as PairRecord) : null;
    });
  }

  listPairs(opts: ListPairsOptions = {}): Promise<StoredPair[]> {
    return this.run('sqlite listPairs', () => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (opts.status !== undefined) {
        where.push('status = ?');
        args.push(opts.status);
      }
      if (opts.afterPairId !== undefined) {
        where.push('pair_id > ?');
        args.push(opts.afterPairId);
      }
      let sql = `SELECT * FROM pairs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY pair_id`;
      if (opts.limit !== undefined) {
        sql += ' LIMIT ?';
        args.push(Math.max(0, Math.floor(opts.limit)));
      }
      return (this.st.get(sql).all(...args) as PairRow[]).map(fromRow);
    });
  }

  listChanges(opts: ListChangesOptions): Promise<StoredPair[]> {
    return this.run('sqlite listChanges', () => {
      const args: unknown[] = [Math.floor(opts.after), Math.floor(opts.upTo)];
      let sql = 'SELECT * FROM pairs WHERE change_seq > ? AND change_seq <= ?';
      if (opts.status !== undefined) {
        sql += ' AND status = ?';
        args.push(opts.status);
      }
      sql += ' ORDER BY change_seq';
      if (opts.limit !== undefined) {
        sql += ' LIMIT ?';
        args.push(Math.max(0, Math.floor(opts.limit)));
      }
      return (this.st.get(sql).all(...args) as PairRow[]).map(fromRow);
    });
  }

  lastChange(): Promise<number> {
    return this.run('sqlite lastChange', () => (this.st.get('SELECT coalesce(max(change_seq), 0) AS n FROM pairs').get() as { n: number }).n);
  }

  countPairs(): Promise<PairCounts> {
    return this.run('sqlite countPairs', () => {
      const byStatus = emptyStatusCounts();
      let total = 0;
      for (const r of this.st.get('SELECT status, count(*) AS n FROM pairs GROUP BY status').all() as {
        status: PairStatus;
        n: number;
      }[]) {
        byStatus[r.status] = r.n;
        total += r.n;
      }
      const rev = this.st.get('SELECT count(*) AS n FROM pair_revisions').get() as { n: number };
      return { total, byStatus, revisions: rev.n };
    });
  }

  getRevisions(pairId: string): Promise<PairRevision[]> {
    return this.run('sqlite getRevisions', () =>
      (
        this.st.get('SELECT revision, content_hash, created_at FROM pair_revisions WHERE pair_id = ? ORDER BY revision').all(pairId) as {
          revision: number;
          content_hash: string;
          created_at: string;
        }[]
      ).map((r) => ({ revision: r.revision, contentHash: r.content_hash, createdAt: r.created_at })),
    );
  }

  recordFailure(f: FailureInput): Promise<void> {
    const now = new Date().toISOString();
    return this.run('sqlite recordFailure', () => {
      this.st
        .get(
          `INSERT INTO failures (url, code, lang, message, attempts, job_id, retryable, article_id, first_seen_at, last_seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (url, code) DO UPDATE SET lang = excluded.lang, message = excluded.message,
             attempts = excluded.attempts, job_id = excluded.job_id, retryable = excluded.retryable,
             article_id = excluded.article_id, last_seen_at = excluded.last_seen_at`,
        )
        .run(f.url, f.code, f.lang, f.message, f.attempts, f.jobId ?? null, f.retryable ? 1 : 0, failureArticleId(f), now, now);
    });
  }

  clearFailure(url: string, codes?: readonly string[]): Promise<void> {
    return this.run('sqlite clearFailure', () => {
      if (codes === undefined) this.st.get('DELETE FROM failures WHERE url = ?').run(url);
      else if (codes.length) this.st.get(`DELETE FROM failures WHERE url = ? AND code IN (${codes.map(() => '?').join(', ')})`).run(url, ...codes);
    });
  }

  listFailures(): Promise<FailureRow[]> {
    return this.run('sqlite listFailures', () =>
      (
        this.st.get('SELECT * FROM failures ORDER BY url, code').all() as {
          url: string;
          code: string;
          lang: FailureLang;
          message: string;
          attempts: number;
          job_id: string | null;
          first_seen_at: string;
          last_seen_at: string;
        }[]
      ).map((r) => ({
        url: r.url,
        lang: r.lang,
        code: r.code,
        message: r.message,
        attempts: r.attempts,
        jobId: r.job_id,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
      })),
    );
  }

  countFailuresByCode(): Promise<Record<string, number>> {
    return this.run('sqlite countFailuresByCode', () => {
      const out: Record<string, number> = {};
      for (const r of this.st.get('SELECT code, count(*) AS n FROM failures GROUP BY code ORDER BY code').all() as {
        code: string;
        n: number;
      }[])
        out[r.code] = r.n;
      return out;
    });
  }

  getPageCache(url: string): Promise<PageCacheEntry | null> {
    return this.run('sqlite getPageCache', () => {
      const r = this.st.get('SELECT * FROM page_cache WHERE url = ?').get(url) as
        | {
            url: string;
            etag: string | null;
            last_modified: string | null;
            body_sha256: string;
            record: string | null;
            parser_version: string | null;
            fetched_at: string;
          }
        | undefined;
      if (!r) return null;
      return {
        url: r.url,
        etag: r.etag,
        lastModified: r.last_modified,
        bodySha256: r.body_sha256,
        record: cachedRecord(r.record),
        parserVersion: r.parser_version,
        fetchedAt: r.fetched_at,
      };
    });
  }

  putPageCache(e: PageCacheEntry): Promise<void> {
    return this.run('sqlite putPageCache', () => this.writePageCache(e, e.record === null ? null : JSON.stringify(e.record)));
  }

  private writePageCache(e: Omit<PageCacheEntry, 'record'>, recordJson: string | null): void {
    this.st
      .get(
        `INSERT INTO page_cache (url, etag, last_modified, body_sha256, record, parser_version, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           body_sha256 = excluded.body_sha256, record = excluded.record, parser_version = excluded.parser_version,
           fetched_at = excluded.fetched_at`,
      )
      .run(e.url, e.etag, e.lastModified, e.bodySha256, recordJson, e.parserVersion ?? null, e.fetchedAt);
  }

  countPage(lang: 'en' | 'ko', delta: { fetched?: number; parseFailed?: number }, at: Date = new Date()): Promise<void> {
    return this.run('sqlite countPage', () => this.addPageCount(lang, delta, at));
  }

  private addPageCount(lang: 'en' | 'ko', delta: { fetched?: number; parseFailed?: number }, at: Date): void {
    this.st
      .get(
        `INSERT INTO page_counts (hour, lang, fetched, parse_failed) VALUES (?, ?, ?, ?)
         ON CONFLICT (hour, lang) DO UPDATE SET fetched = fetched + excluded.fetched, parse_failed = parse_failed + excluded.parse_failed`,
      )
      .run(hourOf(at), lang, Math.max(0, Math.floor(delta.fetched ?? 0)), Math.max(0, Math.floor(delta.parseFailed ?? 0)));
  }

  async savePage(p: SavePageInput): Promise<SavePageResult> {
    const sha = sha256Hex(p.raw.body);
    let compressed: Buffer | null;
    try {
      // Bytes already archived are not compressed again; new ones are compressed here, off the write lock (brotli
      // runs on the thread pool), so the transaction below holds the lock only for four row writes.
      compressed = this.raw.has(sha) ? null : await compressRawBody(p.raw.body);
    } catch (err) {
      throw storageError(err, `sqlite savePage ${p.requestedUrl}`, isRetryableSqlite(err));
    }
    const recordJson = p.record === null ? null : JSON.stringify(p.record);
    return this.run(`sqlite savePage ${p.requestedUrl}`, () =>
      this.db
        .transaction((): SavePageResult => {
          const stored = compressed !== null && this.raw.insert(sha, p.raw, compressed);
          this.raw.sighting(sha, p.raw);
          this.writePageCache(
            {
              url: p.requestedUrl,
              etag: p.etag ?? null,
              lastModified: p.lastModified ?? null,
              bodySha256: sha,
              parserVersion: p.parserVersion,
              fetchedAt: p.raw.fetchedAt,
            },
            recordJson,
          );
          this.addPageCount(p.lang, { fetched: 1 }, new Date());
          return { sha256: sha, stored };
        })
        .immediate(),
    );
  }

  knownArticleIds(ids: readonly string[]): Promise<Set<string>> {
    return this.run('sqlite knownArticleIds', () => {
      const known = new Set<string>();
      // The ids travel as one JSON array parameter (json_each), so no chunk meets SQLite's bound-variable limit and
      // the statement is prepared once; chunks only keep each query's work and result small.
      const st = this.st.get(
        `SELECT ids.value AS id FROM json_each(?) AS ids
         WHERE EXISTS (SELECT 1 FROM pairs WHERE pair_id = 'en-' || ids.value)
            OR (SELECT f.retryable FROM failures f WHERE f.article_id = ids.value AND f.lang = 'en'
                ORDER BY f.last_seen_at DESC, f.code LIMIT 1) = 0`,
      );
      for (const chunk of chunkIds(ids)) for (const r of st.all(JSON.stringify(chunk)) as { id: string }[]) known.add(r.id);
      return known;
    });
  }

  pageCounts(since: Date): Promise<PageCountRow[]> {
    return this.run('sqlite pageCounts', () =>
      (
        this.st.get('SELECT hour, lang, fetched, parse_failed FROM page_counts WHERE hour >= ? ORDER BY hour, lang').all(hourOf(since)) as {
          hour: string;
          lang: 'en' | 'ko';
          fetched: number;
          parse_failed: number;
        }[]
      ).map((r) => ({ hour: r.hour, lang: r.lang, fetched: r.fetched, parseFailed: r.parse_failed })),
    );
  }

  startRun(run: { runId: string; trigger: CrawlTrigger; startedAt?: Date }): Promise<void> {
    const at = (run.startedAt ?? new Date()).toISOString();
    return this.run('sqlite startRun', () => {
      this.st
        .get('INSERT INTO crawl_runs (run_id, trigger, started_at, last_activity_at) VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING')
        .run(run.runId, run.trigger, at, at);
    });
  }

  runActivity(runId: string, delta: Partial<RunCounts>, at: Date = new Date()): Promise<void> {
    const d = runDelta(delta);
    return this.run('sqlite runActivity', () => {
      this.st
        .get(
          `UPDATE crawl_runs SET pages_done = pages_done + ?, pages_failed = pages_failed + ?, articles_done = articles_done + ?,
             articles_failed = articles_failed + ?, last_activity_at = max(last_activity_at, ?) WHERE run_id = ?`,
        )
        .run(d.pagesDone, d.pagesFailed, d.articlesDone, d.articlesFailed, at.toISOString(), runId);
    });
  }

  finishRun(runId: string, outcome: string, finishedAt: Date = new Date()): Promise<void> {
    return this.run('sqlite finishRun', () => {
      this.st.get('UPDATE crawl_runs SET finished_at = ?, outcome = ? WHERE run_id = ? AND finished_at IS NULL').run(finishedAt.toISOString(), outcome, runId);
    });
  }

  listRuns(limit: number): Promise<CrawlRunRow[]> {
    return this.run('sqlite listRuns', () =>
      (
        this.st.get('SELECT * FROM crawl_runs ORDER BY started_at DESC, run_id DESC LIMIT ?').all(Math.max(0, Math.floor(limit))) as {
          run_id: string;
          trigger: CrawlTrigger;
          started_at: string;
          last_activity_at: string;
          finished_at: string | null;
          outcome: string | null;
          pages_done: number;
          pages_failed: number;
          articles_done: number;
          articles_failed: number;
        }[]
      ).map((r) => ({
        runId: r.run_id,
        trigger: r.trigger,
        startedAt: r.started_at,
        lastActivityAt: r.last_activity_at,
        finishedAt: r.finished_at,
        outcome: r.outcome,
        pagesDone: r.pages_done,
        pagesFailed: r.pages_failed,
        articlesDone: r.articles_done,
        articlesFailed: r.articles_failed,
      })),
    );
  }

  countVerdicts(): Promise<Record<string, number>> {
    return this.run('sqlite countVerdicts', () => {
      const out: Record<string, number> = {};
      const rows = this.st
        .get(
          "SELECT coalesce(json_extract(record, '$.pairing.verdict'), 'unverified') AS v, count(*) AS n FROM pairs WHERE status = 'paired' GROUP BY v ORDER BY v",
        )
        .all() as { v: string; n: number }[];
      for (const r of rows) out[r.v] = r.n;
      return out;
    });
  }

  countRevisionsSince(since: Date): Promise<{ revisions: number; newPairs: number }> {
    return this.run('sqlite countRevisionsSince', () => {
      const r = this.st
        .get('SELECT count(*) AS n, coalesce(sum(revision = 1), 0) AS fresh FROM pair_revisions WHERE created_at >= ?')
        .get(since.toISOString()) as { n: number; fresh: number };
      return { revisions: r.n, newPairs: r.fresh };
    });
  }

  failureGroups(since: Date): Promise<FailureGroup[]> {
    return this.run('sqlite failureGroups', () =>
      (
        this.st
          .get(
            `SELECT code, lang, count(*) AS n, min(url) AS sample, max(last_seen_at) AS last FROM failures
             WHERE last_seen_at >= ? GROUP BY code, lang ORDER BY n DESC, code, lang`,
          )
          .all(since.toISOString()) as { code: string; lang: string; n: number; sample: string; last: string }[]
      ).map((r) => ({ code: r.code, lang: r.lang, count: r.n, sampleUrl: r.sample, lastSeenAt: r.last })),
    );
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
