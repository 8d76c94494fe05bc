import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoFaults, firstDifference, prepareDemoDir, verifyAgainstModel } from '../../cli/commands/demo.js';
import { buildPairRecord } from '../../src/pair/build-pair.js';
import type { PairRecord } from '../../src/records/pair.js';
import { startReplaySite, type ReplaySite } from '../../src/replay/index.js';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';

describe('prepareDemoDir: the demo never deletes what it did not write', () => {
  const made: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'donga-demo-dir-'));
    made.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates a missing directory', () => {
    const dir = join(tmp(), 'a', 'b');
    expect(prepareDemoDir(dir)).toBeNull();
    expect(existsSync(dir)).toBe(true);
  });

  it("empties a previous demo run's outputs", () => {
    const dir = tmp();
    writeFileSync(join(dir, 'donga.sqlite'), 'x');
    writeFileSync(join(dir, 'donga.sqlite-wal'), 'x');
    mkdirSync(join(dir, 'raw', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'raw', 'ab', 'f.br'), 'x');
    mkdirSync(join(dir, 'export'));
    expect(prepareDemoDir(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses, deleting nothing, when the directory holds anything else', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'donga.sqlite'), 'my archive');
    writeFileSync(join(dir, 'important.txt'), 'keep me');
    expect(prepareDemoDir(dir)).toMatch(/holds files the demo did not write \(important\.txt\)/);
    expect(readdirSync(dir).sort()).toEqual(['donga.sqlite', 'important.txt']);
  });

  it('refuses a path that is a file', () => {
    const file = join(tmp(), 'afile');
    writeFileSync(file, 'x');
    expect(prepareDemoDir(file)).toMatch(/is not a directory/);
  });
});

describe('firstDifference', () => {
  const cases: [string, unknown, unknown, string | null][] = [
    ['equal records', { a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] }, null],
    ['a changed leaf', { a: [1, { b: 'y' }] }, { a: [1, { b: 'x' }] }, 'r.a[1].b'],
    ['a longer array', { a: [1, 2, 3] }, { a: [1, 2] }, 'r.a[2]'],
    ['a shorter array', { a: [1] }, { a: [1, 2] }, 'r.a[1]'],
    ['a key only the model has', { a: 1 }, { a: 1, b: undefined }, 'r.b'],
    ['a key only the stored record has', { a: 1, z: 0 }, { a: 1 }, 'r.z'],
    ['null against an object', { a: null }, { a: {} }, 'r.a'],
    ['an array against an object', { a: [] }, { a: {} }, 'r.a'],
    ['the first of two differences, in model key order', { b: 0, a: 0 }, { a: 1, b: 1 }, 'r.a'],
  ];
  for (const [name, actual, expected, want] of cases) {
    it(name, () => {
      expect(firstDifference(actual, expected, 'r')).toBe(want);
    });
  }
});

/**
 * The demo's model check on a real SQLite store filled with the records the replay model expects (as a correct
 * crawl stores them), before and after tampering with one of them.
 */
describe('verifyAgainstModel', () => {
  const pairs = 12;
  const seed = 7;
  let site: ReplaySite;
  let dir: string;
  let store: SqlitePairStore;
  const written = new Map<string, PairRecord>();

  beforeAll(async () => {
    site = await startReplaySite({ pairs, seed, faults: demoFaults(pairs, seed) });
    dir = mkdtempSync(join(tmpdir(), 'donga-demo-check-'));
    store = new SqlitePairStore(join(dir, 'donga.sqlite'));
    await store.init();
    const now = '2026-01-06T05:00:02.000Z';
    const src = (url: string) => ({ url, fetchedAt: now, bodySha256: 'a'.repeat(64), httpStatus: 200 });
    for (const r of site.expectedRecords()) {
      const o = site.expectedOutcome(r.id);
      if (o.kind === 'failed') {
        await store.recordFailure({ url: site.englishUrl(r.id), lang: 'en', code: o.code, retryable: false, message: 'planted', attempts: 1 });
        continue;
      }
      const pair = buildPairRecord({
        english: r.english,
        korean: r.korean,
        englishSource: src(r.english.url),
        koreanSource: r.korean ? src(r.korean.url) : null,
        koreanError: o.koreanError ? { code: o.koreanError.code, message: 'HTTP 404' } : null,
        parserVersion: 'test',
        now,
      });
      await store.writePair(pair);
      written.set(r.id, pair);
    }
  });
  afterAll(async () => {
    await store?.close();
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Stores a changed revision of pair `id`, runs the check, then restores the original revision. */
  async function checkWith(id: string, tamper: (p: PairRecord) => PairRecord) {
    const original = written.get(id)!;
    await store.writePair(tamper(structuredClone(original)));
    try {
      return await verifyAgainstModel(site, store);
    } finally {
      await store.writePair(original);
    }
  }

  const pairedIds = () => [...written].filter(([, p]) => p.pairing.status === 'paired').map(([id]) => id);

  it('passes a store that holds exactly what the model expects', async () => {
    const v = await verifyAgainstModel(site, store);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.expectedStored).toBe(written.size);
    expect(v.matchingModel).toBe(written.size);
    expect(v.stored).toBe(written.size);
    expect(v.expectedFailed).toBeGreaterThan(0);
    expect(v.failedRecorded).toBe(v.expectedFailed);
    expect(v.expectedVerdicts).toBe(pairedIds().length);
    expect(v.verdictsAsPredicted).toBe(v.expectedVerdicts);
  });

  it('fails when a wrongly wired pair passes as a translation (verdict verified)', async () => {
    const wired = site.model.englishIds.find((id) => site.model.wiring(id) !== 'own' && site.expectedOutcome(id).kind === 'stored');
    expect(wired, 'the demo faults wire some 한국어 links wrongly').toBeDefined();
    const v = await checkWith(wired!, (p) => ({ ...p, pairing: { ...p.pairing, verdict: 'verified', score: 0.95 } }));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.stringMatching(new RegExp(`^en-${wired}: verdict verified, expected (suspect|mismatch)`))]);
  });

  it('fails on one English paragraph that differs, naming the pair and the field', async () => {
    const id = pairedIds()[2]!;
    const v = await checkWith(id, (p) => {
      p.english.body[1] = `Tampered: ${p.english.body[1]}`;
      return p;
    });
    expect(v.ok).toBe(false);
    expect(v.matchingModel).toBe(written.size - 1);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatch(new RegExp(`^en-${id}: english\\.body\\[1\\] differs from the model \\(stored "Tampered: .*, model "(?!Tampered)`));
  });

  it('fails on a Korean author that differs', async () => {
    const id = pairedIds()[0]!;
    const v = await checkWith(id, (p) => {
      p.korean!.authors = [...p.korean!.authors, { name: '홍길동', email: null, role: '기자' }];
      return p;
    });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      expect.stringMatching(new RegExp(`^en-${id}: korean\\.authors\\[\\d+\\] differs from the model \\(stored \\{.*, model absent\\)$`)),
    ]);
  });

  it('fails when a pair is missing its Korean side although the model has it', async () => {
    const id = pairedIds()[1]!;
    const v = await checkWith(id, (p) => ({ ...p, korean: null }));
    expect(v.ok).toBe(false);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatch(new RegExp(`^en-${id}: korean differs from the model \\(stored null, model \\{`));
  });
});
