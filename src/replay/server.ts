/**
 * The replay site: a loopback HTTP server (node:http) serving a reconstructed donga-like site from
 * a {@link SiteModel}, with conditional GET, gzip, and deterministic fault knobs. Pages are
 * rendered on request, so thousands of pairs cost nothing until fetched.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import {
  expectedOutcome as outcomeOf,
  expectedSummary as summaryOf,
  faultPlan,
  faultPreset,
  latencyFor,
  type ExpectedOutcome,
  type FaultPreset,
  type ExpectedSummary,
  type FaultPlan,
  type PathKind,
  type ReplayFaults,
} from './faults.js';
import {
  buildSiteModel,
  expectedRecords,
  type ArticlePatch,
  type ArticleSpec,
  type ExpectedPair,
  type SiteModel,
  type SiteModelOptions,
} from './site-model.js';
import { renderEnglishArticle } from './templates/english-article.js';
import { renderKoreanArticle } from './templates/korean-article.js';
import { renderErrorPage, renderFrontPage, renderRobots, renderSectionPage, renderSitemap } from './templates/site-pages.js';

export interface ReplayOptions {
  /** Number of English articles. @defaultValue 50 */
  pairs?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** @defaultValue '2024-03-01' */
  startDate?: string;
  /** @defaultValue 12 */
  perDay?: number;
  /** @defaultValue 10 */
  noKoreanLinkEvery?: number;
  /** @defaultValue 2 */
  eucKrEvery?: number;
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** `Crawl-delay` in robots.txt; absent when undefined. */
  crawlDelay?: number;
  /** Extra `Disallow:` paths in robots.txt (e.g. one article, to check the crawler keeps away). */
  disallow?: readonly string[];
  /** List only the newest K articles in the sitemap. */
  sitemapLimit?: number;
  faults?: ReplayFaults;
  /** Named fault set (ids picked from this site's model); `faults` entries override it. */
  preset?: FaultPreset;
}

export interface ReplayStats {
  requests: number;
  /** Requests per path kind. */
  byKind: Partial<Record<PathKind, number>>;
  /** Requests per status code (as a string; `aborted` for truncated/stalled/destroyed responses). */
  byStatus: Record<string, number>;
  /** `<kind> <status>` → count. */
  byKindStatus: Record<string, number>;
  /** Requests per path (path + query). */
  hits: Record<string, number>;
  /** Faults injected, by plan kind (`rate_limit`, `error`, `truncate`, `stall`, `rate_window`, …). */
  faults: Record<string, number>;
  maxConcurrent: number;
  inFlight: number;
  /** Body bytes written (after compression). */
  bytesSent: number;
}

export interface ReplaySite {
  /** `http://127.0.0.1:<port>` */
  url: string;
  model: SiteModel;
  faults: ReplayFaults;
  stats(): ReplayStats;
  resetStats(): void;
  /** Forgets attempt counts, so first-attempt faults fire again. */
  resetAttempts(): void;
  /** Changes one article's content; the next fetch sees a new page, ETag and Last-Modified. */
  updateArticle(enId: string, patch: ArticlePatch): ArticleSpec;
  /** What the pipeline must end with for an English id. */
  expectedOutcome(enId: string): ExpectedOutcome;
  expectedSummary(): ExpectedSummary;
  /** Records parsing must give for every pair, with this site's origin. */
  expectedRecords(): ExpectedPair[];
  /** Full URL of an English article. */
  englishUrl(enId: string): string;
  close(): Promise<void>;
}

const HTML_UTF8 = 'text/html; charset=UTF-8';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function emptyStats(): ReplayStats {
  return { requests: 0, byKind: {}, byStatus: {}, byKindStatus: {}, hits: {}, faults: {}, maxConcurrent: 0, inFlight: 0, bytesSent: 0 };
}

/** `2020-04-03T07:38:00+09:00` → RFC 7231 date. */
function httpDate(kst: string): string {
  return new Date(Date.parse(kst)).toUTCString();
}

interface Page {
  status: number;
  kind: PathKind;
  contentType?: string;
  body?: Buffer;
  headers?: Record<string, string>;
  /** Conditional-GET validators (article pages only). */
  etag?: string;
  lastModified?: string;
  /** Stream this many bytes of padding instead of `body` (oversized pages). */
  oversized?: { bytes: number; chunked: boolean; prefix: Buffer };
}

/** Starts the replay site on 127.0.0.1. */
export async function startReplaySite(opts: ReplayOptions = {}): Promise<ReplaySite> {
  const modelOpts: SiteModelOptions = {
    pairs: opts.pairs ?? 50,
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.startDate === undefined ? {} : { startDate: opts.startDate }),
    ...(opts.perDay === undefined ? {} : { perDay: opts.perDay }),
    ...(opts.noKoreanLinkEvery === undefined ? {} : { noKoreanLinkEvery: opts.noKoreanLinkEvery }),
    ...(opts.eucKrEvery === undefined ? {} : { eucKrEvery: opts.eucKrEvery }),
  };
  let faults: ReplayFaults = opts.faults ?? {};
  if (opts.preset) {
    // Preset ids come from the model itself; a throwaway model is cheap because articles are lazy.
    const probe = buildSiteModel(modelOpts);
    faults = { ...faultPreset(opts.preset, probe.englishIds, (id) => probe.pairStatus(id) !== 'no_korean_link'), ...faults };
  }
  const model = buildSiteModel({
    ...modelOpts,
    koreanBrokenIds: faults.koreanLink404Ids ?? [],
    crossWiredIds: faults.crossWiredIds ?? [],
    koreanSwappedIds: faults.koreanSwappedIds ?? [],
  });
  const seed = model.seed;
  const idSet = (l: readonly string[] | undefined) => new Set(l ?? []);
  const loopIds = idSet(faults.redirectLoopIds);
  const offSiteIds = idSet(faults.offSiteRedirectIds);
  const oversizedIds = idSet(faults.oversizedIds);
  const unavailableIds = idSet(faults.unavailableIds);
  const oversizedBytes = faults.oversizedBytes ?? 6 * 1024 * 1024;

  let stats = emptyStats();
  let attempts = new Map<string, number>();
  const recent: number[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  function validators(a: ArticleSpec, lang: 'en' | 'ko', body: Buffer): { etag: string; lastModified: string } {
    const stamp = lang === 'en' ? (a.en.updatedAt ?? a.en.postedAt) : (a.ko.updatedAt ?? a.ko.publishedAt);
    return { etag: `W/"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`, lastModified: httpDate(stamp) };
  }

  function route(pathname: string, search: URLSearchParams): Page {
    if (pathname === '/robots.txt') {
      return { status: 200, kind: 'robots', contentType: 'text/plain; charset=UTF-8', body: Buffer.from(renderRobots(origin, opts.crawlDelay, opts.disallow)) };
    }
    if (pathname === '/sitemap/en-articles.xml') {
      return {
        status: 200,
        kind: 'sitemap',
        contentType: 'application/xml; charset=UTF-8',
        body: Buffer.from(renderSitemap(model, origin, opts.sitemapLimit)),
      };
    }
    const page = Number(search.get('p') ?? '1');
    if (pathname === '/en' || pathname === '/en/') {
      const html = Number.isInteger(page) ? renderFrontPage(model, page) : null;
      return html ? { status: 200, kind: 'en-front', contentType: HTML_UTF8, body: Buffer.from(html) } : notFound(pathname, 'en-front');
    }
    const section = /^\/en\/List\/([A-Za-z]+)\/?$/.exec(pathname);
    if (section) {
      const html = Number.isInteger(page) ? renderSectionPage(model, section[1]!, page) : null;
      return html ? { status: 200, kind: 'en-section', contentType: HTML_UTF8, body: Buffer.from(html) } : notFound(pathname, 'en-section');
    }
    const en = model.findEnglishPath(pathname);
    if (en) return englishPage(en, search);
    const at = model.findKoreanPath(pathname);
    if (at && model.pairStatus(at.en.id) === 'paired') {
      // A swapped page (koreanSwappedIds) serves another article's page at this URL.
      const ko = model.servedKorean(at);
      const html = renderKoreanArticle(ko, origin);
      const body = ko.ko.charset === 'euc-kr' ? iconv.encode(html, 'euc-kr') : Buffer.from(html);
      // Some EUC-KR pages declare their charset only in the page, so the decoder's meta sniffing is exercised.
      const contentType = ko.ko.charset === 'utf-8' ? HTML_UTF8 : ko.ko.charsetInMetaOnly ? 'text/html' : 'text/html; charset=EUC-KR';
      return { status: 200, kind: 'ko-article', contentType, body, ...validators(ko, 'ko', body) };
    }
    const kind: PathKind = pathname.startsWith('/en/article/') ? 'en-article' : pathname.startsWith('/news/') ? 'ko-article' : 'other';
    return notFound(pathname, kind);
  }

  function notFound(pathname: string, kind: PathKind): Page {
    return { status: 404, kind, contentType: HTML_UTF8, body: Buffer.from(renderErrorPage(404, pathname)) };
  }

  function englishPage(a: ArticleSpec, search: URLSearchParams): Page {
    const id = a.en.id;
    if (loopIds.has(id)) {
      // A → A?loop=1 → A → …: a cycle a fetcher must detect (or cut off by its hop limit).
      const to = search.get('loop') === '1' ? a.en.path : `${a.en.path}?loop=1`;
      return { status: search.get('loop') === '1' ? 302 : 301, kind: 'redirect', headers: { location: to }, body: Buffer.alloc(0) };
    }
    if (offSiteIds.has(id)) {
      return { status: 302, kind: 'redirect', headers: { location: `http://example.invalid${a.en.path}` }, body: Buffer.alloc(0) };
    }
    if (unavailableIds.has(id)) return notFound(a.en.path, 'en-article');
    const html = renderEnglishArticle(a, model, origin);
    if (oversizedIds.has(id)) {
      // Half of the oversized pages announce their size, half stream chunked, so both guards get exercised.
      const head = html.replace('</body>', '<!-- ');
      return {
        status: 200,
        kind: 'en-article',
        contentType: HTML_UTF8,
        oversized: { bytes: oversizedBytes, chunked: Number(id) % 2 === 1, prefix: Buffer.from(head) },
      };
    }
    const body = Buffer.from(html);
    return { status: 200, kind: 'en-article', contentType: HTML_UTF8, body, ...validators(a, 'en', body) };
  }

  function count(kind: PathKind, status: number | 'aborted', bytes: number): void {
    stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;
    stats.byKindStatus[`${kind} ${status}`] = (stats.byKindStatus[`${kind} ${status}`] ?? 0) + 1;
    stats.bytesSent += bytes;
  }

  function injected(name: string): void {
    stats.faults[name] = (stats.faults[name] ?? 0) + 1;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const key = `${url.pathname}${url.search}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    stats.hits[key] = (stats.hits[key] ?? 0) + 1;

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' }).end();
      count('other', 405, 0);
      return;
    }
    const page = route(url.pathname, url.searchParams);
    stats.byKind[page.kind] = (stats.byKind[page.kind] ?? 0) + 1;

    const delay = latencyFor(seed, key, attempt, faults);
    if (delay > 0) await sleep(delay);

    // Rate window: more than maxPerSecond requests in the last second → 429 for this one.
    if (faults.maxPerSecond !== undefined && page.kind !== 'robots') {
      const now = Date.now();
      while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
      recent.push(now);
      if (recent.length > faults.maxPerSecond) {
        injected('rate_window');
        return send(res, req, {
          status: 429,
          kind: page.kind,
          contentType: HTML_UTF8,
          headers: { 'retry-after': '1' },
          body: Buffer.from(renderErrorPage(429, url.pathname)),
        });
      }
    }

    const plan: FaultPlan = page.status === 200 && req.method === 'GET' ? faultPlan(seed, key, page.kind, faults) : { kind: 'none' };
    if (plan.kind !== 'none' && attempt <= plan.attempts) {
      injected(plan.kind);
      switch (plan.kind) {
        case 'rate_limit':
          return send(res, req, {
            status: 429,
            kind: page.kind,
            contentType: HTML_UTF8,
            headers: { 'retry-after': '1' },
            body: Buffer.from(renderErrorPage(429, url.pathname)),
          });
        case 'error':
          return send(res, req, {
            status: plan.status,
            kind: page.kind,
            contentType: HTML_UTF8,
            body: Buffer.from(renderErrorPage(plan.status, url.pathname)),
          });
        case 'truncate':
          return sendBroken(res, req, page, 'truncate');
        case 'stall':
          return sendBroken(res, req, page, 'stall');
      }
    }
    return send(res, req, page);
  }

  function encodeBody(req: IncomingMessage, body: Buffer, headers: Record<string, string>): Buffer {
    const accepts = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
    if (!accepts || body.length === 0) return body;
    headers['content-encoding'] = 'gzip';
    return gzipSync(body);
  }

  function baseHeaders(page: Page): Record<string, string> {
    const h: Record<string, string> = { server: 'replay-donga', 'cache-control': 'no-cache', vary: 'Accept-Encoding', ...(page.headers ?? {}) };
    if (page.contentType) h['content-type'] = page.contentType;
    if (page.etag) h['etag'] = page.etag;
    if (page.lastModified) h['last-modified'] = page.lastModified;
    return h;
  }

  function notModified(req: IncomingMessage, page: Page): boolean {
    if (page.status !== 200 || !page.etag || !page.lastModified) return false;
    const inm = req.headers['if-none-match'];
    if (inm !== undefined) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag!.replace(/^W\//, '') || t.trim() === '*');
    const ims = req.headers['if-modified-since'];
    if (ims === undefined) return false;
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Date.parse(page.lastModified) <= since;
  }

  async function send(res: ServerResponse, req: IncomingMessage, page: Page): Promise<void> {
    const headers = baseHeaders(page);
    if (notModified(req, page)) {
      delete headers['content-type'];
      res.writeHead(304, headers).end();
      count(page.kind, 304, 0);
      return;
    }
    if (page.oversized) return sendOversized(res, req, page, headers);
    const body = encodeBody(req, page.body ?? Buffer.alloc(0), headers);
    headers['content-length'] = String(body.length);
    res.writeHead(page.status, headers);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
    count(page.kind, page.status, req.method === 'HEAD' ? 0 : body.length);
  }

  async function sendOversized(res: ServerResponse, req: IncomingMessage, page: Page, headers: Record<string, string>): Promise<void> {
    const { bytes, chunked, prefix } = page.oversized!;
    if (!chunked) headers['content-length'] = String(bytes);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      count(page.kind, 200, 0);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 'padding ');
    let sent = 0;
    const write = (b: Buffer) => {
      sent += b.length;
      return res.write(b);
    };
    write(prefix.subarray(0, Math.min(prefix.length, bytes)));
    while (sent < bytes && !res.destroyed) {
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      if (!write(part)) {
        await new Promise<void>((r) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            r();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!res.destroyed) res.end();
    count(page.kind, res.destroyed && sent < bytes ? 'aborted' : 200, sent);
  }

  async function sendBroken(res: ServerResponse, req: IncomingMessage, page: Page, how: 'truncate' | 'stall'): Promise<void> {
    const headers = baseHeaders(page);
    delete headers['etag'];
    const full = page.body ?? Buffer.from(renderErrorPage(200, ''));
    const body = encodeBody(req, full, headers);
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    const part = body.subarray(0, Math.floor(body.length / 2));
    count(page.kind, 'aborted', part.length);
    if (how === 'truncate') {
      // Close only after the partial body reached the kernel, so the client sees a short body, not a refused request.
      res.write(part, () => res.socket?.destroy());
      return;
    }
    res.write(part);
    if (faults.stallMs !== undefined) {
      const t = setTimeout(() => {
        timers.delete(t);
        res.socket?.destroy();
      }, faults.stallMs);
      timers.add(t);
    }
  }

  const server: Server = createServer((req, res) => {
    stats.requests++;
    stats.inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stats.inFlight--;
    };
    res.once('close', finish);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    model,
    faults,
    stats: () => structuredClone(stats),
    resetStats: () => {
      const inFlight = stats.inFlight;
      stats = emptyStats();
      stats.inFlight = inFlight;
    },
    resetAttempts: () => {
      attempts = new Map();
    },
    updateArticle: (id, patch) => model.updateArticle(id, patch),
    expectedOutcome: (id) => outcomeOf(model, faults, id),
    expectedSummary: () => summaryOf(model, faults),
    expectedRecords: () => expectedRecords(model, origin),
    englishUrl: (id) => {
      const a = model.article(id);
      if (!a) throw new RangeError(`unknown English id ${id}`);
      return `${origin}${a.en.path}`;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
