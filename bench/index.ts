/**
 * `npm run bench`: every benchmark in sequence, each in its own process (so one bench's heap,
 * JIT state and RSS don't colour the next). Arguments after `--` go to the pipeline bench.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const benches: { name: string; file: string; args: string[] }[] = [
  { name: 'parse', file: 'bench/parse.bench.ts', args: [] },
  { name: 'align', file: 'bench/align.bench.ts', args: [] },
  { name: 'pipeline', file: 'bench/pipeline.bench.ts', args: process.argv.slice(2) },
];

const failed: string[] = [];
for (const b of benches) {
  console.log(`\n=== ${b.name} (${b.file}) ===\n`);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), b.file, ...b.args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed.push(`${b.name} (exit ${r.status ?? r.signal})`);
}
console.log(failed.length ? `\nbench FAILED: ${failed.join(', ')}` : '\nall benchmarks finished');
process.exitCode = failed.length ? 1 : 0;
