import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, settings } from '../../config/config.js';
import { formatExportSummary, parseExportOptions } from '../../cli/commands/export.js';
import { openStore } from '../../src/store/open-store.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { tempStore, withVerdict } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/**
 * Runs the real CLI with DATA_DIR as the only setting (no DATABASE_URL: SQLite). Every config variable is
 * dropped from the inherited environment, so the developer's own settings cannot leak into the test.
 */
async function cli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name] of Object.values(settings)) delete env[name];
  env['DATA_DIR'] = dataDir;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'bin/donga-ingest.js'), 'export', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('export option parsing', () => {
  const sentences = { minScore: 0.5, mergeOneToMany: false };
  const defaults = { verdicts: ['verified', 'plausible'], after: undefined };

  it('accepts formats, status and days; names every bad option', () => {
    // Without --format: the document and paragraph formats, as before sentence alignment; `all` adds the sentence formats.
    expect(parseExportOptions({})).toEqual({ ok: true, value: { out: undefined, formats: ['jsonl', 'hf', 'tmx'], filter: {}, sentences, ...defaults } });
    expect(parseExportOptions({ format: 'all' })).toEqual({
      ok: true,
      value: { out: undefined, formats: ['jsonl', 'hf', 'tmx', 'tmx-sent', 'moses', 'parquet'], filter: {}, sentences, ...defaults },
    });
    expect(parseExportOptions({ format: 'tmx,jsonl', status: 'paired', since: '20200401', until: '2020-04-30', out: 'x' })).toEqual({
      ok: true,
      value: { out: 'x', formats: ['tmx', 'jsonl'], filter: { status: 'paired', since: '2020-04-01', until: '2020-04-30' }, sentences, ...defaults },
    });
    const bad = parseExportOptions({ format: 'csv', status: 'done', since: '2020-02-30', until: 'x' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.split(':')[0])).toEqual(['--format', '--status', '--since', '--until']);
    const reversed = parseExportOptions({ since: '2020-05-01', until: '2020-04-01' });
    expect(!reversed.ok && reversed.problems).toEqual(['--since 2020-05-01 is after --until 2020-04-01']);
  });

  it('takes the sentence options for tmx-sent and moses only, and checks the score', () => {
    expect(parseExportOptions({ format: 'moses', minScore: '0.8', mergeBeads: true })).toEqual({
      ok: true,
      value: { out: undefined, formats: ['moses'], filter: {}, sentences: { minScore: 0.8, mergeOneToMany: true }, ...defaults },
    });
    expect(parseExportOptions({ format: 'tmx-sent', minScore: '0' })).toMatchObject({ ok: true, value: { sentences: { minScore: 0, mergeOneToMany: false } } });
    for (const bad of ['1.5', '-0.1', 'high', '', 'NaN']) {
      expect(parseExportOptions({ format: 'moses', minScore: bad }), bad).toEqual({
        ok: false,
        problems: [`--min-score: expected a number from 0 to 1, got ${JSON.stringify(bad)}`],
      });
    }
    expect(parseExportOptions({ format: 'tmx', minScore: '0.8', mergeBeads: true })).toEqual({
      ok: false,
      problems: ['--min-score: only applies to --format tmx-sent or moses', '--merge-beads: only applies to --format tmx-sent or moses'],
    });
  });

  it('takes --verdict and --after, naming a bad value', () => {
    expect(parseExportOptions({ verdict: 'suspect,verified', after: '42' })).toMatchObject({
      ok: true,
      value: { verdicts: ['verified', 'suspect'], after: 42 },
    });
    expect(parseExportOptions({ verdict: 'all', after: '0' })).toMatchObject({
      ok: true,
      value: { verdicts: ['verified', 'plausible', 'suspect', 'mismatch', 'unverified'], after: 0 },
    });
    const bad = parseExportOptions({ verdict: 'good', after: '-1' });
    expect(!bad.ok && bad.problems).toEqual([
      '--verdict: expected verified, plausible, suspect, mismatch, unverified, all (comma-separated), got "good"',
      `--after: expected a cursor (the nextCursor of an earlier export's manifest.json, a whole number), got "-1"`,
    ]);
    for (const after of ['', '1.5', 'abc', '1e3']) expect(parseExportOptions({ after }).ok, after).toBe(false);
  });

  it('summarizes the Parquet files as pairs and documents', () => {
    const lines = formatExportSummary({
      outDir: '/x',
      manifestPath: '/x/manifest.json',
      files: [
        { format: 'parquet', file: 'pairs.parquet', path: '/x/pairs.parquet', counts: { pairs: 59 } },
        { format: 'parquet', file: 'docs.parquet', path: '/x/docs.parquet', counts: { documents: 49 } },
      ],
      selected: { total: 59, byStatus: { paired: 52, no_korean_link: 6, korean_failed: 1 } },
      outsideDays: 0,
      invalid: 0,
      byVerdict: { verified: 45, plausible: 4, suspect: 1, mismatch: 2, unverified: 0 },
      excludedByVerdict: 3,
      cursor: { after: null, next: 59 },
    });
    expect(lines.slice(2, 4)).toEqual(['  pairs.parquet  59 pairs', '  docs.parquet   49 documents (paired only, translation struct)']);
  });

  it('summarizes files with counts', () => {
    const lines = formatExportSummary({
      outDir: '/x',
      manifestPath: '/x/manifest.json',
      files: [{ format: 'tmx', file: 'donga.ko-en.tmx', path: '/x/donga.ko-en.tmx', counts: { units: 4, pairs: 2, skippedParagraphMismatch: 1 } }],
      selected: { total: 3, byStatus: { paired: 3, no_korean_link: 0, korean_failed: 0 } },
      outsideDays: 2,
      invalid: 0,
      byVerdict: { verified: 1, plausible: 1, suspect: 0, mismatch: 0, unverified: 1 },
      excludedByVerdict: 1,
      cursor: { after: 12, next: 40 },
    });
    expect(lines).toEqual([
      'exported 3 pairs changed since cursor 12 (paired 3, no_korean_link 0, korean_failed 0) to /x',
      'verdicts of paired pairs: verified 1, plausible 1, suspect 0, mismatch 0, unverified 1; 1 left out of the training files by --verdict',
      '  donga.ko-en.tmx  4 paragraph units from 2 pairs; skipped 1 pairs (paragraph counts differ)',
      '  manifest.json    filters, counts, schema ids and nextCursor 40',
      'skipped 2 pairs outside --since/--until',
    ]);
    const counts = {
      segments: 23,
      pairs: 3,
      pairsAligned: 4,
      pairsAlignedByParagraph: 2,
      pairsTooLarge: 1,
      beads: 27,
      skippedLowScore: 2,
      skippedInsertDelete: 1,
      skippedManyToMany: 1,
      skippedEmpty: 0,
    };
    expect(
      formatExportSummary({
        outDir: '/x',
        manifestPath: '/x/manifest.json',
        files: [
          { format: 'tmx-sent', file: 'donga.ko-en.sent.tmx', path: '/x/donga.ko-en.sent.tmx', counts },
          { format: 'moses', file: 'donga.ko-en.ko', files: ['donga.ko-en.ko', 'donga.ko-en.en', 'donga.ko-en.ids'], path: '/x/donga.ko-en.ko', counts },
        ],
        selected: { total: 5, byStatus: { paired: 5, no_korean_link: 0, korean_failed: 0 } },
        outsideDays: 0,
        invalid: 0,
        byVerdict: { verified: 5, plausible: 0, suspect: 0, mismatch: 0, unverified: 0 },
        excludedByVerdict: 0,
        cursor: { after: null, next: 5 },
      }),
    ).toEqual([
      'exported 5 pairs (paired 5, no_korean_link 0, korean_failed 0) to /x',
      'verdicts of paired pairs: verified 5, plausible 0, suspect 0, mismatch 0, unverified 0; 0 left out of the training files by --verdict',
      '  donga.ko-en.sent.tmx     23 sentence units from 3 of 4 aligned pairs; skipped beads: 2 below --min-score, 1 1-0/0-1, 1 many-to-many; 1 pairs too long to align',
      '  donga.ko-en.{ko,en,ids}  23 lines from 3 of 4 aligned pairs; skipped beads: 2 below --min-score, 1 1-0/0-1, 1 many-to-many; 1 pairs too long to align',
      '  manifest.json            filters, counts, schema ids and nextCursor 5',
    ]);
  });
});

describe('npx donga-ingest export (spawned)', () => {
  it('exports the store under DATA_DIR into <DATA_DIR>/export and prints counts', async () => {
    const { dir, cleanup: done } = await tempStore(); // only for a temp dir; the CLI opens <dir>/donga.sqlite itself
    cleanup.push(done);
    const store = await openStore(loadConfig({}, { dataDir: dir }));
    await store.writePair(withVerdict(samplePair('100')));
    await store.writePair(withVerdict(samplePair('200', { korean: koreanArticle({ body: ['하나.'] }) })));
    await store.writePair(withVerdict(samplePair('300', { english: englishArticle('300', { koreanUrl: null }), korean: null })));
    await store.close();

    const res = await cli(dir, []);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = join(dir, 'export');
    expect(res.stdout.split('\n')).toEqual([
      `exported 3 pairs (paired 2, no_korean_link 1, korean_failed 0) to ${out}`,
      'verdicts of paired pairs: verified 2, plausible 0, suspect 0, mismatch 0, unverified 0; 0 left out of the training files by --verdict',
      '  pairs.jsonl      3 pairs',
      '  docs.jsonl       2 documents (paired only)',
      '  donga.ko-en.tmx  2 paragraph units from 1 pairs; skipped 1 pairs (paragraph counts differ)',
      '  manifest.json    filters, counts, schema ids and nextCursor 3',
      '',
    ]);
    expect(readdirSync(out).sort()).toEqual(['docs.jsonl', 'donga.ko-en.tmx', 'manifest.json', 'pairs.jsonl']);
    expect(readFileSync(join(out, 'pairs.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(3);

    const only = await cli(dir, [
      '--out',
      join(dir, 'only'),
      '--format',
      'jsonl',
      '--status',
      'no_korean_link',
      '--since',
      '2020-04-01',
      '--until',
      '2020-04-03',
    ]);
    expect(only.code).toBe(0);
    expect(readdirSync(join(dir, 'only')).sort()).toEqual(['manifest.json', 'pairs.jsonl']);
    expect(JSON.parse(readFileSync(join(dir, 'only', 'pairs.jsonl'), 'utf8'))).toMatchObject({ pairId: 'en-300', status: 'no_korean_link' });

    const sent = await cli(dir, ['--out', join(dir, 'sent'), '--format', 'tmx-sent,moses', '--min-score', '0.6']);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(readdirSync(join(dir, 'sent')).sort()).toEqual(['donga.ko-en.en', 'donga.ko-en.ids', 'donga.ko-en.ko', 'donga.ko-en.sent.tmx', 'manifest.json']);
    // Pair 100 has two 1-1 paragraphs; pair 200 has one Korean paragraph against two English ones (1-2).
    expect(readFileSync(join(dir, 'sent', 'donga.ko-en.ko'), 'utf8')).toBe('여당이 앞섰다.\n야당은 뒤졌다.\n');
    expect(readFileSync(join(dir, 'sent', 'donga.ko-en.en'), 'utf8')).toBe('The ruling party leads.\nThe opposition trails.\n');
    expect(readFileSync(join(dir, 'sent', 'donga.ko-en.ids'), 'utf8')).toMatch(/^en-100\t1\t0\t0\t1-1\t0\.\d{3}\nen-100\t1\t1\t1\t1-1\t0\.\d{3}\n$/);
    expect(sent.stdout).toContain(
      '  donga.ko-en.{ko,en,ids}  2 lines from 1 of 2 aligned pairs; skipped beads: 1 below --min-score, 1 1-0/0-1, 0 many-to-many',
    );
    expect(JSON.parse(readFileSync(join(dir, 'sent', 'manifest.json'), 'utf8')).alignment.minScore).toBe(0.6);
  });

  it('refuses a DATA_DIR without an archive (exit 1, one line) and creates nothing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'donga-export-'));
    cleanup.push(async () => rmSync(parent, { recursive: true, force: true }));
    const empty = join(parent, 'empty');
    mkdirSync(empty);
    const typo = join(parent, 'dmeo'); // does not exist at all
    for (const dir of [empty, typo]) {
      const res = await cli(dir, []);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trimEnd().split('\n')).toEqual([
        `export: no archive at ${join(dir, 'donga.sqlite')}: no such file; set DATA_DIR to the data directory of a crawl (e.g. ./data/demo)`,
      ]);
    }
    expect(readdirSync(empty)).toEqual([]);
    expect(readdirSync(parent)).toEqual(['empty']);
    // DATA_DIR naming a file, not a directory.
    writeFileSync(join(parent, 'file'), '');
    const res = await cli(join(parent, 'file'), ['--out', join(parent, 'out')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`export: DATA_DIR=${join(parent, 'file')}: ${join(parent, 'file')} is a file, not a folder\n`);
    expect(readdirSync(parent).sort()).toEqual(['empty', 'file']);
  });

  it('exits 2 naming the bad option, and writes nothing', async () => {
    const { dir, cleanup: done } = await tempStore();
    cleanup.push(done);
    const res = await cli(dir, ['--format', 'csv', '--status', 'done']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--format');
    expect(res.stderr).toContain('"csv"');
    expect(res.stderr).toContain('--status');
    expect(readdirSync(dir)).not.toContain('export');
  });
});
