import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/align/split-sentences.js';
import { runExport } from '../../src/export/run-export.js';
import {
  alignPair,
  emptySentenceCounts,
  formatScore,
  mosesIdsLine,
  oneLine,
  selectSegments,
  tmxSentenceUnit,
  type SentenceCounts,
} from '../../src/export/sentence-text.js';
import type { PairRecord } from '../../src/records/pair.js';
import type { StoredPair } from '../../src/store/pair-store.js';
import { EN_BODY, EN_SENTENCES as E, KO_BODY } from '../align/sample-bilingual.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { recordingStore, tempStore, withVerdict } from './helpers.js';
import { assertWellFormedXml } from './xml-check.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const now = '2026-01-06T05:00:03.000Z';
const stored = (p: PairRecord, revision = 1): StoredPair => ({
  ...p,
  revision,
  contentHash: 'h'.repeat(64),
  firstSeenAt: 'f',
  updatedAt: 'u',
  change: revision,
});
const CONTEXT = 'The Federal Open Market Committee, the Fed’s rate-setting body, will announce its next decision on Sept. 18 after a two-day meeting.';

/** Pair `id` with the constructed Korean article and an English body. */
function bilingual(id: string, enBody: readonly string[]): PairRecord {
  return samplePair(id, { english: englishArticle(id, { body: [...enBody] }), korean: koreanArticle({ body: [...KO_BODY] }) });
}

/** 100: faithful (8 × 1-1); 200: merged paragraphs + a context sentence (0-1); 300: one sentence split (1-2); 400: no Korean. */
function storedPairs(): PairRecord[] {
  return [
    bilingual('100', EN_BODY),
    bilingual('200', [`${E[0]} ${E[1]} ${E[2]} ${E[3]}`, `${E[4]} ${E[5]} ${CONTEXT}`, EN_BODY[3]!]),
    bilingual('300', [
      EN_BODY[0]!,
      `${E[2]} Household debt has reached 1,862 trillion won. That leaves the central bank no room to rush a rate cut, he explained.`,
      EN_BODY[2]!,
      EN_BODY[3]!,
    ]),
    samplePair('400', { english: englishArticle('400', { koreanUrl: null }), korean: null }),
  ];
}

const lines = (file: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};

/** Every skipped count plus the written segments adds up to the beads seen. */
function beadsAddUp(c: Record<string, number>) {
  expect(c['segments']! + c['skippedLowScore']! + c['skippedInsertDelete']! + c['skippedManyToMany']! + c['skippedEmpty']!).toBe(c['beads']);
}

describe('selecting sentence pairs', () => {
  it('writes 1-1 beads at or above the score, counts every other bead', () => {
    const res = alignPair(stored(storedPairs()[2]!));
    if (!res.ok) throw new Error(res.reason);
    const counts = emptySentenceCounts();
    const segs = selectSegments(res.alignment, { minScore: 0.5, mergeOneToMany: false }, counts);
    expect(segs.map((s) => [s.bead, s.type, s.koIdx, s.enIdx])).toEqual([
      [0, '1-1', [0], [0]],
      [1, '1-1', [1], [1]],
      [2, '1-1', [2], [2]],
      [4, '1-1', [4], [5]],
      [5, '1-1', [5], [6]],
      [6, '1-1', [6], [7]],
      [7, '1-1', [7], [8]],
    ]);
    expect(segs[3]).toMatchObject({ ko: '시장에서는 연내 인하 가능성에 주목하고 있다.', en: E[4] });
    expect(counts).toEqual<SentenceCounts>({ ...emptySentenceCounts(), beads: 8, skippedManyToMany: 1 });

    const merged = emptySentenceCounts();
    const withMerged = selectSegments(res.alignment, { minScore: 0.5, mergeOneToMany: true }, merged);
    expect(withMerged[3]).toMatchObject({
      bead: 3,
      type: '1-2',
      koIdx: [3],
      enIdx: [3, 4],
      en: 'Household debt has reached 1,862 trillion won. That leaves the central bank no room to rush a rate cut, he explained.',
    });
    expect(merged).toMatchObject({ beads: 8, skippedManyToMany: 0 });

    const strict = emptySentenceCounts();
    const few = selectSegments(res.alignment, { minScore: 0.95, mergeOneToMany: false }, strict);
    expect(few.every((s) => s.score >= 0.95)).toBe(true);
    expect(few.length).toBeGreaterThan(0);
    expect(strict.skippedLowScore).toBe(7 - few.length);
  });

  it('does not align pairs without a Korean record', () => {
    expect(alignPair(stored(storedPairs()[3]!))).toEqual({ ok: false, reason: 'not_paired' });
  });

  it('keeps every line a single line', () => {
    expect(oneLine(' a\tb\nc\r\nd\u2028e\u2029f\u0085g\u000Bh\u000Ci\u001Ej\u0001k ')).toBe('a b c d e f g h i jk');
  });

  it('formats ids lines and scores (rounded down, so a written score never overstates)', () => {
    expect(formatScore(0.9999)).toBe('0.999');
    expect(formatScore(0.5)).toBe('0.500');
    expect(mosesIdsLine({ pairId: 'en-1', revision: 3 }, { bead: 4, type: '1-2', koIdx: [3], enIdx: [3, 4], ko: 'k', en: 'e', score: 0.96789 })).toBe(
      'en-1\t3\t3\t3,4\t1-2\t0.967',
    );
  });

  it('writes a <tu> per segment with pair id, indices, score and URLs, escaping the text', () => {
    const pair = stored(samplePair('7', { english: englishArticle('7', { body: ['A & B <c>.'] }), korean: koreanArticle({ body: ['가 & 나 <다>.'] }) }), 2);
    const xml = tmxSentenceUnit(pair, { bead: 0, type: '1-1', koIdx: [0], enIdx: [0], ko: '가 & 나 <다>.', en: 'A & B <c>.', score: 0.9571 });
    expect(xml).toBe(
      '<tu tuid="en-7#0">\n' +
        '  <prop type="x-pair-id">en-7</prop>\n' +
        '  <prop type="x-revision">2</prop>\n' +
        '  <prop type="x-bead">1-1</prop>\n' +
        '  <prop type="x-ko-sentences">0</prop>\n' +
        '  <prop type="x-en-sentences">0</prop>\n' +
        '  <prop type="x-score">0.957</prop>\n' +
        '  <prop type="x-ko-url">https://www.donga.com/news/Politics/article/all/20200403/100491234/1</prop>\n' +
        '  <prop type="x-en-url">https://www.donga.com/en/article/all/20200403/7/1</prop>\n' +
        '  <tuv xml:lang="ko"><seg>가 &amp; 나 &lt;다&gt;.</seg></tuv>\n' +
        '  <tuv xml:lang="en"><seg>A &amp; B &lt;c&gt;.</seg></tuv>\n' +
        '</tu>\n',
    );
  });
});

describe('moses and tmx-sent from a real SQLite store', () => {
  it('writes line-aligned Moses files whose ids point at the right sentences, and the same pairs as TMX', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of storedPairs()) await t.store.writePair(withVerdict(p));
    const out = join(t.dir, 'export');
    const summary = await runExport(t.store, { outDir: out, formats: ['moses', 'tmx-sent'], toolVersion: '0.1.0', now });
    expect(readdirSync(out).sort()).toEqual(['donga.ko-en.en', 'donga.ko-en.ids', 'donga.ko-en.ko', 'donga.ko-en.sent.tmx', 'manifest.json']);

    const ko = lines(join(out, 'donga.ko-en.ko'));
    const en = lines(join(out, 'donga.ko-en.en'));
    const ids = lines(join(out, 'donga.ko-en.ids'));
    // 8 + 8 (the context sentence skipped) + 7 (the 1-2 bead skipped).
    expect([ko.length, en.length, ids.length]).toEqual([23, 23, 23]);

    // Pair 100 is a faithful translation: line i is sentence i on both sides.
    expect(ko.slice(0, 8)).toEqual(KO_BODY.flatMap((p) => splitSentences(p)));
    expect(en.slice(0, 8)).toEqual(E);
    expect(ids.slice(0, 8).map((l) => l.split('\t').slice(0, 5).join(' '))).toEqual(E.map((_, i) => `en-100 1 ${i} ${i} 1-1`));

    // Every line: the ids name the pair and sentence indices whose text is on that line of .ko and .en.
    const records = new Map(storedPairs().map((p) => [p.pairId, p]));
    ids.forEach((line, n) => {
      const [pairId, revision, koIdx, enIdx, type, score] = line.split('\t');
      expect(line.split('\t')).toHaveLength(6);
      const rec = records.get(pairId!)!;
      expect(revision).toBe('1');
      expect(type).toBe('1-1');
      expect(Number(score)).toBeGreaterThanOrEqual(0.5);
      const koSentences = rec.korean!.body.flatMap((p) => splitSentences(p));
      const enSentences = rec.english.body.flatMap((p) => splitSentences(p));
      expect(ko[n]).toBe(
        koIdx!
          .split(',')
          .map((i) => koSentences[Number(i)])
          .join(' '),
      );
      expect(en[n]).toBe(
        enIdx!
          .split(',')
          .map((i) => enSentences[Number(i)])
          .join(' '),
      );
    });
    expect(ids.filter((l) => l.startsWith('en-200\t')).map((l) => l.split('\t').slice(2, 4).join(':'))).toEqual([
      '0:0',
      '1:1',
      '2:2',
      '3:3',
      '4:4',
      '5:5',
      '6:7',
      '7:8',
    ]);
    expect(en).not.toContain(CONTEXT);
    expect(ids.some((l) => l.startsWith('en-400\t'))).toBe(false);

    // The sentence TMX holds the same sentence pairs, in the same order.
    const xml = readFileSync(join(out, 'donga.ko-en.sent.tmx'), 'utf8');
    assertWellFormedXml(xml);
    const $ = load(xml, { xml: true });
    expect($('header').attr('segtype')).toBe('sentence');
    expect($('header').attr('srclang')).toBe('ko');
    expect($('header note').text()).toContain('score >= 0.5');
    expect($('tu').length).toBe(23);
    expect(
      $('tu')
        .map((_, el) => $(el).find('tuv[xml\\:lang="ko"] seg').text())
        .get(),
    ).toEqual(ko);
    expect(
      $('tu')
        .map((_, el) => $(el).find('tuv[xml\\:lang="en"] seg').text())
        .get(),
    ).toEqual(en);
    expect($('tu').eq(8).attr('tuid')).toBe('en-200#0');
    expect($('tu').eq(14).find('prop[type="x-en-sentences"]').text()).toBe('7');

    // Counts: in the summary, and in manifest.json, with the aligner settings.
    const counts = {
      segments: 23,
      pairs: 3,
      pairsAligned: 3,
      pairsAlignedByParagraph: 2,
      pairsTooLarge: 0,
      beads: 25,
      skippedLowScore: 0,
      skippedInsertDelete: 1,
      skippedManyToMany: 1,
      skippedEmpty: 0,
    };
    expect(summary.files.map((f) => [f.file, f.files ?? null, f.counts])).toEqual([
      ['donga.ko-en.ko', ['donga.ko-en.ko', 'donga.ko-en.en', 'donga.ko-en.ids'], counts],
      ['donga.ko-en.sent.tmx', null, counts],
    ]);
    beadsAddUp(counts);
    const manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8'));
    expect(manifest.selected).toEqual({ total: 3, byStatus: { paired: 3, no_korean_link: 0, korean_failed: 0 } });
    expect(manifest.alignment).toMatchObject({ aligner: 'gc-ko-en@3', ratio: 0.46, variance: 2.7, minScore: 0.5, beadTypes: ['1-1'] });
    expect(manifest.files).toEqual([
      {
        file: 'donga.ko-en.ko',
        files: ['donga.ko-en.ko', 'donga.ko-en.en', 'donga.ko-en.ids'],
        format: 'moses',
        schema: expect.stringContaining('Moses'),
        counts,
      },
      { file: 'donga.ko-en.sent.tmx', format: 'tmx-sent', schema: 'TMX 1.4, segtype=sentence', counts },
    ]);
  });

  it('with merged beads and a higher score: the 1-2 bead appears as one line, low scores are skipped and counted', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of storedPairs()) await t.store.writePair(withVerdict(p));
    const merged = await runExport(t.store, {
      outDir: join(t.dir, 'm'),
      formats: ['moses'],
      sentences: { minScore: 0.5, mergeOneToMany: true },
      toolVersion: '0.1.0',
      now,
    });
    const ids = lines(join(t.dir, 'm', 'donga.ko-en.ids'));
    expect(ids).toHaveLength(24);
    const split = ids.findIndex((l) => l.startsWith('en-300\t1\t3\t3,4\t1-2\t'));
    expect(split).toBeGreaterThan(0);
    expect(lines(join(t.dir, 'm', 'donga.ko-en.en'))[split]).toBe(
      'Household debt has reached 1,862 trillion won. That leaves the central bank no room to rush a rate cut, he explained.',
    );
    expect(merged.files[0]!.counts).toMatchObject({ segments: 24, skippedManyToMany: 0 });
    expect(JSON.parse(readFileSync(merged.manifestPath, 'utf8')).alignment.beadTypes).toEqual(['1-1', '1-2', '2-1']);

    const strict = await runExport(t.store, {
      outDir: join(t.dir, 's'),
      formats: ['moses'],
      sentences: { minScore: 0.95, mergeOneToMany: false },
      toolVersion: '0.1.0',
      now,
    });
    const c = strict.files[0]!.counts;
    expect(c['skippedLowScore']).toBeGreaterThan(0);
    expect(c['segments']).toBe(23 - c['skippedLowScore']!);
    beadsAddUp(c);
    for (const l of lines(join(t.dir, 's', 'donga.ko-en.ids'))) expect(Number(l.split('\t')[5])).toBeGreaterThanOrEqual(0.95);
  });

  it('on a failure mid-export keeps the previous Moses files, all three, and leaves no temp files', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of storedPairs()) await t.store.writePair(withVerdict(p));
    const out = join(t.dir, 'export');
    await runExport(t.store, { outDir: out, formats: ['moses', 'tmx-sent'], toolVersion: '0.1.0', now });
    const before = Object.fromEntries(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]));
    await t.store.writePair(withVerdict(bilingual('500', EN_BODY)));
    const failing = recordingStore(t.store, 2);
    await expect(runExport(failing.store, { outDir: out, formats: ['moses', 'tmx-sent'], pageSize: 2, toolVersion: '0.1.0', now })).rejects.toThrow(
      'store went away',
    );
    const after = Object.fromEntries(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]));
    expect(after).toEqual(before);
  });
});
