/**
 * Cheap lexical anchors for sentence alignment: numbers (normalised, so `1억1천만 달러` = `$110 million`) and
 * Latin-script tokens (`SMA`, `COVID-19`, `K-pop`). Language-agnostic: Korean number units only occur in Korean
 * text, and Latin tokens of the English side only matter where the Korean side has the same token. Pure.
 */

export interface SentenceAnchors {
  /** Normalised numeric values (as canonical strings), dates and small integers left out. */
  numbers: readonly string[];
  /** Latin-script tokens of two or more characters, case kept (`IT` is not `it`). */
  latin: readonly string[];
}

/** Korean big units (groups of four digits). */
const KO_BIG: Record<string, number> = { 만: 1e4, 억: 1e8, 조: 1e12 };
/** Korean small multipliers written after digits (`3천`, `5백만`). */
const KO_SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
const EN_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12 };
const MONTH_BEFORE =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s$/;

/**
 * Integers below this are ignored: English news style spells out one to nine (`two people` = `2명`), so a
 * single digit agrees across languages too rarely to be evidence.
 */
const MIN_INTEGER = 10;

const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;
/** One more Korean chunk right after a big unit: `1억[1천만]`, `12조[3천억]`, `3억 [5000만]`. */
const KO_CHUNK = /^\s?(\d+(?:\.\d+)?)([십백천]?)([만억조]?)/;

function canonical(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The numbers of a sentence, normalised; Korean day/month numbers (`2일`, `10월`) and English dates left out. */
export function extractNumbers(text: string): string[] {
  const out = new Set<string>();
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    let value = Number(m[0].replace(/,/g, ''));
    let end = m.index + m[0].length;
    const small = KO_SMALL[text[end] ?? ''];
    if (small) {
      value *= small;
      end++;
    }
    let big = KO_BIG[text[end] ?? ''];
    if (big) {
      value *= big;
      end++;
      // `1억1천만`: chunks with strictly smaller big units (or none) add up.
      for (;;) {
        const c = KO_CHUNK.exec(text.slice(end));
        if (!c || (!c[2] && !c[3])) break;
        const nextBig = c[3] ? KO_BIG[c[3]]! : 1;
        if (nextBig >= big) break;
        value += Number(c[1]) * (c[2] ? KO_SMALL[c[2]]! : 1) * nextBig;
        big = nextBig;
        end += c[0].length;
      }
    } else if (!small) {
      const scale = /^\s?([a-z]+)/.exec(text.slice(end));
      const factor = scale ? EN_SCALE[scale[1]!] : undefined;
      if (factor) value *= factor;
      // Days and months: `2일`, `10월` (the English side gives weekdays and month names), `March 31`, `Jan. 1`;
      // `취임 100일`, `January 2023` stay.
      else if (/^일/.test(text.slice(end)) && value <= 31) value = NaN;
      else if (/^월/.test(text.slice(end)) && value <= 12) value = NaN;
      else if (value <= 31 && MONTH_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) value = NaN;
    }
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, end);
    if (!Number.isFinite(value) || (Number.isInteger(value) && value < MIN_INTEGER)) continue;
    out.add(canonical(value));
  }
  return [...out];
}

/** Latin-script tokens (`SMA`, `G20`, `K-pop`, `Samsung`) of at least two characters. */
export function extractLatin(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*/g)) if (m[0].length >= 2) out.add(m[0]);
  return [...out];
}

/** Numbers and Latin tokens of one sentence. */
export function sentenceAnchors(text: string): SentenceAnchors {
  return { numbers: extractNumbers(text), latin: extractLatin(text) };
}
