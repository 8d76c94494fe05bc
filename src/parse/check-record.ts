import type { z } from 'zod';
import { ParseError, type ParseErrorCode } from '../errors.js';
import { englishArticleSchema, koreanArticleSchema, type EnglishArticle, type KoreanArticle } from '../records/article.js';

/**
 * The one validation of a parsed record, on its way out of the parser (records/article.ts schemas): every record a
 * parser returns has passed it, so nothing inside src/parse validates again. A record the schema rejects is a page
 * that failed, with the code of the field that broke (`missing_title`, `missing_date`, `missing_body`, else
 * `not_article`). Pure.
 */
export function checkRecord(record: z.input<typeof englishArticleSchema> & { lang: 'en' }, url: string): EnglishArticle;
export function checkRecord(record: z.input<typeof koreanArticleSchema> & { lang: 'ko' }, url: string): KoreanArticle;
export function checkRecord(record: { lang: 'en' | 'ko' }, url: string): EnglishArticle | KoreanArticle {
  const checked = record.lang === 'en' ? englishArticleSchema.safeParse(record) : koreanArticleSchema.safeParse(record);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  // The two parsers always named these slightly differently (kept, so a failure's message and code stay the same
  // for the same bytes): English counts a bad `updatedAt` as a date failure and names the field, Korean names the
  // whole path.
  const dateFields = record.lang === 'en' ? ['publishedAt', 'updatedAt'] : ['publishedAt'];
  const code: ParseErrorCode =
    field === 'title' ? 'missing_title' : dateFields.includes(field) ? 'missing_date' : field === 'body' ? 'missing_body' : 'not_article';
  const where = record.lang === 'en' ? field : (issue?.path.join('.') ?? '?');
  throw new ParseError(code, `record failed validation at ${where}: ${issue?.message ?? ''}`, { url });
}
