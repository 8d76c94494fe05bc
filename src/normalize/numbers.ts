/**
 * Numbers as values, the same in both languages: `1억1천만` = `110 million`, `7만3600원` = `73,600 won`,
 * `3.5조` = `3.5 trillion`, `.298` = `0.298`, `41%` = `41 percent`. Pair verification compares the sets of an
 * article's two sides (bilingual.md §2.4); the sentence aligner uses the same values as anchors. Pure.
 */

/** What a number is, so consumers can weigh it: a year is weak evidence, a 4-digit amount strong. */
export type NumberKind = 'integer' | 'decimal' | 'percent' | 'year';

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

/** Korean big units (groups of four digits). */
const KO_BIG: Record<string, number> = { 만: 1e4, 억: 1e8, 조: 1e12 };
/** Korean small multipliers written after digits (`3천`, `5백만`). */
const KO_SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
const EN_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12 };
const MONTH_BEFORE =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s$/;

/** `1,234,567.8`, `1234.5`, `.298` (a batting average: no digit before the point, none glued before it). */
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\d.,])\.\d+/g;
/** One more Korean chunk right after a big unit: `1억[1천만]`, `12조[3천억]`, `3억 [5000만]`, `7만[3600]원`. */
const KO_CHUNK = /^\s?(\d+(?:\.\d+)?)([십백천]?)([만억조]?)/;
const PERCENT_AFTER = /^\s?(?:%|％|퍼센트|percent\b|per cent\b|pct\b)/i;

/** The canonical comparison key of a value: 12 significant digits, so `0.1 + 0.2` and `0.3` agree. */
export function numberKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Every number of `text` with its value. Calendar days and months (`2일`, `10월`, `March 31`, `Jan. 1`) are left
 * out: the other language writes them as weekdays and month names, so they are not comparable.
 */
export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const raw = m[0];
    let value = Number(raw.replace(/,/g, ''));
    let end = m.index + raw.length;
    let scaled = false;
    const small = KO_SMALL[text[end] ?? ''];
    if (small) {
      value *= small;
      end++;
      scaled = true;
    }
    let big = KO_BIG[text[end] ?? ''];
    if (big) {
      value *= big;
      end++;
      scaled = true;
      // `1억1천만`, `7만3600`: following chunks with strictly smaller big units (or none, after 만) add up.
      for (;;) {
        const c = KO_CHUNK.exec(text.slice(end));
        if (!c) break;
        const nextBig = c[3] ? KO_BIG[c[3]]! : 1;
        // A bare chunk (`7만 3600`) only right after 만 and without a space: `3억 5` is two numbers.
        if (!c[2] && !c[3] && (big !== 1e4 || c[0].startsWith(' '))) break;
        if (nextBig >= big) break;
        value += Number(c[1]) * (c[2] ? KO_SMALL[c[2]]! : 1) * nextBig;
        big = nextBig;
        end += c[0].length;
      }
    } else if (!small) {
      const after = text.slice(end);
      const scale = /^\s?([a-z]+)/.exec(after);
      const factor = scale ? EN_SCALE[scale[1]!] : undefined;
      if (factor) {
        value *= factor;
        end += scale![0].length;
        scaled = true;
      } else if (/^일/.test(after) && value <= 31 && !raw.includes('.')) value = NaN;
      else if (/^월/.test(after) && value <= 12 && !raw.includes('.')) value = NaN;
      else if (value <= 31 && MONTH_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) value = NaN;
    }
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, end);
    if (!Number.isFinite(value)) continue;
    const pct = PERCENT_AFTER.exec(text.slice(end));
    let kind: NumberKind;
    if (pct && !scaled) {
      kind = 'percent';
      end += pct[0].length;
    } else if (!scaled && /^\d{4}$/.test(raw) && value >= 1900 && value <= 2100) kind = 'year';
    else kind = Number.isInteger(value) ? 'integer' : 'decimal';
    out.push({ value, key: numberKey(value), kind, start: m.index, end });
  }
  return out;
}

export interface NumberSetOptions {
  /** Integers below this are left out (English spells out one to nine; day counts agree by chance). @defaultValue 10 */
  minInteger?: number;
  /** Keep years (1900–2100 written as four digits). @defaultValue true */
  years?: boolean;
}

/** The distinct value keys of `text`, after {@link findNumbers}, small integers (and optionally years) dropped. */
export function numberKeys(text: string, opts: NumberSetOptions = {}): Set<string> {
  const min = opts.minInteger ?? 10;
  const out = new Set<string>();
  for (const n of findNumbers(text)) {
    if (n.kind === 'year' && opts.years === false) continue;
    if (n.kind === 'integer' && n.value < min) continue;
    out.add(n.key);
  }
  return out;
}
