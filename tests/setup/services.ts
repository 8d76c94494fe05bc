import { startPrivateRedis, waitForRedis } from '../../cli/private-redis.js';

export interface Services {
  redisUrl: string;
  pgUrl: string;
  stop(): Promise<void>;
}

/**
 * Redis: REDIS_URL when set (waited for up to 10 s), else a private `redis-server` on a free loopback port.
 * PostgreSQL: TEST_DATABASE_URL when set (CI starts one), else none; REQUIRE_PG=1 makes that an error.
 */
export async function startServices(): Promise<Services> {
  // The same private redis-server the demo and crawl start (throws with the install hint when it is missing).
  const given = process.env['REDIS_URL'];
  const own = given ? null : await startPrivateRedis();
  const redisUrl = own ? own.url : given!;
  if (!own) await waitForRedis(redisUrl);
  const pgUrl = process.env['TEST_DATABASE_URL'] ?? '';
  if (!pgUrl && process.env['REQUIRE_PG'] === '1') throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
  return {
    redisUrl,
    pgUrl,
    async stop() {
      await own?.stop();
    },
  };
}
