import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../src/export/run-export.js';
import { parseVerdicts, VERDICT_CLASSES, verdictClass } from '../../src/export/verdict-filter.js';
import { samplePair } from '../pair/sample-articles.js';
import { contractPairs, tempStore, withVerdict, withoutVerdict } from './helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const now = '2026-01-06T05:00:03.000Z';
const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const ids = (file: string) => jsonl(file).map((r) => (r['pairId'] ?? r['id']) as string);

describe('parseVerdicts', () => {
  it('takes a comma-separated list in canonical order, and all', () => {
    expect(parseVerdicts('suspect,verified')).toEqual({ ok: true, value: ['verified', 'suspect'] });
    expect(parseVerdicts(' unverified , plausible ')).toEqual({ ok: true, value: ['plausible', 'unverified'] });
    expect(parseVerdicts('all')).toEqual({ ok: true, value: [...VERDICT_CLASSES] });
    expect(parseVerdicts('verified,good')).toEqual({ ok: false, problem: expect.stringContaining('got "good"') });
    expect(parseVerdicts('')).toMatchObject({ ok: false });
  });

  it('a record without a verdict is unverified', () => {
    expect(verdictClass(withoutVerdict(samplePair()))).toBe('unverified');
    expect(verdictClass(withVerdict(samplePair(), null))).toBe('unverified');
    expect(verdictClass(withVerdict(samplePair(), 'suspect'))).toBe('suspect');
  });
});

describe('training exports take only the admitted verdicts', () => {
  it('by default verified and plausible: docs, TMX, Moses and docs.parquet; pairs files keep every pair', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of contractPairs()) await t.store.writePair(p);
    const out = join(t.dir, 'out');
    const summary = await runExport(t.store, { outDir: out, formats: ['jsonl', 'hf', 'tmx', 'moses', 'parquet'], toolVersion: '1', now });
    expect(ids(join(out, 'pairs.jsonl'))).toEqual(['en-101', 'en-102', 'en-103', 'en-104', 'en-105', 'en-106', 'en-107']);
    expect(ids(join(out, 'docs.jsonl'))).toEqual(['en-101', 'en-102']);
    expect(jsonl(join(out, 'docs.jsonl')).map((r) => (r['meta'] as { verdict: string }).verdict)).toEqual(['verified', 'plausible']);
    const tmx = readFileSync(join(out, 'donga.ko-en.tmx'), 'utf8');
    expect([...tmx.matchAll(/<prop type="x-pair-id">([^<]+)</g)].map((m) => m[1])).toEqual(['en-101', 'en-101', 'en-102', 'en-102']);
    const mosesIds = readFileSync(join(out, 'donga.ko-en.ids'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(new Set(mosesIds)).toEqual(new Set(['en-101', 'en-102']));
    expect(summary.byVerdict).toEqual({ verified: 1, plausible: 1, suspect: 1, mismatch: 1, unverified: 1 });
    expect(summary.excludedByVerdict).toBe(3);
    const manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8'));
    expect(manifest.verdicts).toMatchObject({
      trainingFiles: ['docs.jsonl', 'donga.ko-en.tmx', 'donga.ko-en.ko', 'docs.parquet'],
      admitted: ['verified', 'plausible'],
      byVerdict: { verified: 1, plausible: 1, suspect: 1, mismatch: 1, unverified: 1 },
      excluded: 3,
    });
    expect(manifest.files.find((f: { file: string }) => f.file === 'docs.parquet').counts).toEqual({ documents: 2 });
    expect(manifest.files.find((f: { file: string }) => f.file === 'pairs.parquet').counts).toEqual({ pairs: 7 });
  });

  it('--verdict chooses, and all takes every paired pair including unverified ones', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of contractPairs()) await t.store.writePair(p);
    const s1 = await runExport(t.store, { outDir: join(t.dir, 'a'), formats: ['hf'], verdicts: ['suspect', 'unverified'], toolVersion: '1', now });
    expect(ids(join(t.dir, 'a', 'docs.jsonl'))).toEqual(['en-103', 'en-105']);
    expect(jsonl(join(t.dir, 'a', 'docs.jsonl')).map((r) => (r['meta'] as { verdict: unknown }).verdict)).toEqual(['suspect', null]);
    expect(s1.excludedByVerdict).toBe(3);
    await runExport(t.store, { outDir: join(t.dir, 'b'), formats: ['hf'], verdicts: VERDICT_CLASSES, toolVersion: '1', now });
    expect(ids(join(t.dir, 'b', 'docs.jsonl'))).toEqual(['en-101', 'en-102', 'en-103', 'en-104', 'en-105']);
  });
});
