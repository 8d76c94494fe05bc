import { toYmd } from '../discover/extract-links.js';
import { parseEnglishArticleUrl, parseKoreanArticleUrl } from '../normalize/article-url.js';

/**
 * Validation of `enqueue` inputs. Pure. Every input is checked before anything is enqueued.
 *
 * Accepted forms:
 *  - an English article URL on www.donga.com or an allowed host (the configured base URL);
 *  - `YYYYMMDD/<id>` → `<baseUrl>/en/article/all/YYYYMMDD/<id>/1`;
 *  - a bare English id (1–8 digits): its URL needs the date, so it is only accepted when the
 *    caller can resolve it (the pair is already stored: typical for `--force`); else refused.
 */

export type EnqueueTarget = { input: string; url: string; articleId: string; ymd: string };
export type EnqueueProblem = { input: string; reason: string };
/** A bare id whose URL must be looked up (in the store). */
export type PendingId = { input: string; articleId: string };

export interface ClassifiedInputs {
  targets: EnqueueTarget[];
  pending: PendingId[];
  problems: EnqueueProblem[];
}

const MAX_INPUT = 2048;
/** English ids have 6–7 digits today (docs/site-notes.md, URL shapes); 8 leaves room, more is not an English id. */
const MAX_ID_DIGITS = 8;

/** Why an English article id is malformed, or null. The same rule for bare ids, YYYYMMDD/<id> and URLs. */
function idProblem(id: string): string | null {
  if (id.length > MAX_ID_DIGITS) return `not an English article id ${id} (English ids have at most ${MAX_ID_DIGITS} digits)`;
  if (id.startsWith('0')) return `not an English article id ${id} (leading zero)`;
  return null;
}

/** Sorts raw inputs into article targets, ids to resolve, and problems (with the reason). */
export function classifyInputs(inputs: readonly string[], opts: { baseUrl: string; allowedHosts: ReadonlySet<string> }): ClassifiedInputs {
  const out: ClassifiedInputs = { targets: [], pending: [], problems: [] };
  const base = opts.baseUrl.replace(/\/+$/, '');
  for (const raw of inputs) {
    const input = raw.trim();
    const bad = (reason: string) => out.problems.push({ input: raw, reason });
    if (!input) {
      bad('empty input');
      continue;
    }
    if (input.length > MAX_INPUT) {
      bad(`longer than ${MAX_INPUT} characters`);
      continue;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(input)) {
      bad('contains control characters');
      continue;
    }
    if (/^\d+$/.test(input)) {
      const problem = idProblem(input);
      if (problem) bad(problem);
      else out.pending.push({ input: raw, articleId: input });
      continue;
    }
    const dated = /^(\d{8})\/(\d+)$/.exec(input);
    if (dated) {
      const ymd = toYmd(dated[1]!);
      const art = ymd ? parseEnglishArticleUrl(`${base}/en/article/all/${ymd}/${dated[2]}/1`) : null;
      const problem = idProblem(dated[2]!);
      if (!art) bad('expected YYYYMMDD/<id> with a real date and an English id');
      else if (problem) bad(problem);
      else out.targets.push({ input: raw, url: art.url, articleId: art.articleId, ymd: art.ymd });
      continue;
    }
    if (!/^https?:\/\//i.test(input)) {
      bad('not an English article URL, YYYYMMDD/<id> or id');
      continue;
    }
    let u: URL;
    try {
      u = new URL(input);
    } catch {
      bad('not a valid URL');
      continue;
    }
    if (u.username || u.password) {
      bad('URLs with credentials are not accepted');
      continue;
    }
    if (!opts.allowedHosts.has(u.host.toLowerCase())) {
      bad(`off-site host ${u.host} (allowed: ${[...opts.allowedHosts].join(', ')})`);
      continue;
    }
    if (parseKoreanArticleUrl(input)) {
      bad('is a Korean article URL: enqueue the English page (/en/article/all/YYYYMMDD/<id>/1); its 한국어 link brings the Korean original');
      continue;
    }
    const art = parseEnglishArticleUrl(input);
    if (!art) {
      bad('not an English article URL (expected /en/article/all/YYYYMMDD/<id>/1)');
      continue;
    }
    const problem = idProblem(art.articleId);
    if (problem) {
      bad(problem);
      continue;
    }
    out.targets.push({ input: raw, url: art.url, articleId: art.articleId, ymd: art.ymd });
  }
  return out;
}

/** `--since`/`--until` → YYYYMMDD, with problems when malformed or reversed. */
export function checkDateRange(since: string | undefined, until: string | undefined): { since?: string; until?: string; problems: EnqueueProblem[] } {
  const problems: EnqueueProblem[] = [];
  const s = since === undefined ? undefined : toYmd(since);
  const u = until === undefined ? undefined : toYmd(until);
  if (since !== undefined && !s) problems.push({ input: `--since ${since}`, reason: 'expected a date YYYY-MM-DD' });
  if (until !== undefined && !u) problems.push({ input: `--until ${until}`, reason: 'expected a date YYYY-MM-DD' });
  if (s && u && s > u) problems.push({ input: `--since ${since} --until ${until}`, reason: 'since is after until' });
  return { ...(s ? { since: s } : {}), ...(u ? { until: u } : {}), problems };
}

/**
 * Usage errors of an `enqueue` command line (exit 2, before Redis is contacted): nothing to enqueue at all (no
 * inputs, no `--file`, no `--since`/`--until`), or a `--since`/`--until` that is not a date. One message per problem,
 * naming the option. Invalid inputs (and a reversed range) are bad input, reported by {@link classifyInputs} and {@link checkDateRange}.
 */
export function enqueueUsageProblems(req: {
  inputs: readonly string[];
  file?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}): string[] {
  if (!req.inputs.length && req.file === undefined && req.since === undefined && req.until === undefined) {
    return ['nothing to enqueue: give article URLs, YYYYMMDD/<id> or ids, --file F, or --since/--until'];
  }
  const problems: string[] = [];
  for (const [flag, value] of [
    ['--since', req.since],
    ['--until', req.until],
  ] as const) {
    if (value !== undefined && !toYmd(value)) problems.push(`${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return problems;
}

/**
 * Lines of an input file: trimmed, blank lines and `#` comments skipped. A comment is a `#` at the start of a line
 * or after whitespace (`20240809/5104150  # re-check`); a URL's own `#fragment` has no space before it and is kept.
 */
export function inputLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l);
}
