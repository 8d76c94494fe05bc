import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl, type Config } from '../../config/config.js';
import type { Logger } from '../log.js';

/**
 * Redis connections. BullMQ gets connection *options* (it opens and closes its own clients);
 * `maxRetriesPerRequest: null` is required for workers' blocking commands (BullMQ docs) and
 * harmless for queues, so every BullMQ client uses it.
 */
export function bullConnection(config: Config): RedisOptions {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

/** A plain ioredis client for our own keys (politeness, robots cache, run counters). */
export function createRedis(config: Config): Redis {
  return new Redis(config.redisUrl, { maxRetriesPerRequest: null });
}

/** Redis could not be reached at start-up: the message names the URL (password hidden) and what to do. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
  /** Worth retrying later (Redis may be starting), but not by waiting silently. */
  readonly retryable = true;
}

/**
 * Connects and PINGs once, within `timeoutMs`. Commands call this before opening BullMQ clients, which
 * would otherwise retry forever and print a stack trace per attempt while doing nothing.
 */
export async function assertRedisReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  let last: unknown;
  r.on('error', (err) => (last = err));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to PING within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // connectTimeout covers only the TCP connect; a server that accepts and stays silent needs the race.
    await Promise.race([r.connect().then(() => r.ping()), timeout]);
  } catch (err) {
    const cause = last ?? err;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new RedisUnreachableError(
      `cannot reach Redis at ${redactUrl(url)} (REDIS_URL): ${why}. Start redis-server there, or point REDIS_URL ` +
        'at a running Redis (unset REDIS_URL for demo/crawl to start a private one).',
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
    r.disconnect();
  }
}

/**
 * An `error` listener for Redis clients, BullMQ queues and workers (mostly connection errors). While Redis is
 * down every client reports each reconnect attempt; this logs the first error of an outage at once and then at most one line per
 * `intervalMs` per source, with how many were held back. (Without a listener ioredis prints "Unhandled error
 * event" stack traces and BullMQ falls back to console.error.) Without a logger it writes one line to stderr.
 */
export function throttledErrorLog(
  source: string,
  logger?: Logger,
  opts: { intervalMs?: number; now?: () => number; write?: (line: string) => void } = {},
): (err: unknown) => void {
  const intervalMs = opts.intervalMs ?? 30_000;
  const now = opts.now ?? Date.now;
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  let last = -Infinity;
  let held = 0;
  return (err: unknown) => {
    const t = now();
    if (t - last < intervalMs) {
      held++;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (logger) logger.warn({ source, err: message, suppressed: held }, `${source} error (its client reconnects by itself)`);
    else write(`${source} error (its client reconnects by itself): ${message}${held ? ` (+${held} more since the last report)` : ''}`);
    last = t;
    held = 0;
  };
}
