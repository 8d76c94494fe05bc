/**
 * `npm run chaos [-- --quick] [--store sqlite|postgres|both] [--part crash,hostile,politeness]`: the project's own
 * chaos suite. Each part prints a table; the last line sums up; exit 1 when any case missed its target.
 * Everything it starts (workers, Redis, PostgreSQL, servers, temp dirs) is stopped and removed on the way out,
 * also on failure and on Ctrl-C.
 */
import { cleanupAll, installSignalCleanup, startReaper } from './lib/cleanup.js';
import { formatTable, sec } from './lib/table.js';
import type { PartOptions, PartResult } from './part.js';
import { runCrash } from './crash.js';
import { runHostile } from './hostile.js';
import { runPoliteness } from './politeness.js';

const PARTS = { crash: runCrash, hostile: runHostile, politeness: runPoliteness } as const;
type PartName = keyof typeof PARTS;

function usage(msg: string): never {
  process.stderr.write(`chaos: ${msg}\nusage: npm run chaos -- [--quick] [--store sqlite|postgres|both] [--part ${Object.keys(PARTS).join(',')}]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { quick: boolean; stores: PartOptions['stores']; parts: PartName[] } {
  let quick = false;
  let store = 'sqlite';
  let parts: PartName[] = Object.keys(PARTS) as PartName[];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--quick') quick = true;
    else if (a === '--store') store = value();
    else if (a === '--part') {
      const names = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !(n in PARTS));
      if (bad.length || !names.length) usage(`unknown part ${bad.join(', ')}`);
      parts = names as PartName[];
    } else if (a === '--help' || a === '-h') usage('help');
    else usage(`unknown argument ${a}`);
  }
  if (!['sqlite', 'postgres', 'both'].includes(store)) usage(`--store must be sqlite, postgres or both, got ${store}`);
  const stores: PartOptions['stores'] = store === 'both' ? ['sqlite', 'postgres'] : [store as 'sqlite' | 'postgres'];
  return { quick, stores, parts };
}

function printPart(r: PartResult, out: (s: string) => void): void {
  out('');
  out(`## part ${r.part}: ${r.title} — ${r.ok ? 'passed' : 'FAILED'} in ${sec(r.wallMs)} s`);
  for (const l of formatTable(
    [...r.head],
    r.cases.map((c) => c.row),
  ))
    out(l);
  for (const n of r.notes) out(`  ${n}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  installSignalCleanup();
  startReaper();
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const log = (s: string) => process.stderr.write(`chaos: ${s}\n`);
  const t0 = Date.now();
  const results: PartResult[] = [];
  const crashed: string[] = [];
  try {
    for (const name of args.parts) {
      try {
        const r = await PARTS[name]({ quick: args.quick, stores: args.stores, log });
        results.push(r);
        printPart(r, out);
      } catch (err) {
        crashed.push(name);
        out(`\n## part ${name}: ERROR ${(err as Error).stack ?? String(err)}`);
      }
    }
  } finally {
    await cleanupAll();
  }
  const passed = results.filter((r) => r.ok).length;
  const total = args.parts.length;
  const failedCases = results.flatMap((r) => r.cases.filter((c) => !c.ok).map((c) => c.name));
  out('');
  out(
    `chaos: ${passed}/${total} parts passed (${results.reduce((a, r) => a + r.cases.length, 0) - failedCases.length}/${results.reduce((a, r) => a + r.cases.length, 0)} cases ok` +
      `${crashed.length ? `, parts that errored: ${crashed.join(', ')}` : ''}) in ${sec(Date.now() - t0)} s` +
      `${args.quick ? ' [quick]' : ''}, stores ${args.stores.join('+')}` +
      (failedCases.length ? `; failing: ${failedCases.join(', ')}` : ''),
  );
  return passed === total ? 0 : 1;
}

process.exitCode = await main();
