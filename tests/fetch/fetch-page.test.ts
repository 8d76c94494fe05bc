import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../config/config.js';
import { FetchError } from '../../src/errors.js';
import { Fetcher, type FetchOptions } from '../../src/fetch/fetch-page.js';
import { freePort } from '../../cli/private-redis.js';
import { startLoopback, type Loopback } from './loopback-server.js';

const HTML = '<!doctype html><html><head><title>t</title></head><body><p>안녕하세요 hello</p></body></html>';
const LIMIT = 64 * 1024;

/** Per-test robots.txt served by the loopback site. */
let robots: { status: number; body: string } = { status: 404, body: '' };

function html(res: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-length': '0' });
  res.end();
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  if (p === '/robots.txt') {
    res.writeHead(robots.status, { 'content-type': 'text/plain' });
    res.end(robots.body);
  } else if (p === '/page') {
    if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Tue, 01 Jul 2025 00:00:00 GMT') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
    } else html(res, HTML, { etag: '"v1"', 'last-modified': 'Tue, 01 Jul 2025 00:00:00 GMT' });
  } else if (p === '/private/secret' || p === '/en/ok') html(res, HTML);
  else if (p === '/r1') redirect(res, 302, '/r2');
  else if (p === '/r2') redirect(res, 301, `${url.protocol}//${req.headers.host}/page#frag`);
  else if (p === '/loop-a') redirect(res, 302, '/loop-b');
  else if (p === '/loop-b') redirect(res, 307, '/loop-a');
  else if (p.startsWith('/chain/')) redirect(res, 302, `/chain/${Number(p.slice(7)) + 1}`);
  else if (p === '/offsite') redirect(res, 302, 'https://evil.example.com/x');
  else if (p === '/offsite-port') redirect(res, 302, 'http://127.0.0.1:1/x');
  else if (p === '/ftp') redirect(res, 302, 'ftp://127.0.0.1/x');
  else if (p === '/gzip') html(res, gzipSync(HTML), { 'content-encoding': 'gzip' });
  else if (p === '/br') html(res, brotliCompressSync(HTML), { 'content-encoding': 'br' });
  else if (p === '/deflate') html(res, deflateSync(HTML), { 'content-encoding': 'deflate' });
  else if (p === '/gzip-bomb') html(res, gzipSync(Buffer.alloc(LIMIT * 4, 0x20)), { 'content-encoding': 'gzip' });
  else if (p === '/gzip-cut') {
    const gz = gzipSync(randomBytes(4000).toString('hex'));
    html(res, gz.subarray(0, gz.length - 100), { 'content-encoding': 'gzip' });
  } else if (p === '/big-cl') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(LIMIT * 3) });
    res.write(Buffer.alloc(1024, 0x20)); // never completes; the client must refuse on the header alone
  } else if (p === '/big-chunked') {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(8 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < LIMIT * 16 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  } else if (p === '/truncated') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
    res.write(Buffer.alloc(5000, 0x20), () => setTimeout(() => res.socket?.destroy(), 20));
  } else if (p === '/truncated-chunked') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write(Buffer.alloc(5000, 0x20), () => setTimeout(() => res.socket?.destroy(), 20));
  } else if (p === '/stall-headers') {
    // never answers
  } else if (p === '/stall-body') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
    res.write('<!doctype html>');
  } else if (/^\/status\/\d+$/.test(p)) {
    const status = Number(p.slice(8));
    const headers: Record<string, string> = { 'content-type': 'text/html' };
    if (status === 429) headers['retry-after'] = '7';
    if (status === 503) headers['retry-after'] = new Date(Date.now() + 120_000).toUTCString();
    res.writeHead(status, headers);
    res.end('error page');
  } else if (p === '/json') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  } else if (p === '/no-ct-html') {
    res.writeHead(200, {});
    res.end(`  ${HTML}`);
  } else if (p === '/no-ct-binary') {
    res.writeHead(200, {});
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
  } else if (p === '/feed.xml') {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end('<rss/>');
  } else {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('not found');
  }
}

let site: Loopback;
let redis: Redis;
const fetchers: Fetcher[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  site = await startLoopback(route);
  redis = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  robots = { status: 404, body: '' };
});

afterAll(async () => {
  await site.close();
  redis.disconnect();
});

function testConfig(overrides: Partial<{ -readonly [K in keyof Config]: Config[K] }> = {}): Config {
  const queuePrefix = `tfetch-${randomBytes(5).toString('hex')}`;
  prefixes.push(queuePrefix);
  return loadConfig(
    {},
    {
      baseUrl: site.origin,
      ratePerSecond: 1000,
      queuePrefix,
      headersTimeoutMs: 300,
      bodyTimeoutMs: 300,
      maxBodyBytes: LIMIT,
      maxRedirects: 3,
      userAgent: 'donga-ingest/0.1',
      contactUrl: 'https://example.org/contact',
      ...overrides,
    },
  );
}

function makeFetcher(config: Config = testConfig(), extra: { maxPolitenessWaitMs?: number } = {}): Fetcher {
  const f = new Fetcher({ config, redis, ...extra });
  fetchers.push(f);
  return f;
}

async function fetchError(f: Fetcher, path: string, opts?: FetchOptions): Promise<FetchError> {
  const err: unknown = await f.fetch(`${site.origin}${path}`, opts).then(
    () => new Error(`expected ${path} to fail`),
    (e: unknown) => e,
  );
  if (!(err instanceof FetchError)) throw err;
  return err;
}

describe('Fetcher', () => {
  it('fetches bytes with the configured User-Agent, headers and validators', async () => {
    const f = makeFetcher();
    const page = await f.fetch(`${site.origin}/page`);
    expect(page.status).toBe(200);
    expect(page.notModified).toBe(false);
    expect(Buffer.from(page.body).toString('utf8')).toBe(HTML);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.etag).toBe('"v1"');
    expect(page.lastModified).toBe('Tue, 01 Jul 2025 00:00:00 GMT');
    expect(page.redirects).toEqual([]);
    expect(page.url).toBe(`${site.origin}/page`);
    expect(page.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(site.userAgents.at(-1)).toBe('donga-ingest/0.1 (+https://example.org/contact; parallel-corpus research crawler)');
  });

  it('conditional GET: ETag or Last-Modified gives a 304 with an empty body', async () => {
    const f = makeFetcher();
    const byEtag = await f.fetch(`${site.origin}/page`, { etag: '"v1"' });
    expect(byEtag).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(byEtag.body.length).toBe(0);
    const byDate = await f.fetch(`${site.origin}/page`, { lastModified: 'Tue, 01 Jul 2025 00:00:00 GMT' });
    expect(byDate.notModified).toBe(true);
    expect(byDate.lastModified).toBe('Tue, 01 Jul 2025 00:00:00 GMT');
  });

  it('follows redirects by hand and reports every hop and the final URL', async () => {
    const f = makeFetcher();
    const page = await f.fetch(`${site.origin}/r1`);
    expect(page.requestedUrl).toBe(`${site.origin}/r1`);
    expect(page.url).toBe(`${site.origin}/page`);
    expect(page.redirects).toEqual([`${site.origin}/r2`, `${site.origin}/page`]);
    expect(Buffer.from(page.body).toString('utf8')).toBe(HTML);
  });

  it('checks the allowlist on the first URL and on every redirect hop', async () => {
    const f = makeFetcher();
    const first = await f.fetch('https://evil.example.com/').catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'off_site', retryable: false });
    const ftp = await f.fetch('ftp://127.0.0.1/x').catch((e: unknown) => e);
    expect(ftp).toMatchObject({ code: 'off_site', retryable: false });
    for (const path of ['/offsite', '/offsite-port', '/ftp']) {
      const err = await fetchError(f, path);
      expect(err).toMatchObject({ code: 'off_site', retryable: false });
    }
    expect(site.hits.get('/x')).toBeUndefined();
  });

  it('detects redirect loops and too many redirects (permanent)', async () => {
    const f = makeFetcher();
    expect(await fetchError(f, '/loop-a')).toMatchObject({ code: 'redirect_loop', retryable: false });
    expect(await fetchError(f, '/chain/0')).toMatchObject({ code: 'too_many_redirects', retryable: false });
    // maxRedirects 3: /chain/0 → 1 → 2 → 3 followed, the 4th hop refused and never requested.
    expect(site.hits.get('/chain/3')).toBe(1);
    expect(site.hits.get('/chain/4')).toBeUndefined();
  });

  it('decompresses gzip, br and deflate bodies', async () => {
    const f = makeFetcher();
    for (const path of ['/gzip', '/br', '/deflate']) {
      const page = await f.fetch(`${site.origin}${path}`);
      expect(Buffer.from(page.body).toString('utf8'), path).toBe(HTML);
      expect(page.headers['content-encoding']).toBeDefined();
    }
  });

  it('refuses oversized bodies: by Content-Length, streamed without one, and after decompression', async () => {
    const f = makeFetcher();
    expect(await fetchError(f, '/big-cl')).toMatchObject({ code: 'too_large', retryable: false, status: 200 });
    expect(await fetchError(f, '/big-chunked')).toMatchObject({ code: 'too_large', retryable: false });
    expect(await fetchError(f, '/gzip-bomb')).toMatchObject({ code: 'too_large', retryable: false });
  });

  it('reports truncated bodies as retryable', async () => {
    const f = makeFetcher();
    expect(await fetchError(f, '/truncated')).toMatchObject({ code: 'truncated', retryable: true });
    expect(await fetchError(f, '/truncated-chunked')).toMatchObject({ code: 'truncated', retryable: true });
    expect(await fetchError(f, '/gzip-cut')).toMatchObject({ code: 'truncated', retryable: true });
  });

  it('times out stalled responses (headers and body) as retryable', async () => {
    const f = makeFetcher();
    expect(await fetchError(f, '/stall-headers')).toMatchObject({ code: 'timeout', retryable: true });
    expect(await fetchError(f, '/stall-body')).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('classifies statuses: 404/410 permanent; 500, 503, 429 retryable with Retry-After', async () => {
    const f = makeFetcher(testConfig(), { maxPolitenessWaitMs: 2_000 });
    expect(await fetchError(f, '/status/404')).toMatchObject({ code: 'http_status', status: 404, retryable: false });
    expect(await fetchError(f, '/status/410')).toMatchObject({ code: 'http_status', status: 410, retryable: false });
    expect(await fetchError(f, '/status/500')).toMatchObject({ code: 'http_status', status: 500, retryable: true });
    const limited = await fetchError(f, '/status/429');
    expect(limited).toMatchObject({ code: 'rate_limited', status: 429, retryable: true, retryAfterMs: 7000 });
    // Retry-After paused the host for every worker: the next request does not go out.
    expect(await f.limiter.nextSlotIn(site.host)).toBeGreaterThan(3000);
    const paused = await fetchError(f, '/status/503');
    expect(paused).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(site.hits.get('/status/503')).toBeUndefined();
  });

  it('reads Retry-After as an HTTP-date on 503', async () => {
    const f = makeFetcher();
    const err = await fetchError(f, '/status/503');
    expect(err).toMatchObject({ code: 'http_status', status: 503, retryable: true });
    expect(err.retryAfterMs).toBeGreaterThan(60_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('checks the content type', async () => {
    const f = makeFetcher();
    expect(await fetchError(f, '/json')).toMatchObject({ code: 'not_html', retryable: false });
    expect(await fetchError(f, '/no-ct-binary')).toMatchObject({ code: 'not_html', retryable: false });
    const sniffed = await f.fetch(`${site.origin}/no-ct-html`);
    expect(sniffed.contentType).toBeNull();
    expect(await fetchError(f, '/feed.xml')).toMatchObject({ code: 'not_html' });
    const feed = await f.fetch(`${site.origin}/feed.xml`, { accept: 'xml' });
    expect(Buffer.from(feed.body).toString()).toBe('<rss/>');
    expect((await f.fetch(`${site.origin}/json`, { accept: 'any' })).status).toBe(200);
  });

  it('obeys robots.txt: Disallow is permanent, Allow wins on longer match, sitemaps listed', async () => {
    robots = {
      status: 200,
      body: [
        'User-agent: otherbot',
        'Disallow: /',
        '',
        'User-agent: *',
        'Disallow: /private',
        'Allow: /private/secret$',
        'Disallow: /en/',
        'Allow: /en/ok',
        `Sitemap: ${site.origin}/sitemap.xml`,
        `Sitemap: ${site.origin}/news-sitemap.xml`,
      ].join('\n'),
    };
    const f = makeFetcher();
    expect(await fetchError(f, '/private')).toMatchObject({ code: 'robots_disallowed', retryable: false });
    expect((await f.fetch(`${site.origin}/private/secret`)).status).toBe(200);
    expect((await f.fetch(`${site.origin}/en/ok`)).status).toBe(200);
    expect(await fetchError(f, '/en/other')).toMatchObject({ code: 'robots_disallowed' });
    expect(await f.robotsSitemaps(site.origin)).toEqual([`${site.origin}/sitemap.xml`, `${site.origin}/news-sitemap.xml`]);
    expect(site.hits.get('/private')).toBeUndefined();
  });

  it('checks robots.txt on every redirect hop', async () => {
    robots = { status: 200, body: 'User-agent: *\nDisallow: /page\n' };
    const f = makeFetcher();
    const before = { r1: site.hits.get('/r1') ?? 0, r2: site.hits.get('/r2') ?? 0, page: site.hits.get('/page') ?? 0 };
    expect(await fetchError(f, '/r1')).toMatchObject({ code: 'robots_disallowed', url: `${site.origin}/page` });
    expect(site.hits.get('/r1')).toBe(before.r1 + 1);
    expect(site.hits.get('/r2')).toBe(before.r2 + 1);
    expect(site.hits.get('/page') ?? 0).toBe(before.page);
  });

  it('honours Crawl-delay through the shared host schedule', async () => {
    robots = { status: 200, body: 'User-agent: donga-ingest\nCrawl-delay: 30\n\nUser-agent: *\nDisallow: /\n' };
    const f = makeFetcher(testConfig(), { maxPolitenessWaitMs: 5_000 });
    const before = site.hits.get('/page') ?? 0;
    // robots.txt was a request to the host: the first page waits the Crawl-delay after it, ~30 s, so it is
    // handed back (not slept through) and never sent.
    const err = await fetchError(f, '/page');
    expect(err).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(err.retryAfterMs).toBeGreaterThan(20_000);
    expect(err.message).toContain('MAX_POLITENESS_WAIT_MS');
    expect(site.hits.get('/page') ?? 0).toBe(before);
    expect(await f.limiter.nextSlotIn(site.host)).toBeGreaterThan(20_000);
  });

  it('caches robots.txt in Redis: a second Fetcher does not refetch it', async () => {
    robots = { status: 200, body: 'User-agent: *\nDisallow: /private\n' };
    const config = testConfig();
    const a = makeFetcher(config);
    await a.fetch(`${site.origin}/page`);
    const b = makeFetcher(config);
    await b.fetch(`${site.origin}/page`);
    expect(await fetchError(b, '/private')).toMatchObject({ code: 'robots_disallowed' });
    expect(a.robots.fetchCount + b.robots.fetchCount).toBe(1);
    expect(await redis.exists(b.robots.key(site.origin))).toBe(1);
    expect(await redis.ttl(b.robots.key(site.origin))).toBeGreaterThan(80_000);
  });

  it('a missing robots.txt allows everything; a failing one blocks retryably', async () => {
    robots = { status: 404, body: '' };
    expect((await makeFetcher().fetch(`${site.origin}/private/secret`)).status).toBe(200);
    robots = { status: 500, body: '' };
    const f = makeFetcher();
    const err = await fetchError(f, '/page');
    expect(err).toMatchObject({ code: 'network', retryable: true });
    expect(err.message).toMatch(/robots\.txt unreachable for .*\(HTTP 500\)/);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(await f.robotsSitemaps(site.origin)).toEqual([]);
  });

  it('says why robots.txt is unreachable when the host does not answer at all', async () => {
    const origin = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const f = makeFetcher(testConfig({ baseUrl: origin }));
    const err: unknown = await f.fetch(`${origin}/en`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).message).toMatch(/robots\.txt unreachable for .*ECONNREFUSED/);
  });

  it('an aborted fetch fails retryably', async () => {
    const f = makeFetcher(testConfig({ headersTimeoutMs: 30_000 }));
    const ac = new AbortController();
    const pending = f.fetch(`${site.origin}/stall-headers`, { signal: ac.signal }).catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 50);
    expect(await pending).toMatchObject({ code: 'network', retryable: true });
  });

  it('skips robots.txt when OBEY_ROBOTS is off', async () => {
    robots = { status: 200, body: 'User-agent: *\nDisallow: /\n' };
    const f = makeFetcher(testConfig({ obeyRobots: false }));
    expect((await f.fetch(`${site.origin}/page`)).status).toBe(200);
  });
});
