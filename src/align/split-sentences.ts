/**
 * Rule-based sentence splitting for Korean and English news paragraphs (no model, no ICU: the result must not
 * change with the Node/ICU version, because exported sentence indices refer to it). One rule set serves both
 * languages; the Korean rules only fire next to Hangul. Pure.
 */

/** Terminal punctuation that can end a sentence. */
const TERMINALS = new Set(['.', '!', '?', '…', '。']);
/** Closing quotes and brackets that may follow the terminal (`…over." Then`, `…했다.” 그는`). */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '」', '』', '»', '›']);
/** A Korean sentence that is a bare quote ends with one of these syllables before the closing quote (`…어렵다” 정부는`). */
const KO_QUOTE_ENDINGS = new Set(['다', '요', '까', '죠']);
const KO_QUOTE_CLOSERS = new Set(['"', '”', '’']);

/** Abbreviations (lower-case, without the final period) after which a period never ends a sentence. */
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'rep',
  'reps',
  'sen',
  'gov',
  'pres',
  'rev',
  'hon',
  'amb',
  'st',
  'mt',
  'ft',
  'no',
  'nos',
  'vol',
  'vols',
  'fig',
  'vs',
  'v',
  'approx',
  'dept',
  'est',
  'e.g',
  'i.e',
  'cf',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
/**
 * Abbreviations that can also end a sentence (`Hyundai Motor Co. said` / `joined Hyundai Motor Co. He`). Like dotted
 * acronyms (`U.S.`, `p.m.`), they end one only when the next word is a common sentence opener.
 */
const SOMETIMES_FINAL = new Set(['co', 'corp', 'inc', 'ltd', 'jr', 'sr', 'bros', 'etc']);
const SENTENCE_OPENERS = new Set([
  'The',
  'A',
  'An',
  'He',
  'She',
  'It',
  'They',
  'We',
  'I',
  'You',
  'This',
  'That',
  'These',
  'Those',
  'There',
  'His',
  'Her',
  'Its',
  'Their',
  'Our',
  'But',
  'And',
  'Yet',
  'So',
  'In',
  'On',
  'At',
  'As',
  'If',
  'When',
  'While',
  'After',
  'Before',
  'However',
  'Meanwhile',
  'According',
  'Some',
  'Many',
  'Most',
  'Such',
  'Still',
  'Also',
  'Then',
  'What',
  'Why',
  'How',
]);

/** Opening quotation marks and the mark that closes each. */
const QUOTE_PAIRS: ReadonlyMap<string, string> = new Map([
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['«', '»'],
  ['"', '"'],
  ["'", "'"],
]);
const OPEN_CONTEXT = /[\s([{“‘「『«—–-]/;
const isLatin = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

/**
 * Top-level quotations of a paragraph as [open, close] index pairs (nested ones lie inside). Curly and corner
 * brackets pair by shape; a straight `"` or `'` opens only at a word start and closes only after a non-space, and a
 * `'`/`’` followed by a Latin letter is an apostrophe (`don't`, `Seoul’s`), not a closing mark. A mark that never
 * closes in the paragraph (a quote running into the next paragraph, a stray mark) makes no span.
 */
export function quotationSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const stack: { at: number; close: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const prev = text[i - 1];
    const next = text[i + 1];
    const closes = prev !== undefined && !isSpace(prev) && !((c === "'" || c === '’') && isLatin(next));
    const depth = closes ? stack.findLastIndex((q) => q.close === c) : -1;
    if (depth >= 0) {
      const open = stack[depth]!.at;
      stack.length = depth; // quotes opened inside and never closed are dropped
      if (depth === 0) spans.push([open, i]);
      continue;
    }
    const close = QUOTE_PAIRS.get(c);
    if (close === undefined) continue;
    if ((c === '"' || c === "'") && ((prev !== undefined && !OPEN_CONTEXT.test(prev)) || next === undefined || isSpace(next))) continue;
    stack.push({ at: i, close });
  }
  return spans;
}

const isHangul = (c: string | undefined): boolean => c !== undefined && /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]/.test(c);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isLower = (c: string | undefined): boolean => c !== undefined && /\p{Ll}/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The word that ends at `end` (exclusive), stripped of leading opening punctuation. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  return text.slice(start, end).replace(/^[("'“‘[(「『]+/, '');
}

/** The word that starts at `start`, without leading quotes or brackets and trailing punctuation. */
function wordAfter(text: string, start: number): string {
  let end = start;
  while (end < text.length && !isSpace(text[end])) end++;
  return text
    .slice(start, end)
    .replace(/^[("'“‘[(「『]+/, '')
    .replace(/[^\p{L}\p{N}]+$/u, '');
}

/**
 * Whether a period at `dot`, followed by whitespace and then `next` (index of the next non-space character),
 * ends a sentence.
 */
function periodEnds(text: string, dot: number, next: number): boolean {
  const prev = text[dot - 1];
  // Korean: `…했다. 그는`, `…달러다. 이는` — the period after Hangul always ends the sentence.
  if (isHangul(prev)) return true;
  const word = wordBefore(text, dot);
  const bare = word.toLowerCase();
  const nextChar = text[next];
  if (NEVER_FINAL.has(bare)) return false;
  if (/^\p{Lu}$/u.test(word)) return false; // an initial: `Donald J. Trump`
  // `2020. 4. 3.` and `2020.4.3.` (Korean-style dates): digits on both sides of the gap, or a date's last part.
  if (/^\d+$/.test(word) && isDigit(nextChar)) return false;
  if (/\d\.\s\d{1,2}$/.test(text.slice(0, dot)) || /^\d{2,4}\.\d{1,2}\.\d{1,2}$/.test(word)) return false;
  if (isLower(nextChar)) return false; // `approx. five`, `etc. and`
  const dotted = /^(?:\p{L}\.)+\p{L}$/u.test(word); // `U.S`, `p.m`, `U.N` (the final period is at `dot`)
  if (dotted || SOMETIMES_FINAL.has(bare)) return SENTENCE_OPENERS.has(wordAfter(text, next));
  return true;
}

/**
 * Splits one paragraph into sentences (trimmed, none empty). Handles abbreviations (`Mr.`, `U.S.`, `Jan.`, `p.m.`),
 * decimals (`1.5`, `2.1%`), quotes closing after the period (`…over." Then`), Korean endings with or without a
 * following space (`…했다.이에`), `?`/`!`/`…`, and Korean quoted sentences with no period (`…어렵다” 정부는`).
 * A quotation is never cut inside (`그는 “…다. …”고 말했다`, `“… to go... Stay humble,” he said`): only where it
 * closes can a sentence end, by the same rules as anywhere else. Pure.
 */
export function splitSentences(paragraph: string): string[] {
  const text = paragraph.trim();
  const out: string[] = [];
  let start = 0;
  const cut = (at: number) => {
    const s = text.slice(start, at).trim();
    if (s) out.push(s);
    start = at;
  };
  // quoteEnd[i]: the closing mark's index when i lies strictly inside a top-level quotation, else -1.
  const quoteEnd = new Int32Array(text.length).fill(-1);
  for (const [open, close] of quotationSpans(text)) quoteEnd.fill(close, open + 1, close);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const inside = quoteEnd[i]!;
    if (inside >= 0) {
      // Inside a quotation only a terminal run that the closing mark follows can end a sentence (`…over.” Then`).
      let j = i;
      while (j < inside && TERMINALS.has(text[j]!)) j++;
      while (j < inside && CLOSERS.has(text[j]!)) j++;
      if (j !== inside || !TERMINALS.has(c)) {
        if (j === i) continue;
        i = j - 1;
        continue;
      }
    }
    if (KO_QUOTE_CLOSERS.has(c) && KO_QUOTE_ENDINGS.has(text[i - 1] ?? '') && isSpace(text[i + 1])) {
      // `“…어렵다” 정부는` — a quote that is a whole sentence; `“…어렵다”고` (no space) stays inside.
      cut(i + 1);
      continue;
    }
    if (!TERMINALS.has(c)) continue;
    let j = i;
    while (j < text.length && TERMINALS.has(text[j]!)) j++;
    const run = text.slice(i, j);
    let k = j;
    while (k < text.length && CLOSERS.has(text[k]!)) k++;
    if (k >= text.length) break; // the end of the paragraph ends the last sentence anyway
    let ends: boolean;
    if (!isSpace(text[k])) {
      // No space: `1.5`, `U.S.`, `donga.com` never split; Korean `…했다.이에`, `…했다.“앞으로` (a missing space) do.
      ends = k === j && run !== '…' && isHangul(text[i - 1]) && (isHangul(text[k]) || text[k] === '“' || text[k] === '‘');
    } else {
      let n = k;
      while (n < text.length && isSpace(text[n])) n++;
      if (run === '.') ends = k > j ? !isLower(text[n]) || isHangul(text[i - 1]) : periodEnds(text, i, n);
      else ends = !isLower(text[n]); // `?`, `!`, `...`, `…`: `“Is it over?” he asked.` stays one sentence
    }
    if (ends) cut(k);
    i = k - 1;
  }
  cut(text.length);
  return out;
}
