/**
 * The Crawlee side of `npm run bench:crawlee`: donga-ingest's job done by Crawlee's CheerioCrawler, run as its own
 * process by bench/crawlee/run.ts. Same site, same parsers (src/parse, src/discover), same pair builder, same store
 * writes (store-writes.ts); only the pipeline around them is Crawlee's: its in-memory request queue (no persisted
 * storage), its HTTP client, its autoscaled pool, its robots.txt handling, and its own cheerio load of every page
 * (CheerioCrawler's cost; our parsers get the page bytes, as in donga-ingest).
 *
 *   node bin/run-ts.js bench/crawlee/crawlee-side.ts --site http://127.0.0.1:PORT --data DIR --concurrency 16
 *     [--max-discovery-pages 2000] [--no-follow-links] [--rate 1000]
 *
 * Concurrency: donga-ingest's WORKER_CONCURRENCY is per queue, and two queues fetch articles at once (English and
 * Korean), so the harness passes 2 × WORKER_CONCURRENCY here: the same number of page fetches in flight.
 */
import { Transform, type Readable } from 'node:stream';
import { CheerioCrawler, Configuration, NonRetryableError, RobotsTxtFile, log, LogLevel, type CheerioCrawlingContext } from 'crawlee';
import { englishArticlesFromFeed, extractEnglishArticleLinks, extractPaginationLinks } from '../../src/discover/extract-links.js';
import { IngestError, isIngestError } from '../../src/errors.js';
import { buildPairRecord } from '../../src/pair/build-pair.js';
import { decodeHtml } from '../../src/parse/decode.js';
import { parseArticle, PARSER_VERSION } from '../../src/parse/index.js';
import { MAX_FOLLOW_HOPS, parseLimits } from '../../src/pipeline/deps.js';
import type { Article, EnglishArticle } from '../../src/records/article.js';
import type { Source } from '../../src/records/pair.js';
import { runOutcome } from '../../src/status/run-outcome.js';
import { openStoreWrites, type FetchedBytes } from './store-writes.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`crawlee-side: --${name} is required`);
  return v;
}

const siteUrl = arg('site').replace(/\/+$/, '');
const dataDir = arg('data');
const concurrency = Number(arg('concurrency', '16'));
const maxDiscoveryPages = Number(arg('max-discovery-pages', '2000'));
const rate = Number(arg('rate', '1000'));
const followLinks = !process.argv.includes('--no-follow-links');
// The same limits donga-ingest's defaults give its parsers (MAX_PARSE_DEPTH 512, PARSE_TIMEOUT_MS 5000).
const limits = parseLimits({ maxParseDepth: 512, parseTimeoutMs: 5000 });
const host = new URL(siteUrl).host;
const runId = `crawlee-${Date.now().toString(36)}`;

log.setLevel(LogLevel.WARNING);
const sw = await openStoreWrites(dataDir);
await sw.startRun(runId);

// ---- the raw response bytes -------------------------------------------------------------------------------------
// CheerioCrawler hands its handler decoded text (UTF-8 unless the header names another charset: EUC-KR pages that
// declare it only in <meta> come out garbled). Our archive keeps the bytes and our parser decodes them, so a
// post-navigation hook taps the (decompressed) response stream on its way to Crawlee's parser.
const rawChunks = new WeakMap<object, Buffer[]>();
const RESPONSE_PROPS = [
  'statusCode',
  'statusMessage',
  'headers',
  'url',
  'complete',
  'httpVersion',
  'rawHeaders',
  'rawTrailers',
  'trailers',
  'request',
  'redirectUrls',
  'timings',
  'ip',
  'isFromCache',
];

function tapRawBody(ctx: CheerioCrawlingContext): void {
  const res = ctx.response as unknown as Readable & Record<string, unknown>;
  const chunks: Buffer[] = [];
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb(null, chunk);
    },
  });
  res.on('error', (err) => tap.destroy(err));
  res.pipe(tap);
  for (const k of RESPONSE_PROPS) if (k in res) (tap as unknown as Record<string, unknown>)[k] = res[k];
  (ctx as unknown as { response: unknown }).response = tap;
  rawChunks.set(ctx.request, chunks);
}

function fetched(ctx: CheerioCrawlingContext): FetchedBytes {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.response.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    requestedUrl: ctx.request.url,
    url: ctx.request.loadedUrl ?? ctx.request.url,
    status: ctx.response.statusCode ?? 0,
    headers,
    body: Buffer.concat(rawChunks.get(ctx.request) ?? []),
    fetchedAt: new Date().toISOString(),
  };
}

function requireOk(page: FetchedBytes): void {
  // CheerioCrawler passes 4xx pages to the handler; donga-ingest's fetcher fails them (not retried).
  if (page.status >= 400) throw new NonRetryableError(`HTTP ${page.status} for ${page.requestedUrl}`);
}

function parse(page: FetchedBytes, lang: 'en' | 'ko'): Article {
  const record = parseArticle({ body: page.body, url: page.url, contentType: page.headers['content-type'] ?? null }, { ...limits, lang });
  if (record.lang !== lang)
    throw new IngestError('wrong_language', `expected a ${lang} article at ${page.url}, parsed ${record.lang}`, { url: page.url, retryable: false });
  return record;
}

// ---- discovery budget (MAX_DISCOVERY_PAGES, counted as donga-ingest's takeRunBudget counts it) ------------------
let budget = maxDiscoveryPages;
function grant(n: number): number {
  const g = Math.max(0, Math.min(n, budget));
  budget -= g;
  return g;
}

interface EnglishData {
  hops: number;
}
interface KoreanData {
  english: EnglishArticle;
  englishSource: Source;
}

const counts = { pagesDone: 0, pagesFailed: 0, articlesDone: 0, articlesFailed: 0, pairs: 0 };

async function enqueueEnglish(ctx: CheerioCrawlingContext, html: string, pageUrl: string, hops: number, exceptId?: string): Promise<void> {
  const arts = extractEnglishArticleLinks(html, pageUrl, limits).filter((a) => a.articleId !== exceptId && new URL(a.url).host === host);
  if (arts.length) await ctx.addRequests(arts.map((a) => ({ url: a.url, label: 'EN', userData: { hops } satisfies EnglishData })));
}

async function handleList(ctx: CheerioCrawlingContext): Promise<void> {
  const page = fetched(ctx);
  requireOk(page);
  const html = decodeHtml(page.body, page.headers['content-type'] ?? null).html;
  await enqueueEnglish(ctx, html, page.url, 0);
  const next = extractPaginationLinks(html, page.url, limits).filter((u) => new URL(u).host === host);
  const granted = grant(next.length);
  if (granted) await ctx.addRequests(next.slice(0, granted).map((url) => ({ url, label: 'LIST' })));
  counts.pagesDone++;
  await sw.done(page.requestedUrl, runId, { pagesDone: 1 });
}

async function handleSitemap(ctx: CheerioCrawlingContext): Promise<void> {
  const page = fetched(ctx);
  requireOk(page);
  const text = decodeHtml(page.body, page.headers['content-type'] ?? null).html;
  const feed = englishArticlesFromFeed(text, page.url, limits);
  const arts = feed.articles.filter((a) => new URL(a.url).host === host);
  if (arts.length) await ctx.addRequests(arts.map((a) => ({ url: a.url, label: 'EN', userData: { hops: 0 } satisfies EnglishData })));
  const granted = grant(feed.sitemaps.length);
  if (granted) await ctx.addRequests(feed.sitemaps.slice(0, granted).map((url) => ({ url, label: 'SITEMAP' })));
  counts.pagesDone++;
  await sw.done(page.requestedUrl, runId, { pagesDone: 1 });
}

async function handleEnglish(ctx: CheerioCrawlingContext): Promise<void> {
  const page = fetched(ctx);
  requireOk(page);
  const { hops } = ctx.request.userData as EnglishData;
  const { record, source } = await sw.articlePage(page, 'en', PARSER_VERSION, () => parse(page, 'en'));
  const english = record as EnglishArticle;
  if (followLinks && hops < MAX_FOLLOW_HOPS) {
    await enqueueEnglish(ctx, decodeHtml(page.body, page.headers['content-type'] ?? null).html, page.url, hops + 1, english.articleId);
  }
  if (english.koreanUrl === null) {
    await writePair(english, source, null, null, null);
  } else {
    // The English record travels with the Korean request (userData), as the pair job's payload does in BullMQ.
    await ctx.addRequests([
      { url: english.koreanUrl, label: 'KO', uniqueKey: `ko:${english.articleId}`, userData: { english, englishSource: source } satisfies KoreanData },
    ]);
  }
  counts.articlesDone++;
  await sw.done(page.requestedUrl, runId, { articlesDone: 1 });
}

async function handleKorean(ctx: CheerioCrawlingContext): Promise<void> {
  const page = fetched(ctx);
  requireOk(page);
  const { english, englishSource } = ctx.request.userData as KoreanData;
  const { record, source } = await sw.articlePage(page, 'ko', PARSER_VERSION, () => parse(page, 'ko'));
  await sw.done(page.requestedUrl, runId, null);
  await writePair(english, englishSource, record, source, null);
  // What the pair job's worker boundary records when it is done.
  await sw.done(english.url, runId, null);
}

async function writePair(
  english: EnglishArticle,
  englishSource: Source,
  korean: Article | null,
  koreanSource: Source | null,
  koreanError: { code: string; message: string } | null,
): Promise<void> {
  const pair = buildPairRecord({
    english,
    korean: korean as never,
    englishSource,
    koreanSource,
    koreanError,
    parserVersion: PARSER_VERSION,
    now: new Date().toISOString(),
  });
  await sw.writePair(pair);
  counts.pairs++;
}

const failureCode = (err: Error): { code: string; retryable: boolean } =>
  isIngestError(err) ? { code: err.code, retryable: err.retryable } : { code: err instanceof NonRetryableError ? 'http_status' : 'internal', retryable: false };

const crawler = new CheerioCrawler(
  {
    minConcurrency: concurrency,
    maxConcurrency: concurrency,
    maxRequestsPerMinute: rate * 60,
    // donga-ingest: JOB_ATTEMPTS 5 (4 retries).
    maxRequestRetries: 4,
    respectRobotsTxtFile: true,
    postNavigationHooks: [tapRawBody],
    async requestHandler(ctx) {
      switch (ctx.request.label) {
        case 'LIST':
          return handleList(ctx);
        case 'SITEMAP':
          return handleSitemap(ctx);
        case 'EN':
          return handleEnglish(ctx);
        case 'KO':
          return handleKorean(ctx);
        default:
          throw new Error(`unknown label ${ctx.request.label}`);
      }
    },
    async failedRequestHandler({ request }, err) {
      const { code, retryable } = failureCode(err);
      const attempts = request.retryCount + 1;
      const label = request.label;
      const lang = label === 'EN' ? 'en' : label === 'KO' ? 'ko' : 'discover';
      const delta = label === 'EN' ? { articlesFailed: 1 } : label === 'KO' ? null : { pagesFailed: 1 };
      if (label === 'EN') counts.articlesFailed++;
      else if (label !== 'KO') counts.pagesFailed++;
      await sw.failed({ url: request.url, lang, code, message: err.message, retryable, attempts }, runId, delta);
      if (label === 'KO') {
        // The pair job of a failed Korean child: a korean_failed pair.
        const { english, englishSource } = request.userData as KoreanData;
        await writePair(english, englishSource, null, null, { code, message: err.message });
        await sw.done(english.url, runId, null);
      }
    },
  },
  new Configuration({ persistStorage: false }),
);

const started = performance.now();
// donga-ingest's crawl run: the start page (START_PATHS /en) and robots.txt's sitemaps, within the page budget.
const robots = await RobotsTxtFile.find(siteUrl);
const sitemaps = robots.getSitemaps().filter((u) => new URL(u).host === host);
const seeds = [{ url: `${siteUrl}/en`, label: 'LIST' }, ...sitemaps.map((url) => ({ url, label: 'SITEMAP' }))];
const stats = await crawler.run(seeds.slice(0, grant(seeds.length)));
await sw.finishRun(runId, runOutcome(counts));
await sw.close();
const s = (performance.now() - started) / 1000;
process.stdout.write(
  `crawlee: ${counts.pairs} pairs stored in ${s.toFixed(1)} s; ${stats.requestsFinished} requests done, ${stats.requestsFailed} failed; ` +
    `pages ${counts.pagesDone} done ${counts.pagesFailed} failed, articles ${counts.articlesDone} done ${counts.articlesFailed} failed\n`,
);
// Crawlee leaves timers behind (its system-status snapshots); the work is done and the store closed.
process.exit(stats.requestsFailed > 0 && counts.articlesDone === 0 ? 1 : 0);
