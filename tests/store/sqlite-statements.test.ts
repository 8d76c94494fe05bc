import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { englishArticle, samplePair } from '../pair/sample-articles.js';

afterEach(() => vi.restoreAllMocks());

describe('SqlitePairStore statements', () => {
  it('are prepared once per store, not on every call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-stmts-'));
    const store = new SqlitePairStore(join(dir, 'donga.sqlite'));
    try {
      await store.init();
      const prepare = vi.spyOn(Database.prototype, 'prepare');
      const round = async (i: number) => {
        await store.writePair(samplePair(String(9000 + i)));
        await store.getPair(`en-${9000 + i}`);
        await store.countPage('en', { fetched: 1 });
        await store.savePage({
          requestedUrl: `https://www.donga.com/en/article/all/20200403/${9000 + i}/1`,
          lang: 'en',
          raw: { url: 'u', body: new Uint8Array([i]), headers: {}, status: 200, fetchedAt: 'now' },
          parserVersion: 'p',
          record: i % 2 ? null : englishArticle(),
        });
        await store.getPageCache(`https://www.donga.com/en/article/all/20200403/${9000 + i}/1`);
        await store.knownArticleIds([String(9000 + i)]);
      };
      await round(0);
      const afterFirst = prepare.mock.calls.length;
      expect(afterFirst).toBeGreaterThan(0);
      for (let i = 1; i < 20; i++) await round(i);
      expect(prepare.mock.calls.length).toBe(afterFirst);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
