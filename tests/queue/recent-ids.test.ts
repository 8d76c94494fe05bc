import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/queue/recent-ids.js';

describe('RecentIds', () => {
  it('answers true for an id added within the ttl, false before and after', () => {
    const r = new RecentIds(10, 1000);
    expect(r.checkAndAdd('a', 0)).toBe(false);
    expect(r.checkAndAdd('a', 999)).toBe(true);
    expect(r.checkAndAdd('a', 1000)).toBe(false); // expired: added again, remembered from 1000
    expect(r.checkAndAdd('a', 1500)).toBe(true);
  });

  it('forgets the oldest id past its capacity, and an id on request', () => {
    const r = new RecentIds(2, 60_000);
    r.checkAndAdd('a', 0);
    r.checkAndAdd('b', 1);
    r.checkAndAdd('c', 2);
    expect(r.checkAndAdd('a', 3)).toBe(false);
    expect(r.checkAndAdd('c', 4)).toBe(true);
    r.forget('c');
    expect(r.checkAndAdd('c', 5)).toBe(false);
  });
});
