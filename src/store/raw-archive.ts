import { randomBytes } from 'node:crypto';
import { appendFile, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { inPgTransaction, isRetryablePg } from './pg-transaction.js';
import { compressRawBody as brotli, decompressRawBody as unbrotli, PG_RAW_PAGES_DDL, pgAppendSeen, sha256Hex, SHA256_HEX as SHA } from './raw-page-codec.js';
import { storageError } from './storage-error.js';

export { sha256Hex } from './raw-page-codec.js';

/** One fetched page as it came off the wire. */
export interface RawPage {
  url: string;
  body: Uint8Array;
  headers: Record<string, string>;
  status: number;
  fetchedAt: string;
}

/** A fetch that produced these bytes. */
export interface RawSighting {
  url: string;
  status: number;
  fetchedAt: string;
}

export interface RawPageMeta {
  sha256: string;
  /** Uncompressed size in bytes. */
  size: number;
  /** The first fetch that stored these bytes, with its response headers. */
  url: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  /** Every fetch that produced these bytes (including the first), oldest first. */
  seen: RawSighting[];
}

/** Raw article pages, compressed and content-addressed by sha256 of the raw bytes, so records can be rebuilt offline. */
export interface RawArchive {
  /** Stores the page unless these bytes are already there (`stored: false`); the fetch is recorded either way. */
  put(page: RawPage): Promise<{ sha256: string; stored: boolean }>;
  get(sha256: string): Promise<{ body: Uint8Array; meta: RawPageMeta } | null>;
  has(sha256: string): Promise<boolean>;
  close(): Promise<void>;
}

function isErrno(err: unknown, code: string): boolean {
  return (err as { code?: unknown } | null)?.code === code;
}

/**
 * The archive of SQLite deployments before raw pages moved into the database (SqliteRawArchive, table `raw_pages`):
 * existing data directories are still read through it, and it still writes (tests, tools), but the pipeline no
 * longer does (one `savePage` transaction replaces its ~8 file-system calls per page). Files beside the database:
 * `<dir>/<aa>/<bb>/<sha256>.br` (brotli body), `<sha256>.json` (first fetch and its headers, written last, so its
 * presence means the entry is complete) and `<sha256>.seen.jsonl` (one line per fetch, appended). Safe with concurrent writers: files appear whole by rename or link.
 */
export class FsRawArchive implements RawArchive {
  constructor(readonly dir: string) {}

  private paths(sha: string): { dir: string; br: string; json: string; seen: string } {
    const dir = join(this.dir, sha.slice(0, 2), sha.slice(2, 4));
    return { dir, br: join(dir, `${sha}.br`), json: join(dir, `${sha}.json`), seen: join(dir, `${sha}.seen.jsonl`) };
  }

  private tmp(path: string): string {
    return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  }

  async put(page: RawPage): Promise<{ sha256: string; stored: boolean }> {
    const sha = sha256Hex(page.body);
    const p = this.paths(sha);
    try {
      let stored = false;
      if (!(await this.has(sha))) {
        await mkdir(p.dir, { recursive: true });
        const brTmp = this.tmp(p.br);
        await writeFile(brTmp, await brotli(page.body));
        // Identical bytes from any writer: replacing an existing .br by rename is harmless.
        await rename(brTmp, p.br);
        const meta: Omit<RawPageMeta, 'seen'> = {
          sha256: sha,
          size: page.body.byteLength,
          url: page.url,
          status: page.status,
          headers: page.headers,
          fetchedAt: page.fetchedAt,
        };
        const jsonTmp = this.tmp(p.json);
        await writeFile(jsonTmp, JSON.stringify(meta, null, 1));
        try {
          // link() fails if the name exists: exactly one concurrent writer reports stored: true.
          await link(jsonTmp, p.json);
          stored = true;
        } catch (err) {
          if (!isErrno(err, 'EEXIST')) throw err;
        } finally {
          await unlink(jsonTmp).catch(() => {});
        }
      }
      // One small O_APPEND write per fetch: concurrent appends do not interleave on a local file system.
      const sighting: RawSighting = { url: page.url, status: page.status, fetchedAt: page.fetchedAt };
      await appendFile(p.seen, `${JSON.stringify(sighting)}\n`);
      return { sha256: sha, stored };
    } catch (err) {
      throw storageError(err, `raw archive put ${page.url}`, true);
    }
  }

  async get(sha256: string): Promise<{ body: Uint8Array; meta: RawPageMeta } | null> {
    if (!SHA.test(sha256)) return null;
    const p = this.paths(sha256);
    let metaText: string;
    try {
      metaText = await readFile(p.json, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw storageError(err, `raw archive get ${sha256}`, true);
    }
    const base = JSON.parse(metaText) as Omit<RawPageMeta, 'seen'>;
    const body = await unbrotli(await readFile(p.br), sha256);
    const seenText = await readFile(p.seen, 'utf8').catch(() => '');
    const seen = seenText
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as RawSighting];
        } catch {
          return []; // a line cut by a crash mid-append is skipped, not fatal
        }
      });
    return { body, meta: { ...base, seen } };
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA.test(sha256)) return false;
    try {
      await stat(this.paths(sha256).json);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Shared by every machine of a PostgreSQL deployment: table `raw_pages` (sha256 PK, brotli bytea, meta jsonb).
 * The pool is borrowed (the store's) or owned (closed by close()).
 */
export class PgRawArchive implements RawArchive {
  private ready: Promise<void> | undefined;

  constructor(
    readonly pool: pg.Pool,
    private readonly ownsPool: boolean = false,
  ) {}

  /** Creates the table once per process, under an advisory lock (many workers start at once). */
  init(): Promise<void> {
    this.ready ??= inPgTransaction(this.pool, async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('donga-ingest:raw-pages:' || current_schema()))`);
      await c.query(PG_RAW_PAGES_DDL);
    }).catch((err: unknown) => {
      this.ready = undefined;
      throw storageError(err, 'raw archive init', isRetryablePg(err));
    });
    return this.ready;
  }

  async put(page: RawPage): Promise<{ sha256: string; stored: boolean }> {
    await this.init();
    const sha = sha256Hex(page.body);
    const sighting = JSON.stringify([{ url: page.url, status: page.status, fetchedAt: page.fetchedAt }]);
    const appendSeen = pgAppendSeen('$2');
    try {
      // Cheap path first: bytes already stored, only record the sighting (no compression).
      const upd = await this.pool.query(`UPDATE raw_pages SET meta = ${appendSeen} WHERE sha256 = $1`, [sha, sighting]);
      if (upd.rowCount === 1) return { sha256: sha, stored: false };
      const meta = {
        sha256: sha,
        size: page.body.byteLength,
        url: page.url,
        status: page.status,
        headers: page.headers,
        fetchedAt: page.fetchedAt,
        seen: JSON.parse(sighting) as RawSighting[],
      };
      const ins = await this.pool.query<{ inserted: boolean }>(
        `INSERT INTO raw_pages (sha256, encoding, size, body, meta) VALUES ($1, 'br', $3, $4, $5::jsonb)
         ON CONFLICT (sha256) DO UPDATE SET meta = ${appendSeen}
         RETURNING (xmax = 0) AS inserted`,
        [sha, sighting, page.body.byteLength, await brotli(page.body), JSON.stringify(meta)],
      );
      return { sha256: sha, stored: ins.rows[0]?.inserted === true };
    } catch (err) {
      throw storageError(err, `raw archive put ${page.url}`, isRetryablePg(err));
    }
  }

  async get(sha256: string): Promise<{ body: Uint8Array; meta: RawPageMeta } | null> {
    if (!SHA.test(sha256)) return null;
    await this.init();
    let row: { body: Buffer; meta: RawPageMeta } | undefined;
    try {
      ({
        rows: [row],
      } = await this.pool.query<{ body: Buffer; meta: RawPageMeta }>('SELECT body, meta FROM raw_pages WHERE sha256 = $1', [sha256]));
    } catch (err) {
      throw storageError(err, `raw archive get ${sha256}`, isRetryablePg(err));
    }
    if (!row) return null;
    return { body: await unbrotli(row.body, sha256), meta: row.meta };
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA.test(sha256)) return false;
    await this.init();
    try {
      const { rowCount } = await this.pool.query('SELECT 1 FROM raw_pages WHERE sha256 = $1', [sha256]);
      return rowCount === 1;
    } catch (err) {
      throw storageError(err, `raw archive has ${sha256}`, isRetryablePg(err));
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
