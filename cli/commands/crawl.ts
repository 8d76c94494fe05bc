import { loadConfig, type Config } from '../../config/config.js';
import { createLogger, logDestination, progressBarAllowed } from '../../src/log.js';
import { formatFailureDigest, formatSummary } from '../../src/pipeline/summary.js';
import { RedisMissingError, startPrivateRedis, type PrivateRedis } from '../private-redis.js';
import { scheduleSpecProblem } from '../../src/queue/scheduler.js';
import { sqlitePath } from '../../src/store/open-store.js';
import { runCrawl, type RunCrawlResult } from '../run-crawl.js';
import { dataDirProblem } from '../usable-dir.js';
import type { RegisterCommand } from '../register-command.js';

/** REDIS_URL when set, else a private redis-server (null + message when Redis is not installed). */
export async function redisForRun(envRedisUrl: string | undefined): Promise<{ url: string; own: PrivateRedis | null } | null> {
  if (envRedisUrl) return { url: envRedisUrl, own: null };
  try {
    const own = await startPrivateRedis();
    process.stdout.write(`REDIS_URL not set: started a private redis-server at ${own.url}\n`);
    return { url: own.url, own };
  } catch (err) {
    if (err instanceof RedisMissingError) {
      process.stderr.write(`${err.message}\n`);
      return null;
    }
    throw err;
  }
}

/** Where the output is and how to look at it. */
export function outputHints(config: Config): string[] {
  if (config.databaseUrl) return [`pairs are in PostgreSQL (DATABASE_URL); raw pages in its raw_pages table`];
  const db = sqlitePath(config);
  return [
    `database:     ${db}`,
    `raw archive:  table raw_pages of the database (compressed, content-addressed bytes + headers)`,
    `look at it:   sqlite3 ${db} "select pair_id, status, english_url, korean_url from pairs limit 10"`,
    `              sqlite3 ${db} "select code, url from failures"`,
  ];
}

/**
 * Whether a crawl reached its goal: it did unless discovery failed, or jobs failed for good while no article
 * of the run completed (offline, a site that refuses every page, article links to an unreachable host).
 */
function crawlVerdict(res: Pick<RunCrawlResult, 'discoveryFailures' | 'failures' | 'articlesDone'>): { ok: boolean } {
  if (res.discoveryFailures.length) return { ok: false };
  return { ok: res.failures.length === 0 || res.articlesDone > 0 };
}

/**
 * `donga-ingest crawl`: one crawl of the configured site (default the real www.donga.com at
 * RATE_PER_SECOND, 1 request/s) with in-process workers, then a summary. Never run in tests.
 */
export const registerCrawl: RegisterCommand = (program, ctx) => {
  program
    .command('crawl')
    .description('crawl the configured site once (real site by default) with in-process workers, then summarize')
    .option('--schedule', 'also install the scheduler (kept after the crawl)')
    .action(async (opts: { schedule?: boolean }) => {
      if (opts.schedule) {
        // A bad SCHEDULE_CRON/SCHEDULE_TZ is a usage error found before anything starts, as in `schedule`.
        const { scheduleCron, scheduleTz } = loadConfig();
        const problem = scheduleSpecProblem(scheduleCron, scheduleTz, { cron: 'SCHEDULE_CRON', tz: 'SCHEDULE_TZ' });
        if (problem) {
          process.stderr.write(`crawl: ${problem}\n`);
          ctx.exitCode = 2;
          return;
        }
      }
      // A DATA_DIR that cannot hold the database stops the crawl before anything starts or is created.
      const placeProblem = dataDirProblem(loadConfig());
      if (placeProblem) {
        process.stderr.write(`crawl: ${placeProblem}\n`);
        ctx.exitCode = 1;
        return;
      }
      const redis = await redisForRun(process.env['REDIS_URL']);
      if (!redis) {
        ctx.exitCode = 1;
        return;
      }
      try {
        const config = loadConfig(process.env, { redisUrl: redis.url });
        const logTo = logDestination(config, progressBarAllowed());
        const logger = createLogger(config.logLevel, logTo);
        if (typeof logTo === 'string') process.stderr.write(`logs: ${logTo}\n`);
        let stopping = false;
        const res = await runCrawl({
          config,
          logger,
          schedule: opts.schedule,
          keepSchedule: true,
          onStarted: (w) => {
            const onSignal = () => {
              if (stopping) return;
              stopping = true;
              process.stderr.write('\nstopping: finishing in-flight jobs…\n');
              // process.exit skips the finally below: stop the private redis-server here, or it outlives us.
              void w
                .close()
                .then(() => redis.own?.stop())
                .finally(() => process.exit(130));
            };
            process.once('SIGINT', onSignal);
            process.once('SIGTERM', onSignal);
          },
        });
        await res.workers.close();
        process.stdout.write(`\ncrawl ${res.runId} of ${config.baseUrl} finished in ${(res.elapsedMs / 1000).toFixed(1)} s\n`);
        for (const line of [...formatSummary(res.summary), ...outputHints(config)]) process.stdout.write(`${line}\n`);
        const verdict = crawlVerdict(res);
        if (res.discoveryFailures.length) {
          // The run could not read (some of) its start pages: say why, and do not report success.
          process.stderr.write(`\ndiscovery failed for ${res.discoveryFailures.length} page(s):\n`);
          for (const f of res.discoveryFailures.slice(0, 10)) process.stderr.write(`  ${f.url}: ${f.message.replace(/\s+/g, ' ')} (${f.code})\n`);
        }
        if (res.failures.length) {
          // A failed run says so on stderr; a run that also stored pairs lists its failures with the summary.
          const out = verdict.ok ? process.stdout : process.stderr;
          out.write(`\n${verdict.ok ? 'failures of this run' : 'this run stored nothing; its failures'} by code:\n`);
          for (const line of formatFailureDigest(res.failures)) out.write(`${line}\n`);
        }
        if (!verdict.ok) ctx.exitCode = 1;
        if (opts.schedule && redis.own) {
          process.stderr.write(
            '\nnote: --schedule installed the scheduler in the private Redis this crawl started and has now stopped; ' +
              'set REDIS_URL to a lasting Redis for scheduled runs\n',
          );
        }
      } finally {
        await redis.own?.stop();
      }
    });
};
