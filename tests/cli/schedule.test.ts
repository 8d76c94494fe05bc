import { describe, expect, it } from 'vitest';
import { closedPort, runCli } from './run-cli.js';

describe('donga-ingest schedule with a bad pattern or zone', () => {
  // Redis is unreachable: a usage error must be reported before any connection is tried (which would exit 1).
  it.each([
    [
      ['--cron', '61 * * * *'],
      {},
      'schedule: --cron: invalid cron pattern "61 * * * *": Constraint error, got value 61 expected range 0-59; expected 5 or 6 fields like "*/30 * * * *"',
    ],
    [['--cron', '0 0 30 2 *'], {}, /^schedule: --cron: invalid cron pattern "0 0 30 2 \*": /],
    [[], { SCHEDULE_CRON: '61 * * * * *' }, /^schedule: SCHEDULE_CRON: invalid cron pattern "61 \* \* \* \* \*": .*expected range 0-59/],
    [['--tz', 'Mars/Base'], {}, 'schedule: --tz: invalid time zone "Mars/Base": expected an IANA name like Asia/Seoul'],
    [[], { SCHEDULE_TZ: 'Mars/Base' }, /^schedule: SCHEDULE_TZ: invalid time zone "Mars\/Base"/],
  ] as const)(
    '%j %j exits 2 with one line naming it',
    async (args, env, line) => {
      const res = await runCli(['schedule', ...args], { ...env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      const lines = res.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      if (typeof line === 'string') expect(lines[0]).toBe(line);
      else expect(lines[0]).toMatch(line);
    },
    40_000,
  );
});
