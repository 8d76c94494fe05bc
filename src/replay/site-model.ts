/**
 * The replay site's content model (pure): N English articles and their Korean originals, generated
 * deterministically from a seed, plus the ground truth the parsers and the pipeline must produce.
 * Articles are generated lazily on first use, so a model of thousands of pairs costs nothing up front.
 */
import type { Author, EnglishArticle, KoreanArticle } from '../records/article.js';
import type { PairStatus, PairVerdict } from '../records/pair.js';
import { hash32, Rng } from './prng.js';
import {
  DOMESTIC_DATELINES,
  EN_CLAUSES,
  EN_PREDICATES,
  EN_QUOTES,
  EN_SECTIONS,
  EN_SUBJECTS,
  EN_TAILS,
  EN_TOPICS,
  EN_VERBS,
  FOREIGN_DATELINES,
  GIVEN_SYLLABLES,
  KO_ADVERBS,
  KO_OBJECTS,
  KO_PREDICATES,
  KO_QUOTES,
  KO_SECTIONS,
  KO_SUBJECTS,
  KO_SUBTITLES,
  KO_TOPICS,
  KO_VERBS,
  SURNAMES,
  type EnSection,
} from './vocab.js';

/** English page layouts: a ~2020 pre-redesign family and the current one. */
export type EnglishLayout = 'en2020' | 'en2024';
/** Korean page eras (docs/site-notes.md, Layout eras): 2017 `입력/수정`, ~2021 text nodes with `입력/업데이트`, current `section.news_view`. */
export type KoreanEra = 'era2' | 'era3' | 'era5';
/** What an article is: shapes its bylines. */
export type ArticleKind = 'news' | 'correspondent' | 'editorial' | 'column';

/** One reporter as both editions print them (same mailbox on both sides). */
export interface Reporter {
  koName: string;
  enName: string;
  /** Family-name-first form, used by column bylines (`By Kim Su-jin, …`). */
  enNameFamilyFirst: string;
  email: string;
  koRole: '기자' | '특파원' | '논설위원';
}

/** Everything needed to render both pages of one pair and to state what parsing them must give. */
export interface ArticleSpec {
  index: number;
  kind: ArticleKind;
  en: {
    id: string;
    ymd: string;
    /** Path of the English page, `/en/article/all/YYYYMMDD/<id>/1`. */
    path: string;
    section: EnSection;
    layout: EnglishLayout;
    title: string;
    postedAt: string;
    updatedAt: string | null;
    authors: Author[];
    /** Byline as printed at the end of the page (several reporters joined by ` · `), or null (editorials). */
    byline: string | null;
    body: string[];
    /** How the `한국어` anchor is written, or `none` when the page has no Korean link. */
    koreanLink: 'absolute' | 'relative' | 'none';
    /** English articles linked in the related list (other ids). */
    related: string[];
  };
  ko: {
    id: string;
    ymd: string;
    /** URL section segment (`Politics`), or null for `/news/article/all/…` URLs. */
    urlSection: string | null;
    /** Section label printed on the page and in `categoryname` (`정치`). */
    label: string;
    /** Path of the Korean page, `/news/[Section/]article/all/YYYYMMDD/<id>/<1|2>`. */
    path: string;
    era: KoreanEra;
    charset: 'utf-8' | 'euc-kr';
    title: string;
    subtitle: string | null;
    publishedAt: string;
    updatedAt: string | null;
    authors: Author[];
    dateline: string | null;
    /** Byline lines as printed at the end of the body (`워싱턴=문병기 특파원 weappon@donga.com`), one per reporter; empty for editorials. */
    bylines: string[];
    body: string[];
    /** Byline glued to the last sentence with no space before the role (`…밝혔다.유진아기자 a@donga.com`). */
    bylineGlued: boolean;
    /** EUC-KR pages only: declare the charset in the page's meta only, not in the Content-Type header. */
    charsetInMetaOnly: boolean;
    /** Photo caption shown in the body (must not reach the record). */
    caption: string | null;
  };
  /** 0 for the original content; each `updateArticle` bumps it. */
  revision: number;
}

/** Content changes applied by `updateArticle` (a re-crawl must see a new revision). */
export interface ArticlePatch {
  enTitle?: string;
  enBody?: string[];
  koTitle?: string;
  koBody?: string[];
}

export interface SiteModelOptions {
  /** Number of English articles (each with a Korean original unless it has no Korean link). */
  pairs: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Day of the oldest article, YYYY-MM-DD. @defaultValue '2024-03-01' */
  startDate?: string;
  /** Articles per day; dates spread over `pairs / perDay` days. @defaultValue 12 */
  perDay?: number;
  /** Every n-th article (index % n === n - 1) has no `한국어` link; 0 = none. @defaultValue 10 */
  noKoreanLinkEvery?: number;
  /** English ids whose `한국어` link points to a Korean page that answers 404 (status `korean_failed`). */
  koreanBrokenIds?: readonly string[];
  /** Serve every n-th era-2 Korean page as EUC-KR; 0 = never. @defaultValue 2 */
  eucKrEvery?: number;
  /**
   * English ids whose `한국어` link leads to another article's Korean page (a cross-wired link). Applied only to
   * articles that have a Korean link (not broken) and a reporter byline: the replay's two texts are not
   * translations of each other, so a byline is the only evidence the replay can give against a wrong pair.
   */
  crossWiredIds?: readonly string[];
  /**
   * English ids whose `한국어` link is right but whose Korean URL serves another article's page, which names
   * itself (og:url) as that other article: what the issue-8 report saw. Same eligibility as `crossWiredIds`.
   */
  koreanSwappedIds?: readonly string[];
}

/** How an English article's `한국어` link is wired: to its own original, to another article, or to a swapped page. */
export type KoreanWiring = 'own' | 'cross_wired' | 'swapped';

/** The verdicts pair verification must give (src/pair/pair-verdict.ts), and the one the model predicts. */
export interface ExpectedVerdict {
  predicted: PairVerdict;
  acceptable: readonly PairVerdict[];
}

/** The ground truth for one English article. */
export interface ExpectedPair {
  id: string;
  english: EnglishArticle;
  /** The Korean record, or null when there is no Korean link or the Korean page fails. */
  korean: KoreanArticle | null;
  status: PairStatus;
  /** How the `한국어` link is wired (`own` unless a cross-wiring knob applies). */
  wiring: KoreanWiring;
  /** For `paired`: the verdict verification must reach; null otherwise. */
  verdict: ExpectedVerdict | null;
}

export interface SiteModel {
  readonly seed: number;
  readonly pairs: number;
  /** Every English id, oldest first (index order). */
  readonly englishIds: readonly string[];
  /** The spec of one pair by English id, or undefined. */
  article(enId: string): ArticleSpec | undefined;
  /** The spec by index (0 = oldest). */
  articleAt(index: number): ArticleSpec;
  /** English id whose English page has this path, or undefined. */
  findEnglishPath(path: string): ArticleSpec | undefined;
  /** Spec whose Korean page has this path, or undefined. */
  findKoreanPath(path: string): ArticleSpec | undefined;
  /** Pairing status the pipeline must record, ignoring fetch-level faults. */
  pairStatus(enId: string): PairStatus;
  /** How the `한국어` link of `enId` is wired. */
  wiring(enId: string): KoreanWiring;
  /** The article whose Korean URL the `한국어` link of `spec` points to (itself unless cross-wired). */
  linkedKorean(spec: ArticleSpec): ArticleSpec;
  /** The article whose Korean page is served at `spec`'s Korean URL (itself unless swapped). */
  servedKorean(spec: ArticleSpec): ArticleSpec;
  /** For `paired` articles: the verdict verification must reach, from what the two pages let it see. */
  expectedVerdict(enId: string): ExpectedVerdict | null;
  /** Changes one article's content (new revision: new updated time, new ETag). */
  updateArticle(enId: string, patch: ArticlePatch): ArticleSpec;
  /** English ids in a section, newest first. */
  sectionIds(section: EnSection): readonly string[];
}

const EN_BASE = 2_000_000;
const KO_BASE = 110_000_000;
const ID_STRIDE = 100;
/** Generated articles kept in memory (patched ones are kept apart, always). */
const CACHE_LIMIT = 4096;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number) => String(n).padStart(2, '0');

function addDays(ymd: string, days: number): { y: number; m: number; d: number } {
  const t = Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10)) + days * 86_400_000;
  const dt = new Date(t);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function iso(day: { y: number; m: number; d: number }, h: number, mi: number, s = 0): string {
  return `${day.y}-${pad(day.m)}-${pad(day.d)}T${pad(h)}:${pad(mi)}:${pad(s)}+09:00`;
}

/** `2020-04-03T07:38:00+09:00` → `20200403`. */
function ymdOf(kst: string): string {
  return kst.slice(0, 10).replaceAll('-', '');
}

/** `2020-04-03T07:38:00+09:00` → `April. 03, 2020 07:38` (the English page's date format). */
export function englishDate(kst: string): string {
  const month = MONTHS[+kst.slice(5, 7) - 1]!;
  return `${month}. ${kst.slice(8, 10)}, ${kst.slice(0, 4)} ${kst.slice(11, 16)}`;
}

const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/** `2025-09-05T07:40:00+09:00` → `Sept. 5, 2025 07:40` (the current English layout's date format). */
export function englishDateShort(kst: string): string {
  return `${AP_MONTHS[+kst.slice(5, 7) - 1]!} ${+kst.slice(8, 10)}, ${kst.slice(0, 4)} ${kst.slice(11, 16)}`;
}

/** `2020-04-03T07:38:05+09:00` → `2020-04-03 07:38` (or with seconds). */
export function koreanDate(kst: string, seconds = false): string {
  return `${kst.slice(0, 10)} ${kst.slice(11, seconds ? 19 : 16)}`;
}

/** Adds minutes to a KST ISO time (pure arithmetic, KST has no DST). */
function addMinutes(kst: string, minutes: number): string {
  const ms = Date.parse(kst) + minutes * 60_000;
  const d = new Date(ms + 9 * 3_600_000);
  return iso({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function makeReporter(rng: Rng, role: Reporter['koRole']): Reporter {
  const [koFamily, enFamily] = rng.pick(SURNAMES);
  const [k1, r1] = rng.pick(GIVEN_SYLLABLES);
  const [k2, r2] = rng.pick(GIVEN_SYLLABLES);
  const given = `${cap(r1)}-${cap(r2)}`;
  const local = rng.chance(0.5) ? `${r1}${r2}` : `${enFamily.toLowerCase().charAt(0)}${r1}${r2}`;
  return {
    koName: `${koFamily}${k1}${k2}`,
    enName: `${given} ${enFamily}`,
    enNameFamilyFirst: `${enFamily} ${cap(r1)}-${r2}`,
    email: `${local}${rng.chance(0.3) ? rng.int(1, 99) : ''}@donga.com`,
    koRole: role,
  };
}

function englishParagraph(rng: Rng): string {
  const n = rng.int(2, 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.15)) {
      const who = rng.pick(EN_SUBJECTS);
      // Mid-sentence, only the proper nouns keep their capital.
      out.push(`“${rng.pick(EN_QUOTES)},” ${/^(Seoul|Washington)$/.test(who) ? who : who.charAt(0).toLowerCase() + who.slice(1)} said.`);
    } else out.push(`${rng.pick(EN_SUBJECTS)} ${rng.pick(EN_VERBS)} ${rng.pick(EN_CLAUSES)}${rng.pick(EN_TAILS)}`);
  }
  return out.join(' ');
}

function koreanParagraph(rng: Rng): string {
  const n = rng.int(2, 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.2)) out.push(`${rng.pick(KO_SUBJECTS)} “${rng.pick(KO_QUOTES)}”라고 말했다.`);
    else out.push(`${rng.pick(KO_SUBJECTS)} ${rng.pick(KO_ADVERBS)} ${rng.pick(KO_OBJECTS)} ${rng.pick(KO_VERBS)}.`);
  }
  return out.join(' ');
}

/** Builds the model. Cheap: articles are generated on first access and cached. */
export function buildSiteModel(opts: SiteModelOptions): SiteModel {
  const pairs = opts.pairs;
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > 79_999) throw new RangeError(`pairs must be an integer in 1..79999, got ${pairs}`);
  const seed = opts.seed ?? 1;
  const startDate = opts.startDate ?? '2024-03-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new RangeError(`startDate must be YYYY-MM-DD, got ${startDate}`);
  const perDay = Math.max(1, opts.perDay ?? 12);
  const noLinkEvery = opts.noKoreanLinkEvery ?? 10;
  const eucKrEvery = opts.eucKrEvery ?? 2;
  const broken = new Set(opts.koreanBrokenIds ?? []);
  const crossWired = new Set(opts.crossWiredIds ?? []);
  const swapped = new Set(opts.koreanSwappedIds ?? []);
  const cache = new Map<number, ArticleSpec>();
  const patched = new Map<number, ArticleSpec>();

  const enIdAt = (i: number) => String(EN_BASE + i * ID_STRIDE + (hash32(seed, 'en', i) % ID_STRIDE));
  const koIdAt = (i: number) => String(KO_BASE + i * 1000 + (hash32(seed, 'ko', i) % 1000));
  const englishIds = Array.from({ length: pairs }, (_, i) => enIdAt(i));

  function generate(index: number): ArticleSpec {
    const rng = new Rng(hash32(seed, 'article', index));
    const day = addDays(startDate, Math.floor(index / perDay));
    const slot = index % perDay;
    // Posted times rise through the day so index order is publication order.
    const enMinute = 6 * 60 + Math.floor((slot * 16 * 60) / perDay) + rng.int(0, Math.max(0, Math.floor((16 * 60) / perDay) - 1));
    const postedAt = iso(day, Math.floor(enMinute / 60), enMinute % 60);
    const section = EN_SECTIONS[hash32(seed, 'section', index) % EN_SECTIONS.length]!;
    const kindRoll = rng.next();
    const kind: ArticleKind = section === 'Opinion' ? (kindRoll < 0.5 ? 'editorial' : 'column') : kindRoll < 0.25 ? 'correspondent' : 'news';

    // Korean original: print edition at 03:00 the same day, or earlier the same day, sometimes the day before.
    const koDay = rng.chance(0.1) ? addDays(startDate, Math.floor(index / perDay) - 1) : day;
    const koPublishedAt = rng.chance(0.5)
      ? iso(koDay, 3, 0)
      : koDay === day
        ? addMinutes(postedAt, -rng.int(60, 300))
        : iso(koDay, rng.int(8, 22), rng.int(0, 59));
    const koUpdatedAt = rng.chance(0.6) ? addMinutes(koPublishedAt, rng.int(5, 400)) : null;

    const reporter = kind === 'editorial' ? null : makeReporter(rng, kind === 'correspondent' ? '특파원' : kind === 'column' ? '논설위원' : '기자');
    const dateline = kind === 'correspondent' ? rng.pick(FOREIGN_DATELINES) : kind === 'news' && rng.chance(0.15) ? rng.pick(DOMESTIC_DATELINES) : null;

    const topic = rng.int(0, EN_TOPICS.length - 1);
    const enTitle = `${EN_TOPICS[topic]!} ${rng.pick(EN_PREDICATES)}`;
    const koTopic = KO_TOPICS[topic % KO_TOPICS.length]!;
    const koTitle =
      kind === 'editorial'
        ? `[사설] ${koTopic} ${rng.pick(KO_PREDICATES)}`
        : kind === 'column' && reporter
          ? `[횡설수설/${reporter.koName}] ${koTopic} ${rng.pick(KO_PREDICATES)}`
          : `${koTopic} ${rng.pick(KO_PREDICATES)}`;

    const enBody = Array.from({ length: rng.int(3, 8) }, () => englishParagraph(rng));
    const koBody = Array.from({ length: rng.int(3, 8) }, () => koreanParagraph(rng));

    let enByline: string | null = null;
    let enAuthors: Author[] = [];
    const koBylines: string[] = [];
    let koAuthors: Author[] = [];
    if (reporter) {
      // Some news stories have a second reporter: ` · ` on the English side, one line each on the Korean side.
      const second = kind === 'news' && dateline === null && hash32(seed, 'duo', index) % 6 === 0 ? makeReporter(rng, '기자') : null;
      const team = second && second.email !== reporter.email && second.koName !== reporter.koName ? [reporter, second] : [reporter];
      if (kind === 'column') {
        enByline = `By ${reporter.enNameFamilyFirst}, Senior Editorial Writer ${reporter.email}`;
        enAuthors = [{ name: reporter.enNameFamilyFirst, email: reporter.email, role: 'Senior Editorial Writer' }];
      } else {
        enByline = team.map((r) => `${r.enName} ${r.email}`).join(' · ');
        enAuthors = team.map((r) => ({ name: r.enName, email: r.email, role: null }));
      }
      team.forEach((r, i) => {
        koBylines.push(`${dateline && i === 0 ? `${dateline}=` : ''}${r.koName} ${r.koRole} ${r.email}`);
      });
      koAuthors = team.map((r) => ({ name: r.koName, email: r.email, role: r.koRole }));
    }

    const eraRoll = hash32(seed, 'era', index) % 3;
    const era: KoreanEra = eraRoll === 0 ? 'era2' : eraRoll === 1 ? 'era3' : 'era5';
    const charset = era === 'era2' && eucKrEvery > 0 && Math.floor(index / 3) % eucKrEvery === 0 ? 'euc-kr' : 'utf-8';
    const ko = KO_SECTIONS[section];
    const urlSection = rng.chance(0.8) ? ko.segment : null;
    const koId = koIdAt(index);
    const koYmd = ymdOf(koPublishedAt);
    const koPath = `/news/${urlSection ? `${urlSection}/` : ''}article/all/${koYmd}/${koId}/${rng.chance(0.5) ? 1 : 2}`;
    const noLink = noLinkEvery > 0 && index % noLinkEvery === noLinkEvery - 1;
    const related = [1, 2, 3, 5]
      .map((d) => (index - d + pairs) % pairs)
      .filter((i) => i !== index)
      .map(enIdAt);
    const enId = enIdAt(index);
    const enYmd = ymdOf(postedAt);

    return {
      index,
      kind,
      en: {
        id: enId,
        ymd: enYmd,
        path: `/en/article/all/${enYmd}/${enId}/1`,
        section,
        layout: hash32(seed, 'layout', index) % 2 === 0 ? 'en2020' : 'en2024',
        title: enTitle,
        postedAt,
        // The sample page prints Updated equal to Posted; some pages were updated later.
        updatedAt: rng.chance(0.7) ? postedAt : addMinutes(postedAt, rng.int(10, 600)),
        authors: enAuthors,
        byline: enByline,
        body: enBody,
        koreanLink: noLink ? 'none' : rng.chance(0.5) ? 'absolute' : 'relative',
        related,
      },
      ko: {
        id: koId,
        ymd: koYmd,
        urlSection,
        label: ko.label,
        path: koPath,
        era,
        charset,
        title: koTitle,
        subtitle: era !== 'era2' && kind !== 'editorial' && rng.chance(0.4) ? rng.pick(KO_SUBTITLES) : null,
        publishedAt: koPublishedAt,
        updatedAt: koUpdatedAt,
        authors: koAuthors,
        dateline: koBylines.length ? dateline : null,
        bylines: koBylines,
        body: koBody,
        caption: era !== 'era2' && rng.chance(0.4) ? `${koTopic} 관련 현장 모습. 동아일보DB` : null,
        bylineGlued: era === 'era2' && kind === 'news' && koBylines.length === 1 && dateline === null && hash32(seed, 'glue', index) % 3 === 0,
        charsetInMetaOnly: charset === 'euc-kr' && hash32(seed, 'charset', index) % 2 === 0,
      },
      revision: 0,
    };
  }

  const indexOfEnId = (id: string): number | undefined => {
    if (!/^\d{7}$/.test(id)) return undefined;
    const i = Math.floor((+id - EN_BASE) / ID_STRIDE);
    return i >= 0 && i < pairs && enIdAt(i) === id ? i : undefined;
  };

  function articleAt(index: number): ArticleSpec {
    if (!Number.isInteger(index) || index < 0 || index >= pairs) throw new RangeError(`no article at index ${index}`);
    const p = patched.get(index);
    if (p) return p;
    let a = cache.get(index);
    if (!a) {
      a = generate(index);
      // Bounded: regeneration is deterministic, so evicting the oldest entry only costs CPU.
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(index, a);
    }
    return a;
  }

  const article = (id: string) => {
    const i = indexOfEnId(id);
    return i === undefined ? undefined : articleAt(i);
  };

  /** Whether a cross-wiring knob can apply to `a` (see `crossWiredIds`). */
  const wirable = (a: ArticleSpec) => a.en.koreanLink !== 'none' && !broken.has(a.en.id) && a.en.authors.some((x) => x.email);

  function wiring(enId: string): KoreanWiring {
    const a = article(enId);
    if (!a || !wirable(a)) return 'own';
    if (swapped.has(enId)) return 'swapped';
    return crossWired.has(enId) ? 'cross_wired' : 'own';
  }

  /**
   * The wrong article a knob wires `a` to: the next article (cyclically) that has a Korean page of its own, is not
   * wired wrongly itself, and is signed by other reporters, so its Korean page shares no e-mail with `a`.
   */
  function wrongTarget(a: ArticleSpec): ArticleSpec {
    const mine = new Set(a.en.authors.flatMap((x) => (x.email ? [x.email] : [])));
    for (let k = 1; k < pairs; k++) {
      const b = articleAt((a.index + k) % pairs);
      if (b.en.koreanLink === 'none' || broken.has(b.en.id) || crossWired.has(b.en.id) || swapped.has(b.en.id)) continue;
      if (b.ko.authors.length === 0 || b.ko.authors.some((x) => x.email !== null && mine.has(x.email))) continue;
      return b;
    }
    return a;
  }

  let sectionLists: Map<EnSection, string[]> | undefined;

  return {
    seed,
    pairs,
    englishIds,
    article,
    articleAt,
    findEnglishPath(path) {
      const m = /^\/en\/article\/all\/(\d{8})\/(\d{7})\/1$/.exec(path);
      if (!m) return undefined;
      const a = article(m[2]!);
      return a && a.en.path === path ? a : undefined;
    },
    findKoreanPath(path) {
      const m = /^\/news\/(?:[A-Za-z]+\/)?article\/all\/\d{8}\/(\d{9})\/[12]$/.exec(path);
      if (!m) return undefined;
      const i = Math.floor((+m[1]! - KO_BASE) / 1000);
      if (i < 0 || i >= pairs) return undefined;
      const a = articleAt(i);
      return a.ko.path === path && a.en.koreanLink !== 'none' ? a : undefined;
    },
    pairStatus(enId) {
      const a = article(enId);
      if (!a) throw new RangeError(`unknown English id ${enId}`);
      if (a.en.koreanLink === 'none') return 'no_korean_link';
      return broken.has(enId) ? 'korean_failed' : 'paired';
    },
    wiring,
    linkedKorean: (spec) => (wiring(spec.en.id) === 'cross_wired' ? wrongTarget(spec) : spec),
    servedKorean: (spec) => (wiring(spec.en.id) === 'swapped' ? wrongTarget(spec) : spec),
    expectedVerdict(enId) {
      const a = article(enId);
      if (!a) throw new RangeError(`unknown English id ${enId}`);
      if (a.en.koreanLink === 'none' || broken.has(enId)) return null;
      const w = wiring(enId);
      // Another article's page that names itself as such: impossible as a pair.
      if (w === 'swapped') return { predicted: 'mismatch', acceptable: ['mismatch'] };
      // Another reporter's story of the same days: the e-mails contradict (times may too).
      if (w === 'cross_wired') return { predicted: 'suspect', acceptable: ['suspect', 'mismatch'] };
      // Own original: the same mailbox and name, posted hours after the Korean 입력. Editorials carry no byline
      // and the replay's texts share no numbers, so nothing can verify them.
      return a.ko.authors.length > 0 ? { predicted: 'verified', acceptable: ['verified'] } : { predicted: 'plausible', acceptable: ['plausible'] };
    },
    updateArticle(enId, patch) {
      const a = article(enId);
      if (!a) throw new RangeError(`unknown English id ${enId}`);
      const revision = a.revision + 1;
      // Each revision moves the printed update time forward by an hour, so Last-Modified moves too.
      const enUpdated = addMinutes(a.en.updatedAt ?? a.en.postedAt, 60);
      const koUpdated = addMinutes(a.ko.updatedAt ?? a.ko.publishedAt, 60);
      const next: ArticleSpec = {
        ...a,
        revision,
        en: {
          ...a.en,
          title: patch.enTitle ?? a.en.title,
          body: patch.enBody ?? a.en.body,
          updatedAt: patch.enTitle || patch.enBody ? enUpdated : a.en.updatedAt,
        },
        ko: {
          ...a.ko,
          title: patch.koTitle ?? a.ko.title,
          body: patch.koBody ?? a.ko.body,
          updatedAt: patch.koTitle || patch.koBody ? koUpdated : a.ko.updatedAt,
        },
      };
      patched.set(a.index, next);
      return next;
    },
    sectionIds(section) {
      if (!sectionLists) {
        sectionLists = new Map(EN_SECTIONS.map((s) => [s, [] as string[]]));
        for (let i = pairs - 1; i >= 0; i--) {
          sectionLists.get(EN_SECTIONS[hash32(seed, 'section', i) % EN_SECTIONS.length]!)!.push(enIdAt(i));
        }
      }
      return sectionLists.get(section) ?? [];
    },
  };
}

/** The English record parsing the English page must give, for a site served at `origin`. */
export function expectedEnglish(a: ArticleSpec, origin: string, model?: SiteModel): EnglishArticle {
  const linked = model ? model.linkedKorean(a) : a;
  return {
    lang: 'en',
    url: `${origin}${a.en.path}`,
    articleId: a.en.id,
    title: a.en.title,
    subtitle: null,
    publishedAt: a.en.postedAt,
    updatedAt: a.en.updatedAt,
    authors: a.en.authors,
    dateline: null,
    // Only the current layout prints the section (breadcrumb); the 2020 layout has no section marker.
    section: a.en.layout === 'en2024' ? a.en.section : null,
    body: a.en.body,
    koreanUrl: a.en.koreanLink === 'none' ? null : `${origin}${linked.ko.path}`,
  };
}

/**
 * The Korean record parsing `served`'s Korean page must give when it is fetched at `at`'s Korean URL (the same
 * article unless a page is swapped: then the URL fields are `at`'s and everything the page says is `served`'s).
 */
function expectedKorean(served: ArticleSpec, origin: string, at: ArticleSpec = served): KoreanArticle {
  return {
    lang: 'ko',
    url: `${origin}${at.ko.path}`,
    articleId: at.ko.id,
    title: served.ko.title,
    subtitle: served.ko.subtitle,
    publishedAt: served.ko.publishedAt,
    updatedAt: served.ko.updatedAt,
    authors: served.ko.authors,
    dateline: served.ko.dateline,
    // Every era prints the Korean section label (categoryname / dd:category meta, breadcrumb).
    section: served.ko.label,
    body: served.ko.body,
    // Every era prints og:url (no canonical link).
    identity: { canonicalUrl: null, ogUrl: `${origin}${served.ko.path}`, articleIds: [served.ko.id] },
  };
}

/** Ground truth for every pair, as served at `origin` (e.g. `http://127.0.0.1:4567`). */
export function expectedRecords(model: SiteModel, origin: string): ExpectedPair[] {
  return model.englishIds.map((id) => {
    const a = model.article(id)!;
    const status = model.pairStatus(id);
    const linked = model.linkedKorean(a);
    const korean = status === 'paired' ? expectedKorean(model.servedKorean(linked), origin, linked) : null;
    return { id, english: expectedEnglish(a, origin, model), korean, status, wiring: model.wiring(id), verdict: model.expectedVerdict(id) };
  });
}
