import { Parser } from 'htmlparser2';
import type { ParseBudget } from './limits.js';

/**
 * Whether the pieces {@link stripSegments} cut out of a page (comments, scripts, styles, `<noscript>`, `<template>`,
 * `<svg>`, `<textarea>`) held no `<a href>` as the original page is read, and each ended where the original's
 * tokenizer was back in plain text. Together with a clean cut watch (`CutWatch` in dom.ts: every cut fell between
 * tokens of the stripped page) this makes the stripped page's anchors exactly the original page's, in the same
 * order: the link harvest can then read the tree the article parser already built instead of loading the page
 * a second time. Anything unusual (a quote that swallows the closing tag, `<title>` opened in a `<noscript>`, an
 * anchor in a `<noscript>`) answers false, and the caller loads the original page as before. Pure.
 *
 * Each piece is read by htmlparser2 itself (tokenizer only, no tree) from the plain-text state, which is the
 * state the original page's tokenizer is in at the piece's first `<` when the cut watch is clean.
 */
export function piecesHoldNoLinks(
  html: string,
  pieces: ReadonlyArray<readonly [number, number]>,
  /** Open elements plus the document at each cut (`CutWatch.depths`): a nested piece must not breach `maxDepth`. */
  depths: readonly number[],
  budget: ParseBudget,
): boolean {
  for (let i = 0; i < pieces.length; i++) {
    const [start, end] = pieces[i]!;
    // A piece costs about its length in tokenizer steps (a 2 KB script ~ one tick of a tag).
    budget.tick(1 + ((end - start) >> 11));
    const piece = html.slice(start, end);
    const atEnd = end === html.length;
    const depth = depths[i] ?? 1;
    const lean = withoutRawText(piece);
    const verdict = lean ? pieceIsInert(lean.piece, atEnd, depth, budget.maxDepth, lean.open) : null;
    if (!(verdict ?? pieceIsInert(piece, atEnd, depth, budget.maxDepth))) return false;
  }
  return true;
}

/** Elements whose content htmlparser2 reads as raw text: a piece must not end inside one. */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

/** `</script` / `</style`, case-insensitive: the end tag a raw-text content must not hold. */
const END_TAG_RE = { script: /<\/script/gi, style: /<\/style/gi } as const;
const RAW_PIECE_RE = /^<(script|style)\b/i;
/** A start tag ending `/>` (or `/ >`) may be self-closing, and then its content is no raw text. */
const SELF_CLOSING_RE = /\/[\t\n\f\r ]*>$/;

/**
 * A `<script>…</script>` or `<style>…</style>` piece without its content (htmlparser2 scans raw text one character at
 * a time, and these pieces are most of a page's bytes), when the content cannot matter: it holds no `</script`
 * (`</style`), so a tokenizer in the element's raw text after the start tag reads all of it as text and is then where
 * it would be without it; a start tag that may be self-closing is left alone. `open` is what the lean piece's run
 * must confirm: the start tag of that element ends where the cut is (`>` inside a quoted attribute, say, makes it
 * end elsewhere). Null when the piece must be read whole.
 */
function withoutRawText(piece: string): { piece: string; open: { name: string; end: number } } | null {
  const m = RAW_PIECE_RE.exec(piece);
  if (!m) return null;
  const name = m[1]!.toLowerCase() as 'script' | 'style';
  const openEnd = piece.indexOf('>');
  const closeStart = piece.lastIndexOf('</');
  if (openEnd < 0 || closeStart <= openEnd + 1 || SELF_CLOSING_RE.test(piece.slice(0, openEnd + 1))) return null;
  const re = END_TAG_RE[name];
  re.lastIndex = openEnd + 1;
  if (re.exec(piece)?.index !== closeStart) return null;
  return { piece: piece.slice(0, openEnd + 1) + piece.slice(closeStart), open: { name, end: openEnd } };
}

/**
 * Whether a piece, read from plain text, holds no link and ends back in plain text (see {@link piecesHoldNoLinks}).
 * With `open` (a lean piece, {@link withoutRawText}): null unless the first token is that start tag, ending there.
 */
function pieceIsInert(piece: string, atEnd: boolean, depth: number, maxDepth: number): boolean;
function pieceIsInert(piece: string, atEnd: boolean, depth: number, maxDepth: number, open: { name: string; end: number }): boolean | null;
function pieceIsInert(piece: string, atEnd: boolean, depth: number, maxDepth: number, open?: { name: string; end: number }): boolean | null {
  let confirmed = open === undefined;
  let first = true;
  let link = false;
  let lastEnd = -1;
  let deepest = 0;
  const stack: string[] = [];
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs, isImplied) {
        if (first && open && !isImplied && name === open.name && parser.endIndex === open.end) confirmed = true;
        first = false;
        if (name === 'a' && attribs['href'] !== undefined) link = true;
        stack.push(name);
        if (stack.length > deepest) deepest = stack.length;
        if (!isImplied) lastEnd = parser.endIndex;
      },
      onclosetag(_name, isImplied) {
        first = false;
        stack.pop();
        if (!isImplied) lastEnd = parser.endIndex;
      },
      ontext() {
        first = false;
        lastEnd = parser.endIndex;
      },
      oncomment() {
        first = false;
        lastEnd = parser.endIndex;
      },
      onprocessinginstruction() {
        first = false;
        lastEnd = parser.endIndex;
      },
    },
    { decodeEntities: true },
  );
  parser.write(piece);
  if (!confirmed) return null;
  if (link) return false;
  // The loader refuses a page whose elements nest deeper than maxDepth: the original would have been refused.
  if (depth + deepest - 1 > maxDepth) return false;
  // A piece running to the end of the page leaves nothing after it to misread.
  if (atEnd) return true;
  return lastEnd === piece.length - 1 && !(stack.length > 0 && RAW_TEXT_TAGS.has(stack[stack.length - 1]!));
}
