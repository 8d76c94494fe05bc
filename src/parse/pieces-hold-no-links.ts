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
    if (!pieceIsInert(html.slice(start, end), end === html.length, depths[i] ?? 1, budget.maxDepth)) return false;
  }
  return true;
}

/** Elements whose content htmlparser2 reads as raw text: a piece must not end inside one. */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

function pieceIsInert(piece: string, atEnd: boolean, depth: number, maxDepth: number): boolean {
  let link = false;
  let lastEnd = -1;
  let deepest = 0;
  const stack: string[] = [];
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs, isImplied) {
        if (name === 'a' && attribs['href'] !== undefined) link = true;
        stack.push(name);
        if (stack.length > deepest) deepest = stack.length;
        if (!isImplied) lastEnd = parser.endIndex;
      },
      onclosetag(_name, isImplied) {
        stack.pop();
        if (!isImplied) lastEnd = parser.endIndex;
      },
      ontext() {
        lastEnd = parser.endIndex;
      },
      oncomment() {
        lastEnd = parser.endIndex;
      },
      onprocessinginstruction() {
        lastEnd = parser.endIndex;
      },
    },
    { decodeEntities: true },
  );
  parser.write(piece);
  if (link) return false;
  // The loader refuses a page whose elements nest deeper than maxDepth: the original would have been refused.
  if (depth + deepest - 1 > maxDepth) return false;
  // A piece running to the end of the page leaves nothing after it to misread.
  if (atEnd) return true;
  return lastEnd === piece.length - 1 && !(stack.length > 0 && RAW_TEXT_TAGS.has(stack[stack.length - 1]!));
}
