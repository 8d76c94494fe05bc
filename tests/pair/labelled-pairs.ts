import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishArticleSchema, koreanArticleSchema, type EnglishArticle, type KoreanArticle } from '../../src/records/article.js';
import { parseKoreanArticleUrl } from '../../src/normalize/article-url.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const LABELLED = join(import.meta.dirname, 'labelled');

export interface Labelled<T> {
  /** `en/defense-2020` for a parser fixture, `ko/era3-2020 (reconstructed counterpart)` otherwise. */
  name: string;
  record: T;
  reconstructed: boolean;
}

/** The article records of the parser fixtures (expected.json files that are records, not errors). */
function fixtureRecords(lang: 'en' | 'ko'): Labelled<unknown>[] {
  const dir = join(FIXTURES, lang);
  return readdirSync(dir)
    .filter((slug) => existsSync(join(dir, slug, 'expected.json')))
    .map((slug) => ({ slug, json: JSON.parse(readFileSync(join(dir, slug, 'expected.json'), 'utf8')) as { error?: string } }))
    .filter(({ json }) => json.error === undefined)
    .map(({ slug, json }) => ({ name: `${lang}/${slug}`, record: json, reconstructed: false }));
}

/** The reconstructed counterparts of tests/pair/labelled (see its README). */
function reconstructedRecords(lang: 'en' | 'ko'): Labelled<unknown>[] {
  return readdirSync(LABELLED)
    .filter((f) => f.startsWith(`${lang}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(LABELLED, f), 'utf8')) as { reconstructed: boolean; counterpartOf: string; record: unknown })
    .map((j) => ({ name: `${lang} of ${j.counterpartOf} (reconstructed)`, record: j.record, reconstructed: j.reconstructed }));
}

function englishRecords(): Labelled<EnglishArticle>[] {
  return [...fixtureRecords('en'), ...reconstructedRecords('en')].map((l) => ({ ...l, record: englishArticleSchema.parse(l.record) }));
}

function koreanRecords(): Labelled<KoreanArticle>[] {
  return [...fixtureRecords('ko'), ...reconstructedRecords('ko')].map((l) => ({ ...l, record: koreanArticleSchema.parse(l.record) }));
}

export interface LabelledPair {
  en: Labelled<EnglishArticle>;
  ko: Labelled<KoreanArticle>;
  /** `true`: the Korean original of the English article; `cross`: another article (a cross-wired link). */
  label: 'true' | 'cross';
}

/** Every English record with its Korean counterpart (true) and with every other Korean record (cross-wired). */
export function labelledPairs(): LabelledPair[] {
  const ko = koreanRecords();
  const out: LabelledPair[] = [];
  for (const en of englishRecords()) {
    const linked = en.record.koreanUrl ? parseKoreanArticleUrl(en.record.koreanUrl)?.articleId : undefined;
    for (const k of ko) out.push({ en, ko: k, label: k.record.articleId === linked ? 'true' : 'cross' });
  }
  return out;
}
