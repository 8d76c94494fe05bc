import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { HostLimiter, PolitenessWaitTooLong } from '../../src/politeness/host-limiter.js';

let a: Redis;
let b: Redis;
const prefixes: string[] = [];

function prefix(): string {
  const p = `tlimit-${randomBytes(5).toString('hex')}`;
  prefixes.push(p);
  return p;
}

beforeAll(() => {
  // Two connections stand in for two worker processes.
  a = new Redis(inject('redisUrl'));
  b = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  for (const p of prefixes.splice(0)) {
    const keys = await a.keys(`${p}:*`);
    if (keys.length) await a.del(...keys);
  }
});

afterAll(() => {
  a.disconnect();
  b.disconnect();
});

describe('HostLimiter', () => {
  it('gives concurrent acquirers on two connections slots at least one interval apart (20 req/s)', async () => {
    const p = prefix();
    const la = new HostLimiter(a, { prefix: p, ratePerSecond: 20 });
    const lb = new HostLimiter(b, { prefix: p, ratePerSecond: 20 });
    const reservations = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? la : lb).reserve('www.donga.com')),
    );
    const slots = reservations.map((r) => r.slotMs).sort((x, y) => x - y);
    expect(reservations.every((r) => r.reserved)).toBe(true);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(50 - 0.001);
    // The schedule is dense: 20 slots span 19 intervals from the first, no gaps wasted.
    expect(slots.at(-1)! - slots[0]!).toBeGreaterThanOrEqual(19 * 50 - 0.001);
    expect(slots.at(-1)! - slots[0]!).toBeLessThan(19 * 50 + 500);
  });

  it('acquire sleeps for the returned wait (generous bound) and keeps hosts independent', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 10 });
    await l.acquire('a.example');
    const t0 = performance.now();
    const waited = await l.acquire('a.example');
    const elapsed = performance.now() - t0;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(100);
    expect(elapsed).toBeGreaterThanOrEqual(waited - 5);
    expect((await l.reserve('b.example')).waitMs).toBe(0);
  });

  it('pause pushes the next slot to at least now + ms, and never pulls it earlier', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000 });
    await l.pause('h', 10_000);
    const r = await l.reserve('h');
    expect(r.slotMs - r.nowMs).toBeGreaterThan(9_000);
    await l.pause('h', 10);
    expect(await l.nextSlotIn('h')).toBeGreaterThan(9_000);
    const other = new HostLimiter(b, { prefix: p, ratePerSecond: 1000 });
    expect(await other.nextSlotIn('h')).toBeGreaterThan(9_000);
    expect(await other.nextSlotIn('free-host')).toBe(0);
  });

  it('uses Crawl-delay when it is longer than the rate interval', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000 });
    const first = await l.reserve('h', { minIntervalMs: 5_000 });
    const second = await l.reserve('h', { minIntervalMs: 5_000 });
    expect(second.slotMs - first.slotMs).toBeGreaterThanOrEqual(5_000 - 0.001);
  });

  it('refuses to reserve beyond maxWaitMs without consuming a slot', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000 });
    await l.pause('h', 30_000);
    const r = await l.reserve('h', { maxWaitMs: 1_000 });
    expect(r.reserved).toBe(false);
    await expect(l.acquire('h', { maxWaitMs: 1_000 })).rejects.toBeInstanceOf(PolitenessWaitTooLong);
    // Nothing was reserved, so the schedule still ends at the pause.
    expect(await l.nextSlotIn('h')).toBeLessThanOrEqual(30_000);
  });

  it('acquire can be aborted while waiting', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000 });
    await l.pause('h', 20_000);
    const ac = new AbortController();
    const pending = l.acquire('h', { signal: ac.signal });
    ac.abort(new Error('shutdown'));
    await expect(pending).rejects.toThrow('shutdown');
  });

  it('keys carry a TTL so idle hosts do not accumulate', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1 });
    await l.reserve('www.donga.com');
    const ttl = await a.pttl(l.key('www.donga.com'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61_000 + 1000);
  });
});
