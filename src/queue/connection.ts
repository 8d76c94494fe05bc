import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../../config/config.js';

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
