import { numberKeys } from '../normalize/numbers.js';

/**
 * Cheap lexical anchors for sentence alignment: numbers (normalised by {@link numberKeys}, the pair verifier's
 * normaliser, so `1억1천만 달러` = `$110 million`, `7만3600원` = `73,600 won`) and Latin-script tokens (`SMA`,
 * `COVID-19`, `K-pop`). Latin tokens of the English side only matter where the Korean side has the same token. Pure.
 */

export interface SentenceAnchors {
  /** Normalised numeric values (canonical keys, each once, in order), dates and integers below 10 left out. */
  numbers: readonly string[];
  /** Latin-script tokens of two or more characters, case kept (`IT` is not `it`). */
  latin: readonly string[];
}

/**
 * A sentence's numbers as anchors: the distinct value keys of {@link numberKeys}, in order. Calendar days and months
 * are left out (the English edition writes weekdays and month names), and so are integers below 10: English news
 * style spells out one to nine (`two people` = `2명`), so a single digit agrees across languages too rarely to be
 * evidence. Percents and decimals below 10 stay (`5 percent` = `5%`).
 */
export function anchorNumbers(text: string): string[] {
  return [...numberKeys(text, { minInteger: 10 })];
}

/** Latin-script tokens (`SMA`, `G20`, `K-pop`, `Samsung`) of at least two characters. */
export function extractLatin(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*/g)) if (m[0].length >= 2) out.add(m[0]);
  return [...out];
}

/** Numbers and Latin tokens of one sentence. */
export function sentenceAnchors(text: string): SentenceAnchors {
  return { numbers: anchorNumbers(text), latin: extractLatin(text) };
}
