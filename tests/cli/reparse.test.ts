import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReparseOptions } from '../../cli/commands/reparse.js';
import { runCli } from './run-cli.js';

describe('reparse options', () => {
  it('takes calendar days and names every bad option', () => {
    expect(parseReparseOptions({ since: '2024-03-01', until: '20240302' })).toEqual({ ok: true, since: '2024-03-01', until: '2024-03-02' });
    expect(parseReparseOptions({})).toEqual({ ok: true });
    const bad = parseReparseOptions({ since: '2024-02-30', until: 'yesterday' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      '--since: expected a calendar day YYYY-MM-DD, got "2024-02-30"',
      '--until: expected a calendar day YYYY-MM-DD, got "yesterday"',
    ]);
    const reversed = parseReparseOptions({ since: '2024-03-02', until: '2024-03-01' });
    expect(!reversed.ok && reversed.problems).toEqual(['--since 2024-03-02 is after --until 2024-03-01']);
  });
});

describe('donga-ingest reparse', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('exits 2 on a bad option and 1 on a data directory without an archive, creating nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'donga-reparse-cli-'));
    const usage = await runCli(['reparse', '--since', 'tomorrow'], { DATA_DIR: dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('reparse: --since: expected a calendar day YYYY-MM-DD, got "tomorrow"');
    const missing = await runCli(['reparse', '--dry-run'], { DATA_DIR: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no archive at ${join(dir, 'donga.sqlite')}`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
