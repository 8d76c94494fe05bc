import pg from 'pg';
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
import { inPgTransaction, isRetryablePg } from './pg-transaction.js';
import { compressRawBody, PG_RAW_PAGES_DDL, pgAppendSeen, sha256Hex } from './raw-page-codec.js';
import { storageError } from './storage-error.js';
import {
  hourOf,
  runDelta,
  PG_STATUS_MIGRATION,
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
    -- "C" collation: byte order, identical to SQLite's, so pagination by pair_id agrees across backends
    pair_id text COLLATE "C" PRIMARY KEY,
    status text NOT NULL,
    english_url text NOT NULL,
    korean_url text,
    revision integer NOT NULL,
    content_hash text NOT NULL,
    record jsonb NOT NULL,
    first_seen_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX IF NOT EXISTS pairs_status ON pairs (status, pair_id);
  CREATE TABLE IF NOT EXISTS pair_revisions (
    pair_id text COLLATE "C" NOT NULL,
    revision integer NOT NULL,
    content_hash text NOT NULL,
    record jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (pair_id, revision)
  );
  CREATE TABLE IF NOT EXISTS failures (
    url text COLLATE "C" NOT NULL,
    code text COLLATE "C" NOT NULL,
    lang text NOT NULL,
    message text NOT NULL,
    attempts integer NOT NULL,
    job_id text,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (url, code)
  );
  CREATE TABLE IF NOT EXISTS page_cache (
    url text PRIMARY KEY,
    etag text,
    last_modified text,
    body_sha256 text NOT NULL,
    record jsonb,
    parser_version text,
    fetched_at text NOT NULL
  );
  `,
  // 2: change numbers (see writePair for why they follow commit order). Existing revisions are numbered in the
  // order they were written, each pair takes its current revision's number, and the sequence continues after them.
  `
  CREATE SEQUENCE IF NOT EXISTS pair_change_seq;
  ALTER TABLE pair_revisions ADD COLUMN IF NOT EXISTS change_seq bigint;
  UPDATE pair_revisions SET change_seq = numbered.n
    FROM (SELECT pair_id, revision, row_number() OVER (ORDER BY created_at, pair_id, revision) AS n FROM pair_revisions) AS numbered
    WHERE pair_revisions.pair_id = numbered.pair_id AND pair_revisions.revision = numbered.revision;
  ALTER TABLE pairs ADD COLUMN IF NOT EXISTS change_seq bigint;
  UPDATE pairs SET change_seq = r.change_seq FROM pair_revisions r WHERE r.pair_id = pairs.pair_id AND r.revision = pairs.revision;
  -- A pair without its revision row (never written so by this code) still gets a number, after all the others.
  UPDATE pairs SET change_seq = base.n + orphan.n
    FROM (SELECT coalesce(max(change_seq), 0) AS n FROM pair_revisions) AS base,
         (SELECT pair_id, row_number() OVER (ORDER BY pair_id) AS n FROM pairs WHERE change_seq IS NULL) AS orphan
    WHERE pairs.pair_id = orphan.pair_id;
  SELECT setval('pair_change_seq', coalesce((SELECT max(change_seq) FROM pairs), 0) + 1, false);
  CREATE UNIQUE INDEX IF NOT EXISTS pairs_change_seq ON pairs (change_seq);
  `,
  // 3: status tables: crawl runs and hourly page counters (src/store/status-store.ts)
  PG_STATUS_MIGRATION,
  // 4: raw_pages becomes part of the store's schema (savePage writes it in the page's one statement; PgRawArchive
  // created it on its own before, so it may exist), and failures learn whether they are retryable and which English
  // article they are about (knownArticleIds). Rows written before: the article id is taken from the URL, and parse
  // failures, never retryable, are marked so; for other codes retryable stays unknown (NULL, treated as retryable).
  `
  ${PG_RAW_PAGES_DDL};
  ALTER TABLE failures ADD COLUMN IF NOT EXISTS retryable boolean;
  ALTER TABLE failures ADD COLUMN IF NOT EXISTS article_id text COLLATE "C";
  UPDATE failures SET article_id = substring(url from '^https?://[^/]+/en/article/all/[0-9]{8}/([0-9]{1,12})/[0-9]/?([?#].*)?$') WHERE lang = 'en';
  UPDATE failures SET retryable = false
    WHERE code IN ('not_article', 'missing_title', 'missing_date', 'missing_body', 'bad_url', 'wrong_language', 'undecodable', 'too_deep', 'parse_timeout');
  CREATE INDEX IF NOT EXISTS failures_article ON failures (article_id, last_seen_at) WHERE article_id IS NOT NULL;
  `,
];

/**
 * The hot statements, sent as named prepared statements (pg's `name`): each pooled connection parses and plans them
 * once, then only binds and executes. Names are per connection and must never be reused for other SQL.
 */
const SAVE_PAGE_SQL = `WITH raw AS (
    INSERT INTO raw_pages (sha256, encoding, size, body, meta)
    SELECT $1, 'br', $3, $4, $5::jsonb WHERE $4::bytea IS NOT NULL
    ON CONFLICT (sha256) DO UPDATE SET meta = ${pgAppendSeen('$2')}
    RETURNING (xmax = 0) AS inserted
  ), seen AS (
    UPDATE raw_pages SET meta = ${pgAppendSeen('$2')} WHERE sha256 = $1 AND $4::bytea IS NULL
    RETURNING 1
  ), cache AS (
    INSERT INTO page_cache (url, etag, last_modified, body_sha256, record, parser_version, fetched_at)
    VALUES ($6, $7, $8, $1, $9::jsonb, $10, $11)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      body_sha256 = excluded.body_sha256, record = excluded.record, parser_version = excluded.parser_version,
      fetched_at = excluded.fetched_at
    RETURNING 1
  ), counted AS (
    INSERT INTO page_counts (hour, lang, fetched, parse_failed) VALUES ($12, $13, 1, 0)
    ON CONFLICT (hour, lang) DO UPDATE SET fetched = page_counts.fetched + 1
    RETURNING 1
  )
  -- Divides by zero (failing the whole statement, so nothing above is written) if the page's raw row was neither
  -- inserted nor found: a cache row must never point at bytes the archive lacks.
  SELECT coalesce((SELECT inserted FROM raw), false) AS inserted,
         1 / ((SELECT count(*) FROM raw) + (SELECT count(*) FROM seen))::int AS ok`;

// Columns named, not `*`: a prepared statement whose result shape changes (another process migrating) fails.
const PAGE_CACHE_GET_SQL = 'SELECT url, etag, last_modified, body_sha256, record, parser_version, fetched_at FROM page_cache WHERE url = $1';

const KNOWN_IDS_SQL = `SELECT ids.id FROM unnest($1::text[]) AS ids(id)
  WHERE EXISTS (SELECT 1 FROM pairs WHERE pair_id = 'en-' || ids.id)
     OR (SELECT f.retryable FROM failures f WHERE f.article_id = ids.id AND f.lang = 'en'
         ORDER BY f.last_seen_at DESC, f.code LIMIT 1) IS FALSE`;

export interface PgPairStoreOptions {
  connectionString: string;
  /** Schema for all tables (created by init); default: the connection's search_path (normally `public`). */
  schema?: string | undefined;
  /** @defaultValue 10 */
  maxConnections?: number | undefined;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Pool config for a connection string, with search_path pinned to `schema` when given. */
function pgPoolConfig(connectionString: string, schema?: string, max = 10): pg.PoolConfig {
  if (schema !== undefined && !IDENT.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  return { connectionString, max, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) };
}

/**
 * Gives the write its change number, as the transaction's last statement before COMMIT. A sequence alone hands out
 * numbers in call order, not commit order: a writer could take 41, stall, and commit after another writer's 42 had
 * been exported, and a consumer whose cursor is 42 would never see 41. So the number is taken under a transaction
 * advisory lock (one per schema) held until COMMIT: the next writer gets its number only once this one is committed
 * and visible, so every number at or below the highest visible one has committed (rolled-back numbers are gaps).
 * The lock is taken after the row writes, which are the only other locks a pair write waits for, so it cannot
 * deadlock; writers queue on it only for one statement and their COMMIT.
 */
async function stampChange(c: pg.PoolClient, pairId: string, revision: number): Promise<void> {
  await c.query({
    name: 'donga_stamp_change',
    text: `WITH seq AS (
       SELECT nextval('pair_change_seq') AS n
       FROM (SELECT pg_advisory_xact_lock(hashtext('donga-ingest:pair-change:' || current_schema()))) AS locked
     ), stamped AS (
       UPDATE pairs SET change_seq = seq.n FROM seq WHERE pair_id = $1 RETURNING pairs.change_seq
     )
     UPDATE pair_revisions SET change_seq = seq.n FROM seq WHERE pair_id = $1 AND revision = $2`,
    values: [pairId, revision],
  });
}

const REVISION_INSERT_SQL = 'INSERT INTO pair_revisions (pair_id, revision, content_hash, record, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)';

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

interface PairRow {
  pair_id: string;
  revision: number;
  content_hash: string;
  record: PairRecord;
  first_seen_at: Date;
  updated_at: Date;
  /** bigint: node-postgres returns it as a string. */
  change_seq: string;
}

function fromRow(row: PairRow): StoredPair {
  return {
    ...row.record,
    revision: row.revision,
    contentHash: row.content_hash,
    firstSeenAt: iso(row.first_seen_at),
    updatedAt: iso(row.updated_at),
    change: Number(row.change_seq),
  };
}

/**
 * The scale-out store: any number of worker processes on any number of machines share one PostgreSQL.
 * Pair writes lock the pair's row (or win the insert race), so concurrent writers never duplicate a revision.
 */
export class PgPairStore implements PairStore {
  readonly pool: pg.Pool;
  private readonly schema: string | undefined;

  constructor(options: PgPairStoreOptions) {
    this.schema = options.schema;
    this.pool = new pg.Pool(pgPoolConfig(options.connectionString, options.schema, options.maxConnections ?? 10));
    // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
    // The next query reports the problem (as a retryable storage error), so nothing is lost by ignoring it here.
    this.pool.on('error', () => {});
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storageError(err, what, isRetryablePg(err));
    }
  }

  init(): Promise<void> {
    return this.run('postgres init', async () => {
      if (this.schema !== undefined) {
        // CREATE SCHEMA IF NOT EXISTS can still race on the catalog; the lock below is per schema, so take a global one.
        await inPgTransaction(this.pool, async (c) => {
          await c.query(`SELECT pg_advisory_xact_lock(hashtext('donga-ingest:create-schema'))`);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        });
      }
      await inPgTransaction(this.pool, async (c) => {
        // Many workers start at once: the first migrates, the others wait here and then find nothing to do.
        await c.query(`SELECT pg_advisory_xact_lock(hashtext('donga-ingest:migrate:' || current_schema()))`);
        await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
        const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
        for (let v = rows[0]?.v ?? 0; v < MIGRATIONS.length; v++) {
          await c.query(MIGRATIONS[v]!);
          await c.query('INSERT INTO schema_version (version) VALUES ($1)', [v + 1]);
        }
      });
    });
  }

  async writePair(input: PairRecord): Promise<WritePairResult> {
    const pair = validatePair(input);
    const hash = pairContentHash(pair);
    const json = JSON.stringify(pair);
    const now = new Date().toISOString();
    return this.run(`postgres writePair ${pair.pairId}`, () =>
      inPgTransaction(this.pool, async (c): Promise<WritePairResult> => {
        for (;;) {
          const cur = await c.query<{ revision: number; content_hash: string }>({
            name: 'donga_pair_lock',
            text: 'SELECT revision, content_hash FROM pairs WHERE pair_id = $1 FOR UPDATE',
            values: [pair.pairId],
          });
          const row = cur.rows[0];
          if (!row) {
            // ON CONFLICT waits for a concurrent inserter; if it committed we insert nothing and go round
            // again to lock its row, so exactly one writer creates revision 1.
            const ins = await c.query({
              name: 'donga_pair_insert',
              text: `INSERT INTO pairs (pair_id, status, english_url, korean_url, revision, content_hash, record, first_seen_at, updated_at)
               VALUES ($1, $2, $3, $4, 1, $5, $6::jsonb, $7, $7) ON CONFLICT (pair_id) DO NOTHING`,
              values: [pair.pairId, pair.pairing.status, pair.english.url, pair.pairing.koreanUrl, hash, json, now],
            });
            if (ins.rowCount === 0) continue;
            await c.query({ name: 'donga_revision_insert', text: REVISION_INSERT_SQL, values: [pair.pairId, 1, hash, json, now] });
            await stampChange(c, pair.pairId, 1);
            return { pairId: pair.pairId, revision: 1, changed: true };
          }
          if (row.content_hash === hash) return { pairId: pair.pairId, revision: row.revision, changed: false };
          const revision = row.revision + 1;
          await c.query({
            name: 'donga_pair_update',
            text: `UPDATE pairs SET status = $2, english_url = $3, korean_url = $4, revision = $5, content_hash = $6,
               record = $7::jsonb, updated_at = $8 WHERE pair_id = $1`,
            values: [pair.pairId, pair.pairing.status, pair.english.url, pair.pairing.koreanUrl, revision, hash, json, now],
          });
          await c.query({ name: 'donga_revision_insert', text: REVISION_INSERT_SQL, values: [pair.pairId, revision, hash, json, now] });
          await stampChange(c, pair.pairId, revision);
          return { pairId: pair.pairId, revision, changed: true };
        }
      }),
    );
  }

  getPair(pairId: string): Promise<StoredPair | null> {
    return this.run('postgres getPair', async () => {
      const { rows } = await this.pool.query<PairRow>('SELECT * FROM pairs WHERE pair_id = $1', [pairId]);
      return rows[0] ? fromRow(rows[0]) : null;
    });
  }

  getRevision(pairId: string, revision: number): Promise<PairRecord | null> {
    return this.run('postgres getRevision', async () => {
      const { rows } = await this.pool.query<{ record: PairRecord }>('SELECT record FROM pair_revisions WHERE pair_id = $1 AND revision = $2', [
        pairId,
        revision,
      ]);
      return rows[0]?.record ?? null;
    });
  }

  listPairs(opts: ListPairsOptions = {}): Promise<StoredPair[]> {
    return this.run('postgres listPairs', async () => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (opts.status !== undefined) {
        args.push(opts.status);
        where.push(`status = $${args.length}`);
      }
      if (opts.afterPairId !== undefined) {
        args.push(opts.afterPairId);
        where.push(`pair_id > $${args.length}`);
      }
      let sql = `SELECT * FROM pairs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY pair_id`;
      if (opts.limit !== undefined) {
        args.push(Math.max(0, Math.floor(opts.limit)));
        sql += ` LIMIT $${args.length}`;
      }
      const { rows } = await this.pool.query<PairRow>(sql, args);
      return rows.map(fromRow);
    });
  }

  listChanges(opts: ListChangesOptions): Promise<StoredPair[]> {
    return this.run('postgres listChanges', async () => {
      const args: unknown[] = [Math.floor(opts.after), Math.floor(opts.upTo)];
      let sql = 'SELECT * FROM pairs WHERE change_seq > $1 AND change_seq <= $2';
      if (opts.status !== undefined) {
        args.push(opts.status);
        sql += ` AND status = $${args.length}`;
      }
      sql += ' ORDER BY change_seq';
      if (opts.limit !== undefined) {
        args.push(Math.max(0, Math.floor(opts.limit)));
        sql += ` LIMIT $${args.length}`;
      }
      const { rows } = await this.pool.query<PairRow>(sql, args);
      return rows.map(fromRow);
    });
  }

  lastChange(): Promise<number> {
    return this.run('postgres lastChange', async () => {
      const { rows } = await this.pool.query<{ n: string }>('SELECT coalesce(max(change_seq), 0) AS n FROM pairs');
      return Number(rows[0]?.n ?? 0);
    });
  }

  countPairs(): Promise<PairCounts> {
    return this.run('postgres countPairs', async () => {
      const byStatus = emptyStatusCounts();
      let total = 0;
      const { rows } = await this.pool.query<{ status: PairStatus; n: number }>('SELECT status, count(*)::int AS n FROM pairs GROUP BY status');
      for (const r of rows) {
        byStatus[r.status] = r.n;
        total += r.n;
      }
      const rev = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pair_revisions');
      return { total, byStatus, revisions: rev.rows[0]?.n ?? 0 };
    });
  }

  getRevisions(pairId: string): Promise<PairRevision[]> {
    return this.run('postgres getRevisions', async () => {
      const { rows } = await this.pool.query<{ revision: number; content_hash: string; created_at: Date }>(
        'SELECT revision, content_hash, created_at FROM pair_revisions WHERE pair_id = $1 ORDER BY revision',
        [pairId],
      );
      return rows.map((r) => ({ revision: r.revision, contentHash: r.content_hash, createdAt: iso(r.created_at) }));
    });
  }

  recordFailure(f: FailureInput): Promise<void> {
    const now = new Date().toISOString();
    return this.run('postgres recordFailure', async () => {
      await this.pool.query({
        name: 'donga_record_failure',
        text: `INSERT INTO failures (url, code, lang, message, attempts, job_id, retryable, article_id, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (url, code) DO UPDATE SET lang = excluded.lang, message = excluded.message,
           attempts = excluded.attempts, job_id = excluded.job_id, retryable = excluded.retryable,
           article_id = excluded.article_id, last_seen_at = excluded.last_seen_at`,
        values: [f.url, f.code, f.lang, f.message, f.attempts, f.jobId ?? null, f.retryable, failureArticleId(f), now],
      });
    });
  }

  clearFailure(url: string, codes?: readonly string[]): Promise<void> {
    return this.run('postgres clearFailure', async () => {
      if (codes === undefined) await this.pool.query('DELETE FROM failures WHERE url = $1', [url]);
      else if (codes.length) await this.pool.query('DELETE FROM failures WHERE url = $1 AND code = ANY($2::text[])', [url, [...codes]]);
    });
  }

  listFailures(): Promise<FailureRow[]> {
    return this.run('postgres listFailures', async () => {
      const { rows } = await this.pool.query<{
        url: string;
        code: string;
        lang: FailureLang;
        message: string;
        attempts: number;
        job_id: string | null;
        first_seen_at: Date;
        last_seen_at: Date;
      }>('SELECT * FROM failures ORDER BY url, code');
      return rows.map((r) => ({
        url: r.url,
        lang: r.lang,
        code: r.code,
        message: r.message,
        attempts: r.attempts,
        jobId: r.job_id,
        firstSeenAt: iso(r.first_seen_at),
        lastSeenAt: iso(r.last_seen_at),
      }));
    });
  }

  countFailuresByCode(): Promise<Record<string, number>> {
    return this.run('postgres countFailuresByCode', async () => {
      const { rows } = await this.pool.query<{ code: string; n: number }>('SELECT code, count(*)::int AS n FROM failures GROUP BY code ORDER BY code');
      const out: Record<string, number> = {};
      for (const r of rows) out[r.code] = r.n;
      return out;
    });
  }

  getPageCache(url: string): Promise<PageCacheEntry | null> {
    return this.run('postgres getPageCache', async () => {
      const { rows } = await this.pool.query<{
        url: string;
        etag: string | null;
        last_modified: string | null;
        body_sha256: string;
        record: unknown;
        parser_version: string | null;
        fetched_at: string;
      }>({ name: 'donga_page_cache_get', text: PAGE_CACHE_GET_SQL, values: [url] });
      const r = rows[0];
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
    return this.run('postgres putPageCache', async () => {
      await this.pool.query(
        `INSERT INTO page_cache (url, etag, last_modified, body_sha256, record, parser_version, fetched_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           body_sha256 = excluded.body_sha256, record = excluded.record, parser_version = excluded.parser_version,
           fetched_at = excluded.fetched_at`,
        [e.url, e.etag, e.lastModified, e.bodySha256, e.record === null ? null : JSON.stringify(e.record), e.parserVersion ?? null, e.fetchedAt],
      );
    });
  }

  countPage(lang: 'en' | 'ko', delta: { fetched?: number; parseFailed?: number }, at: Date = new Date()): Promise<void> {
    return this.run('postgres countPage', async () => {
      await this.pool.query(
        `INSERT INTO page_counts (hour, lang, fetched, parse_failed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hour, lang) DO UPDATE SET fetched = page_counts.fetched + excluded.fetched,
           parse_failed = page_counts.parse_failed + excluded.parse_failed`,
        [hourOf(at), lang, Math.max(0, Math.floor(delta.fetched ?? 0)), Math.max(0, Math.floor(delta.parseFailed ?? 0))],
      );
    });
  }

  async savePage(p: SavePageInput): Promise<SavePageResult> {
    const sha = sha256Hex(p.raw.body);
    const sighting = JSON.stringify([{ url: p.raw.url, status: p.raw.status, fetchedAt: p.raw.fetchedAt }]);
    return this.run(`postgres savePage ${p.requestedUrl}`, async () => {
      // Bytes already archived are not compressed (nor sent) again; rows are never deleted, so "there" stays true.
      const known = await this.pool.query({ name: 'donga_raw_exists', text: 'SELECT 1 FROM raw_pages WHERE sha256 = $1', values: [sha] });
      const compressed = known.rowCount === 1 ? null : await compressRawBody(p.raw.body);
      const meta = compressed && {
        sha256: sha,
        size: p.raw.body.byteLength,
        url: p.raw.url,
        status: p.raw.status,
        headers: p.raw.headers,
        fetchedAt: p.raw.fetchedAt,
        seen: JSON.parse(sighting) as unknown,
      };
      // One statement is one transaction: raw page (or its sighting), cache row and page count commit together, in
      // one round trip.
      const { rows } = await this.pool.query<{ inserted: boolean }>({
        name: 'donga_save_page',
        text: SAVE_PAGE_SQL,
        values: [
          sha,
          sighting,
          p.raw.body.byteLength,
          compressed,
          meta && JSON.stringify(meta),
          p.requestedUrl,
          p.etag ?? null,
          p.lastModified ?? null,
          p.record === null ? null : JSON.stringify(p.record),
          p.parserVersion,
          p.raw.fetchedAt,
          hourOf(new Date()),
          p.lang,
        ],
      });
      return { sha256: sha, stored: rows[0]?.inserted === true };
    });
  }

  knownArticleIds(ids: readonly string[]): Promise<Set<string>> {
    return this.run('postgres knownArticleIds', async () => {
      const known = new Set<string>();
      for (const chunk of chunkIds(ids)) {
        const { rows } = await this.pool.query<{ id: string }>({ name: 'donga_known_ids', text: KNOWN_IDS_SQL, values: [chunk] });
        for (const r of rows) known.add(r.id);
      }
      return known;
    });
  }

  pageCounts(since: Date): Promise<PageCountRow[]> {
    return this.run('postgres pageCounts', async () => {
      const { rows } = await this.pool.query<{ hour: Date; lang: 'en' | 'ko'; fetched: number; parse_failed: number }>(
        'SELECT hour, lang, fetched, parse_failed FROM page_counts WHERE hour >= $1 ORDER BY hour, lang',
        [hourOf(since)],
      );
      return rows.map((r) => ({ hour: iso(r.hour), lang: r.lang, fetched: r.fetched, parseFailed: r.parse_failed }));
    });
  }

  startRun(run: { runId: string; trigger: CrawlTrigger; startedAt?: Date }): Promise<void> {
    const at = (run.startedAt ?? new Date()).toISOString();
    return this.run('postgres startRun', async () => {
      await this.pool.query('INSERT INTO crawl_runs (run_id, trigger, started_at, last_activity_at) VALUES ($1, $2, $3, $3) ON CONFLICT (run_id) DO NOTHING', [
        run.runId,
        run.trigger,
        at,
      ]);
    });
  }

  runActivity(runId: string, delta: Partial<RunCounts>, at: Date = new Date()): Promise<void> {
    const d = runDelta(delta);
    return this.run('postgres runActivity', async () => {
      await this.pool.query(
        `UPDATE crawl_runs SET pages_done = pages_done + $1, pages_failed = pages_failed + $2, articles_done = articles_done + $3,
           articles_failed = articles_failed + $4, last_activity_at = greatest(last_activity_at, $5) WHERE run_id = $6`,
        [d.pagesDone, d.pagesFailed, d.articlesDone, d.articlesFailed, at.toISOString(), runId],
      );
    });
  }

  finishRun(runId: string, outcome: string, finishedAt: Date = new Date()): Promise<void> {
    return this.run('postgres finishRun', async () => {
      await this.pool.query('UPDATE crawl_runs SET finished_at = $1, outcome = $2 WHERE run_id = $3 AND finished_at IS NULL', [
        finishedAt.toISOString(),
        outcome,
        runId,
      ]);
    });
  }

  listRuns(limit: number): Promise<CrawlRunRow[]> {
    return this.run('postgres listRuns', async () => {
      const { rows } = await this.pool.query<{
        run_id: string;
        trigger: CrawlTrigger;
        started_at: Date;
        last_activity_at: Date;
        finished_at: Date | null;
        outcome: string | null;
        pages_done: number;
        pages_failed: number;
        articles_done: number;
        articles_failed: number;
      }>('SELECT * FROM crawl_runs ORDER BY started_at DESC, run_id DESC LIMIT $1', [Math.max(0, Math.floor(limit))]);
      return rows.map((r) => ({
        runId: r.run_id,
        trigger: r.trigger,
        startedAt: iso(r.started_at),
        lastActivityAt: iso(r.last_activity_at),
        finishedAt: r.finished_at ? iso(r.finished_at) : null,
        outcome: r.outcome,
        pagesDone: r.pages_done,
        pagesFailed: r.pages_failed,
        articlesDone: r.articles_done,
        articlesFailed: r.articles_failed,
      }));
    });
  }

  countVerdicts(): Promise<Record<string, number>> {
    return this.run('postgres countVerdicts', async () => {
      const { rows } = await this.pool.query<{ v: string; n: number }>(
        `SELECT coalesce(record->'pairing'->>'verdict', 'unverified') AS v, count(*)::int AS n FROM pairs WHERE status = 'paired' GROUP BY 1 ORDER BY 1`,
      );
      const out: Record<string, number> = {};
      for (const r of rows) out[r.v] = r.n;
      return out;
    });
  }

  countRevisionsSince(since: Date): Promise<{ revisions: number; newPairs: number }> {
    return this.run('postgres countRevisionsSince', async () => {
      const { rows } = await this.pool.query<{ n: number; fresh: number }>(
        'SELECT count(*)::int AS n, count(*) FILTER (WHERE revision = 1)::int AS fresh FROM pair_revisions WHERE created_at >= $1',
        [since.toISOString()],
      );
      return { revisions: rows[0]?.n ?? 0, newPairs: rows[0]?.fresh ?? 0 };
    });
  }

  failureGroups(since: Date): Promise<FailureGroup[]> {
    return this.run('postgres failureGroups', async () => {
      const { rows } = await this.pool.query<{ code: string; lang: string; n: number; sample: string; last: Date }>(
        `SELECT code, lang, count(*)::int AS n, min(url) AS sample, max(last_seen_at) AS last FROM failures
         WHERE last_seen_at >= $1 GROUP BY code, lang ORDER BY n DESC, code, lang COLLATE "C"`,
        [since.toISOString()],
      );
      return rows.map((r) => ({ code: r.code, lang: r.lang, count: r.n, sampleUrl: r.sample, lastSeenAt: iso(r.last) }));
    });
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
