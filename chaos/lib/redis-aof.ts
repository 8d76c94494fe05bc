import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RedisMissingError, waitForRedis } from '../../cli/private-redis.js';
import { exited, hasExited, killGroup, spawnGroup, stopGroup, tempDirCleanup } from './cleanup.js';

export interface AofRedis {
  url: string;
  pid(): number | undefined;
  /** SIGKILL the server (a crash, not a shutdown) and start it again on the same port and AOF. */
  crashAndRestart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private redis-server in its own temp dir and process group (so the suite's cleanup and reaper can always stop
 * it). With `aof` (the default), `appendonly yes` and `appendfsync always`, so a crash loses no acknowledged write:
 * what the queues hold after a restart is exactly what they held before it.
 */
export async function startAofRedis(opts: { aof?: boolean } = {}): Promise<AofRedis> {
  const persistence = opts.aof === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always'];
  if (spawnSync('redis-server', ['--version']).error) throw new RedisMissingError();
  const dir = mkdtempSync(join(tmpdir(), 'donga-chaos-redis-'));
  const removeDir = tempDirCleanup(dir);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const start = async () => {
    child = spawnGroup('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], { stdio: 'ignore' });
    await waitForRedis(url, 20_000, () => hasExited(child));
  };
  await start();
  return {
    url,
    pid: () => child.pid,
    async crashAndRestart(downMs) {
      killGroup(child, 'SIGKILL');
      await exited(child);
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await stopGroup(child, 'SIGTERM', 5_000);
      await removeDir();
    },
  };
}
