import { extractNumbers, type NumberLang } from './numbers.js';

/**
 * Cheap lexical anchors for sentence alignment: numbers (normalised by {@link extractNumbers}, so `1억1천만 달러` =
 * `$110 million`, `7만3600원` = `73,600 won`) and Latin-script tokens (`SMA`, `COVID-19`, `K-pop`). Latin tokens of
 * the English side only matter where the Korean side has the same token. Pure.
 */

export interface SentenceAnchors {
  /** Normalised numeric values (as canonical strings), dates and small integers left out. */
  numbers: readonly string[];
  /** Latin-script tokens of two or more characters, case kept (`IT` is not `it`). */
  latin: readonly string[];
}

/**
 * Integers below this are ignored: English news style spells out one to nine (`two people` = `2명`), so a
 * single digit agrees across languages too rarely to be evidence.
 */
const MIN_INTEGER = 10;

/** A sentence's numbers as anchors: normalised values ({@link extractNumbers}) as strings, small integers left out. */
export function anchorNumbers(text: string, lang: NumberLang): string[] {
  return extractNumbers(text, lang)
    .filter((v) => !(Number.isInteger(v) && v < MIN_INTEGER))
    .map(String);
}

/** Latin-script tokens (`SMA`, `G20`, `K-pop`, `Samsung`) of at least two characters. */
export function extractLatin(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*/g)) if (m[0].length >= 2) out.add(m[0]);
  return [...out];
}

/** Numbers and Latin tokens of one sentence. */
export function sentenceAnchors(text: string, lang: NumberLang): SentenceAnchors {
  return { numbers: anchorNumbers(text, lang), latin: extractLatin(text) };
}
