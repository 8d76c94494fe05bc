import { FlowProducer, Queue, type Job, type JobsOptions } from 'bullmq';
import type { Config } from '../../config/config.js';
import type { Logger } from '../log.js';
import { bullConnection, throttledErrorLog } from './connection.js';
import {
  crawlRunJobId,
  defaultJobOptions,
  discoverJobId,
  englishJobId,
  koreanJobId,
  pairJobId,
  RETENTION,
  type CrawlRunPayload,
  type DiscoverPayload,
  type EnglishPayload,
  type KoreanPayload,
  type PairPayload,
} from './jobs.js';
import { JobName, QUEUE_NAMES, QueueName } from './names.js';
import { RecentIds } from './recent-ids.js';

/** What a crawl step needs to enqueue follow-up work (the pipeline depends on this, not on BullMQ). */
export interface Enqueuer {
  addDiscover(items: DiscoverPayload[]): Promise<void>;
  /** `forceStamp` gives forced re-ingests their own job ids (BullMQ ignores an add whose id exists). */
  addEnglish(items: EnglishPayload[], forceStamp?: string): Promise<string[]>;
  /**
   * The pair job (parent) with its Korean job (child); a permanently failed child still releases the parent.
   * `refresh`: they belong to a refresh job, so they are kept only briefly (RETENTION.keepRefresh).
   */
  addPairFlow(pair: PairPayload, korean: KoreanPayload, koreanArticleId: string, opts?: PairFlowOptions): Promise<void>;
}

export interface PairFlowOptions {
  /** They belong to a refresh job, so they are kept only briefly (RETENTION.keepRefresh). */
  refresh?: boolean | undefined;
  /** The Korean page was tried once already (in the article job): the attempts it has left, and the backoff before the next. */
  koreanAttemptsLeft?: number | undefined;
  koreanDelayMs?: number | undefined;
}

/** Most jobs added in one Redis transaction. */
const ADD_BULK_SLICE = 500;

/** Job options of refresh jobs and of the Korean and pair jobs they start (kept only briefly). */
const REFRESH_RETENTION: JobsOptions = { removeOnComplete: RETENTION.keepRefresh, removeOnFail: RETENTION.keepRefresh };

/**
 * The producer side of all queues: one `Queue` per family plus a `FlowProducer`, all under
 * `config.queuePrefix`. Job ids are derived (jobs.ts), so adding the same article twice is a no-op.
 */
export class Producer implements Enqueuer {
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly flow: FlowProducer;
  private readonly config: Config;
  /** English job ids this producer added in the last minutes (see RecentIds). */
  private readonly recentEnglish = new RecentIds(100_000, 10 * 60_000);

  constructor(config: Config, logger?: Logger) {
    this.config = config;
    const connection = bullConnection(config);
    const q = (name: QueueName, job: JobName): Queue =>
      new Queue(name, { connection, prefix: config.queuePrefix, defaultJobOptions: defaultJobOptions(config, job) });
    this.queues = {
      discover: q(QueueName.discover, JobName.discover),
      english: q(QueueName.english, JobName.english),
      korean: q(QueueName.korean, JobName.korean),
      pair: q(QueueName.pair, JobName.pair),
    };
    this.flow = new FlowProducer({ connection, prefix: config.queuePrefix });
    for (const [name, q] of Object.entries(this.queues)) q.on('error', throttledErrorLog(`queue ${name}`, logger));
    this.flow.on('error', throttledErrorLog('flow producer', logger));
  }

  async addCrawlRun(payload: CrawlRunPayload & { runId: string }): Promise<Job> {
    return this.queues.discover.add(JobName.crawlRun, payload, { jobId: crawlRunJobId(payload.runId) });
  }

  async addDiscover(items: DiscoverPayload[]): Promise<void> {
    if (!items.length) return;
    await this.queues.discover.addBulk(items.map((data) => ({ name: JobName.discover, data, opts: { jobId: discoverJobId(data.runId, data.url) } })));
  }

  async addEnglish(items: EnglishPayload[], forceStamp?: string): Promise<string[]> {
    if (!items.length) return [];
    const now = Date.now();
    const jobs = items.map((raw) => {
      // A forced run is not a refresh: it has its own id and skips the conditional-GET cache altogether.
      const { refresh, ...rest } = raw;
      const data: EnglishPayload = forceStamp ? { ...rest, force: true } : raw;
      return {
        name: JobName.english,
        data,
        opts: { jobId: englishJobId(data.articleId, forceStamp, data.refresh), ...(data.refresh ? REFRESH_RETENTION : {}) },
      };
    });
    // Sighted again within minutes (list pages, sitemap and related links name the same articles): no Redis call.
    const fresh = jobs.filter((j) => !this.recentEnglish.checkAndAdd(j.opts.jobId, now));
    // In slices: a sitemap of thousands of articles must not become one giant Redis transaction held in memory.
    for (let i = 0; i < fresh.length; i += ADD_BULK_SLICE) {
      const slice = fresh.slice(i, i + ADD_BULK_SLICE);
      try {
        await this.queues.english.addBulk(slice);
      } catch (err) {
        for (const j of fresh.slice(i)) this.recentEnglish.forget(j.opts.jobId);
        throw err;
      }
    }
    return jobs.map((j) => j.opts.jobId);
  }

  async addPairFlow(pair: PairPayload, korean: KoreanPayload, koreanArticleId: string, opts: PairFlowOptions = {}): Promise<void> {
    const retention: JobsOptions = opts.refresh ? REFRESH_RETENTION : {};
    const pairOpts: JobsOptions = { ...defaultJobOptions(this.config, JobName.pair), ...retention, jobId: pairJobId(pair.englishJobId) };
    const koOpts: JobsOptions = {
      ...defaultJobOptions(this.config, JobName.korean),
      ...retention,
      jobId: koreanJobId(koreanArticleId, pair.englishJobId),
      // The pair is written either way: a Korean page that fails for good gives status korean_failed.
      ignoreDependencyOnFailure: true,
      ...(opts.koreanAttemptsLeft !== undefined ? { attempts: Math.max(1, opts.koreanAttemptsLeft) } : {}),
      ...(opts.koreanDelayMs ? { delay: opts.koreanDelayMs } : {}),
    };
    await this.flow.add({
      name: JobName.pair,
      queueName: QueueName.pair,
      data: pair,
      opts: pairOpts,
      children: [{ name: JobName.korean, queueName: QueueName.korean, data: korean, opts: koOpts }],
    });
  }

  /** Jobs not yet finished in every queue (waiting, delayed, active, prioritized, waiting-children). */
  async pendingCount(): Promise<number> {
    let n = 0;
    for (const name of QUEUE_NAMES) {
      const c = await this.queues[name].getJobCounts('wait', 'delayed', 'active', 'prioritized', 'waiting-children');
      n += Object.values(c).reduce((a, b) => a + b, 0);
    }
    return n;
  }

  /** Counts of every queue by state (for progress displays and tests). */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const out = {} as Record<QueueName, Record<string, number>>;
    for (const name of QUEUE_NAMES) {
      out[name] = await this.queues[name].getJobCounts('wait', 'delayed', 'active', 'prioritized', 'waiting-children', 'completed', 'failed');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...Object.values(this.queues).map((q) => q.close()), this.flow.close()]);
  }
}
