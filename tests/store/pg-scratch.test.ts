import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createScratchDatabase } from '../../src/store/pg-scratch.js';

const pgUrl = inject('pgUrl');

describe('createScratchDatabase', () => {
  it('refuses a prefix that is not a plain SQL identifier, before touching the server', async () => {
    await expect(createScratchDatabase('postgres://nobody@127.0.0.1:1/x', 'x; DROP')).rejects.toThrow(/prefix/);
  });

  it.skipIf(!pgUrl)('creates a usable database and drops it', async () => {
    const db = await createScratchDatabase(pgUrl, 'scratch');
    const name = new URL(db.url).pathname.slice(1);
    expect(name).toMatch(/^scratch_[0-9a-f]{10}$/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d).toBe(name);
    await c.end();
    await db.drop();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
