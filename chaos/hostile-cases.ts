/**
 * The cases of part 2 and what each must end with. Each case is one English article URL on the hostile site;
 * `expect` is written down here, next to the misbehaviour, so the table can say what was wanted.
 */
import type { ServerResponse } from 'node:http';
import type { ArticleSpec } from '../src/replay/index.js';
import { bombs, type HostileSite, type Role } from './hostile-site.js';

export type Expectation =
  /** A failure row for the case URL with one of these codes. */
  | { kind: 'failure'; codes: readonly string[] }
  /** A stored pair with one of these statuses and the model's English title. */
  | { kind: 'pair'; statuses: readonly string[] };

export interface HostileCase {
  name: string;
  what: string;
  /** Host the article URL is on. */
  role: Role;
  articleId: string;
  path: string;
  expect: Expectation;
  /** The English article of the model behind a case that must end in a correct pair. */
  article?: ArticleSpec;
  /** Extra check after the case (e.g. nothing fetched past a disallow); returns problems. */
  extra?: (site: HostileSite) => string[];
  /** The longest give-up time a fixed crawler may take (ms), from the settings; see `giveUpBound`. */
  boundMs: number;
}

export interface HostileSettings {
  attempts: number;
  backoffMs: number;
  fetchDeadlineMs: number;
  parseTimeoutMs: number;
  maxRetryAfterMs: number;
  maxPolitenessWaitMs: number;
  headersTimeoutMs: number;
}

const PARSE_CODES = ['not_article', 'missing_title', 'missing_date', 'missing_body', 'parse_timeout', 'too_deep', 'undecodable'] as const;
const ALL_HOPS_OFF_SITE = { kind: 'failure', codes: ['off_site'] } as const;

function html(res: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}): void {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(b.length), ...headers }).end(b);
}

function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': '0' }).end();
}

/** A page that looks like an article up to the body, so parsing really starts. */
function articleShell(inner: string): string {
  return (
    `<!DOCTYPE html><html lang="en"><head><title>Hostile</title></head><body><div class="article_title"><h1 class="title">Hostile page</h1>` +
    `<div class="title_foot"><span class="date01">Posted March. 01, 2024 07:38,</span></div></div><div class="article_view"><div class="article_txt">${inner}</div></div></body></html>`
  );
}

/** Builds every case and registers its routes on `site`. */
export function buildCases(site: HostileSite, s: HostileSettings): HostileCase[] {
  const cases: HostileCase[] = [];
  const perAttempt = s.fetchDeadlineMs + s.backoffMs * 2;
  const retried = s.attempts * perAttempt + 5_000;
  const once = perAttempt + 5_000;
  const forbidden = site.forbiddenPort;
  let next = 9_000_001;
  const synthetic = (
    name: string,
    what: string,
    role: Role,
    expect: Expectation,
    boundMs: number,
    handler: Parameters<HostileSite['route']>[2],
    extra?: HostileCase['extra'],
  ) => {
    const articleId = String(next++);
    const path = `/en/article/all/20240301/${articleId}/1`;
    site.route(role, path, handler);
    cases.push({ name, what, role, articleId, path, expect, boundMs, ...(extra ? { extra } : {}) });
  };
  const fromModel = (
    name: string,
    what: string,
    withKorean: boolean,
    expect: Expectation,
    transform: (html: string, a: ArticleSpec) => { body: Buffer | string; headers?: Record<string, string> },
  ) => {
    const a = site.takeArticle(withKorean);
    const page = site.articleHtml(a);
    site.route('main', a.en.path, (_req, res) => {
      const t = transform(page, a);
      html(res, t.body, t.headers ?? {});
    });
    cases.push({ name, what, role: 'main', articleId: a.en.id, path: a.en.path, expect, article: a, boundMs: once + s.parseTimeoutMs });
  };

  // --- slow and endless
  synthetic('slow-body', '200, then 1 byte every 2 s, forever', 'main', { kind: 'failure', codes: ['deadline'] }, retried, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<!DOCTYPE html><html><body>');
    site.every(2_000, () => !res.destroyed && res.write('.'));
  });
  synthetic('endless-body', 'chunked body that never ends (64 KiB chunks)', 'main', { kind: 'failure', codes: ['too_large'] }, once, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  synthetic('oversized-declared', 'Content-Length 100 MB', 'main', { kind: 'failure', codes: ['too_large'] }, once, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(100 * 1024 * 1024) });
    res.write(Buffer.alloc(1024, 'a'));
  });

  // --- decompression bombs
  const b = bombs();
  synthetic('gzip-bomb', `gzip: ${b.gzip.length} bytes → 64 MiB`, 'main', { kind: 'failure', codes: ['too_large'] }, once, (_req, res) =>
    html(res, b.gzip, { 'content-encoding': 'gzip' }),
  );
  synthetic('gzip-bomb-twice', `gzip, gzip: ${b.gzipTwice.length} bytes → 64 MiB`, 'main', { kind: 'failure', codes: ['too_large'] }, once, (_req, res) =>
    html(res, b.gzipTwice, { 'content-encoding': 'gzip, gzip' }),
  );
  synthetic('br-bomb', `br: ${b.br.length} bytes → 64 MiB`, 'main', { kind: 'failure', codes: ['too_large'] }, once, (_req, res) =>
    html(res, b.br, { 'content-encoding': 'br' }),
  );

  // --- pages that attack the parser
  synthetic('deep-nesting', '100,000 nested <div>', 'main', { kind: 'failure', codes: ['too_deep'] }, once + s.parseTimeoutMs, (_req, res) =>
    html(res, articleShell(`${'<div>'.repeat(100_000)}<p>deep</p>${'</div>'.repeat(100_000)}`)),
  );
  synthetic('long-line', '4.5 MB line without a tag', 'main', { kind: 'failure', codes: PARSE_CODES }, once + s.parseTimeoutMs, (_req, res) =>
    html(res, Buffer.alloc(4_500_000, 'x')),
  );
  synthetic(
    'long-line-in-article',
    'article whose body is one 4.5 MB word',
    'main',
    { kind: 'failure', codes: PARSE_CODES },
    once + s.parseTimeoutMs,
    (_req, res) => html(res, articleShell(`<p>${'x'.repeat(4_500_000)}</p>`)),
  );

  // --- robots.txt and rate limits
  synthetic(
    'robots-over-cap',
    'robots.txt of 6 MB (over ROBOTS_MAX_BYTES and MAX_BODY_BYTES) starting Disallow: /en, Crawl-delay: 86400',
    'robotsCap',
    { kind: 'failure', codes: ['robots_disallowed'] },
    once,
    (_req, res) => html(res, articleShell('<p>must never be fetched</p>')),
    (st) => {
      const n = [...st.hits.entries()].filter(([k]) => k.startsWith('robotsCap /en')).reduce((a, [, v]) => a + v, 0);
      return n > 0 ? [`${n} request(s) to /en… on a host whose robots.txt disallows /en`] : [];
    },
  );
  site.route('robotsCap', '/robots.txt', (_req, res) => {
    const head = 'User-agent: *\nDisallow: /en\nCrawl-delay: 86400\n';
    const pad = `# ${'padding '.repeat(12)}\n`;
    const body = Buffer.from(head + pad.repeat(Math.ceil((6 * 1024 * 1024) / pad.length)));
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(body.length) }).end(body);
  });
  synthetic(
    'retry-after-year',
    '429 + Retry-After: 31536000 (a year)',
    'retryAfterYear',
    { kind: 'failure', codes: ['rate_limited'] },
    s.attempts * (s.maxRetryAfterMs + s.backoffMs * 2 + s.fetchDeadlineMs) + 5_000,
    (_req, res) => {
      res.writeHead(429, { 'retry-after': '31536000', 'content-length': '0' }).end();
    },
  );
  synthetic(
    '429-forever',
    '429 + Retry-After: 1 on every request',
    'tooManyRequests',
    { kind: 'failure', codes: ['rate_limited'] },
    s.attempts * (1_000 + perAttempt) + 5_000,
    (_req, res) => {
      res.writeHead(429, { 'retry-after': '1', 'content-length': '0' }).end();
    },
  );
  synthetic('503-forever', '503 on every request', 'main', { kind: 'failure', codes: ['http_status'] }, retried, (_req, res) => {
    res.writeHead(503, { 'content-length': '0' }).end();
  });

  // --- redirects
  const target = (host: string) => `http://${host}:${forbidden}/en/article/all/20240301/9999999/1`;
  const redirects: [string, string, string][] = [
    ['redirect-127.0.0.2', 'redirect to http://127.0.0.2 (outside the allowlist)', target('127.0.0.2')],
    ['redirect-decimal-ip', 'redirect to http://2130706434 (= 127.0.0.2)', target('2130706434')],
    ['redirect-hex-ip', 'redirect to http://0x7f000002 (= 127.0.0.2)', target('0x7f000002')],
    ['redirect-v4-mapped', 'redirect to http://[::ffff:127.0.0.2]', target('[::ffff:127.0.0.2]')],
    ['redirect-protocol-relative', 'redirect to //127.0.0.3:port/…', `//127.0.0.3:${forbidden}/en/article/all/20240301/9999999/1`],
    ['redirect-userinfo', 'redirect to http://<main host>@127.0.0.2:port/…', `http://${new URL(site.origin('main')).host}@127.0.0.2:${forbidden}/x`],
    ['redirect-other-port', 'redirect to another port of 127.0.0.1', `${site.strayOrigin()}/en/article/all/20240301/9999999/1`],
    ['redirect-file', 'redirect to file:///etc/passwd', 'file:///etc/passwd'],
  ];
  for (const [name, what, location] of redirects) synthetic(name, what, 'main', ALL_HOPS_OFF_SITE, once, (_req, res) => redirect(res, location));
  synthetic('redirect-loop', 'A → B → A', 'main', { kind: 'failure', codes: ['redirect_loop', 'too_many_redirects'] }, once, (req, res) =>
    redirect(res, req.url?.endsWith('?b') ? req.url.slice(0, -2) : `${req.url}?b`),
  );
  synthetic('redirect-chain', '30 distinct hops', 'main', { kind: 'failure', codes: ['too_many_redirects'] }, once, (req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hop') ?? '0');
    redirect(res, `${new URL(req.url ?? '/', 'http://x').pathname}?hop=${n + 1}`, 301);
  });
  // The chain stays on one path; only the query changes.

  // --- content types, charsets, bytes
  synthetic('content-type-pdf', 'application/pdf', 'main', { kind: 'failure', codes: ['not_html'] }, once, (_req, res) =>
    html(res, '%PDF-1.4\n%âãÏÓ\n', { 'content-type': 'application/pdf' }),
  );
  synthetic('content-type-image', 'image/png over an HTML body', 'main', { kind: 'failure', codes: ['not_html'] }, once, (_req, res) =>
    html(res, articleShell('<p>an image?</p>'), { 'content-type': 'image/png' }),
  );
  synthetic('no-type-binary', 'no Content-Type, binary bytes', 'main', { kind: 'failure', codes: ['not_html'] }, once, (_req, res) => {
    const body = Buffer.alloc(4096);
    for (let i = 0; i < body.length; i++) body[i] = (i * 131) % 256;
    res.writeHead(200, { 'content-length': String(body.length) }).end(body);
  });
  fromModel('charset-lie', 'article sent as charset=euc-kr (bytes are UTF-8)', false, { kind: 'pair', statuses: ['no_korean_link'] }, (page) => ({
    body: page,
    headers: { 'content-type': 'text/html; charset=euc-kr' },
  }));
  fromModel('charset-bogus', 'article sent as charset=x-no-such-charset', false, { kind: 'pair', statuses: ['no_korean_link'] }, (page) => ({
    body: page,
    headers: { 'content-type': 'text/html; charset=x-no-such-charset' },
  }));
  fromModel('nul-bytes', 'article with NUL bytes in title and paragraphs', false, { kind: 'pair', statuses: ['no_korean_link'] }, (page) => ({
    body: page.replace(/<p>/g, '<p>\u0000').replace(/(<h1 class="title">)/, '$1\u0000'),
  }));

  // --- links: the 한국어 link of a real article points somewhere it must not go
  const koLink = (page: string, href: string) => page.replace(/href="[^"]*"(?= class="(kor_link|btn_ko)")/g, `href="${href}"`);
  const linkCases: [string, string, string][] = [
    ['korean-link-javascript', '한국어 link is javascript:alert(1)', 'javascript:alert(1)'],
    ['korean-link-file', '한국어 link is file:///etc/passwd', 'file:///etc/passwd'],
    ['korean-link-off-site', '한국어 link to 127.0.0.2 (Korean article path)', `http://127.0.0.2:${forbidden}/news/article/all/20240301/110000000/1`],
    ['korean-link-decimal-ip', '한국어 link to http://2130706435 (= 127.0.0.3)', `http://2130706435:${forbidden}/news/article/all/20240301/110000000/1`],
  ];
  for (const [name, what, href] of linkCases) {
    fromModel(name, what, true, { kind: 'pair', statuses: ['no_korean_link', 'korean_failed'] }, (page) => ({ body: koLink(page, href) }));
  }
  return cases;
}
