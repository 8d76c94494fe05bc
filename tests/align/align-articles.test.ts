import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignArticles, type ArticleAlignment } from '../../src/align/align-articles.js';
import { DEFAULT_ALIGN_PARAMS, type AlignParams } from '../../src/align/align-params.js';
import { EN_BODY, EN_SENTENCES as E, KO_BODY } from './sample-bilingual.js';

/** Beads in the Vecalign link form (`[ko]:[en]`), with the bead type: what a gold alignment file would say. */
const links = (a: ArticleAlignment) => a.beads.map((b) => `${b.type} ${JSON.stringify(b.ko)}:${JSON.stringify(b.en)}`);

function align(ko: readonly string[], en: readonly string[], p: AlignParams = DEFAULT_ALIGN_PARAMS): ArticleAlignment {
  const res = alignArticles(ko, en, p);
  if (!res.ok) throw new Error(`not aligned: ${res.reason}`);
  return res.alignment;
}

const DIAGONAL = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `1-1 [${i}]:[${i}]`);
/** A context sentence for foreign readers that the Korean original does not have. */
const CONTEXT = 'The Federal Open Market Committee, the Fed’s rate-setting body, will announce its next decision on Sept. 18 after a two-day meeting.';

describe('alignArticles on a constructed Korean article and its English translation', () => {
  it('faithful translation, same paragraphs: aligned paragraph by paragraph, all 1-1, anchors found', () => {
    const a = align(KO_BODY, EN_BODY);
    expect(a.mode).toBe('paragraph');
    expect(a.ko).toHaveLength(8);
    expect(a.en.map((s) => s.text)).toEqual(E);
    expect(a.en.map((s) => s.paragraph)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(links(a)).toEqual(DIAGONAL);
    expect(a.beads.map((b) => b.sharedNumbers)).toEqual([['3.5'], [], [], ['1862000000000000'], [], [], ['1385.2'], ['0.8', '2780.35']]);
    expect(a.beads[5]!.sharedLatin).toEqual(['Fed']);
    for (const b of a.beads) expect(b.score).toBeGreaterThan(0.9);
    // Agreeing numbers lower the cost below that of a bead with no anchors.
    expect(a.beads[7]!.cost).toBeLessThan(a.beads[1]!.cost);
    expect(a.quality).toBeGreaterThan(0.95);
    expect([a.koCoverage, a.enCoverage]).toEqual([1, 1]);
    expect(a.cost).toBeCloseTo(
      a.beads.reduce((n, b) => n + b.cost, 0),
      9,
    );
  });

  it('one Korean sentence translated as two English sentences: a 1-2 bead', () => {
    const en = [
      EN_BODY[0]!,
      `${E[2]} Household debt has reached 1,862 trillion won. That leaves the central bank no room to rush a rate cut, he explained.`,
      EN_BODY[2]!,
      EN_BODY[3]!,
    ];
    const a = align(KO_BODY, en);
    expect(a.mode).toBe('paragraph');
    expect(links(a)).toEqual(['1-1 [0]:[0]', '1-1 [1]:[1]', '1-1 [2]:[2]', '1-2 [3]:[3,4]', '1-1 [4]:[5]', '1-1 [5]:[6]', '1-1 [6]:[7]', '1-1 [7]:[8]']);
    expect(a.beads[3]!.sharedNumbers).toEqual(['1862000000000000']);
  });

  it('two Korean sentences translated as one: a 2-1 bead', () => {
    const en = [
      'The Bank of Korea kept its benchmark interest rate at 3.50 percent on Thursday, judging that inflation was still above target.',
      EN_BODY[1]!,
      EN_BODY[2]!,
      EN_BODY[3]!,
    ];
    const a = align(KO_BODY, en);
    expect(links(a)).toEqual(['2-1 [0,1]:[0]', '1-1 [2]:[1]', '1-1 [3]:[2]', '1-1 [4]:[3]', '1-1 [5]:[4]', '1-1 [6]:[5]', '1-1 [7]:[6]']);
  });

  it('English merges two paragraphs and adds a context sentence: whole-article alignment with a 0-1 bead', () => {
    const en = [`${E[0]} ${E[1]} ${E[2]} ${E[3]}`, `${E[4]} ${E[5]} ${CONTEXT}`, EN_BODY[3]!];
    const a = align(KO_BODY, en);
    expect(a.mode).toBe('article');
    expect(links(a)).toEqual([...DIAGONAL.slice(0, 6), '0-1 []:[6]', '1-1 [6]:[7]', '1-1 [7]:[8]']);
    expect(a.beads[6]).toMatchObject({ score: 0, delta: null, sharedNumbers: [], sharedLatin: [] });
    expect(a.koCoverage).toBe(1);
    expect(a.enCoverage).toBeLessThan(0.9);
    expect(a.quality).toBeLessThan(0.9);
  });

  it('the context sentence in the middle of a paragraph', () => {
    const en = [`${E[0]} ${E[1]} ${E[2]} ${E[3]}`, `${E[4]} ${CONTEXT} ${E[5]}`, EN_BODY[3]!];
    expect(links(align(KO_BODY, en))).toEqual([...DIAGONAL.slice(0, 5), '0-1 []:[5]', '1-1 [5]:[6]', '1-1 [6]:[7]', '1-1 [7]:[8]']);
  });

  it('English splits a paragraph in two: whole-article alignment, still 1-1 throughout', () => {
    const a = align(KO_BODY, [EN_BODY[0]!, E[2]!, E[3]!, EN_BODY[2]!, EN_BODY[3]!]);
    expect(a.mode).toBe('article');
    expect(links(a)).toEqual(DIAGONAL);
  });

  it('equal paragraph counts that do not correspond (a merge and a split) are not trusted', () => {
    const en = [`${E[0]} ${E[1]} ${E[2]} ${E[3]}`, EN_BODY[2]!, E[6]!, E[7]!];
    const a = align(KO_BODY, en);
    expect(a.mode).toBe('article');
    expect(links(a)).toEqual(DIAGONAL);
  });

  it('English leaves a Korean sentence out: a 1-0 bead', () => {
    const a = align(KO_BODY, [EN_BODY[0]!, E[2]!, EN_BODY[2]!, EN_BODY[3]!]);
    expect(a.mode).toBe('paragraph');
    expect(links(a)).toEqual(['1-1 [0]:[0]', '1-1 [1]:[1]', '1-1 [2]:[2]', '1-0 [3]:[]', '1-1 [4]:[3]', '1-1 [5]:[4]', '1-1 [6]:[5]', '1-1 [7]:[6]']);
    expect(a.enCoverage).toBe(1);
    expect(a.koCoverage).toBeLessThan(0.9);
  });

  it('numbers decide which of two similar sentences the English left out', () => {
    const en = [EN_BODY[0]!, EN_BODY[1]!, EN_BODY[2]!, E[7]!];
    const right = [...DIAGONAL.slice(0, 6), '1-0 [6]:[]', '1-1 [7]:[6]'];
    expect(links(align(KO_BODY, en))).toEqual(right);
    // Lengths alone pick the wrong one: the anchors are what makes this right.
    const lengthsOnly: AlignParams = {
      ...DEFAULT_ALIGN_PARAMS,
      numberReward: { first: 0, each: 0, max: 0 },
      numberMismatchPenalty: 0,
      unmatchedNumberPenalty: { each: 0, max: 0 },
      latinReward: { first: 0, each: 0, max: 0 },
    };
    expect(links(align(KO_BODY, en, lengthsOnly))).toEqual([...DIAGONAL.slice(0, 6), '1-1 [6]:[6]', '1-0 [7]:[]']);
  });

  it('known limit: a short added sentence is absorbed into a 1-2 bead (so merged beads are opt-in in exports)', () => {
    const a = align(KO_BODY, [EN_BODY[0]!, EN_BODY[1]!, `${E[4]} Analysts agree. ${E[5]}`, EN_BODY[3]!]);
    expect(links(a)).toEqual([...DIAGONAL.slice(0, 5), '1-2 [5]:[5,6]', '1-1 [6]:[7]', '1-1 [7]:[8]']);
  });

  it('maxCells bounds the paragraph DP and each block exactly', () => {
    const at = (maxCells: number, en: readonly string[] = EN_BODY) => alignArticles(KO_BODY, en, { ...DEFAULT_ALIGN_PARAMS, maxCells });
    // Paragraph DP: 5 × 5 cells; then four 3 × 3 blocks.
    expect(at(25)).toMatchObject({ ok: true, alignment: { mode: 'paragraph' } });
    expect(at(24)).toEqual({ ok: false, reason: 'too_large' });
    // Whole-article DP (paragraph counts differ): 9 × 9 cells.
    const merged = [EN_BODY.join(' ')];
    expect(at(81, merged)).toMatchObject({ ok: true, alignment: { mode: 'article' } });
    expect(at(80, merged)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('one block over maxCells is enough to refuse', () => {
    // Two corresponding paragraphs: 1 sentence each (2 × 2 cells) and 3 each (4 × 4); the paragraph DP is 3 × 3.
    const ko = [`${KO_BODY[0]!.split('. ')[0]!}.`, `${KO_BODY[0]!.split('. ')[1]!} ${KO_BODY[1]!}`];
    const en = [E[0]!, `${E[1]} ${E[2]} ${E[3]}`];
    expect(alignArticles(ko, en, { ...DEFAULT_ALIGN_PARAMS, maxCells: 16 })).toMatchObject({ ok: true, alignment: { mode: 'paragraph' } });
    expect(alignArticles(ko, en, { ...DEFAULT_ALIGN_PARAMS, maxCells: 15 })).toEqual({ ok: false, reason: 'too_large' });
  });

  it('empty bodies: nothing to align, quality and coverage 0 (not NaN)', () => {
    expect(alignArticles([], [])).toMatchObject({ ok: true, alignment: { beads: [], cost: 0, quality: 0, koCoverage: 0, enCoverage: 0 } });
  });

  it('refuses articles whose DP table would be too large', () => {
    expect(alignArticles(KO_BODY, [EN_BODY.join(' ')], { ...DEFAULT_ALIGN_PARAMS, maxCells: 50 })).toEqual({ ok: false, reason: 'too_large' });
    expect(alignArticles(KO_BODY, EN_BODY, { ...DEFAULT_ALIGN_PARAMS, maxCells: 50 }).ok).toBe(true); // per paragraph: 3 × 3 cells
  });
});

describe('alignArticles on the reconstructed fixture pair (defense cost talks, 2020)', () => {
  const body = (path: string) => (JSON.parse(readFileSync(new URL(`../fixtures/${path}/expected.json`, import.meta.url), 'utf8')) as { body: string[] }).body;

  it('aligns all 11 sentences 1-1 within paragraphs although the English is much longer (KO/EN 0.33)', () => {
    const a = align(body('ko/era3-2020'), body('en/defense-2020'));
    expect(a.mode).toBe('paragraph');
    expect(links(a)).toEqual(Array.from({ length: 11 }, (_, i) => `1-1 [${i}]:[${i}]`));
    expect(a.beads[0]!.sharedLatin).toEqual(['SMA']);
    // Every bead passes the default --min-score; the English is so much longer that 2-1 merges stay plausible,
    // which the posterior part of the score reflects.
    expect(Math.min(...a.beads.map((b) => b.score))).toBeGreaterThan(0.5);
  });

  it('and the same with the paragraph structure thrown away', () => {
    const a = align(body('ko/era3-2020'), [body('en/defense-2020').join(' ')]);
    expect(a.mode).toBe('article');
    expect(links(a)).toEqual(Array.from({ length: 11 }, (_, i) => `1-1 [${i}]:[${i}]`));
  });
});
