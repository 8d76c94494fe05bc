import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Per-host politeness shared by every worker on every machine, kept in Redis. Two layers:
 *
 * 1. A slot schedule (`reserve`): each request takes the next slot, at least one interval after the
 *    previous one, and sleeps until it. This spaces requests evenly instead of in bursts.
 * 2. An admission check right before the request is sent (`admit`, one atomic script): the host must not
 *    be paused (Retry-After), and a sliding-window log of actual send times must have room in every
 *    window (1 s, 10 s, Crawl-delay). Slots alone meet the rate only on average: a worker whose timer fires
 *    late and one on time put two requests closer than the interval, and a worker that reserved its slot
 *    before a 429 would still send inside the pause. The windows are checked `marginMs` wider than the
 *    limit's window, so arrival jitter up to the margin (event loop, connect) cannot squeeze limit + 1
 *    requests into one window as the server sees them.
 *
 * All times come from Redis `TIME`, so workers with skewed clocks still agree; a client only ever sleeps
 * for a duration a script returned. Keys (per host): `<prefix>:pace:<host>` (hash: last slot, interval,
 * pause) and `<prefix>:sent:<host>` (sorted set of send times, the last minute).
 */

/** Reserve the next slot: slot = max(now, last + interval, paused until, hold). Times in microseconds. */
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local ttlMs = tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'last', 'pu', 'hold')
local slot = now
if h[1] and tonumber(h[1]) + interval > slot then slot = tonumber(h[1]) + interval end
if h[2] and tonumber(h[2]) > slot then slot = tonumber(h[2]) end
if h[3] and tonumber(h[3]) > slot then slot = tonumber(h[3]) end
local paused = 0
if h[2] and tonumber(h[2]) >= slot then paused = 1 end
if maxWait >= 0 and slot - now > maxWait then
  -- Nothing reserved, but the interval now asked for (a Crawl-delay just learnt) is remembered for peeks.
  if h[1] then redis.call('HSET', KEYS[1], 'int', string.format('%.0f', interval), 'nom', ARGV[4]) end
  return {0, string.format('%.0f', slot), string.format('%.0f', now), paused}
end
redis.call('HSET', KEYS[1], 'last', string.format('%.0f', slot), 'int', string.format('%.0f', interval), 'nom', ARGV[4])
local keep = math.floor((slot - now) / 1000) + ttlMs
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return {1, string.format('%.0f', slot), string.format('%.0f', now), paused}
`;

/**
 * Admit a request now, or say how long to wait. ARGV: token, retainUs, ttlMs, member to drop first ('' = none:
 * a stale admission being redone), then (windowUs, limit) pairs. Returns {1, member} (admitted, send time
 * logged), {0, waitUs, 1} (paused) or {0, waitUs, 0} (a window is full).
 */
const ADMIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if ARGV[4] ~= '' then redis.call('ZREM', KEYS[2], ARGV[4]) end
local pu = tonumber(redis.call('HGET', KEYS[1], 'pu') or '0')
if pu > now then return {0, string.format('%.0f', pu - now), 1} end
local retain = tonumber(ARGV[2])
local ttlMs = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('(%.0f', now - retain))
local wait = 0
for i = 5, #ARGV, 2 do
  local w = tonumber(ARGV[i])
  local limit = tonumber(ARGV[i + 1])
  local from = string.format('(%.0f', now - w)
  local n = redis.call('ZCOUNT', KEYS[2], from, '+inf')
  if n >= limit then
    local e = redis.call('ZRANGEBYSCORE', KEYS[2], from, '+inf', 'WITHSCORES', 'LIMIT', n - limit, 1)
    local free = tonumber(e[2]) + w - now
    if free > wait then wait = free end
  end
end
if wait > 0 then return {0, string.format('%.0f', wait), 0} end
local member = string.format('%.0f', now) .. ':' .. ARGV[1]
redis.call('ZADD', KEYS[2], string.format('%.0f', now), member)
redis.call('PEXPIRE', KEYS[2], math.floor(retain / 1000) + ttlMs)
return {1, member}
`;

/**
 * A request admitted earlier has been answered: move its logged send time up to now (never back). Its real
 * arrival lies between admission and now, so later admissions judge against a time no earlier than the
 * arrival, whatever delayed the request on its way out (a busy event loop, a new connection).
 */
const TOUCH_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and now > tonumber(score) then redis.call('ZADD', KEYS[1], 'XX', string.format('%.0f', now), ARGV[1]) end
return 1
`;

/**
 * Pause a host until now + ms. ARGV: us, reason ('' = soft), ttlMs.
 * A hard pause (a server's Retry-After, with its reason) blocks every request not yet sent, reserved or
 * not; a soft one (a caller that only knows a wait) only keeps new slots after it. Never shortens either.
 * Returns {paused until (us), now (us), 1 if a hard pause was already running, 1 if this call extended it}.
 */
const PAUSE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilUs = now + tonumber(ARGV[1])
local reason = ARGV[2]
local ttlMs = tonumber(ARGV[3])
local field = 'hold'
if reason ~= '' then field = 'pu' end
local cur = tonumber(redis.call('HGET', KEYS[1], field) or '0')
local running = 0
if reason ~= '' and cur > now then running = 1 end
local extended = 0
if untilUs > cur then
  extended = 1
  redis.call('HSET', KEYS[1], field, string.format('%.0f', untilUs))
  if reason ~= '' then redis.call('HSET', KEYS[1], 'pr', reason, 'ps', string.format('%.0f', now)) end
  cur = untilUs
end
local keep = math.floor((cur - now) / 1000) + ttlMs
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return {string.format('%.0f', cur), string.format('%.0f', now), running, extended}
`;

/** Read-only: microseconds until the next free slot (0 when free now). */
const PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local h = redis.call('HMGET', KEYS[1], 'last', 'int', 'pu', 'hold')
local nxt = 0
if h[1] then nxt = tonumber(h[1]) + tonumber(h[2] or '0') end
if h[3] and tonumber(h[3]) > nxt then nxt = tonumber(h[3]) end
if h[4] and tonumber(h[4]) > nxt then nxt = tonumber(h[4]) end
if nxt > now then return string.format('%.0f', nxt - now) end
return 0
`;

/** Read-only state of one host for `politenessState`: the hash, sends in the last minute, and now. */
const STATE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local h = redis.call('HMGET', KEYS[1], 'last', 'int', 'pu', 'pr', 'ps', 'hold', 'nom')
local sent = redis.call('ZCOUNT', KEYS[2], string.format('(%.0f', now - 60000000), '+inf')
return {string.format('%.0f', now), h[1] or '', h[2] or '', h[3] or '', h[4] or '', h[5] or '', h[6] or '', h[7] or '', sent}
`;

export interface HostLimiterOptions {
  /** Key prefix; keys are `<prefix>:pace:<host>` and `<prefix>:sent:<host>`. */
  prefix: string;
  /** Requests per second per host. */
  ratePerSecond: number;
  /**
   * How much wider than the limit's window the send log is checked (ms): the arrival jitter tolerated.
   * @defaultValue 30
   */
  marginMs?: number;
  /**
   * How long a host's keys outlive its last reserved slot.
   * @defaultValue 60_000
   */
  idleTtlMs?: number;
}

export interface AcquireOptions {
  /** Minimum interval between requests to this host (robots.txt Crawl-delay), in ms. */
  minIntervalMs?: number | undefined;
  /**
   * Longest total wait (slot + admission waits); beyond it `acquire` throws {@link PolitenessWaitTooLong}.
   * @defaultValue Infinity
   */
  maxWaitMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** One reservation as the Redis script returned it (Redis server clock, ms since epoch, fractional). */
export interface SlotReservation {
  /** False when the slot would have been further away than `maxWaitMs` (nothing was reserved). */
  reserved: boolean;
  /** When the request may start. */
  slotMs: number;
  /** Redis server time when the script ran. */
  nowMs: number;
  /** slotMs − nowMs. */
  waitMs: number;
  /** The slot is where it is because the host is paused (a server's Retry-After). */
  paused: boolean;
}

/** What `admit` decided: sent now (and logged), or wait this long because the host is paused or a window is full. */
export type Admission = { admitted: true; member: string } | { admitted: false; waitMs: number; paused: boolean };

/** A request admitted to be sent now; hand it to `sent` once the response (or an error) is back. */
export interface SendTicket {
  host: string;
  /** Its entry in the send log. */
  member: string;
  /** Ms slept for the slot and admission. */
  waitedMs: number;
  /** performance.now() when admission was asked for (bounds how late the request can arrive). */
  admitAskedAt: number;
}

/** What a hard pause did: until when the host is paused, and whether this call started the pause. */
export interface PauseResult {
  /** Redis clock, ms since epoch. */
  pausedUntilMs: number;
  /** True when the host was not paused before this call (log it once); false when it extended or kept a running pause. */
  started: boolean;
  /** True when this call moved the end of the pause later. */
  extended: boolean;
}

/** One window checked at admission: at most `limit` sends in any `windowMs` (margin included). */
export interface SendWindow {
  windowMs: number;
  limit: number;
}

/** Thrown by `acquire` when the host's next slot (or admission) is further away than `maxWaitMs`. */
export class PolitenessWaitTooLong extends Error {
  override readonly name = 'PolitenessWaitTooLong';
  constructor(
    readonly host: string,
    readonly waitMs: number,
    /** Whether the host is paused (a server's Retry-After) rather than merely busy. */
    readonly paused = false,
  ) {
    super(`next slot for ${host} is ${Math.ceil(waitMs)} ms away${paused ? ' (host paused)' : ''}`);
  }
}

class LuaScript {
  private readonly sha: string;
  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      // NOSCRIPT is the protocol's error prefix for "not cached yet" (e.g. after a Redis restart).
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw err;
    }
  }
}

const reserveScript = new LuaScript(RESERVE_LUA);
const admitScript = new LuaScript(ADMIT_LUA);
const pauseScript = new LuaScript(PAUSE_LUA);
const peekScript = new LuaScript(PEEK_LUA);
const stateScript = new LuaScript(STATE_LUA);
const touchScript = new LuaScript(TOUCH_LUA);

function toNumbers(reply: unknown): number[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply: ${String(reply)}`);
  return reply.map((v) => Number(v));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The send log is kept this long: the longest window, and a minute for `politenessState`. */
const RETAIN_MIN_MS = 60_000;

/** The interval the settings ask for: the rate's, or Crawl-delay when longer (no margin). */
export function nominalIntervalMs(ratePerSecond: number, minIntervalMs: number | undefined): number {
  return Math.max(1000 / ratePerSecond, minIntervalMs ?? 0);
}

/**
 * The windows a host's sends are checked against, for `ratePerSecond` and an optional Crawl-delay
 * (`minIntervalMs`): at most floor(rate × 1 s) in any 1 s, floor(rate × 10 s) in any 10 s, and with an
 * interval of a second or more, one per interval; each window widened by `marginMs`.
 */
export function sendWindows(ratePerSecond: number, minIntervalMs: number | undefined, marginMs: number): SendWindow[] {
  const intervalMs = nominalIntervalMs(ratePerSecond, minIntervalMs);
  const per = (w: number): number => Math.max(1, Math.floor(w / intervalMs + 1e-9));
  const windows: SendWindow[] = [
    { windowMs: 1000 + marginMs, limit: per(1000) },
    { windowMs: 10_000 + marginMs, limit: per(10_000) },
  ];
  if (intervalMs > 1000) windows.push({ windowMs: intervalMs + marginMs, limit: 1 });
  return windows;
}

/** The slot interval that keeps the schedule inside every window (so admission waits only on jitter). */
export function slotIntervalMs(windows: readonly SendWindow[]): number {
  return Math.max(...windows.map((w) => w.windowMs / w.limit));
}

/** Shared per-host request pacing (see the module comment). */
export class HostLimiter {
  readonly prefix: string;
  readonly ratePerSecond: number;
  readonly marginMs: number;
  private readonly idleTtlMs: number;

  constructor(
    private readonly redis: Redis,
    options: HostLimiterOptions,
  ) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.prefix = options.prefix;
    this.ratePerSecond = options.ratePerSecond;
    this.marginMs = Math.max(0, options.marginMs ?? 30);
    this.idleTtlMs = options.idleTtlMs ?? 60_000;
  }

  /** The Redis key of a host's schedule and pause (a hash). */
  key(host: string): string {
    return `${this.prefix}:pace:${host.toLowerCase()}`;
  }

  /** The Redis key of a host's send log (a sorted set of send times). */
  sentKey(host: string): string {
    return `${this.prefix}:sent:${host.toLowerCase()}`;
  }

  /** The slot interval used for a host: the rate's interval, or Crawl-delay when longer, widened to fit the margin. */
  intervalFor(minIntervalMs?: number): number {
    return slotIntervalMs(sendWindows(this.ratePerSecond, minIntervalMs, this.marginMs));
  }

  /** Reserves the next slot for `host` without sleeping; returns the schedule values from Redis. */
  async reserve(host: string, opts: Omit<AcquireOptions, 'signal'> = {}): Promise<SlotReservation> {
    const intervalUs = Math.round(this.intervalFor(opts.minIntervalMs) * 1000);
    const maxWait = opts.maxWaitMs;
    const maxWaitUs = maxWait === undefined || !Number.isFinite(maxWait) ? -1 : Math.max(0, Math.round(maxWait * 1000));
    const nominalUs = Math.round(nominalIntervalMs(this.ratePerSecond, opts.minIntervalMs) * 1000);
    const [ok, slot, now, paused] = toNumbers(await reserveScript.run(this.redis, [this.key(host)], [intervalUs, maxWaitUs, this.idleTtlMs, nominalUs]));
    const slotMs = (slot ?? 0) / 1000;
    const nowMs = (now ?? 0) / 1000;
    return { reserved: ok === 1, slotMs, nowMs, waitMs: Math.max(0, slotMs - nowMs), paused: paused === 1 };
  }

  /**
   * The check right before sending: admitted (and the send time logged) unless the host is paused or a
   * send window is full. Atomic, so two workers can never both take the last place in a window.
   */
  async admit(host: string, opts: { minIntervalMs?: number | undefined; replace?: string | undefined } = {}): Promise<Admission> {
    const windows = sendWindows(this.ratePerSecond, opts.minIntervalMs, this.marginMs);
    const retainUs = Math.round(Math.max(RETAIN_MIN_MS, ...windows.map((w) => w.windowMs)) * 1000);
    const args: (string | number)[] = [randomBytes(6).toString('hex'), retainUs, this.idleTtlMs, opts.replace ?? ''];
    for (const w of windows) args.push(Math.round(w.windowMs * 1000), w.limit);
    const reply = await admitScript.run(this.redis, [this.key(host), this.sentKey(host)], args);
    if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply: ${String(reply)}`);
    if (Number(reply[0]) === 1) return { admitted: true, member: String(reply[1]) };
    // At least a millisecond, so a caller looping on admit never spins.
    return { admitted: false, waitMs: Math.max(1, Number(reply[1]) / 1000), paused: Number(reply[2]) === 1 };
  }

  /**
   * Waits for this process's turn at `host`: reserves a slot, sleeps until it, then is admitted right
   * before sending (waiting again while a window is full; taking a new slot after a pause, so the
   * waiters do not all go at its end). An admission whose reply came back late (this process was
   * starved of CPU) is redone, since the request would leave well after the logged time. Throws
   * {@link PolitenessWaitTooLong} when the total wait would pass `maxWaitMs`.
   */
  async acquireSend(host: string, opts: AcquireOptions = {}): Promise<SendTicket> {
    const maxWaitMs = opts.maxWaitMs ?? Infinity;
    let waited = 0;
    for (;;) {
      const r = await this.reserve(host, { minIntervalMs: opts.minIntervalMs, maxWaitMs: maxWaitMs - waited });
      if (!r.reserved) throw new PolitenessWaitTooLong(host, r.waitMs, r.paused);
      waited += r.waitMs;
      await sleep(r.waitMs, opts.signal);
      let replace: string | undefined;
      for (let redo = 0; ; ) {
        const askedAt = performance.now();
        const a = await this.admit(host, { minIntervalMs: opts.minIntervalMs, replace });
        if (a.admitted) {
          if (performance.now() - askedAt > this.marginMs / 2 && redo++ < 3) {
            replace = a.member;
            continue;
          }
          return { host, member: a.member, waitedMs: waited, admitAskedAt: askedAt };
        }
        replace = undefined;
        if (waited + a.waitMs > maxWaitMs) throw new PolitenessWaitTooLong(host, a.waitMs, a.paused);
        if (a.paused) break; // back to the schedule: a fresh slot after the pause
        waited += a.waitMs;
        await sleep(a.waitMs, opts.signal);
      }
    }
  }

  /** `acquireSend` for callers that do not report back; resolves with the ms slept. */
  async acquire(host: string, opts: AcquireOptions = {}): Promise<number> {
    return (await this.acquireSend(host, opts)).waitedMs;
  }

  /**
   * The admitted request's response (or error) is back. When it took longer than the margin can absorb,
   * its logged send time moves up to now, so the next admissions count it where the server saw it.
   */
  async sent(ticket: SendTicket): Promise<void> {
    if (performance.now() - ticket.admitAskedAt <= this.marginMs / 2) return;
    await touchScript.run(this.redis, [this.sentKey(ticket.host)], [ticket.member]);
  }

  /**
   * A pause the server asked for (Retry-After, or a 429/503): no request to `host` before now + ms, slots
   * already reserved included (they wait again at admission). `reason` is what the server sent (e.g.
   * `HTTP 429, Retry-After: 120`); `politenessState` shows it. Never shortens a running pause.
   */
  async pauseAll(host: string, ms: number, reason: string): Promise<PauseResult> {
    const reply = toNumbers(await pauseScript.run(this.redis, [this.key(host)], [Math.max(0, Math.round(ms * 1000)), reason || 'paused', this.idleTtlMs]));
    return { pausedUntilMs: (reply[0] ?? 0) / 1000, started: reply[2] === 0, extended: reply[3] === 1 };
  }

  /**
   * No new slot for `host` before now + ms, for a caller that knows a wait but not that the server asked
   * for it (e.g. a job handed back with `retryAfterMs`): requests already admitted to earlier slots still
   * go. Never pulls the schedule earlier.
   */
  async pause(host: string, ms: number): Promise<void> {
    await pauseScript.run(this.redis, [this.key(host)], [Math.max(0, Math.round(ms * 1000)), '', this.idleTtlMs]);
  }

  /** Milliseconds until `host`'s next free slot (0 if free now). */
  async nextSlotIn(host: string): Promise<number> {
    const us = Number(await peekScript.run(this.redis, [this.key(host)], []));
    return us / 1000;
  }
}

/** One host's politeness as `status` shows it. */
export interface HostPolitenessState {
  host: string;
  /** ISO time the host is paused until (a server's Retry-After), or null when not paused. */
  pausedUntil: string | null;
  /** What the server sent, e.g. `HTTP 429, Retry-After: 120`, while paused. */
  pauseReason: string | null;
  /** ISO time the pause was set, while paused. */
  pausedSince: string | null;
  /** ISO time of the next free slot (now when free). */
  nextFreeSlot: string;
  /** Requests sent to the host in the last minute, by every worker. */
  sentLastMinute: number;
  /** What the configured rate (and the host's Crawl-delay, as last used) allows per minute. */
  limitPerMinute: number;
}

/**
 * Every host's politeness state, read from Redis (all workers on all machines write it): pause, next
 * free slot, and requests in the last minute against the limit. `prefix` is the limiter's key prefix
 * (`<QUEUE_PREFIX>:polite` for the Fetcher); hosts idle past their key TTL are not listed.
 */
export async function politenessState(redis: Redis, opts: { prefix: string; ratePerSecond: number }): Promise<HostPolitenessState[]> {
  const match = `${opts.prefix}:pace:`;
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${match}*`, 'COUNT', 500);
    cursor = next;
    for (const k of batch) keys.add(k);
  } while (cursor !== '0');
  const out: HostPolitenessState[] = [];
  for (const key of [...keys].sort()) {
    const host = key.slice(match.length);
    const reply = (await stateScript.run(redis, [key, `${opts.prefix}:sent:${host}`], [])) as (string | number)[];
    const [nowS, lastS, intS, puS, pr, psS, holdS, nomS, sent] = reply.map((v) => String(v));
    const now = Number(nowS);
    const num = (s: string | undefined): number => (s ? Number(s) : 0);
    const pu = num(puS);
    const paused = pu > now;
    const next = Math.max(now, num(lastS) + num(intS), pu, num(holdS));
    const nominalMs = nomS ? Number(nomS) / 1000 : nominalIntervalMs(opts.ratePerSecond, undefined);
    out.push({
      host,
      pausedUntil: paused ? new Date(pu / 1000).toISOString() : null,
      pauseReason: paused ? (pr ?? null) || null : null,
      pausedSince: paused && psS ? new Date(Number(psS) / 1000).toISOString() : null,
      nextFreeSlot: new Date(next / 1000).toISOString(),
      sentLastMinute: Number(sent),
      limitPerMinute: Math.floor(60_000 / nominalMs + 1e-9),
    });
  }
  return out;
}
