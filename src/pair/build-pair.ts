import { parseEnglishArticleUrl, parseKoreanArticleUrl } from '../normalize/article-url.js';
import type { EnglishArticle, KoreanArticle } from '../records/article.js';
import type { PairEvidence, PairRecord, Pairing, Source } from '../records/pair.js';
import { verifyPair } from './pair-verdict.js';

export interface BuildPairInput {
  english: EnglishArticle;
  /** The parsed Korean original, or null when there is no link or it could not be fetched/parsed. */
  korean: KoreanArticle | null;
  englishSource: Source;
  /** Kept even when the Korean parse failed, so the archived bytes can be found again. */
  koreanSource: Source | null;
  /** Why the Korean side is missing although the link exists. */
  koreanError: { code: string; message: string } | null;
  parserVersion: string;
  /** When the pair is assembled (ISO 8601); passed in because this module has no clock. */
  now: string;
}

/**
 * Assembles the pair record of one English article. Pure.
 * Status: `paired` (Korean record present), `no_korean_link`, or `korean_failed` (link present, no record).
 */
export function buildPairRecord(input: BuildPairInput): PairRecord {
  const { english, korean } = input;
  let pairing: Pairing;
  if (korean) {
    const koreanUrl = english.koreanUrl ?? input.koreanSource?.fetchedUrl ?? korean.url;
    const verification = verifyPair({ english, korean, followedUrl: koreanUrl, koreanSource: input.koreanSource });
    pairing = {
      method: 'korean_link',
      status: 'paired',
      koreanUrl,
      error: null,
      evidence: pairEvidence(english, korean),
      verdict: verification.verdict,
      score: verification.score,
      signals: verification.signals,
    };
  } else if (english.koreanUrl === null) {
    pairing = { method: 'korean_link', status: 'no_korean_link', koreanUrl: null, error: null, evidence: null };
  } else {
    pairing = {
      method: 'korean_link',
      status: 'korean_failed',
      koreanUrl: english.koreanUrl,
      // A failed pair must say why; the caller forgetting to is not a reason to store a silent failure.
      error: input.koreanError ?? { code: 'korean_failed', message: 'no Korean record for the linked page' },
      evidence: null,
    };
  }
  // Built from records the parsers validated: the store validates the whole pair once, on its way in (validatePair).
  return {
    pairId: `en-${english.articleId}`,
    english,
    korean,
    pairing,
    provenance: {
      english: input.englishSource,
      korean: input.koreanSource,
      parserVersion: input.parserVersion,
      pairedAt: input.now,
    },
  };
}

/** Cheap checks that both sides are the same story (docs/alignment.md: e-mails, dates). Pure. */
export function pairEvidence(english: EnglishArticle, korean: KoreanArticle): PairEvidence {
  const enEmails = emailsOf(english);
  const koEmails = emailsOf(korean);
  const sharedEmails = [...enEmails].filter((e) => koEmails.has(e)).sort();
  const enMs = Date.parse(english.publishedAt);
  const koMs = Date.parse(korean.publishedAt);
  const enYmd = urlYmd(english.url, 'en');
  // The Korean page's own URL (canonical, og:url) when it names one: the followed link may point elsewhere.
  const own = korean.identity?.canonicalUrl ?? korean.identity?.ogUrl ?? null;
  const koYmd = (own ? urlYmd(own, 'ko') : null) ?? urlYmd(korean.url, 'ko');
  return {
    sharedEmails,
    // Either side without an e-mail is "missing", not evidence against (docs/alignment.md, Reporters and names).
    emailMatch: enEmails.size > 0 && koEmails.size > 0 ? sharedEmails.length > 0 : null,
    minutesKoreanToEnglish: Number.isFinite(enMs) && Number.isFinite(koMs) ? Math.round((enMs - koMs) / 60_000) : null,
    sameUrlDate: enYmd !== null && koYmd !== null ? enYmd === koYmd : null,
  };
}

function emailsOf(article: EnglishArticle | KoreanArticle): Set<string> {
  const out = new Set<string>();
  for (const a of article.authors) if (a.email) out.add(a.email.trim().toLowerCase());
  return out;
}

/** The `YYYYMMDD` path segment of an article URL, or null. */
function urlYmd(url: string, lang: 'en' | 'ko'): string | null {
  const parsed = lang === 'en' ? parseEnglishArticleUrl(url) : parseKoreanArticleUrl(url);
  if (parsed) return parsed.ymd;
  // Unknown shapes (replay site variants): any 8-digit path segment still tells the date.
  return /\/(\d{8})(?:[/?#]|$)/.exec(url)?.[1] ?? null;
}
