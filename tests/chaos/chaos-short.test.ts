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
 * for fixes not merged yet. For those only the safety facts are asserted. Once a fix is merged,
 * delete its line: the case is then asserted in full.
 */
const PENDING: Record<string, string> = {
  'crash-redis-no-job-failed-by-stalls-crashes':
    'a job whose worker is killed 3 times fails as a recorded `stalled` failure (by design); with random kills it can happen to any job, so it is not asserted in CI',
};

/** `hostile-sqlite-slow-body` → `hostile-slow-body` (PENDING is per case, for every store). */
function baseName(name: string): string {
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
