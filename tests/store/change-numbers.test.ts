import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { PairRecord } from '../../src/records/pair.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { samplePair } from '../pair/sample-articles.js';
import { pgBackend, sqliteBackend, type Backend } from './backends.js';

const pgUrl = inject('pgUrl');

const retitled = (p: PairRecord, title: string): PairRecord => ({ ...p, english: { ...p.english, title } });

function suite(makeBackend: () => Backend): void {
  let backend: Backend;
  let store: PairStore;
  const extra: PairStore[] = [];
  beforeEach(async () => {
    backend = makeBackend();
    store = await backend.open();
  });
  afterEach(async () => {
    for (const s of [store, ...extra.splice(0)]) await s.close();
    await backend.destroy();
  });

  it('every write of a pair (new or a new revision) takes the next change number; an unchanged write takes none', async () => {
    expect(await store.lastChange()).toBe(0);
    await store.writePair(samplePair('1'));
    await store.writePair(samplePair('2'));
    await store.writePair(samplePair('1')); // unchanged
    expect(await store.lastChange()).toBe(2);
    await store.writePair(retitled(samplePair('1'), 'Ruling party leads again'));
    expect(await store.getPair('en-1')).toMatchObject({ revision: 2, change: 3 });
    expect(await store.getPair('en-2')).toMatchObject({ revision: 1, change: 2 });
    expect(await store.lastChange()).toBe(3);
    expect((await store.listPairs()).map((p) => [p.pairId, p.change])).toEqual([
      ['en-1', 3],
      ['en-2', 2],
    ]);
  });

  it('listChanges returns the pairs changed in (after, upTo], in change order, page by page', async () => {
    for (const id of ['30', '10', '20', '40']) await store.writePair(samplePair(id));
    await store.writePair(retitled(samplePair('10'), 'Changed')); // en-10 moves from change 2 to 5
    const upTo = await store.lastChange();
    expect(upTo).toBe(5);
    expect((await store.listChanges({ after: 0, upTo })).map((p) => [p.pairId, p.change])).toEqual([
      ['en-30', 1],
      ['en-20', 3],
      ['en-40', 4],
      ['en-10', 5],
    ]);
    expect((await store.listChanges({ after: 3, upTo })).map((p) => p.pairId)).toEqual(['en-40', 'en-10']);
    expect((await store.listChanges({ after: 0, upTo: 4, limit: 2 })).map((p) => p.pairId)).toEqual(['en-30', 'en-20']);
    expect((await store.listChanges({ after: 0, upTo, status: 'no_korean_link' })).map((p) => p.pairId)).toEqual([]);
    // A pair rewritten after the high-water mark was read has left the range: the pass does not see it twice.
    await store.writePair(retitled(samplePair('30'), 'Changed during the pass'));
    expect((await store.listChanges({ after: 0, upTo })).map((p) => p.pairId)).toEqual(['en-20', 'en-40', 'en-10']);
    expect((await store.listChanges({ after: upTo, upTo: await store.lastChange() })).map((p) => [p.pairId, p.revision])).toEqual([['en-30', 2]]);
  });

  it('a reader polling with cursors while several connections write sees the last revision of every pair', async () => {
    const writers = [store, await backend.open(), await backend.open()];
    extra.push(...writers.slice(1));
    const seen = new Map<string, number>();
    let cursor = 0;
    let writing = true;
    const poll = async () => {
      const upTo = await store.lastChange();
      for (const p of await store.listChanges({ after: cursor, upTo })) seen.set(p.pairId, Math.max(seen.get(p.pairId) ?? 0, p.revision));
      cursor = upTo;
    };
    const reader = (async () => {
      while (writing) {
        await poll();
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const ids = Array.from({ length: 12 }, (_, i) => String(700 + i));
    await Promise.all(
      writers.map(async (w, k) => {
        for (let round = 0; round < 4; round++) {
          for (const id of ids) {
            if ((Number(id) + round) % writers.length !== k) continue;
            await w.writePair(round === 0 ? samplePair(id) : retitled(samplePair(id), `Round ${round} of ${id}`));
          }
        }
      }),
    );
    writing = false;
    await reader;
    await poll();
    const final = await store.listPairs();
    expect(final).toHaveLength(ids.length);
    for (const p of final) expect(seen.get(p.pairId), p.pairId).toBe(p.revision);
    // Numbers are unique and dense enough: one per write that changed something.
    const changes = final.map((p) => p.change);
    expect(new Set(changes).size).toBe(changes.length);
    expect(Math.max(...changes)).toBe(await store.lastChange());
    expect((await store.countPairs()).revisions).toBe(ids.length * 4);
  });
}

describe('change numbers on SQLite', () => suite(sqliteBackend));
describe.skipIf(!pgUrl)('change numbers on PostgreSQL', () => {
  suite(() => pgBackend(pgUrl));

  it('a writer that took its number commits before the next writer can take one (numbers follow commit order)', async () => {
    const backend = pgBackend(pgUrl);
    const store = await backend.open();
    const schema = (store as unknown as { pool: pg.Pool }).pool.options.options?.replace('-c search_path=', '');
    const slow = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await slow.connect();
    try {
      await store.writePair(samplePair('1'));
      // A writer in its last step (the store's stampChange): it holds the change lock and has number 2, not yet committed.
      await slow.query('BEGIN');
      await slow.query(`SELECT pg_advisory_xact_lock(hashtext('donga-ingest:pair-change:' || current_schema()))`);
      const { rows } = await slow.query<{ n: string }>(`SELECT nextval('pair_change_seq') AS n`);
      expect(Number(rows[0]!.n)).toBe(2);
      let done = false;
      const second = store.writePair(samplePair('3')).then((r) => {
        done = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 300));
      // The other writer waits: had it taken number 3 and committed, a reader could have moved its cursor to 3
      // while number 2 was still invisible, and never seen it.
      expect(done).toBe(false);
      expect(await store.lastChange()).toBe(1);
      await slow.query(`UPDATE pairs SET change_seq = 2 WHERE pair_id = 'en-1'`);
      await slow.query('COMMIT');
      await second;
      expect(await store.getPair('en-3')).toMatchObject({ change: 3 });
      expect(await store.lastChange()).toBe(3);
    } finally {
      await slow.end();
      await store.close();
      await backend.destroy();
    }
  });
});
