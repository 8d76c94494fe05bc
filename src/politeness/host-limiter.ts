import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Per-host politeness shared by every worker on every machine, kept in Redis as a
 * "next allowed time" schedule. All times come from Redis `TIME`, so hosts with skewed
 * clocks still agree; the client only ever sleeps for a duration the script returned.
 */

/** Reserve the next slot: slot = max(now, next); next = slot + interval. Times in microseconds. */
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local ttlMs = tonumber(ARGV[3])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = nxt
if now > slot then slot = now end
if maxWait >= 0 and slot - now > maxWait then
  return {0, slot, now}
end
local newNext = slot + interval
redis.call('SET', KEYS[1], string.format('%.0f', newNext), 'PX', math.floor((newNext - now) / 1000) + ttlMs)
return {1, slot, now}
`;

/** Push next to at least now + ms (Retry-After), never pulling it earlier. */
const PAUSE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilUs = now + tonumber(ARGV[1])
local ttlMs = tonumber(ARGV[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilUs > nxt then nxt = untilUs end
redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.floor((nxt - now) / 1000) + ttlMs)
return {nxt, now}
`;

/** Read-only: microseconds until the next free slot (0 when free now). */
const PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then return nxt - now end
return 0
`;

export interface HostLimiterOptions {
  /** Key prefix; keys are `<prefix>:host:<host>`. */
  prefix: string;
  /** Requests per second per host. */
  ratePerSecond: number;
  /**
   * How long a host's schedule key outlives its last reserved slot.
   * @defaultValue 60_000
   */
  idleTtlMs?: number;
}

export interface AcquireOptions {
  /** Minimum interval between requests to this host (robots.txt Crawl-delay), in ms. */
  minIntervalMs?: number | undefined;
  /**
   * Do not reserve a slot further away than this; `acquire` then throws {@link PolitenessWaitTooLong}.
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
}

/** Thrown by `acquire` when the host's next slot is further away than `maxWaitMs`. */
export class PolitenessWaitTooLong extends Error {
  override readonly name = 'PolitenessWaitTooLong';
  constructor(
    readonly host: string,
    readonly waitMs: number,
  ) {
    super(`next slot for ${host} is ${Math.ceil(waitMs)} ms away`);
  }
}

class LuaScript {
  private readonly sha: string;
  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }
  async run(redis: Redis, key: string, args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 1, key, ...args);
    } catch (err) {
      // NOSCRIPT is the protocol's error prefix for "not cached yet" (e.g. after a Redis restart).
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, 1, key, ...args);
      throw err;
    }
  }
}

const reserveScript = new LuaScript(RESERVE_LUA);
const pauseScript = new LuaScript(PAUSE_LUA);
const peekScript = new LuaScript(PEEK_LUA);

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

/** Shared per-host request pacing (see the module comment). */
export class HostLimiter {
  private readonly prefix: string;
  private readonly intervalMs: number;
  private readonly idleTtlMs: number;

  constructor(
    private readonly redis: Redis,
    options: HostLimiterOptions,
  ) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.prefix = options.prefix;
    this.intervalMs = 1000 / options.ratePerSecond;
    this.idleTtlMs = options.idleTtlMs ?? 60_000;
  }

  /** The Redis key of a host's schedule. */
  key(host: string): string {
    return `${this.prefix}:host:${host.toLowerCase()}`;
  }

  /** The interval used for a host: the rate's interval, or Crawl-delay when longer. */
  intervalFor(minIntervalMs?: number): number {
    return Math.max(this.intervalMs, minIntervalMs ?? 0);
  }

  /** Reserves the next slot for `host` without sleeping; returns the schedule values from Redis. */
  async reserve(host: string, opts: Omit<AcquireOptions, 'signal'> = {}): Promise<SlotReservation> {
    const intervalUs = Math.round(this.intervalFor(opts.minIntervalMs) * 1000);
    const maxWait = opts.maxWaitMs;
    const maxWaitUs = maxWait === undefined || !Number.isFinite(maxWait) ? -1 : Math.max(0, Math.round(maxWait * 1000));
    const [ok, slot, now] = toNumbers(
      await reserveScript.run(this.redis, this.key(host), [intervalUs, maxWaitUs, this.idleTtlMs]),
    );
    const slotMs = (slot ?? 0) / 1000;
    const nowMs = (now ?? 0) / 1000;
    return { reserved: ok === 1, slotMs, nowMs, waitMs: Math.max(0, slotMs - nowMs) };
  }

  /** Waits for this process's turn at `host`; resolves with the ms waited. */
  async acquire(host: string, opts: AcquireOptions = {}): Promise<number> {
    const r = await this.reserve(host, opts);
    if (!r.reserved) throw new PolitenessWaitTooLong(host, r.waitMs);
    await sleep(r.waitMs, opts.signal);
    return r.waitMs;
  }

  /** No request to `host` before now + ms (Retry-After); never shortens an existing pause. */
  async pause(host: string, ms: number): Promise<void> {
    await pauseScript.run(this.redis, this.key(host), [Math.max(0, Math.round(ms * 1000)), this.idleTtlMs]);
  }

  /** Milliseconds until `host`'s next free slot (0 if free now). */
  async nextSlotIn(host: string): Promise<number> {
    const us = Number(await peekScript.run(this.redis, this.key(host), []));
    return us / 1000;
  }
}
