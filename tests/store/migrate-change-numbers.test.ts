import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import type { PairRecord } from '../../src/records/pair.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { MIGRATIONS as PG_MIGRATIONS, PgPairStore } from '../../src/store/postgres-store.js';
import { MIGRATIONS as SQLITE_MIGRATIONS, SqlitePairStore } from '../../src/store/sqlite-store.js';
import { samplePair } from '../pair/sample-articles.js';
import { uniqueSchema } from './backends.js';

const pgUrl = inject('pgUrl');

/**
 * Rows written by the code before change numbers existed (schema version 1, commit a05cd3e): four pairs, one of
 * them with two revisions, a failure and a page-cache entry. Loaded into a version-1 schema built by that
 * version's own migration step, then opened by the current store, which must migrate it in place.
 */
const V1 = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'store-v1.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;
const TABLES = ['schema_version', 'pairs', 'pair_revisions', 'failures', 'page_cache'] as const;

const literal = (v: unknown): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function insertsSql(): string {
  return TABLES.flatMap((t) =>
    V1[t]!.map((row) => `INSERT INTO ${t} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(literal).join(', ')});`),
  ).join('\n');
}

async function checkMigrated(store: PairStore): Promise<void> {
  // Nothing lost: every pair, revision, failure and cache entry is as the old code wrote it.
  const pairs = await store.listPairs();
  expect(pairs.map((p) => [p.pairId, p.revision, p.contentHash, p.firstSeenAt, p.updatedAt])).toEqual(
    V1['pairs']!.map((r) => [r['pair_id'], r['revision'], r['content_hash'], r['first_seen_at'], r['updated_at']]),
  );
  for (const p of pairs) {
    const { revision, contentHash, firstSeenAt, updatedAt, change, ...record } = p;
    void [revision, contentHash, firstSeenAt, updatedAt, change];
    const old = V1['pairs']!.find((r) => r['pair_id'] === p.pairId)!;
    expect(record).toEqual(JSON.parse(old['record'] as string) as PairRecord);
  }
  for (const r of V1['pair_revisions']!) {
    expect(await store.getRevision(r['pair_id'] as string, r['revision'] as number)).toEqual(JSON.parse(r['record'] as string));
  }
  expect((await store.getRevisions('en-1003')).map((r) => r.contentHash)).toEqual(
    V1['pair_revisions']!.filter((r) => r['pair_id'] === 'en-1003').map((r) => r['content_hash']),
  );
  expect((await store.listFailures()).map((f) => [f.url, f.code, f.attempts, f.jobId])).toEqual(
    V1['failures']!.map((f) => [f['url'], f['code'], f['attempts'], f['job_id']]),
  );
  const cached = V1['page_cache']![0]!;
  expect(await store.getPageCache(cached['url'] as string)).toMatchObject({ etag: cached['etag'], record: JSON.parse(cached['record'] as string) });

  // Change numbers follow the order the revisions were written; each pair has its current revision's number.
  expect(pairs.map((p) => [p.pairId, p.change])).toEqual([
    ['en-1001', 1],
    ['en-1002', 2],
    ['en-1003', 4],
    ['en-1004', 5],
  ]);
  expect(await store.lastChange()).toBe(5);
  expect((await store.listChanges({ after: 0, upTo: 5 })).map((p) => p.pairId)).toEqual(['en-1001', 'en-1002', 'en-1003', 'en-1004']);
  // And writing goes on from there.
  await store.writePair(samplePair('1005'));
  expect(await store.getPair('en-1005')).toMatchObject({ revision: 1, change: 6 });
  expect((await store.listChanges({ after: 5, upTo: await store.lastChange() })).map((p) => p.pairId)).toEqual(['en-1005']);
}

describe('migrating a store written before change numbers existed', () => {
  it('SQLite: migrated in place, nothing lost, numbers assigned in write order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-migrate-'));
    const file = join(dir, 'donga.sqlite');
    try {
      const db = new Database(file);
      db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      db.exec(SQLITE_MIGRATIONS[0]!);
      db.exec(insertsSql());
      db.close();
      const store = new SqlitePairStore(file);
      await store.init();
      await store.init(); // idempotent
      try {
        await checkMigrated(store);
      } finally {
        await store.close();
      }
      const check = new Database(file, { readonly: true });
      expect(check.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({ v: SQLITE_MIGRATIONS.length });
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pgUrl)('PostgreSQL: migrated in place, nothing lost, and the sequence continues after the old numbers', async () => {
    const schema = uniqueSchema();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema};`);
      await admin.query('CREATE TABLE schema_version (version integer NOT NULL)');
      await admin.query(PG_MIGRATIONS[0]!);
      await admin.query(insertsSql());
      // Several workers upgrading at once: one migrates, the others find nothing to do.
      const stores = [0, 1, 2].map(() => new PgPairStore({ connectionString: pgUrl, schema }));
      try {
        await Promise.all(stores.map((s) => s.init()));
        await checkMigrated(stores[0]!);
        expect(await stores[2]!.lastChange()).toBe(6);
      } finally {
        for (const s of stores) await s.close();
      }
      const { rows } = await admin.query<{ v: number }>('SELECT max(version) AS v FROM schema_version');
      expect(rows[0]!.v).toBe(PG_MIGRATIONS.length);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
