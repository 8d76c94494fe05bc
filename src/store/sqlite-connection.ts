import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One connection to the embedded database, set up alike by the store and the raw archive (which may open the same
 * file in the same process).
 */
export function openSqlite(file: string, busyTimeoutMs = 15_000): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // busy_timeout first: switching to WAL itself needs a lock another starting process may hold.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  return db;
}

/** better-sqlite3 is synchronous; these codes mean another connection holds the lock, so retrying helps. */
export function isRetryableSqlite(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|PROTOCOL)/.test(code);
}

/**
 * Statements prepared once per connection, on first use: preparing parses and plans the SQL, which costs as much as
 * running a small statement. Keyed by the SQL text, so the few dynamic queries (filters, IN lists) get one each.
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }
}
