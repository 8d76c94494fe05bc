import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

describe('commands whose store cannot be opened', () => {
  it.each([['worker'], ['enqueue', '20200403/1994213']])(
    '%s exits 1 at once with one line naming the problem',
    (...args) => {
      const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], REDIS_URL: inject('redisUrl'), DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' };
      const r = spawnSync(process.execPath, ['bin/donga-ingest.js', ...args], { env, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^storage: postgres init: .*ECONNREFUSED/)]);
    },
    40_000,
  );
});
