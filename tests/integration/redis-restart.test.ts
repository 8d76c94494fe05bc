import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../cli/private-redis.js';
import { startHarness, until, type Harness } from './harness.js';

/**
 * Redis going away and coming back (a restart, a failover) must not need a worker restart: the workers,
 * queues and our own client reconnect by themselves, and the next crawl is processed in full.
 */
describe('workers across a Redis restart', () => {
  let h: Harness | undefined;
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await h?.close();
    await redis?.stop();
    h = undefined;
    redis = undefined;
  });

  it('reconnect without help and then crawl the whole site', async () => {
    redis = await startPrivateRedis();
    const port = Number(new URL(redis.url).port);
    h = await startHarness({ backend: 'sqlite', pairs: 10, overrides: { redisUrl: redis.url } });
    await h.startWorkers();

    await redis.stop(); // no persistence: it comes back empty, as after a failover to an empty replica
    await new Promise((r) => setTimeout(r, 1_500)); // let every client notice and start reconnecting
    redis = await startPrivateRedis({ port });
    await until(async () => (await h!.deps.redis.ping().catch(() => null)) === 'PONG', 30_000, 'our client to reconnect');

    await h.crawl(60_000);
    const counts = await h.deps.store.countPairs();
    expect(counts.total).toBe(h.site.expectedRecords().length);
    expect(await h.deps.store.listFailures()).toEqual([]);
  }, 120_000);
});
