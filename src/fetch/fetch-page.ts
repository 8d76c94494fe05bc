import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions, type BrotliOptions } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { Agent, Dispatcher } from 'undici';
import { allowedHosts, userAgentHeader, type Config } from '../../config/config.js';
import { FetchError } from '../errors.js';
import type { Logger } from '../log.js';
import { HostLimiter, PolitenessWaitTooLong } from '../politeness/host-limiter.js';
import { RobotsCache, type RobotsResponse } from '../politeness/robots.js';
import { createAgent } from './agent.js';
import { errorForNetwork, errorForStatus, fetchErrors } from './http-policy.js';

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
   * @defaultValue 60_000
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

/** Sniffs the first bytes for an HTML document (used only when Content-Type is missing). */
function looksLikeHtml(body: Uint8Array): boolean {
  const head = Buffer.from(body.subarray(0, 1024)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
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

function decodeOne(codec: Codec, input: Buffer, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer): void => (err ? reject(err) : resolve(out));
    const zopts: ZlibOptions = { maxOutputLength };
    const bopts: BrotliOptions = { maxOutputLength };
    if (codec === 'gzip') gunzip(input, zopts, done);
    else if (codec === 'br') brotliDecompress(input, bopts, done);
    // "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate: check the zlib header.
    else if (((input[0] ?? 0) & 0x0f) === 8 && ((input[0] ?? 0) * 256 + (input[1] ?? 0)) % 31 === 0) inflate(input, zopts, done);
    else inflateRaw(input, zopts, done);
  });
}

/**
 * HTTP fetcher for the crawl: allowlisted hosts only, redirects followed by hand and checked
 * hop by hop, robots.txt and per-host politeness before every request, bounded bodies,
 * conditional GET. Errors are `FetchError`s classified by `http-policy.ts`.
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
    this.maxPolitenessWaitMs = opts.maxPolitenessWaitMs ?? 60_000;
    const prefix = opts.keyPrefix ?? `${opts.config.queuePrefix}:polite`;
    this.limiter = new HostLimiter(opts.redis, { prefix, ratePerSecond: opts.config.ratePerSecond });
    this.robots = new RobotsCache({
      redis: opts.redis,
      prefix,
      userAgent: opts.config.userAgent,
      fetchRobots: (origin) => this.fetchRobots(origin),
      ...(opts.robotsTtlSeconds === undefined ? {} : { ttlSeconds: opts.robotsTtlSeconds }),
    });
  }

  /** Fetches `url` (GET), following allowlisted redirects; throws `FetchError`. */
  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
    const accept = opts.accept ?? 'html';
    let current = this.checkUrl(url, url);
    const seen = new Set<string>([current.href]);
    const redirects: string[] = [];
    for (;;) {
      await this.beforeRequest(current, opts);
      const res = await this.send(current, accept, opts);
      const status = res.statusCode;
      const location = res.headers['location'];
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
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
        current = next;
        continue;
      }
      return this.finish(url, current, res, redirects, accept, opts);
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

  /** Only http(s) URLs on allowlisted hosts; fragments dropped. */
  private checkUrl(raw: string, context: string): URL {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw fetchErrors.offSite(raw, 'not an absolute URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fetchErrors.offSite(raw, `scheme ${u.protocol} (${context})`);
    if (!this.allowed.has(u.host.toLowerCase())) throw fetchErrors.offSite(raw, `host ${u.host} is not allowlisted (${context})`);
    u.hash = '';
    return u;
  }

  /** robots.txt, then the per-host politeness wait, before every request including each redirect hop. */
  private async beforeRequest(url: URL, opts: FetchOptions): Promise<void> {
    let minIntervalMs: number | undefined;
    if (this.config.obeyRobots && !opts.skipRobots) {
      const { rules, ttlMs, reason } = await this.robots.entry(url.origin);
      if (rules.source === 'unreachable') throw fetchErrors.robotsUnreachable(url.href, ttlMs, reason);
      if (!rules.isAllowed(url.pathname + url.search)) throw fetchErrors.robotsDisallowed(url.href);
      if (rules.crawlDelaySeconds !== null) minIntervalMs = rules.crawlDelaySeconds * 1000;
    }
    try {
      const waited = await this.limiter.acquire(url.host, {
        minIntervalMs,
        maxWaitMs: this.maxPolitenessWaitMs,
        signal: opts.signal,
      });
      if (waited > 0) this.logger?.trace({ host: url.host, waitedMs: Math.round(waited) }, 'politeness wait');
    } catch (err) {
      if (err instanceof PolitenessWaitTooLong) throw fetchErrors.politenessWait(url.href, err.waitMs);
      throw errorForNetwork(err, url.href);
    }
  }

  private async send(url: URL, accept: AcceptKind, opts: FetchOptions): Promise<Dispatcher.ResponseData> {
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
        signal: opts.signal ?? null,
      });
    } catch (err) {
      throw errorForNetwork(err, url.href);
    }
  }

  private async finish(
    requestedUrl: string,
    url: URL,
    res: Dispatcher.ResponseData,
    redirects: string[],
    accept: AcceptKind,
    opts: FetchOptions,
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

    const statusError = errorForStatus(status, href, res.headers);
    if (statusError) {
      discard(res);
      if (statusError.retryAfterMs !== undefined && statusError.retryAfterMs > 0) {
        // Retry-After pauses the host for every worker, not only this job.
        await this.limiter.pause(url.host, statusError.retryAfterMs).catch(() => undefined);
      }
      throw statusError;
    }

    const type = mediaType(contentType);
    if (type !== null && !contentTypeAccepted(accept, type)) {
      discard(res);
      throw fetchErrors.notHtml(href, contentType, status);
    }

    const limit = this.config.maxBodyBytes;
    const declared = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
    if (declared !== undefined && Number.isFinite(declared) && declared > limit) {
      discard(res);
      throw fetchErrors.tooLarge(href, limit, status);
    }

    const wire = await this.readBody(res, href, limit, status);
    if (declared !== undefined && Number.isFinite(declared) && wire.length !== declared) {
      throw fetchErrors.truncated(href, `got ${wire.length} of ${declared} bytes`, status);
    }
    const body = await this.decompress(wire, headers['content-encoding'], href, limit, status);

    if (type === null && accept === 'html' && !looksLikeHtml(body)) throw fetchErrors.notHtml(href, null, status);

    return {
      ...base,
      status,
      notModified: false,
      body,
      etag: headers['etag'] ?? null,
      lastModified: headers['last-modified'] ?? null,
    };
  }

  /** Streams the body, aborting as soon as it passes `limit` bytes. */
  private async readBody(res: Dispatcher.ResponseData, href: string, limit: number, status: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          discard(res);
          throw fetchErrors.tooLarge(href, limit, status);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      throw errorForNetwork(err, href, { duringBody: true });
    }
    return Buffer.concat(chunks, size);
  }

  private async decompress(
    wire: Buffer,
    encodingHeader: string | undefined,
    href: string,
    limit: number,
    status: number,
  ): Promise<Uint8Array> {
    const codings = (encodingHeader ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c && c !== 'identity');
    let out = wire;
    // Codings are listed in the order applied, so undo them from last to first.
    for (const coding of codings.reverse()) {
      const codec: Codec | undefined =
        coding === 'gzip' || coding === 'x-gzip' ? 'gzip' : coding === 'br' ? 'br' : coding === 'deflate' ? 'deflate' : undefined;
      if (!codec) {
        throw new FetchError('http_status', `unsupported content-encoding ${coding} from ${href}`, { url: href, status, retryable: false });
      }
      try {
        out = await decodeOne(codec, out, limit);
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw fetchErrors.tooLarge(href, limit, status);
        }
        // A compressed stream that ends early or is corrupt: most likely cut off in transit.
        throw fetchErrors.truncated(href, `${coding} stream: ${(err as Error).message}`, status);
      }
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  /** robots.txt through the same path (allowlist, redirects, politeness), classified for RobotsCache. */
  private async fetchRobots(origin: string): Promise<RobotsResponse> {
    try {
      const page = await this.fetch(`${origin}/robots.txt`, { accept: 'any', skipRobots: true });
      return { status: page.status, body: new TextDecoder('utf-8').decode(page.body) };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      if (err.status !== undefined && err.code !== 'too_large' && err.code !== 'not_html') return { status: err.status, body: '' };
      // Unfollowable redirects or an oversized file: treat as "no robots.txt" (RFC 9309 §2.3.1.2-3).
      if (!err.retryable) return { status: 404, body: '' };
      throw err;
    }
  }
}
