import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** What to tell a user without Redis. */
const REDIS_INSTALL_HINT =
  'redis-server was not found. Install Redis (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:port';

export class RedisMissingError extends Error {
  override readonly name = 'RedisMissingError';
  constructor() {
    super(REDIS_INSTALL_HINT);
  }
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/** A free loopback TCP port: bound to port 0, then released (nothing listens on it afterwards). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Resolves once Redis at `url` answers PING, trying every 100 ms ("not up yet" is expected while a server starts);
 * rejects (the last connection error as `cause`) after `timeoutMs`, or at once when `gaveUp()` says it never will.
 */
export async function waitForRedis(url: string, timeoutMs = 10_000, gaveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return;
    } catch (err) {
      r.disconnect();
      if (Date.now() > deadline || gaveUp()) throw new Error(`redis at ${url} did not answer: ${String(err)}`, { cause: err });
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

/**
 * Starts a throwaway `redis-server` on a free loopback port, or on `port` (e.g. to restart one), with no
 * persistence; throws RedisMissingError if absent.
 */
export async function startPrivateRedis(opts: { timeoutMs?: number; port?: number } = {}): Promise<PrivateRedis> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new RedisMissingError();
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'donga-redis-'));
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForRedis(url, timeoutMs, () => child.exitCode !== null);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`private redis-server did not start: ${String((err as Error).cause ?? err)}`);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((res) => child.once('exit', res));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
