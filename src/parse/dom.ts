import { load, type CheerioAPI } from 'cheerio';
import { DomHandler, type AnyNode, type Document, type Element, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { parseKstDate } from '../normalize/kst-date.js';
import { cleanText } from '../normalize/text.js';
import { ParseError } from '../errors.js';
import { ParseBudget } from './limits.js';

/**
 * Builds the DOM with htmlparser2 (cheerio's fast backend: about 4× faster than parse5 on 120 KB pages,
 * measured on this project's pages) through a handler that enforces the page's {@link ParseBudget} while loading:
 * the nesting depth is measured as each element opens, and a page deeper than `budget.maxDepth` fails as
 * `too_deep` at once. Checking before the tree exists matters twice: every later walk (ours, cheerio's,
 * domutils') is then bounded, and htmlparser2 itself keeps its open-element stack with `unshift`, so a
 * 100,000-deep page costs O(depth²) (27 s) to load before anything else could look at it.
 * The deadline is checked every few thousand tags and text runs.
 */
class BoundedDomHandler extends DomHandler {
  htmlParser: Parser | null = null;
  /** Index of the next cut of `watch` not yet reached, and where the last token ended. */
  private nextCut = 0;
  private lastEnd = -1;
  /** The element opened by the last token when that token was a (non-implied) start tag, else null. */
  private lastOpen: Element | null = null;
  /** Set once the whole text is written: what the parser reports from then on is the end (trailing text, closes). */
  ending = false;
  constructor(
    private readonly budget: ParseBudget,
    private readonly length: number,
    xmlMode: boolean,
    private readonly watch: CutWatch | null = null,
    /** The text being loaded (read only when a watch is given). */
    private readonly text: string | null = null,
  ) {
    super(undefined, { withStartIndices: false, withEndIndices: false, xmlMode });
  }

  override onopentag(name: string, attribs: Record<string, string>, isImplied?: boolean): void {
    // tagStack holds the document plus the open elements: the new element's depth is its length.
    const depth = this.tagStack.length;
    if (depth > this.budget.maxDepth) throw this.budget.tooDeep(depth, this.htmlParser?.startIndex ?? 0, this.length);
    this.budget.tick();
    if (this.watch && !isImplied) this.token(false);
    super.onopentag(name, attribs);
    if (this.watch && !isImplied) this.lastOpen = this.tagStack[this.tagStack.length - 1] as Element;
  }

  override onclosetag(_name?: string, isImplied?: boolean): void {
    if (this.watch && !isImplied) {
      this.token(false);
      // An end tag ended by whitespace (`</p x>`) is reported there, but the tokenizer skips on to the next `>`.
      const at = this.htmlParser!.endIndex;
      if (this.text !== null && this.text.charCodeAt(at) !== 0x3e) {
        const gt = this.text.indexOf('>', at);
        this.lastEnd = gt < 0 ? -2 : gt;
      }
    }
    // At the end the parser closes every open element (implied) before `onend`: cuts not yet reached are settled
    // first, while the element they sit in (an unclosed `<title>` …) is still open.
    else if (this.watch && isImplied && this.ending) this.settleCuts(Infinity, Infinity, false);
    super.onclosetag();
  }

  override ontext(data: string): void {
    this.budget.tick();
    // Text reported at the end is what the tokenizer held back, and may be no text of the page as given (the rest of
    // an end tag it was skipping): a cut inside it is not taken as safe.
    if (this.watch) {
      this.token(!this.ending);
      // (`</p ` at the very end reports its space so, as ending at the character before it): nothing after it is taken
      // for a token boundary either.
      if (this.ending) this.lastEnd = -2;
    }
    super.ontext(data);
  }

  override oncomment(data: string): void {
    if (this.watch) this.token(false);
    super.oncomment(data);
  }

  override onprocessinginstruction(name: string, data: string): void {
    if (this.watch) this.token(false);
    super.onprocessinginstruction(name, data);
  }

  override onend(): void {
    if (this.watch) this.settleCuts(Infinity, Infinity, false);
    super.onend();
  }

  /** The parser is at a token (its span in the parser's indices): settles the cuts it reaches. */
  private token(isText: boolean): void {
    const p = this.htmlParser!;
    this.settleCuts(p.startIndex, p.endIndex, isText);
    this.lastEnd = p.endIndex;
    this.lastOpen = null;
  }

  /**
   * Whether the tokenizer stood in plain text at every cut up to `end`: a cut at or before the token's start must
   * follow the previous token's last character, a cut inside the token is fine only inside text, and in either
   * case not inside an element whose content is raw text (`<title>` …), where markup is not markup.
   */
  private settleCuts(start: number, end: number, isText: boolean): void {
    const w = this.watch!;
    while (this.nextCut < w.cuts.length && w.cuts[this.nextCut]! <= end) {
      const at = w.cuts[this.nextCut]!;
      const inside = w.inside?.[this.nextCut] ?? null;
      if (inside !== null) {
        // The content of a `<script>`/`<style>` was cut here: the token before the cut must be that element's own
        // start tag, ending right before it (then the tokenizer was in its raw text at the cut; see emptyRawText).
        if (this.lastOpen?.name !== inside || this.lastEnd !== at - 1) w.clean = false;
      } else {
        const top = this.tagStack[this.tagStack.length - 1];
        const inRawText = !!top && top.type !== 'root' && RAW_TEXT_TAGS.has((top as Element).name);
        const atBoundary = at <= start ? at === 0 || at - 1 === this.lastEnd : isText;
        if (!atBoundary || inRawText) w.clean = false;
      }
      w.depths.push(this.tagStack.length);
      this.nextCut++;
    }
  }
}

/** Elements whose content htmlparser2 reads as raw text (no tags inside), in HTML mode. */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

/**
 * Cut points of a page with pieces removed ({@link stripSegments}), watched while the rest is loaded: `clean`
 * stays true when the tokenizer stood in plain text at every cut (so the removed pieces sat between tokens of
 * the original page too), and `depths` receives the number of open elements (plus the document) at each cut.
 */
export interface CutWatch {
  /** Offsets in the stripped text where something was removed, ascending. */
  cuts: readonly number[];
  /**
   * Parallel to `cuts`, when given: the raw-text element (`script`, `style`) whose content was removed at that cut
   * ({@link emptyRawText}), or null for a piece removed between tokens. Without it every cut is between tokens.
   */
  inside?: ReadonlyArray<string | null> | undefined;
  clean: boolean;
  depths: number[];
}

/** The document of `html`, loaded within `budget` (see {@link BoundedDomHandler}). `xml` for sitemaps and feeds. */
export function loadDocument(
  html: string,
  budget: ParseBudget = ParseBudget.unbounded(),
  opts: { xml?: boolean; watch?: CutWatch | undefined } = {},
): Document {
  const xmlMode = opts.xml === true;
  const handler = new BoundedDomHandler(budget, html.length, xmlMode, opts.watch ?? null, opts.watch ? html : null);
  const parser = new Parser(handler, { xmlMode, decodeEntities: true });
  handler.htmlParser = parser;
  parser.write(html);
  handler.ending = true;
  parser.end();
  budget.check();
  return handler.root;
}

/**
 * Parses HTML into cheerio, within `budget`. The document is built by {@link loadDocument} and handed to
 * cheerio as is (cheerio keeps a Document it is given); `xmlMode: false` keeps HTML semantics (raw-text
 * <script>, void elements), the same as cheerio's own htmlparser2 backend.
 */
export function loadHtml(html: string, budget?: ParseBudget): CheerioAPI {
  return load(loadDocument(html, budget), { xml: { xmlMode: false, decodeEntities: true } });
}

// Scripts, styles, comments and other content no reader sees. Half of a real news page's bytes are
// inline scripts and CSS; cutting them with one regex pass before tree building halves the parse.
// `<iframe>` stays in the tree (its content is never read, see NEVER_TEXT): a video embed is how a
// video-only page shows itself (`isMediaElement`), and iframes are small.
// Linear on any input: an opening tag without `>` runs to the end of the page (each `<script ` of a page of
// them used to rescan the rest, 4.5 MB of them never finished), as does an unclosed comment or element.
const NON_CONTENT_RE = /<!--[\s\S]*?(?:-->|$)|<(script|style|noscript|template|svg|textarea)\b[^>]*(?:>[\s\S]*?(?:<\/\1\s*>|$)|$)/gi;

/** Removes comments and the contents of `<script>`, `<style>`, `<noscript>`, `<template>`, `<svg>`, `<textarea>`. */
export function stripNonContent(html: string): string {
  return html.replace(NON_CONTENT_RE, '');
}

/** A page with its non-content removed, and where: what {@link stripNonContent} returns, plus the removed pieces. */
export interface StrippedHtml {
  /** Exactly `stripNonContent(original)`. */
  html: string;
  /** `[start, end)` of every removed piece in the original text, in order. */
  pieces: Array<[number, number]>;
  /** Where each piece was removed, as an offset in `html` (ascending; equal offsets when pieces touch). */
  cuts: number[];
}

/** {@link stripNonContent}, saying what it removed (one pass of the same pattern). */
export function stripSegments(html: string): StrippedHtml {
  const re = new RegExp(NON_CONTENT_RE.source, NON_CONTENT_RE.flags);
  const parts: string[] = [];
  const pieces: Array<[number, number]> = [];
  const cuts: number[] = [];
  let from = 0;
  let kept = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    parts.push(html.slice(from, m.index));
    kept += m.index - from;
    pieces.push([m.index, m.index + m[0].length]);
    cuts.push(kept);
    from = m.index + m[0].length;
  }
  parts.push(html.slice(from));
  return { html: pieces.length ? parts.join('') : html, pieces, cuts };
}

/** What {@link emptyRawText} returns: {@link StrippedHtml}, plus the element each piece was the content of. */
export interface EmptiedHtml extends StrippedHtml {
  /** Parallel to `pieces`: `script` or `style`. */
  tags: Array<'script' | 'style'>;
}

// A comment (skipped whole: a `<script>` inside one is no element), or the start tag of a `<script>`/`<style>` as
// htmlparser2 tells one (the name, then whitespace, `/` or `>`). A start tag without `>` runs to the end of the page,
// so no input is rescanned (the page is read once, left to right).
const RAW_OPEN_RE = /<!--|<(script|style)(?:[\t\n\f\r /][^>]*)?(?:>|$)/gi;
const SCRIPT_END_RE = /<\/script/gi;
const STYLE_END_RE = /<\/style/gi;
/** A start tag ending `/>` (or `/ >`) may be self-closing, and then its content is no raw text. */
const SELF_CLOSING_RE = /\/[\t\n\f\r ]*>$/;

/**
 * The page with the CONTENTS of its `<script>` and `<style>` elements removed, the elements themselves kept (so the
 * tree has the same shape, the same elements in the same places; only those elements' text is gone). Half of a
 * news page's bytes are such contents, and htmlparser2 scans them one character at a time.
 *
 * Only a cut the tokenizer cannot read differently is made: a piece runs from the `>` of the start tag to the first
 * `</script` (`</style`) after it, case-insensitively, so the removed text holds no end tag and the tokenizer, in raw
 * text at the cut, would have read it without leaving raw text (a `<` right after resynchronises its end-tag
 * matching); a start tag that may be self-closing (`<script/>`) is left alone. Whether the tokenizer really was in
 * that element's raw text at each cut (not in a comment, an attribute value, a `<title>` or `<textarea>`) is what
 * the load proves: pass `{ cuts, inside: tags }` as the {@link CutWatch} of {@link loadDocument} (as
 * {@link loadWithoutScriptText} does). Linear; pure.
 */
export function emptyRawText(html: string): EmptiedHtml {
  const open = new RegExp(RAW_OPEN_RE.source, RAW_OPEN_RE.flags);
  const parts: string[] = [];
  const pieces: Array<[number, number]> = [];
  const cuts: number[] = [];
  const tags: Array<'script' | 'style'> = [];
  let from = 0;
  let kept = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const tagEnd = m.index + m[0].length;
    if (m[1] === undefined) {
      // A comment: resume after its end (none: the rest of the page is the comment).
      const close = html.indexOf('-->', tagEnd);
      if (close < 0) break;
      open.lastIndex = close + 3;
      continue;
    }
    if (html.charCodeAt(tagEnd - 1) !== 0x3e /* > */) break; // a start tag running to the end
    const name = m[1].toLowerCase() as 'script' | 'style';
    if (SELF_CLOSING_RE.test(m[0])) continue;
    const endRe = name === 'script' ? SCRIPT_END_RE : STYLE_END_RE;
    endRe.lastIndex = tagEnd;
    const end = endRe.exec(html);
    if (!end) break; // raw text to the end of the page: left as is
    open.lastIndex = end.index;
    if (end.index === tagEnd) continue;
    parts.push(html.slice(from, tagEnd));
    kept += tagEnd - from;
    pieces.push([tagEnd, end.index]);
    cuts.push(kept);
    tags.push(name);
    from = end.index;
  }
  if (pieces.length === 0) return { html, pieces, cuts, tags };
  parts.push(html.slice(from));
  return { html: parts.join(''), pieces, cuts, tags };
}

/**
 * The document of `html` as {@link loadDocument} builds it, except that `<script>` and `<style>` elements are empty
 * ({@link emptyRawText}): what a reader that never reads script or style text needs, for half the tokenizing. When
 * the load cannot prove every cut safe, or fails as `too_deep` (whose message names offsets in the page as given),
 * the page is loaded again as is, so the answer (tree or error) is always that of the page as given, less the
 * script and style text.
 */
export function loadWithoutScriptText(html: string, budget: ParseBudget = ParseBudget.unbounded()): Document {
  const cut = emptyRawText(html);
  budget.check();
  if (cut.pieces.length === 0) return loadDocument(html, budget);
  const watch: CutWatch = { cuts: cut.cuts, inside: cut.tags, clean: true, depths: [] };
  let doc: Document | null = null;
  try {
    doc = loadDocument(cut.html, budget, { watch });
  } catch (err) {
    if (!(err instanceof ParseError && err.code === 'too_deep')) throw err;
  }
  return doc !== null && watch.clean ? doc : loadDocument(html, budget);
}

/** {@link loadHtml} after {@link stripNonContent}: what the article parsers use. */
export function loadArticleHtml(html: string, budget?: ParseBudget): CheerioAPI {
  const stripped = stripNonContent(html);
  budget?.check();
  return loadHtml(stripped, budget);
}

function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** Tags that start a new line for a reader. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
  'head',
  'title',
  'option',
  'select',
]);

/** Tags whose content is never reader text. */
const NEVER_TEXT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'textarea',
  'head',
  'select',
  'button',
  'object',
  'video',
  'audio',
  'canvas',
  'map',
]);

/** Blocks whose text is one paragraph of their parent (the parent "holds" them). */
const PARAGRAPH_TAGS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd', 'blockquote', 'pre', 'figcaption', 'caption', 'address', 'summary']);

const MEDIA_TAGS = new Set(['img', 'picture', 'figure', 'video', 'embed', 'object']);
/** Class/id words of photo and video boxes (`articlePhotoC`, `img_cont`, `thumb`, `video_area`, `vod_player` …). */
const MEDIA_HINT_RE = /photo|thumb|img|image|pic|figure|video|vod|movie|player|gallery|slide/i;
/** Embeds that play video (an ad iframe is no photo or video). */
const VIDEO_SRC_RE = /youtu|vimeo|dailymotion|tv\.naver|tv\.kakao|kakaotv|video|vod|movie|player|\.mp4|m3u8|kollus|brightcove|jwplayer/i;
/** Spacers, bullets and button images of old table layouts: not pictures anyone captions. */
const TINY_IMG_SRC_RE = /blank|spacer|bullet|icon|ico_|btn|dot\.gif|pixel|line\.gif|bg_/i;

/**
 * True for an element that shows a photo or a video: `<img>` (not a spacer, icon or button), `<picture>`,
 * `<figure>`, `<video>`, `<embed>`/`<object>`, an `<iframe>` whose source plays video, or a box whose class/id
 * says photo/video (`articlePhotoC`, `img_cont`, `thumb`, `video_area`). Used to tell captions and photo pages.
 */
export function isMediaElement(el: Element): boolean {
  const name = el.name;
  if (name === 'img') {
    const w = Number(el.attribs['width'] ?? NaN);
    const h = Number(el.attribs['height'] ?? NaN);
    if (w <= 20 || h <= 20) return false;
    return !TINY_IMG_SRC_RE.test(el.attribs['src'] ?? el.attribs['data-src'] ?? '');
  }
  if (MEDIA_TAGS.has(name)) return true;
  if (name === 'iframe') return VIDEO_SRC_RE.test(el.attribs['src'] ?? el.attribs['data-src'] ?? '');
  const hint = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
  if (hint.length <= 1 || !MEDIA_HINT_RE.test(hint)) return false;
  // A photo/video box holds a picture, or nothing yet (a player filled in by script); a `photo_caption`
  // cell holds only text and is no second picture.
  return holdsMedia(el) || !hasText(el);
}

// The walks below are iterative (explicit stacks): the depth limit keeps recursion safe today, but a walk
// that cannot overflow the stack does not depend on every caller having loaded the page within limits.

/** A photo or video below `el`, looking through boxes but not into media elements themselves. */
function holdsMedia(el: Element): boolean {
  const stack: Element[] = [el];
  while (stack.length) {
    for (const c of stack.pop()!.children) {
      if (!isElement(c)) continue;
      if (MEDIA_TAGS.has(c.name) || c.name === 'iframe') {
        if (isMediaElement(c)) return true;
      } else stack.push(c);
    }
  }
  return false;
}

/** Non-blank text below `node`, outside never-text elements. */
function hasText(node: AnyNode): boolean {
  const stack: AnyNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') {
      if (n.data.trim() !== '') return true;
    } else if (isElement(n) && !NEVER_TEXT.has(n.name)) {
      for (const c of n.children) stack.push(c);
    }
  }
  return false;
}

/** Raw text content of a node (entities decoded by the parser), skipping never-text elements. Not cleaned. */
export function rawText(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) || NEVER_TEXT.has(node.name)) return '';
  // Most elements hold one text node (`<a>…</a>`, `<span>…</span>`): no stack for them.
  if (node.children.length === 1 && node.children[0]!.type === 'text') return node.children[0]!.data;
  let s = '';
  // Children pushed in reverse, so they pop in document order.
  const stack: AnyNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') s += n.data;
    else if (isElement(n) && !NEVER_TEXT.has(n.name)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/** `tag#id.class` lower-cased, for class-name hints (`ad`, `related`, `caption` …). */
export function classHint(el: Element): string {
  const id = el.attribs['id'];
  const cls = el.attribs['class'];
  return `${el.name}${id ? `#${id}` : ''}${cls ? `.${cls.trim().replace(/\s+/g, '.')}` : ''}`.toLowerCase();
}

/** One line of text as a reader sees it, with where it sits in the tree. */
export interface TextBlock {
  /** cleanText'ed text. */
  text: string;
  /** Position in document order. */
  index: number;
  /** The element the text belongs to: a `<p>`/`<li>`/heading, or the container holding bare text. */
  block: Element;
  /**
   * The container of this paragraph: the parent of a `<p>`/`<li>`/heading, or the element holding bare
   * text (`<div>`, `<td>`, `<section>`). Sibling paragraphs of one article share it.
   */
  holder: Element;
  /** True when the text is bare text (no `<p>`), i.e. split by `<br>` inside a container. */
  bare: boolean;
  /** Characters of the text inside `<a>` elements. */
  linkChars: number;
  /** `<a>` elements inside the block, in order. */
  links: Element[];
  /**
   * Photos and videos ({@link isMediaElement}) met in document order up to the end of this line, skipped
   * subtrees included. A line whose count exceeds the previous line's sits right after (or holds) a picture.
   */
  media: number;
}

/** True when a photo or video sits between the previous reader line and the end of this one. */
export function afterMedia(blocks: readonly TextBlock[], b: TextBlock): boolean {
  return b.media > (b.index > 0 ? blocks[b.index - 1]!.media : 0);
}

/**
 * Splits everything under `root` into reader lines: a new line at every block element and every `<br>`
 * (so `<br><br>`-separated bare text becomes paragraphs). `skip(el)` prunes a subtree (ads, captions …).
 */
export function readerBlocks(
  root: AnyNode,
  skip?: (el: Element) => boolean,
  stats?: { media: number },
  budget: ParseBudget = ParseBudget.unbounded(),
): TextBlock[] {
  const out: TextBlock[] = [];
  let media = 0;
  let buf = '';
  let linkBuf = 0;
  let links: Element[] = [];
  let owner: Element | null = null;

  const flush = () => {
    if (owner && buf) {
      const text = cleanText(buf);
      if (text) {
        const para = PARAGRAPH_TAGS.has(owner.name) && isElement(owner.parent);
        out.push({
          text,
          index: out.length,
          block: owner,
          holder: para ? (owner.parent as Element) : owner,
          bare: !para,
          linkChars: Math.min(linkBuf, text.length),
          links,
          media,
        });
      }
    }
    buf = '';
    linkBuf = 0;
    links = [];
  };

  /** An element being walked: its children from `next` on, the context they inherit, what ends it. */
  interface Frame {
    node: ParentNode;
    next: number;
    /** The block the children belong to, and whether they sit in a link. */
    childBlock: Element | null;
    childLink: boolean;
    /** On leaving: a block ends its line and hands the line back to `outerBlock`; the root just flushes. */
    end: 'block' | 'root' | null;
    outerBlock: Element | null;
  }
  const frames: Frame[] = [];

  /** Visits one node: text and leaves at once, an element by pushing a frame for its children. */
  const visit = (node: AnyNode, blockEl: Element | null, inLink: boolean): void => {
    if (node.type === 'text') {
      if (owner !== blockEl) {
        flush();
        owner = blockEl;
      }
      buf += node.data;
      if (inLink) linkBuf += visibleLength(node.data);
      return;
    }
    if (node.type === 'root') {
      frames.push({ node, next: 0, childBlock: blockEl, childLink: inLink, end: 'root', outerBlock: blockEl });
      return;
    }
    if (!isElement(node)) return;
    const name = node.name;
    if (NEVER_TEXT.has(name) || skip?.(node)) {
      // A pruned block (an ad between two bare-text paragraphs) still ends the line before it.
      if (BLOCK_TAGS.has(name)) flush();
      if (isMediaElement(node)) media++;
      return;
    }
    if (name === 'br') {
      flush();
      return;
    }
    if (name === 'img' || name === 'embed') {
      if (isMediaElement(node)) media++;
      return;
    }
    const isBlock = BLOCK_TAGS.has(name);
    if (isBlock) flush();
    const nextBlock = isBlock ? node : blockEl;
    if (isBlock) owner = node;
    let link = inLink;
    if (name === 'a') {
      link = true;
      if (owner !== blockEl) {
        flush();
        owner = blockEl;
      }
      links.push(node);
    }
    frames.push({ node, next: 0, childBlock: nextBlock, childLink: link, end: isBlock ? 'block' : null, outerBlock: blockEl });
  };

  visit(root, null, false);
  while (frames.length) {
    const f = frames[frames.length - 1]!;
    if (f.next < f.node.children.length) {
      budget.tick();
      visit(f.node.children[f.next++]!, f.childBlock, f.childLink);
      continue;
    }
    frames.pop();
    if (f.end === 'root') flush();
    else if (f.end === 'block') {
      flush();
      owner = f.outerBlock;
    }
  }
  flush();
  if (stats) stats.media = media;
  return out;
}

/** Length of `s` with whitespace runs counted as one character (what cleanText would keep, roughly). */
function visibleLength(s: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ws = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000;
    if (!ws) n++;
    else if (!space) n++;
    space = ws;
  }
  return space && n > 0 ? n - 1 : n;
}

/** First element named `name` in document order (depth-first, stops at the first hit). */
export function firstTag(root: AnyNode, name: string): Element | null {
  if (isElement(root) && root.name === name) return root;
  if (!('children' in root)) return null;
  const stack: AnyNode[] = [];
  const pushChildren = (n: ParentNode) => {
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (c.type === 'tag' || c.type === 'root') stack.push(c);
    }
  };
  pushChildren(root);
  while (stack.length) {
    const n = stack.pop()!;
    if (isElement(n) && n.name === name) return n;
    if ('children' in n) pushChildren(n);
  }
  return null;
}

/** Every element whose tag is in `names`, grouped by tag, in document order: one walk instead of a selector per tag. */
export function collectTags(root: AnyNode, names: readonly string[], budget: ParseBudget = ParseBudget.unbounded()): Map<string, Element[]> {
  const out = new Map<string, Element[]>(names.map((n) => [n, []]));
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    budget.tick();
    if (isElement(node)) out.get(node.name)?.push(node);
    if (!('children' in node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i]!;
      if (c.type === 'tag' || c.type === 'root') stack.push(c);
    }
  }
  return out;
}

/**
 * `<meta>` elements keyed by lower-cased `property`/`name`/`itemprop` (first wins). `trim: false` keeps spaces
 * around a key (the Korean parser always read them so; a key with spaces then matches no known name).
 */
export function metaOf(metas: readonly Element[], opts: { trim?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const trim = opts.trim !== false;
  for (const el of metas) {
    const raw = (el.attribs['property'] ?? el.attribs['name'] ?? el.attribs['itemprop'] ?? '').toLowerCase();
    const key = trim ? raw.trim() : raw;
    const content = el.attribs['content'];
    if (key && content !== undefined && !out.has(key)) out.set(key, content);
  }
  return out;
}

/**
 * The first `<time>` of `times` outside links and lists (those date other stories) that carries a date, from its
 * `datetime` attribute or its text: a date in machine form, class-free. Both parsers use it as a fallback.
 */
export function timeElementDate(times: readonly Element[]): string | null {
  for (const el of times) {
    let inList = false;
    for (let n = el.parent; n; n = n.parent) if (n.type === 'tag' && (n.name === 'a' || n.name === 'li')) inList = true;
    if (inList) continue;
    const iso = parseKstDate(el.attribs['datetime'] ?? '') ?? parseKstDate(cleanText(rawText(el)));
    if (iso) return iso;
  }
  return null;
}

/** True when `el`'s class list holds `c`. */
export function hasClass(el: Element, c: string): boolean {
  const cls = el.attribs['class'];
  return cls !== undefined && (cls === c || ` ${cls} `.replace(/\s+/g, ' ').includes(` ${c} `));
}

/** Descendants of `el` (document order) that satisfy `pred`, appended to `out`. Iterative. */
export function within(el: Element, pred: (e: Element) => boolean, out: Element[] = []): Element[] {
  const stack: Element[] = [];
  const pushChildren = (e: Element) => {
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (c.type === 'tag') stack.push(c);
    }
  };
  pushChildren(el);
  while (stack.length) {
    const c = stack.pop()!;
    if (pred(c)) out.push(c);
    pushChildren(c);
  }
  return out;
}

/**
 * Text content without `<script>`/`<style>` (and comments), like a reader's copy-paste before whitespace folding.
 * Unlike {@link rawText}, the text of `<noscript>`, `<button>`, `<head>` … counts. Iterative.
 */
export function nodeText(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  // Most elements hold one text node: no stack for them.
  if (node.type === 'tag' && node.children.length === 1 && node.children[0]!.type === 'text') return node.children[0]!.data;
  let s = '';
  const stack: AnyNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') s += n.data;
    else if (n.type === 'tag' || n.type === 'root') for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/** A picture inside `el`: an `<img>` that {@link isMediaElement} counts (no spacer, bullet or icon), or a `<picture>`. */
export function holdsPicture(el: Element): boolean {
  const stack: Element[] = [el];
  while (stack.length) {
    for (const c of stack.pop()!.children) {
      if (c.type !== 'tag') continue;
      if (c.name === 'img') {
        if (isMediaElement(c)) return true;
      } else if (c.name === 'picture') return true;
      else stack.push(c);
    }
  }
  return false;
}

/**
 * Elements by class, id and a few tag names, built in one walk. css-select re-scans the whole
 * document for every selector, which cost more than parsing itself on 120 KB pages.
 */
export interface DomIndex {
  byClass: Map<string, Element[]>;
  /** First element of each id. */
  byId: Map<string, Element>;
  /** Elements of the tags asked for, in document order. */
  byTag: Map<string, Element[]>;
  /** Elements with `itemprop="articleBody"`. */
  itemBody: Element[];
  /** The first `<body>` (when `body` is among the tags asked for). */
  body: Element | null;
}

/** The {@link DomIndex} of `root`; `tags` are the tag names indexed by name. Script and style contents are not entered. */
export function indexElements(root: AnyNode, tags: readonly string[], budget: ParseBudget = ParseBudget.unbounded()): DomIndex {
  const named = new Set(tags);
  const idx: DomIndex = { byClass: new Map(), byId: new Map(), byTag: new Map(), itemBody: [], body: null };
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    budget.tick();
    if (node.type === 'tag') {
      const cls = node.attribs['class'];
      if (cls) {
        for (const c of cls.split(/\s+/)) {
          if (!c) continue;
          const list = idx.byClass.get(c);
          if (list) list.push(node);
          else idx.byClass.set(c, [node]);
        }
      }
      const id = node.attribs['id'];
      if (id && !idx.byId.has(id)) idx.byId.set(id, node);
      if (named.has(node.name)) {
        const list = idx.byTag.get(node.name);
        if (list) list.push(node);
        else idx.byTag.set(node.name, [node]);
        if (node.name === 'body') idx.body ??= node;
      }
      if (node.attribs['itemprop'] === 'articleBody') idx.itemBody.push(node);
    } else if (node.type !== 'root') {
      continue; // text, comments, <script>/<style> (their own node types)
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return idx;
}
