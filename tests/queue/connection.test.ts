import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { redactUrl } from '../../config/config.js';
import { assertRedisReachable, RedisUnreachableError, throttledErrorLog } from '../../src/queue/connection.js';
import { freePort as closedPort } from '../../cli/private-redis.js';

describe('assertRedisReachable', () => {
  it('resolves against the test Redis', async () => {
    await expect(assertRedisReachable(inject('redisUrl'))).resolves.toBeUndefined();
  });

  it('rejects, naming the URL without its password and the cause, when nothing listens', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await closedPort()}`;
    const err = await assertRedisReachable(url, 2_000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisUnreachableError);
    expect((err as Error).message).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(REDIS_URL\): .*ECONNREFUSED/);
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('gives up within its timeout on a server that accepts but never answers', async () => {
    const sockets: import('node:net').Socket[] = [];
    const mute = createServer((s) => sockets.push(s));
    await new Promise<void>((res) => mute.listen(0, '127.0.0.1', res));
    const url = `redis://127.0.0.1:${(mute.address() as { port: number }).port}`;
    try {
      await expect(assertRedisReachable(url, 500)).rejects.toBeInstanceOf(RedisUnreachableError);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((res) => mute.close(res));
    }
  }, 15_000);
});

describe('redactUrl', () => {
  it.each([
    ['redis://:pw@host:6379/0', 'redis://:***@host:6379/0'],
    ['postgres://user:pw@db/x', 'postgres://user:***@db/x'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('%s → %s', (url, shown) => expect(redactUrl(url)).toBe(shown));
});

describe('commands that need Redis, when it is unreachable', () => {
  it.each([['worker'], ['schedule'], ['enqueue', '20200403/1994213']])(
    '%s exits 1 at once with one clear line',
    async (...args) => {
      const env = { ...process.env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, DATA_DIR: '/nonexistent-never-created' };
      const r = spawnSync(process.execPath, ['bin/donga-ingest.js', ...args], { env, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(REDIS_URL\)/)]);
    },
    40_000,
  );
});

describe('throttledErrorLog', () => {
  it('reports the first error at once, then at most one line per interval with the count held back', () => {
    let t = 1_000;
    const lines: string[] = [];
    const onError = throttledErrorLog('queue english', undefined, { intervalMs: 30_000, now: () => t, write: (l) => lines.push(l) });
    onError(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    for (let i = 0; i < 50; i++) {
      t += 100;
      onError(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    }
    expect(lines).toEqual(['queue english error (its client reconnects by itself): connect ECONNREFUSED 127.0.0.1:6379']);
    t += 30_000;
    onError('still down');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('queue english error (its client reconnects by itself): still down (+50 more since the last report)');
  });
});
