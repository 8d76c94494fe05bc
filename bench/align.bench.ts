/**
 * Sentence-alignment benchmark (`node bin/run-ts.js bench/align.bench.ts`).
 *
 * 1. Quality on the hand-labelled gold set (`tests/align/gold`): strict/lax bead and link precision/recall, for the
 *    defaults and for the previous defaults (Gale & Church's priors, no penalty for unmatched numbers), then how
 *    bead scores separate right beads from wrong ones (score bins, precision at `--min-score` thresholds, ROC AUC),
 *    and the same for each bead's own evidence without its posterior.
 * 2. Time per article pair for the splitter + Gale–Church aligner (`alignArticles`) at several article sizes, both
 *    paragraph by paragraph (paragraph counts match) and over the whole article (English paragraphs merged: the
 *    O(n·m) worst case). The articles are built from the reconstructed fixture pairs and the aligner tests'
 *    bilingual sample, sentence by sentence, so every alignment must come out 1-1 on the diagonal; the bench fails
 *    otherwise.
 */
import { readFileSync } from 'node:fs';
import { alignArticles } from '../src/align/align-articles.js';
import { DEFAULT_ALIGN_PARAMS, type AlignParams } from '../src/align/align-params.js';
import { precisionAtThresholds, rocAuc, scoreHistogram, type PrecisionRecall, type ScoredOutcome } from '../src/align/evaluate-alignment.js';
import { splitSentences } from '../src/align/split-sentences.js';
import { EN_BODY, KO_BODY } from '../tests/align/sample-bilingual.js';
import { evaluateGoldSet, loadGoldSet } from '../tests/align/gold/gold-set.js';

const f3 = (x: number) => x.toFixed(3);
const pr = (x: PrecisionRecall) => `${f3(x.precision)} / ${f3(x.recall)} / ${f3(x.f1)}`;

function goldReport(): void {
  const set = loadGoldSet();
  const previous: AlignParams = {
    ...DEFAULT_ALIGN_PARAMS,
    priors: DEFAULT_ALIGN_PARAMS.paragraphPriors,
    unmatchedNumberPenalty: { each: 0, max: 0 },
  };
  const now = evaluateGoldSet(set, DEFAULT_ALIGN_PARAMS);
  const before = evaluateGoldSet(set, previous);
  console.log(`gold set: ${now.articles} article pairs, ${now.goldBeads} beads (${now.strict.gold} with both sides, ${now.links.gold} sentence links)\n`);
  console.log('| parameters | links P / R / F1 | beads strict P / R / F1 | beads lax P / R / F1 | omissions+additions P / R |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, e] of [
    ['defaults', now],
    ['previous defaults (Gale–Church priors, no unmatched-number penalty)', before],
  ] as const) {
    console.log(`| ${name} | ${pr(e.links)} | ${pr(e.strict)} | ${pr(e.lax)} | ${f3(e.nulls.precision)} / ${f3(e.nulls.recall)} |`);
  }
  const own: ScoredOutcome[] = now.scored.map((x) => ({ score: x.bead.posterior > 0 ? x.score / x.bead.posterior : 0, correct: x.correct }));
  const right = now.scored.filter((x) => x.correct).length;
  console.log(
    `\nbead scores (defaults): ${now.scored.length} beads with both sides, ${right} right (exactly a gold bead), ${now.scored.length - right} wrong\n`,
  );
  console.log('| score | right | wrong |');
  console.log('| --- | --- | --- |');
  for (const bin of scoreHistogram(now.scored, [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1])) console.log(`| ${bin.from}–${bin.to} | ${bin.right} | ${bin.wrong} |`);
  const thresholds = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95];
  const ownRows = precisionAtThresholds(own, thresholds);
  console.log('\n| --min-score | beads kept | precision | right beads kept | own evidence only: kept / precision |');
  console.log('| --- | --- | --- | --- | --- |');
  precisionAtThresholds(now.scored, thresholds).forEach((r, i) => {
    const o = ownRows[i]!;
    console.log(`| ${r.threshold} | ${r.kept} | ${f3(r.precision)} | ${f3(r.keptCorrect)} | ${o.kept} / ${f3(o.precision)} |`);
  });
  const mean = (xs: ScoredOutcome[], c: boolean) => {
    const v = xs.filter((x) => x.correct === c).map((x) => x.score);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  console.log(`\nROC AUC: score ${f3(rocAuc(now.scored))}, own evidence only (δ and anchors, no posterior) ${f3(rocAuc(own))}`);
  console.log(`mean score: right ${f3(mean(now.scored, true))}, wrong ${f3(mean(now.scored, false))}\n`);
  const byType = new Map<string, { right: number; wrong: number }>();
  for (const x of now.scored) {
    const t = byType.get(x.type) ?? { right: 0, wrong: 0 };
    if (x.correct) t.right++;
    else t.wrong++;
    byType.set(x.type, t);
  }
  console.log(`by bead type (right / wrong): ${[...byType].map(([t, c]) => `${t} ${c.right}/${c.wrong}`).join(', ')}\n`);
}

goldReport();

const REPS = 7;

function fixtureBody(path: string): string[] {
  return (JSON.parse(readFileSync(new URL(`../tests/fixtures/${path}/expected.json`, import.meta.url), 'utf8')) as { body: string[] }).body;
}

/** Parallel sentence lists (Korean, English) of known translation pairs. */
function sentencePool(): { ko: string[]; en: string[] } {
  const pairs: [readonly string[], readonly string[]][] = [
    [KO_BODY, EN_BODY],
    [fixtureBody('ko/era3-2020'), fixtureBody('en/defense-2020')],
    [fixtureBody('ko/era5-2025'), fixtureBody('en/current-2025')],
  ];
  const ko: string[] = [];
  const en: string[] = [];
  for (const [k, e] of pairs) {
    const ks = k.flatMap((p) => splitSentences(p));
    const es = e.flatMap((p) => splitSentences(p));
    if (ks.length !== es.length) throw new Error('sentence pool: the sample pairs must split 1-1');
    ko.push(...ks);
    en.push(...es);
  }
  return { ko, en };
}

/** An article of `n` sentences per side in paragraphs of 3 (English optionally as one paragraph). */
function article(pool: { ko: string[]; en: string[] }, n: number, mergeEnglish: boolean): { ko: string[]; en: string[] } {
  const ko: string[] = [];
  const en: string[] = [];
  for (let i = 0; i < n; i += 3) {
    const idx = Array.from({ length: Math.min(3, n - i) }, (_, j) => (i + j) % pool.ko.length);
    ko.push(idx.map((j) => pool.ko[j]).join(' '));
    en.push(idx.map((j) => pool.en[j]).join(' '));
  }
  return { ko, en: mergeEnglish ? [en.join(' ')] : en };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const pool = sentencePool();
console.log(`sentence pool: ${pool.ko.length} parallel sentences; ${REPS} repeats, min / median ms per pair\n`);
console.log('| sentences per side | KO chars | mode | ms per pair (min / median) | pairs/s (median) |');
console.log('| --- | --- | --- | --- | --- |');
let failed = false;
for (const n of [10, 25, 50, 100, 200]) {
  for (const merge of [false, true]) {
    const a = article(pool, n, merge);
    const iters = Math.max(3, Math.round(4000 / (n * (merge ? n : 3))));
    // Warm-up, and the check that the alignment is the diagonal.
    for (let i = 0; i < 3; i++) {
      const res = alignArticles(a.ko, a.en);
      const ok = res.ok && res.alignment.beads.length === n && res.alignment.beads.every((b, j) => b.type === '1-1' && b.ko[0] === j && b.en[0] === j);
      if (!ok) {
        console.error(`n=${n} merge=${merge}: alignment is not the 1-1 diagonal`);
        failed = true;
      }
    }
    const times: number[] = [];
    let mode = '';
    for (let r = 0; r < REPS; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < iters; i++) {
        const res = alignArticles(a.ko, a.en);
        if (res.ok) mode = res.alignment.mode;
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6 / iters);
    }
    const chars = a.ko.join('').replace(/\s/g, '').length;
    console.log(`| ${n} | ${chars} | ${mode} | ${Math.min(...times).toFixed(3)} / ${median(times).toFixed(3)} | ${Math.round(1000 / median(times))} |`);
  }
}
if (failed) {
  console.error('\nalign bench FAILED: an alignment was wrong');
  process.exitCode = 1;
}
