import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PgPairStore } from '../../src/store/postgres-store.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import type { PairStore } from '../../src/store/pair-store.js';

/** One fresh, private database: a temp SQLite file, or a throwaway schema in the test PostgreSQL. */
export interface Backend {
  /** A new store (new connection/pool) on this database, init() done. */
  open(): Promise<PairStore>;
  /** Raw SQL on the same database, bypassing the store. */
  exec(sql: string): Promise<void>;
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
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    async open() {
      const s = new PgPairStore({ connectionString: pgUrl, schema });
      await s.init();
      return s;
    },
    exec: admin,
    destroy: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}
