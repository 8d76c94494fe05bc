import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { events, observe } from './events.js';

/** Job states shown per queue (BullMQ's names). */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/** Reads job counts per queue at scrape time (a BullMQ `Queue#getJobCounts` per queue). */
export type QueueCountsReader = () => Promise<Record<string, Partial<Record<string, number>>>>;

export interface MetricsOptions {
  /** Queue depths, read on every scrape (serve has the queues; a worker process leaves this out). */
  queueCounts?: QueueCountsReader | undefined;
  /** Labels added to every series (e.g. `{ role: 'worker' }`). */
  defaultLabels?: Record<string, string> | undefined;
}

export interface IngestMetrics {
  registry: Registry;
  /** Stops listening to the pipeline's events. */
  stop(): void;
}

/**
 * The Prometheus registry of one process: prom-client's process metrics plus the pipeline's own series, all
 * `donga_`-prefixed, fed by the diagnostics channels in `events.ts` (so only events of this process count:
 * scrape every worker's `/metrics`, and `serve` for queue depths).
 */
export function createMetrics(opts: MetricsOptions = {}): IngestMetrics {
  const registry = new Registry();
  if (opts.defaultLabels) registry.setDefaultLabels(opts.defaultLabels);
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const fetches = new Counter({
    name: 'donga_fetches_total',
    help: 'HTTP requests by host and outcome (status: HTTP status or 0; code: failure code or "ok")',
    labelNames: ['host', 'status', 'code'],
    registers,
  });
  const fetchSeconds = new Histogram({
    name: 'donga_fetch_duration_seconds',
    help: 'Request start to end of body (or failure), by host',
    labelNames: ['host'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const fetchBytes = new Counter({ name: 'donga_fetch_bytes_total', help: 'Bytes received (on the wire) by host', labelNames: ['host'], registers });
  const parseFailures = new Counter({
    name: 'donga_parse_failures_total',
    help: 'Fetched pages that did not become records, by failure code and language',
    labelNames: ['code', 'lang'],
    registers,
  });
  const pairs = new Counter({
    name: 'donga_pairs_written_total',
    help: 'Pairs written by pairing status, verdict and change (new, revised, unchanged)',
    labelNames: ['status', 'verdict', 'change'],
    registers,
  });
  const pairSeconds = new Histogram({
    name: 'donga_pair_write_duration_seconds',
    help: 'Time of one pair step (assemble, verify, store transaction)',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const politeness = new Counter({
    name: 'donga_politeness_wait_seconds_total',
    help: 'Seconds requests waited for their per-host politeness slot',
    labelNames: ['host'],
    registers,
  });
  const discoveryPages = new Counter({
    name: 'donga_discovery_pages_total',
    help: 'List pages, sitemaps and feeds read by discovery, by kind',
    labelNames: ['kind'],
    registers,
  });

  if (opts.queueCounts) {
    const read = opts.queueCounts;
    new Gauge({
      name: 'donga_queue_jobs',
      help: 'Jobs per queue and state (BullMQ job counts, read at scrape time)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const counts = await read();
        for (const [queue, byState] of Object.entries(counts)) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
        }
      },
    });
  }

  const stops = [
    observe(events.fetch, (e) => {
      fetches.inc({ host: e.host, status: String(e.status), code: e.code ?? 'ok' });
      fetchSeconds.observe({ host: e.host }, e.durationMs / 1000);
      if (e.bytes > 0) fetchBytes.inc({ host: e.host }, e.bytes);
    }),
    observe(events.politenessWait, (e) => politeness.inc({ host: e.host }, e.waitedMs / 1000)),
    observe(events.parseFailure, (e) => parseFailures.inc({ code: e.code, lang: e.lang })),
    observe(events.pairWritten, (e) => {
      pairs.inc({ status: e.status, verdict: e.verdict ?? 'none', change: e.change });
      pairSeconds.observe(e.durationMs / 1000);
    }),
    observe(events.discoveryPage, (e) => discoveryPages.inc({ kind: e.kind })),
  ];
  return {
    registry,
    stop: () => {
      for (const s of stops) s();
    },
  };
}
