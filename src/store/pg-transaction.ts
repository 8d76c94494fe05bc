import type pg from 'pg';

// The PostgreSQL helpers both the pair store and the raw archive use: here, not in postgres-store.ts, so the archive
// does not import the store that imports it.

/** Serialization failures, deadlocks, lock timeouts, shutdowns, connection and resource errors pass with time. */
export function isRetryablePg(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300'].includes(code)) return true;
    if (code.startsWith('08') || code.startsWith('53')) return true;
    if (/^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|AI_AGAIN)$/.test(code)) return true;
  }
  const msg = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect/i.test(msg);
}

/** Runs `fn` in one transaction on one pooled client; rolls back on any error. */
export async function inPgTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      // A client that cannot roll back is not safe to reuse: release(err) destroys it.
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
