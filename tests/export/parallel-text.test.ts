import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { documentText, tmxDate, tmxHead, tmxUnits, TMX_TAIL, toHfDoc } from '../../src/export/parallel-text.js';
import { runExport } from '../../src/export/run-export.js';
import { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from '../../src/export/xml.js';
import type { PairRecord } from '../../src/records/pair.js';
import type { StoredPair } from '../../src/store/pair-store.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { tempStore, withVerdict } from './helpers.js';
import { assertWellFormedXml } from './xml-check.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const stored = (p: PairRecord, revision = 1): StoredPair => ({
  ...p,
  revision,
  contentHash: 'h'.repeat(64),
  firstSeenAt: 'f',
  updatedAt: 'u',
  change: revision,
});

/** Text a TMX must carry safely: markup characters, quotes, astral-plane characters, and characters XML forbids. */
const NASTY_EN = 'Tom & Jerry <b>"quoted"</b> it\'s ]]> 1 < 2 > 0 😀 𠜎\u0001\u0007\uFFFE\uD800 end';
const NASTY_EN_CLEAN = 'Tom & Jerry <b>"quoted"</b> it\'s ]]> 1 < 2 > 0 😀 𠜎 end';
const NASTY_KO = '“따옴표” & <태그> 𠀀자\u000B\uDFFF 끝';
const NASTY_KO_CLEAN = '“따옴표” & <태그> 𠀀자 끝';

describe('xml escaping', () => {
  it('strips characters XML 1.0 forbids and keeps astral-plane characters', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0008c\tn\nr\rd\uFFFEe\uFFFFf\uD800g\uDC00h😀')).toBe('abc\tn\nr\rdefgh😀');
  });

  it('escapes text and attributes', () => {
    expect(escapeXmlText(`<a href="x">&amp;</a> ]]> \r`)).toBe('&lt;a href="x"&gt;&amp;amp;&lt;/a&gt; ]]&gt; &#xD;');
    expect(escapeXmlAttr(`a&b<c>"d"'e'\tf\ng`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#x9;f&#xA;g');
  });
});

describe('docs.jsonl rows (Hugging Face Translation shape)', () => {
  it('joins title and paragraphs per side and keeps provenance in meta', () => {
    const p = stored(withVerdict(samplePair(), 'plausible', 0.75), 3);
    expect(toHfDoc(p)).toEqual({
      id: 'en-5116282',
      translation: {
        en: 'Ruling party leads in polls\n\nThe ruling party leads.\nThe opposition trails.',
        ko: '여당, 여론조사 앞서\n\n여당이 앞섰다.\n야당은 뒤졌다.',
      },
      meta: {
        direction: 'ko->en',
        revision: 3,
        contentHash: 'h'.repeat(64),
        change: 3,
        verdict: 'plausible',
        score: 0.75,
        urls: {
          en: 'https://www.donga.com/en/article/all/20200403/5116282/1',
          ko: 'https://www.donga.com/news/Politics/article/all/20200403/100491234/1',
        },
        publishedAt: { en: '2020-04-03T07:38:00+09:00', ko: '2020-04-03T03:00:00+09:00' },
        paragraphs: { en: 2, ko: 2 },
        evidence: { sharedEmails: ['record@donga.com'], emailMatch: true, minutesKoreanToEnglish: 278, sameUrlDate: true },
      },
    });
    expect(Object.keys(toHfDoc(p)!.translation)).toEqual(['en', 'ko']);
    expect(documentText(koreanArticle({ title: 'T', body: ['a'] }))).toBe('T\n\na');
  });

  it('is null for pairs without a Korean record', () => {
    expect(toHfDoc(stored(samplePair('1', { english: englishArticle('1', { koreanUrl: null }), korean: null })))).toBeNull();
  });
});

describe('TMX', () => {
  it('writes one <tu> per paragraph pair, Korean first, with pair id and both URLs', () => {
    const res = tmxUnits(stored(samplePair()));
    expect(res).toEqual({
      ok: true,
      units: 2,
      xml:
        '<tu tuid="en-5116282-1">\n' +
        '  <prop type="x-pair-id">en-5116282</prop>\n' +
        '  <prop type="x-paragraph">1</prop>\n' +
        '  <prop type="x-ko-url">https://www.donga.com/news/Politics/article/all/20200403/100491234/1</prop>\n' +
        '  <prop type="x-en-url">https://www.donga.com/en/article/all/20200403/5116282/1</prop>\n' +
        '  <tuv xml:lang="ko"><seg>여당이 앞섰다.</seg></tuv>\n' +
        '  <tuv xml:lang="en"><seg>The ruling party leads.</seg></tuv>\n' +
        '</tu>\n' +
        '<tu tuid="en-5116282-2">\n' +
        '  <prop type="x-pair-id">en-5116282</prop>\n' +
        '  <prop type="x-paragraph">2</prop>\n' +
        '  <prop type="x-ko-url">https://www.donga.com/news/Politics/article/all/20200403/100491234/1</prop>\n' +
        '  <prop type="x-en-url">https://www.donga.com/en/article/all/20200403/5116282/1</prop>\n' +
        '  <tuv xml:lang="ko"><seg>야당은 뒤졌다.</seg></tuv>\n' +
        '  <tuv xml:lang="en"><seg>The opposition trails.</seg></tuv>\n' +
        '</tu>\n',
    });
  });

  it('skips pairs whose paragraph counts differ, and pairs that are not paired', () => {
    expect(tmxUnits(stored(samplePair('1', { korean: koreanArticle({ body: ['하나.', '둘.', '셋.'] }) })))).toEqual({
      ok: false,
      reason: 'paragraph_mismatch',
    });
    expect(tmxUnits(stored(samplePair('1', { english: englishArticle('1', { koreanUrl: null }), korean: null })))).toEqual({ ok: false, reason: 'not_paired' });
  });

  it('has the TMX 1.4 header with every required attribute', () => {
    const xml = tmxHead({ toolVersion: '1.2.3', now: '2026-01-06T05:00:02.123Z' }) + TMX_TAIL;
    assertWellFormedXml(xml);
    const $ = load(xml, { xml: true });
    expect($('tmx').attr('version')).toBe('1.4');
    expect($('header').attr()).toEqual({
      creationtool: 'donga-ingest',
      creationtoolversion: '1.2.3',
      segtype: 'paragraph',
      'o-tmf': 'donga-ingest',
      adminlang: 'en',
      srclang: 'ko',
      datatype: 'plaintext',
      creationdate: '20260106T050002Z',
    });
    expect(tmxDate('2026-01-06T05:00:02Z')).toBe('20260106T050002Z');
  });

  it('the self-check rejects what it should (so passing it means something)', () => {
    for (const bad of [
      '<?xml version="1.0"?><a>&</a>',
      '<?xml version="1.0"?><a><b></a></b>',
      '<?xml version="1.0"?><a x="1" x="2"/>',
      '<?xml version="1.0"?><a>\u0001</a>',
      '<?xml version="1.0"?><a/><b/>',
      '<?xml version="1.0"?><a>1 < 2</a>',
    ]) {
      expect(() => assertWellFormedXml(bad), bad).toThrow();
    }
  });
});

describe('docs.jsonl and TMX from a real SQLite store', () => {
  it('exports paired pairs only, escapes everything, counts the skipped pair, and parses back', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    const { store, dir } = t;
    await store.writePair(
      withVerdict(
        samplePair('200', {
          english: englishArticle('200', { title: 'A & B', body: [NASTY_EN, 'Second.'] }),
          korean: koreanArticle({ title: '가 & 나', body: [NASTY_KO, '둘째.'] }),
        }),
      ),
    );
    await store.writePair(withVerdict(samplePair('300', { korean: koreanArticle({ body: ['하나.', '둘.', '셋.'] }) })));
    await store.writePair(withVerdict(samplePair('400', { english: englishArticle('400', { koreanUrl: null }), korean: null })));
    const summary = await runExport(store, { outDir: dir, formats: ['hf', 'tmx'], toolVersion: '0.1.0', now: '2026-01-06T05:00:03.000Z' });
    expect(summary.files.map((f) => [f.file, f.counts])).toEqual([
      ['docs.jsonl', { documents: 2 }],
      ['donga.ko-en.tmx', { units: 2, pairs: 1, skippedParagraphMismatch: 1 }],
    ]);

    const rows = readFileSync(join(dir, 'docs.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; translation: { en: string; ko: string } });
    expect(rows.map((r) => r.id)).toEqual(['en-200', 'en-300']);
    // JSON carries the text as stored (JSON can escape anything); only the TMX must drop XML-invalid characters.
    expect(rows[0]!.translation.en).toBe(`A & B\n\n${NASTY_EN}\nSecond.`);

    const xml = readFileSync(join(dir, 'donga.ko-en.tmx'), 'utf8');
    assertWellFormedXml(xml);
    const $ = load(xml, { xml: true });
    expect($('tu').length).toBe(2);
    expect(
      $('tu')
        .map((_, el) => $(el).attr('tuid'))
        .get(),
    ).toEqual(['en-200-1', 'en-200-2']);
    const first = $('tu').first();
    expect(first.find('prop[type="x-pair-id"]').text()).toBe('en-200');
    expect(
      first
        .find('tuv')
        .map((_, el) => $(el).attr('xml:lang'))
        .get(),
    ).toEqual(['ko', 'en']);
    expect(first.find('tuv[xml\\:lang="ko"] seg').text()).toBe(NASTY_KO_CLEAN);
    expect(first.find('tuv[xml\\:lang="en"] seg').text()).toBe(NASTY_EN_CLEAN);
    expect(xml).toContain('😀 𠜎'); // astral characters written as UTF-8, not as broken surrogate escapes
  });
});
