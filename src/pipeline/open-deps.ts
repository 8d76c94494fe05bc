import type { Config } from '../../config/config.js';
import { Fetcher } from '../fetch/fetch-page.js';
import type { Logger } from '../log.js';
import { assertRedisReachable, createRedis, throttledErrorLog } from '../queue/connection.js';
import { Producer } from '../queue/producer.js';
import { openStore } from '../store/open-store.js';
import type { ArticleParser, PipelineDeps } from './deps.js';

/** Pipeline dependencies plus the resources behind them, closed in reverse order of opening. */
export interface OpenDeps extends PipelineDeps {
  producer: Producer;
  /** `force`: abort HTTP requests still in flight (their jobs were handed back) instead of waiting for them. */
  close(opts?: { force?: boolean }): Promise<void>;
}

/** Checks Redis answers (RedisUnreachableError when not), then opens Redis, the store, the fetcher and the producer for one process. */
export async function openDeps(
  config: Config,
  logger?: Logger,
  opts: { parser?: ArticleParser /** The clock (tests move it to the next refresh slot). */; now?: () => Date } = {},
): Promise<OpenDeps> {
  await assertRedisReachable(config.redisUrl);
  const parser = opts.parser ?? (await defaultParser());
  // The store first: when it cannot be opened, nothing else is left holding the process open. (Raw pages are written
  // by the store, in the transaction of each page; `reparse` opens the raw archive to read them.)
  const store = await openStore(config);
  const redis = createRedis(config);
  redis.on('error', throttledErrorLog('redis', logger));
  const fetcher = new Fetcher({ config, redis, ...(logger ? { logger } : {}) });
  const producer = new Producer(config, logger);
  return {
    config,
    redis,
    store,
    fetcher,
    producer,
    enqueue: producer,
    parser,
    logger,
    now: opts.now ?? (() => new Date()),
    async close(opts = {}) {
      await producer.close();
      await fetcher.close(opts).catch(() => undefined);
      await store.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The parsing core (imported lazily so this module loads without it, e.g. in discovery-only tools). */
export async function defaultParser(): Promise<ArticleParser> {
  const { parseArticle, parsePage, PARSER_VERSION } = await import('../parse/index.js');
  return {
    parse: (page, lang, limits) => parseArticle(page, { ...limits, lang }),
    parsePage: (page, lang, limits, opts) => parsePage(page, lang, limits, opts),
    version: PARSER_VERSION,
  };
}
