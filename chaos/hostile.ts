/**
 * Part 2, the hostile site: each case is one article URL on a loopback server that misbehaves, crawled by real
 * worker processes with settings small enough that a correct crawler gives up within seconds. Per case: the
 * failure code recorded (or the pair stored), time to give up, peak RSS of the workers, whether they are still
 * alive, and hits on the forbidden listeners (must stay 0).
 */
import { randomBytes } from 'node:crypto';
import { configEnv, loadConfig, type Config } from '../config/config.js';
import { openDeps, type OpenDeps } from '../src/pipeline/open-deps.js';
import { QUEUE_NAMES } from '../src/queue/names.js';
import { expectedEnglish } from '../src/replay/index.js';
import { onCleanup } from './lib/cleanup.js';
import { startAofRedis } from './lib/redis-aof.js';
import { pollUntil } from './lib/proc.js';
import { openStoreTarget, type StoreKind } from './lib/stores.js';
import { mb, sec } from './lib/table.js';
import { WorkerPool } from './lib/workers.js';
import { buildCases, type HostileCase, type HostileSettings } from './hostile-cases.js';
import { HostileSite } from './hostile-site.js';
import { caseResult, type CaseResult, type PartOptions, type PartResult } from './part.js';

/** Peak RSS a worker may reach on a 5 MiB page limit (the baseline process is ~150–250 MB). */
const RSS_LIMIT_KB = 600 * 1024;

const HOSTILE_SETTINGS: HostileSettings = {
  attempts: 2,
  backoffMs: 200,
  fetchDeadlineMs: 3_000,
  parseTimeoutMs: 1_000,
  maxRetryAfterMs: 2_000,
  maxPolitenessWaitMs: 1_000,
  headersTimeoutMs: 2_000,
};

export async function runHostile(opts: PartOptions): Promise<PartResult> {
  const t0 = Date.now();
  const cases: CaseResult[] = [];
  const notes: string[] = [];
  // The short form runs on the first store only; the full form on every store asked for.
  for (const kind of opts.quick ? opts.stores.slice(0, 1) : opts.stores) {
    const r = await hostileOnce(kind, opts);
    cases.push(...r.cases);
    notes.push(...r.notes);
  }
  const s = HOSTILE_SETTINGS;
  notes.unshift(
    `settings: JOB_ATTEMPTS=${s.attempts} JOB_BACKOFF_MS=${s.backoffMs} FETCH_DEADLINE_MS=${s.fetchDeadlineMs} PARSE_TIMEOUT_MS=${s.parseTimeoutMs} ` +
      `MAX_RETRY_AFTER_MS=${s.maxRetryAfterMs} MAX_POLITENESS_WAIT_MS=${s.maxPolitenessWaitMs} HEADERS_TIMEOUT_MS=${s.headersTimeoutMs} BODY_TIMEOUT_MS=5000; ` +
      `2 worker processes; RSS limit ${mb(RSS_LIMIT_KB)} MB; a case not finished within its hard bound is cut off (workers killed and restarted)`,
  );
  return {
    part: 'hostile',
    title: 'hostile site (loopback; forbidden listeners on 127.0.0.2, 127.0.0.3 and a stray 127.0.0.1 port)',
    head: ['store', 'case', 'expected', 'got', 'give-up s (bound)', 'peak RSS MB', 'alive', 'forbidden hits', 'result'],
    cases,
    notes,
    ok: cases.every((c) => c.ok),
    wallMs: Date.now() - t0,
  };
}

async function hostileOnce(kind: StoreKind, opts: PartOptions): Promise<{ cases: CaseResult[]; notes: string[] }> {
  const redis = await startAofRedis({ aof: false });
  const stopRedis = onCleanup(() => redis.stop());
  const target = await openStoreTarget(kind, 'hostile');
  const site = await HostileSite.start();
  const closeSite = onCleanup(() => site.close());
  let deps: OpenDeps | undefined;
  let pool: WorkerPool | undefined;
  const out: CaseResult[] = [];
  try {
    const s = HOSTILE_SETTINGS;
    const prefix = `h${randomBytes(4).toString('hex')}`;
    const config: Config = loadConfig(
      {},
      {
        redisUrl: redis.url,
        baseUrl: site.origin('main'),
        extraAllowedHosts: (['robotsCap', 'retryAfterYear', 'tooManyRequests'] as const).map((r) => new URL(site.origin(r)).host),
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        queuePrefix: prefix,
        ratePerSecond: 1000,
        concurrency: 2,
        attempts: s.attempts,
        backoffMs: s.backoffMs,
        fetchDeadlineMs: s.fetchDeadlineMs,
        parseTimeoutMs: s.parseTimeoutMs,
        maxRetryAfterMs: s.maxRetryAfterMs,
        maxPolitenessWaitMs: s.maxPolitenessWaitMs,
        headersTimeoutMs: s.headersTimeoutMs,
        bodyTimeoutMs: 5_000,
        connectTimeoutMs: 2_000,
        followArticleLinks: false,
        shutdownTimeoutMs: 2_000,
        logLevel: 'silent',
      },
    );
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...configEnv(config), LOG_LEVEL: 'fatal' };
    deps = await openDeps(config);
    pool = new WorkerPool(env, ['--lock-ms', '5000', '--stalled-ms', '2000']);
    await pool.start(2);
    pool.sampleRss(50);
    const cases = buildCases(site, s);
    const hardMs = opts.quick ? 25_000 : 60_000;
    for (const c of cases) {
      opts.log(`hostile/${kind}: ${c.name}`);
      out.push(await runCase(c, kind, site, deps, pool, config, hardMs));
    }
    return { cases: out, notes: [`${kind}: ${cases.length} cases; worker restarts after a cut-off or a death are counted in "alive"`] };
  } finally {
    await pool?.killAll().catch(() => undefined);
    await deps?.close({ force: true }).catch(() => undefined);
    await closeSite();
    await target.drop().catch(() => undefined);
    await stopRedis();
  }
}

async function runCase(
  c: HostileCase,
  kind: StoreKind,
  site: HostileSite,
  deps: OpenDeps,
  pool: WorkerPool,
  config: Config,
  hardMs: number,
): Promise<CaseResult> {
  const url = `${site.origin(c.role)}${c.path}`;
  const forbiddenBefore = site.forbiddenHits();
  pool.takePeakRssKb();
  const t0 = Date.now();
  await deps.producer.addEnglish([{ url, articleId: c.articleId }]);
  let idleSeen = 0;
  const finished = await pollUntil(
    async () => {
      const job = await deps.producer.queues.english.getJob(`en-${c.articleId}`);
      const state = job ? await job.getState() : 'unknown';
      const pending = await deps.producer.pendingCount();
      idleSeen = (state === 'completed' || state === 'failed') && pending === 0 ? idleSeen + 1 : 0;
      return idleSeen >= 2;
    },
    hardMs,
    100,
  );
  const giveUpMs = Date.now() - t0;
  const peakKb = pool.takePeakRssKb();
  const alive = pool.allAlive();
  const problems: string[] = [];
  const soft: string[] = [];
  if (!finished) {
    problems.push(`not given up after ${sec(hardMs)} s (cut off)`);
    // Free the workers for the next case: kill them, forget the queues, stop whatever is still dripping.
    await pool.killAll();
    site.dropConnections();
    for (const name of QUEUE_NAMES) await deps.producer.queues[name].obliterate({ force: true }).catch(() => undefined);
    await pool.restartAll();
  } else if (giveUpMs > c.boundMs) {
    soft.push(`gave up after ${sec(giveUpMs)} s, bound ${sec(c.boundMs)} s`);
  }
  if (!alive) {
    problems.push('a worker died');
    await pool.reviveDead();
  }
  if (peakKb > RSS_LIMIT_KB) soft.push(`peak RSS ${mb(peakKb)} MB over ${mb(RSS_LIMIT_KB)} MB`);
  const forbidden = site.forbiddenHits() - forbiddenBefore;
  if (forbidden > 0) problems.push(`${forbidden} request(s) to forbidden hosts`);

  let got = '';
  // A job that ended without a failure row or a pair: say how it ended (e.g. failed as stalled).
  const job = await deps.producer.queues.english.getJob(`en-${c.articleId}`);
  const jobEnd = job?.failedReason ? `job failed: ${job.failedReason.slice(0, 60)}` : 'nothing recorded';
  const failures = (await deps.store.listFailures()).filter((f) => f.url === url);
  const pair = await deps.store.getPair(`en-${c.articleId}`);
  const exp = c.expect;
  if (exp.kind === 'failure') {
    const codes = failures.map((f) => f.code);
    got = pair ? `pair ${pair.pairing.status}` : codes.length ? codes.join(',') : jobEnd;
    if (!codes.some((x) => exp.codes.includes(x))) problems.push(`expected failure ${exp.codes.join('|')}, got ${got}`);
    if (pair) problems.push('a pair was stored');
  } else {
    got = pair ? `pair ${pair.pairing.status}` : failures.length ? failures.map((f) => f.code).join(',') : jobEnd;
    if (!pair) problems.push(`expected a pair (${exp.statuses.join('|')}), got ${got}`);
    else {
      if (!exp.statuses.includes(pair.pairing.status)) problems.push(`status ${pair.pairing.status}`);
      const want = expectedEnglish(c.article!, site.origin('main'));
      if (pair.english.title !== want.title) problems.push(`title ${JSON.stringify(pair.english.title.slice(0, 40))} ≠ model`);
      if (JSON.stringify(pair).includes('\\u0000')) problems.push('NUL stored in the record');
    }
  }
  problems.push(...(c.extra?.(site) ?? []));
  if (c.name === 'retry-after-year') {
    const pttl = await deps.redis.pttl(`${config.queuePrefix}:polite:host:${new URL(url).host}`);
    got += `, host paused ${sec(Math.max(0, pttl))} s`;
    // The pause key lives for the pause plus the limiter's idle TTL (60 s).
    if (pttl > config.maxRetryAfterMs + 65_000)
      problems.push(`host paused for ${sec(pttl)} s, over MAX_RETRY_AFTER_MS ${sec(config.maxRetryAfterMs)} s (+60 s key TTL)`);
  }
  const expected = c.expect.kind === 'failure' ? c.expect.codes.join('|') : `pair ${c.expect.statuses.join('|')}`;
  const result = caseResult(
    `hostile-${kind}-${c.name}`,
    problems,
    [
      kind,
      c.name,
      expected.length > 28 ? `${expected.slice(0, 26)}…` : expected,
      got,
      `${finished ? sec(giveUpMs) : `>${sec(hardMs)}`} (${sec(c.boundMs)})`,
      mb(peakKb),
      alive ? 'yes' : 'DIED',
      String(forbidden),
    ],
    soft,
  );
  return { ...result, facts: { forbiddenHits: forbidden, workersAlive: alive } };
}
