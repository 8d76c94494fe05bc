import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl, type Config } from '../../config/config.js';
import { assertRedisReachable, RedisUnreachableError } from '../queue/connection.js';
import { politenessState } from '../politeness/host-limiter.js';
import { QUEUE_NAMES, QueueName, SCHEDULER_ID } from '../queue/names.js';
import { PAIR_STATUSES, type PairStore } from '../store/pair-store.js';
import {
  driftSection,
  failureJump,
  hostView,
  runView,
  STATUS_SCHEMA,
  statusAlarms,
  type HostsSection,
  type QueueCounts,
  type QueuesSection,
  type RunsSection,
  type ScheduleSection,
  type StatusReport,
  type Unavailable,
} from './status-report.js';

export interface CollectStatusOptions {
  config: Config;
  /** An open store, or why there is none (then every store section is unavailable). */
  store: PairStore | { unavailable: string };
  now?: Date;
  /** Drift windows in hours. @defaultValue 6 */
  windowHours?: number;
  /** How long Redis may take to answer everything status asks. @defaultValue 5000 */
  redisTimeoutMs?: number;
}

const HOUR = 3_600_000;
const unavailable = (reason: string): Unavailable => ({ available: false, reason });

/** What status reads from Redis, all at once, or the reason it could not. */
interface RedisPart {
  queues: QueuesSection;
  schedule: ScheduleSection;
  hosts: HostsSection;
}

async function readRedis(config: Config, timeoutMs: number): Promise<RedisPart> {
  // One PING first, for a clear reason (`connect ECONNREFUSED …`) when Redis is down, before any client is made.
  await assertRedisReachable(config.redisUrl, timeoutMs);
  // Clients that give up instead of retrying forever: status must answer, Redis or not.
  const connection = { url: config.redisUrl, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false };
  const redis = new Redis(config.redisUrl, { ...connection, lazyConnect: true });
  redis.on('error', () => {}); // the failed command says it
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: { ...connection, enableOfflineQueue: true }, prefix: config.queuePrefix }));
  for (const q of queues) q.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const work = (async (): Promise<RedisPart> => {
      await redis.connect();
      await redis.ping();
      const discover = queues.find((q) => q.name === QueueName.discover)!;
      // The scheduler keeps its next tick as a delayed job: shown apart, and no pending work. Read before the counts,
      // as waitForIdle does (cli/wait-idle.ts): a tick that fires in between then shows as waiting work.
      const ticks = (await discover.getJobs(['delayed'], 0, 50)).filter((j) => j.id?.startsWith(`repeat:${SCHEDULER_ID}:`)).length;
      const byQueue = {} as Record<QueueName, QueueCounts>;
      let idle = true;
      // In pipeline order (discover → english → korean → pair): a job adds its follow-ups before it completes, so a
      // follow-up missed by an earlier queue's count comes from a job still counted as pending in its own queue.
      for (const q of queues) {
        const c = await q.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'waiting-children', 'failed', 'completed');
        const scheduled = q === discover ? Math.min(ticks, c['delayed'] ?? 0) : 0;
        const counts: QueueCounts = {
          waiting: (c['wait'] ?? 0) + (c['prioritized'] ?? 0),
          active: c['active'] ?? 0,
          delayed: (c['delayed'] ?? 0) - scheduled,
          scheduled,
          waitingChildren: c['waiting-children'] ?? 0,
          failed: c['failed'] ?? 0,
          completed: c['completed'] ?? 0,
        };
        if (counts.waiting + counts.active + counts.delayed + counts.waitingChildren > 0) idle = false;
        byQueue[q.name as QueueName] = counts;
      }
      const s = await discover.getJobScheduler(SCHEDULER_ID);
      const schedule: ScheduleSection = {
        available: true,
        installed: !!s,
        id: s ? SCHEDULER_ID : null,
        pattern: s?.pattern ?? null,
        tz: s?.tz ?? null,
        nextRunAt: s?.next ? new Date(s.next).toISOString() : null,
      };
      const hosts = (await politenessState(redis, { prefix: `${config.queuePrefix}:polite`, ratePerSecond: config.ratePerSecond })).map(hostView);
      return { queues: { available: true, byQueue, idle }, schedule, hosts: { available: true, hosts } };
    })();
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
    await Promise.all(queues.map((q) => q.close().catch(() => {})));
  }
}

/**
 * Everything `status` shows, from Redis (queues, scheduler, hosts) and the store (runs, pairs, failures, drift).
 * Either source may be down: its sections are then `{ available: false, reason }` and an alarm says so.
 */
export async function collectStatus(opts: CollectStatusOptions): Promise<StatusReport> {
  const { config } = opts;
  const now = opts.now ?? new Date();
  const windowHours = opts.windowHours ?? 6;
  let redisPart: RedisPart | null = null;
  let redisReason: string | null = null;
  try {
    redisPart = await readRedis(config, opts.redisTimeoutMs ?? 5_000);
  } catch (err) {
    // RedisUnreachableError names the URL (password hidden) and what to do; anything later names the URL here.
    const msg = err instanceof Error ? err.message : String(err);
    redisReason = err instanceof RedisUnreachableError ? msg : `${redactUrl(config.redisUrl)}: ${msg}`;
  }
  const noRedis = unavailable('Redis unreachable');

  const storeInfo = {
    backend: config.databaseUrl ? ('postgres' as const) : ('sqlite' as const),
    location: config.databaseUrl ? redactUrl(config.databaseUrl) : `${config.dataDir.replace(/\/+$/, '')}/donga.sqlite`,
  };
  let storeReason: string | null = 'unavailable' in opts.store ? opts.store.unavailable : null;
  let storePart: Pick<StatusReport, 'runs' | 'pairs' | 'failures' | 'drift'> | null = null;
  if (!('unavailable' in opts.store)) {
    const store = opts.store;
    try {
      const since = (ms: number) => new Date(now.getTime() - ms);
      const [counts, byVerdict, lastHour, lastDay, f24, f7, pageRows, runRows] = await Promise.all([
        store.countPairs(),
        store.countVerdicts(),
        store.countRevisionsSince(since(HOUR)),
        store.countRevisionsSince(since(24 * HOUR)),
        store.failureGroups(since(24 * HOUR)),
        store.failureGroups(since(7 * 24 * HOUR)),
        store.pageCounts(since(2 * windowHours * HOUR)),
        store.listRuns(10),
      ]);
      const total = (g: { count: number }[]) => g.reduce((a, b) => a + b.count, 0);
      const idle = redisPart ? redisPart.queues.idle : null;
      const recent = runRows.map((r) => runView(r, idle));
      const runs: RunsSection = { available: true, last: recent[0] ?? null, recent };
      const byStatus: Record<string, number> = {};
      for (const s of PAIR_STATUSES) byStatus[s] = counts.byStatus[s];
      storePart = {
        runs,
        pairs: { available: true, total: counts.total, byStatus, byVerdict, revisions: counts.revisions, lastHour, lastDay },
        failures: {
          available: true,
          last24h: { total: total(f24), groups: f24 },
          last7d: { total: total(f7), groups: f7 },
          jump: failureJump(total(f24), total(f7)),
        },
        drift: driftSection(pageRows, now, windowHours),
      };
    } catch (err) {
      storeReason = err instanceof Error ? err.message : String(err);
    }
  }
  const noStore = unavailable('store unavailable');
  const base: Omit<StatusReport, 'alarms' | 'warnings'> = {
    schema: STATUS_SCHEMA,
    generatedAt: now.toISOString(),
    redis: { available: !!redisPart, url: redactUrl(config.redisUrl), reason: redisReason },
    store: { available: !!storePart, ...storeInfo, reason: storePart ? null : storeReason },
    queues: redisPart?.queues ?? noRedis,
    schedule: redisPart?.schedule ?? noRedis,
    runs: storePart?.runs ?? noStore,
    pairs: storePart?.pairs ?? noStore,
    failures: storePart?.failures ?? noStore,
    drift: storePart?.drift ?? noStore,
    hosts: redisPart?.hosts ?? noRedis,
  };
  return { ...base, ...statusAlarms(base) };
}
