/**
 * Synthetic pair records of realistic size for the export benchmarks: about 12 paragraphs a side, ~3 KB of English
 * and ~1.5 K Korean characters (~4.5 KB of UTF-8) per article, like a Dong-A story. Sentences are drawn from the
 * aligner tests' bilingual sample with per-pair numbers and names mixed in, so no two bodies are equal (a
 * compressor cannot fold the rows into one), yet the text is real Korean and English, not random bytes.
 */
import { buildPairRecord } from '../src/pair/build-pair.js';
import type { PairRecord, PairVerdict } from '../src/records/pair.js';
import { Rng } from '../src/replay/prng.js';
import { EN_BODY, KO_BODY } from '../tests/align/sample-bilingual.js';

const VERDICTS: readonly (PairVerdict | undefined)[] = ['verified', 'verified', 'verified', 'plausible', 'suspect', 'mismatch', undefined];

function paragraphs(rng: Rng, pool: readonly string[], n: number, tag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.pick(pool);
    const b = rng.pick(pool);
    out.push(`${a} ${tag} ${rng.int(2, 9999)} ${b}`);
  }
  return out;
}

/** The `i`-th synthetic pair (English id 1,000,000 + i); the same i always gives the same record. */
export function syntheticPair(i: number): PairRecord {
  const rng = new Rng(i + 1);
  const id = String(1_000_000 + i);
  const koId = String(100_000_000 + i);
  const day = `2025${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const ymd = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
  const n = rng.int(9, 14);
  const enUrl = `https://www.donga.com/en/article/all/${day}/${id}/1`;
  const koUrl = `https://www.donga.com/news/Economy/article/all/${day}/${koId}/1`;
  const email = `reporter${i % 300}@donga.com`;
  const record = buildPairRecord({
    english: {
      lang: 'en',
      url: enUrl,
      articleId: id,
      title: `Bank of Korea holds rate for the ${i}th time`,
      subtitle: null,
      publishedAt: `${ymd}T10:${String(i % 60).padStart(2, '0')}:00+09:00`,
      updatedAt: null,
      authors: [{ name: `Reporter ${i % 300}`, email, role: null }],
      dateline: null,
      section: 'Economy',
      body: paragraphs(rng, EN_BODY, n, `(story ${i})`),
      koreanUrl: koUrl,
    },
    korean: {
      lang: 'ko',
      url: koUrl,
      articleId: koId,
      title: `한은, 기준금리 ${i}번째 동결`,
      subtitle: null,
      publishedAt: `${ymd}T06:${String(i % 60).padStart(2, '0')}:00+09:00`,
      updatedAt: null,
      authors: [{ name: `기자${i % 300}`, email, role: '기자' }],
      dateline: null,
      section: '경제',
      body: paragraphs(rng, KO_BODY, n, `(기사 ${i})`),
    },
    englishSource: { url: enUrl, fetchedAt: '2026-01-06T05:00:00.000Z', bodySha256: 'a'.repeat(64), httpStatus: 200 },
    koreanSource: { url: koUrl, fetchedAt: '2026-01-06T05:00:01.000Z', bodySha256: 'b'.repeat(64), httpStatus: 200 },
    koreanError: null,
    parserVersion: 'bench-1',
    now: '2026-01-06T05:00:02.000Z',
  });
  const verdict = VERDICTS[i % VERDICTS.length];
  if (verdict !== undefined) record.pairing = { ...record.pairing, verdict, score: verdict === 'verified' ? 0.95 : verdict === 'plausible' ? 0.7 : 0.2 };
  return record;
}
