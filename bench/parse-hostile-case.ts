/**
 * One hostile page, parsed in a fresh process (spawned by parse.bench.ts, so each case's memory is its own):
 * `node bin/run-ts.js bench/parse-hostile-case.ts <en|ko> <index>`. Prints one JSON line: the case, what it
 * ended in, the parse time, and the heap and RSS it added at their highest (sampled by V8's GC callbacks).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parseArticle } from '../src/parse/index.js';
import { hostilePages } from './hostile-pages.js';

const lang = process.argv[2] === 'ko' ? 'ko' : 'en';
const page = hostilePages(lang)[Number(process.argv[3])]!;
const limits = { maxDepth: 512, timeoutMs: 5_000, now: () => performance.now() };

// Peak heap: the largest heap seen just before any GC during the parse, and at its end.
let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
};
const gcObserver = new PerformanceObserver(sample);
gcObserver.observe({ entryTypes: ['gc'] });
const heap0 = getHeapStatistics().used_heap_size;
const rss0 = process.memoryUsage.rss();

const t0 = performance.now();
let outcome: string;
try {
  const r = parseArticle({ body: page.body, url: page.url, contentType: 'text/html' }, { lang, ...limits });
  outcome = `record (${r.body.length} paragraph${r.body.length === 1 ? '' : 's'})`;
} catch (err) {
  const e = err as { name?: string; code?: string };
  outcome = e.name === 'ParseError' ? `ParseError ${e.code}` : `CRASH ${e.name}: ${String(err).slice(0, 80)}`;
}
const ms = performance.now() - t0;
sample();
gcObserver.disconnect();
console.log(
  JSON.stringify({
    lang,
    name: page.name,
    bytes: page.body.length,
    outcome,
    ms: Math.round(ms),
    peakHeapMB: Math.round(((peakHeap - heap0) / 2 ** 20) * 10) / 10,
    maxRssMB: Math.round(((process.resourceUsage().maxRSS * 1024 - rss0) / 2 ** 20) * 10) / 10,
  }),
);
