import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { HostLimiter, PolitenessWaitTooLong, politenessState, sendWindows, slotIntervalMs } from '../../src/politeness/host-limiter.js';
import { maxInWindow } from '../../src/politeness/window-stats.js';

/** The send log's times (ms, Redis clock), oldest first. */
async function sendLog(r: Redis, l: HostLimiter, host: string): Promise<number[]> {
  const raw = await r.zrange(l.sentKey(host), '0', '-1', 'WITHSCORES');
  return raw.filter((_, i) => i % 2 === 1).map((v) => Number(v) / 1000);
}

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
    const reservations = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? la : lb).reserve('www.donga.com')));
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
    // One slot interval: 100 ms at 10/s, widened by the margin (1 s + margin holds 10).
    expect(waited).toBeLessThanOrEqual(l.intervalFor());
    expect(l.intervalFor()).toBe((1000 + l.marginMs) / 10);
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

  it('sendWindows: 1 s and 10 s at the rate, one per Crawl-delay, each widened by the margin; the slot interval fits them all', () => {
    expect(sendWindows(5, undefined, 30)).toEqual([
      { windowMs: 1030, limit: 5 },
      { windowMs: 10_030, limit: 50 },
    ]);
    expect(slotIntervalMs(sendWindows(5, undefined, 30))).toBeCloseTo(206, 6);
    expect(sendWindows(5, 2000, 30)).toEqual([
      { windowMs: 1030, limit: 1 },
      { windowMs: 10_030, limit: 5 },
      { windowMs: 2030, limit: 1 },
    ]);
    expect(slotIntervalMs(sendWindows(5, 2000, 30))).toBe(2030);
    expect(slotIntervalMs(sendWindows(20, undefined, 0))).toBe(50);
  });

  it('admit keeps every window within its limit, however many connections ask at once', async () => {
    const p = prefix();
    const limiters = [a, b].map((r) => new HostLimiter(r, { prefix: p, ratePerSecond: 5, marginMs: 30 }));
    // 12 admissions asked at the same instant (no schedule): only 5 fit a 1.03 s window.
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2]!.admit('h')));
    expect(first.filter((x) => x.admitted)).toHaveLength(5);
    const refused = first.find((x) => !x.admitted);
    expect(refused).toMatchObject({ admitted: false, paused: false });
    expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(900);
    expect((refused as { waitMs: number }).waitMs).toBeLessThanOrEqual(1030);
    const log = await sendLog(a, limiters[0]!, 'h');
    expect(maxInWindow(log, 1030).max).toBe(5);
  });

  it('acquire from many lanes: the send log never holds more than the limit in any window widened by the margin', async () => {
    const p = prefix();
    const limiters = [a, b].map((r) => new HostLimiter(r, { prefix: p, ratePerSecond: 20, marginMs: 30 }));
    await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 2]!.acquire('h')));
    const log = await sendLog(a, limiters[0]!, 'h');
    expect(log).toHaveLength(30);
    expect(maxInWindow(log, 1030).max).toBeLessThanOrEqual(20);
  });

  it('a pause holds slots reserved before it: the reserved request takes a fresh slot after the pause', async () => {
    const p = prefix();
    const la = new HostLimiter(a, { prefix: p, ratePerSecond: 2 });
    const lb = new HostLimiter(b, { prefix: p, ratePerSecond: 2 });
    await la.acquire('h'); // the request that will be answered 429
    const pending = lb.acquireSend('h'); // its slot is ~0.5 s away, reserved now
    await new Promise((r) => setTimeout(r, 50));
    const pause = await la.pauseAll('h', 1_500, 'HTTP 429, Retry-After: 1.5');
    expect(pause.started).toBe(true);
    // A second pause call while paused keeps it (never shortens), and does not start a new one (one log).
    const again = await lb.pauseAll('h', 100, 'HTTP 429, Retry-After: 0.1');
    expect(again).toMatchObject({ started: false, extended: false, pausedUntilMs: pause.pausedUntilMs });
    const ticket = await pending;
    const sentAt = Number(ticket.member.split(':')[0]) / 1000;
    expect(sentAt).toBeGreaterThanOrEqual(pause.pausedUntilMs);
  });

  it('a soft pause (no reason) only moves new slots: admissions of reserved slots are not refused', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000 });
    await l.pause('h', 10_000);
    expect(await l.admit('h')).toMatchObject({ admitted: true });
    expect(await l.nextSlotIn('h')).toBeGreaterThan(9_000);
  });

  it("sent() moves a late request's logged time up to when its answer came, never back", async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 1000, marginMs: 10 });
    const ticket = await l.acquireSend('h');
    const before = (await sendLog(a, l, 'h'))[0]!;
    await new Promise((r) => setTimeout(r, 60)); // the answer took 60 ms, beyond what the margin absorbs
    await l.sent(ticket);
    const after = (await sendLog(a, l, 'h'))[0]!;
    expect(after - before).toBeGreaterThanOrEqual(50);
  });

  it('politenessState lists every host with pause, next slot and requests in the last minute', async () => {
    const p = prefix();
    const l = new HostLimiter(a, { prefix: p, ratePerSecond: 2 });
    await l.acquire('a.example');
    await l.acquire('b.example', { minIntervalMs: 5_000 });
    await l.pauseAll('b.example', 60_000, 'HTTP 503, Retry-After: 60');
    const state = await politenessState(b, { prefix: p, ratePerSecond: 2 });
    expect(state.map((s) => s.host)).toEqual(['a.example', 'b.example']);
    expect(state[0]).toMatchObject({ pausedUntil: null, pauseReason: null, sentLastMinute: 1, limitPerMinute: 120 });
    expect(state[1]).toMatchObject({ pauseReason: 'HTTP 503, Retry-After: 60', sentLastMinute: 1, limitPerMinute: 12 });
    expect(Date.parse(state[1]!.pausedUntil!) - Date.now()).toBeGreaterThan(50_000);
    expect(Date.parse(state[1]!.nextFreeSlot)).toBeGreaterThanOrEqual(Date.parse(state[1]!.pausedUntil!));
    expect(state[1]!.pausedSince).not.toBeNull();
  });
});
