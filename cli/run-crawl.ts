import type { Job } from 'bullmq';
import { SingleBar } from 'cli-progress';
import { progressBarAllowed } from '../src/log.js';
import type { Config } from '../config/config.js';
import type { Failure } from '../src/failure.js';
import type { Logger } from '../src/log.js';
import { crawlSummary, type CrawlSummary } from '../src/pipeline/summary.js';
import { newRunId } from '../src/queue/jobs.js';
import { runOutcome } from '../src/status/run-outcome.js';
import { QueueName } from '../src/queue/names.js';
import { failureOfFailedJob } from '../src/queue/to-job-error.js';
import { installSchedule, removeSchedule } from '../src/queue/scheduler.js';
import { waitForIdle } from './wait-idle.js';
import { urlOf } from '../workers/guard.js';
import { startWorkers, type RunningWorkers } from '../workers/start-workers.js';
import { bullMaxStalled } from '../src/queue/jobs.js';

export interface RunCrawlOptions {
  config: Config;
  logger?: Logger | undefined;
  /** Show a progress bar on stderr when it is a terminal. @defaultValue true */
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
  /** Discovery pages of this run (start pages, list pages, sitemaps, the crawl-run itself) that failed for good. */
  discoveryFailures: Failure[];
  /** Every job that failed for good in this process's workers during the run, discovery included. */
  failures: Failure[];
  /** English jobs of this run that completed (an article stored, handed on to the Korean step, or confirmed unchanged). */
  articlesDone: number;
}

/**
 * Watches this process's workers for the run's outcome: English jobs of the run that completed, and every
 * job that failed for good (its failure decoded from the reason BullMQ stored; never from message text).
 */
function watchRun(workers: RunningWorkers, runId: string): { failures: Failure[]; articlesDone: () => number; jobsDone: () => number; stop: () => void } {
  const failures: Failure[] = [];
  let articles = 0;
  let jobs = 0;
  const offs: (() => void)[] = [];
  for (const w of workers.workers) {
    const onFailed = (job: Job | undefined) => {
      if (!job?.finishedOn) return; // a retry is scheduled
      jobs++;
      const ofRun = (job.data as { runId?: unknown }).runId;
      if (ofRun !== undefined && ofRun !== runId) return; // another run's job, processed here too
      failures.push(failureOfFailedJob(job, { maxStalledCount: bullMaxStalled(workers.deps.config.maxJobStalls), url: urlOf(job.data) }));
    };
    const onCompleted = (job: Job) => {
      jobs++;
      if (w.name === QueueName.english && (job.data as { runId?: unknown }).runId === runId) articles++;
    };
    w.on('failed', onFailed);
    w.on('completed', onCompleted);
    offs.push(() => {
      w.off('failed', onFailed);
      w.off('completed', onCompleted);
    });
  }
  const stop = () => {
    for (const off of offs) off();
  };
  return { failures, articlesDone: () => articles, jobsDone: () => jobs, stop };
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
  const watch = watchRun(workers, runId);
  await producer.addCrawlRun({ runId, trigger: 'crawl' });
  // A terminal only: a bar written as periodic lines into CI output or a log file is noise.
  const bar =
    opts.progress === false || !progressBarAllowed()
      ? null
      : new SingleBar({
          format: 'crawl [{bar}] {value}/{total} jobs | pairs {pairs} | failures {failures} | {duration}s',
          stream: process.stderr,
          hideCursor: true,
        });
  bar?.start(1, 0, { pairs: 0, failures: 0 });
  let lastPoll = 0;
  await waitForIdle(producer, {
    pollMs: 250,
    onProgress: (p) => {
      // Finished jobs are not kept for long in Redis (RETENTION): count them as this process's workers finish them.
      const done = watch.jobsDone();
      bar?.setTotal(Math.max(1, done + p.pending));
      bar?.update(done);
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
  watch.stop();
  const discoveryFailures = watch.failures.filter((f) => f.lang === 'discover');
  // This command knows the run is over (every queue is idle): record its end and outcome for `status`.
  const outcome = runOutcome({
    pagesFailed: discoveryFailures.length,
    articlesFailed: watch.failures.length - discoveryFailures.length,
    articlesDone: watch.articlesDone(),
  });
  await store.finishRun(runId, outcome).catch((err: unknown) => opts.logger?.error({ err, runId }, 'could not record the end of the run'));
  return { runId, summary, elapsedMs: Date.now() - started, workers, discoveryFailures, failures: watch.failures, articlesDone: watch.articlesDone() };
}
