/**
 * The hostile site of part 2: loopback HTTP servers that misbehave on purpose, one case per article URL, plus
 * "forbidden" listeners (hosts outside the crawler's allowlist: 127.0.0.2, 127.0.0.3 and another port of
 * 127.0.0.1) that count every request they get. Separate from the replay site; every address is in 127.0.0.0/8.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { buildSiteModel, type ArticleSpec, type SiteModel } from '../src/replay/index.js';
import { renderEnglishArticle } from '../src/replay/templates/english-article.js';
import { freePort } from '../cli/private-redis.js';

export type Role = 'main' | 'robotsCap' | 'retryAfterYear' | 'tooManyRequests';
export type Handler = (req: IncomingMessage, res: ServerResponse, site: HostileSite) => void | Promise<void>;

export interface Listener {
  server: Server;
  sockets: Set<Socket>;
  origin: string;
}

export class HostileSite {
  readonly listeners = new Map<Role, Listener>();
  /** Forbidden listeners by origin, with their hit counts. */
  readonly forbidden = new Map<string, { listener: Listener; hits: number }>();
  /** Path → handler, per role. */
  readonly routes = new Map<string, Handler>();
  /** Requests per role and path (robots.txt included). */
  readonly hits = new Map<string, number>();
  readonly model: SiteModel;
  forbiddenPort = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor() {
    // A small replay model supplies well-formed article pages for the cases that must end in a correct pair.
    this.model = buildSiteModel({ pairs: 60, seed: 9 });
  }

  static async start(): Promise<HostileSite> {
    const site = new HostileSite();
    for (const role of ['main', 'robotsCap', 'retryAfterYear', 'tooManyRequests'] as Role[]) {
      site.listeners.set(role, await site.listen('127.0.0.1', 0, (req, res) => site.handle(role, req, res)));
    }
    // The same port on 127.0.0.2 and 127.0.0.3 (IP-literal tricks all point there), plus a stray 127.0.0.1 port.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      try {
        for (const host of ['127.0.0.2', '127.0.0.3']) {
          const l = await site.listen(host, port, (req, res) => site.forbiddenHit(host, port, req, res));
          site.forbidden.set(l.origin, { listener: l, hits: 0 });
        }
        site.forbiddenPort = port;
        break;
      } catch (err) {
        for (const f of site.forbidden.values()) f.listener.server.close();
        site.forbidden.clear();
        if (attempt > 5) throw err;
      }
    }
    const stray = await site.listen('127.0.0.1', 0, (req, res) => site.forbiddenHit('127.0.0.1', 0, req, res));
    site.forbidden.set(stray.origin, { listener: stray, hits: 0 });
    return site;
  }

  origin(role: Role): string {
    return this.listeners.get(role)!.origin;
  }

  /** The stray 127.0.0.1 listener (a host:port outside the allowlist). */
  strayOrigin(): string {
    return [...this.forbidden.keys()].find((o) => o.startsWith('http://127.0.0.1:'))!;
  }

  forbiddenHits(): number {
    let n = 0;
    for (const f of this.forbidden.values()) n += f.hits;
    return n;
  }

  hitsOf(role: Role, path: string): number {
    return this.hits.get(`${role} ${path}`) ?? 0;
  }

  route(role: Role, path: string, handler: Handler): void {
    this.routes.set(`${role} ${path}`, handler);
  }

  /** An article of the model with (or without) a Korean link, not used by another case yet. */
  private used = new Set<string>();
  takeArticle(withKorean: boolean): ArticleSpec {
    const id = this.model.englishIds.find((x) => !this.used.has(x) && (this.model.pairStatus(x) !== 'no_korean_link') === withKorean);
    if (!id) throw new Error('hostile site: no article left in the model');
    this.used.add(id);
    return this.model.article(id)!;
  }

  articleHtml(a: ArticleSpec): string {
    return renderEnglishArticle(a, this.model, this.origin('main'));
  }

  /** A timer that is cleared when the site closes (slow drips, endless bodies). */
  every(ms: number, fn: () => boolean): void {
    const t = setInterval(() => {
      if (this.closed || !fn()) {
        clearInterval(t);
        this.timers.delete(t);
      }
    }, ms);
    this.timers.add(t);
  }

  /** Destroys every open connection (a case that hangs the crawler must not keep dripping into the next one). */
  dropConnections(): void {
    for (const l of [...this.listeners.values(), ...[...this.forbidden.values()].map((f) => f.listener)]) {
      for (const s of l.sockets) s.destroy();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    const all = [...this.listeners.values(), ...[...this.forbidden.values()].map((f) => f.listener)];
    await Promise.all(
      all.map(
        (l) =>
          new Promise<void>((r) => {
            l.server.close(() => r());
            l.server.closeAllConnections();
            for (const s of l.sockets) s.destroy();
          }),
      ),
    );
  }

  private async listen(host: string, port: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      Promise.resolve(handler(req, res)).catch(() => res.destroy());
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const { port: p } = server.address() as AddressInfo;
    return { server, sockets, origin: `http://${host}:${p}` };
  }

  private forbiddenHit(host: string, port: number, req: IncomingMessage, res: ServerResponse): void {
    const origin = port ? `http://${host}:${port}` : `http://${host}:${req.socket.localPort ?? 0}`;
    const f = this.forbidden.get(origin);
    if (f) f.hits++;
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>forbidden host reached</body></html>');
  }

  private async handle(role: Role, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = `${role} ${path}`;
    this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
    const h = this.routes.get(key);
    if (h) return h(req, res, this);
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
  }
}

/** Precomputed decompression bombs (a few KB on the wire, tens of MB inflated). */
export function bombs(): { gzip: Buffer; gzipTwice: Buffer; br: Buffer } {
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const gzip = gzipSync(zeros, { level: 9 });
  return {
    gzip,
    gzipTwice: gzipSync(gzip, { level: 9 }),
    br: brotliCompressSync(zeros, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
  };
}
