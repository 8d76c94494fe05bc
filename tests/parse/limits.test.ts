import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { DEFAULT_MAX_PARSE_DEPTH, ParseBudget } from '../../src/parse/limits.js';

describe('ParseBudget', () => {
  it('reads the injected clock every few thousand steps and throws parse_timeout past the deadline', () => {
    let now = 1_000;
    let reads = 0;
    const budget = new ParseBudget(
      {
        timeoutMs: 50,
        now: () => {
          reads++;
          return now;
        },
      },
      'https://www.donga.com/x',
    );
    expect(reads).toBe(1); // the start
    for (let i = 0; i < 10_000; i++) budget.tick();
    expect(reads).toBeGreaterThan(1);
    expect(reads).toBeLessThan(10); // not once per step
    now += 50;
    budget.check(); // exactly at the deadline: still allowed
    now += 1;
    let err: unknown;
    try {
      budget.check();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: 'parse_timeout', retryable: false, url: 'https://www.donga.com/x' });
    expect((err as Error).message).toMatch(/50 ms \(PARSE_TIMEOUT_MS\)/);
  });

  it('has no time bound without a clock or without timeoutMs, and the default depth of MAX_PARSE_DEPTH', () => {
    const noClock = new ParseBudget({ timeoutMs: 0 });
    const noTimeout = new ParseBudget({ now: () => Number.MAX_SAFE_INTEGER });
    for (let i = 0; i < 10_000; i++) {
      noClock.tick();
      noTimeout.tick();
    }
    noClock.check();
    noTimeout.check();
    expect(noClock.maxDepth).toBe(DEFAULT_MAX_PARSE_DEPTH);
    expect(DEFAULT_MAX_PARSE_DEPTH).toBe(512);
  });

  it('names the depth, where it was reached, the limit and the setting in too_deep', () => {
    const err = new ParseBudget({ maxDepth: 64 }, 'u').tooDeep(65, 320, 1_000);
    expect(err).toMatchObject({ code: 'too_deep', retryable: false, url: 'u' });
    expect(err.message).toBe('elements nest deeper than 64 (depth 65 reached at character 320 of 1000); the limit is MAX_PARSE_DEPTH=64');
  });
});
