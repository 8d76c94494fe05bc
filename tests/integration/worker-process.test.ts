import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFailure } from '../../src/failure.js';
import { enqueueInputs } from '../../src/queue/enqueue.js';
import { newRunId } from '../../src/queue/jobs.js';
import { SCHEDULER_ID } from '../../src/queue/names.js';
import { backendNames, exited, ROOT, startHarness, until, waitForOutput, type Harness } from './harness.js';

/** Worker processes (`node bin/donga-ingest.js worker`): crash recovery, graceful shutdown, and the enqueue CLI. */
describe('worker processes and the enqueue CLI', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it.each(backendNames())('a worker killed with SIGKILL mid-crawl and started again leaves every pair stored exactly once (%s)', async (backend) => {
    h = await startHarness({ backend, pairs: 40, faults: { latencyMs: [20, 60] } });
    const args = ['worker', '--lock-ms', '2000', '--stalled-ms', '1000'];
    const first = h.spawnCli(args);
    await waitForOutput(first, /worker ready/);
    await h.deps.producer.addCrawlRun({ runId: newRunId() });
    await until(async () => (await h!.deps.store.countPairs()).total >= 5, 60_000, 'first pairs');
    first.kill('SIGKILL');
    await exited(first);
    expect(await h.deps.producer.pendingCount()).toBeGreaterThan(0);

    const second = h.spawnCli(args);
    await waitForOutput(second, /worker ready/);
    await h.idle(120_000);
    const expected = h.site.expectedRecords();
    const counts = await h.deps.store.countPairs();
    expect(counts.total).toBe(expected.length);
    expect(counts.revisions).toBe(expected.length);
    for (const want of expected) expect((await h.deps.store.getPair(`en-${want.id}`))?.pairing.status, want.id).toBe(want.status);
    second.kill('SIGTERM');
    expect((await exited(second)).code).toBe(0);
  });

  it('a job that stopped its worker three times fails as stalled at its next start: typed, recorded, not run again', async () => {
    // Every response hangs (10 minutes, timeouts far above): the English job never finishes on its own.
    h = await startHarness({
      backend: 'sqlite',
      pairs: 3,
      faults: { latencyMs: 600_000 },
      overrides: { headersTimeoutMs: 600_000, bodyTimeoutMs: 600_000, fetchDeadlineMs: 3_600_000 },
    });
    const id = h.site.model.englishIds[0]!;
    const url = h.site.englishUrl(id);
    const [jobId] = await h.deps.producer.addEnglish([{ url, articleId: id }]);
    const english = h.deps.producer.queues.english;
    const args = ['worker', '--queues', 'english', '--lock-ms', '2000', '--stalled-ms', '1000'];
    for (const stalls of [0, 1, 2]) {
      const worker = h.spawnCli(args);
      await until(
        async () => {
          const job = await english.getJob(jobId!);
          return (await job?.getState()) === 'active' && job!.stalledCounter === stalls;
        },
        90_000,
        `the job running after ${stalls} stalls`,
      );
      worker.kill('SIGKILL');
      await exited(worker);
    }
    const third = h.spawnCli(args);
    await until(async () => (await english.getJobState(jobId!)) === 'failed', 90_000, 'the job to fail as stalled');
    const job = (await english.getJob(jobId!))!;
    expect(job.stalledCounter).toBe(3);
    expect(decodeFailure(job.failedReason)).toMatchObject({ code: 'stalled', retryable: false, url, lang: 'en' });
    expect((await h.deps.store.listFailures()).map((f) => [f.url, f.code, f.lang])).toEqual([[url, 'stalled', 'en']]);
    third.kill('SIGTERM');
    expect((await exited(third)).code).toBe(0);
  }, 240_000);

  it('SIGTERM: in-flight jobs finish, then the process exits 0', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 12, faults: { latencyMs: 400 }, overrides: { shutdownTimeoutMs: 30_000 } });
    const worker = h.spawnCli(['worker', '--concurrency', '4']);
    await waitForOutput(worker, /worker ready/);
    await h.deps.producer.addCrawlRun({ runId: newRunId() });
    let inFlight: string[] = [];
    await until(
      async () => {
        const active = await h!.deps.producer.queues.english.getJobs(['active']);
        inFlight = active.map((j) => j.id!).filter(Boolean);
        return inFlight.length > 0;
      },
      60_000,
      'an active english job',
    );
    worker.kill('SIGTERM');
    const { code } = await exited(worker);
    expect(code).toBe(0);
    for (const id of inFlight) {
      const state = await (await h.deps.producer.queues.english.getJob(id))!.getState();
      expect(state, id).toBe('completed');
    }
    expect((await h.deps.producer.queues.english.getJobCounts('active')).active).toBe(0);
  });

  it('SIGTERM with a job stuck past SHUTDOWN_TIMEOUT_MS: the job is handed back to wait, the process exits 0', async () => {
    // Every list page stalls mid-body until the site closes; timeouts far above the shutdown timeout.
    h = await startHarness({
      backend: 'sqlite',
      pairs: 3,
      faults: { stallRate: 1, kinds: ['en-front'] },
      overrides: { shutdownTimeoutMs: 500, bodyTimeoutMs: 600_000, headersTimeoutMs: 600_000 },
    });
    const worker = h.spawnCli(['worker']);
    await waitForOutput(worker, /worker ready/);
    await h.deps.producer.addCrawlRun({ runId: newRunId() });
    let stuck = '';
    await until(
      async () => {
        const active = await h!.deps.producer.queues.discover.getJobs(['active']);
        // The list page (the sitemap job of the same run is not stalled and may be active too).
        stuck = active.find((j) => j.name === 'discover' && (j.data as { kind?: string }).kind === 'page')?.id ?? '';
        return stuck !== '' && (h!.site.stats().faults['stall'] ?? 0) > 0;
      },
      60_000,
      'a stalled discover job',
    );
    worker.kill('SIGTERM');
    // A deadline far below the body timeout: only a shutdown that gives up on the stalled job meets it.
    const result = await Promise.race([exited(worker), new Promise<null>((res) => setTimeout(() => res(null), 45_000))]);
    expect(result, 'worker exited').not.toBeNull();
    expect(result!.code).toBe(0);
    const job = await h.deps.producer.queues.discover.getJob(stuck);
    expect(await job!.getState()).toBe('waiting');
    expect(job!.attemptsMade).toBe(0);
    expect(await h.deps.store.listFailures()).toEqual([]);
  });

  it('hostile enqueue inputs are refused and nothing is enqueued', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 3 });
    const valid = h.site.englishUrl(h.site.model.englishIds[0]!);
    const hostile = [
      'https://evil.example/en/article/all/20240301/2000000/1',
      `${h.site.url}/news/Politics/article/all/20240301/110000000/2`,
      '12:34',
      '../../etc',
      'javascript:alert(1)',
      '9'.repeat(40),
      '',
      'https://www.donga.com.evil.org/en/article/all/20240301/2000000/1',
      'https://www.donga.com@evil.org/en/article/all/20240301/2000000/1',
      `${h.site.url}/en/article/all/20240301/0/1`,
    ];
    const res = await enqueueInputs({ inputs: [valid, ...hostile] }, { config: h.config, producer: h.deps.producer, resolveId: async () => null });
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.input)).toEqual(hostile);

    const cli = h.spawnCli(['enqueue', valid, ...hostile]);
    let stderr = '';
    cli.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const { code } = await exited(cli);
    expect(code).toBe(1);
    expect(stderr).toMatch(/off-site host evil\.example/);
    expect(stderr).toMatch(/Korean article URL/);
    expect(stderr).toMatch(/nothing enqueued \(10 invalid inputs\)/);

    // --file: one bad line refuses the whole file; a missing file, bad dates and usage errors too.
    const file = join(h.config.dataDir, 'inputs.txt');
    writeFileSync(file, `${valid}\n\n# comment\nhttps://www.donga.com.evil.org/en/article/all/20240301/2000000/1\n`);
    const runs: [string[], number, RegExp][] = [
      [['enqueue', '--file', file], 1, /invalid: "https:\/\/www\.donga\.com\.evil\.org\/.*off-site host/],
      [['enqueue', valid, '--file', join(h.config.dataDir, 'missing.txt')], 1, /cannot read --file .*missing\.txt/],
      [['enqueue', '--since', '2024-02-30'], 2, /--since: expected a date YYYY-MM-DD, got "2024-02-30"/],
      [['enqueue', '--since', '2024-03-02', '--until', '2024-03-01'], 1, /since is after until/],
      [['enqueue', valid, '--bogus'], 2, /unknown option '--bogus'/],
    ];
    for (const [args, want, message] of runs) {
      const c = h.spawnCli(args);
      let err = '';
      c.stderr?.on('data', (b: Buffer) => (err += b.toString()));
      expect((await exited(c)).code, args.join(' ')).toBe(want);
      expect(err, args.join(' ')).toMatch(message);
    }
    const counts = await h.deps.producer.counts();
    for (const c of Object.values(counts)) expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('schedule installs one scheduler (re-running updates it) whose crawl-runs store every pair; --remove removes it', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 10 });
    // The time zone is applied: 09:00 in Seoul (the default zone) is 00:00 UTC.
    const nine = h.spawnCli(['schedule', '--cron', '0 9 * * *']);
    expect((await exited(nine)).code).toBe(0);
    const s9 = await h.deps.producer.queues.discover.getJobScheduler(SCHEDULER_ID);
    expect([s9?.tz, new Date(s9!.next!).getUTCHours(), new Date(s9!.next!).getUTCMinutes()]).toEqual(['Asia/Seoul', 0, 0]);
    for (const cron of ['*/30 * * * *', '* * * * * *']) {
      const cli = h.spawnCli(['schedule', '--cron', cron, '--tz', 'Asia/Seoul']);
      expect((await exited(cli)).code).toBe(0);
    }
    const schedulers = await h.deps.producer.queues.discover.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[SCHEDULER_ID, '* * * * * *', 'Asia/Seoul']]);
    // One pending tick, of the current pattern: updating replaced the old one.
    const ticks = (await h.deps.producer.queues.discover.getJobs(['delayed'])).filter((j) => j.id?.startsWith(`repeat:${SCHEDULER_ID}:`));
    expect(ticks.length).toBeLessThanOrEqual(1);
    await h.startWorkers();
    const total = h.site.expectedRecords().length;
    await until(async () => (await h!.deps.store.countPairs()).total === total, 60_000, 'scheduled crawl');
    const remove = h.spawnCli(['schedule', '--remove']);
    expect((await exited(remove)).code).toBe(0);
    expect(await h.deps.producer.queues.discover.getJobSchedulers()).toEqual([]);
    await h.idle();
    expect((await h.deps.store.countPairs()).revisions).toBe(total);
    const bad = h.spawnCli(['schedule', '--cron', 'every day']);
    expect((await exited(bad)).code).toBe(2);
  });

  it('enqueue --wait shows progress until the article and its pair are done, then a summary', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 4 });
    await h.startWorkers();
    const id = h.site.model.englishIds.find((x) => h!.site.expectedOutcome(x).kind === 'stored')!;
    const cli = h.spawnCli(['enqueue', h.site.englishUrl(id), '--wait']);
    let stdout = '';
    cli.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    expect((await exited(cli)).code).toBe(0);
    expect(stdout).toMatch(/enqueued .* as job en-\d+/);
    // Links on the article page are followed too (FOLLOW_ARTICLE_LINKS), so the summary may count more pairs.
    expect(stdout).toMatch(/pairs stored: \d+ \(paired/);
    expect(await h.deps.store.getPair(`en-${id}`)).not.toBeNull();
  });

  it('enqueue --force --wait re-ingests a done article whose Korean page changed: new revision and a count of the forced jobs', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 4, overrides: { followArticleLinks: false } });
    await h.startWorkers();
    await h.crawl();
    const id = h.site.model.englishIds.find((x) => h!.site.model.pairStatus(x) === 'paired')!;
    expect((await h.deps.store.getPair(`en-${id}`))!.revision).toBe(1);
    h.site.updateArticle(id, { koTitle: '고쳐진 제목' });
    // A bare id is resolved through the store; the old completed en-<id> job is still retained.
    const cli = h.spawnCli(['enqueue', id, '--force', '--wait']);
    let stdout = '';
    let stderr = '';
    cli.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    cli.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    expect((await exited(cli)).code, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`forced .* as job en-${id}-force-\\w+ \\(previous job: completed\\)`));
    // Not a terminal: no bar drawn (tests/cli/progress-tty.test.ts covers the terminal), only the summary.
    expect(stderr).not.toMatch(/waiting \[/);
    expect(stdout).toMatch(/^forced jobs: 1 \(paired 1\)$/m);
    const pair = await h.deps.store.getPair(`en-${id}`);
    expect(pair!.revision).toBe(2);
    expect(pair!.korean!.title).toBe('고쳐진 제목');
  });

  it('crawl without REDIS_URL: SIGTERM mid-crawl stops its private redis-server too (nothing left running)', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 20, faults: { latencyMs: [20, 60] } });
    const env = { ...h.env };
    delete env['REDIS_URL'];
    const child = spawn(process.execPath, [join(ROOT, 'bin/donga-ingest.js'), 'crawl'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await until(async () => /private redis-server at redis:\/\/\S+/.test(out), 60_000, 'the private redis-server');
      await until(async () => (await h!.deps.store.countPairs()).total > 0, 60_000, 'a first pair');
      child.kill('SIGTERM');
      expect((await exited(child)).code).toBe(130);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const url = /private redis-server at (redis:\/\/\S+)/.exec(out)![1]!;
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const alive = await probe.connect().then(
      () => true,
      () => false,
    );
    if (alive) await probe.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // clean up what the crawl left behind
    probe.disconnect();
    expect(alive, 'private redis-server still running after the crawl exited').toBe(false);
  });
});
