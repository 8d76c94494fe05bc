import { extractEnglishArticleLinks } from '../discover/extract-links.js';
import { IngestError } from '../errors.js';
import type { FetchedPage } from '../fetch/fetch-page.js';
import type { ArticleUrl } from '../normalize/article-url.js';
import { decodeHtml } from '../parse/decode.js';
import type { Article } from '../records/article.js';
import type { Source } from '../records/pair.js';
import { parseLimits, type PipelineDeps } from './deps.js';

export interface FetchedArticle {
  record: Article;
  source: Source;
  /** The page as fetched; null when a 304 reused the cached record. */
  page: FetchedPage | null;
  reused: boolean;
  /** English article links of the page, read from the same parse (only when asked for, and not on a 304). */
  links: ArticleUrl[];
}

/**
 * One article page: conditional GET (the page cache's validators), then parse, then ONE store call that archives
 * the bytes, records the page-cache row (with the record, or null when the parse failed) and counts the fetched
 * page for the layout-drift alarm. A 304 reuses the cached record (no parse, no write). `links`: also harvest the
 * page's English article links from the same parsed tree.
 */
export async function fetchArticle(
  deps: PipelineDeps,
  url: string,
  lang: 'en' | 'ko',
  opts: { force?: boolean; links?: boolean; signal?: AbortSignal | undefined } = {},
): Promise<FetchedArticle> {
  const cache = opts.force ? null : await deps.store.getPageCache(url);
  const usable = cache?.record && cache.record.lang === lang && (cache.parserVersion == null || cache.parserVersion === deps.parser.version);
  const signal = opts.signal ? { signal: opts.signal } : {};
  let page = await deps.fetcher.fetch(url, { accept: 'html', ...signal, ...(usable ? { etag: cache.etag, lastModified: cache.lastModified } : {}) });
  if (page.notModified) {
    if (usable && cache.record) {
      return {
        record: cache.record,
        source: { url, fetchedUrl: url, fetchedAt: cache.fetchedAt, bodySha256: cache.bodySha256, httpStatus: 200 },
        page: null,
        reused: true,
        links: [],
      };
    }
    // A 304 we did not ask for (no usable cache): fetch unconditionally.
    page = await deps.fetcher.fetch(url, { accept: 'html', ...signal });
  }
  let record: Article | null = null;
  let links: ArticleUrl[] = [];
  let parseError: unknown;
  try {
    ({ record, links } = parsePage(deps, page, lang, opts.links === true));
    if (record.lang !== lang) {
      throw new IngestError('wrong_language', `expected a ${lang} article at ${url}, parsed ${record.lang}`, { url, retryable: false });
    }
  } catch (err) {
    record = null;
    parseError = err;
  }
  // A page that does not parse keeps its url → archived bytes link (record null, so a 304 never reuses it): after a
  // parser fix, `reparse` rebuilds it from the archive without fetching it again.
  const { sha256 } = await deps.store.savePage({
    requestedUrl: url,
    lang,
    raw: { url: page.url, body: page.body, headers: page.headers, status: page.status, fetchedAt: page.fetchedAt },
    etag: page.etag,
    lastModified: page.lastModified,
    parserVersion: deps.parser.version,
    record,
  });
  if (record === null) throw parseError;
  const source: Source = { url: page.url, fetchedUrl: url, fetchedAt: page.fetchedAt, bodySha256: sha256, httpStatus: page.status };
  return { record, source, page, reused: false, links };
}

/** The parser's record and, when asked for, the page's English article links, from one load of the page when the parser can. */
function parsePage(deps: PipelineDeps, page: FetchedPage, lang: 'en' | 'ko', withLinks: boolean): { record: Article; links: ArticleUrl[] } {
  const input = { body: page.body, url: page.url, contentType: page.contentType };
  const limits = parseLimits(deps.config);
  if (deps.parser.parsePage) return deps.parser.parsePage(input, lang, limits, { links: withLinks });
  const record = deps.parser.parse(input, lang, limits);
  const links = withLinks ? extractEnglishArticleLinks(decodeHtml(page.body, page.contentType).html, page.url, limits) : [];
  return { record, links };
}
