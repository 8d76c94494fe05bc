/**
 * The site of part 3: the replay model served through the replay templates by a server that writes down the
 * arrival time of every request (server side, ms), and can answer 429 + Retry-After on a schedule, writing
 * down each pause it asked for. Politeness is judged from these times only, never from the crawler's own logs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import { buildSiteModel, type SiteModel } from '../src/replay/index.js';
import { renderEnglishArticle } from '../src/replay/templates/english-article.js';
import { renderKoreanArticle } from '../src/replay/templates/korean-article.js';
import { renderFrontPage, renderRobots, renderSectionPage, renderSitemap } from '../src/replay/templates/site-pages.js';

export interface TimedRequest {
  /** Arrival time, ms since the epoch (fractional). */
  at: number;
  path: string;
  status: number;
}

export interface TimedSiteOptions {
  pairs: number;
  seed?: number;
  crawlDelay?: number;
  /** Every `every`-th request (robots.txt not counted) is answered 429 + Retry-After: `seconds`. */
  retryAfter?: { every: number; seconds: number };
}

export interface TimedSite {
  url: string;
  model: SiteModel;
  requests: TimedRequest[];
  /** [from, to) of every Retry-After pause the site asked for (server time, ms). */
  pauses: [number, number][];
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startTimedSite(opts: TimedSiteOptions): Promise<TimedSite> {
  const model = buildSiteModel({ pairs: opts.pairs, seed: opts.seed ?? 4 });
  const requests: TimedRequest[] = [];
  const pauses: [number, number][] = [];
  let origin = '';
  let counted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const at = now();
    const u = new URL(req.url ?? '/', origin);
    const path = u.pathname;
    const send = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
      requests.push({ at, path: `${path}${u.search}`, status });
      const b = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, { 'content-type': type, 'content-length': String(b.length), ...headers }).end(b);
    };
    if (path === '/robots.txt') return send(200, 'text/plain', renderRobots(origin, opts.crawlDelay));
    counted++;
    if (opts.retryAfter && counted % opts.retryAfter.every === 0) {
      pauses.push([at, at + opts.retryAfter.seconds * 1000]);
      return send(429, 'text/html', '<html><body>slow down</body></html>', { 'retry-after': String(opts.retryAfter.seconds) });
    }
    const html = 'text/html; charset=UTF-8';
    const page = Number(u.searchParams.get('p') ?? '1');
    if (path === '/sitemap/en-articles.xml') return send(200, 'application/xml', renderSitemap(model, origin));
    if (path === '/en' || path === '/en/') {
      const h = Number.isInteger(page) ? renderFrontPage(model, page) : null;
      return h ? send(200, html, h) : send(404, html, 'not found');
    }
    const section = /^\/en\/List\/([A-Za-z]+)\/?$/.exec(path);
    if (section) {
      const h = Number.isInteger(page) ? renderSectionPage(model, section[1]!, page) : null;
      return h ? send(200, html, h) : send(404, html, 'not found');
    }
    const en = model.findEnglishPath(path);
    if (en) return send(200, html, renderEnglishArticle(en, model, origin));
    const ko = model.findKoreanPath(path);
    if (ko && model.pairStatus(ko.en.id) === 'paired') {
      const h = renderKoreanArticle(ko, origin);
      if (ko.ko.charset === 'euc-kr') return send(200, ko.ko.charsetInMetaOnly ? 'text/html' : 'text/html; charset=EUC-KR', iconv.encode(h, 'euc-kr'));
      return send(200, html, h);
    }
    return send(404, html, 'not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    model,
    requests,
    pauses,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
