import type { Redis } from 'ioredis';

/**
 * Per-run page budget in Redis, shared by every worker: discovery pages of one run (start pages,
 * pagination, sitemaps) never exceed `config.maxDiscoveryPages`. Returns how many of `n` are granted.
 */
export async function takeRunBudget(redis: Redis, prefix: string, runId: string, n: number, max: number): Promise<number> {
  if (n <= 0) return 0;
  const key = `${prefix}:run:${runId}:pages`;
  const after = await redis.incrby(key, n);
  // Two days: far longer than any run, short enough that old counters disappear.
  await redis.expire(key, 2 * 86_400);
  const before = after - n;
  return Math.max(0, Math.min(n, max - before));
}
