import { createHash } from 'node:crypto';
import type { BackoffStrategy, JobsOptions, MinimalJob } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { kstYmd } from '../normalize/kst-date.js';
import { englishArticleSchema } from '../records/article.js';
import { sourceSchema } from '../records/pair.js';
import { failureSchema } from '../failure.js';
import { JobName } from './names.js';

/**
 * Payload schema per job name (validated first thing in the worker), derived job ids, and the
 * default job options (attempts, backoff with jitter, bounded retention).
 */

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId: letters, digits, _ and - only');
const ymd = z.string().regex(/^\d{8}$/, 'expected YYYYMMDD');
const httpUrl = z.string().refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), 'expected an absolute http(s) URL');
const digits = z.string().regex(/^\d{1,12}$/);
/** A job id we derived ourselves: no `:` (BullMQ forbids it), never all digits. */
const jobIdish = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,200}$/);

/** Date window carried by discovery so `enqueue --since/--until` can narrow one run. */
const window = { since: ymd.optional(), until: ymd.optional() };

export const crawlRunPayload = z.strictObject({
  runId: runId.optional(),
  /** Who started the run, as `status` shows it; absent: `schedule` when there is no runId either, else `enqueue`. */
  trigger: z.enum(['crawl', 'enqueue']).optional(),
  ...window,
});
export const discoverPayload = z.strictObject({
  url: httpUrl,
  kind: z.enum(['page', 'sitemap', 'feed']),
  runId,
  /** Pagination depth from the start page (0 = start page). */
  depth: z.number().int().min(0).max(100_000).optional(),
  ...window,
});
export const englishPayload = z.strictObject({
  url: httpUrl,
  articleId: digits,
  runId: runId.optional(),
  /** Re-ingest: skip the conditional-GET cache (the job id is distinct too, see englishJobId). */
  force: z.boolean().optional(),
  /** How many article pages away from a discovery page this link was found (bounds link following). */
  hops: z.number().int().min(0).max(100).optional(),
  /**
   * Recheck of a recent article: the refresh slot (see refreshSlot). Gives the job its own id per slot and
   * makes an unchanged English page (304) still recheck the Korean original.
   */
  refresh: z
    .string()
    .regex(/^[a-z0-9]{1,16}$/)
    .optional(),
  ...window,
});
export const koreanPayload = z.strictObject({
  url: httpUrl,
  englishId: digits,
  englishUrl: httpUrl,
  force: z.boolean().optional(),
  /** A final failure the article job already met on this page (its only attempt): recorded as it is, without a second fetch. */
  failed: z.strictObject({ code: failureSchema.shape.code, message: z.string(), retryable: z.boolean(), status: failureSchema.shape.status }).optional(),
});
export const pairPayload = z.strictObject({
  englishId: digits,
  /** The English job this pair belongs to (so forced runs get their own pair job). */
  englishJobId: jobIdish,
  english: englishArticleSchema,
  englishSource: sourceSchema,
  koreanUrl: httpUrl,
  parserVersion: z.string(),
});

export const payloadSchemas = {
  [JobName.crawlRun]: crawlRunPayload,
  [JobName.discover]: discoverPayload,
  [JobName.english]: englishPayload,
  [JobName.korean]: koreanPayload,
  [JobName.pair]: pairPayload,
} as const;

export type CrawlRunPayload = z.infer<typeof crawlRunPayload>;
export type DiscoverPayload = z.infer<typeof discoverPayload>;
export type EnglishPayload = z.infer<typeof englishPayload>;
export type KoreanPayload = z.infer<typeof koreanPayload>;
export type PairPayload = z.infer<typeof pairPayload>;

// ---- job ids ---------------------------------------------------------------------------------

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/**
 * `en-5104150`; `en-5104150-force-<stamp>` for a forced re-ingest (BullMQ would ignore a re-used id);
 * `en-5104150-refresh-<slot>` for the recheck of a recent article (one per slot, however many runs see it).
 */
export function englishJobId(articleId: string, forceStamp?: string, refreshSlotKey?: string): string {
  if (forceStamp) return `en-${articleId}-force-${forceStamp}`;
  return refreshSlotKey ? `en-${articleId}-refresh-${refreshSlotKey}` : `en-${articleId}`;
}

/**
 * The refresh slot of an article dated `ymd` at time `now`, or undefined when it is not recent: articles dated
 * within `refreshDays` Korea-time days (today included) are rechecked once per `refreshIntervalMinutes` slot.
 */
export function refreshSlot(ymd: string, now: Date, config: Pick<Config, 'refreshDays' | 'refreshIntervalMinutes'>): string | undefined {
  if (config.refreshDays <= 0) return undefined;
  if (ymd < kstYmd(new Date(now.getTime() - (config.refreshDays - 1) * 86_400_000))) return undefined;
  return Math.floor(now.getTime() / (config.refreshIntervalMinutes * 60_000)).toString(36);
}
/** `pair-en-5104150`: one pair job per English job. */
export function pairJobId(englishJobIdValue: string): string {
  return `pair-${englishJobIdValue}`;
}
/** `ko-126426105-for-en-5104150`. */
export function koreanJobId(koreanArticleId: string, englishJobIdValue: string): string {
  return `ko-${koreanArticleId}-for-${englishJobIdValue}`;
}
/** One discovery job per URL per run. */
export function discoverJobId(runIdValue: string, url: string): string {
  return `disc-${runIdValue}-${sha1(url).slice(0, 20)}`;
}
export function crawlRunJobId(runIdValue: string): string {
  return `run-${runIdValue}`;
}
/** A fresh run id: time-ordered and unique enough across machines. */
export function newRunId(now: number = Date.now()): string {
  return `r${now.toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}
/** A stable run id for a job (scheduler jobs carry no runId): retries of that job reuse it. */
export function runIdForJob(jobId: string | undefined): string {
  return jobId ? `r${sha1(jobId).slice(0, 16)}` : newRunId();
}

// ---- options ---------------------------------------------------------------------------------

/**
 * BullMQ's own stall limit for a worker whose limit (MAX_JOB_STALLS) is `maxJobStalls`: a backstop above ours, which
 * workers/guard.ts enforces with a typed, recorded `stalled` failure at the job's next start (a stalled job is
 * recovered `maxJobStalls - 1` times; one more stall means the job itself kills workers).
 */
export function bullMaxStalled(maxJobStalls: number): number {
  return maxJobStalls + 3;
}

/** Name of our custom backoff strategy (registered on every worker via `settings.backoffStrategy`). */
const BACKOFF_TYPE = 'jittered-exponential';
/** Retries never wait longer than this. */
export const MAX_BACKOFF_MS = 10 * 60_000;
const DAY_S = 24 * 3600;

/**
 * Retention: bounded by count, never by the size of the archive. Deduplication does not rely on kept jobs: discovery
 * asks the store which articles it already has (a stored pair, or a permanent failure of the English page) and adds
 * no job for them (pipeline/admit-links.ts), and BullMQ ignores an add whose id is still waiting or running. Finished
 * jobs are kept only so that `enqueue --wait`, `status` and the dashboard can show recent outcomes: Redis memory
 * stays flat however many articles are stored. A crawl's English job that ran out of attempts on a retryable error
 * is removed at once by the worker (workers/start-workers.ts), so the next crawl tries again.
 */
export const RETENTION = {
  keepDone: { age: 6 * 3600, count: 2_000 },
  keepFailed: { age: 7 * DAY_S, count: 10_000 },
  keepDiscover: { age: DAY_S, count: 5_000 },
  /** Refresh jobs (and the Korean and pair jobs they start) need their id only for their own slot. */
  keepRefresh: { age: 6 * 3600, count: 2_000 },
} as const;

/** Default job options of one queue. */
export function defaultJobOptions(config: Config, name: JobName): JobsOptions {
  const discover = name === JobName.discover || name === JobName.crawlRun;
  return {
    attempts: config.attempts,
    backoff: { type: BACKOFF_TYPE, delay: config.backoffMs },
    removeOnComplete: discover ? RETENTION.keepDiscover : RETENTION.keepDone,
    removeOnFail: discover ? RETENTION.keepDiscover : RETENTION.keepFailed,
  };
}

/**
 * base·2^(n−1), ±25 % random jitter so retries of many jobs don't arrive together; a
 * `rate_limited` error carrying `retryAfterMs` waits at least that long.
 */
export function computeBackoff(attemptsMade: number, baseMs: number, err?: unknown, random: () => number = Math.random): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp * (0.75 + 0.5 * random()));
  const retryAfter = err && typeof err === 'object' && 'retryAfterMs' in err && typeof err.retryAfterMs === 'number' ? err.retryAfterMs : 0;
  return Math.min(MAX_BACKOFF_MS, Math.max(jittered, retryAfter));
}

/** The BullMQ custom backoff strategy (base delay read from the job's own options). */
export const backoffStrategy: BackoffStrategy = (attemptsMade: number, _type?: string, err?: Error, job?: MinimalJob) => {
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1000;
  return computeBackoff(attemptsMade, base, err);
};
