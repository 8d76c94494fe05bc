import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ParseError, type ParseErrorCode } from '../errors.js';
import { parseEnglishArticleUrl, parseKoreanArticleUrl, type ArticleUrl } from '../normalize/article-url.js';
import { parseEnglishByline } from '../normalize/english-byline.js';
import { findLabeledDates, parseKstDate } from '../normalize/kst-date.js';
import { isEnglishCaption } from '../normalize/photo-caption.js';
import { cleanText, isProse, stripSitePrefix } from '../normalize/text.js';
import type { Author, EnglishArticle, PageInput } from '../records/article.js';
import { checkRecord } from './check-record.js';
import { afterMedia, classHint, firstTag, metaOf, rawText, readerBlocks, timeElementDate, type TextBlock } from './dom.js';
import { interactiveLines } from './interactive-text.js';
import { ParseBudget, type ParseLimits } from './limits.js';
import { loadPage, type PageContext } from './page-context.js';
import { photoPageReason } from './photo-page.js';

/**
 * English Dong-A article page → normalized record. The English markup is undocumented (docs/site-notes.md, English pages),
 * so everything is found by text and structure: the `Posted …` line, the `한국어` anchor, the block
 * holding the most paragraph text, the trailing e-mail byline. Class names are only hints. Pure.
 */

const SITE_SUFFIX_RE = /\s*[|｜\-–—]\s*(?:The\s+)?DONG-?A\s+ILBO\s*$/i;
const SITE_NAME_RE = /^(?:the\s+)?dong-?a\s+ilbo$|^donga\.com$/i;

/** Subtrees no reader takes for article text: ads, captions, related lists, share/print tools, navigation. */
const BOILERPLATE_RE =
  /(?:^|[^a-z])(?:ad|ads|adv|advert\w*|banner|ban|gpt|sponsor\w*|promo\w*|caption|photo\w*|thumb\w*|img_cont|relat\w*|recommend\w*|trend\w*|popular|most_?\w*|best\w*|keyword\w*|tags?|more_?news|other_?news|hot_?news|share|sns|social|print|font\w*|btn\w*|button|util\w*|tools?|comment\w*|reply|subscribe|poll|gnb|lnb|menu|breadcrumb|location)(?:[^a-z]|$)/;
const SKIP_TAGS = new Set(['figure', 'figcaption', 'nav', 'aside', 'form', 'input', 'picture', 'video', 'audio']);

function skipBoilerplate(el: Element): boolean {
  if (SKIP_TAGS.has(el.name)) return true;
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  return (cls !== undefined && BOILERPLATE_RE.test(cls.toLowerCase())) || (id !== undefined && BOILERPLATE_RE.test(id.toLowerCase()));
}

const DATE_LINE_RE = /^(?:Posted|Updated)\b/i;
const DATE_LABEL_RE = /\b(?:Posted|POSTED|Updated|UPDATED)\b/;
/**
 * A line that is only a copyright notice. Only a line that starts like one (`ⓒ`, `Copyright ©`, `Copyright by`,
 * `Copyright 2025`), or a short line saying "all rights reserved": a story about the Copyright Act must keep
 * its paragraphs, including one that opens with the word (`Copyright infringement cases rose …`).
 */
function isCopyrightNotice(text: string): boolean {
  return (
    /^(?:ⓒ|©|\(c\)\s|copyright\s*(?:ⓒ|©|\(c\)|by\b|\d{4}\b|(?:the )?dong-?a\b|donga\b|all rights\b|$))/i.test(text) ||
    (text.length < 160 && !text.includes('@') && /all rights reserved|무단\s*전재/i.test(text))
  );
}
/** A copyright notice sharing a line with the byline: `Gi-Jae Han record@donga.com ⓒ dongA.com. All rights reserved.` */
const COPYRIGHT_TAIL_RE = /\s*(?:ⓒ|©|\(c\)\s|Copyright\s+(?:ⓒ|©|\(c\)|by\b|\d{4}))[\s\S]{0,160}$/i;
/** Share-button rows and newsletter/app prompts that sit inside some article containers. */
// Every word stands alone (`copy link` is `copy` then `link`): with `copy(?: link)?` a line could split two ways
// per repeat, and 4.5 MB of `copy link ` backtracked for ever. Unambiguous words keep the test linear.
const SHARE_LINE_RE =
  /^(?:(?:share(?: this(?: article)?)?|facebook|twitter|x|kakao(?:talk|story)?|line|band|naver|e-?mail|print|copy|url|link)\b[\s,|·:/]*)+$/i;
// Whole words and the prompt's own shape: `Subscribers will pay more …` or `Get the basics right …` can close a story.
const PROMO_LINE_RE =
  /^(?:subscribe\b|sign up (?:for|to|now)\b|follow us (?:on|at)\b|click here\b|read more\b|download (?:the|our) (?:app|dong-?a)\b|get (?:the|our) (?:app|newsletter|latest)\b|like us on\b|more news\b|related (?:news|articles?)\b|newsletters?\s*[:|]|▶|☞)/i;
/**
 * A login or subscription wall standing where the story should be: phrases that address the reader about
 * this page. `… will open for members only` or `“Please subscribe,” the YouTuber said` are stories.
 */
const WALL_RE =
  /\bto (?:continue|keep) reading\b|\b(?:log ?in|sign ?in) or (?:subscribe|sign up|register)\b|\b(?:log ?in|sign ?in|subscribe) to (?:read|continue|view|see|access) (?:this|the full|the rest)\b|\b(?:this|the full) (?:article|story|content) is (?:only )?(?:available )?(?:to|for) (?:paid )?(?:subscribers|members)\b|\b(?:subscribers?|members?)[- ]only (?:content|article|story)\b/i;
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Blocks that are never body paragraphs (list items, headings, captions, definition terms). */
const NON_PARAGRAPH = new Set(['li', 'dt', 'dd', 'figcaption', 'caption', 'summary', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SUBTITLE_HINT_RE = /sub_?tit|subtitle|sub_?head|summary|dek|standfirst|lead/;

function fail(code: ParseErrorCode, message: string, url: string): never {
  throw new ParseError(code, message, { url });
}

function linkDense(b: TextBlock, share = 0.6): boolean {
  return b.linkChars > 0 && b.linkChars >= b.text.length * share;
}

function isDateLine(text: string): boolean {
  if (!DATE_LINE_RE.test(text)) return false;
  const d = findLabeledDates(text);
  return d.posted !== undefined || d.updated !== undefined;
}

/** A title without the site suffix (` | The DONG-A ILBO`) or prefix (`The Dong-A Ilbo :: `). */
function stripSuffix(s: string): string {
  return stripSitePrefix(cleanText(s).replace(SITE_SUFFIX_RE, '').trim());
}

/** Title: og:title → first heading repeated in og:title/<title> → <title> minus the site suffix. */
function findTitle(doc: AnyNode, meta: Map<string, string>, blocks: TextBlock[], budget: ParseBudget): { title: string | null; index: number } {
  const og = stripSuffix(meta.get('og:title') ?? meta.get('twitter:title') ?? '');
  const titleEl = firstTag(doc, 'title');
  const docTitle = stripSuffix(titleEl ? rawText(titleEl) : '');
  const headings = blocks.filter((b) => HEADING_TAGS.has(b.block.name) && !linkDense(b, 0.9));
  const pageTitle = [og, docTitle].filter((t) => t && !SITE_NAME_RE.test(t));
  let title: string | null = pageTitle[0] ?? null;
  // Each search costs about the title's length: counted as such, so 100,000 headings against a 1 MB title hit the deadline.
  const searchCost = 1 + (Math.max(0, ...pageTitle.map((t) => t.length)) >> 8);
  const repeated = headings.find((h) => {
    budget.tick(searchCost);
    return pageTitle.some((t) => t === h.text || (h.text.length >= 8 && t.includes(h.text)));
  });
  if (!og && repeated) title = repeated.text;
  if (!title) return { title: null, index: -1 };
  const at = blocks.find((b) => b.text === title) ?? repeated ?? headings.find((h) => h.block.name === 'h1');
  return { title, index: at ? at.index : -1 };
}

/**
 * The block carrying the `Posted`/`Updated` date (the label and the date may sit in adjacent blocks):
 * of all such blocks, the one nearest the headline, so a dated ticker or sidebar above it loses.
 */
function findDateBlock(blocks: TextBlock[], titleIdx: number): number {
  let best = -1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (!DATE_LABEL_RE.test(b.text)) continue;
    const near = `${b.text} ${blocks[i + 1]?.text ?? ''} ${blocks[i + 2]?.text ?? ''}`;
    const d = findLabeledDates(near);
    if (d.posted === undefined && d.updated === undefined) continue;
    if (titleIdx < 0) return i;
    // Ties go to the block after the headline (the usual place); stop once past it and farther away.
    const dist = Math.abs(i - titleIdx);
    const bestDist = Math.abs(best - titleIdx);
    if (best < 0 || dist < bestDist || (dist === bestDist && i > titleIdx)) best = i;
    if (i > titleIdx) break;
  }
  return best;
}

/** Paragraph blocks of the article body: the holder with the most paragraph text after `anchor`, plus its twins. */
function findBody(blocks: TextBlock[], anchor: number, title: string | null): TextBlock[] {
  const eligible = (b: TextBlock) =>
    !NON_PARAGRAPH.has(b.block.name) &&
    !linkDense(b) &&
    b.text !== '한국어' &&
    b.text !== title &&
    !isDateLine(b.text) &&
    !isCopyrightNotice(b.text) &&
    !SHARE_LINE_RE.test(b.text);
  const pick = (from: number): TextBlock[] => {
    const score = new Map<Element, number>();
    for (const b of blocks) {
      if (b.index <= from || !eligible(b)) continue;
      score.set(b.holder, (score.get(b.holder) ?? 0) + b.text.length);
    }
    let best: Element | null = null;
    let bestScore = 0;
    for (const [holder, s] of score) if (s > bestScore) [best, bestScore] = [holder, s];
    if (!best || bestScore < 40) return [];
    // A body split around an ad: sibling holders with the same tag and class count as one.
    const twin = (h: Element) => h === best || (h.parent === best!.parent && h.name === best!.name && h.attribs['class'] === best!.attribs['class']);
    return blocks.filter((b) => b.index > from && twin(b.holder) && eligible(b));
  };
  const after = pick(anchor);
  return after.length || anchor < 0 ? after : pick(-1);
}

/** Trailing (or leading `By …`) byline paragraphs of the body: authors, and how many lines they took. */
function takeBylines(body: string[], budget: ParseBudget): { authors: Author[] | null; head: number; tail: number } {
  let tail = 0;
  // Groups of authors read from the end, flattened in page order below (prepending each group was
  // quadratic on a page of 100,000 byline lines).
  const groups: Author[][] = [];
  // Bylines from the end, one line per reporter or all in one; a name and its e-mail may be split by <br>.
  for (let end = body.length; end > 0; ) {
    budget.tick();
    let got: { a: Author[]; n: number } | null = null;
    const one = parseEnglishByline(body[end - 1]!);
    if (one) got = { a: one, n: 1 };
    else if (end >= 2) {
      const two = parseEnglishByline(`${body[end - 2]!} ${body[end - 1]!}`);
      if (two) got = { a: two, n: 2 };
    }
    if (!got) break;
    groups.push(got.a);
    tail += got.n;
    end -= got.n;
  }
  let authors: Author[] | null = groups.length ? groups.reverse().flat() : null;
  let head = 0;
  if (body.length > tail + 1 && /^By\s/.test(body[0]!)) {
    const lead = parseEnglishByline(body[0]!);
    if (lead) {
      authors = [...lead, ...(authors ?? [])];
      head = 1;
    }
  }
  return { authors, head, tail };
}

const TRAILING_EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\)?\s*$/;

/**
 * A byline glued to the last sentence (`…optimistic view. Gi-Jae Han record@donga.com`, also without the
 * space): the longest tail after a sentence end that parses as a byline with an e-mail. Null when none.
 */
function splitGluedByline(p: string): { text: string; authors: Author[] } | null {
  // Only the tail can hold the byline (the loop below looks at the last 160 characters); testing the whole
  // paragraph was quadratic on a long run of e-mail characters (4.5 MB of letters never finished).
  if (!TRAILING_EMAIL_RE.test(p.slice(-320))) return null;
  for (let i = Math.max(1, p.length - 160); i < p.length; i++) {
    if (p[i] === ' ') continue;
    const before = p[i - 1] === ' ' ? (p[i - 2] ?? '') : p[i - 1]!;
    if (!/[.!?"”’)]/.test(before)) continue;
    const authors = parseEnglishByline(p.slice(i));
    if (authors?.some((a) => a.email)) return { text: p.slice(0, i).trim(), authors };
  }
  return null;
}

/** Characters of a line's end that can hold a copyright tail (its mark plus at most 160 characters). */
const COPYRIGHT_TAIL_SPAN = 400;

/**
 * A byline line without the copyright notice sharing it. Only the line's end is searched: the pattern tried
 * every mark of the line with a 160-character lookahead, seconds on a paragraph of 1.5 million `ⓒ`.
 */
function cutCopyrightTail(t: string): string {
  if (!t.includes('@')) return t;
  const from = Math.max(0, t.length - COPYRIGHT_TAIL_SPAN);
  const m = COPYRIGHT_TAIL_RE.exec(t.slice(from));
  return m ? t.slice(0, from + m.index) : t;
}

/** Lines that close some article containers without being story: share rows, prompts, copyright tails. */
function trimTrailingChrome(body: string[]): string[] {
  const out = body.map(cutCopyrightTail);
  // Prompts after the story, up to the byline: only short lines, so a real last paragraph is never cut.
  while (out.length > 1) {
    const last = out[out.length - 1]!;
    if (last.length < 160 && (PROMO_LINE_RE.test(last) || SHARE_LINE_RE.test(last))) out.pop();
    else break;
  }
  return out;
}

/** Adds e-mails and roles from `meta` bylines to same-named authors that lack them. */
function corroborate(authors: Author[], metaAuthors: Author[]): Author[] {
  return authors.map((a) => {
    const m = metaAuthors.find((x) => x.name.toLowerCase() === a.name.toLowerCase());
    return m ? { name: a.name, email: a.email ?? m.email, role: a.role ?? m.role } : a;
  });
}

function findSection($: CheerioAPI, meta: Map<string, string>): string | null {
  for (const key of ['dd:category', 'article:section', 'categoryname', 'section']) {
    const v = cleanText((meta.get(key) ?? '').split(',')[0] ?? '');
    if (v) return v;
  }
  for (const el of $('[class*="breadcrumb"], [id*="breadcrumb"], [class~="location"], nav[aria-label*="readcrumb"]').toArray()) {
    const names = $(el)
      .find('a, span')
      .toArray()
      .map((a) => cleanText(rawText(a)))
      .filter((t) => t && !/^(?:home|홈|>|›|»)$/i.test(t) && !SITE_NAME_RE.test(t));
    const last = names[names.length - 1];
    if (last) return last;
  }
  return null;
}

const KOREAN_LINK_TEXT_RE = /^한국어(?: ?(?:기사|원문|판|보기|로 보기))?$/;
const URL_IN_SCRIPT_RE = /(?:https?:)?\/\/[^\s'"()<>]+|\/news\/[^\s'"()<>]+/;

/**
 * The `한국어` original: an anchor with that text whose target (href, else data-href/data-url/onclick)
 * has the Korean article URL shape on a Dong-A host or on the page's own host (the local replay site).
 * Among several, the one dated like the English URL wins; a language-menu link to the home page never matches.
 */
function findKoreanUrl(anchors: Element[], pageUrl: string, ymd: string): string | null {
  const pageOrigin = new URL(pageUrl).origin;
  let first: string | null = null;
  for (const a of anchors) {
    const text = rawText(a);
    if (!text.includes('한국어') || !KOREAN_LINK_TEXT_RE.test(cleanText(text))) continue;
    const targets = [a.attribs['href'], a.attribs['data-href'], a.attribs['data-url'], URL_IN_SCRIPT_RE.exec(a.attribs['onclick'] ?? '')?.[0]];
    for (const t of targets) {
      if (!t) continue;
      const ko = parseKoreanArticleUrl(t, pageUrl);
      if (!ko) continue;
      const origin = new URL(ko.url).origin;
      if (origin !== 'https://www.donga.com' && origin !== pageOrigin) continue;
      if (ko.ymd === ymd) return ko.url;
      first ??= ko.url;
      break;
    }
  }
  return first;
}

/**
 * Media counted up to the first block after the header that is not header chrome (the 한국어 link, a
 * date line, share buttons): on a page whose pictures carry all its text in figcaptions, the pictures.
 */
function mediaAfterHeader(blocks: TextBlock[], anchor: number, total: number, title: string | null): number {
  for (let i = anchor + 1; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.text === '한국어' || b.text === title || isDateLine(b.text) || SHARE_LINE_RE.test(b.text)) continue;
    return b.media;
  }
  return total;
}

const DATELINE_RE = /^([A-Z][A-Z.'’]*(?:[ -][A-Z][A-Z.'’]*){0,3})(?:,\s*[A-Z][A-Za-z.]*(?: \d{1,2})?)?\s*(?:—|–|--)\s*\S/;

/** The shared reading of one English page every field finder below works from: its tree, meta and reader lines. */
interface EnglishPage {
  ctx: PageContext;
  /** The article URL, normalized, and its date and id. */
  url: string;
  where: ArticleUrl;
  budget: ParseBudget;
  meta: Map<string, string>;
  /** Every `<a>` of the page, in document order. */
  anchors: Element[];
  times: Element[];
  blocks: TextBlock[];
  /** Photos and videos in the whole story area (`readerBlocks` counts them). */
  mediaTotal: number;
  title: string | null;
  /** Reader lines: the headline's, the `Posted` line's, and the one the body is searched after (the later of both). */
  titleIdx: number;
  dateIdx: number;
  anchor: number;
  bodyBlocks: TextBlock[];
  bodyStart: number;
  /** The first header line: the headline or the date line, whichever comes first (blocks above date other stories). */
  headerFrom: number;
}

/** The article URL of an English page, or `bad_url` (checked before the page is decoded). */
function englishUrlOf(pageUrl: string): ArticleUrl {
  const where = parseEnglishArticleUrl(pageUrl);
  if (!where) fail('bad_url', `not an English article URL (/en/article/all/YYYYMMDD/<id>/1): ${pageUrl}`, pageUrl);
  return where;
}

/** The page's reader lines, headline, date line and body blocks. */
function readEnglishPage(ctx: PageContext): EnglishPage {
  const where = englishUrlOf(ctx.url);
  const budget = ctx.budget;
  const tags = ctx.tags();
  const meta = metaOf(tags.get('meta')!);
  const root = tags.get('body')![0] ?? ctx.document;
  const stats = { media: 0 };
  const blocks = readerBlocks(root, skipBoilerplate, stats, budget);
  budget.check();

  const { title, index: titleIdx } = findTitle(ctx.document, meta, blocks, budget);
  const dateIdx = findDateBlock(blocks, titleIdx);
  const anchor = dateIdx >= 0 ? Math.max(dateIdx, titleIdx) : titleIdx;
  const bodyBlocks = findBody(blocks, anchor, title);
  const bodyStart = bodyBlocks[0]?.index ?? blocks.length;
  const headerFrom = Math.max(0, Math.min(...[titleIdx, dateIdx].filter((i) => i >= 0), bodyStart));
  return {
    ctx,
    url: where.url,
    where,
    budget,
    meta,
    anchors: tags.get('a')!,
    times: tags.get('time')!,
    blocks,
    mediaTotal: stats.media,
    title,
    titleIdx,
    dateIdx,
    anchor,
    bodyBlocks,
    bodyStart,
    headerFrom,
  };
}

/**
 * Dates: labelled dates in the header (text before the body), then a date line inside a control, then
 * `<time datetime>`, then meta tags. Visible text first: it is what the reader and the Korean page go by.
 */
function findEnglishDates(p: EnglishPage): { publishedAt: string | null; updatedAt: string | null } {
  const { blocks, dateIdx, bodyStart, meta } = p;
  const headerText = blocks
    .slice(p.headerFrom, Math.max(bodyStart, dateIdx + 3))
    .map((b) => b.text)
    .join(' ');
  const labelled = dateIdx >= 0 ? findLabeledDates(headerText) : {};
  const metaPublished = ['dd:published_time', 'article:published_time', 'og:pubdate', 'pubdate', 'date']
    .map((k) => parseKstDate(meta.get(k) ?? ''))
    .find((d) => d !== null);
  // A date line inside a control (`<button>Posted …</button>`, a `<summary>` toggle) is page text too, though the
  // blocks leave controls out.
  const root = p.ctx.tags().get('body')![0] ?? p.ctx.document;
  const inControls = findLabeledDates(
    interactiveLines(root)
      .filter((l) => DATE_LABEL_RE.test(l))
      .join(' \n '),
  );
  return {
    publishedAt: labelled.posted ?? inControls.posted ?? timeElementDate(p.times) ?? metaPublished ?? null,
    updatedAt: labelled.updated ?? inControls.updated ?? null,
  };
}

/** Refuses a page without a date that looks like a list (many article links), or has no title or body. */
function refuseUndated(p: EnglishPage, publishedAt: string | null): void {
  if (publishedAt) return;
  const linked = new Set<string>();
  for (const a of p.anchors) {
    p.budget.tick(4); // a URL parse costs a few steps
    const u = parseEnglishArticleUrl(a.attribs['href'] ?? '', p.ctx.url)?.url;
    if (u && u !== p.url) linked.add(u);
  }
  const articleLinks = linked.size;
  if (p.bodyBlocks.length === 0 || articleLinks >= 10 || !p.title) {
    fail(
      'not_article',
      `no Posted line or published date, ${articleLinks} article links, ${p.bodyBlocks.length ? 'a' : 'no'} text block: not an article page`,
      p.url,
    );
  }
}

/** A page without body blocks: a photo/video page (pictures after the header) or `missing_body`. */
function refuseBodiless(p: EnglishPage, title: string): void {
  if (p.bodyBlocks.length > 0) return;
  // Photos and videos between the header and the end of the story: a page that is mostly pictures is no article.
  const media = p.anchor >= 0 ? mediaAfterHeader(p.blocks, p.anchor, p.mediaTotal, title) - p.blocks[p.anchor]!.media : 0;
  if (media > 0) fail('not_article', `photo/video page: ${media} photo(s)/video(s) after the header and no paragraph text`, p.url);
  fail('missing_body', 'no block of paragraph text after the title/Posted line', p.url);
}

/** The body blocks without captions printed as plain paragraphs (photo-caption.ts says which, and why so few). */
function storyOf(p: EnglishPage): { story: TextBlock[]; captions: number; media: number; underMedia: Set<string> } {
  const { blocks, bodyBlocks, anchor } = p;
  // Without a header to count from, only pictures among the story paragraphs count (not the logo above them).
  const headerMedia = anchor >= 0 ? blocks[anchor]!.media : (blocks[bodyBlocks[0]!.index - 1]?.media ?? 0);
  const media = bodyBlocks[bodyBlocks.length - 1]!.media - headerMedia;
  // The story's closing paragraph: the last one before any e-mail byline lines.
  let closing = bodyBlocks.length - 1;
  while (closing > 0 && bodyBlocks[closing]!.text.includes('@')) closing--;
  const captions = bodyBlocks.filter((b, i) =>
    isEnglishCaption(b.text, {
      afterMedia: afterMedia(blocks, b) && !isEmphasisOnly(b.block, b.text),
      closesStory: i === closing && i >= 2,
    }),
  );
  const captionSet = new Set(captions);
  const story = captions.length ? bodyBlocks.filter((b) => !captionSet.has(b)) : bodyBlocks;
  /** Paragraphs sitting right under a photo: in a gallery, that is every one of them. */
  const underMedia = new Set(story.filter((b) => afterMedia(blocks, b)).map((b) => b.text));
  return { story, captions: captions.length, media, underMedia };
}

/** Refuses a login or subscription wall standing where the story should be. */
function refuseWall(story: TextBlock[], url: string): void {
  const bodyText = story.map((b) => b.text).join(' ');
  if (bodyText.length < 600 && WALL_RE.test(bodyText)) {
    fail('not_article', `login/subscription wall instead of a story: "${bodyText.slice(0, 80)}"`, url);
  }
}

/**
 * Subtitle: a heading or emphasised line between the title and the body, else an emphasised bare first paragraph
 * (then taken out of the story).
 */
function findSubtitle(p: EnglishPage, title: string, story: TextBlock[]): { subtitle: string | null; paragraphs: TextBlock[] } {
  let subtitle: string | null = null;
  const subFrom = p.titleIdx >= 0 ? p.titleIdx : p.headerFrom;
  for (const b of p.blocks.slice(subFrom + 1, p.bodyStart)) {
    p.budget.tick();
    if (b.text === title || b.text === '한국어' || isDateLine(b.text) || linkDense(b, 0.5) || b.text.length > 400) continue;
    if (/^(?:Posted|Updated)$/i.test(b.text) || parseKstDate(b.text) !== null) continue;
    const hint = classHint(b.block);
    if (/^h[2-4]\b/.test(hint) || SUBTITLE_HINT_RE.test(hint) || isEmphasisOnly(b.block, b.text)) {
      subtitle = b.text;
      break;
    }
  }
  let paragraphs = story;
  const first = paragraphs[0];
  if (!subtitle && first && paragraphs.length > 1 && first.bare && isEmphasisOnly(first.block, first.text, true)) {
    subtitle = first.text;
    paragraphs = paragraphs.slice(1);
  }
  return { subtitle, paragraphs };
}

/**
 * Bylines: trailing lines of the body, a byline glued to its last sentence, else a line just after it, else the
 * meta tags; meta bylines add e-mails and roles. Returns the body without the byline lines and closing chrome.
 */
function takeAuthors(p: EnglishPage, lines: string[], paragraphs: TextBlock[]): { authors: Author[]; body: string[] } {
  const metaAuthors =
    ['author', 'dd:author', 'article:author']
      .map((k) => p.meta.get(k))
      .filter((v): v is string => !!v && !/^https?:/.test(v))
      .map((v) => parseEnglishByline(v) ?? parseEnglishByline(`By ${v}`))
      .find((a) => a !== null) ?? null;
  let body = trimTrailingChrome(lines);
  const taken = takeBylines(body, p.budget);
  let authors = taken.authors;
  body = body.slice(taken.head, body.length - taken.tail);
  const glued = authors === null && body.length > 0 ? splitGluedByline(body[body.length - 1]!) : null;
  if (glued) {
    authors = glued.authors;
    if (glued.text) body[body.length - 1] = glued.text;
    else body.pop();
  }
  if (authors === null) {
    const lastIdx = paragraphs[paragraphs.length - 1]?.index ?? p.bodyStart;
    for (const b of p.blocks.slice(lastIdx + 1, lastIdx + 7)) {
      const a = parseEnglishByline(b.text);
      if (a?.some((x) => x.email)) {
        authors = a;
        break;
      }
    }
  }
  return { authors: corroborate(authors ?? metaAuthors ?? [], metaAuthors ?? []), body };
}

/**
 * Parses an English article page. Throws {@link ParseError} (`bad_url`, `not_article`,
 * `missing_title`, `missing_date`, `missing_body`) instead of returning a half-empty record.
 */
export function parseEnglishArticle(page: PageInput, limits: ParseLimits = {}): EnglishArticle {
  return parseEnglishPage(openEnglishPage(page, limits));
}

/**
 * The page context an English page is parsed from: the URL checked first (`bad_url` before any decoding), then
 * the page decoded, stripped of non-content and loaded once within `limits` (page-context.ts).
 */
export function openEnglishPage(page: PageInput, limits: ParseLimits = {}): PageContext {
  const where = englishUrlOf(page.url);
  return loadPage(page, { limits, budget: new ParseBudget(limits, where.url), strip: true });
}

/** {@link parseEnglishArticle} on a page already loaded by {@link openEnglishPage}. Reads the tree, never changes it. */
export function parseEnglishPage(ctx: PageContext): EnglishArticle {
  const p = readEnglishPage(ctx);
  const { url, title } = p;
  const { publishedAt, updatedAt } = findEnglishDates(p);
  refuseUndated(p, publishedAt);
  if (!title) fail('missing_title', 'no og:title, no heading repeated in <title>, and no usable <title>', url);
  if (!publishedAt) fail('missing_date', 'no "Posted …" line in the header, no <time datetime> and no published-time meta tag', url);
  refuseBodiless(p, title);
  const { story, captions, media, underMedia } = storyOf(p);
  refuseWall(story, url);
  const { subtitle, paragraphs } = findSubtitle(p, title, story);
  const taken = takeAuthors(
    p,
    paragraphs.map((b) => b.text).filter((t) => t !== subtitle),
    paragraphs,
  );
  const photoPage = photoPageReason(taken.body, { media, captions, underMedia, oneLine: 200 });
  if (photoPage) fail('not_article', photoPage, url);
  // A paragraph that is one enormous token is no prose (a hostile or broken page): it never reaches a record.
  const body = taken.body.filter(isProse);
  if (body.length === 0) fail('missing_body', 'the body held only a byline, or no paragraph of prose', url);

  const dm = DATELINE_RE.exec(body[0]!);
  return checkRecord(
    {
      lang: 'en' as const,
      url,
      articleId: p.where.articleId,
      title,
      subtitle,
      publishedAt,
      updatedAt,
      authors: taken.authors,
      dateline: dm ? dm[1]! : null,
      section: findSection(ctx.cheerio(), p.meta),
      body,
      koreanUrl: findKoreanUrl(p.anchors, ctx.url, p.where.ymd),
    },
    url,
  );
}

/** True when all of a block's text sits inside `<strong>`/`<b>` (a standalone sub-heading). */
function isEmphasisOnly(block: Element, text: string, bareOnly = false): boolean {
  const strong = block.children.find((c): c is Element => c.type === 'tag' && (c.name === 'strong' || c.name === 'b') && cleanText(rawText(c)) === text);
  if (strong) return true;
  if (bareOnly) return false;
  const only = block.children.filter((c) => c.type === 'tag' || (c.type === 'text' && c.data.trim()));
  return only.length === 1 && only[0]!.type === 'tag' && ['strong', 'b'].includes((only[0] as Element).name) && cleanText(rawText(only[0]!)) === text;
}
