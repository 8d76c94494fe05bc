/**
 * Table-driven fixture test: every tests/fixtures/<en|ko>/<slug>/ with an expected.json is parsed
 * from its page bytes and compared with the hand-written record (or the expected error code).
 * Directories holding only expected.draft.json (fresh `fixtures capture` output) are skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../src/records/article.js';
import { parseArticle } from '../../src/parse/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const LANGS = ['en', 'ko'] as const;
type FixtureLang = (typeof LANGS)[number];

/** Pure ASCII, so its bytes are the same in UTF-8 and in EUC-KR/CP949 pages. */
const MARK = '<!-- RECONSTRUCTED fixture for donga-ingest tests: built from the site notes, not captured from www.donga.com. -->';

const PARSE_ERROR_CODES = new Set(['not_article', 'missing_title', 'missing_date', 'missing_body', 'bad_url', 'wrong_language', 'undecodable']);

interface Source {
  url: string;
  contentType: string | null;
  reconstructed: boolean;
  layout?: string;
  basis?: string;
  notes?: string;
}

interface Fixture {
  name: string;
  lang: FixtureLang;
  dir: string;
  page: Buffer;
  source: Source;
  expected: unknown;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function discover(): Fixture[] {
  const out: Fixture[] = [];
  for (const lang of LANGS) {
    const langDir = join(FIXTURES, lang);
    if (!existsSync(langDir)) continue;
    for (const entry of readdirSync(langDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(langDir, entry.name);
      // A captured page awaiting review has only expected.draft.json: not a test case yet.
      if (!existsSync(join(dir, 'expected.json'))) continue;
      out.push({
        name: `${lang}/${entry.name}`,
        lang,
        dir,
        page: readFileSync(join(dir, 'page.html')),
        source: readJson(join(dir, 'source.json')) as Source,
        expected: readJson(join(dir, 'expected.json')),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const fixtures = discover();

function expectedError(expected: unknown): string | null {
  if (typeof expected === 'object' && expected !== null && 'error' in expected) {
    const code = (expected as { error: unknown }).error;
    return typeof code === 'string' ? code : null;
  }
  return null;
}

/** Calls the parser and captures either its record or its thrown error (sync or async parser alike). */
async function run(f: Fixture): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    const value: unknown = await parseArticle({ body: f.page, url: f.source.url, contentType: f.source.contentType }, { lang: f.lang });
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('fixture set', () => {
  it('has the required layouts', () => {
    expect(fixtures.filter((f) => f.lang === 'en').length).toBeGreaterThanOrEqual(6);
    expect(fixtures.filter((f) => f.lang === 'ko').length).toBeGreaterThanOrEqual(7);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: provenance and expected record are well-formed', (_name, f) => {
    expect(typeof f.source.url).toBe('string');
    expect(f.source.contentType === null || typeof f.source.contentType === 'string').toBe(true);
    expect(typeof f.source.reconstructed).toBe('boolean');
    if (f.source.reconstructed) {
      // Reconstructions must say so in the page itself, so nobody mistakes them for captured bytes.
      expect(f.page.subarray(0, MARK.length).toString('latin1')).toBe(MARK);
      expect(f.source.layout).toBeTruthy();
      expect(f.source.basis).toBeTruthy();
    }
    const code = expectedError(f.expected);
    if (code !== null) {
      expect(PARSE_ERROR_CODES.has(code)).toBe(true);
    } else {
      const record = articleSchema.parse(f.expected);
      expect(record.lang).toBe(f.lang);
    }
  });

  it('paired fixtures link to each other and share a reporter e-mail', () => {
    const records = fixtures
      .map((f) => f.expected)
      .filter((e) => expectedError(e) === null)
      .map((e) => articleSchema.parse(e));
    const byUrl = new Map(records.filter((r) => r.lang === 'ko').map((r) => [r.url, r]));
    let pairs = 0;
    for (const r of records) {
      if (r.lang !== 'en' || r.koreanUrl === null) continue;
      const ko = byUrl.get(r.koreanUrl);
      if (!ko) continue;
      pairs++;
      const enMails = new Set(r.authors.map((a) => a.email).filter((m) => m !== null));
      expect(ko.authors.some((a) => a.email !== null && enMails.has(a.email))).toBe(true);
    }
    expect(pairs).toBeGreaterThanOrEqual(2);
  });
});

describe('parseArticle on fixtures', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const result = await run(f);
    const code = expectedError(f.expected);
    if (code !== null) {
      expect(result.ok, 'expected the parser to throw').toBe(false);
      if (!result.ok) expect((result.error as { code?: unknown }).code).toBe(code);
      return;
    }
    if (!result.ok) throw result.error;
    expect(result.value).toEqual(f.expected);
  });
});
