import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/queue/private-redis.js';

describe('crawl', () => {
  it('exits 1 and says why when the site cannot be read (here: nothing listens on SITE_URL)', async () => {
    const port = await freePort(); // nothing listens there
    const dir = mkdtempSync(join(tmpdir(), 'donga-crawl-'));
    try {
      const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], SITE_URL: `http://127.0.0.1:${port}`, DATA_DIR: dir, JOB_ATTEMPTS: '1', LOG_LEVEL: 'error' };
      const r = spawnSync(process.execPath, ['bin/donga-ingest.js', 'crawl'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/pairs stored: 0/);
      expect(r.stderr).toMatch(new RegExp(`discovery failed for 1 page\\(s\\):\\n  http://127\\.0\\.0\\.1:${port}/en: robots\\.txt unreachable .*ECONNREFUSED`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('--schedule with a bad SCHEDULE_CRON is a usage error, found before anything starts', () => {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], SCHEDULE_CRON: '61 * * * *', REDIS_URL: 'redis://127.0.0.1:9' };
    const r = spawnSync(process.execPath, ['bin/donga-ingest.js', 'crawl', '--schedule'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^crawl: SCHEDULE_CRON: invalid cron pattern "61 \* \* \* \*"/);
  });
});
