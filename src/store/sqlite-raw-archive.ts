import type Database from 'better-sqlite3';
import { FsRawArchive, type RawArchive, type RawPage, type RawPageMeta, type RawSighting } from './raw-archive.js';
import { compressRawBody, decompressRawBody, MAX_SEEN, sha256Hex, SHA256_HEX } from './raw-page-codec.js';
import { isRetryableSqlite, openSqlite, StatementCache } from './sqlite-connection.js';
import { storageError } from './storage-error.js';

/**
 * Raw pages inside the SQLite database: `raw_pages` has PostgreSQL's shape (sha256 key, encoding, size, brotli body,
 * meta JSON of the first fetch, created_at), but the sightings live in a side table, one row per fetch, instead of a
 * capped array in the meta: SQLite rewrites a whole row (its overflow pages too) on UPDATE, so appending to the meta
 * would copy the ~10 KB compressed body on every re-fetch, where an INSERT into `raw_sightings` writes ~100 bytes.
 * The side table is append-only like the old `.seen.jsonl` files (one row per full fetch of the same bytes: a 304
 * writes nothing), and `get` returns the newest {@link MAX_SEEN}, as PostgreSQL keeps.
 *
 * Part of the SQLite store's migration 4, so never edit it: append a migration instead.
 */
export const SQLITE_RAW_PAGES_DDL = `
  CREATE TABLE IF NOT EXISTS raw_pages (
    sha256 TEXT PRIMARY KEY,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    body BLOB NOT NULL,
    meta TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS raw_sightings (
    sha256 TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS raw_sightings_sha ON raw_sightings (sha256);
`;

/** What `raw_pages.meta` holds: the first fetch (RawPageMeta without `seen`, which is the side table). */
type StoredMeta = Omit<RawPageMeta, 'seen'>;

/**
 * The row writes and reads of `raw_pages`/`raw_sightings` on one connection, with their statements prepared once.
 * Synchronous: callers compose them into their own transaction (SqlitePairStore.savePage) or run them alone.
 */
export class SqliteRawPages {
  constructor(private readonly st: StatementCache) {}

  has(sha256: string): boolean {
    return this.st.get('SELECT 1 FROM raw_pages WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** Inserts the page unless its bytes are there; true when this call stored them. */
  insert(sha256: string, page: RawPage, compressed: Uint8Array): boolean {
    const meta: StoredMeta = { sha256, size: page.body.byteLength, url: page.url, status: page.status, headers: page.headers, fetchedAt: page.fetchedAt };
    const res = this.st
      .get(`INSERT INTO raw_pages (sha256, encoding, size, body, meta, created_at) VALUES (?, 'br', ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`)
      .run(sha256, page.body.byteLength, compressed, JSON.stringify(meta), new Date().toISOString());
    return res.changes === 1;
  }

  sighting(sha256: string, page: Pick<RawPage, 'url' | 'status' | 'fetchedAt'>): void {
    this.st.get('INSERT INTO raw_sightings (sha256, url, status, fetched_at) VALUES (?, ?, ?, ?)').run(sha256, page.url, page.status, page.fetchedAt);
  }

  /** The compressed row and its sightings (newest MAX_SEEN, oldest first), or undefined. */
  read(sha256: string): { body: Buffer; meta: RawPageMeta } | undefined {
    const row = this.st.get('SELECT body, meta FROM raw_pages WHERE sha256 = ?').get(sha256) as { body: Buffer; meta: string } | undefined;
    if (!row) return undefined;
    const seen = (
      this.st.get(`SELECT url, status, fetched_at FROM raw_sightings WHERE sha256 = ? ORDER BY rowid DESC LIMIT ${MAX_SEEN}`).all(sha256) as {
        url: string;
        status: number;
        fetched_at: string;
      }[]
    )
      .reverse()
      .map((r): RawSighting => ({ url: r.url, status: r.status, fetchedAt: r.fetched_at }));
    return { body: row.body, meta: { ...(JSON.parse(row.meta) as StoredMeta), seen } };
  }
}

/**
 * The raw archive of SQLite deployments: table `raw_pages` in the store's own database file (written by
 * SqlitePairStore.savePage in the page's one transaction), falling back, for reading only, to the files a data
 * directory of an older version keeps under `<dataDir>/raw` ({@link FsRawArchive}). `put` writes the table.
 */
export class SqliteRawArchive implements RawArchive {
  private readonly db: Database.Database;
  private readonly pages: SqliteRawPages;
  private readonly legacy: FsRawArchive | null;

  /** `legacyDir`: the old files' directory (`<dataDir>/raw`), read when a page is not in the table; null for none. */
  constructor(
    readonly file: string,
    legacyDir: string | null,
    options: { busyTimeoutMs?: number } = {},
  ) {
    this.db = openSqlite(file, options.busyTimeoutMs);
    this.pages = new SqliteRawPages(new StatementCache(this.db));
    this.legacy = legacyDir === null ? null : new FsRawArchive(legacyDir);
  }

  private fail(err: unknown, what: string): never {
    throw storageError(err, what, isRetryableSqlite(err));
  }

  /** Creates the tables when the store has not yet (they are the store's migration 4; both are idempotent). */
  init(): Promise<void> {
    try {
      this.db.transaction(() => this.db.exec(SQLITE_RAW_PAGES_DDL)).immediate();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(storageError(err, 'raw archive init', isRetryableSqlite(err)));
    }
  }

  async put(page: RawPage): Promise<{ sha256: string; stored: boolean }> {
    const sha = sha256Hex(page.body);
    try {
      // Known bytes skip the compression; unknown ones are compressed outside the write lock.
      const compressed = this.pages.has(sha) ? null : await compressRawBody(page.body);
      const stored = this.db
        .transaction(() => {
          const fresh = compressed !== null && this.pages.insert(sha, page, compressed);
          this.pages.sighting(sha, page);
          return fresh;
        })
        .immediate();
      return { sha256: sha, stored };
    } catch (err) {
      this.fail(err, `raw archive put ${page.url}`);
    }
  }

  async get(sha256: string): Promise<{ body: Uint8Array; meta: RawPageMeta } | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    let row: { body: Buffer; meta: RawPageMeta } | undefined;
    try {
      row = this.pages.read(sha256);
    } catch (err) {
      this.fail(err, `raw archive get ${sha256}`);
    }
    if (row) return { body: await decompressRawBody(row.body, sha256), meta: row.meta };
    return this.legacy ? this.legacy.get(sha256) : null;
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    let found: boolean;
    try {
      found = this.pages.has(sha256);
    } catch (err) {
      this.fail(err, `raw archive has ${sha256}`);
    }
    return found || (this.legacy ? this.legacy.has(sha256) : false);
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
