import { ZodError, z } from 'zod';
import { isIngestError, type IngestErrorCode } from './errors.js';

/**
 * The one failure value of the pipeline: what any step's failure turns into at the worker boundary, what
 * travels to the pair step (a failed Korean child) and what the store records. It crosses BullMQ as the
 * job's failure reason, written by {@link encodeFailure} and read back by {@link decodeFailure} only: no
 * code ever reads a failure out of message text.
 */

/**
 * Every failure code with what an operator does about it. A `Record` over the code union, so a new code
 * does not compile until it says what to do (docs/operations.md's failure table lists the same codes; a test checks it).
 */
export const FAILURE_ADVICE: Readonly<Record<IngestErrorCode, string>> = {
  not_article: 'The page is not an article (gallery, video, error page). Nothing to do; `enqueue --force` if the site fixes it.',
  missing_title: 'The parser found no headline: the markup changed. Capture the page (`fixtures capture`), fix the parser.',
  missing_date: 'The parser found no date: the markup changed. Capture the page, fix the parser.',
  missing_body: 'The parser found no body: the markup changed. Capture the page, fix the parser.',
  bad_url: 'A link that is not an article URL. Nothing to do unless it should be one (then fix src/normalize/article-url.ts).',
  wrong_language: 'The page parsed as the other language. Check the link; fix the parser if the page is right.',
  undecodable: 'The bytes are in no charset we can read. Capture the page and look at it.',
  too_deep: 'The page nests deeper than MAX_PARSE_DEPTH. Raise it only if the page is genuine.',
  parse_timeout: 'Parsing took longer than PARSE_TIMEOUT_MS. Raise it only if the page is genuine.',
  network: 'Connection refused, reset or DNS failure (retried). Check the network and SITE_URL/ALLOWED_HOSTS; the next crawl retries.',
  timeout: 'The site did not answer in time (retried). The next crawl retries; raise the *_TIMEOUT_MS settings if it is just slow.',
  deadline: 'One request took longer than FETCH_DEADLINE_MS (retried). The next crawl retries.',
  http_status:
    'The site answered with an error status: 5xx/408/425 are retried and the next crawl retries them; 404/410/other 4xx are permanent (`enqueue --force` once the page is back).',
  rate_limited: 'The site asked us to slow down (429, Retry-After) or the politeness wait was too long (retried). Lower RATE_PER_SECOND.',
  not_html: 'The URL serves something other than HTML. Nothing to do.',
  too_large: 'The page is larger than MAX_BODY_BYTES. Raise it only if the page is genuine.',
  truncated: 'The body ended early (retried). The next crawl retries.',
  redirect_loop: 'The site redirects in a circle. Nothing to do until the site is fixed; then `enqueue --force`.',
  too_many_redirects: 'More than MAX_REDIRECTS hops. Raise it only if the chain is genuine.',
  off_site: 'A redirect left the allowed hosts. Add the host to ALLOWED_HOSTS if it is the site’s own.',
  robots_disallowed: 'robots.txt forbids the URL. Nothing to do (set OBEY_ROBOTS=false only with the site’s permission).',
  invalid_payload: 'A job whose data does not fit its schema (a bug or a worker of another version). Report it.',
  invalid_input: 'Bad input given to a command. Fix the input.',
  config: 'A setting is wrong. Fix the named setting.',
  storage: 'The database refused a write (locked, full, down). Busy/locked is retried; otherwise fix the database, then `enqueue --force`.',
  korean_failed: 'The Korean original could not be read; the pair is stored as korean_failed. See the Korean URL’s own failure.',
  stalled: 'The job stopped its worker three times (crash, kill, hang) and is not run again. Look at the worker logs; `enqueue --force` to retry.',
  internal: 'An unexpected error (a bug, or a Redis hiccup; retried). Look at the worker log for the job; report it if it repeats.',
};

const codes = Object.keys(FAILURE_ADVICE) as [IngestErrorCode, ...IngestErrorCode[]];

/** Where a failure happened: an English or Korean article page, or a discovery page (list, sitemap, feed, crawl run). */
export const failureLangSchema = z.enum(['en', 'ko', 'discover']);
export type FailureLang = z.infer<typeof failureLangSchema>;

export const failureSchema = z.strictObject({
  code: z.enum(codes),
  /** Whether trying again can help (the job was retried up to JOB_ATTEMPTS times). */
  retryable: z.boolean(),
  message: z.string(),
  /** The page the job was about (`job:<queue>/<id>` when it has none, e.g. a crawl run). */
  url: z.string().min(1),
  /** Attempts made when this failure was taken (1 = first). */
  attempts: z.number().int().min(1),
  /** HTTP status, when the failure came from a response. */
  status: z.number().int().min(100).max(599).optional(),
  lang: failureLangSchema.optional(),
});
export type Failure = z.infer<typeof failureSchema>;

/** The failure value as text (a BullMQ failure reason). */
export function encodeFailure(f: Failure): string {
  return JSON.stringify(failureSchema.parse(f));
}

/**
 * The failure value back from {@link encodeFailure}'s text, or null when the text is not one (a failure
 * BullMQ decided itself, e.g. a job that stalled too often, or a worker of an older version).
 */
export function decodeFailure(text: string | null | undefined): Failure | null {
  if (text?.[0] !== '{') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const res = failureSchema.safeParse(value);
  return res.success ? res.data : null;
}

/** What the caller knows about where a failure happened. */
export interface FailureContext {
  url: string;
  attempts: number;
  lang?: FailureLang | undefined;
}

/**
 * Any thrown value as a failure. Typed errors keep their code, retryability and status; a payload that
 * fails its schema is `invalid_payload` (permanent); anything else is `internal` and retryable (bugs and
 * hiccups alike: retries are bounded by JOB_ATTEMPTS).
 */
export function failureOf(err: unknown, ctx: FailureContext): Failure {
  const base = { url: ctx.url, attempts: ctx.attempts, ...(ctx.lang ? { lang: ctx.lang } : {}) };
  if (isIngestError(err)) {
    return { ...base, code: err.code, retryable: err.retryable, message: err.message, ...(validStatus(err.status) ? { status: err.status } : {}) };
  }
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ...base, code: 'invalid_payload', retryable: false, message };
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { ...base, code: 'internal', retryable: true, message };
}

function validStatus(s: number | undefined): s is number {
  return s !== undefined && Number.isInteger(s) && s >= 100 && s <= 599;
}

/** One line for people: `http_status 404: HTTP 404 for https://…`. */
export function describeFailure(f: Failure): string {
  return `${f.code}${f.status ? ` ${f.status}` : ''}: ${f.message}`;
}
