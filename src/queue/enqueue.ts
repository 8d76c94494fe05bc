import { allowedHosts, type Config } from '../../config/config.js';
import { checkDateRange, classifyInputs, type EnqueueProblem, type EnqueueTarget } from './enqueue-input.js';
import { newRunId, englishJobId } from './jobs.js';
import type { Producer } from './producer.js';

export interface EnqueueRequest {
  inputs: readonly string[];
  since?: string | undefined;
  until?: string | undefined;
  force?: boolean | undefined;
  lang?: string | undefined;
}

export interface EnqueuedJob {
  input: string;
  url: string;
  jobId: string;
  /**
   * State of an existing job with the unforced id (`completed`, `failed`, `waiting` …), or `stored` when there is no
   * such job but the store already has the article (a pair, or a permanent failure): no job is added for it.
   */
  existing: string | null;
}

export interface EnqueueOutcome {
  ok: boolean;
  problems: EnqueueProblem[];
  jobs: EnqueuedJob[];
  /** Set when a date range was given: the crawl run that discovers it. */
  runId: string | null;
}

/**
 * Validates every input, then (only if all are valid) enqueues English jobs and, for
 * `--since/--until`, one crawl run restricted to that window. `--force` gives each job a fresh id
 * (`en-<id>-force-<stamp>`), because BullMQ silently ignores an add whose id still exists, and skips
 * the conditional-GET cache. `resolveId` turns a bare id into a URL (e.g. from the store) or null.
 */
export async function enqueueInputs(
  req: EnqueueRequest,
  ctx: {
    config: Config;
    producer: Producer;
    resolveId: (articleId: string) => Promise<string | null>;
    /** Of these article ids, those the store already has (no job is added for them unless forced). */
    known?: (articleIds: string[]) => Promise<Set<string>>;
    now?: () => number;
  },
): Promise<EnqueueOutcome> {
  const { config, producer } = ctx;
  const classified = classifyInputs(req.inputs, { baseUrl: config.baseUrl, allowedHosts: allowedHosts(config) });
  const range = checkDateRange(req.since, req.until);
  const problems = [...classified.problems, ...range.problems];
  if (req.lang !== undefined && req.lang !== 'en') {
    problems.push({ input: `--lang ${req.lang}`, reason: 'only en is supported: Korean originals are reached through the English page' });
  }
  const targets: EnqueueTarget[] = [...classified.targets];
  for (const p of classified.pending) {
    const url = await ctx.resolveId(p.articleId);
    if (url) targets.push({ input: p.input, url, articleId: p.articleId, ymd: '' });
    else
      problems.push({
        input: p.input,
        reason: 'bare id of an article not stored yet: its URL needs the date, give the URL or YYYYMMDD/<id>',
      });
  }
  const hasRange = range.since !== undefined || range.until !== undefined;
  if (!targets.length && !hasRange && !problems.length)
    problems.push({ input: '(none)', reason: 'nothing to enqueue: give URLs, ids, --file or --since/--until' });
  if (problems.length) return { ok: false, problems, jobs: [], runId: null };

  const unique = [...new Map(targets.map((t) => [t.articleId, t])).values()];
  // Time plus randomness: two forced enqueues in the same millisecond (two shells, two machines) must not share ids.
  const forceStamp = req.force ? newRunId(ctx.now?.()).slice(1) : undefined;
  const jobs: EnqueuedJob[] = [];
  const known = !req.force && ctx.known && unique.length ? await ctx.known(unique.map((t) => t.articleId)) : new Set<string>();
  for (const t of unique) {
    const prior = await producer.queues.english.getJob(englishJobId(t.articleId));
    jobs.push({
      input: t.input,
      url: t.url,
      jobId: englishJobId(t.articleId, forceStamp),
      existing: prior ? await prior.getState() : known.has(t.articleId) ? 'stored' : null,
    });
  }
  await producer.addEnglish(
    unique.filter((t) => !known.has(t.articleId)).map((t) => ({ url: t.url, articleId: t.articleId, ...(req.force ? { force: true } : {}) })),
    forceStamp,
  );
  let runId: string | null = null;
  if (hasRange) {
    runId = newRunId(ctx.now?.());
    await producer.addCrawlRun({ runId, trigger: 'enqueue', ...(range.since ? { since: range.since } : {}), ...(range.until ? { until: range.until } : {}) });
  }
  return { ok: true, problems: [], jobs, runId };
}
