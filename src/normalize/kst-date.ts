/**
 * Dates as the site prints them, all in Korea time (UTC+9, no DST), to ISO 8601 with seconds
 * and `+09:00`. Pure: no clock, no time-zone database.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Builds `YYYY-MM-DDTHH:MM:SS+09:00` after checking every field is in range; null otherwise. */
export function kstIso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > dim) return null;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+09:00`;
}

/** A named capture group when `g`, else a non-capturing one (LABELED_RE embeds the patterns unnamed). */
const G = (g: boolean, name: string) => (g ? `(?<${name}>` : '(?:');
// A clock time, 24-hour or 12-hour: `07:38`, `7:38 p.m.`, `오후 3:33`, `03:33 PM`.
const TIME = (g: boolean) =>
  `(?:${G(g, 'pre')}오전|오후|AM|PM|am|pm)\\s*)?${G(g, 'h')}\\d{1,2}):${G(g, 'mi')}\\d{2})(?::${G(g, 's')}\\d{2}))?(?:\\s*${G(g, 'post')}[AaPp]\\.?[Mm]\\.?)(?![A-Za-z]))?`;
// `April. 03, 2020 07:38`, `Sept. 9, 2021 10:05`, `Sept.09,2021 10:05`, `May 21, 2024 08:00`, `April 3, 2020 at 7:38 a.m.`.
const EN_MDY = (g: boolean) =>
  `\\b${G(g, 'mon')}[A-Za-z]{3,9})(?:\\.\\s*|\\s+)${G(g, 'd')}\\d{1,2})(?:,\\s*|\\s+)${G(g, 'y')}\\d{4})(?:\\s*,?\\s+(?:at\\s+)?${TIME(g)})?`;
// `3 April 2020 07:38`, `03 Sept. 2021, 10:05` (day first).
const EN_DMY = (g: boolean) => `\\b${G(g, 'd')}\\d{1,2})\\s+${G(g, 'mon')}[A-Za-z]{3,9})\\.?,?\\s+${G(g, 'y')}\\d{4})(?:\\s*,?\\s+(?:at\\s+)?${TIME(g)})?`;
// `2020-04-03 03:00`, `2015-07-08 03:00:00`, `2020.04.03 03:00`, `2020/04/03`, `2020.04.03 오후 3:33`, `2020-04-03T03:00:00+09:00`.
const NUM = (g: boolean) => `\\b${G(g, 'y')}\\d{4})\\s*[-./]\\s*${G(g, 'mo')}\\d{1,2})\\s*[-./]\\s*${G(g, 'd')}\\d{1,2})\\.?(?:(?:\\s+|T)${TIME(g)})?`;
const EN_RE = new RegExp(EN_MDY(true));
const EN_DMY_RE = new RegExp(EN_DMY(true));
const NUM_RE = new RegExp(`${NUM(true)}(?<tz>Z|[+-]\\d{2}:?\\d{2})?`);
// `2020년 4월 3일 03:00` / `2020년 04월 03일 오후 3시 5분` are rare; the common form has HH:MM.
const KO_RE = /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*(오전|오후)?\s*(\d{1,2})\s*[:시]\s*(\d{1,2})?)?/;

/** 12-hour clock → 24-hour; a marker on an hour above 12 is ignored (`13:00 PM`). */
function hour24(h: number, marker: string | undefined): number {
  if (!marker || h > 12) return h;
  const pm = marker === '오후' || /^p/i.test(marker);
  return pm ? (h % 12) + 12 : h % 12;
}

function fromGroups(gr: Record<string, string | undefined>, mo: number): string | null {
  const h = gr['h'] === undefined ? 0 : hour24(+gr['h'], gr['pre'] ?? gr['post']);
  return kstIso(+gr['y']!, mo, +gr['d']!, h, gr['mi'] ? +gr['mi'] : 0, gr['s'] ? +gr['s'] : 0);
}

/**
 * Finds the first date in `text` and returns it as Korea time, or null when there is none or it
 * is out of range. A timestamp that carries its own offset is converted to +09:00.
 */
export function parseKstDate(text: string): string | null {
  const num = NUM_RE.exec(text);
  if (num?.groups) {
    const base = fromGroups(num.groups, +num.groups['mo']!);
    const tz = num.groups['tz'];
    if (base && tz) return shiftToKst(base, tz);
    if (base) return base;
  }
  for (const re of [EN_RE, EN_DMY_RE]) {
    const en = re.exec(text);
    const mo = en?.groups ? MONTHS[en.groups['mon']!.toLowerCase()] : undefined;
    if (en?.groups && mo) {
      const iso = fromGroups(en.groups, mo);
      if (iso) return iso;
    }
  }
  const ko = KO_RE.exec(text);
  if (ko) {
    const [, y, mo, d, ampm, h, mi] = ko;
    let hour = h ? +h : 0;
    if (ampm === '오후' && hour < 12) hour += 12;
    if (ampm === '오전' && hour === 12) hour = 0;
    return kstIso(+y!, +mo!, +d!, hour, mi ? +mi : 0);
  }
  return null;
}

/** Re-expresses a wall time written with offset `tz` (`Z`, `+0000`, `-05:00`) as Korea time. */
function shiftToKst(isoKst: string, tz: string): string | null {
  const wall = isoKst.slice(0, 19);
  const offset = tz === 'Z' ? '+00:00' : tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz;
  const ms = Date.parse(`${wall}${offset}`);
  if (Number.isNaN(ms)) return null;
  return toKstIso(ms);
}

/** Epoch milliseconds → `YYYY-MM-DDTHH:MM:SS+09:00`. */
export function toKstIso(ms: number): string {
  const d = new Date(ms + 9 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}+09:00`;
}

export type DateLabel = 'posted' | 'updated' | 'input' | 'modified';

const LABELS: [RegExp, DateLabel][] = [
  [/^posted$/i, 'posted'],
  [/^updated$/i, 'updated'],
  [/^입력$/, 'input'],
  [/^(수정|업데이트)$/, 'modified'],
];

// Labels are matched in their printed case only (`Posted`/`POSTED`), so a sentence such as
// "the company posted April 3 sales" is no date line.
const LABELED_RE = new RegExp(`(Posted|POSTED|Updated|UPDATED|입력|수정|업데이트)\\s*[:：]?\\s*(${EN_MDY(false)}|${EN_DMY(false)}|${NUM(false)})`, 'g');

/**
 * Every labelled date in a piece of text (`Posted April. 03, 2020 07:38, Updated …`,
 * `입력 2020-04-03 03:00 업데이트 …`), matched by label, not by position. First one per label wins.
 */
export function findLabeledDates(text: string): Partial<Record<DateLabel, string>> {
  const out: Partial<Record<DateLabel, string>> = {};
  for (const m of text.matchAll(LABELED_RE)) {
    const label = LABELS.find(([re]) => re.test(m[1]!))?.[1];
    const iso = parseKstDate(m[2]!);
    if (label && iso && out[label] === undefined) out[label] = iso;
  }
  return out;
}

/** The Korea-time calendar day of an instant, as `YYYYMMDD`. */
export function kstYmd(t: Date): string {
  return new Date(t.getTime() + 9 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}
