// Child process for sqlite-multiprocess.test.ts: writes pairs into a shared SQLite file, prints a JSON summary.
import { SqlitePairStore } from '../../src/store/sqlite-store.js';
import { samplePair } from '../pair/sample-articles.js';

const [file, startArg, countArg] = process.argv.slice(2);
const store = new SqlitePairStore(file!);
await store.init();
let changed = 0;
const t0 = Date.now();
const start = Number(startArg);
for (let i = 0; i < Number(countArg); i++) {
  // Own ids, interleaved with ids every process writes (same content: only one may count as a change).
  if ((await store.writePair(samplePair(String(start + i)))).changed) changed++;
  if ((await store.writePair(samplePair(String(900_000 + (i % 10))))).changed) changed++;
  await store.recordFailure({ url: `https://www.donga.com/x/${i % 5}`, lang: 'en', code: 'timeout', retryable: true, message: 'm', attempts: 1 });
}
await store.close();
process.stdout.write(JSON.stringify({ changed, t0, t1: Date.now() }));
