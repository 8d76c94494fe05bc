import { afterEach, describe, expect, it } from 'vitest';
import { enqueueInputs } from '../../src/queue/enqueue.js';
import { newRunId } from '../../src/queue/jobs.js';
import { SCHEDULER_ID } from '../../src/queue/names.js';
import { backendNames, exited, startHarness, until, waitForOutput, type Harness } from './harness.js';

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

  it('SIGTERM: in-flight jobs finish, then the process exits 0', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 12, faults: { latencyMs: 400 }, overrides: { shutdownTimeoutMs: 30_000 } });
    const worker = h.spawnCli(['worker', '--concurrency', '4']);
    await waitForOutput(worker, /worker ready/);
    await h.deps.producer.addCrawlRun({ runId: newRunId() });
    let inFlight: string[] = [];
    await until(async () => {
      const active = await h!.deps.producer.queues.english.getJobs(['active']);
      inFlight = active.map((j) => j.id!).filter(Boolean);
      return inFlight.length > 0;
    }, 60_000, 'an active english job');
    worker.kill('SIGTERM');
    const { code } = await exited(worker);
    expect(code).toBe(0);
    for (const id of inFlight) {
      const state = await (await h.deps.producer.queues.english.getJob(id))!.getState();
      expect(state, id).toBe('completed');
    }
    expect((await h.deps.producer.queues.english.getJobCounts('active')).active).toBe(0);
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
    ];
    const res = await enqueueInputs(
      { inputs: [valid, ...hostile] },
      { config: h.config, producer: h.deps.producer, resolveId: async () => null },
    );
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.input)).toEqual(hostile);

    const cli = h.spawnCli(['enqueue', valid, ...hostile]);
    let stderr = '';
    cli.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const { code } = await exited(cli);
    expect(code).toBe(1);
    expect(stderr).toMatch(/off-site host evil\.example/);
    expect(stderr).toMatch(/Korean article URL/);
    expect(stderr).toMatch(/nothing enqueued \(7 invalid inputs\)/);
    const counts = await h.deps.producer.counts();
    for (const c of Object.values(counts)) expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('schedule installs one scheduler (re-running updates it) whose crawl-runs store every pair; --remove removes it', async () => {
    h = await startHarness({ backend: 'sqlite', pairs: 10 });
    for (const cron of ['*/30 * * * *', '* * * * * *']) {
      const cli = h.spawnCli(['schedule', '--cron', cron, '--tz', 'Asia/Seoul']);
      expect((await exited(cli)).code).toBe(0);
    }
    const schedulers = await h.deps.producer.queues.discover.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[SCHEDULER_ID, '* * * * * *', 'Asia/Seoul']]);
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
});
