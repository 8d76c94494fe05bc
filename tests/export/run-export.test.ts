import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicFile } from '../../src/export/atomic-file.js';
import { runExport } from '../../src/export/run-export.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { recordingStore, tempStore, withVerdict } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup() {
  const t = await tempStore();
  cleanup.push(t.cleanup);
  return t;
}

const now = '2026-01-06T05:00:03.000Z';

describe('AtomicFile', () => {
  it('shows nothing under the final name until commit, and large writes arrive intact', async () => {
    const { dir } = await setup();
    const path = join(dir, 'big.txt');
    const f = await AtomicFile.create(path);
    const line = `${'가나다 abc 😀 '.repeat(50)}\n`;
    for (let i = 0; i < 2000; i++) await f.write(line);
    expect(readdirSync(dir).filter((n) => n.startsWith('big'))).toEqual([]);
    await f.commit();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(2000));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('abort keeps the previous file and removes the temp file', async () => {
    const { dir } = await setup();
    const path = join(dir, 'x.txt');
    writeFileSync(path, 'old\n');
    const f = await AtomicFile.create(path);
    await f.write('new\n');
    await f.abort();
    await f.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('AtomicFile.commitAll', () => {
  it('shows none of the files until all are synced, then all of them', async () => {
    const { dir } = await setup();
    writeFileSync(join(dir, 'a.txt'), 'old a\n');
    const files = [await AtomicFile.create(join(dir, 'a.txt')), await AtomicFile.create(join(dir, 'b.txt'))];
    await files[0]!.write('new a\n');
    await files[1]!.write('new b\n');
    expect(readdirSync(dir)).not.toContain('b.txt');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old a\n');
    await AtomicFile.commitAll(files);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new a\n');
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('new b\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await expect(files[0]!.write('late')).rejects.toThrow('write after commit/abort');
    await files[1]!.abort(); // no-op after commit
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('new b\n');
  });

  it('if one file cannot be committed, none is renamed and no temp file is left', async () => {
    const { dir } = await setup();
    writeFileSync(join(dir, 'a.txt'), 'old a\n');
    const files = [await AtomicFile.create(join(dir, 'a.txt')), await AtomicFile.create(join(dir, 'b.txt'))];
    await files[0]!.write('new a\n');
    await files[1]!.abort(); // b can no longer be sealed
    await expect(AtomicFile.commitAll(files)).rejects.toThrow('already finished');
    expect(
      readdirSync(dir)
        .filter((n) => !n.startsWith('donga.sqlite'))
        .sort(),
    ).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old a\n');
  });
});

describe('runExport', () => {
  it('writes every format and a manifest in one pass over the store', async () => {
    const { dir, store } = await setup();
    await store.writePair(withVerdict(samplePair('100')));
    await store.writePair(withVerdict(samplePair('200', { korean: koreanArticle({ body: ['하나.'] }) })));
    await store.writePair(withVerdict(samplePair('300', { english: englishArticle('300', { koreanUrl: null }), korean: null })));
    const rec = recordingStore(store);
    const out = join(dir, 'export');
    const summary = await runExport(rec.store, { outDir: out, formats: ['jsonl', 'hf', 'tmx'], toolVersion: '0.1.0', now });
    expect(rec.calls).toHaveLength(1); // one page, shared by the three files
    expect(readdirSync(out).sort()).toEqual(['docs.jsonl', 'donga.ko-en.tmx', 'manifest.json', 'pairs.jsonl']);
    expect(JSON.parse(readFileSync(summary.manifestPath, 'utf8'))).toEqual({
      schema: 'donga-ingest/export-manifest@1',
      generatedAt: now,
      tool: { name: 'donga-ingest', version: '0.1.0' },
      source: 'The Dong-A Ilbo (https://www.donga.com): Korean originals and their English editions',
      direction: 'ko->en',
      rights: 'Article text remains the property of the publisher; no corpus licence is granted by this export.',
      filter: { status: null, since: null, until: null },
      selected: { total: 3, byStatus: { paired: 2, no_korean_link: 1, korean_failed: 0 } },
      outsideDays: 0,
      invalid: 0,
      verdicts: {
        trainingFiles: ['docs.jsonl', 'donga.ko-en.tmx'],
        admitted: ['verified', 'plausible'],
        byVerdict: { verified: 2, plausible: 0, suspect: 0, mismatch: 0, unverified: 0 },
        excluded: 0,
        note: expect.stringContaining('unverified = a pair written before the verification existed'),
      },
      incremental: { after: null, note: expect.stringContaining('at least once') },
      nextCursor: '3',
      files: [
        { file: 'pairs.jsonl', format: 'jsonl', schema: 'donga-ingest/pair@1', counts: { pairs: 3 } },
        { file: 'docs.jsonl', format: 'hf', schema: 'huggingface Translation(languages=[en, ko]) + meta', counts: { documents: 2 } },
        { file: 'donga.ko-en.tmx', format: 'tmx', schema: 'TMX 1.4, segtype=paragraph', counts: { units: 2, pairs: 1, skippedParagraphMismatch: 1 } },
      ],
    });
  });

  it('--after a cursor from another (or a rebuilt) store is refused before anything is written', async () => {
    const { dir, store } = await setup();
    await store.writePair(withVerdict(samplePair('100')));
    const out = join(dir, 'ahead');
    await expect(runExport(store, { outDir: out, formats: ['jsonl'], after: 7, toolVersion: '0.1.0', now })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('--after 7 is ahead of this store (its last change is 1)'),
    });
    expect(readdirSync(out)).toEqual([]);
    const ok = await runExport(store, { outDir: out, formats: ['jsonl'], after: 1, toolVersion: '0.1.0', now });
    expect(ok.cursor).toEqual({ after: 1, next: 1 });
    expect(ok.selected.total).toBe(0);
  });

  it('asks the store for paired pairs only when just parallel text is wanted', async () => {
    const { dir, store } = await setup();
    await store.writePair(withVerdict(samplePair('100')));
    const rec = recordingStore(store);
    await runExport(rec.store, { outDir: dir, formats: ['tmx'], toolVersion: '0.1.0', now });
    expect(rec.calls[0]!.opts.status).toBe('paired');
  });

  it('on a failure mid-export leaves the previous export untouched and no temp files', async () => {
    const { dir, store } = await setup();
    for (let i = 0; i < 6; i++) await store.writePair(withVerdict(samplePair(String(100 + i))));
    const out = join(dir, 'export');
    await runExport(store, { outDir: out, formats: ['jsonl', 'hf', 'tmx'], toolVersion: '0.1.0', now });
    const before = Object.fromEntries(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]));

    await store.writePair(withVerdict(samplePair('999')));
    const failing = recordingStore(store, 2); // the second page fails
    await expect(
      runExport(failing.store, { outDir: out, formats: ['jsonl', 'hf', 'tmx'], pageSize: 4, toolVersion: '0.1.0', now: '2026-02-01T00:00:00.000Z' }),
    ).rejects.toThrow('store went away');
    const after = Object.fromEntries(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]));
    expect(after).toEqual(before);
  });

  it('skips (and counts) stored records that no longer fit the schema', async () => {
    const { dir, store } = await setup();
    await store.writePair(withVerdict(samplePair('100')));
    await store.writePair(withVerdict(samplePair('200')));
    const broken = recordingStore(store);
    const inner = broken.store.listPairs.bind(broken.store);
    broken.store.listPairs = async (o) =>
      (await inner(o)).map((p) => (p.pairId === 'en-100' ? { ...p, english: { ...p.english, publishedAt: 'yesterday' } } : p));
    const summary = await runExport(broken.store, { outDir: dir, formats: ['jsonl'], toolVersion: '0.1.0', now });
    expect(summary.invalid).toBe(1);
    expect(
      readFileSync(join(dir, 'pairs.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).pairId),
    ).toEqual(['en-200']);
  });
});
