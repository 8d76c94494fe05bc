/**
 * Queue and job names. One queue per job family, so each can have its own concurrency and be
 * watched separately; all live under `config.queuePrefix` (BullMQ `prefix`), which is how tests isolate.
 */
export const QueueName = {
  discover: 'discover',
  english: 'english',
  korean: 'korean',
  pair: 'pair',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = [QueueName.discover, QueueName.english, QueueName.korean, QueueName.pair];

/** Job names; each selects its payload schema in `jobs.ts`. */
export const JobName = {
  /** Fans out one crawl: start pages + sitemaps, with a fresh runId (the scheduler's template). */
  crawlRun: 'crawl-run',
  discover: 'discover',
  english: 'english',
  korean: 'korean',
  pair: 'pair',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Fixed id of the one job scheduler: upserting it again updates it, never duplicates it. */
export const SCHEDULER_ID = 'crawl-schedule';
