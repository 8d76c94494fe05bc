import { describe, expect, it } from 'vitest';
import { runIdForJob } from '../../src/queue/jobs.js';
import { isParseFailureCode } from '../../src/errors.js';
import { runProgressOf } from '../../src/status/run-progress.js';

describe('runProgressOf', () => {
  it('discovery pages and English articles of a run count as done or failed', () => {
    expect(runProgressOf({ name: 'discover', id: 'd', data: { runId: 'r1' } }, 'done')).toEqual({ runId: 'r1', delta: { pagesDone: 1 } });
    expect(runProgressOf({ name: 'discover', id: 'd', data: { runId: 'r1' } }, 'failed')).toEqual({ runId: 'r1', delta: { pagesFailed: 1 } });
    expect(runProgressOf({ name: 'english', id: 'e', data: { runId: 'r1' } }, 'done')).toEqual({ runId: 'r1', delta: { articlesDone: 1 } });
    expect(runProgressOf({ name: 'english', id: 'e', data: { runId: 'r1' } }, 'failed')).toEqual({ runId: 'r1', delta: { articlesFailed: 1 } });
  });

  it('jobs of no run count nothing; a crawl-run that failed counts as a failed discovery page of its run', () => {
    expect(runProgressOf({ name: 'english', id: 'e', data: { url: 'x' } }, 'done')).toBeNull();
    expect(runProgressOf({ name: 'korean', id: 'k', data: { runId: 'r1' } }, 'done')).toBeNull();
    expect(runProgressOf({ name: 'pair', id: 'p', data: null }, 'failed')).toBeNull();
    expect(runProgressOf({ name: 'crawl-run', id: 'run-r1', data: { runId: 'r1' } }, 'done')).toBeNull();
    expect(runProgressOf({ name: 'crawl-run', id: 'run-r1', data: { runId: 'r1' } }, 'failed')).toEqual({ runId: 'r1', delta: { pagesFailed: 1 } });
    // A scheduler job carries no runId: the run id is derived from the job id, as the worker derives it.
    expect(runProgressOf({ name: 'crawl-run', id: 'repeat:abc:1', data: {} }, 'failed')).toEqual({
      runId: runIdForJob('repeat:abc:1'),
      delta: { pagesFailed: 1 },
    });
  });
});

describe('isParseFailureCode', () => {
  it('is true for parse error codes only', () => {
    for (const c of ['not_article', 'missing_title', 'missing_body', 'missing_date', 'parse_timeout', 'too_deep', 'undecodable', 'wrong_language']) {
      expect(isParseFailureCode(c), c).toBe(true);
    }
    for (const c of ['http_status', 'network', 'storage', 'korean_failed', 'toString', '']) expect(isParseFailureCode(c), c).toBe(false);
  });
});
