/**
 * The signals that say whether an English article and the Korean page its `한국어` link led to are one story
 * (docs/alignment.md, Pair verification). Each signal is measured on both records alone, with no model and no clock, and says
 * what it does to the verdict: supports, contradicts, impossible (cannot be a translation pair), or neutral (not
 * observable, or not telling). `pair-verdict.ts` combines them; docs/alignment.md states the thresholds. Pure.
 */
import { parseEnglishArticleUrl, parseKoreanArticleUrl } from '../normalize/article-url.js';
import { findNumbers } from '../normalize/numbers.js';
import { findRomanizedName, matchesKoreanName, romanizedNameIndex, SURNAME_SPELLINGS } from '../normalize/romanize-name.js';
import type { EnglishArticle, KoreanArticle } from '../records/article.js';
import type { PairSignal, Source } from '../records/pair.js';

export interface SignalInput {
  english: EnglishArticle;
  korean: KoreanArticle;
  /** The link that was followed (the English page's `한국어` href, or the Korean source's `fetchedUrl`). */
  followedUrl: string | null;
  /** Where the Korean page was finally served from (after redirects), when known. */
  koreanSource?: Source | null | undefined;
}

/** Thresholds, in one place so the README table and the code cannot drift (docs/alignment.md). */
const THRESHOLDS = {
  /** English posted more than this before the Korean 입력: impossible (nothing to translate yet). */
  impossibleBeforeMinutes: 24 * 60,
  /** English posted more than this before the Korean 입력: contradicts (clock or re-issue slack below it). */
  contradictBeforeMinutes: 60,
  /** English within this after the Korean 입력: supports (print edition at 03:00, English that morning to days later). */
  supportAfterMinutes: 4 * 24 * 60,
  /** English later than this: contradicts (weeks after). */
  contradictAfterMinutes: 14 * 24 * 60,
  /** English later than this: impossible (a translation is not published months later). */
  impossibleAfterMinutes: 90 * 24 * 60,
  /** Numbers: at least this many shared values, covering this share of the English ones, support. */
  numbersSupportShared: 2,
  numbersSupportCoverage: 0.4,
  /** Shared values from which numbers count as strong evidence… */
  numbersStrongShared: 3,
  /** …or shared distinctive values (a year, a fraction, four digits or more). */
  numbersStrongDistinctive: 2,
  /** Numbers contradict when the English side has at least this many values and coverage is below the next. */
  numbersContradictMin: 3,
  numbersContradictCoverage: 0.2,
  /** Latin tokens: Korean tokens found in English at this share (and at least one) support. */
  latinSupportCoverage: 0.5,
  /** Latin tokens contradict when the Korean side has at least this many and none is in the English text. */
  latinContradictMin: 3,
  /** Korean chars / English chars (no spaces) inside this range supports weakly (measured parallel news 0.36–0.62;
   * abridged English runs higher). Outside it is neutral: length barely separates right from wrong (docs/alignment.md, What the published corpora tell). */
  lengthRatioSupport: [0.3, 0.9] as const,
} as const;

type Effect = PairSignal['effect'];

const signal = (name: PairSignal['name'], value: PairSignal['value'], effect: Effect, strength: PairSignal['strength'], detail: string): PairSignal => ({
  name,
  value,
  effect,
  strength,
  detail,
});

/** All signals, in a fixed order. */
export function pairSignals(input: SignalInput): PairSignal[] {
  return [
    identitySignal(input),
    emailSignal(input.english, input.korean),
    nameSignal(input.english, input.korean),
    timeSignal(input.english, input.korean),
    numbersSignal(input.english, input.korean),
    latinSignal(input.english, input.korean),
    peopleSignal(input.english, input.korean),
    lengthSignal(input.english, input.korean),
  ];
}

/** An article id from a Korean (or, mistakenly, English) article URL. */
function idOf(url: string | null | undefined): string | null {
  if (!url) return null;
  return parseKoreanArticleUrl(url)?.articleId ?? parseEnglishArticleUrl(url)?.articleId ?? null;
}

/**
 * The Korean page's own identity against the link that was followed: the final URL after redirects, the page's
 * canonical link, og:url and id meta tags must all name the article the link named. Any other id is impossible.
 */
export function identitySignal({ korean, followedUrl, koreanSource }: SignalInput): PairSignal {
  const followed = idOf(followedUrl) ?? idOf(koreanSource?.fetchedUrl);
  if (followed === null) return signal('identity', null, 'neutral', 'strong', 'the followed link names no article id');
  const named: [string, string][] = [['served URL', korean.articleId]];
  const served = idOf(koreanSource?.url);
  if (served) named.push(['final URL', served]);
  const own = korean.identity;
  if (own) {
    const canonical = idOf(own.canonicalUrl);
    const og = idOf(own.ogUrl);
    if (canonical) named.push(['canonical', canonical]);
    if (og) named.push(['og:url', og]);
    for (const id of own.articleIds) if (id !== canonical && id !== og) named.push(['id meta', id]);
  }
  const other = named.find(([, id]) => id !== followed);
  if (other) {
    return signal('identity', other[1], 'impossible', 'strong', `link names article ${followed}, the page's ${other[0]} names ${other[1]}`);
  }
  const selfNamed = named.length > 1 || (own?.articleIds.length ?? 0) > 0;
  return selfNamed
    ? signal('identity', followed, 'supports', 'weak', `the page names itself ${followed}, as the link did`)
    : signal('identity', followed, 'neutral', 'weak', 'the page does not name itself (no canonical, og:url or id meta)');
}

function emailsOf(article: EnglishArticle | KoreanArticle): string[] {
  return [...new Set(article.authors.flatMap((a) => (a.email ? [a.email.trim().toLowerCase()] : [])))];
}

/** Reporter e-mails: one mailbox on both sides is the strongest single signal (docs/alignment.md, Reporters and names). */
export function emailSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const en = emailsOf(english);
  const ko = emailsOf(korean);
  if (!en.length || !ko.length) {
    return signal('email', null, 'neutral', 'strong', `${en.length ? 'no Korean' : 'no English'} reporter e-mail`);
  }
  const shared = en.filter((e) => ko.includes(e));
  if (shared.length) return signal('email', shared.join(' '), 'supports', 'strong', `same reporter e-mail on both sides: ${shared.join(', ')}`);
  return signal('email', false, 'contradicts', 'strong', `English ${en.join(', ')} vs Korean ${ko.join(', ')}`);
}

/** Reporter names: the Korean byline's Hangul name romanized as an English byline prints it (`한기재` = `Gi-Jae Han`). */
export function nameSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const ko = korean.authors.map((a) => a.name).filter((n) => /^[가-힣]{2,5}$/.test(n));
  const en = english.authors.map((a) => a.name).filter((n) => /[A-Za-z]/.test(n));
  if (!ko.length || !en.length) return signal('name', null, 'neutral', 'strong', `${ko.length ? 'no English' : 'no Korean'} reporter name`);
  const matches = ko.flatMap((k) => en.filter((e) => matchesKoreanName(k, e)).map((e) => `${k} = ${e}`));
  if (matches.length) return signal('name', matches.join('; '), 'supports', 'strong', `reporter names match: ${matches.join('; ')}`);
  // Reporters choose their own spelling (`최혜령` signs `Hye-Rim Choi`): one mailbox outweighs the spelling.
  if (emailSignal(english, korean).effect === 'supports') {
    return signal('name', false, 'neutral', 'weak', `names spelled apart (${en.join(', ')} / ${ko.join(', ')}) but the e-mail is shared`);
  }
  return signal('name', false, 'contradicts', 'weak', `no English byline name (${en.join(', ')}) romanizes a Korean one (${ko.join(', ')})`);
}

/** English `Posted` minus Korean `입력`: the English edition follows by minutes to a few days. */
export function timeSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const en = Date.parse(english.publishedAt);
  const ko = Date.parse(korean.publishedAt);
  if (!Number.isFinite(en) || !Number.isFinite(ko)) return signal('time', null, 'neutral', 'weak', 'a date is missing');
  const minutes = Math.round((en - ko) / 60_000);
  const t = THRESHOLDS;
  const span = humanSpan(minutes);
  if (minutes < -t.impossibleBeforeMinutes) return signal('time', minutes, 'impossible', 'strong', `English posted ${span} before the Korean 입력`);
  if (minutes < -t.contradictBeforeMinutes) return signal('time', minutes, 'contradicts', 'strong', `English posted ${span} before the Korean 입력`);
  if (minutes <= t.supportAfterMinutes)
    return signal('time', minutes, 'supports', 'weak', `English posted ${minutes < 0 ? `${span} before` : `${span} after`} the Korean 입력`);
  if (minutes <= t.contradictAfterMinutes) return signal('time', minutes, 'neutral', 'weak', `English posted ${span} after the Korean 입력 (late, possible)`);
  if (minutes <= t.impossibleAfterMinutes) return signal('time', minutes, 'contradicts', 'strong', `English posted ${span} after the Korean 입력`);
  return signal('time', minutes, 'impossible', 'strong', `English posted ${span} after the Korean 입력`);
}

function humanSpan(minutes: number): string {
  const m = Math.abs(minutes);
  if (m < 120) return `${m} min`;
  if (m < 72 * 60) return `${Math.round(m / 60)} h`;
  return `${Math.round(m / 1440)} days`;
}

const fullText = (a: EnglishArticle | KoreanArticle) => [a.title, a.subtitle ?? '', ...a.body].join('\n');

/**
 * The comparable numbers of an article: values of {@link findNumbers} without integers under 10 and without the
 * years around either side's publication (every story of 2020 says 2020); other years (`2055`) stay.
 */
function comparableNumbers(a: EnglishArticle | KoreanArticle, pubYears: readonly number[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const n of findNumbers(fullText(a))) {
    if (n.kind === 'integer' && n.value < 10) continue;
    if (n.kind === 'year' && pubYears.some((y) => Math.abs(y - n.value) <= 1)) continue;
    // Distinctive: a year, a fraction or an amount of four digits or more agrees by chance far less than `20 percent`.
    const distinctive = n.kind === 'year' || !Number.isInteger(n.value) || n.value >= 1000;
    out.set(n.key, (out.get(n.key) ?? false) || distinctive);
  }
  return out;
}

/** Normalised numbers (docs/alignment.md, Numbers): the English values found in the Korean text (English may be abridged). */
export function numbersSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const years = [english.publishedAt, korean.publishedAt].map((d) => Number(d.slice(0, 4)));
  const en = comparableNumbers(english, years);
  const ko = comparableNumbers(korean, years);
  const shared = [...en.keys()].filter((k) => ko.has(k));
  const distinctive = shared.filter((k) => en.get(k) || ko.get(k)).length;
  const t = THRESHOLDS;
  if (!en.size) return signal('numbers', null, 'neutral', 'weak', 'no comparable numbers in the English text');
  const coverage = Math.round((shared.length / en.size) * 1000) / 1000;
  const detail = `${shared.length}/${en.size} English numbers in the Korean text (${ko.size} there)${shared.length ? `: ${shared.slice(0, 6).join(', ')}` : ''}`;
  if (shared.length >= t.numbersSupportShared && coverage >= t.numbersSupportCoverage) {
    const strong = shared.length >= t.numbersStrongShared || distinctive >= t.numbersStrongDistinctive;
    return signal('numbers', coverage, 'supports', strong ? 'strong' : 'weak', detail);
  }
  // A translation carries its numbers over: English numbers that the Korean text lacks contradict, however few
  // numbers the Korean text has (English conversions such as `($1.1 million)` stay under the coverage bar).
  if (en.size >= t.numbersContradictMin && coverage < t.numbersContradictCoverage) {
    return signal('numbers', coverage, 'contradicts', 'strong', detail);
  }
  return signal('numbers', coverage, 'neutral', 'weak', detail);
}

/** Latin-script tokens of at least two characters (`SMA`, `SK`, `COVID-19`), upper-cased, dots dropped (`U.S.` = `US`). */
function latinTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z](?:[A-Za-z0-9&.'-]*[A-Za-z0-9])?/g)) {
    const t = m[0].replace(/\./g, '').toUpperCase();
    if (t.length >= 2) out.add(t);
  }
  return out;
}

/** Latin tokens of the Korean text (acronyms, brands) found in the English text (docs/alignment.md, Pair verification). */
export function latinSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const ko = latinTokens(fullText(korean));
  if (!ko.size) return signal('latin', null, 'neutral', 'weak', 'no Latin tokens in the Korean text');
  const en = latinTokens(fullText(english));
  const shared = [...ko].filter((t) => en.has(t));
  const coverage = Math.round((shared.length / ko.size) * 1000) / 1000;
  const detail = `${shared.length}/${ko.size} Korean Latin tokens in the English text${shared.length ? `: ${shared.slice(0, 6).join(', ')}` : ''}`;
  if (shared.length >= 1 && coverage >= THRESHOLDS.latinSupportCoverage) return signal('latin', coverage, 'supports', 'weak', detail);
  if (ko.size >= THRESHOLDS.latinContradictMin && shared.length === 0) return signal('latin', coverage, 'contradicts', 'weak', detail);
  return signal('latin', coverage, 'neutral', 'weak', detail);
}

/**
 * Korean people named in the Korean body (three-syllable words starting with a common surname: `정은보`) found
 * romanized in the English body (`Jeong Eun-bo`). Only supports: the English edition often drops names.
 */
export function peopleSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const candidates = new Set<string>();
  for (const m of korean.body.join(' ').matchAll(/(?<![가-힣])[가-힣]{3}(?![가-힣])/g)) {
    if (SURNAME_SPELLINGS[m[0].charAt(0)]) candidates.add(m[0]);
  }
  for (const a of korean.authors) candidates.delete(a.name);
  if (!candidates.size) return signal('people', null, 'neutral', 'weak', 'no Korean personal names in the Korean body');
  const index = romanizedNameIndex(english.body.join('\n'));
  const found: string[] = [];
  for (const c of candidates) {
    const hit = findRomanizedName(c, index);
    if (hit) found.push(`${c} = ${hit}`);
  }
  if (!found.length) return signal('people', 0, 'neutral', 'weak', `none of ${candidates.size} name-like Korean words found romanized`);
  return signal('people', found.length, 'supports', found.length >= 2 ? 'strong' : 'weak', `names in both bodies: ${found.slice(0, 4).join('; ')}`);
}

const nonSpace = (s: string) => s.replace(/\s+/g, '').length;

/**
 * Korean chars / English chars (spaces removed). Only ever supports (weakly): shuffled pairs have the same mean ratio
 * as parallel ones (docs/alignment.md, What the published corpora tell), and abridged or expanded English editions are common, so an odd ratio is
 * not evidence against a pair.
 */
export function lengthSignal(english: EnglishArticle, korean: KoreanArticle): PairSignal {
  const en = nonSpace(english.body.join(''));
  const ko = nonSpace(korean.body.join(''));
  if (!en || !ko) return signal('length', null, 'neutral', 'weak', 'an empty body');
  const ratio = Math.round((ko / en) * 1000) / 1000;
  const [lo, hi] = THRESHOLDS.lengthRatioSupport;
  const detail = `Korean/English characters ${ratio} (${ko}/${en})`;
  if (ratio >= lo && ratio <= hi) return signal('length', ratio, 'supports', 'weak', detail);
  return signal('length', ratio, 'neutral', 'weak', detail);
}
