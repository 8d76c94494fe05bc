import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { buildPairRecord } from '../../src/pair/build-pair.js';
import { parseArticle, PARSER_VERSION } from '../../src/parse/index.js';
import type { ArticleParser } from '../../src/pipeline/deps.js';
import type { EnglishArticle } from '../../src/records/article.js';
import { formatReparseSummary, runReparse } from '../../src/reparse/run-reparse.js';
import { FsRawArchive } from '../../src/store/raw-archive.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';

const current: ArticleParser = { parse: (page, lang) => parseArticle(page, { lang }), version: PARSER_VERSION };
const FIXTURES = join(import.meta.dirname, '../fixtures/en');

/** A store with the pairs of some English fixture pages (Korean side failed to fetch: nothing archived for it). */
async function storeOf(dir: string, slugs: string[]) {
  const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
  await store.init();
  const archive = new FsRawArchive(join(dir, 'raw'));
  const shas: string[] = [];
  for (const [i, slug] of slugs.entries()) {
    const body = readFileSync(join(FIXTURES, slug, 'page.html'));
    const { url, contentType } = JSON.parse(readFileSync(join(FIXTURES, slug, 'source.json'), 'utf8')) as { url: string; contentType: string };
    const fetchedAt = `2026-01-0${i + 1}T00:00:00.000Z`;
    const { sha256 } = await archive.put({ url, body, headers: { 'content-type': contentType }, status: 200, fetchedAt });
    const english = current.parse({ body, url, contentType }, 'en') as EnglishArticle;
    await store.putPageCache({ url, etag: null, lastModified: null, bodySha256: sha256, record: english, parserVersion: PARSER_VERSION, fetchedAt });
    const source = { url, fetchedUrl: url, fetchedAt, bodySha256: sha256, httpStatus: 200 };
    const koreanError = english.koreanUrl ? { code: 'http_status', message: 'HTTP 404' } : null;
    await store.writePair(
      buildPairRecord({ english, korean: null, englishSource: source, koreanSource: null, koreanError, parserVersion: PARSER_VERSION, now: fetchedAt }),
    );
    shas.push(sha256);
  }
  return { store, archive, shas };
}

describe('reparse on stores built from fixture pages (no crawl)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('keeps a Korean page that failed to fetch as failed, and skips (and names) a corrupted archive file without stopping', async () => {
    dir = mkdtempSync(join(tmpdir(), 'donga-reparse-'));
    const { store, archive, shas } = await storeOf(dir, ['current-2025', 'column-2024', 'defense-2020']);
    try {
      const deps = { store, archive, parser: current, now: () => new Date('2026-02-01T00:00:00Z') };
      const clean = await runReparse(deps);
      expect(clean).toMatchObject({ examined: 3, unchanged: 3, revised: 0, newPairs: 0, unreadable: [], needsCrawl: [] });
      // Other bytes under the first page's name: the sha256 check on read refuses them.
      const sha = shas[0]!;
      writeFileSync(join(dir, 'raw', sha.slice(0, 2), sha.slice(2, 4), `${sha}.br`), brotliCompressSync(Buffer.from('<html>not the page</html>')));
      const torn = await runReparse(deps);
      expect(torn.unreadable.map((u) => u.sha256)).toEqual([sha]);
      expect(torn).toMatchObject({ examined: 3, unchanged: 2, revised: 0 });
      expect(torn.needsCrawl).toHaveLength(1);
      expect((await store.countPairs()).revisions).toBe(3);
    } finally {
      await store.close();
    }
  });
  it('a parser change that breaks pages it used to read: reported as newly failing, recorded, stored pairs kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'donga-reparse-'));
    const { store, archive } = await storeOf(dir, ['current-2025', 'column-2024']);
    try {
      const broken: ArticleParser = {
        version: `${PARSER_VERSION}-regressed`,
        parse: (page, lang) => {
          if (page.url.includes('/5846213/')) throw new ParseError('missing_date', `no date found at ${page.url}`);
          return current.parse(page, lang);
        },
      };
      const deps = { store, archive, parser: broken, now: () => new Date('2026-02-01T00:00:00Z') };
      const dry = await runReparse(deps, { dryRun: true });
      expect(dry.stillFailing).toEqual([expect.objectContaining({ code: 'missing_date', lang: 'en', newlyFailing: true })]);
      expect(formatReparseSummary(dry).join('\n')).toContain('of which 1 newly: this parser cannot read pages an earlier one could');
      expect(await store.listFailures()).toEqual([]);
      const run = await runReparse(deps);
      expect(run).toMatchObject({ unchanged: 1, revised: 0 });
      expect((await store.listFailures()).map((f) => [f.lang, f.code])).toEqual([['en', 'missing_date']]);
      expect((await store.countPairs()).revisions).toBe(2);
      // Known now: a second run finds it failing as before, and rewrites nothing.
      const rows = await store.listFailures();
      const again = await runReparse(deps);
      expect(again.stillFailing.map((f) => f.newlyFailing)).toEqual([false]);
      expect(await store.listFailures()).toEqual(rows);
    } finally {
      await store.close();
    }
  });
  it('an English page that failed to parse becomes a paired pair when its Korean page is archived', async () => {
    dir = mkdtempSync(join(tmpdir(), 'donga-reparse-'));
    const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
    await store.init();
    const archive = new FsRawArchive(join(dir, 'raw'));
    try {
      const page = (lang: 'en' | 'ko', slug: string) => {
        const src = JSON.parse(readFileSync(join(FIXTURES, '..', lang, slug, 'source.json'), 'utf8')) as { url: string; contentType: string };
        return { body: readFileSync(join(FIXTURES, '..', lang, slug, 'page.html')), ...src };
      };
      const en = page('en', 'current-2025');
      const ko = page('ko', 'era5-2025');
      const koreanUrl = (current.parse(en, 'en') as EnglishArticle).koreanUrl!;
      // As the pipeline leaves it: both pages archived and linked from their URLs; the English one failed to parse
      // (the Korean page was fetched for another article that links it).
      for (const [p, url, at] of [
        [en, en.url, '2026-01-01T00:00:00.000Z'],
        [ko, koreanUrl, '2026-01-01T00:00:05.000Z'],
      ] as const) {
        const { sha256 } = await archive.put({ url, body: p.body, headers: { 'content-type': p.contentType }, status: 200, fetchedAt: at });
        await store.putPageCache({ url, etag: null, lastModified: null, bodySha256: sha256, record: null, parserVersion: 'old', fetchedAt: at });
      }
      await store.recordFailure({ url: en.url, lang: 'en', code: 'missing_title', retryable: false, message: 'no headline', attempts: 1 });
      const run = await runReparse({ store, archive, parser: current, now: () => new Date('2026-02-01T00:00:00Z') });
      expect(run).toMatchObject({ newPairs: 1, failuresCleared: 1, needsCrawl: [], stillFailing: [] });
      const pair = (await store.getPair(run.changes[0]!.pairId))!;
      expect(pair.pairing.status).toBe('paired');
      expect(pair.provenance.english.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(pair.provenance.korean).toMatchObject({ url: koreanUrl, fetchedAt: '2026-01-01T00:00:05.000Z' });
      expect(await store.listFailures()).toEqual([]);
      expect((await store.getPageCache(koreanUrl))?.record?.lang).toBe('ko');
    } finally {
      await store.close();
    }
  });
});
