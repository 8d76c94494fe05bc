import { QUEUE_NAMES } from '../queue/names.js';
import type { RunView, StatusReport } from './status-report.js';

/** The human view of a status report: compact aligned sections, times in UTC. Pure (the report carries `now`). */

/** `2026-12-02 07:10:03Z`: short enough for a table, unambiguous. */
function shortTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** Aligns rows of cells into columns (numbers right-aligned), two spaces apart, with a left indent. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) for (const [i, c] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  const numeric = (c: string) => /^-?[\d.,]+( %)?$/.test(c) || c === '-';
  return rows.map((r) =>
    (
      indent + r.map((c, i) => (i === r.length - 1 && !numeric(c) ? c : numeric(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
    ).trimEnd(),
  );
}

const pct = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
/** Verdicts from most to least trusted, paired records without one last. */
const VERDICT_ORDER = ['verified', 'plausible', 'suspect', 'mismatch', 'unverified'];
const rank = (k: string): number => (VERDICT_ORDER.includes(k) ? VERDICT_ORDER.indexOf(k) : VERDICT_ORDER.length);
const counts = (o: Record<string, number>, order?: (k: string) => number): string =>
  (order ? Object.entries(o).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)) : Object.entries(o)).map(([k, v]) => `${k} ${v}`).join(', ') ||
  'none';

function duration(fromIso: string, toIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function runLine(r: RunView, now: string): string {
  const what = `${r.pagesDone} discovery pages (${r.pagesFailed} failed), ${r.articlesDone} articles (${r.articlesFailed} failed)`;
  const head = `${r.runId} (${r.trigger}) started ${shortTime(r.startedAt)}`;
  if (r.state === 'finished') {
    const end = r.finishDerived ? `finished ${shortTime(r.finishedAt)} (last activity; queues idle)` : `finished ${shortTime(r.finishedAt)}`;
    return `${head}, ${end} after ${duration(r.startedAt, r.finishedAt ?? r.startedAt)}: ${r.outcome ?? '?'}; ${what}`;
  }
  if (r.state === 'running') return `${head}, running for ${duration(r.startedAt, now)}, last activity ${shortTime(r.lastActivityAt)}; ${what}`;
  return `${head}, state unknown without Redis, last activity ${shortTime(r.lastActivityAt)}; ${what}`;
}

export function formatStatus(r: StatusReport): string[] {
  const out: string[] = [];
  const na = (reason: string) => `  unavailable: ${reason}`;
  out.push(`donga-ingest status at ${shortTime(r.generatedAt)}`);
  out.push(`redis:     ${r.redis.url} ${r.redis.available ? 'up' : 'DOWN (queue, scheduler and host sections unavailable)'}`);
  out.push(`store:     ${r.store.backend} ${r.store.location}${r.store.available ? '' : ` UNAVAILABLE: ${r.store.reason ?? ''}`}`);

  out.push('', 'queues');
  if (r.queues.available) {
    const q = r.queues.byQueue;
    out.push(
      ...table([
        ['queue', 'waiting', 'active', 'delayed', 'children', 'failed', 'completed', 'scheduled'],
        ...QUEUE_NAMES.map((n) => [
          n,
          ...[q[n].waiting, q[n].active, q[n].delayed, q[n].waitingChildren, q[n].failed, q[n].completed, q[n].scheduled].map(String),
        ]),
      ]),
    );
  } else out.push(na(r.queues.reason));

  out.push('', 'crawl runs');
  if (r.schedule.available) {
    const s = r.schedule;
    out.push(s.installed ? `  schedule:  "${s.pattern}" (${s.tz}), next run ${shortTime(s.nextRunAt)}` : '  schedule:  none installed');
  } else out.push(`  schedule:  unavailable (Redis)`);
  if (r.runs.available) out.push(`  last run:  ${r.runs.last ? runLine(r.runs.last, r.generatedAt) : 'none recorded'}`);
  else out.push(na(r.runs.reason));

  out.push('', 'pairs');
  if (r.pairs.available) {
    const p = r.pairs;
    out.push(
      ...table([
        ['total', `${p.total}`, counts(p.byStatus)],
        ['verdicts', '', `${counts(p.byVerdict, rank)} (of paired)`],
        [
          'revisions',
          `${p.revisions}`,
          `last hour ${p.lastHour.revisions} (${p.lastHour.newPairs} new pairs), last day ${p.lastDay.revisions} (${p.lastDay.newPairs} new pairs)`,
        ],
      ]),
    );
  } else out.push(na(r.pairs.reason));

  out.push('', 'failures (by last seen)');
  if (r.failures.available) {
    const f = r.failures;
    out.push(`  last 24 h: ${f.last24h.total}, last 7 d: ${f.last7d.total}; ${f.jump.reason}`);
    if (f.last7d.groups.length) {
      const in24 = new Map(f.last24h.groups.map((g) => [`${g.code}/${g.lang}`, g.count]));
      out.push(
        ...table([
          ['code', 'lang', '24 h', '7 d', 'sample'],
          ...f.last7d.groups.slice(0, 15).map((g) => [g.code, g.lang, String(in24.get(`${g.code}/${g.lang}`) ?? 0), String(g.count), g.sampleUrl]),
        ]),
      );
      if (f.last7d.groups.length > 15) out.push(`  … ${f.last7d.groups.length - 15} more groups (--json lists all)`);
    }
  } else out.push(na(r.failures.reason));

  if (r.drift.available) {
    const d = r.drift;
    out.push('', `layout drift (parse failures per fetched page, last ${d.windowHours} h vs the ${d.windowHours} h before)`);
    out.push(
      ...table([
        ['lang', 'fetched', 'failed', 'rate', 'before', 'failed', 'rate', 'verdict'],
        ...(['en', 'ko'] as const).map((l) => {
          const x = d.byLang[l];
          return [
            l,
            String(x.current.fetched),
            String(x.current.parseFailed),
            pct(x.rate),
            String(x.previous.fetched),
            String(x.previous.parseFailed),
            pct(x.previousRate),
            `${x.raised ? 'ALARM: ' : ''}${x.reason}`,
          ];
        }),
      ]),
    );
  } else out.push('', 'layout drift', na(r.drift.reason));

  out.push('', 'hosts (politeness)');
  if (r.hosts.available) {
    if (!r.hosts.hosts.length) out.push('  no host contacted recently');
    else
      out.push(
        ...table([
          ['host', 'req/s (last min)', 'limit/s', 'paused until'],
          ...r.hosts.hosts.map((h) => [
            h.host,
            h.requestsPerSecond.toFixed(2),
            h.limitPerSecond.toFixed(2),
            h.pausedUntil ? `${shortTime(h.pausedUntil)} (${h.pauseReason ?? 'Retry-After'})` : '-',
          ]),
        ]),
      );
  } else out.push(na(r.hosts.reason));

  out.push('');
  if (!r.alarms.length) out.push('alarms:    none');
  for (const a of r.alarms) out.push(`ALARM ${a.code}: ${a.message}`);
  for (const w of r.warnings) out.push(`warning ${w.code}: ${w.message}`);
  return out;
}
