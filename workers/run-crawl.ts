import { SingleBar } from 'cli-progress';
import type { Config } from '../config/config.js';
import type { Logger } from '../src/log.js';
import { crawlSummary, type CrawlSummary } from '../src/pipeline/summary.js';
import { newRunId } from '../src/queue/jobs.js';
import { installSchedule, removeSchedule } from '../src/queue/scheduler.js';
import { waitForIdle } from '../src/queue/wait-idle.js';
import { startWorkers, type RunningWorkers } from './start-workers.js';

export interface RunCrawlOptions {
  config: Config;
  logger?: Logger | undefined;
  /** Show a progress bar on stderr. @defaultValue true */
  progress?: boolean | undefined;
  /** Install the scheduler too (and remove it at the end when `keepSchedule` is false). */
  schedule?: boolean | undefined;
  keepSchedule?: boolean | undefined;
  /** Called with the running workers, e.g. to stop them on a signal. */
  onStarted?: (w: RunningWorkers) => void;
}

export interface RunCrawlResult {
  runId: string;
  summary: CrawlSummary;
  elapsedMs: number;
  workers: RunningWorkers;
  /** Discovery pages of this run (start pages, list pages, sitemaps) that failed for good, with why. */
  discoveryFailures: { url: string; reason: string }[];
}

/** The failed discovery jobs of one run (its crawl-run job included). */
async function discoveryFailuresOf(workers: RunningWorkers, runId: string): Promise<{ url: string; reason: string }[]> {
  const failed = await workers.deps.producer.queues.discover.getFailed(0, 10_000);
  return failed
    .filter((j) => (j.data as { runId?: string }).runId === runId)
    .map((j) => ({ url: (j.data as { url?: string }).url ?? `crawl-run ${runId}`, reason: j.failedReason }));
}

/**
 * One whole crawl in this process: in-process workers, an immediate `crawl-run` job, a progress
 * bar until every queue is idle, then the store's summary. The caller closes `workers`.
 */
export async function runCrawl(opts: RunCrawlOptions): Promise<RunCrawlResult> {
  const started = Date.now();
  const workers = await startWorkers({ config: opts.config, logger: opts.logger });
  opts.onStarted?.(workers);
  const { producer, store } = workers.deps;
  if (opts.schedule) await installSchedule(producer.queues.discover, opts.config);
  const runId = newRunId();
  await producer.addCrawlRun({ runId });
  const bar =
    opts.progress === false
      ? null
      : new SingleBar({
          format: 'crawl [{bar}] {value}/{total} jobs | pairs {pairs} | failures {failures} | {duration}s',
          noTTYOutput: true,
          notTTYSchedule: 2000,
          stream: process.stderr,
          hideCursor: true,
        });
  bar?.start(1, 0, { pairs: 0, failures: 0 });
  let lastPoll = 0;
  await waitForIdle(producer, {
    pollMs: 250,
    onProgress: (p) => {
      bar?.setTotal(Math.max(1, p.done + p.pending));
      bar?.update(p.done);
      // Store counts are cheap but not free: refresh them about once a second.
      if (bar && Date.now() - lastPoll > 1000) {
        lastPoll = Date.now();
        void crawlSummary(store)
          .then((s) => bar.update({ pairs: s.pairs, failures: Object.values(s.failuresByCode).reduce((a, b) => a + b, 0) }))
          .catch(() => undefined);
      }
    },
  });
  const summary = await crawlSummary(store);
  bar?.update({ pairs: summary.pairs, failures: Object.values(summary.failuresByCode).reduce((a, b) => a + b, 0) });
  bar?.stop();
  if (opts.schedule && !opts.keepSchedule) await removeSchedule(producer.queues.discover);
  const discoveryFailures = await discoveryFailuresOf(workers, runId);
  return { runId, summary, elapsedMs: Date.now() - started, workers, discoveryFailures };
}
