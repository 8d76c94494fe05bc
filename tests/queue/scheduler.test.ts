import { describe, expect, it } from 'vitest';
import { checkCron, ScheduleSpecError } from '../../src/queue/scheduler.js';

function problem(pattern: string, tz = 'Asia/Seoul'): ScheduleSpecError | null {
  try {
    checkCron(pattern, tz);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ScheduleSpecError);
    return err as ScheduleSpecError;
  }
}

describe('checkCron', () => {
  it.each(['*/30 * * * *', '0 9 * * *', '* * * * * *', '0 9 * * MON-FRI', '0 0 29 2 *', '0 9 L * *', '@hourly', ' */5 * * * * '])(
    'accepts %j, as BullMQ would',
    (pattern) => expect(problem(pattern)).toBeNull(),
  );

  it.each([
    ['61 * * * *', /got value 61 expected range 0-59/],
    ['0 25 * * *', /expected range 0-23/],
    ['*/0 * * * *', /every 0/],
    ['0 0 30 2 *', /day of month/],
    ['0 9 * * 8', /expected range 0-7/],
    ['0 9 * * FOO', /FOO|foo/],
    ['every day', /2 fields/],
    ['0', /1 field;/],
    ['', /0 fields/],
    ['* * * * * * *', /7 fields/],
  ])('refuses %j with one line naming the pattern and the reason', (pattern, reason) => {
    const err = problem(pattern);
    expect(err?.field).toBe('cron');
    expect(err?.message).toMatch(reason);
    expect(err?.message.startsWith(`invalid cron pattern ${JSON.stringify(pattern)}: `)).toBe(true);
    expect(err?.message).toContain('expected 5 or 6 fields like "*/30 * * * *"');
    expect(err?.message).not.toContain('\n');
  });

  it('refuses an unknown time zone, naming it', () => {
    const err = problem('*/30 * * * *', 'Mars/Base');
    expect(err?.field).toBe('tz');
    expect(err?.message).toBe('invalid time zone "Mars/Base": expected an IANA name like Asia/Seoul');
    expect(problem('*/30 * * * *', 'UTC')).toBeNull();
  });
});
