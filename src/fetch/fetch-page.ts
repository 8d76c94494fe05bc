import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { Agent, Dispatcher } from 'undici';
import { allowedHosts, userAgentHeader, type Config } from '../../config/config.js';
import { FetchError } from '../errors.js';
import { events } from '../observe/events.js';
import type { Logger } from '../log.js';
import { HostLimiter, PolitenessWaitTooLong, type SendTicket } from '../politeness/host-limiter.js';
import { RobotsCache, type RobotsResponse } from '../politeness/robots.js';
import { createAgent } from './agent.js';
import { DEFAULT_PAUSE_INTERVALS, errorForNetwork, errorForStatus, fetchErrors } from './http-policy.js';
import { nominalIntervalMs } from '../politeness/host-limiter.js';

/** One fetched page: bytes as received (decompressed, never decoded), final URL and headers. */
export interface FetchedPage {
  requestedUrl: string;
  /** Final URL after redirects. */
  url: string;
  /** 200 (any 2xx) or 304. */
  status: number;
  notModified: boolean;
  /** Final response headers, lower-case names, repeated values joined with ", ". */
  headers: Record<string, string>;
  contentType: string | null;
  /** Decompressed bytes; empty on 304. The parsing core decides the charset. */
  body: Uint8Array;
  /** Every redirect target followed, in order (the final URL last). */
  redirects: string[];
  /** ISO UTC. */
  fetchedAt: string;
  etag: string | null;
  lastModified: string | null;
  /** Set when the body was cut at this many bytes (only with `overLimit: 'truncate'`). */
  truncatedAt?: number | undefined;
}

export type AcceptKind = 'html' | 'xml' | 'any';

export interface FetchOptions {
  /** Sent as If-None-Match. */
  etag?: string | null | undefined;
  /** Sent as If-Modified-Since. */
  lastModified?: string | null | undefined;
  /** @defaultValue 'html' */
  accept?: AcceptKind | undefined;
  /** Skip the robots.txt check (used for robots.txt itself). */
  skipRobots?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Most body bytes, on the wire and after decompression. @defaultValue config.maxBodyBytes */
  maxBytes?: number | undefined;
  /**
   * Past `maxBytes`: `fail` with too_large (pages), or `truncate`: keep the first `maxBytes` bytes and
   * stop reading (robots.txt, which RFC 9309 says to parse as far as read).
   * @defaultValue 'fail'
   */
  overLimit?: 'fail' | 'truncate' | undefined;
}

export interface FetcherOptions {
  config: Config;
  /** Shared Redis for politeness and the robots cache (not closed by `close()`). */
  redis: Redis;
  /** A shared dispatcher; when omitted the Fetcher creates (and closes) its own. */
  agent?: Agent | undefined;
  logger?: Logger | undefined;
  /** @defaultValue `<config.queuePrefix>:polite` */
  keyPrefix?: string | undefined;
  /**
   * Longest politeness wait (queue + Crawl-delay + Retry-After pause) a fetch sleeps through;
   * beyond it the fetch fails retryable `rate_limited` so a worker never holds a job for long.
   * @defaultValue config.maxPolitenessWaitMs
   */
  maxPolitenessWaitMs?: number | undefined;
  /** @defaultValue 86_400 */
  robotsTtlSeconds?: number | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const ACCEPT_HEADER: Record<AcceptKind, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  xml: 'application/xml,text/xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.1',
  any: '*/*',
};

function mediaType(contentType: string | null): string | null {
  if (!contentType) return null;
  return contentType.split(';')[0]?.trim().toLowerCase() || null;
}

function contentTypeAccepted(kind: AcceptKind, type: string): boolean {
  if (kind === 'any') return true;
  if (kind === 'html') return type === 'text/html' || type === 'application/xhtml+xml';
  // Feeds and sitemaps: any XML flavour or text; gzip/octet-stream for `sitemap.xml.gz` files.
  return (
    type.includes('xml') ||
    type.includes('rss') ||
    type.includes('atom') ||
    type.startsWith('text/') ||
    type === 'application/gzip' ||
    type === 'application/x-gzip' ||
    type === 'application/octet-stream'
  );
}

/**
 * Sniffs the first bytes for an HTML document (used only when Content-Type is missing). Bytes that never
 * occur in text (NUL and the other binary control bytes of the WHATWG sniffing rules) mean binary.
 */
function looksLikeHtml(body: Uint8Array): boolean {
  const sample = body.subarray(0, 1024);
  if (sample.some((b) => b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f))) return false;
  const head = Buffer.from(sample)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<!doctype') || head.includes('<html');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Drops a response body we will not read; undici reports the abort as an 'error' we must swallow. */
function discard(res: Dispatcher.ResponseData): void {
  res.body.on('error', () => undefined);
  res.body.destroy();
}

type Codec = 'gzip' | 'deflate' | 'br';

/** Thrown by `decodeBounded` when the output passes the limit in `fail` mode. */
class OutputTooLarge extends Error {}

function decoderFor(codec: Codec, input: Buffer): Transform {
  if (codec === 'gzip') return createGunzip();
  if (codec === 'br') return createBrotliDecompress();
  // "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate: check the zlib header.
  const zlibWrapped = ((input[0] ?? 0) & 0x0f) === 8 && ((input[0] ?? 0) * 256 + (input[1] ?? 0)) % 31 === 0;
  return zlibWrapped ? createInflate() : createInflateRaw();
}

/**
 * Decompresses `input`, streaming, and stops as soon as the output passes `limit` bytes: a gzip or br
 * bomb costs at most `limit` bytes of memory and the time to produce them. In `truncate` mode the first
 * `limit` bytes are kept (and, when the input itself was cut, whatever decoded before its end);
 * in `fail` mode passing the limit throws {@link OutputTooLarge}. An abort of `signal` stops it.
 */
function decodeBounded(
  codec: Codec,
  input: Buffer,
  limit: number,
  opts: { truncate: boolean; inputCut: boolean; signal: AbortSignal },
): Promise<{ out: Buffer; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const z = decoderFor(codec, input);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      z.removeAllListeners('data');
      z.on('error', () => undefined);
      z.destroy();
      fn();
    };
    const onAbort = (): void => settle(() => reject(opts.signal.reason));
    if (opts.signal.aborted) return onAbort();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    z.on('data', (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        if (!opts.truncate) return settle(() => reject(new OutputTooLarge()));
        chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        return settle(() => resolve({ out: Buffer.concat(chunks, size), cut: true }));
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    z.on('end', () => settle(() => resolve({ out: Buffer.concat(chunks, size), cut: false })));
    z.on('error', (err: Error) => {
      // A stream we cut ourselves ends early: keep what decoded.
      if (opts.truncate && opts.inputCut) settle(() => resolve({ out: Buffer.concat(chunks, size), cut: true }));
      else settle(() => reject(err));
    });
    z.end(input);
  });
}

/**
 * The total time budget of one HTTP request (FETCH_DEADLINE_MS): connect, headers, body and
 * decompression together. Aborting its signal makes undici destroy the socket, so a slow-drip server
 * cannot keep a pooled connection either. Combined with the caller's signal (shutdown).
 */
class Deadline {
  readonly signal: AbortSignal;
  private readonly own = new AbortController();
  private readonly timer: NodeJS.Timeout;

  /** `budgetMs`: what is left of the fetch's deadline `ms` for this request. */
  constructor(
    budgetMs: number,
    outer: AbortSignal | undefined,
    readonly ms: number = budgetMs,
  ) {
    this.timer = setTimeout(() => this.own.abort(new Error(`fetch deadline of ${ms} ms exceeded (FETCH_DEADLINE_MS)`)), budgetMs);
    this.signal = outer ? AbortSignal.any([outer, this.own.signal]) : this.own.signal;
  }

  get expired(): boolean {
    return this.own.signal.aborted;
  }

  /** The error to report: once the deadline fired, the aborts and timeouts it caused are `deadline`. */
  translate(err: unknown, href: string): unknown {
    if (!this.expired) return err;
    if (err instanceof FetchError && !['network', 'timeout', 'truncated'].includes(err.code)) return err;
    return fetchErrors.deadline(href, this.ms, err);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** robots.txt cut at the byte limit: the last line may be cut mid-way, so it is dropped (a cut `Disallow: /en/ar` would disallow too much or too little). */
export function dropPartialLastLine(text: string): string {
  const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return end < 0 ? '' : text.slice(0, end + 1);
}

/**
 * HTTP fetcher for the crawl: allowlisted hosts only, redirects followed by hand and checked
 * hop by hop, robots.txt and per-host politeness before every request, bounded bodies and a total
 * deadline per request, conditional GET. Errors are `FetchError`s classified by `http-policy.ts`.
 */
export class Fetcher {
  readonly limiter: HostLimiter;
  readonly robots: RobotsCache;
  private readonly config: Config;
  private readonly agent: Agent;
  private readonly ownsAgent: boolean;
  private readonly logger: Logger | undefined;
  private readonly allowed: Set<string>;
  private readonly userAgent: string;
  private readonly maxPolitenessWaitMs: number;

  constructor(opts: FetcherOptions) {
    this.config = opts.config;
    this.agent = opts.agent ?? createAgent(opts.config);
    this.ownsAgent = opts.agent === undefined;
    this.logger = opts.logger;
    this.allowed = allowedHosts(opts.config);
    this.userAgent = userAgentHeader(opts.config);
    this.maxPolitenessWaitMs = opts.maxPolitenessWaitMs ?? opts.config.maxPolitenessWaitMs;
    const prefix = opts.keyPrefix ?? `${opts.config.queuePrefix}:polite`;
    this.limiter = new HostLimiter(opts.redis, {
      prefix,
      ratePerSecond: opts.config.ratePerSecond,
      marginMs: opts.config.politenessMarginMs,
    });
    this.robots = new RobotsCache({
      redis: opts.redis,
      prefix,
      userAgent: opts.config.userAgent,
      fetchRobots: (origin) => this.fetchRobots(origin),
      // The longest one robots.txt fetch can take: a politeness wait before every hop, and the deadline.
      lockMs: (opts.config.maxRedirects + 1) * opts.config.maxPolitenessWaitMs + opts.config.fetchDeadlineMs,
      ...(opts.robotsTtlSeconds === undefined ? {} : { ttlSeconds: opts.robotsTtlSeconds }),
    });
  }

  /** Fetches `url` (GET), following allowlisted redirects; throws `FetchError`. */
  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
    const accept = opts.accept ?? 'html';
    let current = this.checkUrl(url, url);
    const seen = new Set<string>([current.href]);
    const redirects: string[] = [];
    // One deadline for the whole fetch, redirect hops included, counting network time only (not the
    // politeness waits between hops): a server cannot stretch a fetch by dripping a chain of redirects.
    let budgetMs = this.config.fetchDeadlineMs;
    for (;;) {
      if (budgetMs <= 0) throw fetchErrors.deadline(current.href, this.config.fetchDeadlineMs);
      const ticket = await this.beforeRequest(current, opts);
      const deadline = new Deadline(budgetMs, opts.signal, this.config.fetchDeadlineMs);
      const hopStarted = performance.now();
      try {
        const res = await this.send(current, accept, opts, deadline.signal).finally(() => this.reportSent(ticket));
        const status = res.statusCode;
        const location = res.headers['location'];
        if (REDIRECT_STATUSES.has(status) && location !== undefined) {
          // undici's dump reads at most 128 KiB and then closes the socket: a redirect with an endless body cannot hold us.
          await res.body.dump().catch(() => undefined);
          const loc = Array.isArray(location) ? location[0] : location;
          let next: URL;
          try {
            next = new URL(loc ?? '', current);
          } catch {
            throw fetchErrors.offSite(String(loc), `unparseable redirect from ${current.href}`);
          }
          next.hash = '';
          next = this.checkUrl(next.href, `redirect from ${current.href}`);
          if (seen.has(next.href)) throw fetchErrors.redirectLoop(next.href);
          if (redirects.length >= this.config.maxRedirects) throw fetchErrors.tooManyRedirects(next.href, this.config.maxRedirects);
          seen.add(next.href);
          redirects.push(next.href);
          this.report(current.host, status, null, hopStarted, 0);
          current = next;
          budgetMs -= performance.now() - hopStarted;
          continue;
        }
        const page = await this.finish(url, current, res, redirects, accept, opts, deadline);
        this.report(current.host, page.status, null, hopStarted, page.body.byteLength);
        return page;
      } catch (err) {
        const failure = deadline.translate(err, current.href);
        const fe = failure instanceof FetchError ? failure : undefined;
        this.report(current.host, fe?.status ?? 0, fe?.code ?? 'network', hopStarted, 0);
        throw failure;
      } finally {
        deadline.clear();
      }
    }
  }

  /** The `Sitemap:` URLs that `origin`'s robots.txt names ([] when none or unreachable). */
  async robotsSitemaps(origin: string): Promise<string[]> {
    const o = this.checkUrl(origin, origin).origin;
    const rules = await this.robots.rules(o);
    return [...rules.sitemaps];
  }

  /**
   * Whether robots.txt lets us fetch `url` (true when robots are not obeyed or robots.txt is
   * unreachable: `fetch` decides then). Lets discovery skip disallowed links instead of failing jobs.
   */
  async robotsAllows(url: string): Promise<boolean> {
    if (!this.config.obeyRobots) return true;
    const u = this.checkUrl(url, url);
    const rules = await this.robots.rules(u.origin);
    return rules.source === 'unreachable' || rules.isAllowed(u.pathname + u.search);
  }

  /**
   * Closes the agent if this Fetcher created it (Redis belongs to the caller). `force` destroys it,
   * aborting requests still in flight, where a plain close would wait for them (a stalled body).
   */
  async close(opts: { force?: boolean } = {}): Promise<void> {
    if (!this.ownsAgent) return;
    if (opts.force) await this.agent.destroy();
    else await this.agent.close();
  }

  /**
   * Only http(s) URLs on allowlisted hosts; fragments dropped. The WHATWG parser has already turned
   * IP-literal tricks into their canonical host (`2130706434`, `0x7f000002` → `127.0.0.2`,
   * `[::ffff:127.0.0.2]` → `[::ffff:7f00:2]`, `www.donga.com@127.0.0.2` → `127.0.0.2`), and the
   * allowlist compares that exact host and port, so none of them passes for an allowlisted name.
   */
  private checkUrl(raw: string, context: string): URL {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw fetchErrors.offSite(raw, 'not an absolute URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fetchErrors.offSite(raw, `scheme ${u.protocol} (${context})`);
    if (!this.allowed.has(u.host.toLowerCase())) throw fetchErrors.offSite(raw, `host ${u.host} is not allowlisted (${context})`);
    // Credentials in a URL would be sent to the host; an allowlisted site never needs them from a page.
    if (u.username || u.password) throw fetchErrors.offSite(raw, `credentials in the URL (${context})`);
    u.hash = '';
    return u;
  }

  /**
   * robots.txt, then the per-host politeness wait, before every request including each redirect hop
   * and robots.txt itself (it counts as a request to the host). The last step is the atomic admission
   * in Redis, so a pause or a full window set by another worker meanwhile still holds.
   */
  /** One request answered or failed, for whoever observes the pipeline (metrics): see src/observe/events.ts. */
  private report(host: string, status: number, code: string | null, startedAt: number, bytes: number): void {
    if (events.fetch.hasSubscribers) events.fetch.publish({ host, status, code, durationMs: performance.now() - startedAt, bytes });
  }

  private async beforeRequest(url: URL, opts: FetchOptions): Promise<SendTicket> {
    let minIntervalMs: number | undefined;
    if (this.config.obeyRobots && !opts.skipRobots) {
      const { rules, ttlMs, reason } = await this.robots.entry(url.origin);
      if (rules.source === 'unreachable') throw fetchErrors.robotsUnreachable(url.href, ttlMs, reason);
      if (!rules.isAllowed(url.pathname + url.search)) throw fetchErrors.robotsDisallowed(url.href);
      if (rules.crawlDelaySeconds !== null) minIntervalMs = rules.crawlDelaySeconds * 1000;
    }
    try {
      const ticket = await this.limiter.acquireSend(url.host, {
        minIntervalMs,
        maxWaitMs: this.maxPolitenessWaitMs,
        signal: opts.signal,
      });
      if (ticket.waitedMs > 0) {
        this.logger?.trace({ host: url.host, waitedMs: Math.round(ticket.waitedMs) }, 'politeness wait');
        if (events.politenessWait.hasSubscribers) events.politenessWait.publish({ host: url.host, waitedMs: ticket.waitedMs });
      }
      return ticket;
    } catch (err) {
      if (err instanceof PolitenessWaitTooLong) throw fetchErrors.politenessWait(url.href, err.waitMs, err.paused, this.maxPolitenessWaitMs);
      throw errorForNetwork(err, url.href);
    }
  }

  /** The response headers (or an error) are back: the request has reached the server; let the send log know. */
  private async reportSent(ticket: SendTicket): Promise<void> {
    await this.limiter.sent(ticket).catch((err: unknown) => this.logger?.debug({ err, host: ticket.host }, 'could not update the send log'));
  }

  private async send(url: URL, accept: AcceptKind, opts: FetchOptions, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: ACCEPT_HEADER[accept],
      'accept-encoding': 'gzip, br, deflate',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    this.logger?.debug({ url: url.href }, 'GET');
    try {
      return await this.agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'GET',
        headers,
        headersTimeout: this.config.headersTimeoutMs,
        bodyTimeout: this.config.bodyTimeoutMs,
        signal,
      });
    } catch (err) {
      throw errorForNetwork(err, url.href);
    }
  }

  /**
   * Pauses the host for every worker after a 429/503 (or any retryable status with Retry-After), and
   * logs ONE warning per pause: the worker whose response started it logs; the ones that extend or
   * meet a running pause do not.
   */
  private async pauseHost(host: string, status: number, headers: Record<string, string>, err: FetchError): Promise<void> {
    const ms = err.retryAfterMs;
    if (ms === undefined || ms <= 0) return;
    const sent = headers['retry-after'];
    const clamped = sent !== undefined && ms === this.config.maxRetryAfterMs;
    const reason =
      sent === undefined
        ? `HTTP ${status} without Retry-After (default pause ${ms} ms)`
        : `HTTP ${status}, Retry-After: ${sent}${clamped ? ` (clamped to ${ms} ms by MAX_RETRY_AFTER_MS)` : ''}`;
    try {
      const p = await this.limiter.pauseAll(host, ms, reason);
      if (p.started) {
        this.logger?.warn(
          { host, resumeAt: new Date(p.pausedUntilMs).toISOString(), status, retryAfter: sent ?? null, pauseMs: ms, reason },
          `host ${host} paused until ${new Date(p.pausedUntilMs).toISOString()}: ${reason}`,
        );
      }
    } catch (e) {
      this.logger?.error({ err: e, host }, 'could not record the pause in Redis');
    }
  }

  /** A 429/503 without Retry-After pauses the host for DEFAULT_PAUSE_INTERVALS request intervals. */
  private defaultPauseMs(): number {
    const ms = DEFAULT_PAUSE_INTERVALS * nominalIntervalMs(this.config.ratePerSecond, undefined);
    return Math.min(Math.round(ms), this.config.maxRetryAfterMs);
  }

  private async finish(
    requestedUrl: string,
    url: URL,
    res: Dispatcher.ResponseData,
    redirects: string[],
    accept: AcceptKind,
    opts: FetchOptions,
    deadline: Deadline,
  ): Promise<FetchedPage> {
    const href = url.href;
    const status = res.statusCode;
    const headers = flattenHeaders(res.headers);
    const fetchedAt = new Date().toISOString();
    const contentType = headers['content-type'] ?? null;
    const base = { requestedUrl, url: href, headers, contentType, redirects, fetchedAt };

    if (status === 304) {
      await res.body.dump().catch(() => undefined);
      return {
        ...base,
        status,
        notModified: true,
        body: new Uint8Array(0),
        etag: headers['etag'] ?? opts.etag ?? null,
        lastModified: headers['last-modified'] ?? opts.lastModified ?? null,
      };
    }

    const statusError = errorForStatus(status, href, res.headers, {
      maxRetryAfterMs: this.config.maxRetryAfterMs,
      defaultPauseMs: this.defaultPauseMs(),
    });
    if (statusError) {
      discard(res);
      await this.pauseHost(url.host, status, headers, statusError);
      throw statusError;
    }

    const type = mediaType(contentType);
    if (type !== null && !contentTypeAccepted(accept, type)) {
      discard(res);
      throw fetchErrors.notHtml(href, contentType, status);
    }

    const limit = opts.maxBytes ?? this.config.maxBodyBytes;
    const truncate = opts.overLimit === 'truncate';
    const declaredRaw = headers['content-length'];
    const declared = declaredRaw === undefined ? undefined : Number(declaredRaw);
    if (!truncate && declared !== undefined && Number.isFinite(declared) && declared > limit) {
      discard(res);
      throw fetchErrors.tooLarge(href, limit, status);
    }

    const wire = await this.readBody(res, href, limit, status, truncate);
    if (!wire.cut && declared !== undefined && Number.isFinite(declared) && wire.bytes.length !== declared) {
      throw fetchErrors.truncated(href, `got ${wire.bytes.length} of ${declared} bytes`, status);
    }
    const body = await this.decompress(wire.bytes, headers['content-encoding'], href, limit, status, {
      truncate,
      inputCut: wire.cut,
      signal: deadline.signal,
    });
    if (deadline.expired) throw fetchErrors.deadline(href, deadline.ms);

    if (type === null && accept === 'html' && !looksLikeHtml(body.bytes)) throw fetchErrors.notHtml(href, null, status);

    return {
      ...base,
      status,
      notModified: false,
      body: body.bytes,
      etag: headers['etag'] ?? null,
      lastModified: headers['last-modified'] ?? null,
      ...(wire.cut || body.cut ? { truncatedAt: body.bytes.length } : {}),
    };
  }

  /**
   * Streams the body and stops as soon as it passes `limit` bytes: too_large, or in `truncate` mode the
   * first `limit` bytes (the rest is not read; the connection is destroyed).
   */
  private async readBody(
    res: Dispatcher.ResponseData,
    href: string,
    limit: number,
    status: number,
    truncate: boolean,
  ): Promise<{ bytes: Buffer; cut: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        if (size + chunk.length > limit) {
          discard(res);
          if (!truncate) throw fetchErrors.tooLarge(href, limit, status);
          chunks.push(chunk.subarray(0, limit - size));
          return { bytes: Buffer.concat(chunks, limit), cut: true };
        }
        size += chunk.length;
        chunks.push(chunk);
      }
    } catch (err) {
      discard(res);
      throw errorForNetwork(err, href, { duringBody: true });
    }
    return { bytes: Buffer.concat(chunks, size), cut: false };
  }

  private async decompress(
    wire: Buffer,
    encodingHeader: string | undefined,
    href: string,
    limit: number,
    status: number,
    opts: { truncate: boolean; inputCut: boolean; signal: AbortSignal },
  ): Promise<{ bytes: Uint8Array; cut: boolean }> {
    const codings = (encodingHeader ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c && c !== 'identity');
    let out = wire;
    let cut = opts.inputCut;
    // Codings are listed in the order applied, so undo them from last to first.
    for (const coding of codings.reverse()) {
      const codec: Codec | undefined =
        coding === 'gzip' || coding === 'x-gzip' ? 'gzip' : coding === 'br' ? 'br' : coding === 'deflate' ? 'deflate' : undefined;
      if (!codec) {
        throw new FetchError('http_status', `unsupported content-encoding ${coding} from ${href}`, { url: href, status, retryable: false });
      }
      try {
        const r = await decodeBounded(codec, out, limit, { truncate: opts.truncate, inputCut: cut, signal: opts.signal });
        out = r.out;
        cut = cut || r.cut;
      } catch (err) {
        if (err instanceof OutputTooLarge) throw fetchErrors.tooLarge(href, limit, status);
        if (opts.signal.aborted) throw errorForNetwork(err, href);
        // A compressed stream that ends early or is corrupt: most likely cut off in transit.
        throw fetchErrors.truncated(href, `${coding} stream: ${(err as Error).message}`, status);
      }
    }
    return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), cut };
  }

  /**
   * robots.txt through the same path (allowlist, redirects, politeness, deadline), read up to
   * ROBOTS_MAX_BYTES and parsed as far as read (RFC 9309 §2.5), classified for RobotsCache.
   */
  private async fetchRobots(origin: string): Promise<RobotsResponse> {
    try {
      const page = await this.fetch(`${origin}/robots.txt`, {
        accept: 'any',
        skipRobots: true,
        maxBytes: this.config.robotsMaxBytes,
        overLimit: 'truncate',
      });
      const text = new TextDecoder('utf-8').decode(page.body);
      if (page.truncatedAt !== undefined) {
        this.logger?.warn(
          { origin, bytes: page.truncatedAt },
          `robots.txt of ${origin} is longer than ROBOTS_MAX_BYTES (${this.config.robotsMaxBytes}); parsing the first ${page.truncatedAt} bytes`,
        );
      }
      return { status: page.status, body: page.truncatedAt === undefined ? text : dropPartialLastLine(text) };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      if (err.status !== undefined && err.code !== 'too_large' && err.code !== 'not_html') return { status: err.status, body: '' };
      // Unfollowable redirects: treat as "no robots.txt" (RFC 9309 §2.3.1.2-3).
      if (!err.retryable) return { status: 404, body: '' };
      // Network errors, timeouts, a slow-drip file past the deadline: unreachable (disallow all for now).
      throw err;
    }
  }
}
