import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import type { PairStore } from '../../src/store/pair-store.js';
import { MIGRATIONS as PG_MIGRATIONS, PgPairStore } from '../../src/store/postgres-store.js';
import { PgRawArchive, sha256Hex } from '../../src/store/raw-archive.js';
import { SqliteRawArchive } from '../../src/store/sqlite-raw-archive.js';
import { MIGRATIONS as SQLITE_MIGRATIONS, SqlitePairStore } from '../../src/store/sqlite-store.js';
import { englishArticle } from '../pair/sample-articles.js';
import { uniqueSchema } from './backends.js';

const pgUrl = inject('pgUrl');

/**
 * A database as the previous code left it (schema version 3: no raw_pages in SQLite, failures without `retryable`
 * and `article_id`), built by that code's own migration steps, with failure rows in the old column set.
 */
const en = (id: string) => `https://www.donga.com/en/article/all/20200403/${id}/1`;
const OLD_FAILURES: [url: string, code: string, lang: string][] = [
  [en('2001'), 'not_article', 'en'], // a parse failure: permanent whatever the row says
  [en('2002'), 'network', 'en'], // retryable unknown → treated as retryable
  ['https://www.donga.com/news/article/all/20200403/2003/1', 'missing_body', 'ko'], // Korean: no English article id
  [`${en('2004')}?utm_source=x`, 'http_status', 'en'], // retryable unknown
];
const oldRowsSql = (): string =>
  OLD_FAILURES.map(
    ([url, code, lang], i) =>
      `INSERT INTO failures (url, code, lang, message, attempts, job_id, first_seen_at, last_seen_at)
       VALUES ('${url}', '${code}', '${lang}', 'old', 1, 'j${i}', '2026-01-0${i + 1}T00:00:00.000Z', '2026-01-0${i + 1}T00:00:00.000Z');`,
  ).join('\n') +
  `INSERT INTO page_cache (url, etag, last_modified, body_sha256, record, parser_version, fetched_at)
   VALUES ('${en('2005')}', '"e"', NULL, '${'b'.repeat(64)}', NULL, 'old-parser', '2026-01-01T00:00:00.000Z');`;

async function checkMigrated(store: PairStore): Promise<void> {
  expect((await store.listFailures()).map((f) => [f.url, f.code, f.lang, f.jobId])).toEqual(
    OLD_FAILURES.map(([url, code, lang], i) => [url, code, lang, `j${i}`]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
  );
  expect(await store.getPageCache(en('2005'))).toMatchObject({ etag: '"e"', bodySha256: 'b'.repeat(64), record: null });
  expect(await store.knownArticleIds(['2001', '2002', '2003', '2004', '2005'])).toEqual(new Set(['2001']));
  // New rows carry the new columns.
  await store.recordFailure({ url: en('2002'), lang: 'en', code: 'network', retryable: false, message: 'x', attempts: 3 });
  expect(await store.knownArticleIds(['2002'])).toEqual(new Set(['2002']));
  const body = new TextEncoder().encode('<html>after the upgrade</html>');
  const saved = await store.savePage({
    requestedUrl: en('2006'),
    lang: 'en',
    raw: { url: en('2006'), body, headers: {}, status: 200, fetchedAt: '2026-02-01T00:00:00.000Z' },
    parserVersion: 'p',
    record: englishArticle('2006'),
  });
  expect(saved).toEqual({ sha256: sha256Hex(body), stored: true });
}

describe('migrating a store written before raw pages moved into the database', () => {
  it('SQLite: raw_pages/raw_sightings created, failures get article ids and parse failures their permanence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-migrate4-'));
    const file = join(dir, 'donga.sqlite');
    try {
      const db = new Database(file);
      db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      for (let v = 0; v < 3; v++) {
        db.exec(SQLITE_MIGRATIONS[v]!);
        db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
      }
      db.exec(oldRowsSql());
      db.close();
      const stores = [new SqlitePairStore(file), new SqlitePairStore(file)];
      try {
        await Promise.all(stores.map((s) => s.init()));
        await checkMigrated(stores[1]!);
      } finally {
        for (const s of stores) await s.close();
      }
      const check = new Database(file, { readonly: true });
      expect(check.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({ v: SQLITE_MIGRATIONS.length });
      expect(check.prepare("SELECT url, article_id, retryable FROM failures WHERE lang = 'en' ORDER BY url").all()).toEqual([
        { url: en('2001'), article_id: '2001', retryable: 0 },
        { url: en('2002'), article_id: '2002', retryable: 0 },
        { url: `${en('2004')}?utm_source=x`, article_id: '2004', retryable: null },
      ]);
      check.close();
      const archive = new SqliteRawArchive(file, join(dir, 'raw'));
      expect(await archive.has(sha256Hex(new TextEncoder().encode('<html>after the upgrade</html>')))).toBe(true);
      await archive.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pgUrl)('PostgreSQL: the raw_pages PgRawArchive created is kept; failures migrated alike', async () => {
    const schema = uniqueSchema();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const pool = new pg.Pool({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    try {
      await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema};`);
      await admin.query('CREATE TABLE schema_version (version integer NOT NULL)');
      for (let v = 0; v < 3; v++) {
        await admin.query(PG_MIGRATIONS[v]!);
        await admin.query('INSERT INTO schema_version (version) VALUES ($1)', [v + 1]);
      }
      await admin.query(oldRowsSql());
      // The old archive, with a page, before the store's migration 4 claims its table.
      const old = new PgRawArchive(pool);
      const kept = await old.put({ url: en('2007'), body: new Uint8Array([7, 7]), headers: {}, status: 200, fetchedAt: '2026-01-01T00:00:00.000Z' });
      const stores = [0, 1, 2].map(() => new PgPairStore({ connectionString: pgUrl, schema }));
      try {
        await Promise.all(stores.map((s) => s.init()));
        await checkMigrated(stores[0]!);
      } finally {
        for (const s of stores) await s.close();
      }
      expect(Array.from((await old.get(kept.sha256))!.body)).toEqual([7, 7]);
      const { rows } = await admin.query("SELECT url, article_id, retryable FROM failures WHERE lang = 'en' ORDER BY url");
      expect(rows).toEqual([
        { url: en('2001'), article_id: '2001', retryable: false },
        { url: en('2002'), article_id: '2002', retryable: false },
        { url: `${en('2004')}?utm_source=x`, article_id: '2004', retryable: null },
      ]);
      expect((await admin.query('SELECT max(version) AS v FROM schema_version')).rows[0].v).toBe(PG_MIGRATIONS.length);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
