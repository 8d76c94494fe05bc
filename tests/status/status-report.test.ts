import { describe, expect, it } from 'vitest';
import type { HostPolitenessState } from '../../src/politeness/host-limiter.js';
import { runOutcome } from '../../src/status/run-outcome.js';
import { driftSection, driftWindows, failureJump, hostView, runView, STATUS_SCHEMA, statusAlarms, type StatusReport } from '../../src/status/status-report.js';
import type { CrawlRunRow, PageCountRow } from '../../src/store/status-store.js';

const NOW = new Date('2026-03-01T12:34:56.000Z');
const row = (hour: string, lang: 'en' | 'ko', fetched: number, parseFailed: number): PageCountRow => ({
  hour: `2026-03-01T${hour}:00:00.000Z`,
  lang,
  fetched,
  parseFailed,
});

const run = (over: Partial<CrawlRunRow> = {}): CrawlRunRow => ({
  runId: 'r1',
  trigger: 'schedule',
  startedAt: '2026-03-01T12:00:00.000Z',
  lastActivityAt: '2026-03-01T12:05:00.000Z',
  finishedAt: null,
  outcome: null,
  pagesDone: 3,
  pagesFailed: 0,
  articlesDone: 40,
  articlesFailed: 1,
  ...over,
});

describe('driftWindows / driftSection', () => {
  it('the current window is the last N whole hours ending with the current hour; the previous one the N before', () => {
    expect(driftWindows(NOW, 6)).toEqual({ currentFrom: new Date('2026-03-01T07:00:00.000Z'), previousFrom: new Date('2026-03-01T01:00:00.000Z') });
    expect(driftWindows(NOW, 1)).toEqual({ currentFrom: new Date('2026-03-01T12:00:00.000Z'), previousFrom: new Date('2026-03-01T11:00:00.000Z') });
  });

  it('sums the hourly rows into the two windows per language and raises on a jump', () => {
    const rows = [
      row('00', 'en', 1000, 1000), // before both windows: ignored
      row('01', 'en', 100, 1),
      row('06', 'en', 100, 1),
      row('07', 'en', 50, 10),
      row('12', 'en', 50, 5),
      row('03', 'ko', 100, 2),
      row('10', 'ko', 100, 2),
    ];
    const d = driftSection(rows, NOW, 6);
    expect(d.byLang.en).toMatchObject({ current: { fetched: 100, parseFailed: 15 }, previous: { fetched: 200, parseFailed: 2 }, raised: true });
    expect(d.byLang.en.reason).toMatch(/jumped from 1\.0 % to 15\.0 %/);
    expect(d.byLang.ko).toMatchObject({ current: { fetched: 100, parseFailed: 2 }, previous: { fetched: 100, parseFailed: 2 }, raised: false });
    expect(d).toMatchObject({
      available: true,
      windowHours: 6,
      currentFrom: '2026-03-01T07:00:00.000Z',
      previousFrom: '2026-03-01T01:00:00.000Z',
      raised: true,
    });
  });

  it('a quiet store is no alarm', () => {
    const d = driftSection([], NOW, 6);
    expect(d.raised).toBe(false);
    expect(d.byLang.en.reason).toMatch(/too few pages/);
  });
});

describe('failureJump', () => {
  it('a handful is never an alarm; a day well above the days before is', () => {
    expect(failureJump(19, 19).raised).toBe(false);
    expect(failureJump(20, 20)).toMatchObject({ raised: true });
    expect(failureJump(30, 30 + 6 * 30)).toMatchObject({ raised: false }); // a steady 30 a day
    expect(failureJump(90, 90 + 6 * 30)).toMatchObject({ raised: true });
    expect(failureJump(89, 89 + 6 * 30).raised).toBe(false);
    expect(failureJump(90, 90 + 6 * 30).reason).toBe('90 failures in 24 h against 30.0 a day in the 6 days before');
  });
});

describe('runView / runOutcome', () => {
  it('a recorded end stands; otherwise idle queues finish the run at its last activity, busy ones keep it running', () => {
    expect(runView(run({ finishedAt: '2026-03-01T12:06:00.000Z', outcome: 'failed' }), false)).toMatchObject({
      state: 'finished',
      outcome: 'failed',
      finishDerived: false,
    });
    expect(runView(run(), true)).toMatchObject({ state: 'finished', finishedAt: '2026-03-01T12:05:00.000Z', outcome: 'ok', finishDerived: true });
    expect(runView(run(), false)).toMatchObject({ state: 'running', finishedAt: null, outcome: null });
    expect(runView(run(), null)).toMatchObject({ state: 'unknown', finishedAt: null });
  });

  it('follows the crawl command: a failed discovery page, or failures with no article done, fail the run', () => {
    expect(runOutcome({ pagesFailed: 0, articlesFailed: 3, articlesDone: 1 })).toBe('ok');
    expect(runOutcome({ pagesFailed: 1, articlesFailed: 0, articlesDone: 50 })).toBe('failed');
    expect(runOutcome({ pagesFailed: 0, articlesFailed: 2, articlesDone: 0 })).toBe('failed');
    expect(runOutcome({ pagesFailed: 0, articlesFailed: 0, articlesDone: 0 })).toBe('ok');
  });
});

describe('statusAlarms', () => {
  const host = (over: Partial<HostPolitenessState> = {}): HostPolitenessState => ({
    host: 'www.donga.com',
    pausedUntil: null,
    pauseReason: null,
    pausedSince: null,
    nextFreeSlot: NOW.toISOString(),
    sentLastMinute: 30,
    limitPerMinute: 60,
    ...over,
  });
  const healthy = (): Omit<StatusReport, 'alarms' | 'warnings'> => ({
    schema: STATUS_SCHEMA,
    generatedAt: NOW.toISOString(),
    redis: { available: true, url: 'redis://127.0.0.1:6379', reason: null },
    store: { available: true, backend: 'sqlite', location: './data/donga.sqlite', reason: null },
    queues: { available: true, idle: true, byQueue: {} as never },
    schedule: { available: true, installed: true, id: 'crawl-schedule', pattern: '*/30 * * * *', tz: 'Asia/Seoul', nextRunAt: null },
    runs: { available: true, last: runView(run(), true), recent: [] },
    pairs: {
      available: true,
      total: 0,
      byStatus: {},
      byVerdict: {},
      revisions: 0,
      lastHour: { revisions: 0, newPairs: 0 },
      lastDay: { revisions: 0, newPairs: 0 },
    },
    failures: { available: true, last24h: { total: 0, groups: [] }, last7d: { total: 0, groups: [] }, jump: failureJump(0, 0) },
    drift: driftSection([], NOW, 6),
    hosts: { available: true, hosts: [hostView(host())] },
  });

  it('a healthy fleet has no alarm and no warning', () => {
    expect(statusAlarms(healthy())).toEqual({ alarms: [], warnings: [] });
  });

  it('drift, a failure jump, a failed last run and an unreachable Redis or store are alarms', () => {
    const r = healthy();
    r.drift = driftSection([row('12', 'ko', 40, 20)], NOW, 6);
    r.failures = { available: true, last24h: { total: 25, groups: [] }, last7d: { total: 25, groups: [] }, jump: failureJump(25, 25) };
    r.runs = { available: true, last: runView(run({ pagesFailed: 1 }), true), recent: [] };
    r.redis = { available: false, url: 'redis://127.0.0.1:1', reason: 'connect ECONNREFUSED' };
    r.store = { ...r.store, available: false, reason: 'locked' };
    expect(statusAlarms(r).alarms.map((a) => a.code)).toEqual(['redis_unreachable', 'store_unavailable', 'layout_drift', 'failures_jump', 'last_run_failed']);
    expect(statusAlarms(r).alarms[2]!.message).toMatch(/^Korean pages: 50\.0 %/);
  });

  it('a paused host, a host over its limit and a missing scheduler are warnings only', () => {
    const r = healthy();
    r.hosts = {
      available: true,
      hosts: [
        hostView(host({ pausedUntil: '2026-03-01T13:00:00.000Z', pauseReason: 'HTTP 429, Retry-After: 1500' })),
        hostView(host({ host: 'b', sentLastMinute: 61 })),
      ],
    };
    r.schedule = { available: true, installed: false, id: null, pattern: null, tz: null, nextRunAt: null };
    const { alarms, warnings } = statusAlarms(r);
    expect(alarms).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['host_paused', 'host_over_limit', 'no_schedule']);
    expect(warnings[0]!.message).toBe('www.donga.com paused until 2026-03-01T13:00:00.000Z (HTTP 429, Retry-After: 1500)');
  });

  it('hostView gives requests per second against the limit', () => {
    expect(hostView(host({ sentLastMinute: 90, limitPerMinute: 120 }))).toMatchObject({ requestsPerSecond: 1.5, limitPerSecond: 2 });
  });
});
