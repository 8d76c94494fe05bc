import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { FsRawArchive, PgRawArchive, sha256Hex, type RawArchive } from '../../src/store/raw-archive.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { SqliteRawArchive } from '../../src/store/sqlite-raw-archive.js';
import { uniqueSchema } from './backends.js';

const pgUrl = inject('pgUrl');

const html = new TextEncoder().encode(`<!doctype html><html><body>${'<p>기사 본문 paragraph</p>'.repeat(500)}</body></html>`);
const page = (over: Partial<Parameters<RawArchive['put']>[0]> = {}) => ({
  url: 'https://www.donga.com/en/article/all/20200403/5116282/1',
  body: html,
  headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"' },
  status: 200,
  fetchedAt: '2026-01-06T05:00:00.000Z',
  ...over,
});

interface ArchiveBackend {
  open(): Promise<RawArchive>;
  destroy(): Promise<void>;
}

function suite(make: () => ArchiveBackend): void {
  let backend: ArchiveBackend;
  let archive: RawArchive;
  beforeEach(async () => {
    backend = make();
    archive = await backend.open();
  });
  afterEach(async () => {
    await archive.close();
    await backend.destroy();
  });

  it('stores raw bytes and headers under their sha256 and gives them back', async () => {
    const sha = sha256Hex(html);
    expect(await archive.has(sha)).toBe(false);
    expect(await archive.get(sha)).toBeNull();
    expect(await archive.put(page())).toEqual({ sha256: sha, stored: true });
    expect(await archive.has(sha)).toBe(true);
    const got = await archive.get(sha);
    expect(Buffer.from(got!.body).equals(Buffer.from(html))).toBe(true);
    expect(got!.meta).toMatchObject({
      sha256: sha,
      size: html.byteLength,
      url: page().url,
      status: 200,
      headers: page().headers,
      fetchedAt: page().fetchedAt,
      seen: [{ url: page().url, status: 200, fetchedAt: page().fetchedAt }],
    });
  });

  it('the same bytes again are not stored twice, but the fetch is recorded', async () => {
    await archive.put(page());
    const again = await archive.put(page({ url: 'https://www.donga.com/en/article/all/20200403/5116282/2', fetchedAt: '2026-01-07T00:00:00.000Z' }));
    expect(again.stored).toBe(false);
    const got = await archive.get(again.sha256);
    expect(got!.meta.url).toBe(page().url);
    expect(got!.meta.seen.map((s) => s.fetchedAt)).toEqual(['2026-01-06T05:00:00.000Z', '2026-01-07T00:00:00.000Z']);
  });

  it('concurrent writers of the same bytes: exactly one stores them, none fails, every fetch is recorded', async () => {
    const second = await backend.open();
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? second : archive).put(page({ fetchedAt: `2026-01-06T05:00:0${i}.000Z` }))),
      );
      expect(results.filter((r) => r.stored)).toHaveLength(1);
      const got = await archive.get(results[0]!.sha256);
      expect(Buffer.from(got!.body).equals(Buffer.from(html))).toBe(true);
      expect(got!.meta.seen).toHaveLength(10);
    } finally {
      await second.close();
    }
  });

  it('different bytes are different entries; bad keys are simply absent', async () => {
    const a = await archive.put(page());
    const b = await archive.put(page({ body: new Uint8Array([0, 1, 2, 255]) }));
    expect(a.sha256).not.toBe(b.sha256);
    expect(Array.from((await archive.get(b.sha256))!.body)).toEqual([0, 1, 2, 255]);
    expect(await archive.has('../../etc/passwd')).toBe(false);
    expect(await archive.get('not-a-sha')).toBeNull();
  });
}

describe('FsRawArchive', () => {
  let dir = '';
  suite(() => {
    dir = mkdtempSync(join(tmpdir(), 'donga-raw-'));
    return {
      open: async () => new FsRawArchive(join(dir, 'raw')),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });

  it('lays files out as raw/aa/bb/<sha>.br + .json, compressed, with no temp files left', async () => {
    const archive = new FsRawArchive(join(dir, 'raw'));
    const { sha256 } = await archive.put(page());
    const leaf = join(dir, 'raw', sha256.slice(0, 2), sha256.slice(2, 4));
    expect(readdirSync(leaf).sort()).toEqual([`${sha256}.br`, `${sha256}.json`, `${sha256}.seen.jsonl`]);
    expect(readFileSync(join(leaf, `${sha256}.br`)).byteLength).toBeLessThan(html.byteLength / 10);
    expect(JSON.parse(readFileSync(join(leaf, `${sha256}.json`), 'utf8'))).toMatchObject({ sha256, status: 200 });
  });

  it('refuses to return a corrupted body', async () => {
    const archive = new FsRawArchive(join(dir, 'raw'));
    const { sha256 } = await archive.put(page());
    const { sha256: other } = await archive.put(page({ body: new TextEncoder().encode('other page') }));
    const leaf = (s: string) => join(dir, 'raw', s.slice(0, 2), s.slice(2, 4), `${s}.br`);
    writeFileSync(leaf(sha256), readFileSync(leaf(other))); // valid brotli, wrong content
    await expect(archive.get(sha256)).rejects.toMatchObject({ code: 'storage' });
  });
});

describe('SqliteRawArchive', () => {
  let dir = '';
  suite(() => {
    dir = mkdtempSync(join(tmpdir(), 'donga-raw-'));
    return {
      async open() {
        const a = new SqliteRawArchive(join(dir, 'donga.sqlite'), join(dir, 'raw'));
        await a.init();
        return a;
      },
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });

  it('writes the table only (no files), compressed', async () => {
    const archive = new SqliteRawArchive(join(dir, 'donga.sqlite'), join(dir, 'raw'));
    try {
      const { sha256 } = await archive.put(page());
      expect(readdirSync(dir).filter((f) => f === 'raw')).toEqual([]);
      const db = new Database(join(dir, 'donga.sqlite'), { readonly: true });
      const row = db.prepare('SELECT encoding, size, length(body) AS n FROM raw_pages WHERE sha256 = ?').get(sha256) as {
        encoding: string;
        size: number;
        n: number;
      };
      db.close();
      expect(row).toMatchObject({ encoding: 'br', size: html.byteLength });
      expect(row.n).toBeLessThan(html.byteLength / 10);
    } finally {
      await archive.close();
    }
  });

  it('reads pages an older version archived as files under <dataDir>/raw (read-only fallback)', async () => {
    const legacy = new FsRawArchive(join(dir, 'raw'));
    const old = await legacy.put(page({ body: new TextEncoder().encode('<html>archived as files</html>') }));
    await legacy.put(page({ body: new TextEncoder().encode('<html>archived as files</html>'), fetchedAt: '2026-01-07T00:00:00.000Z' }));
    const archive = new SqliteRawArchive(join(dir, 'donga.sqlite'), join(dir, 'raw'));
    try {
      await archive.init();
      expect(await archive.has(old.sha256)).toBe(true);
      const got = await archive.get(old.sha256);
      expect(new TextDecoder().decode(got!.body)).toBe('<html>archived as files</html>');
      expect(got!.meta.seen).toHaveLength(2);
      // Without the legacy directory the same page is simply absent.
      const bare = new SqliteRawArchive(join(dir, 'donga.sqlite'), null);
      expect(await bare.has(old.sha256)).toBe(false);
      expect(await bare.get(old.sha256)).toBeNull();
      await bare.close();
    } finally {
      await archive.close();
    }
  });

  it('keeps every sighting but gives back the newest 200, oldest first (as PostgreSQL keeps)', async () => {
    const archive = new SqliteRawArchive(join(dir, 'donga.sqlite'), null);
    try {
      await archive.init();
      let sha = '';
      for (let i = 0; i < 205; i++) ({ sha256: sha } = await archive.put(page({ fetchedAt: `2026-01-06T05:00:00.${String(i).padStart(3, '0')}Z` })));
      const seen = (await archive.get(sha))!.meta.seen;
      expect(seen).toHaveLength(200);
      expect(seen[0]!.fetchedAt).toBe('2026-01-06T05:00:00.005Z');
      expect(seen[199]!.fetchedAt).toBe('2026-01-06T05:00:00.204Z');
    } finally {
      await archive.close();
    }
  });

  it('opens the store database: the store and the archive share one file', async () => {
    const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
    await store.init();
    const archive = new SqliteRawArchive(join(dir, 'donga.sqlite'), null);
    try {
      const saved = await store.savePage({
        requestedUrl: page().url,
        lang: 'en',
        raw: page(),
        parserVersion: 'p1',
        record: null,
      });
      expect(saved).toEqual({ sha256: sha256Hex(html), stored: true });
      expect((await archive.get(saved.sha256))!.meta.seen).toEqual([{ url: page().url, status: 200, fetchedAt: page().fetchedAt }]);
    } finally {
      await archive.close();
      await store.close();
    }
  });
});

describe.skipIf(!pgUrl)('PgRawArchive', () => {
  suite(() => {
    const schema = uniqueSchema();
    const pools: pg.Pool[] = [];
    return {
      async open() {
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await admin.end();
        const pool = new pg.Pool({ connectionString: pgUrl, options: `-c search_path=${schema}` });
        pools.push(pool);
        const a = new PgRawArchive(pool);
        await a.init();
        return a;
      },
      async destroy() {
        await pools[0]!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        for (const p of pools) await p.end();
      },
    };
  });
});
