import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { openRawArchive, openStore, sqlitePath } from '../../src/store/open-store.js';
import { PgPairStore } from '../../src/store/postgres-store.js';
import { PgRawArchive } from '../../src/store/raw-archive.js';
import { SqliteRawArchive } from '../../src/store/sqlite-raw-archive.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { samplePair } from '../pair/sample-articles.js';
import { uniqueSchema } from './backends.js';

const pgUrl = inject('pgUrl');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('openStore / openRawArchive', () => {
  it('without DATABASE_URL: SQLite at <dataDir>/donga.sqlite (directory created), raw pages in the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-open-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = loadConfig({}, { dataDir: join(dir, 'nested', 'data') });
    const store = await openStore(config);
    cleanup.push(() => store.close());
    expect(store).toBeInstanceOf(SqlitePairStore);
    expect(existsSync(sqlitePath(config))).toBe(true);
    expect(await store.writePair(samplePair())).toMatchObject({ revision: 1 });
    const archive = await openRawArchive(config);
    cleanup.push(() => archive.close());
    expect(archive).toBeInstanceOf(SqliteRawArchive);
    const { sha256 } = await archive.put({ url: 'https://www.donga.com/en', body: new Uint8Array([1]), headers: {}, status: 200, fetchedAt: 'now' });
    expect(existsSync(join(dir, 'nested', 'data', 'raw'))).toBe(false);
    expect(Array.from((await archive.get(sha256))!.body)).toEqual([1]);
  });

  it.skipIf(!pgUrl)('with DATABASE_URL: PostgreSQL for both (search_path may be given in the URL)', async () => {
    const schema = uniqueSchema();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    cleanup.push(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const config = loadConfig({ DATABASE_URL: url.toString() }, { dataDir: '/nonexistent/never-created' });
    const store = await openStore(config);
    cleanup.push(() => store.close());
    expect(store).toBeInstanceOf(PgPairStore);
    await store.writePair(samplePair());
    const archive = await openRawArchive(config);
    cleanup.push(() => archive.close());
    expect(archive).toBeInstanceOf(PgRawArchive);
    await archive.put({ url: 'https://www.donga.com/en', body: new Uint8Array([1]), headers: {}, status: 200, fetchedAt: 'now' });
    const { rows } = await admin.query(`SELECT (SELECT count(*)::int FROM ${schema}.pairs) AS p, (SELECT count(*)::int FROM ${schema}.raw_pages) AS r`);
    expect(rows[0]).toEqual({ p: 1, r: 1 });
    expect(existsSync('/nonexistent')).toBe(false);
  });
});
