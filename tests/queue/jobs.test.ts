import { FetchError } from '../../src/errors.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import {
  computeBackoff,
  defaultJobOptions,
  discoverJobId,
  englishJobId,
  englishPayload,
  koreanJobId,
  MAX_BACKOFF_MS,
  pairJobId,
  payloadSchemas,
  refreshSlot,
  runIdForJob,
} from '../../src/queue/jobs.js';
import { JobName } from '../../src/queue/names.js';

describe('job ids', () => {
  it('derive from article ids, never contain ":" and are never all digits', () => {
    const en = englishJobId('5104150');
    const ids = [en, pairJobId(en), koreanJobId('126426105', en), discoverJobId('r1', 'https://www.donga.com/en?p=2'), englishJobId('5104150', 'abc')];
    expect(ids.slice(0, 3)).toEqual(['en-5104150', 'pair-en-5104150', 'ko-126426105-for-en-5104150']);
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(id).not.toMatch(/^\d+$/);
    }
    expect(englishJobId('5104150', 'abc')).toBe('en-5104150-force-abc');
    expect(runIdForJob('repeat:crawl-schedule:1700000000000')).toBe(runIdForJob('repeat:crawl-schedule:1700000000000'));
    expect(runIdForJob('repeat:crawl-schedule:1700000000000')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('refresh of recent articles', () => {
  const cfg = { refreshDays: 2, refreshIntervalMinutes: 60 };
  // 2026-11-28 00:30 Korea time = 2026-11-27 15:30 UTC.
  const now = new Date('2026-11-27T15:30:00Z');

  it('gives articles dated today or yesterday (Korea time) a slot, older ones none', () => {
    expect(refreshSlot('20261128', now, cfg)).toBeDefined();
    expect(refreshSlot('20261127', now, cfg)).toBeDefined();
    expect(refreshSlot('20261126', now, cfg)).toBeUndefined(); // UTC says the 27th is "today", Korea time does not
    expect(refreshSlot('20261128', now, { ...cfg, refreshDays: 1 })).toBeDefined();
    expect(refreshSlot('20261127', now, { ...cfg, refreshDays: 1 })).toBeUndefined();
    expect(refreshSlot('20261128', now, { ...cfg, refreshDays: 0 })).toBeUndefined();
  });

  it('one slot per interval: the same within it, the next after it', () => {
    const slot = refreshSlot('20261128', now, cfg)!;
    const start = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    expect(refreshSlot('20261128', new Date(start), cfg)).toBe(slot);
    expect(refreshSlot('20261128', new Date(start + 3_599_999), cfg)).toBe(slot);
    expect(refreshSlot('20261128', new Date(start + 3_600_000), cfg)).not.toBe(slot);
    expect(slot).toMatch(/^[a-z0-9]{1,16}$/);
    expect(englishPayload.safeParse({ url: 'https://www.donga.com/en/article/all/20261128/1/1', articleId: '1', refresh: slot }).success).toBe(true);
  });

  it('job ids: a refresh id per slot; a forced run ignores the slot', () => {
    expect(englishJobId('5104150', undefined, 'k2')).toBe('en-5104150-refresh-k2');
    expect(englishJobId('5104150', 'abc', 'k2')).toBe('en-5104150-force-abc');
    expect(pairJobId(englishJobId('5104150', undefined, 'k2'))).toBe('pair-en-5104150-refresh-k2');
  });
});

describe('payload schemas', () => {
  it('are strict: unknown keys, wrong types and non-http URLs are refused', () => {
    expect(englishPayload.safeParse({ url: 'https://www.donga.com/en/article/all/20240809/5104150/1', articleId: '5104150' }).success).toBe(true);
    expect(englishPayload.safeParse({ url: 'https://x/', articleId: '5104150', extra: 1 }).success).toBe(false);
    expect(englishPayload.safeParse({ url: 'javascript:alert(1)', articleId: '5104150' }).success).toBe(false);
    expect(englishPayload.safeParse({ url: 'https://x/', articleId: '12:34' }).success).toBe(false);
    expect(payloadSchemas[JobName.discover].safeParse({ url: 'https://x/', kind: 'page', runId: 'bad:id' }).success).toBe(false);
    expect(payloadSchemas[JobName.crawlRun].safeParse({}).success).toBe(true);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with ±25% jitter, capped, and honours Retry-After', () => {
    expect(computeBackoff(1, 1000, undefined, () => 0.5)).toBe(1000);
    expect(computeBackoff(3, 1000, undefined, () => 0.5)).toBe(4000);
    expect(computeBackoff(3, 1000, undefined, () => 0)).toBe(3000);
    expect(computeBackoff(3, 1000, undefined, () => 1)).toBe(5000);
    expect(computeBackoff(40, 1000, undefined, () => 1)).toBe(MAX_BACKOFF_MS);
    const limited = new FetchError('rate_limited', 'HTTP 429', { retryable: true, retryAfterMs: 7000 });
    expect(computeBackoff(1, 1000, limited, () => 0.5)).toBe(7000);
  });

  it('keeps completed english jobs (dedupe) and bounds every retention', () => {
    const config = loadConfig({}, { attempts: 4, backoffMs: 10 });
    const o = defaultJobOptions(config, JobName.english);
    expect(o.attempts).toBe(4);
    expect(o.backoff).toEqual({ type: 'jittered-exponential', delay: 10 });
    expect(o.removeOnComplete).toMatchObject({ count: expect.any(Number), age: expect.any(Number) });
    expect(o.removeOnFail).toMatchObject({ count: expect.any(Number) });
  });
});
