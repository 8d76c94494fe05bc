import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { PairStore, SavePageInput } from '../../src/store/pair-store.js';
import { sha256Hex, type RawPage } from '../../src/store/raw-archive.js';
import { englishArticle } from '../pair/sample-articles.js';
import { pgBackend, sqliteBackend, type Backend } from './backends.js';

const pgUrl = inject('pgUrl');

const URL_EN = 'https://www.donga.com/en/article/all/20200403/5116282/1';
const body = (text = 'story'): Uint8Array => new TextEncoder().encode(`<!doctype html><html><body>${`<p>${text} 기사 본문</p>`.repeat(400)}</body></html>`);
const raw = (over: Partial<RawPage> = {}): RawPage => ({
  url: URL_EN,
  body: body(),
  headers: { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' },
  status: 200,
  fetchedAt: '2026-01-06T05:00:00.000Z',
  ...over,
});
const input = (over: Partial<SavePageInput> = {}): SavePageInput => ({
  requestedUrl: URL_EN,
  lang: 'en',
  raw: raw(),
  etag: '"v1"',
  lastModified: 'Tue, 06 Jan 2026 05:00:00 GMT',
  parserVersion: 'parser-1',
  record: englishArticle(),
  ...over,
});

function suite(makeBackend: () => Backend): void {
  let backend: Backend;
  let store: PairStore;
  beforeEach(async () => {
    backend = makeBackend();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.destroy();
  });
  const count = async (sql: string) => Number(await backend.value(sql));
  const fetchedThisHour = () => count(`SELECT coalesce(sum(fetched), 0) FROM page_counts WHERE lang = 'en'`);

  it('one call writes the raw page, the page-cache row (keyed by the requested URL) and one fetched page', async () => {
    const res = await store.savePage(input({ requestedUrl: `${URL_EN}?utm_source=x`, raw: raw({ url: URL_EN }) }));
    expect(res).toEqual({ sha256: sha256Hex(body()), stored: true });
    expect(await store.getPageCache(`${URL_EN}?utm_source=x`)).toEqual({
      url: `${URL_EN}?utm_source=x`,
      etag: '"v1"',
      lastModified: 'Tue, 06 Jan 2026 05:00:00 GMT',
      bodySha256: res.sha256,
      record: englishArticle(),
      parserVersion: 'parser-1',
      fetchedAt: '2026-01-06T05:00:00.000Z',
    });
    expect(await fetchedThisHour()).toBe(1);
    const archive = await backend.openArchive();
    try {
      const got = await archive.get(res.sha256);
      expect(Buffer.from(got!.body).equals(Buffer.from(body()))).toBe(true);
      expect(got!.meta).toMatchObject({ sha256: res.sha256, size: body().byteLength, url: URL_EN, status: 200, headers: raw().headers });
      expect(got!.meta.seen).toEqual([{ url: URL_EN, status: 200, fetchedAt: '2026-01-06T05:00:00.000Z' }]);
    } finally {
      await archive.close();
    }
  });

  it('a page that did not parse keeps its bytes and a cache row with record null', async () => {
    const res = await store.savePage(input({ record: null }));
    expect(await store.getPageCache(URL_EN)).toMatchObject({ bodySha256: res.sha256, record: null, parserVersion: 'parser-1' });
    expect(await fetchedThisHour()).toBe(1);
  });

  it('the same bytes again: stored once, every fetch recorded and counted, the cache row follows the latest fetch', async () => {
    const first = await store.savePage(input());
    const again = await store.savePage(input({ etag: '"v2"', raw: raw({ fetchedAt: '2026-01-07T00:00:00.000Z' }) }));
    expect(again).toEqual({ sha256: first.sha256, stored: false });
    expect(await store.getPageCache(URL_EN)).toMatchObject({ etag: '"v2"', fetchedAt: '2026-01-07T00:00:00.000Z' });
    expect(await count('SELECT count(*) FROM raw_pages')).toBe(1);
    expect(await fetchedThisHour()).toBe(2);
    // New bytes for the same URL: a second raw page, the cache row moves to it.
    const changed = await store.savePage(input({ raw: raw({ body: body('corrected') }) }));
    expect(changed.stored).toBe(true);
    expect((await store.getPageCache(URL_EN))!.bodySha256).toBe(changed.sha256);
    const archive = await backend.openArchive();
    try {
      expect((await archive.get(first.sha256))!.meta.seen.map((s) => s.fetchedAt)).toEqual(['2026-01-06T05:00:00.000Z', '2026-01-07T00:00:00.000Z']);
    } finally {
      await archive.close();
    }
  });

  it('concurrent saves of the same bytes from two connections: exactly one stores them, none fails', async () => {
    const other = await backend.open();
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : store).savePage(input({ requestedUrl: `${URL_EN}#${i}`, raw: raw({ fetchedAt: `2026-01-06T05:00:0${i}.000Z` }) })),
        ),
      );
      expect(results.filter((r) => r.stored)).toHaveLength(1);
      expect(await fetchedThisHour()).toBe(8);
      expect(await count('SELECT count(*) FROM page_cache')).toBe(8);
    } finally {
      await other.close();
    }
  });

  it('a failure inside the transaction leaves nothing half-written (no raw page, sighting, cache row or count)', async () => {
    // The page count is the transaction's last write: make it fail.
    await backend.exec(
      isPg(backend)
        ? `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
           CREATE TRIGGER boom BEFORE INSERT ON page_counts FOR EACH ROW EXECUTE FUNCTION boom();`
        : `CREATE TRIGGER boom BEFORE INSERT ON page_counts BEGIN SELECT RAISE(ABORT, 'boom'); END;`,
    );
    await expect(store.savePage(input())).rejects.toMatchObject({ code: 'storage' });
    expect(await count('SELECT count(*) FROM raw_pages')).toBe(0);
    expect(await count('SELECT count(*) FROM page_cache')).toBe(0);
    expect(await count('SELECT count(*) FROM page_counts')).toBe(0);
    if (!isPg(backend)) expect(await count('SELECT count(*) FROM raw_sightings')).toBe(0);
    await backend.exec(`DROP TRIGGER boom${isPg(backend) ? ' ON page_counts' : ''}`);
    // The bytes were not left behind as "already stored": the retry stores them.
    expect((await store.savePage(input())).stored).toBe(true);
    expect(await fetchedThisHour()).toBe(1);
  });
}

const pgBackends = new WeakSet<Backend>();
const isPg = (b: Backend): boolean => pgBackends.has(b);

describe('SqlitePairStore.savePage', () => suite(sqliteBackend));
describe.skipIf(!pgUrl)('PgPairStore.savePage', () =>
  suite(() => {
    const b = pgBackend(pgUrl);
    pgBackends.add(b);
    return b;
  }),
);
