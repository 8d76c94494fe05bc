/**
 * `npm run bench:crawlee`: donga-ingest against Crawlee's CheerioCrawler doing the same job (crawlee-side.ts) over
 * the same replay site, same parsers, same store writes. Each side runs as its own process, as a user runs it:
 * `node bin/donga-ingest.js crawl` (with its private redis-server) and `node bin/run-ts.js bench/crawlee/crawlee-side.ts`,
 * alternated (A B A B …), against a replay site started once per size in a third process (its CPU is counted for
 * neither side). Prints wall time, CPU per pair (process + the children it waited for: donga-ingest's redis-server,
 * Crawlee's helper processes), peak RSS of each side and of redis-server, and the donga/crawlee ratios; writes the
 * same as JSON to bench/crawlee/last-run.json. Exits 1 when a run did not store every pair the replay model expects.
 *
 *   npm run bench:crawlee -- [--pairs 1000,10000] [--rounds 2] [--concurrency 8] [--quick]
 *
 * --concurrency is donga-ingest's WORKER_CONCURRENCY (jobs per queue; English and Korean fetch at once); Crawlee
 * gets twice that (min = max concurrency), the same number of page fetches in flight. --quick: 200 pairs, 1 round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = resolve(import.meta.dirname, '../..');
const HERE = import.meta.dirname;
const CLK_TCK = 100; // USER_HZ on Linux: /proc/<pid>/stat times are in these ticks
const RATE = 1000; // RATE_PER_SECOND maximum: the replay site is loopback
const MAX_DISCOVERY_PAGES = 2000;
const SEED = 11;

type Side = 'donga-ingest' | 'crawlee';

interface Expected {
  byStatus: Record<string, number>;
  verdicts: Record<string, number>;
}

interface RunResult {
  side: Side;
  pairs: number;
  round: number;
  wallS: number;
  pairsStored: number;
  /** The crawl process itself. */
  processCpuS: number;
  /** Children it waited for: donga-ingest's private redis-server; Crawlee's helper processes. */
  childrenCpuS: number;
  cpuMsPerPair: number;
  peakRssMb: number;
  /** donga-ingest only: the private redis-server's peak RSS (VmHWM, polled every 100 ms). */
  redisPeakRssMb: number | null;
  ok: boolean;
  problems: string[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return [stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ...stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
  } catch {
    return null;
  }
}

function vmHwmKb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The serving redis-server child of `pid`, if it has one yet (not the `redis-server --version` probe before it). */
function redisChildOf(pid: number): number | null {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const s = procStat(Number(e));
    // s[0] = comm, s[1] = state, s[2] = ppid
    if (!s || s[2] !== String(pid) || !s[0]!.startsWith('redis-server')) continue;
    try {
      // The serving one soon rewrites its title ("redis-server 127.0.0.1:PORT"), so look for the probe's flag instead.
      if (!readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('--version')) return Number(e);
    } catch {
      // gone already
    }
  }
  return null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Site {
  url: string;
  expected: Expected;
  stop(): Promise<void>;
}

/** `donga-ingest replay` in its own process; its stdout names the URL and the expected outcome. */
async function startSite(pairs: number): Promise<Site> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/donga-ingest.js'), 'replay', '--pairs', String(pairs), '--seed', String(SEED)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ctrl-C to stop/.test(out)) res();
    });
    child.once('exit', (code) => rej(new Error(`replay site exited (${code}): ${err.slice(-1000)}`)));
  });
  const url = /replay site: (\S+)/.exec(out)?.[1];
  const st = /expected: paired (\d+), no_korean_link (\d+), korean_failed (\d+)/.exec(out);
  const vd = /expected verdicts: verified (\d+), plausible (\d+), suspect (\d+), mismatch (\d+)/.exec(out);
  if (!url || !st || !vd) throw new Error(`unexpected replay output:\n${out}`);
  const expected: Expected = {
    byStatus: { paired: Number(st[1]), no_korean_link: Number(st[2]), korean_failed: Number(st[3]) },
    verdicts: { verified: Number(vd[1]), plausible: Number(vd[2]), suspect: Number(vd[3]), mismatch: Number(vd[4]) },
  };
  return {
    url,
    expected,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

/** What the store holds after a run, against the replay model's expectation. */
function checkStore(dbFile: string, expected: Expected): { stored: number; problems: string[] } {
  const problems: string[] = [];
  let db: Database.Database;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    return { stored: 0, problems: [`no database: ${String(err)}`] };
  }
  try {
    const byStatus = Object.fromEntries(
      (db.prepare('SELECT status, count(*) AS n FROM pairs GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
    const verdicts = Object.fromEntries(
      (
        db.prepare(`SELECT json_extract(record, '$.pairing.verdict') AS v, count(*) AS n FROM pairs WHERE status = 'paired' GROUP BY v`).all() as {
          v: string;
          n: number;
        }[]
      ).map((r) => [r.v, r.n]),
    );
    for (const [k, n] of Object.entries(expected.byStatus)) if ((byStatus[k] ?? 0) !== n) problems.push(`${k}: stored ${byStatus[k] ?? 0}, expected ${n}`);
    for (const [k, n] of Object.entries(expected.verdicts)) if ((verdicts[k] ?? 0) !== n) problems.push(`verdict ${k}: ${verdicts[k] ?? 0}, expected ${n}`);
    const stored = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return { stored, problems };
  } finally {
    db.close();
  }
}

async function runOnce(side: Side, site: Site, pairs: number, round: number, concurrency: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-crawlee-${side}-`));
  const usageFile = join(dir, 'usage.json');
  const preload = ['--import', join(HERE, 'usage-at-exit.mjs')];
  const baseEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], BENCH_USAGE_FILE: usageFile };
  let child: ChildProcess;
  if (side === 'donga-ingest') {
    // As a user runs it: no REDIS_URL, so `crawl` starts (and stops) its own redis-server; logs to a file, as on a
    // terminal (where the progress bar takes stderr).
    const env = {
      ...baseEnv,
      SITE_URL: site.url,
      DATA_DIR: join(dir, 'data'),
      RATE_PER_SECOND: String(RATE),
      WORKER_CONCURRENCY: String(concurrency),
      MAX_DISCOVERY_PAGES: String(MAX_DISCOVERY_PAGES),
      LOG_FILE: join(dir, 'donga-ingest.log'),
    };
    child = spawn(process.execPath, [...preload, join(ROOT, 'bin/donga-ingest.js'), 'crawl'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    const env = { ...baseEnv, CRAWLEE_STORAGE_DIR: join(dir, 'crawlee-storage') };
    child = spawn(
      process.execPath,
      [
        ...preload,
        join(ROOT, 'bin/run-ts.js'),
        join(HERE, 'crawlee-side.ts'),
        '--site',
        site.url,
        '--data',
        join(dir, 'data'),
        '--concurrency',
        String(2 * concurrency),
        '--max-discovery-pages',
        String(MAX_DISCOVERY_PAGES),
        '--rate',
        String(RATE),
      ],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  const t0 = performance.now();
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  let redisPid: number | null = null;
  let redisHwmKb = 0;
  let redisSeen = false;
  const sample = () => {
    if (side !== 'donga-ingest') return;
    redisPid ??= redisChildOf(child.pid!);
    if (redisPid !== null) {
      const kb = vmHwmKb(redisPid);
      if (kb === null)
        redisPid = null; // gone (stopped at the end of the crawl)
      else redisHwmKb = Math.max(redisHwmKb, kb);
    }
    redisSeen ||= redisPid !== null;
  };
  const sampler = setInterval(sample, 100);
  const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(sampler);

  const problems: string[] = [];
  let usage = { selfCpuS: 0, childrenCpuTicks: 0, peakRssKb: 0 };
  try {
    usage = JSON.parse(readFileSync(usageFile, 'utf8')) as typeof usage;
  } catch {
    problems.push('no usage record (the process did not exit normally)');
  }
  if (code !== 0) problems.push(`exit code ${code}: ${out.slice(-1500)}`);
  const check = checkStore(join(dir, 'data', 'donga.sqlite'), site.expected);
  problems.push(...check.problems);
  if (side === 'donga-ingest' && !redisSeen) problems.push('the private redis-server was never seen');
  const childrenCpuS = usage.childrenCpuTicks / CLK_TCK;
  const result: RunResult = {
    side,
    pairs,
    round,
    wallS,
    pairsStored: check.stored,
    processCpuS: usage.selfCpuS,
    childrenCpuS,
    cpuMsPerPair: ((usage.selfCpuS + childrenCpuS) * 1000) / Math.max(1, check.stored),
    peakRssMb: usage.peakRssKb / 1024,
    redisPeakRssMb: side === 'donga-ingest' ? redisHwmKb / 1024 : null,
    ok: problems.length === 0,
    problems,
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const fmt = (n: number | null, d = 1) => (n === null ? '-' : n.toFixed(d));

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

interface SideSummary {
  runs: number;
  wallS: number;
  cpuMsPerPair: number;
  processCpuMsPerPair: number;
  childrenCpuMsPerPair: number;
  peakRssMb: number;
  redisPeakRssMb: number | null;
}

function summarize(rs: RunResult[]): SideSummary {
  const redis = rs.map((r) => r.redisPeakRssMb).filter((x): x is number => x !== null);
  return {
    runs: rs.length,
    wallS: median(rs.map((r) => r.wallS)),
    cpuMsPerPair: median(rs.map((r) => r.cpuMsPerPair)),
    processCpuMsPerPair: median(rs.map((r) => (r.processCpuS * 1000) / Math.max(1, r.pairsStored))),
    childrenCpuMsPerPair: median(rs.map((r) => (r.childrenCpuS * 1000) / Math.max(1, r.pairsStored))),
    peakRssMb: median(rs.map((r) => r.peakRssMb)),
    redisPeakRssMb: redis.length ? median(redis) : null,
  };
}

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const sizes = (arg('pairs') ?? (quick ? '200' : '1000,10000'))
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const rounds = Number(arg('rounds') ?? (quick ? '1' : '2'));
  const concurrency = Number(arg('concurrency') ?? '8');
  const crawleeVersion = (JSON.parse(readFileSync(join(HERE, 'node_modules/crawlee/package.json'), 'utf8')) as { version: string }).version;
  const started = new Date();
  console.log(
    `bench:crawlee ${started.toISOString()}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), crawlee ${crawleeVersion}\n` +
      `sizes ${sizes.join(', ')} pairs, ${rounds} round(s) alternated, donga-ingest WORKER_CONCURRENCY ${concurrency} (Crawlee ${2 * concurrency}), ` +
      `RATE_PER_SECOND ${RATE}, replay seed ${SEED}, fault preset none\n` +
      'CPU = the crawl process + the children it waited for (donga-ingest: its private redis-server); the replay site is a third process, counted for neither.\n',
  );
  const results: RunResult[] = [];
  const summaries: Record<number, Record<Side, SideSummary>> = {};
  for (const pairs of sizes) {
    const site = await startSite(pairs);
    try {
      for (let round = 1; round <= rounds; round++) {
        for (const side of ['donga-ingest', 'crawlee'] as const) {
          const r = await runOnce(side, site, pairs, round, concurrency);
          results.push(r);
          console.log(
            `${pairs} pairs, round ${round}, ${side}: ${fmt(r.wallS)} s, CPU ${fmt(r.processCpuS)} s + children ${fmt(r.childrenCpuS)} s = ` +
              `${fmt(r.cpuMsPerPair, 2)} ms/pair, peak RSS ${fmt(r.peakRssMb, 0)} MB` +
              (r.redisPeakRssMb === null ? '' : `, redis-server ${fmt(r.redisPeakRssMb, 0)} MB`) +
              (r.ok ? '' : `\n  FAILED: ${r.problems.join('; ')}`),
          );
        }
      }
    } finally {
      await site.stop();
    }
    const of = (side: Side) => summarize(results.filter((r) => r.pairs === pairs && r.side === side));
    summaries[pairs] = { 'donga-ingest': of('donga-ingest'), crawlee: of('crawlee') };
  }

  console.log('\nall runs:');
  for (const l of table(
    ['pairs', 'round', 'side', 'wall s', 'pairs/s', 'CPU s process', 'CPU s children', 'CPU ms/pair', 'peak RSS MB', 'redis RSS MB', 'ok'],
    results.map((r) => [
      String(r.pairs),
      String(r.round),
      r.side,
      fmt(r.wallS),
      fmt(r.pairsStored / r.wallS, 0),
      fmt(r.processCpuS),
      fmt(r.childrenCpuS),
      fmt(r.cpuMsPerPair, 2),
      fmt(r.peakRssMb, 0),
      fmt(r.redisPeakRssMb, 0),
      r.ok ? 'yes' : 'FAILED',
    ]),
  ))
    console.log(l);

  console.log('\nmedians and ratios (donga-ingest / crawlee; below 1 = donga-ingest uses less):');
  const ratioRows: string[][] = [];
  for (const pairs of sizes) {
    const d = summaries[pairs]!['donga-ingest'];
    const c = summaries[pairs]!.crawlee;
    ratioRows.push([
      String(pairs),
      `${fmt(d.cpuMsPerPair, 2)} / ${fmt(c.cpuMsPerPair, 2)}`,
      fmt(d.cpuMsPerPair / c.cpuMsPerPair, 2),
      `${fmt(d.wallS)} / ${fmt(c.wallS)}`,
      fmt(d.wallS / c.wallS, 2),
      `${fmt(d.peakRssMb, 0)} / ${fmt(c.peakRssMb, 0)}`,
      fmt(d.peakRssMb / c.peakRssMb, 2),
      fmt(d.redisPeakRssMb, 0),
      fmt((d.peakRssMb + (d.redisPeakRssMb ?? 0)) / c.peakRssMb, 2),
    ]);
  }
  for (const l of table(
    ['pairs', 'CPU ms/pair d / c', 'ratio', 'wall s d / c', 'ratio', 'peak RSS MB d / c', 'ratio', 'redis RSS MB', 'RSS+redis ratio'],
    ratioRows,
  ))
    console.log(l);

  // The targets, for the lead's check (information: only failed runs make the exit code).
  const targets: string[] = [];
  for (const pairs of sizes) {
    const d = summaries[pairs]!['donga-ingest'];
    const c = summaries[pairs]!.crawlee;
    const r = d.cpuMsPerPair / c.cpuMsPerPair;
    targets.push(
      `${pairs} pairs: CPU per pair ratio ${fmt(r, 2)} (target ≤ 0.5: ${r <= 0.5 ? 'met' : 'not met'}); donga-ingest ${fmt(d.cpuMsPerPair, 2)} ms/pair (target < 6: ${d.cpuMsPerPair < 6 ? 'met' : 'not met'})`,
    );
  }
  if (sizes.length > 1) {
    const lo = summaries[Math.min(...sizes)]!['donga-ingest'];
    const hi = summaries[Math.max(...sizes)]!['donga-ingest'];
    const growth = (a: number, b: number) => (b - a) / a;
    const g1 = growth(lo.peakRssMb, hi.peakRssMb);
    targets.push(
      `peak RSS of the crawl ${Math.min(...sizes)} → ${Math.max(...sizes)} pairs: ${fmt(lo.peakRssMb, 0)} → ${fmt(hi.peakRssMb, 0)} MB (${g1 >= 0 ? '+' : ''}${fmt(g1 * 100, 0)} %; target within 15 %: ${Math.abs(g1) <= 0.15 ? 'met' : 'not met'})`,
    );
    if (lo.redisPeakRssMb !== null && hi.redisPeakRssMb !== null) {
      const g2 = growth(lo.redisPeakRssMb, hi.redisPeakRssMb);
      targets.push(
        `peak RSS of redis-server ${Math.min(...sizes)} → ${Math.max(...sizes)} pairs: ${fmt(lo.redisPeakRssMb, 0)} → ${fmt(hi.redisPeakRssMb, 0)} MB (${g2 >= 0 ? '+' : ''}${fmt(g2 * 100, 0)} %; target within 15 %: ${Math.abs(g2) <= 0.15 ? 'met' : 'not met'})`,
      );
    }
  }
  console.log(`\ntargets:\n  ${targets.join('\n  ')}`);

  const jsonFile = join(HERE, 'last-run.json');
  writeFileSync(
    jsonFile,
    `${JSON.stringify(
      {
        date: started.toISOString(),
        node: process.version,
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? null,
        crawlee: crawleeVersion,
        settings: {
          sizes,
          rounds,
          workerConcurrency: concurrency,
          crawleeConcurrency: 2 * concurrency,
          ratePerSecond: RATE,
          maxDiscoveryPages: MAX_DISCOVERY_PAGES,
          seed: SEED,
        },
        summaries,
        targets,
        runs: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nJSON: ${jsonFile}`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log(`\nFAILED: ${failed.length} run(s) did not store every pair the replay model expects (or did not exit cleanly)`);
    return 1;
  }
  console.log('\nevery run stored every pair the replay model expects (statuses and verdicts)');
  return 0;
}

process.exitCode = await main();
