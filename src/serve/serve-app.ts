import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { authorized } from './access.js';
import { writeMetrics } from './metrics-server.js';

/** One readiness check: resolves when the dependency answers, rejects (with why) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface ServeAppOptions {
  queues: readonly Queue[];
  registry: Registry;
  /** Named checks behind `/readyz` (e.g. redis, store). */
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** Required on /metrics and the dashboard when set. */
  token?: string | undefined;
  /** Longest a readiness check may take before it counts as failed. @defaultValue 3000 */
  checkTimeoutMs?: number | undefined;
}

/** Path of the bull-board dashboard. */
export const DASHBOARD_PATH = '/dashboard';

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([check(), new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * The operator's HTTP surface: `/healthz` (the process is up), `/readyz` (Redis and the store answer: 200, or 503
 * naming what failed), `/metrics` (Prometheus) and the bull-board dashboard for the four queues at `/dashboard`.
 * Probes are never behind the token; metrics and the dashboard (which can retry and delete jobs) are.
 */
export function createServeApp(opts: ServeAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const timeoutMs = opts.checkTimeoutMs ?? 3_000;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(opts.checks).map(async ([name, check]) => {
        try {
          await withTimeout(check, timeoutMs);
          return [name, { ok: true }] as const;
        } catch (err) {
          return [name, { ok: false, error: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, r]) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  const guard = (req: Request, res: Response, next: NextFunction) => {
    if (authorized(req.headers.authorization, opts.token)) return next();
    res.set('www-authenticate', 'Basic realm="donga-ingest", charset="UTF-8"').status(401).send('token required (SERVE_TOKEN)\n');
  };

  app.get('/metrics', guard, (_req, res) => void writeMetrics(opts.registry, res));

  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: opts.queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'donga-ingest' } },
  });
  app.use(DASHBOARD_PATH, guard, board.getRouter());

  app.get('/', (_req, res) => {
    res.type('text/plain').send(`donga-ingest: ${DASHBOARD_PATH} (queues), /metrics, /healthz, /readyz\n`);
  });
  return app;
}
