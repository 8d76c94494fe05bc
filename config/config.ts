import { z } from 'zod';

/**
 * The one typed configuration module. Every setting has a default, an environment variable
 * (named beside it) and a line in the table of docs/configuration.md. Nothing else in the project reads `process.env`
 * for settings. A bad value stops start-up with a message naming the variable.
 */

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const list = z.string().transform((s) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean),
);
const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

/** Field → [env var, schema with default, meaning]. The table of docs/configuration.md is generated from this list. */
export const settings = {
  redisUrl: [
    'REDIS_URL',
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .default('redis://127.0.0.1:6379'),
    'Redis for queues, politeness and robots cache',
  ],
  databaseUrl: [
    'DATABASE_URL',
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    'PostgreSQL store; unset = SQLite under DATA_DIR',
  ],
  dataDir: ['DATA_DIR', z.string().min(1).default('./data'), 'SQLite database, raw page archive and exports'],
  baseUrl: ['SITE_URL', httpUrl.default('https://www.donga.com'), 'Site root; the replay site sets this to its loopback address'],
  extraAllowedHosts: ['ALLOWED_HOSTS', list.default([]), 'Extra hosts (host[:port]) the fetcher may contact besides www.donga.com and SITE_URL'],
  startPaths: ['START_PATHS', list.default(['/en']), 'Discovery start pages (paths or URLs) on SITE_URL'],
  sitemapPaths: ['SITEMAP_PATHS', list.default([]), 'Extra sitemaps or feeds to read, besides those robots.txt names'],
  userAgent: ['USER_AGENT', z.string().min(1).default('donga-ingest/0.1'), 'Product token of the User-Agent header'],
  contactUrl: ['CONTACT_URL', httpUrl.default('https://github.com/donga-ingest/donga-ingest'), 'Contact URL sent in the User-Agent'],
  ratePerSecond: ['RATE_PER_SECOND', num(0.01, 1000).default(1), 'Requests per second per host, shared by all workers on all machines'],
  obeyRobots: ['OBEY_ROBOTS', bool.default(true), 'Obey robots.txt (Disallow and Crawl-delay)'],
  connectTimeoutMs: ['CONNECT_TIMEOUT_MS', int(100, 600_000).default(10_000), 'TCP/TLS connect timeout'],
  headersTimeoutMs: ['HEADERS_TIMEOUT_MS', int(100, 600_000).default(15_000), 'Time to wait for response headers'],
  bodyTimeoutMs: ['BODY_TIMEOUT_MS', int(100, 600_000).default(30_000), 'Maximum idle time while reading the body'],
  maxBodyBytes: ['MAX_BODY_BYTES', int(1024, 512 * 1024 * 1024).default(5 * 1024 * 1024), 'Larger pages are refused (too_large)'],
  maxRedirects: ['MAX_REDIRECTS', int(0, 20).default(5), 'Redirect hops followed, each checked against the allowlist'],
  fetchDeadlineMs: [
    'FETCH_DEADLINE_MS',
    int(1_000, 3_600_000).default(60_000),
    'Total network time of one fetch: connect, headers, body, decompression, every redirect hop; a slow-drip page fails here (deadline, retried)',
  ],
  robotsMaxBytes: [
    'ROBOTS_MAX_BYTES',
    int(1024, 64 * 1024 * 1024).default(512 * 1024),
    'robots.txt is read up to this many bytes and parsed from what was read (RFC 9309: at least 500 KiB)',
  ],
  maxRetryAfterMs: [
    'MAX_RETRY_AFTER_MS',
    int(1_000, 7 * 24 * 3_600_000).default(3_600_000),
    'Longest Retry-After honoured; a longer one is clamped to it (the pause is logged and shown by status)',
  ],
  politenessMarginMs: [
    'POLITENESS_MARGIN_MS',
    int(0, 10_000).default(30),
    'Politeness windows are checked this much wider than 1 s / 10 s / Crawl-delay, so arrival jitter up to it never puts more than the limit in one window',
  ],
  maxPolitenessWaitMs: [
    'MAX_POLITENESS_WAIT_MS',
    int(100, 3_600_000).default(60_000),
    'Longest politeness wait a fetch sleeps through; beyond it the job is retried later (rate_limited)',
  ],
  maxParseDepth: ['MAX_PARSE_DEPTH', int(32, 100_000).default(512), 'Pages whose elements nest deeper are refused (too_deep) before any recursive work'],
  parseTimeoutMs: ['PARSE_TIMEOUT_MS', int(100, 600_000).default(5_000), 'Parse work per page beyond this fails as parse_timeout (permanent, recorded)'],
  maxDiscoveryPages: ['MAX_DISCOVERY_PAGES', int(1, 100_000).default(50), 'List/section pages fetched per crawl run (bounded pagination)'],
  maxAgeDays: ['MAX_AGE_DAYS', int(0, 100_000).default(0), 'Skip articles older than this many days (0 = no limit)'],
  since: [
    'CRAWL_SINCE',
    z
      .string()
      .regex(/^\d{4}-?\d{2}-?\d{2}$/, 'expected YYYY-MM-DD')
      .optional(),
    'Only articles dated on or after this day',
  ],
  until: [
    'CRAWL_UNTIL',
    z
      .string()
      .regex(/^\d{4}-?\d{2}-?\d{2}$/, 'expected YYYY-MM-DD')
      .optional(),
    'Only articles dated on or before this day',
  ],
  refreshDays: [
    'REFRESH_DAYS',
    int(0, 365).default(2),
    'Articles dated within this many Korea-time days (today included) are rechecked for updates (0 = never)',
  ],
  refreshIntervalMinutes: [
    'REFRESH_INTERVAL_MINUTES',
    int(5, 7 * 24 * 60).default(60),
    'At most one recheck of a recent article per this many minutes, however many runs see it',
  ],
  followArticleLinks: ['FOLLOW_ARTICLE_LINKS', bool.default(true), 'Harvest English article links found on article pages'],
  scheduleCron: ['SCHEDULE_CRON', z.string().min(9).default('*/30 * * * *'), 'Cron pattern of the scheduled crawl'],
  scheduleTz: ['SCHEDULE_TZ', z.string().min(1).default('Asia/Seoul'), 'Time zone of the cron pattern'],
  concurrency: ['WORKER_CONCURRENCY', int(1, 256).default(4), 'Jobs in flight per queue in each worker process (4 queues: up to 4× this per process)'],
  attempts: ['JOB_ATTEMPTS', int(1, 50).default(5), 'Attempts per job for retryable errors'],
  maxJobStalls: [
    'MAX_JOB_STALLS',
    int(1, 100).default(3),
    'A job that stopped its worker this many times (crash, kill, hung event loop) fails as stalled instead of running again',
  ],
  backoffMs: ['JOB_BACKOFF_MS', int(1, 3_600_000).default(2_000), 'Base of the exponential backoff (with jitter)'],
  queuePrefix: [
    'QUEUE_PREFIX',
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('donga'),
    'Redis key prefix of all queues and politeness keys',
  ],
  shutdownTimeoutMs: ['SHUTDOWN_TIMEOUT_MS', int(100, 600_000).default(30_000), 'How long SIGINT/SIGTERM waits for in-flight jobs'],
  logLevel: ['LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'pino log level'],
  logFile: [
    'LOG_FILE',
    z.string().min(1).optional(),
    'Append log lines (JSON) to this file instead of stderr; unset = stderr, or DATA_DIR/donga-ingest.log while a progress bar is shown',
  ],
  serveHost: [
    'SERVE_HOST',
    z.string().min(1).default('127.0.0.1'),
    'Address `serve` and `worker --metrics-port` bind; anything but loopback requires SERVE_TOKEN',
  ],
  servePort: ['SERVE_PORT', int(1, 65_535).default(8080), 'Port of `serve` (dashboard, /metrics, /healthz, /readyz)'],
  serveToken: [
    'SERVE_TOKEN',
    z.string().min(16, 'at least 16 characters').optional(),
    'Token for /metrics and the dashboard (Bearer, or Basic password); required off loopback',
  ],
} as const;

type Settings = typeof settings;
export type Config = Readonly<{ [K in keyof Settings]: z.output<Settings[K][1]> }>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'config' as const;
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Builds the config from an environment (default `process.env`) plus explicit overrides
 * (which win). Lists every problem at once, each naming its variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<{ -readonly [K in keyof Config]: Config[K] }> = {},
): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, [envName, schema]] of Object.entries(settings) as [string, readonly [string, z.ZodType, string]][]) {
    if (key in overrides) {
      out[key] = (overrides as Record<string, unknown>)[key];
      continue;
    }
    const raw = env[envName];
    const res = schema.safeParse(raw === '' ? undefined : raw);
    if (res.success) out[key] = res.data;
    else problems.push(`${envName}=${JSON.stringify(raw)}: ${res.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as Config;
}

/** Hosts (host[:port]) the fetcher may contact. */
export function allowedHosts(config: Config): Set<string> {
  const hosts = new Set<string>(['www.donga.com', new URL(config.baseUrl).host]);
  for (const h of config.extraAllowedHosts) hosts.add(h.toLowerCase());
  return hosts;
}

/** The User-Agent header: product token plus contact URL. */
export function userAgentHeader(config: Config): string {
  return `${config.userAgent} (+${config.contactUrl}; parallel-corpus research crawler)`;
}

/** A connection URL fit for logs and messages: any password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/**
 * The environment that reproduces `config` in another process (`loadConfig(configEnv(c))` equals `c`): one
 * variable per set value, lists comma-joined. For spawning workers with the same settings (tests, benchmarks).
 */
export function configEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, [envName]] of Object.entries(settings)) {
    const value = config[key as keyof Config];
    if (value === undefined || value === null) continue;
    env[envName] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}
