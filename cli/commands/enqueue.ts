import { existsSync, readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../../config/config.js';
import { crawlSummary, formatSummary } from '../../src/pipeline/summary.js';
import { enqueueInputs } from '../../src/queue/enqueue.js';
import { enqueueUsageProblems, inputLines } from '../../src/queue/enqueue-input.js';
import { assertRedisReachable } from '../../src/queue/connection.js';
import { Producer } from '../../src/queue/producer.js';
import { waitForIdle } from '../wait-idle.js';
import { formatJobOutcomes, waitForEnglishJobs } from '../wait-jobs.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { openStore, sqlitePath } from '../../src/store/open-store.js';
import { dataDirProblem } from '../usable-dir.js';
import type { RegisterCommand } from '../register-command.js';

interface EnqueueOpts {
  file?: string;
  since?: string;
  until?: string;
  force?: boolean;
  wait?: boolean;
  lang?: string;
}

/**
 * `donga-ingest enqueue <url|YYYYMMDD/id|id>… [--file F] [--since D --until D] [--force] [--wait]`.
 * Validates every input first; if any is invalid nothing is enqueued, each problem is printed, exit 1.
 * Nothing to enqueue at all, or a bad `--since`/`--until`, is a usage error: exit 2, before Redis is contacted.
 */
export const registerEnqueue: RegisterCommand = (program, ctx) => {
  program
    .command('enqueue')
    .description('re-ingest English articles (URL, YYYYMMDD/<id>, or the id of a stored article) or a date range')
    .argument('[inputs...]', 'English article URLs, YYYYMMDD/<id>, or ids of already stored articles')
    .option('--file <path>', 'read inputs from a file, one per line (# starts a comment, on its own line or after an input)')
    .option('--since <date>', 'discover articles dated on or after YYYY-MM-DD')
    .option('--until <date>', 'discover articles dated on or before YYYY-MM-DD')
    .option('--force', 're-ingest even if already done (fresh job ids, no conditional GET)')
    .option('--wait', 'show progress until the jobs and their follow-ups finish, then a summary')
    .option('--lang <lang>', 'language of the inputs (only en)')
    .action(async (inputs: string[], opts: EnqueueOpts) => {
      const usage = enqueueUsageProblems({ inputs, file: opts.file, since: opts.since, until: opts.until });
      if (usage.length) {
        for (const p of usage) process.stderr.write(`enqueue: ${p}\n`);
        ctx.exitCode = 2;
        return;
      }
      const config = loadConfig();
      const all = [...inputs];
      if (opts.file !== undefined) {
        try {
          all.push(...inputLines(readFileSync(opts.file, 'utf8')));
        } catch (err) {
          process.stderr.write(`cannot read --file ${opts.file}: ${(err as Error).message}\nnothing enqueued\n`);
          ctx.exitCode = 1;
          return;
        }
      }
      const placeProblem = dataDirProblem(config);
      if (placeProblem) {
        process.stderr.write(`enqueue: ${placeProblem}\nnothing enqueued\n`);
        ctx.exitCode = 1;
        return;
      }
      await assertRedisReachable(config.redisUrl);
      // A missing SQLite database is not created until the enqueue is accepted (--wait reads it): a refused
      // command leaves nothing behind, and with no database yet no article is stored for a bare id to resolve.
      // PostgreSQL is opened at once, so an unreachable DATABASE_URL is named before anything is enqueued.
      let store: PairStore | undefined = config.databaseUrl !== undefined || existsSync(sqlitePath(config)) ? await openStore(config) : undefined;
      const producer = new Producer(config);
      try {
        const outcome = await enqueueInputs(
          { inputs: all, since: opts.since, until: opts.until, force: opts.force, lang: opts.lang },
          {
            config,
            producer,
            resolveId: async (id) => (store ? ((await store.getPair(`en-${id}`))?.english.url ?? null) : null),
            known: async (ids) => (store ? store.knownArticleIds(ids) : new Set()),
          },
        );
        if (!outcome.ok) {
          for (const p of outcome.problems) process.stderr.write(`invalid: ${JSON.stringify(p.input)}: ${p.reason}\n`);
          process.stderr.write(`nothing enqueued (${outcome.problems.length} invalid input${outcome.problems.length === 1 ? '' : 's'})\n`);
          ctx.exitCode = 1;
          return;
        }
        for (const j of outcome.jobs) {
          if (opts.force) process.stdout.write(`forced ${j.url} as job ${j.jobId}${j.existing ? ` (previous job: ${j.existing})` : ''}\n`);
          else if (j.existing) process.stdout.write(`already ${j.existing}: ${j.url} (job ${j.jobId}); use --force to re-ingest\n`);
          else process.stdout.write(`enqueued ${j.url} as job ${j.jobId}\n`);
        }
        if (outcome.runId)
          process.stdout.write(
            `enqueued discovery run ${outcome.runId}${opts.since ? ` since ${opts.since}` : ''}${opts.until ? ` until ${opts.until}` : ''}\n`,
          );
        if (!opts.wait) return;
        // Accepted: the database may be created now (the wait reads outcomes from it once jobs are gone).
        store ??= await openStore(config);

        // Drawn on a terminal only; elsewhere the summary below is the whole report.
        const bar = new SingleBar({ format: 'waiting [{bar}] {value}/{total} {what}', stream: process.stderr, noTTYOutput: false });
        // Forced and new jobs, and unforced ones already queued (same id): wait for them; finished ones are not re-run.
        const finished = (j: { existing: string | null }) => j.existing === 'completed' || j.existing === 'failed' || j.existing === 'stored';
        const tracked = outcome.jobs.filter((j) => opts.force || !finished(j)).map((j) => j.jobId);
        bar.start(Math.max(1, tracked.length), 0, { what: 'articles' });
        let done = 0;
        const outcomes = await waitForEnglishJobs(producer, tracked, {
          onDone: () => bar.update(++done),
          storedStatus: async (id) => (store ? ((await store.getPair(`en-${id}`))?.pairing.status ?? null) : null),
        });
        if (outcome.runId) {
          bar.update({ what: 'jobs (discovery run)' });
          await waitForIdle(producer, {
            onProgress: (p) => {
              bar.setTotal(Math.max(1, p.done + p.pending));
              bar.update(p.done);
            },
          });
        }
        bar.stop();
        // What this enqueue did (forced jobs included), then the whole store.
        process.stdout.write(`${formatJobOutcomes(opts.force ? 'forced jobs' : 'jobs', outcomes)}\n`);
        const skipped = outcome.jobs.length - tracked.length;
        if (skipped) process.stdout.write(`already finished, not re-run (use --force): ${skipped}\n`);
        store ??= await openStore(config);
        for (const line of formatSummary(await crawlSummary(store))) process.stdout.write(`${line}\n`);
      } finally {
        await producer.close();
        await store?.close();
      }
    });
};
