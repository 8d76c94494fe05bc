import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { bullConnection } from '../../src/queue/connection.js';
import { QUEUE_NAMES, QueueName } from '../../src/queue/names.js';
import { Producer } from '../../src/queue/producer.js';
import { formatJobOutcomes, waitForEnglishJobs } from '../../cli/wait-jobs.js';

describe('waitForEnglishJobs', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(processor: () => Promise<unknown> = async () => ({ outcome: 'no_korean_link', pairId: 'en-1', followed: 0 })) {
    const config = loadConfig({}, { redisUrl: inject('redisUrl'), queuePrefix: `wj${randomBytes(4).toString('hex')}`, logLevel: 'silent' });
    const producer = new Producer(config);
    closers.push(async () => {
      for (const name of QUEUE_NAMES) await producer.queues[name].obliterate({ force: true });
      await producer.close();
    });
    // A real worker that is not started: the test decides when the job runs.
    const worker = new Worker(QueueName.english, processor, {
      connection: bullConnection(config),
      prefix: config.queuePrefix,
      autorun: false,
    });
    closers.push(() => worker.close());
    const [id] = await producer.addEnglish([{ url: 'https://www.donga.com/en/article/all/20240809/1/1', articleId: '1' }]);
    return { producer, worker, id: id! };
  }

  it('reads the outcome from the finished job, not from a copy taken before it finished', async () => {
    const { producer, worker, id } = await setup();
    // The job completes right after the waiter fetched it (the race seen under load): whatever copy the waiter
    // took before the job's state was final must not be where the outcome is read from.
    const queue = producer.queues.english;
    const getJob = queue.getJob.bind(queue);
    let ran = false;
    const completed = new Promise<void>((res) => worker.once('completed', () => res()));
    queue.getJob = async (jobId: string): Promise<Job | undefined> => {
      const copy = await getJob(jobId);
      if (!ran) {
        ran = true;
        void worker.run();
        await completed;
      }
      return copy;
    };
    const getJobState = queue.getJobState.bind(queue);
    queue.getJobState = async (jobId: string) => {
      const state = await getJobState(jobId);
      if (!ran) {
        ran = true;
        void worker.run();
      }
      return state;
    };
    const outcomes = await waitForEnglishJobs(producer, [id], { pollMs: 20 });
    expect(outcomes).toEqual({ [id]: 'no_korean_link' });
    expect(formatJobOutcomes('jobs', outcomes)).toBe('jobs: 1 (no_korean_link 1)');
  });

  it('says failed for a job that failed for good and unknown for one that does not exist', async () => {
    const { producer, worker, id } = await setup(async () => {
      throw new UnrecoverableError('gone');
    });
    void worker.run();
    expect(await waitForEnglishJobs(producer, [id, 'en-404'], { pollMs: 20 })).toEqual({ [id]: 'failed', 'en-404': 'unknown' });
  });
});
