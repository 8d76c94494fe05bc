import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Vite puts BASE_URL=/ (and MODE, DEV …) into process.env; keep the child's environment clean of it.
    const { BASE_URL: _viteBase, ...env } = process.env;
    const child = spawn(process.execPath, ['bin/donga-ingest.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const EN_PATH = '/en/article/all/20240521/5001342/1';
const enHtml = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cost talks stall | The DONG-A ILBO</title></head><body>
<h1>Cost talks stall</h1><p>Posted May 21, 2024 08:00</p><p><a href="/news/article/all/20240521/126000000/1">한국어</a></p>
<div class="txt"><p>The final agreement is being further delayed, officials said on Wednesday.</p><p>Gi-Jae Han record@donga.com</p></div></body></html>`;
const koBytes = iconv.encode('<html><head><title>목록</title></head><body><h1>최신 뉴스</h1><ul><li><a href="/a">기사</a></li></ul></body></html>', 'cp949');

let server: Server;
let base = '';
const seen: { ua: string | undefined; path: string | undefined }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'donga-capture-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ ua: req.headers['user-agent'], path: req.url });
    if (req.url === '/old') {
      res.writeHead(301, { location: EN_PATH });
      res.end();
    } else if (req.url === EN_PATH) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(enHtml);
    } else if (req.url === '/news/List') {
      res.writeHead(200, { 'content-type': 'text/html; charset=euc-kr' });
      res.end(koBytes);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('donga-ingest fixtures capture', () => {
  it('saves the raw page, its source and a draft record (following a redirect)', async () => {
    const { code, stdout, stderr } = await run(['fixtures', 'capture', `${base}/old`, '--dir', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = join(dir, 'en', '20240521-5001342');
    expect(stdout).toContain(join(out, 'expected.draft.json'));
    expect(stdout).toMatch(/review/i);
    expect(readFileSync(join(out, 'page.html'), 'utf8')).toBe(enHtml);
    const source = JSON.parse(readFileSync(join(out, 'source.json'), 'utf8'));
    expect(source).toMatchObject({ url: `${base}${EN_PATH}`, contentType: 'text/html; charset=utf-8', reconstructed: false });
    expect(Number.isNaN(Date.parse(source.capturedAt))).toBe(false);
    const draft = JSON.parse(readFileSync(join(out, 'expected.draft.json'), 'utf8'));
    expect(draft).toMatchObject({
      lang: 'en',
      url: `${base}${EN_PATH}`,
      title: 'Cost talks stall',
      koreanUrl: `${base}/news/article/all/20240521/126000000/1`,
      authors: [{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }],
    });
    expect(seen.find((s) => s.path === EN_PATH)?.ua).toMatch(/^donga-ingest\//);
  });

  it('keeps raw bytes of a non-UTF-8 page and records the parser error as the draft', async () => {
    const { code } = await run(['fixtures', 'capture', `${base}/news/List`, '--dir', dir, '--lang', 'ko', '--name', 'list-page']);
    expect(code).toBe(0);
    const out = join(dir, 'ko', 'list-page');
    expect(readFileSync(join(out, 'page.html')).equals(koBytes)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'expected.draft.json'), 'utf8'))).toMatchObject({ error: 'bad_url' });
  });

  it('refuses to overwrite an existing fixture without --force, and never touches expected.json', async () => {
    const out = join(dir, 'en', 'reviewed');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'page.html'), 'old page');
    writeFileSync(join(out, 'source.json'), 'old source');
    writeFileSync(join(out, 'expected.json'), 'reviewed record');
    const refused = await run(['fixtures', 'capture', `${base}${EN_PATH}`, '--dir', dir, '--name', 'reviewed']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(out)]);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(join(out, 'page.html'), 'utf8')).toBe('old page');
    expect(readFileSync(join(out, 'source.json'), 'utf8')).toBe('old source');
    expect(existsSync(join(out, 'expected.draft.json'))).toBe(false);

    // expected.json alone (page.html deleted) still marks a reviewed fixture.
    rmSync(join(out, 'page.html'));
    expect((await run(['fixtures', 'capture', `${base}${EN_PATH}`, '--dir', dir, '--name', 'reviewed'])).code).toBe(1);
    expect(existsSync(join(out, 'page.html'))).toBe(false);

    const forced = await run(['fixtures', 'capture', `${base}${EN_PATH}`, '--dir', dir, '--name', 'reviewed', '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/expected\.json was kept/);
    expect(readFileSync(join(out, 'page.html'), 'utf8')).toBe(enHtml);
    expect(JSON.parse(readFileSync(join(out, 'source.json'), 'utf8'))).toMatchObject({ url: `${base}${EN_PATH}` });
    expect(JSON.parse(readFileSync(join(out, 'expected.draft.json'), 'utf8'))).toMatchObject({ title: 'Cost talks stall' });
    expect(readFileSync(join(out, 'expected.json'), 'utf8')).toBe('reviewed record');
  });

  it('refuses a second capture into the same default folder', async () => {
    const again = await run(['fixtures', 'capture', `${base}/old`, '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(join(dir, 'en', '20240521-5001342'));
  });

  it('fails without writing on HTTP errors and bad arguments', async () => {
    expect((await run(['fixtures', 'capture', `${base}/missing`, '--dir', dir])).code).toBe(1);
    expect((await run(['fixtures', 'capture', 'ftp://example.com/x', '--dir', dir])).code).toBe(2);
    expect((await run(['fixtures', 'capture', `${base}/old`, '--dir', dir, '--name', '../escape'])).code).toBe(2);
  });
});
