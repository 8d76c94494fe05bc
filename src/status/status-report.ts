import type { HostPolitenessState } from '../politeness/host-limiter.js';
import type { QueueName } from '../queue/names.js';
import type { CrawlRunRow, FailureGroup, PageCountRow } from '../store/status-store.js';
import { DEFAULT_DRIFT_THRESHOLDS, driftVerdict, type DriftThresholds, type WindowCounts } from './drift.js';
import { runOutcome } from './run-outcome.js';

/**
 * The `status` document (`status --json` prints it as is; the human output is a view of it) and the pure steps
 * that build its derived parts: drift windows, run state, alarms. Field names are stable under
 * `donga-ingest/status@1` (new fields may be added; renaming or changing one bumps the version).
 */

export const STATUS_SCHEMA = 'donga-ingest/status@1';

/** A section that needs a source (Redis, the store) which did not answer: why it is missing. */
export interface Unavailable {
  available: false;
  reason: string;
}

export interface QueueCounts {
  /** Waiting to run (prioritized included). */
  waiting: number;
  active: number;
  /** Waiting for a retry (backoff) or a delay. */
  delayed: number;
  /** The job scheduler's next tick (a delayed crawl-run on the discover queue; 0 elsewhere): no pending work. */
  scheduled: number;
  /** Pair jobs waiting for their Korean child. */
  waitingChildren: number;
  /** Failed for good and kept (see the retention in src/queue/jobs.ts). */
  failed: number;
  /** Completed and kept (job ids of completed jobs are how repeated crawls skip work). */
  completed: number;
}

export interface QueuesSection {
  available: true;
  byQueue: Record<QueueName, QueueCounts>;
  /** No job waiting, running, delayed or waiting for children in any queue. */
  idle: boolean;
}

export interface ScheduleSection {
  available: true;
  installed: boolean;
  id: string | null;
  pattern: string | null;
  tz: string | null;
  /** ISO time of the next crawl-run, or null. */
  nextRunAt: string | null;
}

export type RunState = 'running' | 'finished' | 'unknown';

/** A crawl run as status shows it: the stored row plus its state. */
export interface RunView extends CrawlRunRow {
  /**
   * `finished` when recorded so (the crawl command) or when every queue is idle (the run has nothing left; then
   * `finishedAt` is its last activity, `outcome` follows the crawl command's rule, and `finishDerived` is true);
   * `running` while jobs are pending; `unknown` when Redis cannot tell.
   */
  state: RunState;
  finishDerived: boolean;
}

export interface RunsSection {
  available: true;
  /** The newest run, or null when none was recorded. */
  last: RunView | null;
  /** The newest runs (up to 10), newest first; states derived as for `last`. */
  recent: RunView[];
}

export interface PairsSection {
  available: true;
  total: number;
  byStatus: Record<string, number>;
  /** Paired records by `pairing.verdict`; `unverified` for those without one (written before verdicts existed). */
  byVerdict: Record<string, number>;
  /** Revision rows over all pairs. */
  revisions: number;
  /** Revisions written in the last hour / day, and how many of them were new pairs. */
  lastHour: { revisions: number; newPairs: number };
  lastDay: { revisions: number; newPairs: number };
}

export interface FailureWindow {
  /** Failures (url + code rows) last seen in the window. */
  total: number;
  groups: FailureGroup[];
}

export interface FailuresSection {
  available: true;
  last24h: FailureWindow;
  last7d: FailureWindow;
  /** Whether the last 24 h jumped above the days before (see failureJump). */
  jump: { raised: boolean; reason: string };
}

export interface DriftLang {
  current: WindowCounts;
  previous: WindowCounts;
  raised: boolean;
  rate: number | null;
  previousRate: number | null;
  reason: string;
}

export interface DriftSection {
  available: true;
  windowHours: number;
  /** ISO bounds: the current window is [currentFrom, now], the previous one [previousFrom, currentFrom). */
  currentFrom: string;
  previousFrom: string;
  byLang: { en: DriftLang; ko: DriftLang };
  raised: boolean;
}

export interface HostView extends HostPolitenessState {
  /** sentLastMinute / 60 and limitPerMinute / 60. */
  requestsPerSecond: number;
  limitPerSecond: number;
}

export interface HostsSection {
  available: true;
  hosts: HostView[];
}

export interface StatusAlarm {
  code: 'layout_drift' | 'failures_jump' | 'last_run_failed' | 'redis_unreachable' | 'store_unavailable';
  message: string;
}

export interface StatusWarning {
  code: 'host_paused' | 'host_over_limit' | 'no_schedule';
  message: string;
}

export interface StatusReport {
  schema: typeof STATUS_SCHEMA;
  generatedAt: string;
  redis: { available: boolean; url: string; reason: string | null };
  store: { available: boolean; backend: 'sqlite' | 'postgres'; location: string; reason: string | null };
  queues: QueuesSection | Unavailable;
  schedule: ScheduleSection | Unavailable;
  runs: RunsSection | Unavailable;
  pairs: PairsSection | Unavailable;
  failures: FailuresSection | Unavailable;
  drift: DriftSection | Unavailable;
  hosts: HostsSection | Unavailable;
  /** What `--check` exits 1 for. */
  alarms: StatusAlarm[];
  /** Shown, but no reason to page anyone. */
  warnings: StatusWarning[];
}

const HOUR = 3_600_000;

/** Start of the UTC hour containing `t` (ms). */
const hourStart = (t: number): number => Math.floor(t / HOUR) * HOUR;

/**
 * The drift windows over hourly counters: the current window is the `windowHours` hours ending with the current
 * (partial) hour, the previous one the `windowHours` hours before it. Whole hours, because the counters are.
 */
export function driftWindows(now: Date, windowHours: number): { currentFrom: Date; previousFrom: Date } {
  const current = hourStart(now.getTime()) - (windowHours - 1) * HOUR;
  return { currentFrom: new Date(current), previousFrom: new Date(current - windowHours * HOUR) };
}

/** The drift section from the hourly rows of the last two windows. Pure. */
export function driftSection(rows: readonly PageCountRow[], now: Date, windowHours: number, t: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): DriftSection {
  const { currentFrom, previousFrom } = driftWindows(now, windowHours);
  const sum = (lang: 'en' | 'ko', from: number, to: number): WindowCounts => {
    const out = { fetched: 0, parseFailed: 0 };
    for (const r of rows) {
      const h = Date.parse(r.hour);
      if (r.lang === lang && h >= from && h < to) {
        out.fetched += r.fetched;
        out.parseFailed += r.parseFailed;
      }
    }
    return out;
  };
  const lang = (l: 'en' | 'ko'): DriftLang => {
    const current = sum(l, currentFrom.getTime(), Infinity);
    const previous = sum(l, previousFrom.getTime(), currentFrom.getTime());
    const v = driftVerdict(current, previous, t);
    return { current, previous, raised: v.raised, rate: v.rate, previousRate: v.previousRate, reason: v.reason };
  };
  const byLang = { en: lang('en'), ko: lang('ko') };
  return {
    available: true,
    windowHours,
    currentFrom: currentFrom.toISOString(),
    previousFrom: previousFrom.toISOString(),
    byLang,
    raised: byLang.en.raised || byLang.ko.raised,
  };
}

export interface FailureJumpThresholds {
  /** Fewer failures than this in 24 h never alarm. @defaultValue 20 */
  minFailures: number;
  /** The last 24 h at least this many times the daily average of the 6 days before. @defaultValue 3 */
  jumpFactor: number;
}

const DEFAULT_FAILURE_JUMP: FailureJumpThresholds = { minFailures: 20, jumpFactor: 3 };

/**
 * Whether failures jumped: the failures last seen in the last 24 h against the daily average of those last seen
 * in the 6 days before (a URL failing again moves to the newer window, so a steady trickle of new 404s does not
 * alarm, and neither do a handful). Pure.
 */
export function failureJump(last24h: number, last7d: number, t: FailureJumpThresholds = DEFAULT_FAILURE_JUMP): { raised: boolean; reason: string } {
  const perDayBefore = Math.max(0, last7d - last24h) / 6;
  const before = `${perDayBefore.toFixed(1)} a day in the 6 days before`;
  if (last24h < t.minFailures) return { raised: false, reason: `${last24h} failures in 24 h (alarm from ${t.minFailures}); ${before}` };
  if (last24h >= t.jumpFactor * perDayBefore) return { raised: true, reason: `${last24h} failures in 24 h against ${before}` };
  return { raised: false, reason: `${last24h} failures in 24 h, in line with ${before}` };
}

/**
 * A run's state: as recorded when it was marked finished; else finished when no job is pending in any queue (the
 * run has nothing left: jobs of a run are only ever added by jobs of the same run that are still pending), running
 * while some are, unknown without Redis. Pure.
 */
export function runView(run: CrawlRunRow, queuesIdle: boolean | null): RunView {
  if (run.finishedAt) return { ...run, state: 'finished', finishDerived: false };
  if (queuesIdle === null) return { ...run, state: 'unknown', finishDerived: false };
  if (!queuesIdle) return { ...run, state: 'running', finishDerived: false };
  return { ...run, state: 'finished', finishedAt: run.lastActivityAt, outcome: runOutcome(run), finishDerived: true };
}

/** Requests per second per host against its limit. */
export function hostView(h: HostPolitenessState): HostView {
  return { ...h, requestsPerSecond: h.sentLastMinute / 60, limitPerSecond: h.limitPerMinute / 60 };
}

/**
 * Alarms (`--check` exits 1) and warnings of a report. Alarms: layout drift in either language, a jump in failures,
 * a last run that failed, Redis or the store not answering. Warnings only: a host paused by Retry-After (the site
 * asked, the fleet obeys, the pause ends by itself within MAX_RETRY_AFTER_MS), a host over its limit in the last
 * minute (a window edge can show one request more), no scheduler installed (crawls may be run by hand). Pure.
 */
export function statusAlarms(r: Omit<StatusReport, 'alarms' | 'warnings'>): { alarms: StatusAlarm[]; warnings: StatusWarning[] } {
  const alarms: StatusAlarm[] = [];
  const warnings: StatusWarning[] = [];
  if (!r.redis.available) alarms.push({ code: 'redis_unreachable', message: `Redis does not answer: ${r.redis.reason ?? 'unknown'}` });
  if (!r.store.available) alarms.push({ code: 'store_unavailable', message: `the store cannot be read: ${r.store.reason ?? 'unknown'}` });
  if (r.drift.available) {
    for (const lang of ['en', 'ko'] as const) {
      const d = r.drift.byLang[lang];
      if (d.raised) alarms.push({ code: 'layout_drift', message: `${lang === 'en' ? 'English' : 'Korean'} pages: ${d.reason}` });
    }
  }
  if (r.failures.available && r.failures.jump.raised) alarms.push({ code: 'failures_jump', message: r.failures.jump.reason });
  if (r.runs.available && r.runs.last?.state === 'finished' && r.runs.last.outcome === 'failed') {
    const l = r.runs.last;
    alarms.push({
      code: 'last_run_failed',
      message: `the last run ${l.runId} (${l.trigger}) failed: ${l.pagesFailed} discovery pages and ${l.articlesFailed} articles failed for good, ${l.articlesDone} articles done`,
    });
  }
  if (r.hosts.available) {
    for (const h of r.hosts.hosts) {
      if (h.pausedUntil) warnings.push({ code: 'host_paused', message: `${h.host} paused until ${h.pausedUntil} (${h.pauseReason ?? 'Retry-After'})` });
      if (h.sentLastMinute > h.limitPerMinute) {
        warnings.push({ code: 'host_over_limit', message: `${h.host}: ${h.sentLastMinute} requests in the last minute, limit ${h.limitPerMinute}` });
      }
    }
  }
  if (r.schedule.available && !r.schedule.installed) warnings.push({ code: 'no_schedule', message: 'no crawl scheduler installed (`donga-ingest schedule`)' });
  return { alarms, warnings };
}
