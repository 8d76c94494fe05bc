/**
 * The wrong-wiring knobs of the replay site (crossWiredIds, koreanSwappedIds): the pages say what the model says,
 * and pair verification over the parsed pages reaches the verdict the model expects for every paired article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { buildPairRecord } from '../../src/pair/build-pair.js';
import { parseEnglishArticle, parseKoreanArticle } from '../../src/parse/index.js';
import type { PageInput } from '../../src/records/article.js';
import { buildSiteModel, expectedRecords } from '../../src/replay/site-model.js';
import { faultPreset } from '../../src/replay/faults.js';
import { startReplaySite, type ReplaySite } from '../../src/replay/server.js';

async function fetchPage(url: string): Promise<PageInput> {
  const res = await request(url);
  expect(res.statusCode).toBe(200);
  return { body: new Uint8Array(await res.body.arrayBuffer()), url, contentType: String(res.headers['content-type']) };
}

const ORIGIN = 'http://127.0.0.1:1234';

describe('site model wiring', () => {
  const model0 = buildSiteModel({ pairs: 60, seed: 7 });
  const signed = model0.englishIds.filter((id) => model0.pairStatus(id) === 'paired' && model0.article(id)!.en.authors.length > 0);
  const editorial = model0.englishIds.find((id) => model0.pairStatus(id) === 'paired' && model0.article(id)!.kind === 'editorial')!;
  const noLink = model0.englishIds.find((id) => model0.pairStatus(id) === 'no_korean_link')!;
  const model = buildSiteModel({ pairs: 60, seed: 7, crossWiredIds: [signed[0]!, editorial, noLink], koreanSwappedIds: [signed[1]!] });
  const records = new Map(expectedRecords(model, ORIGIN).map((r) => [r.id, r]));

  it("a cross-wired link points to another reporter's Korean original, expected suspect", () => {
    const r = records.get(signed[0]!)!;
    const a = model.article(signed[0]!)!;
    expect(r.wiring).toBe('cross_wired');
    expect(r.status).toBe('paired');
    expect(r.english.koreanUrl).not.toBe(`${ORIGIN}${a.ko.path}`);
    expect(r.english.koreanUrl).toBe(r.korean!.url);
    expect(r.korean!.authors.map((x) => x.email)).not.toContain(a.en.authors[0]!.email);
    expect(r.verdict).toEqual({ predicted: 'suspect', acceptable: ['suspect', 'mismatch'] });
  });

  it('a swapped page sits at the right URL but names another article, expected mismatch', () => {
    const r = records.get(signed[1]!)!;
    const a = model.article(signed[1]!)!;
    expect(r.wiring).toBe('swapped');
    expect(r.english.koreanUrl).toBe(`${ORIGIN}${a.ko.path}`);
    expect(r.korean!.url).toBe(`${ORIGIN}${a.ko.path}`);
    expect(r.korean!.identity!.articleIds).not.toEqual([a.ko.id]);
    expect(r.verdict?.predicted).toBe('mismatch');
  });

  it('leaves ineligible ids alone (no Korean link, no byline) and expects own pairs verified or plausible', () => {
    expect(records.get(editorial)!.wiring).toBe('own');
    expect(records.get(editorial)!.verdict?.predicted).toBe('plausible');
    expect(records.get(noLink)!).toMatchObject({ wiring: 'own', verdict: null, korean: null });
    expect(records.get(signed[2]!)!.verdict?.predicted).toBe('verified');
  });

  it('the presets pick wrongly wired ids', () => {
    const mild = faultPreset('mild', model0.englishIds, () => true);
    const harsh = faultPreset('harsh', model0.englishIds, (id) => model0.pairStatus(id) !== 'no_korean_link');
    expect(mild.crossWiredIds?.length).toBeGreaterThan(0);
    expect(mild.koreanSwappedIds?.length).toBeGreaterThan(0);
    expect(harsh.crossWiredIds?.length).toBeGreaterThan(0);
    expect(faultPreset('mild', model0.englishIds.slice(0, 5), () => true).crossWiredIds).toEqual([]);
  });
});

describe("pair verification over the replay pages reaches the model's verdicts", () => {
  let site: ReplaySite;
  beforeAll(async () => {
    const probe = buildSiteModel({ pairs: 60, seed: 7 });
    const signed = probe.englishIds.filter((id) => probe.pairStatus(id) === 'paired' && probe.article(id)!.en.authors.length > 0);
    site = await startReplaySite({
      pairs: 60,
      seed: 7,
      faults: { crossWiredIds: signed.filter((_, i) => i % 9 === 1), koreanSwappedIds: signed.filter((_, i) => i % 9 === 5) },
    });
  });
  afterAll(() => site.close());

  it('every paired article', async () => {
    const got: Record<string, number> = {};
    const wrong: string[] = [];
    for (const p of site.expectedRecords()) {
      if (p.status !== 'paired') continue;
      const english = parseEnglishArticle(await fetchPage(p.english.url));
      expect(english).toEqual(p.english);
      const korean = parseKoreanArticle(await fetchPage(english.koreanUrl!));
      expect(korean).toEqual(p.korean);
      const source = (url: string) => ({ url, fetchedUrl: url, fetchedAt: '2026-01-01T00:00:00.000Z', bodySha256: 'a'.repeat(64), httpStatus: 200 });
      const pair = buildPairRecord({
        english,
        korean,
        englishSource: source(english.url),
        koreanSource: source(english.koreanUrl!),
        koreanError: null,
        parserVersion: 't',
        now: 'now',
      });
      const verdict = pair.pairing.verdict!;
      got[`${p.wiring}/${verdict}`] = (got[`${p.wiring}/${verdict}`] ?? 0) + 1;
      const want = site.expectedOutcome(p.id);
      if (want.kind !== 'stored' || !want.verdicts?.includes(verdict)) wrong.push(`en-${p.id} (${p.wiring}): ${verdict}, expected ${JSON.stringify(want)}`);
      if (want.kind === 'stored' && want.verdicts?.[0] !== verdict) wrong.push(`en-${p.id}: predicted ${want.verdicts?.[0]}, got ${verdict}`);
    }
    console.log('replay verdicts by wiring:', JSON.stringify(got));
    expect(wrong).toEqual([]);
    expect(Object.keys(got)).toEqual(expect.arrayContaining(['own/verified', 'own/plausible', 'cross_wired/suspect', 'swapped/mismatch']));
    const sum = site.expectedSummary();
    expect(sum.verdicts.suspect + sum.verdicts.mismatch).toBe(sum.wronglyWired);
  });
});
