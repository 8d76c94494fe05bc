import { describe, expect, it } from 'vitest';
import { englishArticleSchema, koreanArticleSchema } from '../../src/records/article.js';
import { buildSiteModel, expectedRecords } from '../../src/replay/site-model.js';
import { expectedOutcome, expectedSummary, faultPlan, faultPreset, latencyFor } from '../../src/replay/faults.js';

const ORIGIN = 'http://127.0.0.1:1234';

describe('buildSiteModel', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = expectedRecords(buildSiteModel({ pairs: 40, seed: 7 }), ORIGIN);
    const b = expectedRecords(buildSiteModel({ pairs: 40, seed: 7 }), ORIGIN);
    const c = expectedRecords(buildSiteModel({ pairs: 40, seed: 8 }), ORIGIN);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('produces records that satisfy the record schemas, with the id shapes of the site', () => {
    const model = buildSiteModel({ pairs: 120, seed: 3 });
    const ids = new Set<string>();
    for (const p of expectedRecords(model, ORIGIN)) {
      expect(englishArticleSchema.parse(p.english)).toEqual(p.english);
      expect(p.english.articleId).toMatch(/^\d{7}$/);
      expect(p.english.body.length).toBeGreaterThanOrEqual(3);
      expect(p.english.body.length).toBeLessThanOrEqual(8);
      ids.add(p.id);
      if (p.korean) {
        expect(koreanArticleSchema.parse(p.korean)).toEqual(p.korean);
        expect(p.korean.articleId).toMatch(/^\d{9}$/);
        for (const para of p.korean.body) {
          expect(para).toMatch(/^[\p{Script=Hangul}\s“”0-9.,]+$/u);
          expect(para.endsWith('다.')).toBe(true);
        }
        expect(p.english.koreanUrl).toBe(p.korean.url);
      }
    }
    expect(ids.size).toBe(120);
  });

  it('covers every layout, era, byline kind and pairing status', () => {
    const model = buildSiteModel({ pairs: 120, seed: 1 });
    const specs = model.englishIds.map((id) => model.article(id)!);
    expect(new Set(specs.map((s) => s.en.layout))).toEqual(new Set(['en2020', 'en2024']));
    expect(new Set(specs.map((s) => s.ko.era))).toEqual(new Set(['era2', 'era3', 'era5']));
    expect(new Set(specs.map((s) => s.ko.charset))).toEqual(new Set(['utf-8', 'euc-kr']));
    expect(new Set(specs.filter((s) => s.ko.charset === 'euc-kr').map((s) => s.ko.charsetInMetaOnly))).toEqual(new Set([true, false]));
    expect(specs.some((s) => s.ko.bylineGlued)).toBe(true);
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(['news', 'correspondent', 'editorial', 'column']));
    expect(new Set(specs.map((s) => s.en.koreanLink))).toEqual(new Set(['absolute', 'relative', 'none']));
    const corr = specs.find((s) => s.kind === 'correspondent')!;
    expect(corr.ko.bylines).toHaveLength(1);
    expect(corr.ko.bylines[0]).toMatch(/^[가-힣]+=[가-힣]{3} 특파원 [a-z0-9]+@donga\.com$/);
    expect(corr.ko.dateline).toBe(corr.ko.bylines[0]!.split('=')[0]);
    const duo = specs.find((s) => s.ko.authors.length === 2)!;
    expect(duo.en.byline).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+ \S+@donga\.com · [A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+ \S+@donga\.com$/);
    expect(duo.en.authors.map((a) => a.email)).toEqual(duo.ko.authors.map((a) => a.email));
    expect(corr.en.byline).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+ [a-z0-9]+@donga\.com$/);
    const editorial = specs.find((s) => s.kind === 'editorial')!;
    expect(editorial.en.authors).toEqual([]);
    expect(editorial.ko.authors).toEqual([]);
    expect(specs.filter((s) => s.en.koreanLink === 'none')).toHaveLength(12);
    expect(specs.some((s) => s.ko.dateline === null && s.ko.authors[0]?.role === '기자')).toBe(true);
  });

  it('spreads dates over days and keeps index order as publication order', () => {
    const model = buildSiteModel({ pairs: 50, seed: 1, startDate: '2020-04-01', perDay: 10 });
    const posted = model.englishIds.map((id) => model.article(id)!.en.postedAt);
    expect([...posted].sort()).toEqual(posted);
    expect(new Set(posted.map((p) => p.slice(0, 10)))).toEqual(new Set(['2020-04-01', '2020-04-02', '2020-04-03', '2020-04-04', '2020-04-05']));
  });

  it('is lazy: a model of thousands of pairs answers lookups without generating everything', () => {
    const model = buildSiteModel({ pairs: 20_000, seed: 2 });
    const last = model.englishIds[19_999]!;
    const a = model.article(last)!;
    expect(model.findEnglishPath(a.en.path)).toBe(a);
    expect(model.article('1234567')).toBeUndefined();
  });

  it('marks broken Korean links and records article updates as new revisions', () => {
    const probe = buildSiteModel({ pairs: 20, seed: 1 });
    const id = probe.englishIds[0]!;
    const model = buildSiteModel({ pairs: 20, seed: 1, koreanBrokenIds: [id] });
    expect(model.pairStatus(id)).toBe('korean_failed');
    expect(expectedRecords(model, ORIGIN)[0]!.korean).toBeNull();
    expect(model.pairStatus(model.englishIds[9]!)).toBe('no_korean_link');
    const before = model.article(id)!;
    const after = model.updateArticle(id, { enBody: ['A new first paragraph.', ...before.en.body.slice(1)] });
    expect(after.revision).toBe(1);
    expect(model.article(id)!.en.body[0]).toBe('A new first paragraph.');
    expect(after.en.updatedAt! > (before.en.updatedAt ?? before.en.postedAt)).toBe(true);
  });
});

describe('fault plans', () => {
  it('partition paths by rate and fail only on the first attempts', () => {
    const faults = { errorRate: 0.3, rateLimit: 0.2, truncateRate: 0.2, stallRate: 0.1, errorAttempts: 3 };
    const kinds = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const plan = faultPlan(1, `/en/article/all/20240301/${2000000 + i}/1`, 'en-article', faults);
      kinds.set(plan.kind, (kinds.get(plan.kind) ?? 0) + 1);
      if (plan.kind === 'error') {
        expect(plan.attempts).toBeGreaterThanOrEqual(1);
        expect(plan.attempts).toBeLessThanOrEqual(3);
      }
    }
    expect(kinds.get('error')! / 2000).toBeCloseTo(0.3, 1);
    expect(kinds.get('rate_limit')! / 2000).toBeCloseTo(0.2, 1);
    expect(kinds.get('none')! / 2000).toBeCloseTo(0.2, 1);
    expect(faultPlan(1, '/robots.txt', 'robots', faults)).toEqual({ kind: 'none' });
  });

  it('latency is fixed or within its range, the same for the same attempt', () => {
    expect(latencyFor(1, '/x', 1, { latencyMs: 15 })).toBe(15);
    const l = latencyFor(1, '/x', 2, { latencyMs: [5, 9] });
    expect(l).toBeGreaterThanOrEqual(5);
    expect(l).toBeLessThanOrEqual(9);
    expect(latencyFor(1, '/x', 2, { latencyMs: [5, 9] })).toBe(l);
  });

  it('states the final outcome of every id and sums them', () => {
    const model = buildSiteModel({ pairs: 40, seed: 1, koreanBrokenIds: [] });
    const preset = faultPreset('harsh', model.englishIds, (id) => model.pairStatus(id) !== 'no_korean_link');
    const withBroken = buildSiteModel({ pairs: 40, seed: 1, koreanBrokenIds: preset.koreanLink404Ids ?? [] });
    const loop = preset.redirectLoopIds![0]!;
    expect(expectedOutcome(withBroken, preset, loop)).toMatchObject({ kind: 'failed', code: 'redirect_loop' });
    expect(expectedOutcome(withBroken, preset, preset.offSiteRedirectIds![0]!)).toMatchObject({ kind: 'failed', code: 'off_site' });
    expect(expectedOutcome(withBroken, preset, preset.oversizedIds![0]!)).toMatchObject({ kind: 'failed', code: 'too_large' });
    expect(expectedOutcome(withBroken, preset, preset.koreanLink404Ids![0]!)).toEqual({
      kind: 'stored',
      status: 'korean_failed',
      koreanError: { code: 'http_status', httpStatus: 404 },
      verdicts: null,
    });
    const all = [...preset.redirectLoopIds!, ...preset.offSiteRedirectIds!, ...preset.oversizedIds!, ...preset.unavailableIds!, ...preset.koreanLink404Ids!];
    expect(new Set(all).size).toBe(all.length);
    const sum = expectedSummary(withBroken, preset);
    expect(sum.stored.korean_failed).toBe(2);
    expect(sum.failed).toEqual({ redirect_loop: 1, off_site: 1, too_large: 1, http_status: 1 });
    expect(sum.stored.paired + sum.stored.no_korean_link + sum.stored.korean_failed + 4).toBe(40);
  });
});
