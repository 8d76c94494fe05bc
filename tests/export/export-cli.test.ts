import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, settings } from '../../config/config.js';
import { formatExportSummary, parseExportOptions } from '../../src/cli/commands/export.js';
import { openStore } from '../../src/store/open-store.js';
import { englishArticle, koreanArticle, samplePair } from '../pair/sample-articles.js';
import { tempStore } from './helpers.js';

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
  it('accepts formats, status and days; names every bad option', () => {
    expect(parseExportOptions({ format: 'all' })).toEqual({ ok: true, value: { out: undefined, formats: ['jsonl', 'hf', 'tmx'], filter: {} } });
    expect(parseExportOptions({ format: 'tmx,jsonl', status: 'paired', since: '20200401', until: '2020-04-30', out: 'x' })).toEqual({
      ok: true,
      value: { out: 'x', formats: ['tmx', 'jsonl'], filter: { status: 'paired', since: '2020-04-01', until: '2020-04-30' } },
    });
    const bad = parseExportOptions({ format: 'csv', status: 'done', since: '2020-02-30', until: 'x' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.split(':')[0])).toEqual(['--format', '--status', '--since', '--until']);
    const reversed = parseExportOptions({ since: '2020-05-01', until: '2020-04-01' });
    expect(!reversed.ok && reversed.problems).toEqual(['--since 2020-05-01 is after --until 2020-04-01']);
  });

  it('summarizes files with counts', () => {
    const lines = formatExportSummary({
      outDir: '/x',
      manifestPath: '/x/manifest.json',
      files: [{ format: 'tmx', file: 'donga.ko-en.tmx', path: '/x/donga.ko-en.tmx', counts: { units: 4, pairs: 2, skippedParagraphMismatch: 1 } }],
      selected: { total: 3, byStatus: { paired: 3, no_korean_link: 0, korean_failed: 0 } },
      outsideDays: 2,
      invalid: 0,
    });
    expect(lines).toEqual([
      'exported 3 pairs (paired 3, no_korean_link 0, korean_failed 0) to /x',
      '  donga.ko-en.tmx  4 paragraph units from 2 pairs; skipped 1 pairs (paragraph counts differ)',
      '  manifest.json    filters, counts and schema ids',
      'skipped 2 pairs outside --since/--until',
    ]);
  });
});

describe('npx donga-ingest export (spawned)', () => {
  it('exports the store under DATA_DIR into <DATA_DIR>/export and prints counts', async () => {
    const { dir, cleanup: done } = await tempStore(); // only for a temp dir; the CLI opens <dir>/donga.sqlite itself
    cleanup.push(done);
    const store = await openStore(loadConfig({}, { dataDir: dir }));
    await store.writePair(samplePair('100'));
    await store.writePair(samplePair('200', { korean: koreanArticle({ body: ['하나.'] }) }));
    await store.writePair(samplePair('300', { english: englishArticle('300', { koreanUrl: null }), korean: null }));
    await store.close();

    const res = await cli(dir, []);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = join(dir, 'export');
    expect(res.stdout.split('\n')).toEqual([
      `exported 3 pairs (paired 2, no_korean_link 1, korean_failed 0) to ${out}`,
      '  pairs.jsonl      3 pairs',
      '  docs.jsonl       2 documents (paired only)',
      '  donga.ko-en.tmx  2 paragraph units from 1 pairs; skipped 1 pairs (paragraph counts differ)',
      '  manifest.json    filters, counts and schema ids',
      '',
    ]);
    expect(readdirSync(out).sort()).toEqual(['docs.jsonl', 'donga.ko-en.tmx', 'manifest.json', 'pairs.jsonl']);
    expect(readFileSync(join(out, 'pairs.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(3);

    const only = await cli(dir, ['--out', join(dir, 'only'), '--format', 'jsonl', '--status', 'no_korean_link', '--since', '2020-04-01', '--until', '2020-04-03']);
    expect(only.code).toBe(0);
    expect(readdirSync(join(dir, 'only')).sort()).toEqual(['manifest.json', 'pairs.jsonl']);
    expect(JSON.parse(readFileSync(join(dir, 'only', 'pairs.jsonl'), 'utf8'))).toMatchObject({ pairId: 'en-300', status: 'no_korean_link' });
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
