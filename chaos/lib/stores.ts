import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../../cli/private-redis.js';
import { createScratchDatabase } from '../../src/store/pg-scratch.js';
import { onCleanup, reapLater, tempDirCleanup } from './cleanup.js';
import { ROOT } from './workers.js';

export type StoreKind = 'sqlite' | 'postgres';

/** Where one run stores its pairs: a temp data dir, plus a scratch PostgreSQL database for `postgres`. */
export interface StoreTarget {
  kind: StoreKind;
  dataDir: string;
  databaseUrl: string | undefined;
  /** SQLite `PRAGMA integrity_check` ('ok' when healthy); null on PostgreSQL. */
  integrityCheck(): string | null;
  drop(): Promise<void>;
}

let pgAdminUrl: Promise<string> | undefined;

/** Uses this PostgreSQL (e.g. the test setup's) instead of TEST_DATABASE_URL or a cluster of our own. */
export function usePostgresAdminUrl(url: string): void {
  pgAdminUrl = Promise.resolve(url);
}

/**
 * The PostgreSQL admin URL: TEST_DATABASE_URL when set, else a throwaway cluster started with
 * scripts/pg-test.sh (as CI does), stopped and removed at cleanup.
 */
function postgresAdminUrl(): Promise<string> {
  pgAdminUrl ??= (async () => {
    const given = process.env['TEST_DATABASE_URL'];
    if (given) return given;
    const dir = mkdtempSync(join(tmpdir(), 'donga-chaos-pg-'));
    // Stopped before its directory goes, should the suite die without cleaning up (see startReaper).
    reapLater(`pg ${dir}`);
    const removeDir = tempDirCleanup(dir);
    const port = await freePort();
    const script = join(ROOT, 'scripts/pg-test.sh');
    onCleanup(async () => {
      try {
        execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      } finally {
        await removeDir();
      }
    });
    return execFileSync('bash', [script, 'start', dir, String(port)], { encoding: 'utf8' }).trim();
  })();
  return pgAdminUrl;
}

export async function openStoreTarget(kind: StoreKind, label: string): Promise<StoreTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), `donga-chaos-${label}-`));
  const removeDir = tempDirCleanup(dataDir);
  const pg = kind === 'postgres' ? await createScratchDatabase(await postgresAdminUrl(), `chaos_${label}`.replace(/\W/g, '_')) : null;
  const dropPg = pg ? onCleanup(() => pg.drop().catch(() => undefined)) : async () => undefined;
  return {
    kind,
    dataDir,
    databaseUrl: pg?.url,
    integrityCheck() {
      if (kind !== 'sqlite') return null;
      const db = new Database(join(dataDir, 'donga.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const rows = db.pragma('integrity_check') as { integrity_check: string }[];
        return rows.map((r) => r.integrity_check).join('; ');
      } finally {
        db.close();
      }
    },
    async drop() {
      await dropPg();
      await removeDir();
    },
  };
}
