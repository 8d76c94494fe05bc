import { Queue } from 'bullmq';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/observe/metrics.js';
import { assertRedisReachable, bullConnection, createRedis, throttledErrorLog } from '../../src/queue/connection.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { bindProblem } from '../../src/serve/access.js';
import { DASHBOARD_PATH, createServeApp } from '../../src/serve/serve-app.js';
import { openStore } from '../../src/store/open-store.js';
import type { RegisterCommand } from '../register-command.js';

function portNumber(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65_535) throw new InvalidArgumentError('expected a port number in 0..65535');
  return n;
}

/**
 * `donga-ingest serve`: the bull-board dashboard of the four queues, Prometheus `/metrics` (process metrics and
 * queue depths; each worker serves its own pipeline metrics with `worker --metrics-port`), `/healthz` and `/readyz`.
 * Binds SERVE_HOST (127.0.0.1); elsewhere it refuses to start without SERVE_TOKEN. Runs until SIGINT/SIGTERM.
 */
export const registerServe: RegisterCommand = (program: Command, ctx) => {
  program
    .command('serve')
    .description('dashboard (bull-board), /metrics, /healthz and /readyz over HTTP')
    .option('--host <host>', 'address to bind (default SERVE_HOST, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default SERVE_PORT, 8080; 0 = any free port)', portNumber)
    .action(async (opts: { host?: string; port?: number }) => {
      const config = loadConfig();
      const host = opts.host ?? config.serveHost;
      const port = opts.port ?? config.servePort;
      const problem = bindProblem(host, config.serveToken);
      if (problem) {
        process.stderr.write(`serve: ${problem}\n`);
        ctx.exitCode = 2;
        return;
      }
      const logger = createLogger(config.logLevel);
      await assertRedisReachable(config.redisUrl);
      const store = await openStore(config);
      const redis = createRedis(config);
      redis.on('error', throttledErrorLog('redis', logger));
      const queues = QUEUE_NAMES.map((name) => {
        const q = new Queue(name, { connection: bullConnection(config), prefix: config.queuePrefix });
        q.on('error', throttledErrorLog(`queue ${name}`, logger));
        return q;
      });
      const metrics = createMetrics({
        defaultLabels: { role: 'serve' },
        queueCounts: async () => Object.fromEntries(await Promise.all(queues.map(async (q) => [q.name, await q.getJobCounts()] as const))),
      });
      const app = createServeApp({
        queues,
        registry: metrics.registry,
        token: config.serveToken,
        checks: {
          redis: async () => {
            const pong = await redis.ping();
            if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
          },
          store: async () => void (await store.listPairs({ limit: 1 })),
        },
      });
      const server = await new Promise<import('node:http').Server>((resolve, reject) => {
        const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
        s.once('error', reject);
      }).catch(async (err: NodeJS.ErrnoException) => {
        await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
        redis.disconnect();
        await store.close().catch(() => undefined);
        metrics.stop();
        return `cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (choose another with --port)' : (err.code ?? err.message)}`;
      });
      if (typeof server === 'string') {
        process.stderr.write(`serve: ${server}\n`);
        ctx.exitCode = 1;
        return;
      }
      const addr = server.address() as import('node:net').AddressInfo;
      const base = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
      logger.info({ url: base }, 'serve listening');
      process.stdout.write(`serve listening on ${base} (dashboard ${base}${DASHBOARD_PATH}, ${base}/metrics, ${base}/healthz, ${base}/readyz)\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      logger.info({ signal }, 'serve stopping');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      metrics.stop();
      await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
      await redis.quit().catch(() => redis.disconnect());
      await store.close().catch(() => undefined);
      process.stdout.write(`serve stopped (${signal})\n`);
      ctx.exitCode = 0;
    });
};
