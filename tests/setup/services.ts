import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface Services {
  redisUrl: string;
  pgUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {}); // connection refused while redis-server starts: retried below
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return;
    } catch (err) {
      r.disconnect();
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not answer: ${String(err)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

/**
 * Redis: REDIS_URL when set, else a private `redis-server` on a free loopback port.
 * PostgreSQL: TEST_DATABASE_URL when set (CI starts one), else none; REQUIRE_PG=1 makes that an error.
 */
export async function startServices(): Promise<Services> {
  let redis: ChildProcess | undefined;
  let dir: string | undefined;
  let redisUrl = process.env['REDIS_URL'] ?? '';
  if (!redisUrl) {
    const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    if (which.error) {
      throw new Error(
        'redis-server not found: install Redis (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL',
      );
    }
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'donga-test-redis-'));
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  await waitForRedis(redisUrl);
  const pgUrl = process.env['TEST_DATABASE_URL'] ?? '';
  if (!pgUrl && process.env['REQUIRE_PG'] === '1') throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
  return {
    redisUrl,
    pgUrl,
    async stop() {
      if (redis && redis.exitCode === null) {
        const exited = new Promise((res) => redis!.once('exit', res));
        redis.kill('SIGTERM');
        await exited;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
