import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type IngestMetrics } from '../../src/observe/metrics.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { freePort } from '../../cli/private-redis.js';
import { createServeApp } from '../../src/serve/serve-app.js';
import { startMetricsServer } from '../../src/serve/metrics-server.js';
import type { RunningWorkers } from '../../workers/start-workers.js';
import { exited, startHarness, waitForOutput, type Harness } from '../integration/harness.js';

/** The value of one Prometheus sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

function listen(app: ReturnType<typeof createServeApp>): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

describe('serve over real HTTP after a real crawl of the replay site', () => {
  let h: Harness;
  let workers: RunningWorkers;
  let metrics: IngestMetrics;
  let server: Server;
  let base: string;
  const token = 'a-token-of-sixteen+';
  let storeUp = true;

  beforeAll(async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 8 });
    // Subscribed before the crawl: the in-process workers' fetches, parses and pair writes are counted here.
    metrics = createMetrics({
      queueCounts: async () =>
        Object.fromEntries(await Promise.all(QUEUE_NAMES.map(async (n) => [n, await h.deps.producer.queues[n].getJobCounts()] as const))),
    });
    workers = await h.startWorkers();
    await h.crawl();
    const app = createServeApp({
      queues: QUEUE_NAMES.map((n) => h.deps.producer.queues[n]),
      registry: metrics.registry,
      token,
      checks: {
        redis: async () => void (await h.deps.redis.ping()),
        store: async () => {
          if (!storeUp) throw new Error('store closed');
          await h.deps.store.listPairs({ limit: 1 });
        },
      },
    });
    ({ server, base } = await listen(app));
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    metrics?.stop();
    await workers?.close(5000);
    await h?.close();
  });

  const auth = { authorization: `Bearer ${token}` };

  it('/healthz answers without a token', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', pid: process.pid });
  });

  it('/readyz is 200 when Redis and the store answer and 503 naming the store when it does not', async () => {
    const ok = await fetch(`${base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { redis: { ok: true }, store: { ok: true } } });
    storeUp = false;
    try {
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'not ready', checks: { redis: { ok: true }, store: { ok: false, error: 'store closed' } } });
    } finally {
      storeUp = true;
    }
  });

  it('/metrics needs the token and shows process metrics and queue depths under donga_ names', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-here' } })).status).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    const stored = (await h.deps.store.countPairs()).total;
    expect(stored).toBe(8);
    // Every English job of the crawl completed (kept briefly) and nothing is left waiting; each read its Korean
    // page itself, so the pair queue had nothing to do.
    expect(sample(text, 'donga_queue_jobs', { queue: 'english', state: 'completed' })).toBeGreaterThanOrEqual(8);
    expect(sample(text, 'donga_queue_jobs', { queue: 'english', state: 'waiting' })).toBe(0);
    expect(sample(text, 'donga_queue_jobs', { queue: 'pair', state: 'completed' })).toBe(0);
    // The pipeline's own series, fed by the crawl's in-process workers through the diagnostics channels.
    const host = new URL(h.site.url).host;
    expect(sample(text, 'donga_fetches_total', { host, status: '200', code: 'ok' })).toBeGreaterThanOrEqual(16);
    expect(sample(text, 'donga_fetch_duration_seconds_count', { host })).toBeGreaterThanOrEqual(16);
    expect(sample(text, 'donga_fetch_bytes_total', { host })).toBeGreaterThan(16 * 1000);
    const pairsNew = text.split('\n').filter((l) => l.startsWith('donga_pairs_written_total{') && l.includes('change="new"'));
    expect(pairsNew.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(8);
    expect(sample(text, 'donga_discovery_pages_total', { kind: 'page' })).toBeGreaterThanOrEqual(1);
  });

  it('serves the bull-board dashboard behind the token (browsers: Basic with the token as password)', async () => {
    expect((await fetch(`${base}/dashboard`)).status).toBe(401);
    const basic = `Basic ${Buffer.from(`ops:${token}`).toString('base64')}`;
    const page = await fetch(`${base}/dashboard`, { headers: { authorization: basic } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    const api = await fetch(`${base}/dashboard/api/queues?activeQueue=english&status=completed&page=1`, { headers: { authorization: basic } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(body.queues.find((q) => q.name === 'english')?.counts['completed']).toBeGreaterThanOrEqual(8);
  });

  it('a worker-style metrics server answers /metrics and /healthz and nothing else', async () => {
    const ms = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: metrics.registry });
    try {
      expect((await fetch(`${ms.url}/healthz`)).status).toBe(200);
      const text = await (await fetch(`${ms.url}/metrics`)).text();
      expect(text).toMatch(/^# TYPE donga_fetches_total counter/m);
      expect((await fetch(`${ms.url}/other`)).status).toBe(404);
      expect((await fetch(`${ms.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await ms.close();
    }
  });

  it('the serve command listens, answers, refuses a public bind without a token, and stops on SIGTERM', async () => {
    const refused = h.spawnCli(['serve', '--host', '0.0.0.0', '--port', '0']);
    let err = '';
    refused.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    expect((await exited(refused)).code).toBe(2);
    expect(err).toMatch(/SERVE_TOKEN/);

    const child = h.spawnCli(['serve', '--port', '0']);
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    await waitForOutput(child, /serve listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const url = /serve listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'donga_queue_jobs', { queue: 'english', state: 'completed', role: 'serve' })).toBeGreaterThanOrEqual(8);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });

  it('worker --metrics-port serves the worker process’s metrics', async () => {
    const port = await freePort();
    const child = h.spawnCli(['worker', '--metrics-port', String(port)]);
    await waitForOutput(child, /worker ready .*metrics=http:\/\/127\.0\.0\.1:\d+\/metrics/);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE donga_pairs_written_total counter/m);
    expect(text).toMatch(/role="worker"/);
    child.kill('SIGTERM');
    expect((await exited(child)).code).toBe(0);
  });
});
