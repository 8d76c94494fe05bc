import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../cli/private-redis.js';
import { startReplaySite } from '../../src/replay/index.js';
import { runCli } from './run-cli.js';

/** `crawl` of a local replay site whose English pages in `unavailable` answer 404 (one attempt per job). */
async function crawlReplay(unavailable: (ids: readonly string[]) => readonly string[]) {
  const probe = await startReplaySite({ pairs: 4, seed: 5 });
  const ids = probe.model.englishIds;
  await probe.close();
  const site = await startReplaySite({ pairs: 4, seed: 5, faults: { unavailableIds: unavailable(ids) } });
  const dir = mkdtempSync(join(tmpdir(), 'donga-crawl-'));
  try {
    const env = {
      SITE_URL: site.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `crawl${randomBytes(4).toString('hex')}`,
      DATA_DIR: dir,
      RATE_PER_SECOND: '1000',
      JOB_ATTEMPTS: '1',
      FOLLOW_ARTICLE_LINKS: 'false',
      LOG_LEVEL: 'silent',
    };
    return { ...(await runCli(['crawl'], env, { timeoutMs: 120_000 })), englishUrl: (id: string) => site.englishUrl(id), ids };
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('crawl', () => {
  it('exits 1 and says why when the site cannot be read (here: nothing listens on SITE_URL)', async () => {
    const port = await freePort(); // nothing listens there
    const dir = mkdtempSync(join(tmpdir(), 'donga-crawl-'));
    try {
      const env = {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        SITE_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dir,
        JOB_ATTEMPTS: '1',
        LOG_LEVEL: 'error',
      };
      const r = spawnSync(process.execPath, ['bin/donga-ingest.js', 'crawl'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/pairs stored: 0/);
      expect(r.stderr).toMatch(
        new RegExp(`discovery failed for 1 page\\(s\\):\\n  http://127\\.0\\.0\\.1:${port}/en: robots\\.txt unreachable .*ECONNREFUSED`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('exits 1 listing the reasons when every article failed and nothing was stored', async () => {
    const r = await crawlReplay((ids) => ids);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/pairs stored: 0 \(paired 0, /);
    const lines = r.stderr.trimEnd().split('\n');
    const head = lines.indexOf('this run stored nothing; its failures by code:');
    expect(head, r.stderr).toBeGreaterThanOrEqual(0);
    expect(lines[head + 1]).toMatch(new RegExp(`^  http_status ${r.ids.length} \\(permanent\\), e\\.g\\. http://127\\.0\\.0\\.1:\\d+/en/article/\\S+: .*404`));
  }, 150_000);

  it('exits 0 but lists the failures when some articles were stored', async () => {
    const r = await crawlReplay((ids) => ids.slice(0, 1));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`failures of this run by code:\n  http_status 1 (permanent), e.g. ${r.englishUrl(r.ids[0]!)}: `);
  }, 150_000);

  it('--schedule with a bad SCHEDULE_CRON is a usage error, found before anything starts', () => {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], SCHEDULE_CRON: '61 * * * *', REDIS_URL: 'redis://127.0.0.1:9' };
    const r = spawnSync(process.execPath, ['bin/donga-ingest.js', 'crawl', '--schedule'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^crawl: SCHEDULE_CRON: invalid cron pattern "61 \* \* \* \*"/);
  });
});
