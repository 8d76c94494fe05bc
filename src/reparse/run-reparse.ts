import { IngestError, isParseFailureCode, PARSE_FAILURE_CODES, type IngestErrorCode } from '../errors.js';
import { failureOf } from '../failure.js';
import { parseEnglishArticleUrl } from '../normalize/article-url.js';
import { buildPairRecord } from '../pair/build-pair.js';
import { canonicalJson, pairContentHash } from '../pair/pair-content-hash.js';
import type { ParseLimits } from '../parse/limits.js';
import type { ArticleParser } from '../pipeline/deps.js';
import type { Article, EnglishArticle, KoreanArticle } from '../records/article.js';
import type { PairStatus, Source } from '../records/pair.js';
import type { FailureLang, FailureRow, PageCacheEntry, PairStore, StoredPair } from '../store/pair-store.js';
import type { RawArchive } from '../store/raw-archive.js';
import { changedFields } from './changed-fields.js';

/**
 * `reparse`: rebuilds stored records from the raw archive with the current parser, without one request to the
 * site — the last step of the loop that turns a site change into a fix (notice, capture, fix the parser, reparse).
 *
 * The bytes of a page are the newest ones fetched for its URL: the page cache row (written for every fetched
 * article page, also when it failed to parse) names their sha256; the pair's provenance names the bytes it was
 * built from, used when the cache has nothing newer. Provenance fetch times are kept, so a record the new
 * parser reads the same way has the same content hash: no write, no new revision.
 */

export interface ReparseDeps {
  store: PairStore;
  archive: Pick<RawArchive, 'get'>;
  parser: ArticleParser;
  /** Bounds of the parse work on one page, as in a crawl (`parseLimits(config)`); none when omitted. */
  limits?: ParseLimits | undefined;
  /** The clock: `pairedAt` of rebuilt pairs. */
  now: () => Date;
}

export interface ReparseOptions {
  /** Only articles whose English URL date is on or after this day (YYYY-MM-DD). */
  since?: string | undefined;
  /** Only articles whose English URL date is on or before this day (YYYY-MM-DD). */
  until?: string | undefined;
  /** Only pages with a parse failure recorded (and the pairs they belong to). */
  failedOnly?: boolean | undefined;
  /** Work out what would change; write nothing. */
  dryRun?: boolean | undefined;
  /** Pairs per store query (keyset pagination over pair ids). @defaultValue 200 */
  pageSize?: number | undefined;
  /** Stops between two items (SIGINT); the summary says where. */
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** A pair that was (or, in a dry run, would be) written. */
export interface ReparseChange {
  pairId: string;
  kind: 'revised' | 'new';
  /** The revision written; null in a dry run. */
  revision: number | null;
  status: PairStatus;
  /** Dotted paths of what changed (`english.title`); `new` for a pair that did not exist. */
  fields: string[];
}

export interface ReparsePageFailure {
  url: string;
  lang: 'en' | 'ko';
  code: IngestErrorCode;
  message: string;
  /** false for parse errors; true only for an unexpected error (a parser bug: `internal`). */
  retryable: boolean;
  /**
   * true when the page had no parse failure recorded: the stored record was read from these very bytes, or by an
   * earlier parser, so this parser broke it (a regression `--dry-run` is there to catch before anything is written).
   */
  newlyFailing: boolean;
}

export interface ReparseSummary {
  dryRun: boolean;
  parserVersion: string;
  /** Pairs and failed pages looked at (after --since/--until/--failed-only). */
  examined: number;
  unchanged: number;
  revised: number;
  newPairs: number;
  changes: ReparseChange[];
  /** Pages that still do not parse, with the current code. */
  stillFailing: ReparsePageFailure[];
  /** Failure rows removed because the page parses now. */
  failuresCleared: number;
  /** Page cache rows given the new record and parser version (so a later 304 reuses it). */
  cacheUpdated: number;
  /** Articles the archive cannot rebuild: a page whose bytes were never fetched or kept. A crawl must fetch them. */
  needsCrawl: { pairId: string; url: string; reason: string }[];
  /** Set when stopped early: the last item done (a re-run starts over and finds the done ones unchanged). */
  interruptedAfter: string | null;
  /** Archived pages whose bytes no longer match their sha256 (a torn or corrupted file): skipped, named here. */
  unreadable: { sha256: string; message: string }[];
}

/** Archived bytes of one page and the provenance they give the record. */
interface PageBytes {
  body: Uint8Array;
  contentType: string | null;
  source: Source;
  /** The page cache row naming these bytes, if it does (refreshed after a parse). */
  cache: PageCacheEntry | null;
}

type Parsed<T extends Article> = { ok: true; record: T } | { ok: false; failure: ReparsePageFailure };

/** One item's result. */
type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; change: ReparseChange }
  | { kind: 'still_failing' }
  | { kind: 'needs_crawl'; url: string; reason: string };

/** `YYYYMMDD` of an English article URL as `YYYY-MM-DD`, or null. */
function urlDay(url: string): string | null {
  const ymd = parseEnglishArticleUrl(url)?.ymd;
  return ymd ? `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}` : null;
}

function headerValue(headers: Record<string, string>, name: string): string | null {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return null;
}

/**
 * Re-parses the archived pages of stored pairs (keyset pagination over pair ids, so memory stays at one page)
 * and then of English pages that failed to parse and have no pair yet; writes what changed. Idempotent: a
 * re-run after an interruption finds the pairs already rebuilt unchanged (a parse and a hash compare each, no
 * write) and carries on. Makes no network request: everything comes from the store and the raw archive.
 */
export async function runReparse(deps: ReparseDeps, opts: ReparseOptions = {}): Promise<ReparseSummary> {
  const { store, archive, parser } = deps;
  const dryRun = opts.dryRun === true;
  const pageSize = Math.max(1, Math.floor(opts.pageSize ?? 200));
  const summary: ReparseSummary = {
    dryRun,
    parserVersion: parser.version,
    examined: 0,
    unchanged: 0,
    revised: 0,
    newPairs: 0,
    changes: [],
    stillFailing: [],
    failuresCleared: 0,
    cacheUpdated: 0,
    needsCrawl: [],
    interruptedAfter: null,
    unreadable: [],
  };

  // Failure rows are few (one per failed URL and code): held in memory, so each page knows its own at once.
  const failures = new Map<string, FailureRow[]>();
  for (const row of await store.listFailures()) failures.set(row.url, [...(failures.get(row.url) ?? []), row]);
  const parseFailed = (url: string | null | undefined) => url != null && (failures.get(url) ?? []).some((r) => isParseFailureCode(r.code));
  const inWindow = (url: string): boolean => {
    if (opts.since === undefined && opts.until === undefined) return true;
    const day = urlDay(url);
    if (day === null) return false;
    return (opts.since === undefined || day >= opts.since) && (opts.until === undefined || day <= opts.until);
  };

  /**
   * Archived bytes, or null when absent. A file that no longer matches its sha256 is named in the summary and
   * skipped (one bad file must not stop a run over the whole archive); a store that is down stops the run.
   */
  async function archived(sha256: string): Promise<Awaited<ReturnType<typeof archive.get>>> {
    try {
      return await archive.get(sha256);
    } catch (err) {
      if (!(err instanceof IngestError) || err.retryable) throw err;
      summary.unreadable.push({ sha256, message: err.message });
      return null;
    }
  }

  /** The newest archived bytes fetched for `url`: the page cache's when newer than `stored`'s, else `stored`'s. */
  async function currentBytes(url: string, stored: Source | null): Promise<PageBytes | null> {
    const cache = await store.getPageCache(url);
    if (cache && cache.bodySha256 !== stored?.bodySha256) {
      const got = await archived(cache.bodySha256);
      if (got) {
        const sighting = got.meta.seen.find((s) => s.fetchedAt === cache.fetchedAt);
        return {
          body: got.body,
          contentType: headerValue(got.meta.headers, 'content-type'),
          source: {
            url: sighting?.url ?? got.meta.url,
            fetchedUrl: url,
            fetchedAt: cache.fetchedAt,
            bodySha256: cache.bodySha256,
            httpStatus: sighting?.status ?? got.meta.status,
          },
          cache,
        };
      }
    }
    if (!stored) return null;
    const got = await archived(stored.bodySha256);
    if (!got) return null;
    return {
      body: got.body,
      contentType: headerValue(got.meta.headers, 'content-type'),
      source: stored,
      cache: cache?.bodySha256 === stored.bodySha256 ? cache : null,
    };
  }

  function parse<T extends Article>(bytes: PageBytes, url: string, lang: 'en' | 'ko'): Parsed<T> {
    try {
      const record = parser.parse({ body: bytes.body, url: bytes.source.url, contentType: bytes.contentType }, lang, deps.limits);
      if (record.lang !== lang) {
        throw new IngestError('wrong_language', `expected a ${lang} article at ${url}, parsed ${record.lang}`, { url, retryable: false });
      }
      return { ok: true, record: record as T };
    } catch (err) {
      // A parser bug on one page (internal) is that page's failure, as in a crawl; it does not stop the run.
      const f = failureOf(err, { url, attempts: 1, lang });
      return { ok: false, failure: { url, lang, code: f.code, message: f.message, retryable: f.retryable, newlyFailing: !parseFailed(url) } };
    }
  }

  /** A page parses now: its parse failure rows go, and its cache row takes the new record. */
  async function parsedNow(url: string, bytes: PageBytes, record: Article): Promise<void> {
    if (parseFailed(url)) {
      summary.failuresCleared += (failures.get(url) ?? []).filter((r) => isParseFailureCode(r.code)).length;
      if (!dryRun) {
        await store.clearFailure(url, PARSE_FAILURE_CODES);
        failures.set(
          url,
          (failures.get(url) ?? []).filter((r) => !isParseFailureCode(r.code)),
        );
      }
    }
    const c = bytes.cache;
    if (!c || c.bodySha256 !== bytes.source.bodySha256) return;
    if (c.parserVersion === parser.version && c.record && canonicalJson(c.record) === canonicalJson(record)) return;
    summary.cacheUpdated++;
    if (!dryRun) await store.putPageCache({ ...c, record, parserVersion: parser.version });
  }

  /** A page still does not parse: its failure row says so with the current code (written only when it differs). */
  async function stillFails(f: ReparsePageFailure, lang: FailureLang): Promise<void> {
    summary.stillFailing.push(f);
    const rows = failures.get(f.url) ?? [];
    const same = rows.find((r) => r.code === f.code);
    if (same && same.message === f.message && rows.every((r) => r.code === f.code || !isParseFailureCode(r.code))) return;
    if (dryRun) return;
    const stale = rows.filter((r) => r.code !== f.code && isParseFailureCode(r.code)).map((r) => r.code);
    await store.recordFailure({
      url: f.url,
      lang,
      code: f.code,
      retryable: f.retryable,
      message: f.message,
      attempts: same?.attempts ?? rows[0]?.attempts ?? 1,
      jobId: same?.jobId ?? undefined,
    });
    if (stale.length) await store.clearFailure(f.url, stale);
    const now = deps.now().toISOString();
    const row: FailureRow = {
      url: f.url,
      lang,
      code: f.code,
      message: f.message,
      attempts: same?.attempts ?? 1,
      jobId: same?.jobId ?? null,
      firstSeenAt: same?.firstSeenAt ?? now,
      lastSeenAt: now,
    };
    failures.set(f.url, [...rows.filter((r) => r.code !== f.code && !stale.includes(r.code)), row]);
  }

  /**
   * The Korean side of a rebuilt pair. `stored` is the pair as stored (null for a new one). Returns null when the
   * Korean page must be fetched first (never archived: left for a crawl).
   */
  async function koreanSide(
    english: EnglishArticle,
    stored: StoredPair | null,
  ): Promise<{
    korean: KoreanArticle | null;
    koreanSource: Source | null;
    koreanError: { code: string; message: string } | null;
    bytes: PageBytes | null;
  } | null> {
    const none = { korean: null, koreanSource: null, koreanError: null, bytes: null };
    const link = english.koreanUrl;
    if (link === null) return none;
    const sameLink = stored !== null && stored.pairing.koreanUrl === link;
    const storedSource = sameLink ? stored.provenance.korean : null;
    const storedError = sameLink && stored.pairing.status === 'korean_failed' ? stored.pairing.error : null;
    // A Korean page that failed to *fetch* (404, off-site…) stays failed: the site said so, and any cached bytes are older.
    if (storedError && !isParseFailureCode(storedError.code)) return { ...none, koreanError: storedError };
    const bytes = await currentBytes(storedSource?.fetchedUrl ?? link, storedSource);
    if (!bytes) return storedError ? { ...none, koreanError: storedError } : null;
    const parsed = parse<KoreanArticle>(bytes, link, 'ko');
    if (!parsed.ok) {
      await stillFails(parsed.failure, 'ko');
      return { ...none, koreanError: { code: parsed.failure.code, message: parsed.failure.message }, bytes };
    }
    await parsedNow(link, bytes, parsed.record);
    return { korean: parsed.record, koreanSource: bytes.source, koreanError: null, bytes };
  }

  /** Builds the pair from re-parsed sides and writes it when its content changed. */
  async function rebuild(english: EnglishArticle, englishSource: Source, stored: StoredPair | null): Promise<Outcome> {
    const ko = await koreanSide(english, stored);
    if (!ko) return { kind: 'needs_crawl', url: englishSource.fetchedUrl ?? english.url, reason: 'Korean page not archived' };
    const pair = buildPairRecord({
      english,
      korean: ko.korean,
      englishSource,
      koreanSource: ko.koreanSource,
      koreanError: ko.koreanError,
      parserVersion: parser.version,
      now: deps.now().toISOString(),
    });
    if (stored && pairContentHash(pair) === stored.contentHash) return { kind: 'unchanged' };
    const fields = stored ? changedFields(stored, pair) : ['new'];
    const res = dryRun ? null : await store.writePair(pair);
    return {
      kind: 'changed',
      change: { pairId: pair.pairId, kind: stored ? 'revised' : 'new', revision: res?.revision ?? null, status: pair.pairing.status, fields },
    };
  }

  async function reparseStored(stored: StoredPair): Promise<Outcome> {
    const url = stored.provenance.english.fetchedUrl ?? stored.english.url;
    const bytes = await currentBytes(url, stored.provenance.english);
    if (!bytes) return { kind: 'needs_crawl', url, reason: 'English page not in the raw archive' };
    const parsed = parse<EnglishArticle>(bytes, url, 'en');
    if (!parsed.ok) {
      // The stored pair stands (it was built from bytes that did parse); the failure row follows the parser.
      await stillFails(parsed.failure, 'en');
      return { kind: 'still_failing' };
    }
    const outcome = await rebuild(parsed.record, bytes.source, stored);
    // Left for a crawl: the English page parses, yet the pair cannot be rebuilt; its failure row stays as the trace.
    if (outcome.kind !== 'needs_crawl') await parsedNow(url, bytes, parsed.record);
    return outcome;
  }

  async function reparseFailedPage(url: string): Promise<Outcome> {
    const cache = await store.getPageCache(url);
    const got = cache ? await archived(cache.bodySha256) : null;
    if (!cache || !got) return { kind: 'needs_crawl', url, reason: 'bytes not kept (fetched before reparse existed)' };
    const sighting = got.meta.seen.find((s) => s.fetchedAt === cache.fetchedAt);
    const bytes: PageBytes = {
      body: got.body,
      contentType: headerValue(got.meta.headers, 'content-type'),
      source: {
        url: sighting?.url ?? got.meta.url,
        fetchedUrl: url,
        fetchedAt: cache.fetchedAt,
        bodySha256: cache.bodySha256,
        httpStatus: sighting?.status ?? got.meta.status,
      },
      cache,
    };
    const parsed = parse<EnglishArticle>(bytes, url, 'en');
    if (!parsed.ok) {
      await stillFails(parsed.failure, 'en');
      return { kind: 'still_failing' };
    }
    const outcome = await rebuild(parsed.record, bytes.source, null);
    if (outcome.kind !== 'needs_crawl') await parsedNow(url, bytes, parsed.record);
    return outcome;
  }

  // English pages that failed to parse and have no pair: candidates for new pairs, after the stored pairs.
  const orphans: { pairId: string; url: string }[] = [];
  for (const [url, rows] of failures) {
    if (!rows.some((r) => r.lang === 'en' && isParseFailureCode(r.code)) || !inWindow(url)) continue;
    const id = parseEnglishArticleUrl(url)?.articleId;
    if (id && !(await store.getPair(`en-${id}`))) orphans.push({ pairId: `en-${id}`, url });
  }
  orphans.sort((a, b) => (a.pairId < b.pairId ? -1 : a.pairId > b.pairId ? 1 : 0));

  const total = (await store.countPairs()).total + orphans.length;
  let done = 0;
  const tally = (id: string, o: Outcome) => {
    summary.examined++;
    if (o.kind === 'unchanged') summary.unchanged++;
    else if (o.kind === 'changed') {
      summary.changes.push(o.change);
      if (o.change.kind === 'new') summary.newPairs++;
      else summary.revised++;
    } else if (o.kind === 'needs_crawl') summary.needsCrawl.push({ pairId: id, url: o.url, reason: o.reason });
  };
  const progress = () => opts.onProgress?.(++done, total);
  let last: string | null = null;
  const stopped = () => {
    if (!opts.signal?.aborted) return false;
    summary.interruptedAfter = last ?? '(nothing done)';
    return true;
  };

  let after: string | undefined;
  for (;;) {
    const page = await store.listPairs({ afterPairId: after, limit: pageSize });
    for (const stored of page) {
      if (stopped()) return summary;
      const enUrl = stored.provenance.english.fetchedUrl ?? stored.english.url;
      const selected =
        inWindow(stored.english.url) &&
        (!opts.failedOnly ||
          parseFailed(enUrl) ||
          parseFailed(stored.pairing.koreanUrl) ||
          (stored.pairing.status === 'korean_failed' && isParseFailureCode(stored.pairing.error?.code)));
      if (selected) tally(stored.pairId, await reparseStored(stored));
      last = stored.pairId;
      progress();
    }
    const tail = page.at(-1);
    if (page.length < pageSize || !tail) break;
    after = tail.pairId;
  }
  for (const o of orphans) {
    if (stopped()) return summary;
    tally(o.pairId, await reparseFailedPage(o.url));
    last = o.pairId;
    progress();
  }
  return summary;
}

/** The unchanged-vs-changed counts and the changed pairs, in words. Pure. */
export function formatReparseSummary(s: ReparseSummary): string[] {
  const would = s.dryRun ? 'would be ' : '';
  const newly = s.stillFailing.filter((f) => f.newlyFailing);
  const lines = [
    `${s.dryRun ? 'reparse --dry-run (nothing written)' : 'reparse'} with parser ${s.parserVersion}: ${s.examined} examined, no request to the site`,
    `  unchanged:      ${s.unchanged}`,
    `  revised:        ${s.revised}${s.dryRun ? ' (would be)' : ''}`,
    `  new pairs:      ${s.newPairs}${s.dryRun ? ' (would be)' : ''}`,
    `  still failing:  ${s.stillFailing.length}${s.stillFailing.length ? ` (${countCodes(s.stillFailing)})` : ''}${newly.length ? `, of which ${newly.length} newly: this parser cannot read pages an earlier one could` : ''}`,
    `  failures ${would}cleared: ${s.failuresCleared}; page cache rows ${would}updated: ${s.cacheUpdated}`,
  ];
  if (s.changes.length) {
    lines.push(`changed pairs:`);
    const width = Math.max(...s.changes.map((c) => c.pairId.length));
    for (const c of s.changes) {
      const what = c.kind === 'new' ? `new (${c.status})` : `${c.revision === null ? 'new revision' : `revision ${c.revision}`}: ${c.fields.join(', ')}`;
      lines.push(`  ${c.pairId.padEnd(width)}  ${what}`);
    }
  }
  if (s.stillFailing.length) {
    lines.push('still failing:');
    for (const f of s.stillFailing) lines.push(`  ${f.lang} ${f.code}${f.newlyFailing ? ' (new)' : ''}: ${f.url}`);
  }
  if (s.needsCrawl.length) {
    lines.push(`left for a crawl (${s.needsCrawl.length}; \`donga-ingest enqueue --force <url>…\` fetches them):`);
    const width = Math.max(...s.needsCrawl.map((n) => n.pairId.length));
    for (const n of s.needsCrawl) lines.push(`  ${n.pairId.padEnd(width)}  ${n.url}  (${n.reason})`);
  }
  if (s.unreadable.length) {
    lines.push(`unreadable archived pages (${s.unreadable.length}; skipped — a crawl with enqueue --force fetches them again):`);
    for (const u of s.unreadable) lines.push(`  ${u.sha256}: ${u.message}`);
  }
  if (s.interruptedAfter !== null) {
    lines.push(
      `interrupted after ${s.interruptedAfter}: run the same command again to continue (pairs already rebuilt are unchanged now and cost a parse each, no write)`,
    );
  }
  return lines;
}

function countCodes(fs: readonly ReparsePageFailure[]): string {
  const by = new Map<string, number>();
  for (const f of fs) by.set(f.code, (by.get(f.code) ?? 0) + 1);
  return [...by].map(([c, n]) => `${c} ${n}`).join(', ');
}
