import type { Redis } from 'ioredis';

/**
 * robots.txt per RFC 9309: `parseRobots` is pure; `RobotsCache` shares one fetched copy per origin
 * through Redis so all workers on all machines fetch a site's robots.txt about once per TTL.
 */

/** Where the rules came from; `unreachable` means "disallow everything for now" (RFC 9309 §2.3.1.4). */
export type RobotsSource = 'parsed' | 'missing' | 'unreachable';

export interface RobotsRules {
  /** Whether `pathAndQuery` (e.g. `/en/article?x=1`) may be fetched. */
  isAllowed(pathAndQuery: string): boolean;
  /** Crawl-delay of the group that applies to us, if any (seconds). */
  readonly crawlDelaySeconds: number | null;
  /** Absolute `Sitemap:` URLs, in file order (they apply to every user agent). */
  readonly sitemaps: readonly string[];
  readonly source: RobotsSource;
}

interface Rule {
  allow: boolean;
  /** Normalized pattern; its length decides "longest match". */
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelay: number | null;
}

/** Uppercases percent-escapes and percent-encodes non-ASCII, so patterns and paths compare alike. */
function normalizePath(p: string): string {
  let out = p.replace(/%[0-9a-fA-F]{2}/g, (m) => m.toUpperCase());
  out = out.replace(/[^\x21-\x7e]/gu, (ch) => [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return out;
}

function compile(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const re = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}${anchored ? '$' : ''}`);
}

/** The product token of a User-Agent string: `donga-ingest/0.1 (...)` → `donga-ingest`. */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/)[0] ?? '').toLowerCase();
}

function rulesFrom(groups: Group[], sitemaps: string[], source: RobotsSource, allowAll: boolean): RobotsRules {
  const rules = groups.flatMap((g) => g.rules);
  const delays = groups.map((g) => g.crawlDelay).filter((d): d is number => d !== null);
  return {
    source,
    sitemaps,
    crawlDelaySeconds: delays.length ? Math.max(...delays) : null,
    isAllowed(pathAndQuery: string): boolean {
      if (allowAll) return true;
      const path = normalizePath(pathAndQuery || '/');
      // robots.txt itself is always allowed (RFC 9309 §2.2.2).
      if (path === '/robots.txt') return true;
      let best: Rule | undefined;
      for (const r of rules) {
        if (!r.regex.test(path)) continue;
        // Longest pattern wins; on a tie the least restrictive (Allow) wins.
        if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow)) best = r;
      }
      return best ? best.allow : true;
    },
  };
}

/**
 * Parses robots.txt for `userAgentToken` (a full UA string or its product token). The whole text is
 * parsed: the fetcher reads at most ROBOTS_MAX_BYTES (RFC 9309 §2.5 asks for at least 500 KiB).
 */
export function parseRobots(text: string, userAgentToken: string): RobotsRules {
  const token = productToken(userAgentToken);
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
    } else if (!current) {
      // rules before any user-agent line belong to no group
    } else if (key === 'allow' || key === 'disallow') {
      if (!value) continue; // an empty Disallow matches nothing
      const pattern = normalizePath(value.startsWith('/') || value.startsWith('*') ? value : `/${value}`);
      current.rules.push({ allow: key === 'allow', pattern, regex: compile(pattern) });
    } else if (key === 'crawl-delay') {
      const d = Number.parseFloat(value);
      if (Number.isFinite(d) && d >= 0) current.crawlDelay = d;
    }
  }
  // Our product token's groups (combined); else the `*` groups; else no rules (RFC 9309 §2.2.1).
  const ours = groups.filter((g) => g.agents.some((a) => a !== '*' && productToken(a) === token));
  const chosen = ours.length ? ours : groups.filter((g) => g.agents.includes('*'));
  return rulesFrom(chosen, sitemaps, 'parsed', false);
}

/** Rules for a robots.txt that does not exist (4xx): everything allowed. */
export function allowAllRules(source: RobotsSource = 'missing'): RobotsRules {
  return rulesFrom([], [], source, true);
}

/** Rules while robots.txt is unreachable (5xx, network): everything disallowed. */
export function disallowAllRules(): RobotsRules {
  const all: Rule = { allow: false, pattern: '/', regex: /^\// };
  const rules = rulesFrom([{ agents: ['*'], rules: [all], crawlDelay: null }], [], 'unreachable', false);
  // Even robots.txt itself: nothing may be fetched while the server is failing.
  return { ...rules, isAllowed: () => false };
}

/** What a robots.txt fetch returned; `status` 0 means a network error. */
export interface RobotsResponse {
  status: number;
  body: string;
}

export interface RobotsCacheOptions {
  redis: Redis;
  /** Key prefix; keys are `<prefix>:robots:<origin>`. */
  prefix: string;
  /** Fetches `<origin>/robots.txt`; may throw on network errors (treated as unreachable). */
  fetchRobots: (origin: string) => Promise<RobotsResponse>;
  /** The User-Agent (or product token) whose group applies. */
  userAgent: string;
  /** @defaultValue 86_400 (one day) */
  ttlSeconds?: number;
  /** How long an unreachable robots.txt blocks the origin before it is tried again. @defaultValue 60 */
  unreachableTtlSeconds?: number;
  /** How long this process keeps parsed rules in memory before re-reading Redis. @defaultValue 60 */
  memoryTtlSeconds?: number;
  /**
   * How long one worker's fetch of robots.txt may hold the fetch lock (the longest a fetch can take);
   * the others wait that long for its result rather than fetching the same file. @defaultValue 30_000
   */
  lockMs?: number;
}

interface Stored {
  kind: RobotsSource;
  status: number;
  body: string;
  fetchedAt: string;
  /** For `unreachable`: why (`HTTP 503`, `getaddrinfo ENOTFOUND www.donga.com` …), for error messages. */
  reason?: string;
}

/** The message of the innermost cause of an error (undici wraps DNS/socket errors in "fetch failed"), with its code. */
function describeError(err: unknown): string {
  let e = err;
  for (let depth = 0; depth < 4 && e instanceof Error && e.cause; depth++) e = e.cause;
  if (!(e instanceof Error)) return e === undefined || e === null ? 'unknown error' : String(e);
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
}

interface Memo {
  rules: RobotsRules;
  /** Epoch ms when the in-memory copy expires. */
  expiresAt: number;
  /** For `unreachable`: ms the Redis entry had left when read. */
  ttlMs: number;
  /** For `unreachable`: why. */
  reason?: string | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** robots.txt rules per origin, cached in Redis (shared) and briefly in memory (per process). */
export class RobotsCache {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly fetchRobots: (origin: string) => Promise<RobotsResponse>;
  private readonly userAgent: string;
  private readonly ttlSeconds: number;
  private readonly unreachableTtlSeconds: number;
  private readonly memoryTtlMs: number;
  private readonly lockMs: number;
  private readonly memo = new Map<string, Memo>();
  private readonly inflight = new Map<string, Promise<Memo>>();
  /** Number of robots.txt fetches this instance made (for tests and metrics). */
  fetchCount = 0;

  constructor(opts: RobotsCacheOptions) {
    this.redis = opts.redis;
    this.prefix = opts.prefix;
    this.fetchRobots = opts.fetchRobots;
    this.userAgent = opts.userAgent;
    this.ttlSeconds = opts.ttlSeconds ?? 86_400;
    this.unreachableTtlSeconds = opts.unreachableTtlSeconds ?? 60;
    this.memoryTtlMs = (opts.memoryTtlSeconds ?? 60) * 1000;
    this.lockMs = opts.lockMs ?? 30_000;
  }

  key(origin: string): string {
    return `${this.prefix}:robots:${origin}`;
  }

  /** The rules for `origin` (e.g. `https://www.donga.com`). */
  async rules(origin: string): Promise<RobotsRules> {
    return (await this.entry(origin)).rules;
  }

  /** Like `rules`, plus how many ms an `unreachable` verdict still holds, and why it is unreachable. */
  async entry(origin: string): Promise<{ rules: RobotsRules; ttlMs: number; reason?: string | undefined }> {
    const hit = this.memo.get(origin);
    if (hit && hit.expiresAt > Date.now()) return hit;
    let p = this.inflight.get(origin);
    if (!p) {
      p = this.load(origin).finally(() => this.inflight.delete(origin));
      this.inflight.set(origin, p);
    }
    return p;
  }

  /** Forgets the in-memory copy (the Redis copy stays). */
  forget(origin?: string): void {
    if (origin === undefined) this.memo.clear();
    else this.memo.delete(origin);
  }

  private toMemo(stored: Stored, ttlMs: number): Memo {
    const rules = stored.kind === 'parsed' ? parseRobots(stored.body, this.userAgent) : stored.kind === 'missing' ? allowAllRules() : disallowAllRules();
    const memo: Memo = { rules, ttlMs, expiresAt: Date.now() + Math.min(this.memoryTtlMs, Math.max(ttlMs, 0)), reason: stored.reason };
    return memo;
  }

  private async readStored(key: string): Promise<Memo | null> {
    const [raw, pttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (raw === null) return null;
    try {
      return this.toMemo(JSON.parse(raw) as Stored, pttl > 0 ? pttl : this.memoryTtlMs);
    } catch {
      return null; // a corrupt entry is refetched
    }
  }

  private async load(origin: string): Promise<Memo> {
    const key = this.key(origin);
    const lockKey = `${key}:lock`;
    // One fetch across all workers: whoever takes the lock fetches, the rest wait for its result. The lock
    // lasts as long as a fetch can take (slow-drip robots.txt included); a holder that died frees it by expiry.
    for (const giveUpAt = Date.now() + this.lockMs + 1000; ; ) {
      const cached = await this.readStored(key);
      if (cached) {
        this.memo.set(origin, cached);
        return cached;
      }
      const got = await this.redis.set(lockKey, '1', 'PX', this.lockMs, 'NX');
      if (got === 'OK' || Date.now() > giveUpAt) break;
      await sleep(100);
    }
    try {
      const stored = await this.fetchAndClassify(origin);
      const ttl = stored.kind === 'unreachable' ? this.unreachableTtlSeconds : this.ttlSeconds;
      await this.redis.set(key, JSON.stringify(stored), 'EX', ttl);
      const memo = this.toMemo(stored, ttl * 1000);
      this.memo.set(origin, memo);
      return memo;
    } finally {
      await this.redis.del(lockKey);
    }
  }

  private async fetchAndClassify(origin: string): Promise<Stored> {
    const fetchedAt = new Date().toISOString();
    this.fetchCount++;
    let res: RobotsResponse;
    try {
      res = await this.fetchRobots(origin);
    } catch (err) {
      return { kind: 'unreachable', status: 0, body: '', fetchedAt, reason: describeError(err) };
    }
    // 2xx: parse. 4xx (incl. 401/403): no restrictions. 429, 5xx, network: unreachable (RFC 9309 §2.3.1).
    if (res.status >= 200 && res.status < 300) return { kind: 'parsed', status: res.status, body: res.body, fetchedAt };
    if (res.status >= 400 && res.status < 500 && res.status !== 429) return { kind: 'missing', status: res.status, body: '', fetchedAt };
    return { kind: 'unreachable', status: res.status, body: '', fetchedAt, reason: `HTTP ${res.status}` };
  }
}
