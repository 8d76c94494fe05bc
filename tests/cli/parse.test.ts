import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/donga-ingest.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cases = ['en', 'ko'].flatMap((lang) => {
  const root = join('tests/fixtures', lang);
  let dirs: string[] = [];
  try {
    dirs = readdirSync(root);
  } catch {
    dirs = [];
  }
  return dirs
    .map((d) => join(root, d))
    .filter((d) => {
      try {
        readFileSync(join(d, 'expected.json'));
        return true;
      } catch {
        return false;
      }
    });
});

const tmp = mkdtempSync(join(tmpdir(), 'donga-parse-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('donga-ingest parse', () => {
  it('has fixtures to run on', () => {
    expect(cases.filter((c) => c.includes('/en/')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(cases)('%s: prints the expected record (URL from source.json)', async (dir) => {
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, unknown>;
    const { code, stdout } = await run(['parse', join(dir, 'page.html')]);
    const got = JSON.parse(stdout) as Record<string, unknown>;
    if ('error' in expected) {
      expect(code).toBe(1);
      expect(got['error']).toBe(expected['error']);
      expect(typeof got['message']).toBe('string');
    } else {
      expect(code).toBe(0);
      expect(got).toEqual(expected);
    }
  });

  it('takes --url, --lang and --content-type over source.json', async () => {
    const dir = cases.find((c) => c.endsWith('defense-2020')) ?? cases[0]!;
    const page = join(tmp, 'page.html');
    copyFileSync(join(dir, 'page.html'), page);
    const src = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8')) as { url: string };
    const { code, stdout } = await run(['parse', page, '--url', src.url, '--lang', 'en', '--content-type', 'text/html; charset=utf-8']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')));
  });

  it('asks for --url when there is no source.json', async () => {
    const page = join(tmp, 'lonely.html');
    writeFileSync(page, '<html><body><p>hi</p></body></html>');
    const { code, stdout } = await run(['parse', page]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: 'bad_url', message: expect.stringContaining('--url') });
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['parse', join(tmp, 'missing.html'), '--url', 'https://www.donga.com/en'])).code).toBe(2);
    expect((await run(['parse', join(tmp, 'lonely.html'), '--lang', 'fr'])).code).toBe(2);
    expect((await run(['parse'])).code).not.toBe(0);
  });
});
