/**
 * Round trip: every page the replay site renders (both English layouts, every Korean era, EUC-KR,
 * each byline kind) must parse to exactly the record the site model states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Article, PageInput } from '../../src/records/article.js';
import { startReplaySite, type ReplaySite } from '../../src/replay/server.js';

type Parse = (page: PageInput) => Article;

// Imported by a computed path so this file type-checks while the parsers are being written.
async function loadParsers(): Promise<{ en: Parse; ko: Parse } | null> {
  const base = '../../src/parse/';
  try {
    const en = (await import(`${base}english.js`)) as { parseEnglishArticle: Parse };
    const ko = (await import(`${base}korean.js`)) as { parseKoreanArticle: Parse };
    return { en: en.parseEnglishArticle, ko: ko.parseKoreanArticle };
  } catch {
    return null;
  }
}

const parsers = await loadParsers();
if (!parsers) console.warn('round-trip: src/parse/english.ts or korean.ts not available yet; skipped');

/** Top-level fields whose values differ (or `error` when parsing threw). */
function differing(expected: object, got: unknown): string[] {
  if (!got || typeof got !== 'object' || 'error' in got) return ['error'];
  const g = got as Record<string, unknown>;
  return Object.entries(expected)
    .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(g[k]))
    .map(([k]) => k);
}

/** `page kind → fields` counts, so one failure message shows every kind of disagreement. */
function summary(diffs: unknown[]): string {
  const counts = new Map<string, number>();
  for (const d of diffs as { page: string; fields: string[] }[]) {
    const key = `${d.page}: ${d.fields.join(',')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join('; ');
}

async function fetchPage(url: string): Promise<PageInput> {
  const res = await request(url);
  const body = new Uint8Array(await res.body.arrayBuffer());
  expect(res.statusCode).toBe(200);
  return { body, url, contentType: String(res.headers['content-type']) };
}

describe.skipIf(!parsers)('replay pages parse to the model records', () => {
  let site: ReplaySite;
  beforeAll(async () => {
    site = await startReplaySite({ pairs: 150, seed: 4 });
  });
  afterAll(() => site.close());

  it('every English page, both layouts and every byline kind', async () => {
    const diffs: unknown[] = [];
    for (const p of site.expectedRecords()) {
      const spec = site.model.article(p.id)!;
      let got: unknown;
      try {
        got = parsers!.en(await fetchPage(p.english.url));
      } catch (err) {
        got = { error: String(err) };
      }
      try {
        expect(got).toEqual(p.english);
      } catch {
        diffs.push({
          page: `${spec.en.layout}/${spec.kind}/${spec.en.koreanLink}`,
          url: p.english.url,
          fields: differing(p.english, got),
          expected: p.english,
          got,
        });
      }
    }
    expect(diffs.slice(0, 3), `${diffs.length} English pages differ: ${summary(diffs)}`).toEqual([]);
  });

  it('covers every page variant', () => {
    const specs = site.model.englishIds.map((id) => site.model.article(id)!).filter((s) => site.model.pairStatus(s.en.id) === 'paired');
    expect(new Set(specs.map((s) => `${s.ko.era}/${s.ko.charset}/${s.ko.charsetInMetaOnly}`)).size).toBe(5);
    expect(specs.some((s) => s.ko.bylineGlued)).toBe(true);
    expect(new Set(specs.map((s) => `${s.en.layout}/${s.kind}`)).size).toBe(8);
  });

  it('every Korean page, every era and charset', async () => {
    const diffs: unknown[] = [];
    for (const p of site.expectedRecords()) {
      if (!p.korean) continue;
      const spec = site.model.article(p.id)!;
      let got: unknown;
      try {
        got = parsers!.ko(await fetchPage(p.korean.url));
      } catch (err) {
        got = { error: String(err) };
      }
      try {
        expect(got).toEqual(p.korean);
      } catch {
        diffs.push({ page: `${spec.ko.era}/${spec.ko.charset}/${spec.kind}`, url: p.korean.url, fields: differing(p.korean, got), expected: p.korean, got });
      }
    }
    expect(diffs.slice(0, 3), `${diffs.length} Korean pages differ: ${summary(diffs)}`).toEqual([]);
  });

  it('an updated article parses to its new revision', async () => {
    const id = site.expectedRecords().find((p) => p.status === 'paired')!.id;
    const before = site.model.article(id)!;
    site.updateArticle(id, { enBody: ['A rewritten first paragraph.', ...before.en.body.slice(1)], koTitle: '수정된 제목' });
    const now = site.expectedRecords().find((p) => p.id === id)!;
    expect(parsers!.en(await fetchPage(now.english.url))).toEqual(now.english);
    expect(parsers!.ko(await fetchPage(now.korean!.url))).toEqual(now.korean);
    expect(now.english.body[0]).toBe('A rewritten first paragraph.');
    expect(now.korean!.title).toBe('수정된 제목');
  });
});
