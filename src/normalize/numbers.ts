/**
 * Numbers as values, the same in both languages: `1억1천만` = `110 million`, `7만3600원` = `73,600 won`,
 * `3.5조` = `3.5 trillion`, `.298` = `0.298`, `41%` = `41 percent`, `$250-million` = `2억5000만 달러`. Pair
 * verification compares the sets of an article's two sides (docs/alignment.md, Numbers); the sentence aligner uses the same
 * values as anchors, so a number that matches across a pair also matches across a sentence bead. Pure.
 *
 * Units are read by their script, not by a declared language: a Korean unit is a Hangul syllable glued to digits,
 * an English scale word a Latin word after them, and each names the same value wherever it appears (Korean copy
 * quotes `1.5 million`; a title in English is no less English for its capitals, `$110 Million`). So the one
 * function serves both sides without a language argument.
 *
 * Values are magnitudes: a sign is as often a word (`fell 3.5 percent`, `영하 5도`, `down 2.1%`) as a hyphen, and a
 * hyphen before digits is as often a joiner (`COVID-19`, `2020-2023`) as a minus, so `-3.5%` is 3.5. Fractions are
 * read as their parts (`1/3` → 1, 3; `3분의 1` → 3, 1): English news spells fractions out (`a third`,
 * `two-thirds`), and a slash also writes names (`9/11`, `24/7`), so a quotient would be a value neither side shares.
 */

/**
 * What a number is, so consumers can weigh it: a year is weak evidence, a 4-digit amount strong. `date` (a calendar
 * day or month) only appears when asked for ({@link FindNumbersOptions.dates}).
 */
export type NumberKind = 'integer' | 'decimal' | 'percent' | 'year' | 'date';

export interface NumberMention {
  /** The value: units applied (`150만` → 1500000, `1.5 million` → 1500000, `41%` → 41). */
  value: number;
  /** Canonical string of the value (12 significant digits), the key to compare on. */
  key: string;
  kind: NumberKind;
  /** Offsets of the mention in the text (units included). */
  start: number;
  end: number;
}

export interface FindNumbersOptions {
  /**
   * Keep calendar days and months (`2일`, `10월`, `March 31`, `5 March`, `Jan. 1`), as kind `date`. Left out by
   * default: the English edition gives weekdays and month names where the Korean gives numbers (`지난달 31일` is
   * `on Tuesday`), so they are not comparable across a translation. @defaultValue false
   */
  dates?: boolean;
}

/** Korean big units (groups of four digits). */
const KO_BIG: Readonly<Record<string, number>> = { 만: 1e4, 억: 1e8, 조: 1e12, 경: 1e16 };
/** Korean small multipliers written after digits (`3천`, `5백만`). */
const KO_SMALL: Readonly<Record<string, number>> = { 십: 10, 백: 100, 천: 1000 };
/** English scale words (and the abbreviations news copy uses) after a number: `1.1 billion`, `$3bn`, `4 tn`. */
const EN_SCALE: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  mn: 1e6,
  mln: 1e6,
  billion: 1e9,
  bn: 1e9,
  bln: 1e9,
  trillion: 1e12,
  tn: 1e12,
};
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';
/** `March 31`, `Jan. 1` (case kept: `may 20 people` is no date). */
const MONTH_BEFORE = new RegExp(`\\b(?:${MONTHS})\\.?\\s$`);
/** `31 December`, `5 March 2024`. */
const MONTH_AFTER = new RegExp(`^\\s(?:${MONTHS})\\b`);
/** Korean day counts, not dates: `30일간`, `100일째`, `3일 만에`, `5일 동안`. */
const KO_DAY_COUNT = /^일(?:간|째|\s?만에|\s?동안)/;
/** The first number of a Korean date range takes the unit of the second: `10~12월`, `5∼7일`. */
const KO_DATE_RANGE = /^\s?[~∼～〜–-]\s?\d{1,2}\s?([월일])/;
/** What joins a date to a second day of the same month: `March 5-7`, `March 5 and 6`, `Jan. 1 to 3`. */
const DATE_JOINER = /^(?:\s?[-–~]\s?|,?\s(?:to|and|or|through)\s)$/;

/**
 * `1,234,567.8`, `1234.5`, and a bare leading-point decimal (`.298`, a batting average) after neither a letter nor
 * a digit, point or comma (`No.5` is 5, not 0.5).
 */
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\p{L}\p{N}.,])\.\d+/gu;
/**
 * The digits of one more Korean chunk after a big unit: `1억[1]천만`, `12조[3]천억`, `1조[2,000]억`, `3억 [5000]만`
 * (a space allowed before it), `7만[3600]` (no unit: the remainder, glued to the unit before it).
 */
const KO_CHUNK = /^(\s?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)/;
/** A part of a four-digit group after a small unit, glued: `1천[5]백`, `1천[500]`, `2천[500]억`. */
const KO_GROUP_PART = /^(\d+)([십백천]?)/;
/** A percent sign or word after a number; `percentage points` too, as `%포인트`/`%p` are. */
const PERCENT_AFTER = /^\s?(?:%|％|퍼센트|percentage\s+points?\b|percent\b|per cent\b|pct\b)/i;
/** The first Latin word after a number, maybe hyphenated to it (`$250-million`, `3bn`, `$110 Million`). */
const SCALE_AFTER = /^[\s-]?([A-Za-z]+)/;

/** The canonical comparison key of a value: 12 significant digits, so `0.1 + 0.2` and `0.3` agree. */
export function numberKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * The rest of a Korean four-digit group after its first digits (`value`, ending at `end`): a small unit multiplies
 * them (`3천`, `5백`), and glued parts with smaller units or a smaller remainder add up, as wire copy writes groups
 * (`1천500` = 1500, `2천5백` = 2500, `1천500만` = 15,000,000). `small` tells whether a small unit was read.
 */
function koreanGroup(text: string, end: number, value: number): { value: number; end: number; small: boolean } {
  const first = KO_SMALL[text[end] ?? ''];
  if (!first) return { value, end, small: false };
  value *= first;
  end++;
  for (let last = first; last > 1; ) {
    const p = KO_GROUP_PART.exec(text.slice(end));
    if (!p) break;
    const [whole, digits, smallUnit] = p as unknown as [string, string, string];
    if (!smallUnit && /[.,]/.test(text[end + whole.length] ?? '')) break;
    const unit = smallUnit ? KO_SMALL[smallUnit]! : 1;
    const add = Number(digits) * unit;
    if (unit >= last || add >= last) break;
    value += add;
    end += whole.length;
    last = unit;
  }
  return { value, end, small: true };
}

/**
 * Korean big-unit chunks from `end` on, added to `value` whose last unit is `big`. Each chunk must have a strictly
 * smaller unit and stay below it (`1억1천만`, `1억2천500만`, `7만3600`); otherwise it is a new number: `1만12000`,
 * `10만 20대` (a bare number after a space), `3억 5`. A bare glued remainder is read by the grammar (`3억5000` =
 * 300,005,000), as Korean writes it; `3억5000만` is the usual form and reads the same either way.
 */
function koreanChunks(text: string, end: number, value: number, big: number): { value: number; end: number } {
  for (;;) {
    const c = KO_CHUNK.exec(text.slice(end));
    if (!c) break;
    const [whole, space, digits] = c as unknown as [string, string, string];
    const group = koreanGroup(text, end + whole.length, Number(digits.replace(/,/g, '')));
    const bigUnit = KO_BIG[text[group.end] ?? ''];
    if (!group.small && !bigUnit && (space || /[\d.,]/.test(text[group.end] ?? ''))) break;
    const nextBig = bigUnit ?? 1;
    const add = group.value * nextBig;
    if (nextBig >= big || add >= big) break;
    value += add;
    big = nextBig;
    end = group.end + (bigUnit ? 1 : 0);
    if (nextBig === 1) break;
  }
  return { value, end };
}

/**
 * Whether a plain integer (no unit, no point, no comma) at `start`–`end` is a calendar day or month, and written
 * how: `ko` for `2일`, `10월`, `10~12월`; `en` for `March 31`, `31 December` and the second day of `March 5-7`
 * (`lastEnDateEnd`: where the previous English date ended, or -1). `취임 100일`, `30일간` and `January 2023` are
 * not dates.
 */
function calendarNumber(text: string, start: number, end: number, value: number, lastEnDateEnd: number): 'ko' | 'en' | null {
  if (value > 31) return null;
  const after = text.slice(end);
  if (/^일/.test(after)) return KO_DAY_COUNT.test(after) ? null : 'ko';
  if (/^월/.test(after)) return value <= 12 ? 'ko' : null;
  const range = KO_DATE_RANGE.exec(after);
  if (range) return range[1] === '일' || value <= 12 ? 'ko' : null;
  if (MONTH_BEFORE.test(text.slice(Math.max(0, start - 12), start)) || MONTH_AFTER.test(after)) return 'en';
  return lastEnDateEnd >= 0 && DATE_JOINER.test(text.slice(lastEnDateEnd, start)) ? 'en' : null;
}

/**
 * Every number of `text` with its value, in order of appearance. Calendar days and months are left out unless
 * {@link FindNumbersOptions.dates} asks for them.
 */
export function findNumbers(text: string, opts: FindNumbersOptions = {}): NumberMention[] {
  const out: NumberMention[] = [];
  let lastEnDateEnd = -1;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const group = koreanGroup(text, start + raw.length, Number(raw.replace(/,/g, '')));
    let { value, end } = group;
    let scaled = group.small;
    let date: 'ko' | 'en' | null = null;
    const big = KO_BIG[text[end] ?? ''];
    if (big) {
      ({ value, end } = koreanChunks(text, end + 1, value * big, big));
      scaled = true;
    } else if (!group.small) {
      const word = SCALE_AFTER.exec(text.slice(end));
      const factor = word ? EN_SCALE[word[1]!.toLowerCase()] : undefined;
      if (factor) {
        value *= factor;
        end += word![0].length;
        scaled = true;
      } else if (/^\d+$/.test(raw)) {
        // Only a plain integer can be a date: `5.1일` is 5.1 days.
        date = calendarNumber(text, start, end, value, lastEnDateEnd);
      }
    }
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, end);
    // Korean days carry their own unit; only an English date can lend its month to a following bare day.
    lastEnDateEnd = date === 'en' ? end : -1;
    if (date) {
      if (opts.dates) out.push({ value, key: numberKey(value), kind: 'date', start, end });
      continue;
    }
    const pct = scaled ? null : PERCENT_AFTER.exec(text.slice(end));
    let kind: NumberKind;
    if (pct) {
      kind = 'percent';
      end += pct[0].length;
    } else if (!scaled && /^\d{4}$/.test(raw) && value >= 1900 && value <= 2100) kind = 'year';
    else kind = Number.isInteger(value) ? 'integer' : 'decimal';
    out.push({ value, key: numberKey(value), kind, start, end });
  }
  return out;
}

export interface NumberSetOptions extends FindNumbersOptions {
  /**
   * Integers below this are left out: English news style spells out one to nine (`two people` = `2명`), so a
   * single digit agrees across languages too rarely to be evidence. Percents, decimals and years stay (style
   * guides write `5 percent` in figures). @defaultValue 10
   */
  minInteger?: number;
  /** Keep years (1900–2100 written as four digits). @defaultValue true */
  years?: boolean;
}

/**
 * The distinct value keys of `text` in order of first appearance, after {@link findNumbers}, small integers (and
 * optionally years) dropped.
 */
export function numberKeys(text: string, opts: NumberSetOptions = {}): Set<string> {
  const min = opts.minInteger ?? 10;
  const out = new Set<string>();
  for (const n of findNumbers(text, opts)) {
    if (n.kind === 'year' && opts.years === false) continue;
    if ((n.kind === 'integer' || n.kind === 'date') && n.value < min) continue;
    out.add(n.key);
  }
  return out;
}
