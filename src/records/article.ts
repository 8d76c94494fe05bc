import { z } from 'zod';

/**
 * The normalized article record: the only article shape that crosses module boundaries.
 * Every date is Korea time, ISO 8601 with seconds and a `+09:00` offset.
 */
const kstDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/, 'expected YYYY-MM-DDTHH:MM:SS+09:00');

export const authorSchema = z.strictObject({
  /** As printed: `Gi-Jae Han`, `한기재`. */
  name: z.string().min(1),
  /** Lower-cased e-mail, or null. */
  email: z.string().email().nullable(),
  /** `기자`, `특파원`, `Senior Editorial Writer` …, or null. */
  role: z.string().min(1).nullable(),
});
export type Author = z.infer<typeof authorSchema>;

const common = {
  /** Canonical https URL without query, fragment or tracking parameters. */
  url: z.string().url(),
  /** The numeric id from the URL path, as a string. */
  articleId: z.string().regex(/^\d+$/),
  title: z.string().min(1),
  subtitle: z.string().min(1).nullable(),
  publishedAt: kstDateTime,
  updatedAt: kstDateTime.nullable(),
  authors: z.array(authorSchema),
  /** Place the story was filed from (`워싱턴`), or null. */
  dateline: z.string().min(1).nullable(),
  section: z.string().min(1).nullable(),
  /** Paragraphs as a reader sees them: whitespace collapsed, NFC, no captions, ads, bylines or copyright. */
  body: z.array(z.string().min(1)).min(1),
};

export const englishArticleSchema = z.strictObject({
  lang: z.literal('en'),
  ...common,
  /** Absolute URL of the `한국어` original, or null when the page has no such link. */
  koreanUrl: z.string().url().nullable(),
});

/**
 * What a page says about itself, independent of the URL it was reached by: a page served at the followed link
 * that names another article (a cross-wired link, a stale redirect) is not the article the link promised.
 */
export const pageIdentitySchema = z.strictObject({
  /** `<link rel="canonical">` href, resolved to an absolute URL, or null. */
  canonicalUrl: z.string().url().nullable(),
  /** `og:url` content, resolved to an absolute URL, or null. */
  ogUrl: z.string().url().nullable(),
  /** Article ids the page names for itself (canonical, og:url, id meta tags), distinct, in that order. */
  articleIds: z.array(z.string().regex(/^\d+$/)),
});
export type PageIdentity = z.infer<typeof pageIdentitySchema>;

export const koreanArticleSchema = z.strictObject({
  lang: z.literal('ko'),
  ...common,
  /** The page's own identity (set by the parser; absent on records parsed before it existed). */
  identity: pageIdentitySchema.optional(),
});

export const articleSchema = z.discriminatedUnion('lang', [englishArticleSchema, koreanArticleSchema]);

export type EnglishArticle = z.infer<typeof englishArticleSchema>;
export type KoreanArticle = z.infer<typeof koreanArticleSchema>;
export type Article = z.infer<typeof articleSchema>;

/** What a parser receives: the page bytes (or already-decoded text) and where they came from. */
export interface PageInput {
  /** Raw bytes as fetched, or decoded text. Bytes are decoded by the parsing core (header → meta → sniff). */
  body: Uint8Array | string;
  /** The page URL (final URL after redirects). */
  url: string;
  /**
   * The HTTP `Content-Type` header, when known. Its charset is preferred to the page's own `<meta>` (a BOM beats
   * both); a declaration the bytes plainly contradict is overruled (`decodeHtml` in `src/parse/decode.ts`).
   */
  contentType?: string | null | undefined;
}
