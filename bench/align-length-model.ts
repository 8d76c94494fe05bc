/**
 * Re-estimates the aligner's length model on the stored pairs (`DATA_DIR=… node bin/run-ts.js
 * bench/align-length-model.ts [--min-quality 0.8] [--rounds 2]`): aligns every paired pair, keeps the 1-1 beads
 * (score ≥ 0.5) of pairs aligned paragraph by paragraph with quality ≥ --min-quality, and prints the ratio and
 * variance they imply (`estimateLengthModel`), then repeats with the new values. Run it after a real crawl
 * (≥ 50 pairs) and put the result into DEFAULT_ALIGN_PARAMS with a note. The demo replay site's texts are random
 * words, not translations: its numbers mean nothing.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { DEFAULT_ALIGN_PARAMS, type AlignParams } from '../src/align/align-params.js';
import { countChars } from '../src/align/align-sentences.js';
import { estimateLengthModel, type LengthSample } from '../src/align/estimate-length-model.js';
import { normalizeStoredPair, readPairs } from '../src/export/read-pairs.js';
import { alignPair } from '../src/export/sentence-text.js';
import { openStore } from '../src/store/open-store.js';

const { values } = parseArgs({ options: { 'min-quality': { type: 'string', default: '0.8' }, rounds: { type: 'string', default: '2' } } });
const minQuality = Number(values['min-quality']);
const rounds = Math.max(1, Number(values.rounds));

const config = loadConfig();
const store = await openStore(config);
try {
  let params: AlignParams = DEFAULT_ALIGN_PARAMS;
  console.log(`store: ${config.databaseUrl ? 'PostgreSQL' : `${config.dataDir}/donga.sqlite`}`);
  console.log(`start: ratio ${params.ratio}, variance ${params.variance}`);
  for (let round = 1; round <= rounds; round++) {
    const samples: LengthSample[] = [];
    let pairs = 0;
    let used = 0;
    for await (const stored of readPairs(store, { status: 'paired' })) {
      const pair = normalizeStoredPair(stored);
      if (!pair) continue;
      pairs++;
      const res = alignPair(pair, params);
      if (!res.ok || res.alignment.mode !== 'paragraph' || res.alignment.quality < minQuality) continue;
      used++;
      const a = res.alignment;
      for (const b of a.beads) {
        if (b.type !== '1-1' || b.score < 0.5) continue;
        samples.push({ ko: countChars(a.ko[b.ko[0]!]!.text), en: countChars(a.en[b.en[0]!]!.text) });
      }
    }
    const est = estimateLengthModel(samples);
    if (!est) {
      console.log(`round ${round}: not enough beads (${pairs} paired pairs, ${used} usable)`);
      break;
    }
    console.log(
      `round ${round}: ${pairs} paired pairs, ${used} aligned by paragraph with quality ≥ ${minQuality}, ${est.n} 1-1 beads → ratio ${est.ratio.toFixed(3)}, variance ${est.variance.toFixed(2)}`,
    );
    params = { ...params, ratio: est.ratio, variance: est.variance };
  }
  console.log('(beads were chosen with a score threshold, which trims the tails: the variance is a slight underestimate)');
} finally {
  await store.close();
}
