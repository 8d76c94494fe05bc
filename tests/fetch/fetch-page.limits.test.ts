import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../config/config.js';
import { FetchError } from '../../src/errors.js';
import { dropPartialLastLine, Fetcher } from '../../src/fetch/fetch-page.js';
import { startLoopback, type Loopback } from './loopback-server.js';

/**
 * Every hard limit of the fetcher at its edge (exactly at the limit passes, one over fails) and the
 * hostile cases around it: slow drips, bombs, endless bodies, redirect tricks towards other addresses.
 * 127.0.0.2 stands in for an internal or link-local host; a listener there counts every connection.
 */

const LIMIT = 16 * 1024;
const ROBOTS_CAP = 4096;
const page = (n: number): Buffer => Buffer.concat([Buffer.from('<!doctype html><p>'), Buffer.alloc(Math.max(0, n - 18), 0x61)]);

let robots: { status: number; body: Buffer | string; headers?: Record<string, string>; drip?: boolean } = { status: 404, body: '' };
/** Sockets of requests per path, to see the client really closed them. */
const sockets = new Map<string, Socket>();
let site: Loopback;
let inside: { server: Server; connections: number; requests: number; port: number };
let redis: Redis;
const fetchers: Fetcher[] = [];
const prefixes: string[] = [];

function sendBody(res: ServerResponse, body: Buffer, headers: Record<string, string> = {}, chunked = false): void {
  res.writeHead(200, { 'content-type': 'text/html', ...(chunked ? {} : { 'content-length': String(body.length) }), ...headers });
  if (chunked) {
    // Two writes so the body really goes out chunked.
    res.write(body.subarray(0, body.length >> 1));
    res.end(body.subarray(body.length >> 1));
  } else res.end(body);
}

/** One byte every `everyMs` until the client goes away (bounded at 60 s). */
function drip(res: ServerResponse, everyMs: number, total = Infinity, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html', ...headers });
  let sent = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    if (res.destroyed || Date.now() - started > 60_000) return clearInterval(timer);
    res.write('<');
    if (++sent >= total) {
      clearInterval(timer);
      res.end();
    }
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  sockets.set(p, req.socket);
  const n = Number(url.searchParams.get('n') ?? '0');
  const insideOrigin = `127.0.0.2:${inside.port}`;
  if (p === '/robots.txt') {
    if (robots.drip) {
      drip(res, 100, Infinity, { 'content-type': 'text/plain' });
      return;
    }
    res.writeHead(robots.status, { 'content-type': 'text/plain', ...robots.headers });
    res.end(robots.body);
  } else if (p === '/cl') sendBody(res, page(n));
  else if (p === '/chunked') sendBody(res, page(n), {}, true);
  else if (p === '/gzip') sendBody(res, gzipSync(page(n)), { 'content-encoding': 'gzip' });
  else if (p === '/br') sendBody(res, brotliCompressSync(page(n)), { 'content-encoding': 'br' });
  else if (p === '/drip') drip(res, 100);
  else if (p === '/drip-short') drip(res, 50, 5);
  else if (p === '/stall-headers') {
    // never answers
  } else if (p === '/endless') {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(4096, 0x20);
    const pump = (): void => {
      while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
    };
    pump();
  } else if (p.startsWith('/hops/')) {
    const left = Number(p.slice(6));
    res.writeHead(302, { location: left > 0 ? `/hops/${left - 1}` : '/cl?n=100', 'content-length': '0' });
    res.end();
  } else if (p.startsWith('/slow-hops/')) {
    const left = Number(p.slice(11));
    setTimeout(
      () => {
        res.writeHead(302, { location: left > 0 ? `/slow-hops/${left - 1}` : '/cl?n=100', 'content-length': '0' });
        res.end();
      },
      left > 0 ? 400 : 0,
    );
  } else if (p === '/to') {
    res.writeHead(302, { location: url.searchParams.get('u') ?? '/', 'content-length': '0' });
    res.end();
  } else if (p === '/self') {
    res.writeHead(301, { location: '/self', 'content-length': '0' });
    res.end();
  } else if (p === '/to-inside') {
    res.writeHead(302, { location: `http://${insideOrigin}/x`, 'content-length': '0' });
    res.end();
  } else if (p === '/nul') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(Buffer.from('<!doctype html><p>a\0b\0</p>'));
  } else if (p === '/nul-no-type') {
    res.writeHead(200, {});
    res.end(Buffer.from('\0\0\0<html>'));
  } else if (p === '/png') {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  } else if (p === '/weird-type') {
    res.writeHead(200, { 'content-type': ';;; charset=utf-8' });
    res.end('<!doctype html><p>x</p>');
  } else {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('not found');
  }
}

beforeAll(async () => {
  site = await startLoopback(route);
  // The "internal" host: same port as the site, another loopback address.
  const port = Number(site.host.split(':')[1]);
  inside = { server: createServer(), connections: 0, requests: 0, port };
  inside.server.on('connection', () => inside.connections++);
  inside.server.on('request', (_req, res) => {
    inside.requests++;
    res.end('internal');
  });
  await new Promise<void>((resolve, reject) => {
    inside.server.once('error', reject);
    inside.server.listen(port, '127.0.0.2', resolve);
  });
  redis = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close({ force: true })));
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  robots = { status: 404, body: '' };
});

afterAll(async () => {
  await site.close();
  inside.server.closeAllConnections();
  await new Promise((r) => inside.server.close(r));
  redis.disconnect();
});

function makeFetcher(overrides: Partial<{ -readonly [K in keyof Config]: Config[K] }> = {}): Fetcher {
  const queuePrefix = `tlimits-${randomBytes(5).toString('hex')}`;
  prefixes.push(queuePrefix);
  const config = loadConfig(
    {},
    {
      baseUrl: site.origin,
      ratePerSecond: 1000,
      queuePrefix,
      headersTimeoutMs: 5_000,
      bodyTimeoutMs: 5_000,
      fetchDeadlineMs: 10_000,
      maxBodyBytes: LIMIT,
      maxRedirects: 3,
      robotsMaxBytes: ROBOTS_CAP,
      userAgent: 'donga-ingest/0.1',
      ...overrides,
    },
  );
  const f = new Fetcher({ config, redis });
  fetchers.push(f);
  return f;
}

async function failure(f: Fetcher, url: string): Promise<FetchError> {
  const err: unknown = await f.fetch(url.startsWith('/') ? `${site.origin}${url}` : url).then(
    () => new Error(`expected ${url} to fail`),
    (e: unknown) => e,
  );
  if (!(err instanceof FetchError)) throw err;
  return err;
}

/** Resolves when the socket closes; rejects after `ms` (the client kept it open). */
function closed(socket: Socket | undefined, ms = 10_000): Promise<void> {
  if (!socket) return Promise.reject(new Error('no socket seen'));
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket still open')), ms);
    socket.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

describe('fetch deadline (FETCH_DEADLINE_MS)', () => {
  it('fails a slow-drip body that never trips the idle timeout, retryably, naming the limit, and closes the socket', async () => {
    const f = makeFetcher({ fetchDeadlineMs: 800, bodyTimeoutMs: 5_000 });
    const err = await failure(f, '/drip');
    expect(err).toMatchObject({ code: 'deadline', retryable: true, url: `${site.origin}/drip` });
    expect(err.message).toContain('800 ms');
    expect(err.message).toContain('FETCH_DEADLINE_MS');
    await closed(sockets.get('/drip'));
    // The pool is not held: the next request goes through.
    expect((await f.fetch(`${site.origin}/cl?n=100`)).status).toBe(200);
  });

  it('covers a whole redirect chain: slow hops add up to one deadline', async () => {
    // Two hops of 400 ms headers each, then the page: each hop fits 600 ms, together they do not; 10 s covers them.
    expect(await failure(makeFetcher({ fetchDeadlineMs: 600 }), '/slow-hops/2')).toMatchObject({ code: 'deadline' });
    expect((await makeFetcher({ fetchDeadlineMs: 10_000 }).fetch(`${site.origin}/slow-hops/2`)).redirects).toHaveLength(3);
  });

  it('covers the wait for headers too', async () => {
    const f = makeFetcher({ fetchDeadlineMs: 300, headersTimeoutMs: 30_000 });
    expect(await failure(f, '/stall-headers')).toMatchObject({ code: 'deadline', retryable: true });
    await closed(sockets.get('/stall-headers'));
  });

  it('a response that completes inside the deadline passes; the same response with a shorter deadline fails', async () => {
    const ok = await makeFetcher({ fetchDeadlineMs: 10_000 }).fetch(`${site.origin}/drip-short`);
    expect(Buffer.from(ok.body).toString()).toBe('<<<<<');
    expect(await failure(makeFetcher({ fetchDeadlineMs: 60 }), '/drip-short')).toMatchObject({ code: 'deadline' });
  });

  it('an endless body is stopped by size, an endless slow one by the deadline', async () => {
    expect(await failure(makeFetcher(), '/endless')).toMatchObject({ code: 'too_large', retryable: false });
    await closed(sockets.get('/endless'));
    expect(await failure(makeFetcher({ fetchDeadlineMs: 400 }), '/drip')).toMatchObject({ code: 'deadline' });
  });
});

describe('MAX_BODY_BYTES at the edge', () => {
  it.each(['/cl', '/chunked', '/gzip', '/br'])('%s: exactly the limit passes, one byte over fails', async (path) => {
    const f = makeFetcher();
    const ok = await f.fetch(`${site.origin}${path}?n=${LIMIT}`);
    expect(ok.body.length).toBe(LIMIT);
    expect(await failure(f, `${path}?n=${LIMIT + 1}`)).toMatchObject({ code: 'too_large', retryable: false });
  });

  it('a gzip bomb is stopped at the limit of decompressed output', async () => {
    // 64× the limit, compressed to a few hundred bytes.
    const f = makeFetcher();
    expect(await failure(f, `/gzip?n=${LIMIT * 64}`)).toMatchObject({ code: 'too_large' });
    expect(await failure(f, `/br?n=${LIMIT * 64}`)).toMatchObject({ code: 'too_large' });
  });
});

describe('MAX_REDIRECTS at the edge', () => {
  it('exactly MAX_REDIRECTS hops are followed; one more is refused before it is requested', async () => {
    const f = makeFetcher({ maxRedirects: 3 });
    const ok = await f.fetch(`${site.origin}/hops/2`); // /hops/2 → 1 → 0 → /cl: three redirects
    expect(ok.redirects).toHaveLength(3);
    const before = site.hits.get('/cl?n=100') ?? 0;
    expect(await failure(f, '/hops/3')).toMatchObject({ code: 'too_many_redirects', retryable: false });
    expect(site.hits.get('/cl?n=100') ?? 0).toBe(before);
  });
});

describe('redirects and URLs towards other hosts', () => {
  const port = (): number => inside.port;
  const tricks = (): string[] => [
    `http://127.0.0.2:${port()}/x`,
    `http://2130706434:${port()}/x`,
    `http://0x7f000002:${port()}/x`,
    `http://0177.0.0.2:${port()}/x`,
    `http://[::ffff:127.0.0.2]:${port()}/x`,
    `http://www.donga.com@127.0.0.2:${port()}/x`,
    `http://127.0.0.1:${port()}@127.0.0.2:${port()}/x`,
    `//127.0.0.2:${port()}/x`,
  ];

  it('refuses every trick as off_site, as a redirect and as a URL, and nothing reaches 127.0.0.2', async () => {
    const f = makeFetcher();
    const before = { connections: inside.connections, requests: inside.requests };
    for (const target of tricks()) {
      const viaRedirect = await failure(f, `/to?u=${encodeURIComponent(target)}`);
      expect(viaRedirect, target).toMatchObject({ code: 'off_site', retryable: false });
      if (!target.startsWith('//')) expect(await failure(f, target), target).toMatchObject({ code: 'off_site' });
    }
    expect(await failure(f, '/to-inside')).toMatchObject({ code: 'off_site' });
    expect(inside.connections).toBe(before.connections);
    expect(inside.requests).toBe(before.requests);
    // The listener is real: a plain request reaches it.
    const direct = await fetch(`http://127.0.0.2:${port()}/probe`);
    expect(await direct.text()).toBe('internal');
  });

  it('refuses javascript:, file: and data: locations, and credentials on the allowlisted host', async () => {
    const f = makeFetcher();
    for (const target of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<p>x</p>', 'ftp://127.0.0.1/x']) {
      expect(await failure(f, `/to?u=${encodeURIComponent(target)}`), target).toMatchObject({ code: 'off_site' });
    }
    expect(await failure(f, `http://user:pw@${site.host}/cl?n=100`)).toMatchObject({ code: 'off_site' });
  });

  it('bounds redirect loops', async () => {
    const f = makeFetcher();
    expect(await failure(f, '/self')).toMatchObject({ code: 'redirect_loop', retryable: false });
    expect(site.hits.get('/self')).toBe(1);
  });
});

describe('content types and odd bytes', () => {
  it('keeps NUL bytes of an HTML body as bytes (the parser decides); refuses binary without a type and wrong types', async () => {
    const f = makeFetcher();
    const nul = await f.fetch(`${site.origin}/nul`);
    expect([...nul.body].filter((b) => b === 0)).toHaveLength(2);
    expect(await failure(f, '/nul-no-type')).toMatchObject({ code: 'not_html', retryable: false });
    expect(await failure(f, '/png')).toMatchObject({ code: 'not_html', retryable: false });
    // A Content-Type with no media type is treated like none: sniffed (text HTML here).
    expect((await f.fetch(`${site.origin}/weird-type`)).contentType).toBe(';;; charset=utf-8');
  });
});

describe('robots.txt limits (ROBOTS_MAX_BYTES)', () => {
  const big = (): Buffer => {
    const head = 'User-agent: *\nDisallow: /en\nCrawl-delay: 3600\n';
    return Buffer.concat([Buffer.from(head), Buffer.alloc(10 * 1024 * 1024 - head.length, '# filler line\n')]);
  };

  it.each([
    ['with Content-Length', {}],
    ['gzip-compressed (a bomb)', { 'content-encoding': 'gzip' }],
  ])('a 10 MB robots.txt %s is parsed from its first bytes, not ignored', async (_name, headers: Record<string, string>) => {
    const body = headers['content-encoding'] ? gzipSync(big()) : big();
    robots = { status: 200, body, headers };
    const f = makeFetcher({ robotsMaxBytes: 512 * 1024, maxPolitenessWaitMs: 1_000 });
    const before = site.hits.get('/en/article') ?? 0;
    expect(await failure(f, '/en/article')).toMatchObject({ code: 'robots_disallowed' });
    expect(site.hits.get('/en/article') ?? 0).toBe(before);
    const rules = await f.robots.rules(site.origin);
    expect(rules.source).toBe('parsed');
    expect(rules.crawlDelaySeconds).toBe(3600);
    // Crawl-delay 3600 after the robots.txt request: the next allowed page is an hour away, handed back.
    expect(await failure(f, '/cl?n=100')).toMatchObject({ code: 'rate_limited', retryable: true });
    await closed(sockets.get('/robots.txt'));
  });

  it('exactly at the cap the whole file counts; one byte over, the cut last line is dropped', async () => {
    const line = 'Disallow: /lastpath';
    const filler = (n: number): string => `User-agent: *\n${'#'.repeat(n - 14 - 1)}\n`; // n bytes
    const exact = filler(ROBOTS_CAP - line.length) + line;
    expect(Buffer.byteLength(exact)).toBe(ROBOTS_CAP);
    robots = { status: 200, body: exact };
    const a = makeFetcher();
    expect(await failure(a, '/lastpath')).toMatchObject({ code: 'robots_disallowed' });

    // One byte more: the cap cuts the last line to `Disallow: /lastpat`, which must not count.
    robots = { status: 200, body: `${filler(ROBOTS_CAP - line.length)}${line}X` };
    const b = makeFetcher();
    expect((await b.robots.rules(site.origin)).isAllowed('/lastpath')).toBe(true);
    expect((await b.robots.rules(site.origin)).isAllowed('/lastpat')).toBe(true);
  });

  it('a slow-drip robots.txt is bounded by the deadline and blocks the site (unreachable) instead of hanging', async () => {
    robots = { status: 200, body: '', drip: true };
    const f = makeFetcher({ fetchDeadlineMs: 500 });
    const err = await failure(f, '/cl?n=100');
    expect(err).toMatchObject({ code: 'network', retryable: true });
    expect(err.message).toMatch(/robots\.txt unreachable .*FETCH_DEADLINE_MS/);
    await closed(sockets.get('/robots.txt'));
  });

  it('dropPartialLastLine keeps whole lines only', () => {
    expect(dropPartialLastLine('a\nb\nDisallow: /x')).toBe('a\nb\n');
    expect(dropPartialLastLine('a\r\nb')).toBe('a\r\n');
    expect(dropPartialLastLine('no newline')).toBe('');
  });
});
