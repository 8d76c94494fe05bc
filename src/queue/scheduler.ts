import type { Queue } from 'bullmq';
import type { Config } from '../../config/config.js';
import { defaultJobOptions } from './jobs.js';
import { JobName, SCHEDULER_ID } from './names.js';

export interface ScheduleInfo {
  id: string;
  pattern: string | undefined;
  tz: string | undefined;
  /** Next run, ms since epoch. */
  next: number | undefined;
}

/**
 * Installs or updates THE crawl scheduler on the discover queue. The id is fixed, so running
 * this again (or after a restart) updates it instead of adding a second one. Each tick adds a
 * `crawl-run` job with no runId; the worker derives a fresh one from the job id.
 */
export async function installSchedule(queue: Queue, config: Config, opts: { cron?: string | undefined; tz?: string | undefined } = {}): Promise<ScheduleInfo> {
  const pattern = opts.cron ?? config.scheduleCron;
  const tz = opts.tz ?? config.scheduleTz;
  const { attempts, backoff, removeOnComplete, removeOnFail } = defaultJobOptions(config, JobName.crawlRun);
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern, tz },
    {
      name: JobName.crawlRun,
      data: {},
      opts: {
        ...(attempts === undefined ? {} : { attempts }),
        ...(backoff === undefined ? {} : { backoff }),
        ...(removeOnComplete === undefined ? {} : { removeOnComplete }),
        ...(removeOnFail === undefined ? {} : { removeOnFail }),
      },
    },
  );
  return (await getSchedule(queue)) ?? { id: SCHEDULER_ID, pattern, tz, next: undefined };
}

/** The installed scheduler, or null. */
export async function getSchedule(queue: Queue): Promise<ScheduleInfo | null> {
  const s = await queue.getJobScheduler(SCHEDULER_ID);
  if (!s) return null;
  return { id: SCHEDULER_ID, pattern: s.pattern, tz: s.tz, next: s.next };
}

/** Removes the scheduler; true when there was one. */
export async function removeSchedule(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(SCHEDULER_ID);
}

/** Throws a readable error when the cron pattern or time zone is invalid (before touching Redis). */
export function checkCron(pattern: string, tz: string): void {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*/,\-?LW#A-Za-z]+$/.test(f))) {
    throw new Error(`invalid cron pattern ${JSON.stringify(pattern)}: expected 5 or 6 fields like "*/30 * * * *"`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new Error(`invalid time zone ${JSON.stringify(tz)}: expected an IANA name like Asia/Seoul`);
  }
}
