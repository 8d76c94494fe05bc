import type { Redis } from 'ioredis';
import type { Config } from '../../config/config.js';
import type { FetchedPage, FetchOptions } from '../fetch/fetch-page.js';
import type { Logger } from '../log.js';
import type { ArticleUrl } from '../normalize/article-url.js';
import type { ParseLimits } from '../parse/limits.js';
import type { Enqueuer } from '../queue/producer.js';
import type { Article, PageInput } from '../records/article.js';
import type { PairStore } from '../store/pair-store.js';

/** The part of the Fetcher the pipeline uses. */
export interface PageFetcher {
  fetch(url: string, opts?: FetchOptions): Promise<FetchedPage>;
  robotsSitemaps(origin: string): Promise<string[]>;
  /** Whether robots.txt allows `url` (discovery drops disallowed links rather than failing jobs for them). */
  robotsAllows?(url: string): Promise<boolean>;
  close?(opts?: { force?: boolean }): Promise<void>;
}

/** The parsing core. `limits` bound its work on one page (see {@link parseLimits}). */
export interface ArticleParser {
  parse(page: PageInput, lang: 'en' | 'ko', limits?: ParseLimits): Article;
  /**
   * `parse` plus, with `opts.links`, the page's English article links read from the same loaded page (one decode
   * and one load instead of two; see parse/page-context.ts). Optional: test doubles may implement `parse` only.
   */
  parsePage?(page: PageInput, lang: 'en' | 'ko', limits?: ParseLimits, opts?: { links?: boolean }): { record: Article; links: ArticleUrl[] };
  version: string;
}

/**
 * The parse limits of a fetched page, from config (MAX_PARSE_DEPTH, PARSE_TIMEOUT_MS), measured on the
 * monotonic clock: every parse of a page (the article and its link harvest) runs within them.
 */
export function parseLimits(config: Pick<Config, 'maxParseDepth' | 'parseTimeoutMs'>): ParseLimits {
  return { maxDepth: config.maxParseDepth, timeoutMs: config.parseTimeoutMs, now: () => performance.now() };
}

/** Everything a pipeline step touches; workers build it once per process (open-deps.ts). */
export interface PipelineDeps {
  config: Config;
  /** Our own keys (run counters). */
  redis: Redis;
  fetcher: PageFetcher;
  store: PairStore;
  parser: ArticleParser;
  enqueue: Enqueuer;
  logger?: Logger | undefined;
  /** The clock (tests pass a fixed one). */
  now: () => Date;
}

/** Article pages more than this many link hops from a discovery page are not harvested for links. */
export const MAX_FOLLOW_HOPS = 2;
