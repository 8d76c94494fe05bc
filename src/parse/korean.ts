import type { AnyNode, Element } from 'domhandler';
import { ParseError } from '../errors.js';
import { parseKoreanArticleUrl, type ArticleUrl } from '../normalize/article-url.js';
import { findLabeledDates, parseKstDate } from '../normalize/kst-date.js';
import { parseKoreanByline, splitLeadingByline, splitTrailingByline, type KoreanByline } from '../normalize/korean-byline.js';
import { isKoreanCaption } from '../normalize/photo-caption.js';
import { cleanText, isProse, stripSitePrefix } from '../normalize/text.js';
import { authorSchema, type Author, type KoreanArticle, type PageInput } from '../records/article.js';
import { checkRecord } from './check-record.js';
import { hasClass, holdsPicture, indexElements, isMediaElement, metaOf, nodeText, timeElementDate, within, type DomIndex } from './dom.js';
import { ParseBudget, type ParseLimits } from './limits.js';
import { loadPage, type PageContext } from './page-context.js';
import { extractPageIdentity } from './page-identity.js';
import { photoPageReason } from './photo-page.js';

/**
 * Korean Dong-A article page → normalized record, for every layout era in docs/site-notes.md (Layout eras).
 * Things are found by text and structure (date labels, Hangul density, trailing e-mail bylines);
 * the era class names are only hints. Pure: no I/O, no clock.
 */

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (domhandler nodes; walking them directly is much cheaper than cheerio calls).

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'iframe',
  'figure',
  'figcaption',
  'button',
  'svg',
  'img',
  'video',
  'audio',
  'select',
  'input',
  'textarea',
  'template',
  'object',
  'embed',
  'canvas',
  'map',
  'form',
  'nav',
  'aside',
  'header',
  'footer',
  'picture',
  'source',
  'head',
  'title',
  'meta',
  'link',
]);
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'li',
  'ul',
  'ol',
  'table',
  'tbody',
  'thead',
  'tr',
  'td',
  'th',
  'dl',
  'dt',
  'dd',
  'pre',
  'hr',
  'center',
  'main',
  'address',
]);

/**
 * Class/id tokens of boilerplate inside article bodies across the eras: ads (`view_ad06`, `div-gpt-ad…`, `a1`),
 * related lists, SNS buttons, photo blocks, reporter boxes, keyword/issue boxes, polls, trend-news.
 */
const NOISE_RE =
  /(?:^|[\s_-])(?:ad|ads|adv|advert|banner|ban|relation|related|recommend|sns|share|social|reporter|repoter|report|author|copyright|caption|photo|img|thumb|trend|keyword|poll|btn|issue|subscribe|gpt|title_foot|sub_tit|sub_title|subtitle|bestnews|layer|more)(?:$|[\s_\d-])|view_ad|view_m_ad|sub_cont_ad|subcont_ad|photoad|view_center|txt_ad|articlephoto|div-gpt-ad|is_trend|^a1$|^adk?$/i;

function isNoise(el: Element): boolean {
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  return (cls !== undefined && NOISE_RE.test(cls)) || (id !== undefined && NOISE_RE.test(id));
}

function hangulCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) n++;
  }
  return n;
}

// Every walk here is iterative (explicit stacks), so no page shape can exhaust the call stack.

/** Text length inside and outside links of a subtree (scripts and skipped tags ignored). */
function linkStats(node: Element, inLink: boolean, acc: { text: number; link: number }): void {
  const stack: [Element, boolean][] = [[node, inLink]];
  while (stack.length) {
    const [el, link] = stack.pop()!;
    for (const c of el.children) {
      if (c.type === 'text') {
        const n = c.data.trim().length;
        acc.text += n;
        if (link) acc.link += n;
      } else if (c.type === 'tag' && !SKIP_TAGS.has(c.name)) {
        stack.push([c, link || c.name === 'a']);
      }
    }
  }
}

/** A block that is mostly link text (related-article lists, tag clouds, menus) is not story text. */
function mostlyLinks(el: Element): boolean {
  const acc = { text: 0, link: 0 };
  linkStats(el, false, acc);
  return acc.link > 0 && acc.link * 2 > acc.text;
}

/**
 * An image with a short caption (`<div class="pic_area"><img><p>…대통령실 제공</p></div>`), whatever its
 * class: a block holding an image and under 200 characters of text is a photo box, not a paragraph.
 */
function isPhotoBox(el: Element): boolean {
  if (!holdsPicture(el)) return false;
  return cleanText(nodeText(el)).length < 200;
}

/** Where the pictures of a body block are: how many, and which paragraphs sit right under one. */
interface MediaInfo {
  media: number;
  /** Parallel to the paragraphs: a photo or video came between the previous paragraph and this one. */
  afterMedia: boolean[];
}

/** Paragraphs of a body block as a reader sees them: split at <br> and block elements, boilerplate skipped. */
function paragraphsOf(root: Element, skip: Set<AnyNode>, info?: MediaInfo, budget: ParseBudget = ParseBudget.unbounded()): string[] {
  const out: string[] = [];
  let buf = '';
  let pending = false;
  const flush = () => {
    if (buf) {
      const t = cleanText(buf);
      if (t) {
        out.push(t);
        info?.afterMedia.push(pending);
        pending = false;
      }
      buf = '';
    }
  };
  const sawMedia = (el: Element) => {
    if (info && isMediaElement(el)) {
      info.media++;
      pending = true;
    }
  };
  // Elements being walked, each with the next child to visit and whether leaving it ends a line.
  const frames: { el: Element; next: number; block: boolean }[] = [{ el: root, next: 0, block: false }];
  while (frames.length) {
    const f = frames[frames.length - 1]!;
    if (f.next >= f.el.children.length) {
      frames.pop();
      if (f.block) flush();
      continue;
    }
    const child = f.el.children[f.next++]!;
    budget.tick();
    if (child.type === 'text') {
      buf += child.data;
    } else if (child.type === 'tag') {
      const name = child.name;
      if (name === 'br') flush();
      else if (SKIP_TAGS.has(name) || skip.has(child) || isNoise(child)) {
        sawMedia(child);
      } else if (BLOCK_TAGS.has(name)) {
        if (isPhotoBox(child)) {
          flush();
          if (info) {
            info.media++;
            pending = true;
          }
          continue;
        }
        if (mostlyLinks(child)) continue;
        flush();
        frames.push({ el: child, next: 0, block: true });
      } else frames.push({ el: child, next: 0, block: false });
    }
  }
  flush();
  return out;
}

/**
 * Fallback when no known body container exists: the element holding the most Hangul in text that sits
 * directly in it or in its <p> children.
 */
function densestKoreanBlock(root: AnyNode, budget: ParseBudget): Element | null {
  const score = new Map<Element, number>();
  // Document order (children pushed in reverse): ties go to the first block, as before.
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    budget.tick();
    if (node.type === 'text') {
      let parent = node.parent;
      while (parent && parent.type === 'tag' && !BLOCK_TAGS.has(parent.name)) parent = parent.parent;
      if (parent && parent.type === 'tag' && parent.name === 'p' && parent.parent?.type === 'tag') parent = parent.parent;
      if (parent && parent.type === 'tag') {
        const n = hangulCount(node.data);
        if (n > 0) score.set(parent, (score.get(parent) ?? 0) + n);
      }
      continue;
    }
    if (node.type === 'tag' && (SKIP_TAGS.has(node.name) || isNoise(node))) continue;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, n] of score) {
    if (n > bestScore) {
      best = el;
      bestScore = n;
    }
  }
  return best;
}

/**
 * {@link nodeText} without the story's own sentences: inside `story`, only nested boxes (`div`, `span`, lists)
 * count, not its bare text or `<p>`s, whose sentences may quote `입력 <date>`. A date box nested in the
 * story container (the ≤2017 `.title_foot`) still counts.
 */
function textOutsideStory(node: AnyNode, story: AnyNode | null): string {
  let s = '';
  // Nodes to visit, or a ' ' standing for a piece of the story, in reverse document order.
  const stack: (AnyNode | ' ')[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === ' ') s += ' ';
    else if (n.type === 'text') s += n.data;
    else if (n.type === 'tag' || n.type === 'root') {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const c = n.children[i]!;
        stack.push(n === story && (c.type === 'text' || (c.type === 'tag' && !STORY_BOX_TAGS.has(c.name))) ? ' ' : c);
      }
    }
  }
  return s;
}
const STORY_BOX_TAGS = new Set(['div', 'span', 'ul', 'ol', 'dl', 'section', 'header', 'table']);

/** The Korean parser's element index: every class and id, and the tags it looks up by name. */
const INDEXED_TAGS = ['meta', 'h1', 'title', 'body', 'time'];
const cls = (idx: DomIndex, c: string): Element[] => idx.byClass.get(c) ?? [];
const tagIs = (name: string) => (e: Element) => e.name === name;

// ---------------------------------------------------------------------------------------------
// Field extraction.

const SITE_SUFFIX_RE = /\s*[:|｜ㅣ\-–—]\s*(?:동아일보|동아닷컴|donga\.com|the dong-a ilbo)\s*$/i;
const SECTION_SUFFIX_RE = /\s*[:|｜ㅣ]\s*(?:뉴스|정치|경제|사회|국제|문화|스포츠|오피니언|연예|IT\/의학|헬스동아|교육|사설|칼럼)\s*$/;

/** A page title without the ` : 동아일보` / ` | 동아닷컴` site suffix (and the section crumb before it) or a site prefix. */
export function stripTitleSuffix(title: string): string {
  let t = stripSitePrefix(title);
  if (SITE_SUFFIX_RE.test(t)) {
    t = t.replace(SITE_SUFFIX_RE, '');
    for (let i = 0; i < 2 && SECTION_SUFFIX_RE.test(t); i++) t = t.replace(SECTION_SUFFIX_RE, '');
  }
  return t.trim();
}

/** Headline hints in era order of preference: `.head_group h1`, `.article_title02 h1`, `.article_title h1|.title` … */
function titleCandidates(idx: DomIndex): Element[] {
  const out: Element[] = [];
  for (const c of ['head_group', 'article_title02', 'article_title', 'article_head', 'view_head']) {
    for (const box of cls(idx, c)) within(box, (e) => e.name === 'h1' || hasClass(e, 'title'), out);
  }
  for (const h of idx.byTag.get('h1') ?? []) if (hasClass(h, 'title')) out.push(h);
  return out;
}

function findTitle(idx: DomIndex, meta: Map<string, string>): { title: string | null; fromHeader: boolean } {
  for (const el of titleCandidates(idx)) {
    const t = paragraphsOf(el, new Set()).join(' ');
    if (t) return { title: t, fromHeader: true };
  }
  const og = meta.get('og:title');
  if (og && stripTitleSuffix(og)) return { title: stripTitleSuffix(og), fromHeader: false };
  // Pages with several h1 (logo + headline): the longest one that is not the site name.
  let best = '';
  for (const el of idx.byTag.get('h1') ?? []) {
    const t = cleanText(nodeText(el));
    if (t.length > best.length && !/^(?:동아일보|동아닷컴|donga\.com)$/i.test(t)) best = t;
  }
  if (best) return { title: best, fromHeader: false };
  const titleEl = idx.byTag.get('title')?.[0];
  const t = titleEl ? stripTitleSuffix(nodeText(titleEl)) : '';
  return { title: t || null, fromHeader: false };
}

const DATE_LABEL_RE = /(입력|수정|업데이트|최종수정|기사입력)\s*[:：]?/g;

/** Labelled dates where the date may be separated from its label by other text (screen-reader copies). */
function looseLabeledDates(text: string, budget: ParseBudget): { input?: string; modified?: string } {
  const out: { input?: string; modified?: string } = {};
  const marks = [...text.matchAll(DATE_LABEL_RE)];
  for (let i = 0; i < marks.length; i++) {
    budget.tick(8); // a date parse over up to 80 characters
    const m = marks[i]!;
    const start = m.index + m[0].length;
    const end = Math.min(marks[i + 1]?.index ?? text.length, start + 80);
    const iso = parseKstDate(text.slice(start, end));
    if (!iso) continue;
    const key = m[1] === '입력' || m[1] === '기사입력' ? 'input' : 'modified';
    if (out[key] === undefined) out[key] = iso;
  }
  return out;
}

const HEADER_HINTS = [
  'head_group',
  'article_title',
  'article_title02',
  'title_foot',
  'date_info',
  'news_info',
  'view_head',
  'article_head',
  'article_info',
  'info_group',
];

interface Dates {
  publishedAt: string | null;
  updatedAt: string | null;
  /** True when a visible labelled date (not just a meta tag) was found. */
  visible: boolean;
}

function findDates(idx: DomIndex, meta: Map<string, string>, root: AnyNode, bodyEl: Element | null, budget: ParseBudget): Dates {
  let headerText = '';
  for (const c of HEADER_HINTS) for (const el of cls(idx, c)) headerText += ` ${nodeText(el)}`;
  let labeled = { ...findLabeledDates(headerText) };
  if (labeled.input === undefined) {
    const loose = looseLabeledDates(headerText, budget);
    labeled = { ...loose, ...labeled };
  }
  let published = labeled.input ?? null;
  let updated = labeled.modified ?? null;
  if (published === null) {
    // ≤2017 layout: `.title_foot .date` (created) / `.date2` (modified) without labels.
    const foot = cls(idx, 'title_foot')[0];
    const first = (c: string) => (foot ? within(foot, (e) => hasClass(e, c))[0] : undefined);
    const e1 = first('date') ?? first('date01');
    const e2 = first('date2');
    const d1 = e1 ? nodeText(e1) : '';
    const d2 = e2 ? nodeText(e2) : '';
    published = d1 ? parseKstDate(d1) : null;
    if (published && updated === null && d2) updated = parseKstDate(d2);
  }
  if (published === null) {
    // Header markup drifted: look for the labels anywhere outside scripts (one pass over the page text).
    // The story itself is left out: a sentence quoting `입력 2019-01-01` must not date the article.
    const all = textOutsideStory(idx.body ?? root, bodyEl);
    const labeledAll = findLabeledDates(all);
    const loose = labeledAll.input === undefined ? looseLabeledDates(all, budget) : {};
    published = labeledAll.input ?? loose.input ?? null;
    updated ??= labeledAll.modified ?? loose.modified ?? null;
  }
  published ??= timeElementDate(idx.byTag.get('time') ?? []);
  const visible = published !== null;
  if (published === null) {
    for (const key of ['dd:published_time', 'article:published_time', 'og:pubdate', 'pubdate', 'publishdate', 'date']) {
      const v = meta.get(key);
      const iso = v ? parseKstDate(v) : null;
      if (iso) {
        published = iso;
        break;
      }
    }
  }
  if (updated === null && !visible) {
    for (const key of ['dd:modified_time', 'article:modified_time', 'og:updated_time']) {
      const v = meta.get(key);
      const iso = v ? parseKstDate(v) : null;
      if (iso) {
        updated = iso;
        break;
      }
    }
  }
  return { publishedAt: published, updatedAt: updated, visible };
}

function bodyCandidates(idx: DomIndex): Element[] {
  const out: Element[] = [];
  const seen = new Set<Element>();
  const add = (e: Element | undefined) => {
    if (e && !seen.has(e)) {
      seen.add(e);
      out.push(e);
    }
  };
  for (const e of cls(idx, 'news_view')) add(e);
  add(idx.byId.get('article_txt'));
  for (const e of cls(idx, 'article_txt')) add(e);
  add(idx.byId.get('article_body'));
  for (const e of cls(idx, 'article_word')) add(e);
  for (const e of idx.itemBody) add(e);
  for (const e of cls(idx, 'article_body')) add(e);
  return out;
}
/**
 * Era 3 puts the subtitle in a `<strong>` opening the body block, era 5 in an `<h2>`: whatever the class,
 * a short strong/heading before any text of the block is its subtitle.
 */
function leadingHeading(el: Element): Element | null {
  for (const child of el.children) {
    if (child.type === 'text' && child.data.trim() === '') continue;
    if (child.type === 'tag' && child.name === 'br') continue;
    if (child.type !== 'tag' || !['strong', 'b', 'h2', 'h3', 'h4'].includes(child.name)) return null;
    const len = cleanText(nodeText(child)).length;
    return len >= 5 && len <= 200 ? child : null;
  }
  return null;
}
const isSubtitle = (e: Element) => hasClass(e, 'sub_tit') || hasClass(e, 'sub_title') || (e.name === 'h2' && hasClass(e, 'subtitle'));

interface Body {
  paragraphs: string[];
  /** The element the paragraphs came from, or null. */
  el: Element | null;
  subtitle: string | null;
  /** True when the block came from a known body container rather than the density fallback. */
  hinted: boolean;
  /** Photos and videos in the body block (or in the best hinted container when it held too little text). */
  media: number;
  /** Parallel to `paragraphs`: the paragraph sits right under a photo or video. */
  afterMedia: boolean[];
}

function findBody(idx: DomIndex, root: AnyNode, budget: ParseBudget): Body {
  const subtitleNodes = new Set<AnyNode>();
  const subtitleParts: string[] = [];
  let best: { paragraphs: string[]; score: number; el: Element; info: MediaInfo } | null = null;
  const seen = new Set<Element>();
  for (const el of bodyCandidates(idx)) {
    if (seen.has(el)) continue;
    seen.add(el);
    const skip = new Set<AnyNode>();
    const lead = leadingHeading(el);
    if (lead) skip.add(lead);
    const info: MediaInfo = { media: 0, afterMedia: [] };
    const paragraphs = paragraphsOf(el, skip, info, budget);
    let score = 0;
    for (const p of paragraphs) score += hangulCount(p);
    if (!best || score > best.score) {
      best = { paragraphs, score, el, info };
      for (const n of skip) subtitleNodes.add(n);
    }
  }
  // A photo page's container holds pictures and little text: keep its pictures as evidence even when it loses.
  const hintedMedia = best?.info.media ?? 0;
  const hinted = best !== null && best.score >= 20;
  if (!hinted) {
    const el = densestKoreanBlock(root, budget);
    const lead = el ? leadingHeading(el) : null;
    const info: MediaInfo = { media: 0, afterMedia: [] };
    const paragraphs = el ? paragraphsOf(el, new Set(lead ? [lead] : []), info, budget) : [];
    // A guessed block must read like prose, or a sidebar/footer would pass as the story.
    const score = paragraphs.reduce((n, p) => n + hangulCount(p), 0);
    const prose = paragraphs.some((p) => /[다요까죠][.!?]["”’]?$/.test(p));
    if (el && score >= 60 && prose) {
      best = { paragraphs, score, el, info };
      if (lead) subtitleNodes.add(lead);
    } else if (best && best.score === 0) best = { paragraphs: [], score: 0, el: best.el, info: { media: hintedMedia, afterMedia: [] } };
    else best = null;
  }
  if (best) {
    for (const el of within(best.el, isSubtitle)) subtitleParts.push(paragraphsOf(el, new Set()).join(' '));
    for (const n of subtitleNodes) {
      if (n.type === 'tag' && best.el.children.includes(n)) subtitleParts.push(paragraphsOf(n, new Set()).join(' '));
    }
  }
  if (subtitleParts.length === 0) {
    const outside = [...cls(idx, 'head_group'), ...cls(idx, 'article_title')]
      .flatMap((box) => within(box, (e) => e.name === 'h2' && !hasClass(e, 'title')))
      .concat(cls(idx, 'sub_title'))[0];
    if (outside) subtitleParts.push(paragraphsOf(outside, new Set()).join(' '));
  }
  const subtitle = [...new Set(subtitleParts.filter(Boolean))].join(' ') || null;
  return {
    paragraphs: best?.paragraphs ?? [],
    el: best?.el ?? null,
    subtitle,
    hinted,
    media: best?.info.media ?? hintedMedia,
    afterMedia: best?.info.afterMedia ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Body clean-up: copyright, promos, inline scripts, bylines.

/**
 * The copyright trailer (`ⓒ 동아일보 & donga.com, 무단 전재 및 재배포 금지`, `Copyright © donga.com …`) and what follows
 * it. The word alone is no trailer: `저작권청(Copyright Office)은 … 재배포 …` is a story sentence, and so is a quote
 * naming the `무단 전재 및 재배포 금지` clause; only a paragraph that ends with the clause loses it.
 */
const COPYRIGHT_MARK_RE = /ⓒ|©|(?:^|\s)\(c\)\s|(?:^|\s)Copyright\s*(?:ⓒ|©|\(c\)|by\b|\d{4}|동아|donga)/i;
const COPYRIGHT_WORDS_RE = /무단\s*전재|재배포|All rights reserved|donga\.com/i;
const COPYRIGHT_CLAUSE_RE = /[,\s]*무단\s*전재\s*(?:및|와|·)?\s*재배포\s*금지[.\s]*$/;
/** Characters of a paragraph's end searched for the clause: the clause and its punctuation, with room to spare. */
const CLAUSE_TAIL = 200;

/**
 * The paragraph without its copyright trailer: from the first copyright mark followed (anywhere later) by
 * the trailer's words, else the closing `무단 전재 및 재배포 금지` clause. One regex with `[^]*?` after every mark
 * rescanned the rest of the paragraph once per mark, quadratic on a run of `ⓒ`; the earliest mark is the only
 * one that matters (a later mark has the words after it only if the earliest does), so one scan each suffices.
 */
function cutCopyright(p: string): string {
  const mark = COPYRIGHT_MARK_RE.exec(p);
  if (mark) {
    const after = mark.index + mark[0].length;
    if (COPYRIGHT_WORDS_RE.test(p.slice(after))) return p.slice(0, mark.index);
  }
  // The clause is anchored at the end: only the tail can hold it.
  const from = Math.max(0, p.length - CLAUSE_TAIL);
  const clause = COPYRIGHT_CLAUSE_RE.exec(p.slice(from));
  return clause ? p.slice(0, from + clause.index) : p;
}
/** Promo lines; button labels (`좋아요`, `구독`) only as a whole line, since `구독 서비스 시장은 …` is a sentence. */
const PROMO_RE =
  /^[▶▷►]|^(?:관련\s?기사|이 기사를 추천합니다|기사를 추천합니다|기자의 다른 기사)(?:\s|$)|^(?:좋아요|구독(?:하기)?|공유하기|기자 구독)(?:\s*\d+)?$/;
/** A short line that is only a copyright notice (`ⓒ 동아일보`, `Copyright © donga.com`). */
const SHORT_COPYRIGHT_RE = /^(?:ⓒ|©|\(c\)|copyright)/i;
// Bounded runs (`\w{0,80}`, `[^)]{0,400}`): an unbounded `[^)]*` rescanned the rest of the paragraph at every
// `function(`, quadratic on a paragraph of them.
const SCRIPT_CUT_RE = /function\s+getPoll\s*\(|function\s*\w{0,80}\s*\([^)]{0,400}\)\s*\{|\bvar\s+\w{1,80}\s*=|googletag\.|document\.write\(/;
/** A header date line left inside the story container (`입력 2015-07-08 03:00:00 수정 …`) when its box has no class to skip. */
const DATE_ONLY_RE = /^(?:(?:기사입력|최종수정|입력|수정|업데이트)\s*[:：]?\s*[\d.\-/: ]+(?:오전|오후|AM|PM)?[\d: ]*\s*)+$/;
/**
 * A login or paid-members wall standing where the story should be: phrases about this article, not a short
 * story about a service one uses `로그인 후` or a course `회원 전용`.
 */
const WALL_RE = new RegExp(
  [
    String.raw`유료\s*(?:회원|구독자?)\s*전용`,
    String.raw`(?:회원|구독자)\s*전용\s*(?:기사|콘텐츠)`,
    // `이 기사는 구독자만 볼 수 있습니다`, `본 기사는 로그인이 필요합니다` (not `해당 콘텐츠는 구독자 100만 명을 넘겼다`)
    String.raw`(?:이|본|해당)\s+(?:기사|콘텐츠)(?:는|은)\s*[^.!?]{0,20}(?:회원|구독자?|로그인)[^.!?]{0,10}(?:전용|에게만|만\s*(?:볼|읽|이용|열람)|이\s*필요|가\s*필요)`,
    // `로그인 후 기사 전문을 보실 수 있습니다`: addressed to the reader (not `넷플릭스 구독 후 콘텐츠를 내려받을 수 있다`)
    String.raw`(?:로그인|구독|회원\s*가입)\s*(?:후|하시면|하면)[^.!?]{0,20}(?:기사|본문|전문)[^.!?]{0,20}(?:보실|읽으실|이용하실|확인하실|열람하실|볼 수 있습니다|읽을 수 있습니다)`,
  ].join('|'),
);
const CODE_LINE_RE = /[{};]\s*$|^\s*[{}]|^\s*(?:var|let|const|function|if|return)\b/;

interface Cleaned {
  body: string[];
  trailing: KoreanByline | null;
  leading: KoreanByline | null;
}

function cleanBody(paragraphs: string[], subtitle: string | null, budget: ParseBudget): Cleaned {
  const out: string[] = [];
  let inScript = false;
  for (let p of paragraphs) {
    budget.tick();
    const cut = SCRIPT_CUT_RE.exec(p);
    if (cut) {
      p = p.slice(0, cut.index).trim();
      inScript = true;
      if (p) out.push(p);
      continue;
    }
    if (inScript && CODE_LINE_RE.test(p)) continue;
    inScript = false;
    const before = p;
    p = cutCopyright(p).trim();
    // The copyright notice closes the story: whatever follows it (polls, related lists) is not body text.
    if (p !== before && out.length > 0 && !p) break;
    // DATE_ONLY_RE's nested runs backtrack polynomially: only short lines can be a date line anyway.
    if (!p || PROMO_RE.test(p) || (p.length < 60 && SHORT_COPYRIGHT_RE.test(p)) || (p.length < 200 && DATE_ONLY_RE.test(p))) continue;
    if (subtitle && p === subtitle) continue;
    out.push(p);
  }

  let leading: KoreanByline | null = null;
  // `【워싱턴=…】` opens the story proper: short lines before it are stray captions or headings.
  for (let k = 1; k < Math.min(3, out.length); k++) {
    if (!/^[【[(][^】\])]{1,30}[=＝]/.test(out[k]!)) continue;
    if (out.slice(0, k).every((p) => p.length < 120) && splitLeadingByline(out[k]!).byline) out.splice(0, k);
    break;
  }
  while (out.length > 0) {
    const first = splitLeadingByline(out[0]!);
    if (!first.byline && first.text === out[0]) break;
    leading ??= first.byline;
    if (first.text) {
      out[0] = first.text;
      break;
    }
    out.shift();
  }

  // Prompts after a full byline (`…기자 a@donga.com` / `뉴스레터를 구독하세요`): short lines only, so a
  // story line after a mid-story e-mail is never cut.
  for (let k = out.length - 1; k >= Math.max(0, out.length - 4); k--) {
    const b = out[k]!.includes('@') ? parseKoreanByline(out[k]!) : null;
    if (!b?.authors.some((a) => a.email)) continue;
    if (out.slice(k + 1).every((p) => p.length < 80 && !p.includes('@') && !parseKoreanByline(p))) out.splice(k + 1);
    break;
  }

  // Trailing byline lines (possibly split over several lines: name, then e-mail), then a glued one.
  // Collected from the end and reversed once (unshift per line was quadratic on 100,000 byline lines).
  const lines: string[] = [];
  while (out.length > 0) {
    budget.tick();
    const last = out[out.length - 1]!;
    if (parseKoreanByline(last)) {
      lines.push(last);
      out.pop();
      continue;
    }
    const split = splitTrailingByline(last);
    if (split.byline) {
      lines.push(last.slice(split.text.length).trim());
      out[out.length - 1] = split.text;
      if (!split.text) out.pop();
    }
    break;
  }
  lines.reverse();
  let trailing: KoreanByline | null = null;
  const joined = lines.filter(Boolean).join(' ');
  if (joined) {
    trailing = parseKoreanByline(joined);
    if (!trailing) {
      // Lines that each parse but not together (`김지원 기자` / `(목포=뉴스1)`): merge them one by one.
      trailing = { authors: [], dateline: null, wire: null };
      for (const l of lines) {
        const b = parseKoreanByline(l) ?? splitTrailingByline(l).byline;
        if (!b) continue;
        trailing.authors.push(...b.authors);
        trailing.dateline ??= b.dateline;
        trailing.wire ??= b.wire;
      }
    }
  }
  return { body: out, trailing, leading };
}

// ---------------------------------------------------------------------------------------------
// Authors and section.

function authorsFromText(text: string): Author[] {
  const t = cleanText(text).replace(/\s*제공\s*$/, '');
  if (!t) return [];
  return (parseKoreanByline(t) ?? splitTrailingByline(t).byline)?.authors ?? [];
}

function mergeAuthors(primary: Author[], ...others: Author[][]): Author[] {
  const out: Author[] = [];
  const seen = new Set<string>();
  // The first author of each list by name (what `find` would return), looked up instead of searched: a page
  // of 100,000 reporter boxes and byline lines made the search quadratic.
  const firsts = others.map((list) => {
    const m = new Map<string, Author>();
    for (const o of list) if (!m.has(o.name)) m.set(o.name, o);
    return m;
  });
  for (const a of primary) {
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    const copy = { ...a };
    for (const byName of firsts) {
      const twin = byName.get(a.name);
      if (twin) {
        copy.email ??= twin.email;
        copy.role ??= twin.role;
      }
    }
    // An address the record schema would reject (`a..b@`) is dropped rather than failing the whole page.
    if (copy.email !== null && !authorSchema.shape.email.safeParse(copy.email).success) copy.email = null;
    out.push(copy);
  }
  return out;
}

const CRUMB_SKIP = /^(?:홈|home|동아일보|동아닷컴|donga(?:\.com)?|뉴스|news|전체)$/i;

function findSection(idx: DomIndex, meta: Map<string, string>, urlSection: string | null): string | null {
  const cat = meta.get('dd:category');
  if (cat && cleanText(cat.split(',')[0]!)) return cleanText(cat.split(',')[0]!);
  const names = meta.get('categoryname');
  if (names && cleanText(names.split(',')[0]!)) return cleanText(names.split(',')[0]!);
  const crumbs = [...cls(idx, 'breadcrumb'), ...cls(idx, 'location')].flatMap((box) => within(box, tagIs('a')));
  for (const el of crumbs) {
    const t = cleanText(nodeText(el));
    if (t && !CRUMB_SKIP.test(t)) return t;
  }
  return urlSection;
}

// ---------------------------------------------------------------------------------------------

/**
 * Parses a Korean article page into a validated {@link KoreanArticle}.
 * Throws {@link ParseError} (`bad_url`, `not_article`, `missing_title`, `missing_date`, `missing_body`).
 */
export function parseKoreanArticle(page: PageInput, limits: ParseLimits = {}): KoreanArticle {
  return parseKoreanPage(openKoreanPage(page, limits));
}

/** The article URL of a Korean page, or `bad_url` (checked before the page is decoded). */
function koreanUrlOf(pageUrl: string): ArticleUrl {
  const info = parseKoreanArticleUrl(pageUrl);
  if (!info) throw new ParseError('bad_url', `not a Korean article URL: ${pageUrl}`, { url: pageUrl });
  return info;
}

/**
 * The page context a Korean page is parsed from: the URL checked first, then the page decoded and loaded once
 * within `limits`, as is (the Korean parser has always read scripts' neighbours, `<noscript>` text and all), except
 * that `<script>` and `<style>` elements are loaded empty: no reader here reads their text (every walk skips them
 * by node type or by SKIP_TAGS), and scanning it was most of the tokenizer's time.
 */
export function openKoreanPage(page: PageInput, limits: ParseLimits = {}): PageContext {
  const info = koreanUrlOf(page.url);
  return loadPage(page, { limits, budget: new ParseBudget(limits, info.url), strip: 'scripts' });
}

/** {@link parseKoreanArticle} on a page already loaded by {@link openKoreanPage}. Reads the tree, never changes it. */
export function parseKoreanPage(ctx: PageContext): KoreanArticle {
  const info = koreanUrlOf(ctx.url);
  const url = info.url;
  const budget = ctx.budget;
  const root = ctx.document;
  const idx = indexElements(root, INDEXED_TAGS, budget);
  const meta = metaOf(idx.byTag.get('meta') ?? [], { trim: false });
  const ogType = meta.get('og:type')?.toLowerCase();
  const { title, fromHeader } = findTitle(idx, meta);
  const found = findBody(idx, root, budget);
  budget.check();
  const dates = findDates(idx, meta, root, found.el, budget);
  budget.check();
  // Captions printed as plain paragraphs beside the story (photo-caption.ts says which, and why so few).
  const story: string[] = [];
  const underMedia = new Set<string>();
  let captions = 0;
  // The story's closing paragraph: the last one before any byline lines.
  let closing = found.paragraphs.length - 1;
  while (closing > 0 && (found.paragraphs[closing]!.includes('@') || parseKoreanByline(found.paragraphs[closing]!))) closing--;
  found.paragraphs.forEach((p, i) => {
    const afterMedia = found.afterMedia[i] ?? false;
    if (isKoreanCaption(p, { afterMedia, closesStory: i === closing && i >= 2 })) captions++;
    else {
      story.push(p);
      if (afterMedia) underMedia.add(p);
    }
  });
  const cleanedAll = cleanBody(story, found.subtitle, budget);
  // A paragraph that is one enormous token is no prose (a hostile or broken page): it never reaches a record.
  const cleaned = { ...cleanedAll, body: cleanedAll.body.filter(isProse) };
  budget.check();
  const hasBody = cleaned.body.reduce((n, p) => n + hangulCount(p), 0) >= 10;

  if (!dates.publishedAt && !found.hinted) {
    throw new ParseError('not_article', 'no article date and no article body block: not an article page', { url });
  }
  if (ogType && ogType !== 'article' && !dates.visible && !found.hinted && !fromHeader) {
    throw new ParseError('not_article', `og:type is "${ogType}" and the page has no article header or body`, { url });
  }
  if (!title) throw new ParseError('missing_title', 'no headline (h1, og:title or <title>) found', { url });
  if (!dates.publishedAt) throw new ParseError('missing_date', 'no 입력 date in the header and no published-time meta tag', { url });
  // A Korean line holds about half the characters of an English one (docs/alignment.md: KO/EN length ≈ 0.46).
  const photoPage = photoPageReason(cleaned.body, { media: found.media, captions, underMedia, oneLine: 100 });
  if (photoPage) throw new ParseError('not_article', photoPage, { url });
  if (!hasBody) throw new ParseError('missing_body', 'no Korean body paragraphs found', { url });
  const bodyText = cleaned.body.join(' ');
  if (bodyText.length < 300 && WALL_RE.test(bodyText)) {
    throw new ParseError('not_article', `login/paid-members wall instead of a story: "${bodyText.slice(0, 60)}"`, { url });
  }

  const bylineAuthors = mergeAuthors([...(cleaned.trailing?.authors ?? []), ...(cleaned.leading?.authors ?? [])]);
  const metaAuthors = authorsFromText(meta.get('dd:author') ?? '');
  const boxAuthors: Author[] = [];
  const boxes = [
    ...cls(idx, 'author_info').flatMap((b) => within(b, (e) => e.name === 'a' || hasClass(e, 'name'))),
    ...cls(idx, 'repoter'),
    ...cls(idx, 'report').flatMap((b) => within(b, tagIs('a'))),
    ...cls(idx, 'reporter_info').flatMap((b) => within(b, (e) => hasClass(e, 'name'))),
  ];
  for (const el of boxes) {
    boxAuthors.push(...authorsFromText(nodeText(el)));
  }
  let authors: Author[];
  if (bylineAuthors.length > 0) authors = mergeAuthors(bylineAuthors, metaAuthors, boxAuthors);
  else if (metaAuthors.length > 0) authors = mergeAuthors(metaAuthors, boxAuthors);
  else authors = mergeAuthors(boxAuthors);

  const record = {
    lang: 'ko' as const,
    url,
    articleId: info.articleId,
    title,
    subtitle: found.subtitle,
    publishedAt: dates.publishedAt,
    updatedAt: dates.updatedAt,
    authors,
    dateline: cleaned.trailing?.dateline ?? cleaned.leading?.dateline ?? null,
    section: findSection(idx, meta, info.section),
    body: cleaned.body,
    identity: extractPageIdentity(root, url, ctx.tags()),
  };
  return checkRecord(record, url);
}
