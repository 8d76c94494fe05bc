import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../src/log.js';
import { formatSummary } from '../../src/pipeline/summary.js';
import { buildSiteModel, faultPreset, startReplaySite, type ReplayFaults, type ReplaySite } from '../../src/replay/index.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { runCrawl } from '../run-crawl.js';
import { outputHints, redisForRun } from './crawl.js';
import { assertRedisReachable } from '../../src/queue/connection.js';
import { positiveInt, positiveIntUpTo } from '../positive-int.js';
import type { RegisterCommand } from '../register-command.js';

/**
 * The demo's fault plan: the mild preset (latency, some 5xx, 429 + Retry-After, truncated bodies:
 * all retryable, so every affected page ends stored) plus one Korean link that 404s (a pair stored as
 * korean_failed) and one English page that 404s (a permanent failure, recorded with its code).
 */
export function demoFaults(pairs: number, seed: number): ReplayFaults {
  const model = buildSiteModel({ pairs, seed });
  const ids = model.englishIds;
  const withKorean = ids.filter((id) => model.pairStatus(id) === 'paired');
  return {
    ...faultPreset('mild', ids, () => true),
    koreanLink404Ids: withKorean.slice(3, 4),
    unavailableIds: withKorean.slice(7, 8),
  };
}

export interface Verdict {
  /** True only when there are no problems: every expected pair stored, with the model's status and records. */
  ok: boolean;
  expectedStored: number;
  stored: number;
  matchingModel: number;
  expectedFailed: number;
  failedRecorded: number;
  /** Paired records the model predicts a verdict for, and how many got exactly the predicted verdict. */
  expectedVerdicts: number;
  verdictsAsPredicted: number;
  problems: string[];
}

/**
 * Path of the first place where `actual` differs from `expected` (`english.body[2]`, `korean.authors[0].email`),
 * or null when they are deeply equal. Keys are visited in the expected record's order, then keys only `actual` has.
 */
export function firstDifference(actual: unknown, expected: unknown, path: string): string | null {
  if (Object.is(actual, expected)) return null;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      const d = i < actual.length && i < expected.length ? firstDifference(actual[i], expected[i], `${path}[${i}]`) : `${path}[${i}]`;
      if (d) return d;
    }
    return null;
  }
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    for (const k of keys) {
      const d = Object.hasOwn(actual, k) && Object.hasOwn(expected, k) ? firstDifference(actual[k], expected[k], `${path}.${k}`) : `${path}.${k}`;
      if (d) return d;
    }
    return null;
  }
  return path;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `"text"` of a stored or model value for a problem line, cut short. */
function brief(value: unknown): string {
  const s = value === undefined ? 'absent' : JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function valueAt(root: Record<string, unknown>, path: string): unknown {
  let v: unknown = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) v = isPlainObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/**
 * Checks the store against the replay model: every expected pair stored with its status and with English and
 * Korean records equal to the model's, every expected failure recorded. A record that differs is a problem
 * naming the pair and the first differing field, so the demo fails on it.
 */
export async function verifyAgainstModel(site: ReplaySite, store: PairStore): Promise<Verdict> {
  const v: Verdict = {
    ok: false,
    expectedStored: 0,
    stored: 0,
    matchingModel: 0,
    expectedFailed: 0,
    failedRecorded: 0,
    expectedVerdicts: 0,
    verdictsAsPredicted: 0,
    problems: [],
  };
  const expected = new Map(site.expectedRecords().map((r) => [r.id, r]));
  const failures = await store.listFailures();
  for (const id of site.model.englishIds) {
    const o = site.expectedOutcome(id);
    if (o.kind === 'failed') {
      v.expectedFailed++;
      const url = site.englishUrl(id);
      if (failures.some((f) => f.url === url && (o.acceptableCodes as readonly string[]).includes(f.code))) v.failedRecorded++;
      else v.problems.push(`en-${id}: expected a recorded ${o.code} failure`);
      continue;
    }
    v.expectedStored++;
    const pair = await store.getPair(`en-${id}`);
    if (!pair) {
      v.problems.push(`en-${id}: not stored`);
      continue;
    }
    if (pair.pairing.status !== o.status) {
      v.problems.push(`en-${id}: status ${pair.pairing.status}, expected ${o.status}`);
      continue;
    }
    v.stored++;
    // Pair verification: a cross-wired or swapped Korean page must never pass as a translation.
    if (o.verdicts) {
      v.expectedVerdicts++;
      const got = pair.pairing.verdict ?? null;
      if (got === o.verdicts[0]) v.verdictsAsPredicted++;
      if (got === null || !o.verdicts.includes(got)) {
        v.problems.push(`en-${id}: verdict ${got ?? 'none'}, expected ${o.verdicts.join(' or ')}`);
      }
    }
    const want = expected.get(id);
    if (!want) {
      v.problems.push(`en-${id}: not in the model's records`);
      continue;
    }
    const got = { english: pair.english, korean: pair.korean };
    const model = { english: want.english, korean: want.korean };
    const field = firstDifference(got.english, model.english, 'english') ?? firstDifference(got.korean, model.korean, 'korean');
    if (field) {
      v.problems.push(`en-${id}: ${field} differs from the model (stored ${brief(valueAt(got, field))}, model ${brief(valueAt(model, field))})`);
    } else v.matchingModel++;
  }
  v.ok = v.problems.length === 0;
  return v;
}

/** What the demo writes into its data directory; nothing else there is ever deleted. */
const DEMO_OUTPUTS = new Set(['donga.sqlite', 'donga.sqlite-wal', 'donga.sqlite-shm', 'donga.sqlite-journal', 'raw', 'export']);

/**
 * Makes `dir` ready for a fresh demo run: created when missing; when it exists, the previous run's outputs are
 * removed, and only if the directory holds nothing else (so `--data-dir ./data` or `.` can never wipe an archive
 * or a project). Returns an error message instead of deleting anything when that is not the case.
 */
export function prepareDemoDir(dir: string): string | null {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return null;
  }
  if (!statSync(dir).isDirectory()) return `--data-dir ${dir} is not a directory`;
  const entries = readdirSync(dir);
  const foreign = entries.filter((e) => !DEMO_OUTPUTS.has(e));
  if (foreign.length) {
    return (
      `--data-dir ${dir} holds files the demo did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
      'the demo empties its directory first, so give it an empty or new one'
    );
  }
  for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true });
  return null;
}

/**
 * `npm run demo`: replay site + (private) Redis + scheduler + in-process workers over the whole
 * site, with progress, then a summary; exit 0 only if every pair the model expects is stored, with the
 * model's status and records, and every expected failure is recorded.
 */
export const registerDemo: RegisterCommand = (program, ctx) => {
  program
    .command('demo')
    .description('crawl a local replay of the site end to end (no network) and print what was stored')
    .option('--pairs <n>', 'articles on the replay site (1..79999)', positiveIntUpTo(79_999), 60)
    .option('--seed <n>', 'replay site seed', positiveInt, 7)
    .option('--data-dir <dir>', "output directory: new, empty, or a previous demo run's (its outputs are replaced)", './data/demo')
    .action(async (opts: { pairs: number; seed: number; dataDir: string }) => {
      const started = Date.now();
      const redis = await redisForRun(process.env['REDIS_URL']);
      if (!redis) {
        ctx.exitCode = 1;
        return;
      }
      let site: ReplaySite | undefined;
      // Ctrl-C: don't leave the private redis-server or the site behind.
      const onSignal = () => {
        void Promise.allSettled([site?.close(), redis.own?.stop()]).then(() => process.exit(130));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let ok = false;
      try {
        // Nothing is deleted before Redis answers and the directory is known to hold only demo outputs.
        if (!redis.own) await assertRedisReachable(redis.url);
        const dataDir = resolve(opts.dataDir);
        let problem: string | null;
        try {
          problem = prepareDemoDir(dataDir);
        } catch (err) {
          problem = `cannot prepare --data-dir ${dataDir}: ${(err as Error).message}`;
        }
        if (problem) {
          process.stderr.write(`demo: ${problem}\n`);
          return;
        }
        const faults = demoFaults(opts.pairs, opts.seed);
        site = await startReplaySite({ pairs: opts.pairs, seed: opts.seed, faults });
        const exp = site.expectedSummary();
        process.stdout.write(
          [
            `replay site ${site.url}: ${opts.pairs} English articles (seed ${opts.seed})`,
            `faults: latency 0-20 ms, ~5% 5xx, ~2% 429 + Retry-After, ~2% truncated bodies (all retried);`,
            `        one Korean link answers 404 (stored as korean_failed), one English page answers 404 (recorded failure),`,
            `        ${exp.wronglyWired} 한국어 links wired to the wrong Korean article (must come out suspect or mismatch)`,
            `expected: ${exp.stored.paired} paired, ${exp.stored.no_korean_link} no_korean_link, ${exp.stored.korean_failed} korean_failed; ` +
              `English failures ${
                Object.entries(exp.failed)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(', ') || 'none'
              } ` +
              `(the Korean 404 is recorded as a failure too)`,
            `expected verdicts of paired pairs: ${Object.entries(exp.verdicts)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}`,
            '',
          ].join('\n'),
        );
        const prefix = `demo-${Date.now().toString(36)}`;
        const config = loadConfig(process.env, {
          redisUrl: redis.url,
          baseUrl: site.url,
          databaseUrl: undefined,
          dataDir,
          startPaths: ['/en'],
          sitemapPaths: [],
          since: undefined,
          until: undefined,
          maxAgeDays: 0,
          maxDiscoveryPages: 500,
          // Loopback site: fast politeness and retries so the demo takes seconds, not minutes.
          ratePerSecond: 400,
          concurrency: 8,
          backoffMs: 250,
          attempts: 5,
          queuePrefix: prefix,
          logLevel: process.env['LOG_LEVEL'] ? loadConfig().logLevel : 'error',
        });
        const logger = createLogger(config.logLevel);
        const res = await runCrawl({ config, logger, schedule: true, keepSchedule: false });
        try {
          const verdict = await verifyAgainstModel(site, res.workers.deps.store);
          const stats = site.stats();
          ok = verdict.ok;
          const lines = [
            '',
            `demo crawl finished in ${((Date.now() - started) / 1000).toFixed(1)} s (${stats.requests} HTTP requests, ${Object.values(stats.faults).reduce((a, b) => a + b, 0)} faults injected)`,
            ...formatSummary(res.summary),
            `model check:  ${verdict.stored}/${verdict.expectedStored} expected pairs stored with the right status, ` +
              `${verdict.matchingModel} with records equal to the model, ${verdict.verdictsAsPredicted}/${verdict.expectedVerdicts} verdicts as predicted; ` +
              `${verdict.failedRecorded}/${verdict.expectedFailed} expected failures recorded`,
            ...verdict.problems.slice(0, 20).map((p) => `  problem: ${p}`),
            ...outputHints(config),
            ok ? 'demo OK: every pair the replay model expects is stored' : 'demo FAILED: see the problems above',
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
          if (!process.env['REDIS_URL'] || redis.own) {
            // private Redis: nothing to clean
          } else {
            for (const q of Object.values(res.workers.deps.producer.queues)) await q.obliterate({ force: true }).catch(() => undefined);
          }
        } finally {
          await res.workers.close();
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await site?.close();
        await redis.own?.stop();
        ctx.exitCode = ok ? 0 : 1;
      }
    });
};
