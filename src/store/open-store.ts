import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../config/config.js';
import type { PairStore } from './pair-store.js';
import { PgPairStore } from './postgres-store.js';
import { PgRawArchive, type RawArchive } from './raw-archive.js';
import { SqliteRawArchive } from './sqlite-raw-archive.js';
import { SqlitePairStore } from './sqlite-store.js';

/** Path of the embedded database under the data directory. */
export function sqlitePath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'donga.sqlite');
}

/** PostgreSQL when `databaseUrl` is set, else SQLite at `<dataDir>/donga.sqlite`; the schema is ready on return. */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<PairStore> {
  const store: PairStore = config.databaseUrl ? new PgPairStore({ connectionString: config.databaseUrl }) : new SqlitePairStore(sqlitePath(config));
  return ready(store);
}

/** `x` once its schema is ready; closed (nothing left open) when it cannot be made ready. */
async function ready<T extends { init(): Promise<void>; close(): Promise<void> }>(x: T): Promise<T> {
  try {
    await x.init();
  } catch (err) {
    await x.close().catch(() => {});
    throw err;
  }
  return x;
}

/**
 * Table `raw_pages`: in PostgreSQL when `databaseUrl` is set (shared by all machines), else in the SQLite database at
 * `<dataDir>/donga.sqlite`, where pages archived by older versions as files under `<dataDir>/raw` are still read.
 * The pipeline writes pages with `PairStore.savePage`; the archive is for reading them back (`reparse`).
 */
export async function openRawArchive(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<RawArchive> {
  if (!config.databaseUrl) return ready(new SqliteRawArchive(sqlitePath(config), join(config.dataDir, 'raw')));
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on('error', () => {}); // surfaced by the next query instead
  return ready(new PgRawArchive(pool, true));
}
