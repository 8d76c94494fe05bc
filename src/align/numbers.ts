/**
 * Numbers of Korean and English news text, normalised to their values, so the two sides of a translation meet on
 * the value whatever the notation: `1억1천만` = `110 million` = 110,000,000; `7만3600원` = `73,600 won`; `3.5조` =
 * `3.5 trillion`; `.298` = 0.298; `1,385.2원` = `1,385.2`. Calendar days and months are left out (`2일`, `10월`,
 * `March 31`, `Jan. 1`): the English edition gives weekdays and month names where the Korean gives numbers.
 * Language-specific: Korean units are read only in Korean text, English scale words only in English. Pure.
 *
 * (Written inside src/align for now; to be merged with the pair verifier's number normalisation.)
 */

/** Korean big units (groups of four digits). */
const KO_BIG: Readonly<Record<string, number>> = { 만: 1e4, 억: 1e8, 조: 1e12, 경: 1e16 };
/** Korean small multipliers written after digits (`3천`, `5백만`). */
const KO_SMALL: Readonly<Record<string, number>> = { 십: 10, 백: 100, 천: 1000 };
/** English scale words (and the abbreviations news copy uses) after a number: `1.1 billion`, `$3bn`. */
const EN_SCALE: Readonly<Record<string, number>> = {
  thousand: 1e3, million: 1e6, mn: 1e6, mln: 1e6, billion: 1e9, bn: 1e9, bln: 1e9, trillion: 1e12, tn: 1e12, tr: 1e12,
};
const MONTH_BEFORE =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s$/;

/** `1,385.2`, `2020`, `3.5`, and a bare leading-point decimal (`.298`, a batting average) after a non-word. */
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\p{L}\p{N}.,])\.\d+/gu;
/**
 * One more Korean chunk after a big unit: `1억[1천만]`, `12조[3천억]`, `3억 [5000만]` (a unit after it, a space
 * allowed), or `7만[3600]` (no unit: the remainder, glued to the unit before it).
 */
const KO_CHUNK = /^(\s?)(\d+(?:\.\d+)?)([십백천]?)([만억조]?)/;

export type NumberLang = 'en' | 'ko';

/** The numbers of a text in order of appearance, each value once, normalised (see the module note). */
export function extractNumbers(text: string, lang: NumberLang): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    let value = Number(m[0].replace(/,/g, ''));
    let end = m.index + m[0].length;
    if (lang === 'ko') {
      const small = KO_SMALL[text[end] ?? ''];
      if (small) {
        value *= small;
        end++;
      }
      let big = KO_BIG[text[end] ?? ''];
      if (big) {
        value *= big;
        end++;
        // `1억1천만`, `7만3600`: chunks with strictly smaller units (or none) add up.
        for (;;) {
          const c = KO_CHUNK.exec(text.slice(end));
          if (!c) break;
          const [whole, space, digits, smallUnit, bigUnit] = c as unknown as [string, string, string, string, string];
          if (!smallUnit && !bigUnit && (space || /[\d.,]/.test(text[end + whole.length] ?? ''))) break;
          const nextBig = bigUnit ? KO_BIG[bigUnit]! : 1;
          const add = Number(digits) * (smallUnit ? KO_SMALL[smallUnit]! : 1) * nextBig;
          if (nextBig >= big || add >= big) break;
          value += add;
          big = nextBig;
          end += whole.length;
          if (nextBig === 1) break;
        }
      } else if (!small) {
        // Days and months: `2일`, `10월` (`취임 100일` stays).
        if (/^일/.test(text.slice(end)) && value <= 31) value = NaN;
        else if (/^월/.test(text.slice(end)) && value <= 12) value = NaN;
      }
    } else {
      const scale = /^[\s-]?([a-z]+)/.exec(text.slice(end));
      const factor = scale ? EN_SCALE[scale[1]!] : undefined;
      if (factor) {
        value *= factor;
        end += scale![0].length;
      } else if (value <= 31 && Number.isInteger(value) && MONTH_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) {
        value = NaN; // `March 31`, `Jan. 1` (`January 2023` stays)
      }
    }
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, end);
    if (!Number.isFinite(value)) continue;
    value = Number(value.toPrecision(12)); // 1.1 × 1e8 is 110000000.00000001 in binary
    if (!seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}
