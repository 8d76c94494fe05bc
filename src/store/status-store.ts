/**
 * What `donga-ingest status` reads from the store, and the two small tables the pipeline keeps for it:
 * `crawl_runs` (one row per crawl run: trigger, start, last activity, end, outcome, counts) and `page_counts`
 * (article pages fetched and failing to parse, per hour and language: the layout-drift alarm's input). Both
 * backends implement {@link StatusStore}; every query is an aggregate, so status never reads every record.
 */

/** Who started a crawl run: the job scheduler, the `crawl` command, or `enqueue --since/--until` (or a script). */
export type CrawlTrigger = 'schedule' | 'crawl' | 'enqueue';

/** Jobs of one run done or failed for good: discovery pages (list pages, sitemaps) and English articles. */
export interface RunCounts {
  pagesDone: number;
  pagesFailed: number;
  articlesDone: number;
  articlesFailed: number;
}

export interface CrawlRunRow extends RunCounts {
  runId: string;
  trigger: CrawlTrigger;
  /** ISO times (UTC). */
  startedAt: string;
  /** The last time a job of the run finished (done or failed for good); the start until then. */
  lastActivityAt: string;
  /** Set by whoever knows the run is over (the `crawl` command); null while open. */
  finishedAt: string | null;
  /** `ok` or `failed` (see src/status/run-outcome.ts); null while open. */
  outcome: string | null;
}

/** Article pages fetched (a body, not a 304) and those of them that failed to parse, in one hour. */
export interface PageCountRow {
  /** Start of the hour, ISO UTC. */
  hour: string;
  lang: 'en' | 'ko';
  fetched: number;
  parseFailed: number;
}

/** Failures last seen in a window, grouped by code and language, with one URL as an example. */
export interface FailureGroup {
  code: string;
  lang: string;
  count: number;
  sampleUrl: string;
  /** ISO, the latest `last_seen_at` of the group. */
  lastSeenAt: string;
}

export interface StatusStore {
  /** Adds to the hour's counters of `lang` (one upsert). `at` defaults to now. */
  countPage(lang: 'en' | 'ko', delta: { fetched?: number; parseFailed?: number }, at?: Date): Promise<void>;
  /** Hourly rows from the hour containing `since` on, oldest first. */
  pageCounts(since: Date): Promise<PageCountRow[]>;
  /** Records a run's start; a second call for the same run (a retried crawl-run job) changes nothing. */
  startRun(run: { runId: string; trigger: CrawlTrigger; startedAt?: Date }): Promise<void>;
  /** Adds to a run's counts and moves its last activity to `at` (never back). Unknown runs are ignored. */
  runActivity(runId: string, delta: Partial<RunCounts>, at?: Date): Promise<void>;
  /** Marks a run finished (first call wins). */
  finishRun(runId: string, outcome: string, finishedAt?: Date): Promise<void>;
  /** Newest first. */
  listRuns(limit: number): Promise<CrawlRunRow[]>;
  /**
   * Paired records by `pairing.verdict` of the current revision; `unverified` for those without one (written before
   * verdicts existed), as the export calls them. Other statuses have no verdict and are not counted.
   */
  countVerdicts(): Promise<Record<string, number>>;
  /** Revisions written since `since`, and how many of them were first revisions (new pairs). */
  countRevisionsSince(since: Date): Promise<{ revisions: number; newPairs: number }>;
  /** Failures whose `last_seen_at` is at or after `since`, by code and language, largest group first. */
  failureGroups(since: Date): Promise<FailureGroup[]>;
}

/** The start of the UTC hour containing `d`, as the ISO string both stores key `page_counts` by. */
export function hourOf(d: Date): string {
  const h = new Date(d.getTime());
  h.setUTCMinutes(0, 0, 0);
  return h.toISOString();
}

/** Normalized counts delta: whole, non-negative numbers, absent = 0. */
export function runDelta(d: Partial<RunCounts>): RunCounts {
  const n = (v: number | undefined) => Math.max(0, Math.floor(v ?? 0));
  return { pagesDone: n(d.pagesDone), pagesFailed: n(d.pagesFailed), articlesDone: n(d.articlesDone), articlesFailed: n(d.articlesFailed) };
}

/** SQLite schema step for the status tables (appended to the store's migrations). */
export const SQLITE_STATUS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id TEXT PRIMARY KEY,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT,
    pages_done INTEGER NOT NULL DEFAULT 0,
    pages_failed INTEGER NOT NULL DEFAULT 0,
    articles_done INTEGER NOT NULL DEFAULT 0,
    articles_failed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS crawl_runs_started ON crawl_runs (started_at);
  CREATE TABLE IF NOT EXISTS page_counts (
    hour TEXT NOT NULL,
    lang TEXT NOT NULL,
    fetched INTEGER NOT NULL DEFAULT 0,
    parse_failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, lang)
  );
  CREATE INDEX IF NOT EXISTS pair_revisions_created ON pair_revisions (created_at);
  CREATE INDEX IF NOT EXISTS failures_last_seen ON failures (last_seen_at);
`;

/** PostgreSQL schema step for the status tables (appended to the store's migrations). */
export const PG_STATUS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id text COLLATE "C" PRIMARY KEY,
    trigger text NOT NULL,
    started_at timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    finished_at timestamptz,
    outcome text,
    pages_done integer NOT NULL DEFAULT 0,
    pages_failed integer NOT NULL DEFAULT 0,
    articles_done integer NOT NULL DEFAULT 0,
    articles_failed integer NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS crawl_runs_started ON crawl_runs (started_at);
  CREATE TABLE IF NOT EXISTS page_counts (
    hour timestamptz NOT NULL,
    lang text NOT NULL,
    fetched integer NOT NULL DEFAULT 0,
    parse_failed integer NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, lang)
  );
  CREATE INDEX IF NOT EXISTS pair_revisions_created ON pair_revisions (created_at);
  CREATE INDEX IF NOT EXISTS failures_last_seen ON failures (last_seen_at);
`;
