import { Queue } from 'bullmq';
import { loadConfig } from '../../config/config.js';
import { assertRedisReachable, bullConnection } from '../../src/queue/connection.js';
import { QueueName } from '../../src/queue/names.js';
import { installSchedule, removeSchedule, scheduleSpecProblem } from '../../src/queue/scheduler.js';
import type { RegisterCommand } from '../register-command.js';

/** `donga-ingest schedule [--cron P] [--tz Z] [--remove]`: installs/updates (or removes) the one crawl scheduler. */
export const registerSchedule: RegisterCommand = (program, ctx) => {
  program
    .command('schedule')
    .description('install or update the crawl scheduler (fixed id: re-running never duplicates it)')
    .option('--cron <pattern>', 'cron pattern (default SCHEDULE_CRON, every 30 minutes)')
    .option('--tz <zone>', 'IANA time zone (default SCHEDULE_TZ, Asia/Seoul)')
    .option('--remove', 'remove the scheduler instead')
    .action(async (opts: { cron?: string; tz?: string; remove?: boolean }) => {
      const config = loadConfig();
      if (!opts.remove) {
        // Name where a bad value came from: the option, or the environment variable behind its default.
        const problem = scheduleSpecProblem(opts.cron ?? config.scheduleCron, opts.tz ?? config.scheduleTz, {
          cron: opts.cron === undefined ? 'SCHEDULE_CRON' : '--cron',
          tz: opts.tz === undefined ? 'SCHEDULE_TZ' : '--tz',
        });
        if (problem) {
          process.stderr.write(`schedule: ${problem}\n`);
          ctx.exitCode = 2;
          return;
        }
      }
      await assertRedisReachable(config.redisUrl);
      const queue = new Queue(QueueName.discover, { connection: bullConnection(config), prefix: config.queuePrefix });
      try {
        if (opts.remove) {
          const removed = await removeSchedule(queue);
          process.stdout.write(removed ? 'scheduler removed\n' : 'no scheduler was installed\n');
        } else {
          const s = await installSchedule(queue, config, { cron: opts.cron, tz: opts.tz });
          const next = s.next ? new Date(s.next).toISOString() : 'unknown';
          process.stdout.write(`scheduler ${s.id}: "${s.pattern}" (${s.tz}); next crawl-run at ${next}\n`);
          process.stdout.write('run `npx donga-ingest worker` to process the runs\n');
        }
      } finally {
        await queue.close();
      }
    });
};
