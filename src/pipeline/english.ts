import { createHash } from 'node:crypto';
import { extractEnglishArticleLinks } from '../discover/extract-links.js';
import { IngestError } from '../errors.js';
import type { FetchedPage } from '../fetch/fetch-page.js';
import { parseKoreanArticleUrl } from '../normalize/article-url.js';
import { buildPairRecord } from '../pair/build-pair.js';
import { decodeHtml } from '../parse/decode.js';
import type { EnglishPayload } from '../queue/jobs.js';
import type { Article, EnglishArticle } from '../records/article.js';
import type { Source } from '../records/pair.js';
import { admitArticles, englishPayloads, robotsAllowed, windowOfPayload } from './discover.js';
import { MAX_FOLLOW_HOPS, parseLimits, type PipelineDeps } from './deps.js';
import { storePair } from './store-pair.js';

export type EnglishOutcome =
  /** 304 and the pair is already stored: nothing to do. */
  | 'unchanged'
  /** No `한국어` link: the pair was written directly. */
  | 'no_korean_link'
  /** The Korean job and the pair job were enqueued. */
  | 'korean_enqueued';

export interface EnglishResult {
  outcome: EnglishOutcome;
  pairId: string;
  /** New English links harvested from the page (config.followArticleLinks). */
  followed: number;
}

/** Fetches, archives and parses a page (or reuses the cached record on 304). */
export async function fetchArticle(
  deps: PipelineDeps,
  url: string,
  lang: 'en' | 'ko',
  force: boolean,
  signal?: AbortSignal,
): Promise<{ record: Article; source: Source; page: FetchedPage | null; reused: boolean }> {
  const cache = force ? null : await deps.store.getPageCache(url);
  const usable =
    cache && cache.record && cache.record.lang === lang && (cache.parserVersion == null || cache.parserVersion === deps.parser.version);
  let page = await deps.fetcher.fetch(url, {
    accept: 'html',
    ...(signal ? { signal } : {}),
    ...(usable ? { etag: cache.etag, lastModified: cache.lastModified } : {}),
  });
  if (page.notModified) {
    if (usable && cache.record) {
      return {
        record: cache.record,
        source: { url, fetchedUrl: url, fetchedAt: cache.fetchedAt, bodySha256: cache.bodySha256, httpStatus: 200 },
        page: null,
        reused: true,
      };
    }
    // A 304 we did not ask for (no usable cache): fetch unconditionally.
    page = await deps.fetcher.fetch(url, { accept: 'html', ...(signal ? { signal } : {}) });
  }
  const { sha256 } = await deps.archive.put({
    url: page.url,
    body: page.body,
    headers: page.headers,
    status: page.status,
    fetchedAt: page.fetchedAt,
  });
  // One fetched article page for the layout-drift counters (its parse failure, if any, is counted by the guard).
  await deps.store.countPage(lang, { fetched: 1 }).catch((err: unknown) => deps.logger?.error({ err, url }, 'could not count the fetched page'));
  const source: Source = { url: page.url, fetchedUrl: url, fetchedAt: page.fetchedAt, bodySha256: sha256, httpStatus: page.status };
  const cacheRow = { url, etag: page.etag, lastModified: page.lastModified, bodySha256: sha256, parserVersion: deps.parser.version, fetchedAt: page.fetchedAt };
  let record: Article;
  try {
    record = deps.parser.parse({ body: page.body, url: page.url, contentType: page.contentType }, lang, parseLimits(deps.config));
    if (record.lang !== lang) {
      throw new IngestError('wrong_language', `expected a ${lang} article at ${url}, parsed ${record.lang}`, { url, retryable: false });
    }
  } catch (err) {
    // A page that does not parse keeps its url → archived bytes link (record null, so a 304 never reuses it):
    // after a parser fix, `reparse` rebuilds it from the archive without fetching it again.
    await deps.store.putPageCache({ ...cacheRow, record: null });
    throw err;
  }
  await deps.store.putPageCache({ ...cacheRow, record });
  return { record, source, page, reused: false };
}

/** A short stable id for a Korean URL that has no article id (should not happen with valid links). */
function koreanKey(url: string): string {
  return parseKoreanArticleUrl(url)?.articleId ?? `u${createHash('sha1').update(url).digest('hex').slice(0, 16)}`;
}

/**
 * The English step: conditional GET → archive → parse; then either the pair is written at once
 * (no `한국어` link) or the Korean job + pair job are enqueued as one flow.
 * `jobId` is this English job's id: the follow-up job ids derive from it; `signal` aborts the fetch (shutdown).
 */
export async function ingestEnglish(deps: PipelineDeps, payload: EnglishPayload, jobId: string, signal?: AbortSignal): Promise<EnglishResult> {
  const force = payload.force === true;
  const { record, source, page, reused } = await fetchArticle(deps, payload.url, 'en', force, signal);
  const english = record as EnglishArticle;
  const pairId = `en-${english.articleId}`;
  if (reused) {
    const existing = await deps.store.getPair(pairId);
    // Unchanged page and a stored pair: a 304 costs nothing more. A stored korean_failed pair is retried.
    if (existing && existing.provenance.english.bodySha256 === source.bodySha256 && existing.pairing.status !== 'korean_failed') {
      // A refresh goes on to recheck the Korean original, which may be updated while the English page is not
      // (its conditional GET and the content hash keep an unchanged pair from becoming a revision).
      if (!payload.refresh || english.koreanUrl === null) return { outcome: 'unchanged', pairId, followed: 0 };
    }
  }

  let followed = 0;
  if (page && deps.config.followArticleLinks && (payload.hops ?? 0) < MAX_FOLLOW_HOPS) {
    const html = decodeHtml(page.body, page.contentType).html;
    const window = windowOfPayload(payload);
    const links = await robotsAllowed(
      deps,
      admitArticles(
        deps,
        extractEnglishArticleLinks(html, page.url, parseLimits(deps.config)).filter((a) => a.articleId !== english.articleId),
        window,
      ),
    );
    await deps.enqueue.addEnglish(
      englishPayloads(deps, links, { ...(payload.runId ? { runId: payload.runId } : {}), hops: (payload.hops ?? 0) + 1, ...window }),
    );
    followed = links.length;
  }

  if (english.koreanUrl === null) {
    const pair = buildPairRecord({
      english,
      korean: null,
      englishSource: source,
      koreanSource: null,
      koreanError: null,
      parserVersion: deps.parser.version,
      now: deps.now().toISOString(),
    });
    await storePair(deps, pair);
    return { outcome: 'no_korean_link', pairId, followed };
  }

  await deps.enqueue.addPairFlow(
    {
      englishId: english.articleId,
      englishJobId: jobId,
      english,
      englishSource: source,
      koreanUrl: english.koreanUrl,
      parserVersion: deps.parser.version,
    },
    { url: english.koreanUrl, englishId: english.articleId, englishUrl: english.url, ...(force ? { force } : {}) },
    koreanKey(english.koreanUrl),
    { refresh: payload.refresh !== undefined && !force },
  );
  return { outcome: 'korean_enqueued', pairId, followed };
}
