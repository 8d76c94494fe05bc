/**
 * Errors that say what to do: every error carries a stable `code` and whether retrying can help.
 * Match on `code` (or class), never on message text.
 */
export type ParseErrorCode =
  | 'not_article'
  | 'missing_title'
  | 'missing_date'
  | 'missing_body'
  | 'bad_url'
  | 'wrong_language'
  | 'undecodable'
  | 'too_deep'
  | 'parse_timeout';

/** Every parse error code (a `Record`, so a new code must be listed): the page was fetched and the parser refused it. */
const PARSE_ERROR_CODES: Readonly<Record<ParseErrorCode, true>> = {
  not_article: true,
  missing_title: true,
  missing_date: true,
  missing_body: true,
  bad_url: true,
  wrong_language: true,
  undecodable: true,
  too_deep: true,
  parse_timeout: true,
};
export const PARSE_FAILURE_CODES = Object.keys(PARSE_ERROR_CODES) as readonly ParseErrorCode[];

/** Whether a failure code means "fetched, but did not parse" (what layout drift counts and `reparse` can answer). */
export function isParseFailureCode(code: string | null | undefined): code is ParseErrorCode {
  return code != null && Object.hasOwn(PARSE_ERROR_CODES, code);
}

export type FetchErrorCode =
  | 'network'
  | 'timeout'
  | 'deadline'
  | 'http_status'
  | 'rate_limited'
  | 'not_html'
  | 'too_large'
  | 'truncated'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'off_site'
  | 'robots_disallowed';

/**
 * `stalled`: a job that stopped its worker too often (MAX_JOB_STALLS, see workers/guard.ts); `internal`: an error that is
 * none of ours (a bug, a Redis hiccup).
 */
export type PipelineErrorCode = 'invalid_payload' | 'invalid_input' | 'config' | 'storage' | 'korean_failed' | 'stalled' | 'internal';

export type IngestErrorCode = ParseErrorCode | FetchErrorCode | PipelineErrorCode;

export interface IngestErrorOptions {
  retryable?: boolean;
  url?: string | undefined;
  /** HTTP status, when the error came from a response. */
  status?: number | undefined;
  /** Milliseconds the caller should wait before trying this host again (Retry-After). */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class IngestError extends Error {
  override readonly name: string = 'IngestError';
  readonly code: IngestErrorCode;
  readonly retryable: boolean;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: IngestErrorCode, message: string, options: IngestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.url = options.url;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The shape printed by the CLI and stored with failures. */
  toJSON(): { error: IngestErrorCode; message: string; url?: string; status?: number } {
    return {
      error: this.code,
      message: this.message,
      ...(this.url === undefined ? {} : { url: this.url }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** A page that is not (or no longer looks like) an article. Never retryable: the same bytes fail the same way. */
export class ParseError extends IngestError {
  override readonly name = 'ParseError';
  declare readonly code: ParseErrorCode;
  constructor(code: ParseErrorCode, message: string, options: Omit<IngestErrorOptions, 'retryable'> = {}) {
    super(code, message, { ...options, retryable: false });
  }
}

export class FetchError extends IngestError {
  override readonly name = 'FetchError';
  declare readonly code: FetchErrorCode;
  constructor(code: FetchErrorCode, message: string, options: IngestErrorOptions = {}) {
    super(code, message, options);
  }
}

export function isIngestError(err: unknown): err is IngestError {
  return err instanceof IngestError;
}
