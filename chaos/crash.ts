/**
 * Part 1, crash consistency: a replay crawl with harsh faults through worker processes, kill -9 of a random
 * worker again and again (each restarted at once) and one crash of Redis (restarted on its AOF). Afterwards the
 * store must equal the replay model exactly and nothing may be left stuck in Redis.
 */
import { randomBytes } from 'node:crypto';
import { configEnv, loadConfig } from '../config/config.js';
import { verifyAgainstModel } from '../cli/commands/demo.js';
import { openDeps, type OpenDeps } from '../src/pipeline/open-deps.js';
import { newRunId } from '../src/queue/jobs.js';
import { QUEUE_NAMES } from '../src/queue/names.js';
import { startReplaySite, type ReplaySite } from '../src/replay/index.js';
import { onCleanup } from './lib/cleanup.js';
import { pollUntil, sleep } from './lib/proc.js';
import { startAofRedis } from './lib/redis-aof.js';
import { openStoreTarget, type StoreKind, type StoreTarget } from './lib/stores.js';
import { sec } from './lib/table.js';
import { WorkerPool } from './lib/workers.js';
import { caseResult, type CaseResult, type PartOptions, type PartResult } from './part.js';

const LOCK_MS = 2000;

interface CrashPlan {
  pairs: number;
  workers: number;
  kills: number;
  /** Bound of the whole crawl after the last kill. */
  idleTimeoutMs: number;
}

function crashPlan(quick: boolean): CrashPlan {
  return quick ? { pairs: 80, workers: 2, kills: 6, idleTimeoutMs: 180_000 } : { pairs: 300, workers: 3, kills: 24, idleTimeoutMs: 420_000 };
}

export async function runCrash(opts: PartOptions): Promise<PartResult> {
  const t0 = Date.now();
  const cases: CaseResult[] = [];
  const notes: string[] = [];
  const plan = crashPlan(opts.quick);
  for (const kind of opts.stores) {
    const r = await crashOnce(kind, plan, opts.log);
    cases.push(...r.cases);
    notes.push(r.note);
  }
  return {
    part: 'crash',
    title: `crash consistency (${plan.pairs} pairs, harsh faults, ${plan.workers} worker processes, ${plan.kills} × kill -9, 1 Redis crash on AOF)`,
    head: ['store', 'check', 'got', 'result'],
    cases,
    notes,
    ok: cases.every((c) => c.ok),
    wallMs: Date.now() - t0,
  };
}

/** Waits until no queue has unfinished work, seen twice in a row; tolerant of a Redis that is restarting. */
async function waitIdle(deps: OpenDeps, timeoutMs: number): Promise<boolean> {
  let seen = 0;
  return pollUntil(
    async () => {
      const n = await deps.producer.pendingCount();
      seen = n === 0 ? seen + 1 : 0;
      return seen >= 2;
    },
    timeoutMs,
    200,
  );
}

async function crashOnce(kind: StoreKind, plan: CrashPlan, log: (s: string) => void): Promise<{ cases: CaseResult[]; note: string }> {
  const started = Date.now();
  const redis = await startAofRedis();
  let target: StoreTarget | undefined;
  let site: ReplaySite | undefined;
  let deps: OpenDeps | undefined;
  let pool: WorkerPool | undefined;
  const stopRedis = onCleanup(() => redis.stop());
  try {
    target = await openStoreTarget(kind, 'crash');
    site = await startReplaySite({ pairs: plan.pairs, seed: 5, preset: 'harsh' });
    const closeSite = onCleanup(() => site?.close());
    const prefix = `c${randomBytes(4).toString('hex')}`;
    const config = loadConfig(
      {},
      {
        redisUrl: redis.url,
        baseUrl: site.url,
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        queuePrefix: prefix,
        startPaths: ['/en'],
        sitemapPaths: [],
        ratePerSecond: 1000,
        concurrency: 4,
        attempts: 6,
        backoffMs: 100,
        headersTimeoutMs: 2000,
        bodyTimeoutMs: 1000,
        connectTimeoutMs: 2000,
        maxDiscoveryPages: 500,
        // Waits for a paused host go back to Redis (delayed, no attempt used) instead of sleeping in a worker that the
        // suite kills every second or so: a job asleep there would be hit again and again and fail as stalled.
        maxPolitenessWaitMs: 1000,
        // The suite kills a worker every 0.3–1.2 s, so a job can be in a killed worker several times without being a
        // job that kills workers (what MAX_JOB_STALLS guards against in production, default 3).
        maxJobStalls: 12,
        shutdownTimeoutMs: 5000,
        logLevel: 'silent',
      },
    );
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...configEnv(config), LOG_LEVEL: 'error' };
    deps = await openDeps(config);
    pool = new WorkerPool(env, ['--lock-ms', String(LOCK_MS), '--stalled-ms', '1000']);
    await pool.start(plan.workers);
    log(`crash/${kind}: ${plan.workers} workers ready, crawling ${plan.pairs} pairs`);
    await deps.producer.addCrawlRun({ runId: newRunId() });

    // Chaos: kill -9 a random worker every 0.3–1.2 s and restart it at once; crash Redis once half-way.
    let kills = 0;
    let killsWhileBusy = 0;
    let redisCrashes = 0;
    const chaosDeadline = Date.now() + 240_000;
    while (kills < plan.kills && Date.now() < chaosDeadline) {
      await sleep(300 + Math.floor(Math.random() * 900));
      const slot = Math.floor(Math.random() * plan.workers);
      const busy = (await deps.producer.pendingCount().catch(() => 1)) > 0;
      // Killing idle workers proves nothing: a fast machine that finished early ends the chaos here.
      if (!busy && redisCrashes > 0) break;
      await pool.killAndRestart(slot);
      kills++;
      if (busy) killsWhileBusy++;
      if (kills === Math.ceil(plan.kills / 2) && redisCrashes === 0) {
        log(`crash/${kind}: kill -9 of redis-server (AOF, appendfsync always), restart after 500 ms`);
        await redis.crashAndRestart(500);
        redisCrashes++;
      }
    }
    log(`crash/${kind}: ${kills} kills (${killsWhileBusy} with work pending), waiting for the crawl to finish`);
    const idle = await waitIdle(deps, plan.idleTimeoutMs);
    const wallMs = Date.now() - started;
    await pool.stop();
    // Locks of killed workers expire after the lock duration; anything left after that is an orphan.
    await sleep(LOCK_MS + 1000);

    const checks: CaseResult[] = [];
    const add = (name: string, got: string, problems: string[]) =>
      checks.push(
        caseResult(
          `crash-${kind}-${name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/-+$/, '')}`,
          problems,
          [kind, name, got],
        ),
      );
    add('crawl finished', idle ? `idle after ${sec(wallMs)} s` : `not idle after ${sec(plan.idleTimeoutMs)} s`, idle ? [] : ['queues never went idle']);
    add('chaos applied', `${kills} × kill -9 (${killsWhileBusy} with work pending), ${redisCrashes} Redis crash`, [
      // At least half the planned kills must land while work is pending (all of them on this machine so far).
      ...(killsWhileBusy < Math.ceil(plan.kills / 2) ? [`only ${killsWhileBusy}/${plan.kills} kills hit a busy crawl`] : []),
      ...(redisCrashes !== 1 ? ['no Redis crash'] : []),
    ]);

    // Store against the model.
    const verdict = await verifyAgainstModel(site, deps.store);
    const counts = await deps.store.countPairs();
    add(
      'expected pairs, right status',
      `${verdict.stored}/${verdict.expectedStored}`,
      verdict.problems.filter((p) => !/expected a recorded/.test(p)).slice(0, 5),
    );
    add(
      'records equal to the model',
      `${verdict.matchingModel}/${verdict.expectedStored}`,
      verdict.matchingModel === verdict.expectedStored ? [] : [`${verdict.expectedStored - verdict.matchingModel} differ`],
    );
    add('no extra pairs, no extra revisions', `${counts.total} pairs, ${counts.revisions} revisions`, [
      ...(counts.total !== verdict.expectedStored ? [`${counts.total} pairs stored, ${verdict.expectedStored} expected`] : []),
      ...(counts.revisions !== counts.total ? [`${counts.revisions - counts.total} extra revisions`] : []),
    ]);
    add(
      'expected failures recorded',
      `${verdict.failedRecorded}/${verdict.expectedFailed}`,
      verdict.problems.filter((p) => /expected a recorded/.test(p)),
    );
    const failures = await deps.store.listFailures();
    const expectedFailUrls = new Set(site.model.englishIds.filter((id) => site!.expectedOutcome(id).kind === 'failed').map((id) => site!.englishUrl(id)));
    for (const id of site.model.englishIds) {
      if (site.expectedOutcome(id).kind === 'stored' && site.model.pairStatus(id) === 'korean_failed') {
        const ko = (await deps.store.getPair(`en-${id}`))?.english.koreanUrl;
        if (ko) expectedFailUrls.add(ko);
      }
    }
    const unexpected = failures.filter((f) => !expectedFailUrls.has(f.url));
    add(
      'no unexpected failure rows',
      `${failures.length} rows, ${unexpected.length} unexpected`,
      unexpected.slice(0, 4).map((f) => `${f.lang} ${f.code} ${f.url.replace(site!.url, '')}`),
    );

    // Redis: nothing left to do, nothing failed for a reason other than the planned permanent faults, no locks.
    const stuck: string[] = [];
    const badFailed: string[] = [];
    for (const name of QUEUE_NAMES) {
      const q = deps.producer.queues[name];
      const c = await q.getJobCounts('active', 'wait', 'delayed', 'prioritized', 'waiting-children');
      for (const [state, n] of Object.entries(c)) if (n > 0) stuck.push(`${name} ${state} ${n}`);
      for (const job of await q.getJobs(['failed'], 0, 1000)) {
        const url = (job.data as { url?: string }).url ?? '';
        if (!expectedFailUrls.has(url)) badFailed.push(`${name}/${job.id}: ${job.failedReason}`);
      }
    }
    add('Redis: no active/waiting/delayed jobs', stuck.length ? stuck.join(', ') : 'none', stuck);
    const locks = await deps.redis.keys(`${prefix}:*:lock`);
    add(
      'Redis: no orphan locks',
      `${locks.length} lock keys`,
      locks.slice(0, 3).map((k) => `orphan ${k}`),
    );
    add('Redis: no job failed by stalls/crashes', `${badFailed.length} unexpected failed jobs`, badFailed.slice(0, 4));
    const integrity = target.integrityCheck();
    if (integrity !== null) add('SQLite integrity_check', integrity, integrity === 'ok' ? [] : [integrity]);
    add(
      'workers: no unplanned exit',
      `${pool.unexpectedExits.length}${pool.refusedStarts ? ` (${pool.refusedStarts} start(s) refused while Redis was down, started again)` : ''}`,
      pool.unexpectedExits.slice(0, 2),
    );

    await closeSite();
    const stats = site.stats();
    const note = `${kind}: ${sec(wallMs)} s, ${stats.requests} HTTP requests, faults ${Object.entries(stats.faults)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`;
    return { cases: checks, note };
  } finally {
    await pool?.killAll().catch(() => undefined);
    await deps?.close().catch(() => undefined);
    await site?.close().catch(() => undefined);
    await target?.drop().catch(() => undefined);
    await stopRedis();
  }
}
