/**
 * The labelled set of pair verification: every English fixture record with its Korean counterpart (true pairs)
 * and with every other Korean record (cross-wired pairs), from tests/fixtures plus the reconstructed counterparts
 * of tests/pair/labelled. Prints the confusion table; the bars are the verdict targets in docs/alignment.md.
 */
import { describe, expect, it } from 'vitest';
import { buildPairRecord } from '../../src/pair/build-pair.js';
import { verifyPair } from '../../src/pair/pair-verdict.js';
import { pairRecordSchema, type PairVerdict } from '../../src/records/pair.js';
import { labelledPairs, type LabelledPair } from './labelled-pairs.js';

const VERDICTS: PairVerdict[] = ['verified', 'plausible', 'suspect', 'mismatch'];

type Table = Record<string, Record<PairVerdict, number>>;

function confusion(rows: { row: string; verdict: PairVerdict }[]): Table {
  const t: Table = {};
  for (const { row, verdict } of rows) {
    t[row] ??= { verified: 0, plausible: 0, suspect: 0, mismatch: 0 };
    t[row][verdict]++;
  }
  return t;
}

function formatTable(title: string, t: Table): string {
  const w = Math.max(...Object.keys(t).map((k) => k.length), 12);
  const head = `${''.padEnd(w)} | ${VERDICTS.map((v) => v.padStart(9)).join(' | ')} | total`;
  const lines = Object.entries(t).map(
    ([row, c]) => `${row.padEnd(w)} | ${VERDICTS.map((v) => String(c[v]).padStart(9)).join(' | ')} | ${VERDICTS.reduce((n, v) => n + c[v], 0)}`,
  );
  return [title, head, '-'.repeat(head.length), ...lines].join('\n');
}

const pairs = labelledPairs();
const truePairs = pairs.filter((p) => p.label === 'true');
const crossPairs = pairs.filter((p) => p.label === 'cross');

/** A cross-wired link: the English page's link led to the other article's own URL (the page names itself). */
const linkedTo = (p: LabelledPair) => verifyPair({ english: p.en.record, korean: p.ko.record, followedUrl: p.ko.record.url });

describe('verdicts on the labelled fixture set', () => {
  const results = pairs.map((p) => ({
    p,
    v: p.label === 'true' ? verifyPair({ english: p.en.record, korean: p.ko.record, followedUrl: p.en.record.koreanUrl }) : linkedTo(p),
  }));

  it('has a meaningful set (true pairs from fixtures and reconstructions, every other Korean record cross-wired)', () => {
    expect(truePairs.length).toBeGreaterThanOrEqual(10);
    expect(truePairs.filter((p) => !p.en.reconstructed && !p.ko.reconstructed).length).toBe(2);
    expect(crossPairs.length).toBeGreaterThanOrEqual(100);
  });

  it('prints the confusion table', () => {
    const table = confusion(results.map(({ p, v }) => ({ row: p.label === 'true' ? 'true pairs' : 'cross-wired', verdict: v.verdict })));
    console.log(formatTable('pair verification, labelled fixture set (rows: truth, columns: verdict)', table));
    const perPair = results
      .filter(({ p }) => p.label === 'true')
      .map(({ p, v }) => `  ${v.verdict.padEnd(9)} ${v.score.toFixed(2)}  ${p.en.name} ↔ ${p.ko.name}`);
    console.log(['true pairs:', ...perPair].join('\n'));
    expect(Object.values(table).reduce((n, r) => n + VERDICTS.reduce((m, v) => m + r[v], 0), 0)).toBe(pairs.length);
  });

  it('at least 95 % of true pairs are verified, and none is suspect or mismatch', () => {
    const t = results.filter(({ p }) => p.label === 'true');
    const bad = t
      .filter(({ v }) => v.verdict !== 'verified')
      .map(
        ({ p, v }) => `${p.en.name} ↔ ${p.ko.name}: ${v.verdict} ${JSON.stringify(v.signals.filter((s) => s.effect !== 'neutral' && s.effect !== 'supports'))}`,
      );
    expect(t.filter(({ v }) => v.verdict === 'verified').length / t.length, bad.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(t.filter(({ v }) => v.verdict === 'suspect' || v.verdict === 'mismatch').map(({ p }) => p.en.name)).toEqual([]);
  });

  it('no cross-wired pair is verified or plausible', () => {
    const leaked = results
      .filter(({ p, v }) => p.label === 'cross' && (v.verdict === 'verified' || v.verdict === 'plausible'))
      .map(({ p, v }) => `${p.en.name} ↔ ${p.ko.name}: ${v.verdict}`);
    expect(leaked).toEqual([]);
  });

  it('a link whose page names another article (the issue-8 report) is a mismatch, whatever else agrees', () => {
    // The English page's own 한국어 link was followed, but the page served there is another article.
    const served = crossPairs
      .filter((p) => p.en.record.koreanUrl !== null && p.ko.record.identity && p.ko.record.identity.articleIds.length > 0)
      .map((p) =>
        verifyPair({
          english: p.en.record,
          korean: { ...p.ko.record, url: p.en.record.koreanUrl!, articleId: p.en.record.koreanUrl!.split('/').at(-2)! },
          followedUrl: p.en.record.koreanUrl,
        }),
      );
    expect(served.length).toBeGreaterThan(20);
    expect(new Set(served.map((v) => v.verdict))).toEqual(new Set(['mismatch']));
    expect(served.every((v) => v.signals.find((s) => s.name === 'identity')?.effect === 'impossible')).toBe(true);
  });

  it("stress: cross-wired pairs moved to the true pair's day are verified only when they share a reporter", () => {
    // The wrong article published the same morning: the time signal cannot help, the other signals must.
    const sameDay = crossPairs.map((p) => {
      const ko = { ...p.ko.record, publishedAt: shiftedKoreanTime(p.en.record.publishedAt) };
      return { p, v: verifyPair({ english: p.en.record, korean: ko, followedUrl: ko.url }) };
    });
    const table = confusion(sameDay.map(({ v }) => ({ row: 'cross-wired, same day', verdict: v.verdict })));
    console.log(formatTable('stress set: cross-wired pairs with the Korean 입력 moved to 4 h before the English Posted', table));
    const plausible = sameDay.filter(({ v }) => v.verdict === 'plausible').map(({ p }) => `  plausible: ${p.en.name} ↔ ${p.ko.name}`);
    if (plausible.length) console.log(plausible.join('\n'));
    // The known limit (docs/alignment.md): the same reporter's other story of the same day, with no numbers
    // to compare, cannot be told apart without reading the text. Any other verified cross-wired pair is a bug.
    const verified = sameDay.filter(({ v }) => v.verdict === 'verified');
    console.log(verified.map(({ p }) => `  verified (same reporter, same day): ${p.en.name} ↔ ${p.ko.name}`).join('\n'));
    expect(verified.filter(({ v }) => !v.signals.some((s) => (s.name === 'email' || s.name === 'name') && s.effect === 'supports'))).toEqual([]);
    expect(verified.length / sameDay.length).toBeLessThan(0.05);
  });

  it('buildPairRecord stores verdict, score and signals on a paired record', () => {
    const p = truePairs[0]!;
    const src = (url: string) => ({ url, fetchedUrl: url, fetchedAt: '2026-01-01T00:00:00.000Z', bodySha256: 'a'.repeat(64), httpStatus: 200 });
    const rec = buildPairRecord({
      english: p.en.record,
      korean: p.ko.record,
      englishSource: src(p.en.record.url),
      koreanSource: src(p.ko.record.url),
      koreanError: null,
      parserVersion: 't',
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(pairRecordSchema.parse(rec).pairing).toMatchObject({ verdict: 'verified' });
    expect(rec.pairing.score).toBeGreaterThanOrEqual(0.8);
    expect(rec.pairing.signals?.map((s) => s.name)).toEqual(['identity', 'email', 'name', 'time', 'numbers', 'latin', 'people', 'length']);
  });
});

/** Four hours before the English `Posted` (the print edition's rhythm), in Korea time. */
function shiftedKoreanTime(englishPosted: string): string {
  const d = new Date(Date.parse(englishPosted) - 4 * 3_600_000 + 9 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}+09:00`;
}
