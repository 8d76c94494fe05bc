import { FetchError } from '../errors.js';

/**
 * THE one place that decides whether a failed fetch is worth retrying. Everything else
 * (workers, the Fetcher) only reads `err.code` / `err.retryable` / `err.retryAfterMs`.
 *
 * Retryable: the network errnos below, 408, 425, 429 (honouring Retry-After), every 5xx,
 * truncated bodies, a request past its total deadline (a slow server may be transient; attempts bound it). Permanent: 404, 410, 451 and every other 4xx, non-HTML, oversized pages,
 * redirect loops, too many or off-site redirects, robots.txt disallow.
 */

/** Statuses that a later attempt may get past (undici's and ofetch's lists). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Connection-level error codes that mean "try again later". */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HTTP_PARSER',
  'UND_ERR_ABORTED',
  'ABORT_ERR',
]);

/** Codes that mean the body stopped before it was complete. */
const TRUNCATION_CODES: ReadonlySet<string> = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'ERR_STREAM_PREMATURE_CLOSE']);

/** While the body is streaming, a dropped connection means a truncated body. */
const BODY_DROP_CODES: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Statuses that pause the whole host (every worker) even without a Retry-After: the server says "not now". */
const PAUSING_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** A 429/503 without Retry-After pauses the host for this many request intervals. */
export const DEFAULT_PAUSE_INTERVALS = 10;

/**
 * Parses a Retry-After header (delta-seconds or an HTTP-date) into ms from `nowMs`, clamped to
 * `maxMs` (MAX_RETRY_AFTER_MS: a misconfigured server must not stall us for days).
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, maxMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number.parseFloat(v) * 1000;
  else {
    const t = Date.parse(v);
    if (Number.isNaN(t)) return undefined;
    ms = t - nowMs;
  }
  return Math.min(Math.max(0, Math.round(ms)), maxMs);
}

/** How `errorForStatus` reads Retry-After. */
export interface RetryAfterPolicy {
  /** Longest Retry-After honoured (MAX_RETRY_AFTER_MS). */
  maxRetryAfterMs: number;
  /** Pause for a 429/503 without (or with an unreadable) Retry-After; 0 for none. */
  defaultPauseMs: number;
  /** @defaultValue Date.now() */
  nowMs?: number | undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The error for an HTTP status, or null when the status is a success (2xx) or 304.
 * Redirects must be handled before calling this; an unhandled 3xx is permanent. A retryable status
 * carries `retryAfterMs` from Retry-After (clamped); a 429/503 without one carries the default pause.
 */
export function errorForStatus(
  status: number,
  url: string,
  headers: Record<string, string | string[] | undefined>,
  policy: RetryAfterPolicy,
): FetchError | null {
  if ((status >= 200 && status < 300) || status === 304) return null;
  const sent = parseRetryAfter(header(headers, 'retry-after'), policy.nowMs ?? Date.now(), policy.maxRetryAfterMs);
  const retryAfterMs = sent ?? (PAUSING_STATUSES.has(status) && policy.defaultPauseMs > 0 ? policy.defaultPauseMs : undefined);
  if (status === 429) {
    return new FetchError('rate_limited', `HTTP 429 from ${url}`, { retryable: true, url, status, retryAfterMs });
  }
  const retryable = RETRYABLE_STATUSES.has(status) || (status >= 500 && status < 600);
  return new FetchError('http_status', `HTTP ${status} from ${url}`, {
    retryable,
    url,
    status,
    ...(retryable ? { retryAfterMs } : {}),
  });
}

/** The `code` of an error or of its `cause` chain (undici wraps socket errors). */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    if ((e as { name?: unknown }).name === 'AbortError') return 'ABORT_ERR';
    if ((e as { name?: unknown }).name === 'TimeoutError') return 'ETIMEDOUT';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The error for a thrown network/stream error. `duringBody` says the headers had arrived,
 * so a dropped connection means a truncated body.
 */
export function errorForNetwork(err: unknown, url: string, opts: { duringBody?: boolean } = {}): FetchError {
  if (err instanceof FetchError) return err;
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const base = { url, cause: err };
  if (code && (/^UND_ERR_.*_TIMEOUT$/.test(code) || code === 'ETIMEDOUT')) {
    return new FetchError('timeout', `timeout (${code}) fetching ${url}: ${detail}`, { ...base, retryable: true });
  }
  if (code && (TRUNCATION_CODES.has(code) || (opts.duringBody && BODY_DROP_CODES.has(code)))) {
    return new FetchError('truncated', `truncated body (${code}) from ${url}: ${detail}`, { ...base, retryable: true });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new FetchError('too_large', `response headers too large from ${url}`, { ...base, retryable: false });
  }
  if (code && RETRYABLE_NETWORK_CODES.has(code)) {
    return new FetchError('network', `network error (${code}) fetching ${url}: ${detail}`, { ...base, retryable: true });
  }
  // Anything else (invalid arguments, TLS certificate problems, bugs) will fail the same way again.
  return new FetchError('network', `error fetching ${url}: ${code ? `${code}: ` : ''}${detail}`, { ...base, retryable: false });
}

/**
 * Our own politeness wait was too long to sleep through (queue of the host, or its Retry-After pause): no request was
 * sent and nothing failed. The worker hands the job back to Redis as delayed for `retryAfterMs`, using no attempt,
 * so a long pause holds no worker slot (and a killed worker loses no waiting job).
 */
export class PolitenessWait extends FetchError {}

/** Helpers for the permanent/retryable errors the Fetcher raises itself. */
export const fetchErrors = {
  offSite: (url: string, why: string) => new FetchError('off_site', `refusing ${url}: ${why}`, { url, retryable: false }),
  redirectLoop: (url: string) => new FetchError('redirect_loop', `redirect loop at ${url}`, { url, retryable: false }),
  tooManyRedirects: (url: string, max: number) => new FetchError('too_many_redirects', `more than ${max} redirects, last ${url}`, { url, retryable: false }),
  notHtml: (url: string, contentType: string | null, status: number) =>
    new FetchError('not_html', `unexpected content type ${contentType ?? '(none)'} from ${url}`, { url, status, retryable: false }),
  tooLarge: (url: string, limit: number, status: number) =>
    new FetchError('too_large', `body of ${url} exceeds ${limit} bytes`, { url, status, retryable: false }),
  truncated: (url: string, why: string, status: number) => new FetchError('truncated', `truncated body from ${url}: ${why}`, { url, status, retryable: true }),
  robotsDisallowed: (url: string) => new FetchError('robots_disallowed', `robots.txt disallows ${url}`, { url, retryable: false }),
  robotsUnreachable: (url: string, retryAfterMs: number, reason?: string) =>
    new FetchError('network', `robots.txt unreachable for ${url}${reason ? ` (${reason})` : ''}; not fetching until it answers`, {
      url,
      retryable: true,
      retryAfterMs,
    }),
  politenessWait: (url: string, waitMs: number, paused: boolean, maxWaitMs: number) =>
    new PolitenessWait(
      'rate_limited',
      paused
        ? `host of ${url} is paused (the server's Retry-After) for another ${Math.ceil(waitMs)} ms; handing the job back`
        : `next politeness slot for the host of ${url} is ${Math.ceil(waitMs)} ms away, beyond MAX_POLITENESS_WAIT_MS (${maxWaitMs} ms); handing the job back`,
      { url, retryable: true, retryAfterMs: Math.ceil(waitMs) },
    ),
  deadline: (url: string, deadlineMs: number, cause?: unknown) =>
    new FetchError(
      'deadline',
      `${url} did not complete within the fetch deadline of ${deadlineMs} ms (FETCH_DEADLINE_MS: connect, headers, body and decompression together)`,
      { url, retryable: true, cause },
    ),
} as const;
