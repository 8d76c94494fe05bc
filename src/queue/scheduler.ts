import type { Queue } from 'bullmq';
// The parser BullMQ's job scheduler uses (a dependency of bullmq), imported the way bullmq imports it.
import { CronExpressionParser } from 'cron-parser';
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
async function getSchedule(queue: Queue): Promise<ScheduleInfo | null> {
  const s = await queue.getJobScheduler(SCHEDULER_ID);
  if (!s) return null;
  return { id: SCHEDULER_ID, pattern: s.pattern, tz: s.tz, next: s.next };
}

/** Removes the scheduler; true when there was one. */
export async function removeSchedule(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(SCHEDULER_ID);
}

/** A cron pattern or time zone BullMQ would not accept; `field` says which. */
export class ScheduleSpecError extends Error {
  constructor(
    readonly field: 'cron' | 'tz',
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleSpecError';
  }
}

/**
 * Throws a {@link ScheduleSpecError} when the cron pattern or time zone is invalid, before touching Redis. The pattern
 * goes through cron-parser, the parser BullMQ's job scheduler uses, so what passes here is what BullMQ accepts (short
 * patterns, which cron-parser would pad with `*`, are refused: "0" would mean every minute on Sundays).
 */
export function checkCron(pattern: string, tz: string, now: Date = new Date()): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ScheduleSpecError('tz', `invalid time zone ${JSON.stringify(tz)}: expected an IANA name like Asia/Seoul`);
  }
  const fields = pattern.trim().split(/\s+/);
  const shapeOk = fields.length === 1 ? /^@[a-z]+$/i.test(fields[0]!) : fields.length >= 5 && fields.length <= 6;
  const bad = (why: string) =>
    new ScheduleSpecError('cron', `invalid cron pattern ${JSON.stringify(pattern)}: ${why}; expected 5 or 6 fields like "*/30 * * * *"`);
  const count = pattern.trim() ? fields.length : 0;
  if (!shapeOk) throw bad(`${count} field${count === 1 ? '' : 's'}`);
  try {
    CronExpressionParser.parse(pattern, { tz, currentDate: now }).next();
  } catch (err) {
    throw bad(err instanceof Error ? err.message : String(err));
  }
}

/**
 * {@link checkCron} as a usage problem for a command line: `<source>: <why>`, naming where the bad value came from
 * (`sources.cron` / `sources.tz`, e.g. `--cron` or `SCHEDULE_CRON`), or null when both are valid.
 */
export function scheduleSpecProblem(pattern: string, tz: string, sources: { cron: string; tz: string }): string | null {
  try {
    checkCron(pattern, tz);
    return null;
  } catch (err) {
    if (!(err instanceof ScheduleSpecError)) throw err;
    return `${sources[err.field]}: ${err.message}`;
  }
}
