import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../src/log.js';
import { createMetrics, type IngestMetrics } from '../../src/observe/metrics.js';
import { bindProblem } from '../../src/serve/access.js';
import { startMetricsServer, type MetricsServer } from '../../src/serve/metrics-server.js';
import { QUEUE_NAMES, type QueueName } from '../../src/queue/names.js';
import { startWorkers } from '../../workers/start-workers.js';
import { dataDirProblem } from '../usable-dir.js';
import { positiveInt, positiveIntUpTo } from '../positive-int.js';
import type { RegisterCommand } from '../register-command.js';

function queueList(v: string): QueueName[] {
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
  if (bad.length || !names.length) throw new InvalidArgumentError(`unknown queue(s) ${bad.join(', ')}; expected some of ${QUEUE_NAMES.join(', ')}`);
  return names as QueueName[];
}

/**
 * `donga-ingest worker`: runs the workers of every queue (or `--queues`) in this process until
 * SIGINT/SIGTERM, then stops taking jobs, lets in-flight ones finish within SHUTDOWN_TIMEOUT_MS
 * (or hands them back), closes everything and exits 0.
 */
export const registerWorker: RegisterCommand = (program, ctx) => {
  program
    .command('worker')
    .description('run queue workers (any number of processes may share one Redis)')
    .option('--concurrency <n>', 'jobs in flight per queue (default WORKER_CONCURRENCY)', positiveInt)
    .option('--queues <list>', `comma-separated subset of ${QUEUE_NAMES.join(',')}`, queueList)
    .option('--lock-ms <ms>', 'job lock duration; a crashed worker’s jobs return after it (default 30000)', positiveInt)
    .option('--stalled-ms <ms>', 'how often to look for stalled jobs (default 30000)', positiveInt)
    .option('--metrics-port <port>', 'serve this process’s /metrics and /healthz on SERVE_HOST:port', positiveIntUpTo(65_535))
    .action(async (opts: { concurrency?: number; queues?: QueueName[]; lockMs?: number; stalledMs?: number; metricsPort?: number }) => {
      const config = loadConfig(process.env, opts.concurrency ? { concurrency: opts.concurrency } : {});
      const placeProblem = dataDirProblem(config);
      if (placeProblem) {
        process.stderr.write(`worker: ${placeProblem}\n`);
        ctx.exitCode = 1;
        return;
      }
      if (opts.metricsPort !== undefined) {
        const problem = bindProblem(config.serveHost, config.serveToken);
        if (problem) {
          process.stderr.write(`worker: --metrics-port: ${problem}\n`);
          ctx.exitCode = 2;
          return;
        }
      }
      const logger = createLogger(config.logLevel);
      let stop: (signal: string) => void = () => undefined;
      const stopped = new Promise<string>((res) => (stop = res));
      const onSignal = (signal: NodeJS.Signals) => stop(signal);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const running = await startWorkers({
        config,
        logger,
        queues: opts.queues,
        concurrency: opts.concurrency,
        lockDurationMs: opts.lockMs,
        stalledIntervalMs: opts.stalledMs,
      });
      let metricsServer: MetricsServer | undefined;
      let metrics: IngestMetrics | undefined;
      if (opts.metricsPort !== undefined) {
        metrics = createMetrics({ defaultLabels: { role: 'worker' } });
        try {
          metricsServer = await startMetricsServer({ host: config.serveHost, port: opts.metricsPort, registry: metrics.registry, token: config.serveToken });
        } catch (err) {
          metrics.stop();
          await running.close(config.shutdownTimeoutMs);
          process.stderr.write(
            `worker: cannot serve metrics on ${config.serveHost}:${opts.metricsPort}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`,
          );
          ctx.exitCode = 1;
          return;
        }
        logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');
      }
      const queues = running.workers.map((w) => w.name).join(',');
      logger.info({ queues, pid: process.pid, concurrency: opts.concurrency ?? config.concurrency }, 'workers ready');
      process.stdout.write(`worker ready pid=${process.pid} queues=${queues}${metricsServer ? ` metrics=${metricsServer.url}/metrics` : ''}\n`);
      const signal = await stopped;
      logger.info({ signal }, 'shutting down: finishing in-flight jobs');
      const { forced } = await running.close(config.shutdownTimeoutMs);
      await metricsServer?.close();
      metrics?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      logger.info({ forced }, forced ? 'shutdown timed out: unfinished jobs handed back' : 'shutdown complete');
      process.stdout.write(`worker stopped (${signal}${forced ? ', in-flight jobs handed back' : ''})\n`);
      ctx.exitCode = 0;
    });
};
