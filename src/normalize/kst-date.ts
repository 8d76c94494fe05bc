/**
 * Dates as the site prints them, all in Korea time (UTC+9, no DST), to ISO 8601 with seconds
 * and `+09:00`. Pure: no clock, no time-zone database.
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Builds `YYYY-MM-DDTHH:MM:SS+09:00` after checking every field is in range; null otherwise. */
export function kstIso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > dim) return null;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+09:00`;
}

// `April. 03, 2020 07:38`, `Sept. 9, 2021 10:05`, `May 21, 2024 08:00`, optional `AM/PM`.
const EN_RE =
  /\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s*,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?/;
// `2020-04-03 03:00`, `2015-07-08 03:00:00`, `2020.04.03 03:00`, `2020/04/03`, `2020-04-03T03:00:00+09:00`.
const NUM_RE =
  /\b(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?/;
// `2020년 4월 3일 03:00` / `2020년 04월 03일 오후 3시 5분` are rare; the common form has HH:MM.
const KO_RE = /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*(오전|오후)?\s*(\d{1,2})\s*[:시]\s*(\d{1,2})?)?/;

/**
 * Finds the first date in `text` and returns it as Korea time, or null when there is none or it
 * is out of range. A timestamp that carries its own offset is converted to +09:00.
 */
export function parseKstDate(text: string): string | null {
  const num = NUM_RE.exec(text);
  if (num) {
    const [, y, mo, d, h, mi, s, tz] = num;
    const base = kstIso(+y!, +mo!, +d!, h ? +h : 0, mi ? +mi : 0, s ? +s : 0);
    if (base && tz) return shiftToKst(base, tz);
    if (base) return base;
  }
  const en = EN_RE.exec(text);
  if (en) {
    const [, mon, d, y, h, mi, s, ampm] = en;
    const mo = MONTHS[mon!.toLowerCase()];
    if (mo) {
      let hour = h ? +h : 0;
      if (ampm) {
        const pm = /^p/i.test(ampm);
        if (hour === 12) hour = pm ? 12 : 0;
        else if (pm) hour += 12;
      }
      const iso = kstIso(+y!, mo, +d!, hour, mi ? +mi : 0, s ? +s : 0);
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

const LABELED_RE =
  /(Posted|Updated|입력|수정|업데이트)\s*[:：]?\s*((?:[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}(?:\s*,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?)|(?:\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?))/g;

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
