import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dataDirProblem, dirProblem, makeDir } from '../../cli/usable-dir.js';
import { runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'donga-places-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'a-file');
writeFileSync(file, 'not a folder');

describe('dirProblem / dataDirProblem', () => {
  it('accepts an existing writable folder and a missing one under a writable parent, creating nothing', () => {
    expect(dirProblem(root)).toBeNull();
    expect(dirProblem(join(root, 'new', 'deeper'))).toBeNull();
    expect(readdirSync(root)).toEqual(['a-file']);
  });

  it('names a file where a folder should be, itself or as a parent', () => {
    expect(dirProblem(file)).toBe(`${file} is a file, not a folder`);
    expect(dirProblem(join(file, 'sub'))).toBe(`${file} is a file, not a folder (in ${join(file, 'sub')})`);
    expect(dataDirProblem({ dataDir: file, databaseUrl: undefined })).toBe(`DATA_DIR=${file}: ${file} is a file, not a folder`);
  });

  it('refuses kernel file systems (where a recursive mkdir never returns)', () => {
    expect(dirProblem('/proc/x')).toBe('/proc is on the proc kernel file system, not a place for files');
    expect(dirProblem('/sys/donga')).toBe('/sys is on the sysfs kernel file system, not a place for files');
  });

  // root may write anywhere, so only another user can see this refusal.
  it.skipIf(process.getuid?.() === 0)('refuses a folder this process may not write in', () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      expect(dirProblem(join(locked, 'data'))).toBe(`no permission to write in ${locked}`);
    } finally {
      chmodSync(locked, 0o700);
      rmSync(locked, { recursive: true });
    }
  });

  it('checks what DATA_DIR holds, and nothing at all with PostgreSQL', () => {
    const data = join(root, 'data');
    mkdirSync(join(data, 'donga.sqlite'), { recursive: true });
    expect(dataDirProblem({ dataDir: data, databaseUrl: undefined })).toBe(`DATA_DIR=${data}: ${join(data, 'donga.sqlite')} is not a file`);
    expect(dataDirProblem({ dataDir: file, databaseUrl: 'postgres://x@127.0.0.1/db' })).toBeNull();
    rmSync(data, { recursive: true });
  });

  it('makeDir creates missing parents one by one, and fails at once under /proc instead of looping', () => {
    makeDir(join(root, 'm', 'n', 'o'));
    expect(readdirSync(join(root, 'm', 'n'))).toEqual(['o']);
    makeDir(join(root, 'm', 'n', 'o'));
    expect(() => makeDir('/proc/donga-x/y')).toThrow(/ENOENT|EACCES|EPERM/);
    rmSync(join(root, 'm'), { recursive: true });
  });
});

describe('commands refuse settings that point at unusable places: one line, exit 1, nothing created', () => {
  const env = (extra: Record<string, string>) => ({ REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: 'places-test', LOG_LEVEL: 'silent', ...extra });

  it.each([
    ['crawl', ['crawl']],
    ['worker', ['worker']],
    ['enqueue', ['enqueue', '20240809/5104150']],
    ['export', ['export']],
  ])(
    '%s with DATA_DIR naming a file',
    async (name, args) => {
      const res = await runCli(args, env({ DATA_DIR: file }), { timeoutMs: 60_000 });
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr.trimEnd().split('\n')[0]).toBe(`${name}: DATA_DIR=${file}: ${file} is a file, not a folder`);
      expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    },
    70_000,
  );

  it('config prints the settings, then the problem, and exits 1', async () => {
    const res = await runCli(['config'], env({ DATA_DIR: file }));
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)['DATA_DIR']).toBe(file);
    expect(res.stderr).toBe(`config: DATA_DIR=${file}: ${file} is a file, not a folder\n`);
  }, 40_000);

  it('export --out under /proc is refused at once (it used to spin forever)', async () => {
    const data = join(root, 'export-data');
    mkdirSync(data);
    writeFileSync(join(data, 'donga.sqlite'), ''); // an empty file is a valid, empty SQLite database
    const res = await runCli(['export', '--out', '/proc/donga-export'], env({ DATA_DIR: data }), { timeoutMs: 60_000 });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('export: --out /proc/donga-export: /proc is on the proc kernel file system, not a place for files\n');
    expect(readdirSync(data)).toEqual(['donga.sqlite']);
  }, 70_000);

  it('fixtures capture --dir under /proc is refused before any fetch', async () => {
    const res = await runCli(['fixtures', 'capture', 'http://127.0.0.1:9/en/article/all/20240809/5104150/1', '--dir', '/proc/donga-fixtures'], env({}));
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('fixtures capture: --dir /proc/donga-fixtures: /proc is on the proc kernel file system, not a place for files\n');
  }, 40_000);

  it('an enqueue refused for its inputs creates no database', async () => {
    const data = join(root, 'enqueue-data');
    const res = await runCli(['enqueue', 'https://evil.example/en/article/all/20240809/1/1', '5104150'], env({ DATA_DIR: data }));
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/off-site host evil\.example/);
    expect(res.stderr).toMatch(/"5104150": bare id of an article not stored yet/);
    expect(readdirSync(root)).not.toContain('enqueue-data');
  }, 40_000);
});
