import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { logDestination, progressBarAllowed } from '../../src/log.js';
import { startReplaySite } from '../../src/replay/index.js';

/** Runs `cmd` with a pseudo-terminal as its stdout/stderr (util-linux `script`), returning everything it drew. */
function underTerminal(cmd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (b: Buffer) => (screen += b.toString()));
    child.stderr.on('data', (b: Buffer) => (screen += b.toString()));
    child.on('exit', (code) => resolve({ code, screen }));
  });
}

describe('progress bars and log lines', () => {
  it('draw a bar on a terminal only', () => {
    expect(progressBarAllowed({ isTTY: true } as NodeJS.WriteStream)).toBe(true);
    expect(progressBarAllowed({ isTTY: false } as NodeJS.WriteStream)).toBe(false);
    expect(progressBarAllowed({} as NodeJS.WriteStream)).toBe(false);
  });

  it('send logs to LOG_FILE, to a file beside the data while a bar is shown, else to stderr', () => {
    expect(logDestination({ dataDir: '/d', logFile: '/var/log/x.log' }, true)).toBe('/var/log/x.log');
    expect(logDestination({ dataDir: '/d' }, true)).toBe(join('/d', 'donga-ingest.log'));
    expect(logDestination({ dataDir: '/d' }, false)).toBe(2);
  });

  it('a crawl on a terminal shows its bar and writes no JSON line to the terminal (they go to the log file)', async () => {
    const site = await startReplaySite({ pairs: 3, seed: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'donga-tty-'));
    try {
      const env = {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        TERM: 'xterm',
        SITE_URL: site.url,
        REDIS_URL: inject('redisUrl'),
        QUEUE_PREFIX: `tty${randomBytes(4).toString('hex')}`,
        DATA_DIR: dir,
        RATE_PER_SECOND: '1000',
        FOLLOW_ARTICLE_LINKS: 'false',
        LOG_LEVEL: 'info',
      };
      const { code, screen } = await underTerminal(`${process.execPath} bin/donga-ingest.js crawl`, env);
      expect(code, screen).toBe(0);
      expect(screen).toMatch(/crawl \[[█░=\- ]*\] \d+\/\d+ jobs/);
      expect(screen).toContain(`logs: ${join(dir, 'donga-ingest.log')}`);
      expect(screen).not.toMatch(/\{"level":/);
      const logFile = join(dir, 'donga-ingest.log');
      expect(existsSync(logFile)).toBe(true);
      const lines = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const stored = lines.filter((l) => l['msg'] === 'pair stored');
      expect(stored).toHaveLength(3);
      for (const l of stored) {
        expect(l).toMatchObject({ queue: expect.any(String), jobId: expect.any(String), url: expect.any(String), lang: 'en' });
        expect(l).toHaveProperty('pairId');
        expect(l).toHaveProperty('revision', 1);
        expect(l).toHaveProperty('ms');
      }
      expect(lines.some((l) => l['msg'] === 'discovery page read' && l['kind'] === 'page')).toBe(true);
    } finally {
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
