import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PgPairStore } from '../../src/store/postgres-store.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { PgRawArchive, type RawArchive } from '../../src/store/raw-archive.js';
import { SqliteRawArchive } from '../../src/store/sqlite-raw-archive.js';

/** One fresh, private database: a temp SQLite file, or a throwaway schema in the test PostgreSQL. */
export interface Backend {
  /** A new store (new connection/pool) on this database, init() done. */
  open(): Promise<PairStore>;
  /** Raw SQL on the same database, bypassing the store. */
  exec(sql: string): Promise<void>;
  /** The first column of the first row of a query on the same database (e.g. a count). */
  value(sql: string): Promise<unknown>;
  /** The raw archive reading the same database (new connection/pool; close it). */
  openArchive(): Promise<RawArchive>;
  destroy(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'donga-store-'));
  const file = join(dir, 'db', 'donga.sqlite');
  return {
    async open() {
      const s = new SqlitePairStore(file);
      await s.init();
      return s;
    },
    async exec(sql) {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async value(sql) {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(sql).pluck().get();
      } finally {
        db.close();
      }
    },
    async openArchive() {
      const a = new SqliteRawArchive(file, null);
      await a.init();
      return a;
    },
    async destroy() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function uniqueSchema(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

/** `CREATE SCHEMA` is left to the store's init (it creates a missing schema); destroy drops it. */
export function pgBackend(pgUrl: string): Backend {
  const schema = uniqueSchema();
  const query = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const admin = async (sql: string) => void (await query(sql));
  return {
    async open() {
      const s = new PgPairStore({ connectionString: pgUrl, schema });
      await s.init();
      return s;
    },
    exec: admin,
    async value(sql) {
      const { rows } = await query(sql);
      const first = rows[0] as Record<string, unknown> | undefined;
      return first === undefined ? undefined : Object.values(first)[0];
    },
    async openArchive() {
      const a = new PgRawArchive(new pg.Pool({ connectionString: pgUrl, options: `-c search_path=${schema}` }), true);
      await a.init();
      return a;
    },
    destroy: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}
