import { describe, expect, it } from 'vitest';
import { validatePair } from '../../src/store/pair-store.js';
import { buildPairRecord, pairEvidence } from '../../src/pair/build-pair.js';
import { canonicalJson, pairContentHash } from '../../src/pair/pair-content-hash.js';
import { IngestError } from '../../src/errors.js';
import { pairRecordSchema, type Pairing } from '../../src/records/pair.js';
import { englishArticle, koreanArticle, samplePair, source } from './sample-articles.js';

const base = {
  englishSource: source(englishArticle().url),
  parserVersion: 'test-1',
  now: '2026-01-06T05:00:02.000Z',
};

describe('buildPairRecord status', () => {
  const cases = [
    {
      name: 'paired when the Korean record is present',
      english: englishArticle(),
      korean: koreanArticle(),
      koreanError: null,
      status: 'paired',
      koreanUrl: koreanArticle().url,
      error: null,
    },
    {
      name: 'no_korean_link when the English page has no 한국어 link',
      english: englishArticle('5116283', { koreanUrl: null }),
      korean: null,
      koreanError: null,
      status: 'no_korean_link',
      koreanUrl: null,
      error: null,
    },
    {
      name: 'korean_failed with the error when the link exists but the Korean side failed',
      english: englishArticle(),
      korean: null,
      koreanError: { code: 'http_status', message: 'HTTP 404' },
      status: 'korean_failed',
      koreanUrl: englishArticle().koreanUrl,
      error: { code: 'http_status', message: 'HTTP 404' },
    },
    {
      name: 'korean_failed still carries an error when the caller gave none',
      english: englishArticle(),
      korean: null,
      koreanError: null,
      status: 'korean_failed',
      koreanUrl: englishArticle().koreanUrl,
      error: { code: 'korean_failed', message: 'no Korean record for the linked page' },
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const pair = buildPairRecord({
        ...base,
        english: c.english,
        korean: c.korean,
        koreanSource: c.korean ? source(c.korean.url) : null,
        koreanError: c.koreanError,
      });
      expect(pairRecordSchema.safeParse(pair).success).toBe(true);
      expect(pair.pairId).toBe(`en-${c.english.articleId}`);
      expect(pair.pairing.method).toBe('korean_link');
      expect(pair.pairing.status).toBe(c.status);
      expect(pair.pairing.koreanUrl).toBe(c.koreanUrl);
      expect(pair.pairing.error).toEqual(c.error);
      expect(pair.pairing.evidence === null).toBe(c.status !== 'paired');
      expect(pair.provenance).toMatchObject({ parserVersion: 'test-1', pairedAt: base.now });
    });
  }
});

describe('pairEvidence', () => {
  const cases = [
    {
      name: 'same reporter, Korean at 03:00, English at 07:38, same URL date',
      en: englishArticle(),
      ko: koreanArticle(),
      want: { sharedEmails: ['record@donga.com'], emailMatch: true, minutesKoreanToEnglish: 278, sameUrlDate: true },
    },
    {
      name: 'e-mails compared lower-cased; several authors',
      en: englishArticle('1', {
        authors: [
          { name: 'A', email: 'Alpha@Donga.com', role: null },
          { name: 'B', email: 'beta@donga.com', role: null },
        ],
      }),
      ko: koreanArticle({
        authors: [
          { name: '베타', email: 'beta@donga.com', role: '기자' },
          { name: '알파', email: 'alpha@donga.com', role: '기자' },
        ],
      }),
      want: { sharedEmails: ['alpha@donga.com', 'beta@donga.com'], emailMatch: true },
    },
    {
      name: 'both sides have e-mails, none shared → false',
      en: englishArticle(),
      ko: koreanArticle({ authors: [{ name: '김', email: 'kim@donga.com', role: '기자' }] }),
      want: { sharedEmails: [], emailMatch: false },
    },
    {
      name: 'one side without e-mail → null (missing, not negative)',
      en: englishArticle('1', { authors: [] }),
      ko: koreanArticle(),
      want: { sharedEmails: [], emailMatch: null },
    },
    {
      name: 'English page earlier than Korean → negative minutes; different URL dates',
      en: englishArticle('1', {
        url: 'https://www.donga.com/en/article/all/20200402/1/1',
        publishedAt: '2020-04-02T23:00:00+09:00',
      }),
      ko: koreanArticle(),
      want: { minutesKoreanToEnglish: -240, sameUrlDate: false },
    },
    {
      name: 'Korean URL without a date segment → sameUrlDate null',
      en: englishArticle(),
      ko: koreanArticle({ url: 'http://127.0.0.1:8080/some/korean/page' }),
      want: { sameUrlDate: null },
    },
    {
      name: 'English URL without a date segment → sameUrlDate null',
      en: englishArticle('1', { url: 'http://127.0.0.1:8080/some/english/page' }),
      ko: koreanArticle(),
      want: { sameUrlDate: null },
    },
    {
      name: 'unknown URL shapes: any 8-digit path segment is the date, also at the end',
      en: englishArticle('1', { url: 'http://127.0.0.1:8080/en/story/20200403' }),
      ko: koreanArticle({ url: 'http://127.0.0.1:8080/ko/20200403/1' }),
      want: { sameUrlDate: true },
    },
    {
      name: 'unknown URL shapes: a 1-digit segment or 8 letters is no date',
      en: englishArticle(),
      ko: koreanArticle({ url: 'http://127.0.0.1:8080/scenario/page/1' }),
      want: { sameUrlDate: null },
    },
    {
      name: 'unknown URL shapes: a 9-digit segment is no date',
      en: englishArticle(),
      ko: koreanArticle({ url: 'http://127.0.0.1:8080/ko/202004031/x' }),
      want: { sameUrlDate: null },
    },
    {
      name: 'shared e-mails sorted whatever the author order; spaces trimmed',
      en: englishArticle('1', {
        authors: [
          { name: 'B', email: ' beta@donga.com ', role: null },
          { name: 'A', email: 'alpha@donga.com', role: null },
        ],
      }),
      ko: koreanArticle({
        authors: [
          { name: '알파', email: 'alpha@donga.com', role: '기자' },
          { name: '베타', email: 'beta@donga.com', role: '기자' },
        ],
      }),
      want: { sharedEmails: ['alpha@donga.com', 'beta@donga.com'], emailMatch: true },
    },
    {
      name: 'Korean side without e-mail (an author with none) → null',
      en: englishArticle(),
      ko: koreanArticle({ authors: [{ name: '김', email: null, role: '기자' }] }),
      want: { sharedEmails: [], emailMatch: null },
    },
    {
      name: 'an unreadable date on either side → minutes null',
      en: englishArticle('1', { publishedAt: 'unknown' }),
      ko: koreanArticle(),
      want: { minutesKoreanToEnglish: null },
    },
    {
      name: 'an unreadable Korean date → minutes null',
      en: englishArticle(),
      ko: koreanArticle({ publishedAt: 'unknown' }),
      want: { minutesKoreanToEnglish: null },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pairEvidence(c.en, c.ko)).toMatchObject(c.want);
    });
  }
});

// The pair is validated once, on its way into the store (validatePair), not by the pure builder.
describe('validatePair of a built pair', () => {
  it('throws a non-retryable invalid_payload error for a record the schema rejects', () => {
    const bad = { ...englishArticle(), publishedAt: '2020-04-03 07:38' };
    let err: unknown;
    try {
      validatePair(buildPairRecord({ ...base, english: bad, korean: null, koreanSource: null, koreanError: null }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code: 'invalid_payload', retryable: false, url: bad.url });
    // The message names the pair and every offending field, so a stored failure says what to fix.
    expect((err as Error).message).toMatch(/^invalid pair record en-5116282: english\.publishedAt: \S/);
  });

  it('lists every offending field, separated by "; "', () => {
    const bad = { ...englishArticle(), publishedAt: '2020-04-03 07:38', title: 42 as unknown as string };
    expect(() => validatePair(buildPairRecord({ ...base, english: bad, korean: null, koreanSource: null, koreanError: null }))).toThrow(
      /: english\.(title|publishedAt): .+; english\.(title|publishedAt): /,
    );
  });
});

describe('buildPairRecord koreanUrl of a paired record', () => {
  it("keeps the English page's link when the Korean record's URL differs (a redirect)", () => {
    const english = englishArticle();
    const korean = koreanArticle({ url: 'https://www.donga.com/news/article/all/20200403/100491234/2' });
    const pair = buildPairRecord({ ...base, english, korean, koreanSource: source(korean.url), koreanError: null });
    expect(pair.pairing.koreanUrl).toBe(english.koreanUrl);
  });

  it("falls back to the Korean record's URL when the English page gave none", () => {
    const korean = koreanArticle();
    const english = englishArticle('5116282', { koreanUrl: null });
    const pair = buildPairRecord({ ...base, english, korean, koreanSource: source(korean.url), koreanError: null });
    expect(pair.pairing.koreanUrl).toBe(korean.url);
  });
});

describe('pairContentHash', () => {
  it('ignores provenance (fetch times, body hashes, parser version, pairedAt)', () => {
    const a = samplePair();
    const b = samplePair('5116282', {
      englishSource: source(a.english.url, '2027-01-01T00:00:00.000Z', 'c'.repeat(64)),
      parserVersion: 'test-2',
      now: '2027-01-01T00:00:01.000Z',
    });
    expect(b.provenance).not.toEqual(a.provenance);
    expect(pairContentHash(b)).toBe(pairContentHash(a));
  });

  it('does not depend on key order', () => {
    const a = samplePair();
    const reordered = JSON.parse(canonicalJson(a)) as typeof a; // keys now sorted: a different insertion order
    expect(Object.keys(reordered)).not.toEqual(Object.keys(a));
    expect(pairContentHash(reordered)).toBe(pairContentHash(a));
  });

  const changes = [
    ['an English paragraph', () => samplePair('5116282', { english: englishArticle('5116282', { body: ['Changed.'] }) })],
    ['the Korean title', () => samplePair('5116282', { korean: koreanArticle({ title: '바뀐 제목' }) })],
    ['the status (Korean side now missing)', () => samplePair('5116282', { korean: null })],
  ] as const;
  for (const [what, make] of changes) {
    it(`changes when ${what} changes`, () => {
      expect(pairContentHash(make())).not.toBe(pairContentHash(samplePair()));
    });
  }

  // The pairing block alone must count: a re-pairing (another Korean URL, new evidence, a verdict) with both
  // articles unchanged is a new revision. Each case keeps english and korean byte-identical to the base.
  const pairingOnly: [string, Partial<Pairing>][] = [
    ['koreanUrl', { koreanUrl: 'https://www.donga.com/news/Politics/article/all/20200403/100499999/1' }],
    ['evidence', { evidence: { ...samplePair().pairing.evidence!, sharedEmails: [], emailMatch: false } }],
    ['status', { status: 'korean_failed', error: { code: 'http_status', message: 'HTTP 404' } }],
    ['verdict', { verdict: 'suspect' }],
    ['score', { score: 0.25 }],
  ];
  for (const [field, change] of pairingOnly) {
    it(`changes when only pairing.${field} changes`, () => {
      const a = samplePair();
      const b = { ...a, pairing: { ...a.pairing, ...change } };
      expect(b.english).toBe(a.english);
      expect(b.korean).toBe(a.korean);
      expect(pairContentHash(b)).not.toBe(pairContentHash(a));
    });
  }

  it('hashes arrays in order and sorts keys inside them', () => {
    const a = samplePair();
    const swapped = { ...a, english: { ...a.english, body: [...a.english.body].reverse() } };
    expect(pairContentHash(swapped)).not.toBe(pairContentHash(a));
    expect(canonicalJson([{ b: 1, a: [{ d: 2, c: 3 }] }])).toBe('[{"a":[{"c":3,"d":2}],"b":1}]');
  });

  it('is a sha256 hex digest', () => {
    expect(pairContentHash(samplePair())).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('evidence and verdict read the Korean page, not only the followed link', () => {
  it('sameUrlDate uses the URL the Korean page names for itself; the pair is a mismatch', () => {
    const own = 'https://www.donga.com/news/Politics/article/all/20181021/92345678/1';
    const korean = koreanArticle({ publishedAt: '2018-10-21T03:00:00+09:00', identity: { canonicalUrl: own, ogUrl: own, articleIds: ['92345678'] } });
    const pair = buildPairRecord({
      ...base,
      english: englishArticle(),
      korean,
      koreanSource: { ...source(korean.url), fetchedUrl: korean.url },
      koreanError: null,
    });
    expect(pair.pairing.evidence).toMatchObject({ sameUrlDate: false });
    expect(pair.pairing.verdict).toBe('mismatch');
    expect(pair.pairing.score).toBe(0);
    expect(pair.provenance.korean?.fetchedUrl).toBe(korean.url);
  });

  it('records without verdict, signals or fetchedUrl (written before them) still read', () => {
    const pair = samplePair();
    const { verdict: _v, score: _s, signals: _g, ...pairing } = pair.pairing;
    const { fetchedUrl: _f, ...english } = pair.provenance.english;
    expect(pairRecordSchema.safeParse({ ...pair, pairing, provenance: { ...pair.provenance, english } }).success).toBe(true);
  });
});
