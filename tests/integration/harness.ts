import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { configEnv, loadConfig, type Config } from '../../config/config.js';
import type { ArticleParser } from '../../src/pipeline/deps.js';
import { createScratchDatabase } from '../../src/store/pg-scratch.js';
import { openDeps, type OpenDeps } from '../../src/pipeline/open-deps.js';
import { newRunId } from '../../src/queue/jobs.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { waitForIdle } from '../../cli/wait-idle.js';
import { startReplaySite, type ReplayFaults, type ReplaySite } from '../../src/replay/index.js';
import { startWorkers, type RunningWorkers } from '../../workers/start-workers.js';

/** Storage backends the pipeline suite runs against: SQLite always, PostgreSQL when the setup has one. */
export function backendNames(): ('sqlite' | 'postgres')[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface HarnessOptions {
  backend: 'sqlite' | 'postgres';
  pairs: number;
  seed?: number;
  faults?: ReplayFaults;
  overrides?: Partial<{ -readonly [K in keyof Config]: Config[K] }>;
  parser?: (site: ReplaySite) => ArticleParser;
  /** Replay site dates: oldest day (YYYY-MM-DD) and articles per day. */
  site?: { startDate?: string; perDay?: number };
  /** The workers' clock (refresh slots, date windows). */
  now?: () => Date;
}

export interface Harness {
  site: ReplaySite;
  config: Config;
  /** Environment for a spawned `donga-ingest` process with the same settings. */
  env: NodeJS.ProcessEnv;
  /** Producer, store, fetcher… of the test process (no workers). */
  deps: OpenDeps;
  startWorkers(): Promise<RunningWorkers>;
  /** Adds a crawl-run and waits until every queue is idle (workers must be running). */
  crawl(timeoutMs?: number): Promise<void>;
  idle(timeoutMs?: number): Promise<void>;
  spawnCli(args: string[]): ChildProcess;
  close(): Promise<void>;
}

export const ROOT = resolve(import.meta.dirname, '../..');

/** Replay site + unique queue prefix + private data dir (or PG database) + config for one test. */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const site = await startReplaySite({ pairs: opts.pairs, seed: opts.seed ?? 3, ...opts.site, ...(opts.faults ? { faults: opts.faults } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'donga-int-'));
  const pgDb = opts.backend === 'postgres' ? await createScratchDatabase(inject('pgUrl'), 'ingest') : null;
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const settings = {
    redisUrl: inject('redisUrl'),
    baseUrl: site.url,
    dataDir: dir,
    databaseUrl: pgDb?.url,
    queuePrefix: prefix,
    ratePerSecond: 1000,
    concurrency: 8,
    attempts: 5,
    backoffMs: 50,
    headersTimeoutMs: 2000,
    bodyTimeoutMs: 1000,
    connectTimeoutMs: 2000,
    maxDiscoveryPages: 500,
    logLevel: 'silent' as const,
    ...opts.overrides,
  };
  const config = loadConfig({}, settings);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    ...configEnv(config),
    LOG_LEVEL: 'warn',
  };
  const parser = opts.parser?.(site);
  const depsOpts = { ...(parser ? { parser } : {}), ...(opts.now ? { now: opts.now } : {}) };
  const deps = await openDeps(config, undefined, depsOpts);
  const running: RunningWorkers[] = [];
  const children: ChildProcess[] = [];
  const idle = async (timeoutMs = 90_000) => {
    await waitForIdle(deps.producer, { pollMs: 100, timeoutMs });
  };
  return {
    site,
    config,
    env,
    deps,
    async startWorkers() {
      const w = await startWorkers({ config, ...(parser || opts.now ? { deps: await openDeps(config, undefined, depsOpts) } : {}) });
      running.push(w);
      return w;
    },
    async crawl(timeoutMs) {
      await deps.producer.addCrawlRun({ runId: newRunId() });
      await idle(timeoutMs);
    },
    idle,
    spawnCli(args) {
      const child = spawn(process.execPath, [join(ROOT, 'bin/donga-ingest.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    },
    async close() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(running.map((w) => w.close(5000)));
      for (const name of QUEUE_NAMES) await deps.producer.queues[name].obliterate({ force: true }).catch(() => undefined);
      const keys = await deps.redis.keys(`${prefix}:*`);
      if (keys.length) await deps.redis.del(...keys);
      await deps.close();
      await site.close();
      await pgDb?.drop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `child` printed a line matching `re` on stdout (rejects if it exits first). */
export function waitForOutput(child: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (re.test(out)) {
        child.stdout?.off('data', onData);
        res();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => rej(new Error(`process exited (${code}) before ${re}: ${out}\n${err.slice(-2000)}`)));
  });
}

/** Exit code (or signal) of a child. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
}

/** Polls `check` until it returns true, failing after `timeoutMs` (a deadline, not a sleep). */
export async function until(check: () => Promise<boolean>, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
