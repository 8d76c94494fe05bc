import { ParseError } from '../errors.js';

/**
 * The bounds every parse of a fetched page works within (no page can hang or crash a worker).
 * Parsing is synchronous and pure, so time is checked cooperatively: loops call {@link ParseBudget.tick},
 * which reads the injected clock every few thousand steps. This module reads no clock of its own.
 */
export interface ParseLimits {
  /**
   * Deepest element nesting accepted (the pipeline passes `config.maxParseDepth`, MAX_PARSE_DEPTH). A deeper
   * page fails as `too_deep` while it is being loaded, before any tree walk can run out of stack.
   * @defaultValue {@link DEFAULT_MAX_PARSE_DEPTH}
   */
  maxDepth?: number | undefined;
  /** Milliseconds of parse work allowed (`config.parseTimeoutMs`, PARSE_TIMEOUT_MS); needs `now`. Unset = no time bound. */
  timeoutMs?: number | undefined;
  /** The clock `timeoutMs` is measured with, in milliseconds (the pipeline passes `performance.now`). */
  now?: (() => number) | undefined;
}

/** The depth applied when a caller passes none: MAX_PARSE_DEPTH's default in config/config.ts. */
export const DEFAULT_MAX_PARSE_DEPTH = 512;

/** Steps between two clock reads: cheap enough to vanish in the bench, frequent enough to stop within milliseconds. */
const CHECK_EVERY = 2048;

/**
 * One page's parse budget: the depth limit and the deadline, shared by every stage of one parse call
 * (decode, load, walks, heuristics). `tick()` counts steps; `check()` reads the clock.
 */
export class ParseBudget {
  readonly maxDepth: number;
  private readonly deadline: number | null;
  private readonly now: (() => number) | null;
  private readonly timeoutMs: number;
  private steps = 0;

  constructor(
    limits: ParseLimits = {},
    /** The page, named in the errors. */
    readonly url?: string,
  ) {
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_PARSE_DEPTH;
    this.now = limits.timeoutMs !== undefined && limits.now ? limits.now : null;
    this.timeoutMs = limits.timeoutMs ?? 0;
    this.deadline = this.now ? this.now() + this.timeoutMs : null;
  }

  /** A budget that never runs out of time (depth limit only), for callers that pass no limits. */
  static unbounded(url?: string): ParseBudget {
    return new ParseBudget({}, url);
  }

  /** Counts `n` steps of work; every {@link CHECK_EVERY} steps, checks the deadline. */
  tick(n = 1): void {
    this.steps += n;
    if (this.steps >= CHECK_EVERY) {
      this.steps = 0;
      this.check();
    }
  }

  /** Throws `parse_timeout` once the deadline has passed. */
  check(): void {
    if (this.deadline !== null && this.now!() > this.deadline) {
      throw new ParseError(
        'parse_timeout',
        `parsing took longer than ${this.timeoutMs} ms (PARSE_TIMEOUT_MS); the page is refused rather than blocking a worker`,
        this.url === undefined ? {} : { url: this.url },
      );
    }
  }

  /** The `too_deep` error: the depth reached, where, the limit and the setting that raises it. */
  tooDeep(depth: number, at: number, of: number): ParseError {
    return new ParseError(
      'too_deep',
      `elements nest deeper than ${this.maxDepth} (depth ${depth} reached at character ${at} of ${of}); ` + `the limit is MAX_PARSE_DEPTH=${this.maxDepth}`,
      this.url === undefined ? {} : { url: this.url },
    );
  }
}
