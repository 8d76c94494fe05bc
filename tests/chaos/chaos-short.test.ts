import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCrash } from '../../chaos/crash.js';
import { runHostile } from '../../chaos/hostile.js';
import { cleanupAll } from '../../chaos/lib/cleanup.js';
import { usePostgresAdminUrl } from '../../chaos/lib/stores.js';
import type { CaseResult, PartOptions } from '../../chaos/part.js';
import { runPoliteness } from '../../chaos/politeness.js';

/**
 * The CI form of `npm run chaos -- --quick`: the same three parts, asserting every correctness property (outcome
 * codes, pairs equal to the model, nothing stuck in Redis, no forbidden request, workers alive, no request inside
 * a Retry-After pause) and none of the speed or memory targets (`soft`: give-up times, RSS, window counts,
 * utilization), which `npm run chaos` checks and prints.
 *
 * PENDING lists the cases whose correctness still fails on the current code, each with the reason; they wait
 * for the fixes of issue 7 on other branches. For those only the safety facts are asserted. Once a fix is merged,
 * delete its line: the case is then asserted in full.
 */
export const PENDING: Record<string, string> = {
  'crash-redis-no-job-failed-by-stalls-crashes':
    'a job whose worker is killed 3 times fails "stalled more than allowable limit" with no failure row (seen on discover jobs; random, so pending)',
  'hostile-slow-body': 'FETCH_DEADLINE_MS not honoured: a 1-byte-per-2-s body never ends the fetch (body timeout is per idle gap)',
  'hostile-deep-nesting': 'MAX_PARSE_DEPTH / PARSE_TIMEOUT_MS not honoured: 100k nested divs keep a worker busy past the cut-off',
  'hostile-long-line-in-article': 'PARSE_TIMEOUT_MS not honoured: a 4.5 MB word in an article body keeps a worker busy past the cut-off',
  'hostile-robots-over-cap': 'ROBOTS_MAX_BYTES not honoured: a robots.txt over MAX_BODY_BYTES counts as absent, so Disallow: /en is ignored',
  'hostile-retry-after-year': 'MAX_RETRY_AFTER_MS not honoured: the retry is delayed by min(Retry-After, 10 min) and the host paused for 1 h',
  'politeness-429-Retry-After-2-s-rate-20-s': 'slots reserved before a 429 are still used inside the Retry-After pause',
  'politeness-Crawl-delay-1-s-rate-20-s': 'the first request after robots.txt comes one RATE interval after it, not Crawl-delay',
};

/** `hostile-sqlite-slow-body` → `hostile-slow-body` (PENDING is per case, for every store). */
export function baseName(name: string): string {
  return name.replace(/-(sqlite|postgres)-/, '-');
}

const pgUrl = inject('pgUrl');
if (pgUrl) usePostgresAdminUrl(pgUrl);
const opts: PartOptions = { quick: true, stores: pgUrl ? ['sqlite', 'postgres'] : ['sqlite'], log: () => undefined };

function check(cases: CaseResult[]): void {
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) {
    expect(c.facts?.forbiddenHits ?? 0, `${c.name}: requests to forbidden hosts`).toBe(0);
    expect(c.facts?.workersAlive ?? true, `${c.name}: a worker died`).toBe(true);
    if (baseName(c.name) in PENDING) continue;
    expect(c.problems, c.name).toEqual([]);
  }
}

describe('chaos suite, short form (npm run chaos -- --quick)', () => {
  afterAll(async () => {
    await cleanupAll();
  });

  it('crash consistency: kill -9 of workers and a Redis crash leave the store equal to the replay model and Redis clean', async () => {
    check((await runCrash(opts)).cases);
  }, 900_000);

  it('hostile site: every case ends with its expected code or pair, no forbidden request, workers alive', async () => {
    check((await runHostile(opts)).cases);
  }, 900_000);

  it('politeness: no request inside a Retry-After pause, Crawl-delay kept after robots.txt', async () => {
    check((await runPoliteness(opts)).cases);
  }, 900_000);
});
