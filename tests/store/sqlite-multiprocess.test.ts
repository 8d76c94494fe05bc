import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlitePairStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'donga-sqlite-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(file: string, start: number, count: number): Promise<{ changed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/store/sqlite-writer-child.ts', file, String(start), String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { changed: number }) : reject(new Error(`child exit ${code}: ${err}`))));
  });
}

describe('SqlitePairStore shared by several processes', () => {
  it('concurrent writer processes on one file: no busy errors, every pair and revision exactly once', async () => {
    const file = join(dir, 'donga.sqlite');
    const results = await Promise.all([runChild(file, 10_000, 150), runChild(file, 20_000, 150), runChild(file, 30_000, 150)]);
    const store = new SqlitePairStore(file);
    try {
      await store.init();
      const counts = await store.countPairs();
      // 3 × 150 own pairs + 10 shared ones, each at revision 1.
      expect(counts).toMatchObject({ total: 460, revisions: 460 });
      expect(results.reduce((n, r) => n + r.changed, 0)).toBe(460);
      expect(await store.countFailuresByCode()).toEqual({ timeout: 5 });
    } finally {
      await store.close();
    }
  });
});
