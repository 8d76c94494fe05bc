/**
 * Fault knobs of the replay site (pure). Rate-based faults are decided per path from the seed, so
 * the same path always gets the same plan: it fails on its first k attempts and then succeeds.
 * Id-based faults are permanent. `expectedOutcome` states what the pipeline must end with.
 */
import type { FetchErrorCode } from '../errors.js';
import type { PairStatus, PairVerdict } from '../records/pair.js';
import { hash32, unit } from './prng.js';
import type { SiteModel } from './site-model.js';

/** What a request path is, for fault scoping and statistics. */
export type PathKind = 'robots' | 'sitemap' | 'en-front' | 'en-section' | 'en-article' | 'ko-article' | 'redirect' | 'other';

export interface ReplayFaults {
  /** Delay before every response: fixed, or uniform in [min, max] (deterministic per path and attempt). */
  latencyMs?: number | readonly [number, number];
  /** Fraction of paths answering 5xx on their first k attempts (k in 1..errorAttempts). */
  errorRate?: number;
  /** Upper bound of k for `errorRate`. @defaultValue 2 */
  errorAttempts?: number;
  /** Fraction of paths answering 429 + `Retry-After: 1` on their first attempt. */
  rateLimit?: number;
  /** Answer 429 + `Retry-After: 1` whenever more than this many requests arrived in the last second. */
  maxPerSecond?: number;
  /** Fraction of paths whose first attempt sends Content-Length and closes the socket mid-body. */
  truncateRate?: number;
  /** Fraction of paths whose first attempt sends headers and part of the body, then stalls. */
  stallRate?: number;
  /** How long a stalled response hangs before the socket is destroyed. @defaultValue forever (until close) */
  stallMs?: number;
  /** English ids whose article URL redirects in a loop (permanent: redirect_loop / too_many_redirects). */
  redirectLoopIds?: readonly string[];
  /** English ids whose article URL redirects to http://example.invalid/… (permanent: off_site). */
  offSiteRedirectIds?: readonly string[];
  /** English ids whose article page is larger than `oversizedBytes` (permanent: too_large). */
  oversizedIds?: readonly string[];
  /** Size of an oversized page. @defaultValue 6 MiB (above the fetcher's 5 MiB default) */
  oversizedBytes?: number;
  /** English ids whose `한국어` link leads to a Korean URL that answers 404 (pair status korean_failed). */
  koreanLink404Ids?: readonly string[];
  /** English ids whose English page answers 404 (permanent: http_status). */
  unavailableIds?: readonly string[];
  /**
   * English ids whose `한국어` link leads to another article's Korean page (cross-wired): stored `paired`, with the
   * verdict `suspect` (the reporters differ). Ids without a Korean link or a byline are left alone (site-model.ts).
   */
  crossWiredIds?: readonly string[];
  /**
   * English ids whose Korean URL serves another article's page that names itself (og:url) as that article: stored
   * `paired` with the verdict `mismatch`, like the issue-8 report. Same eligibility as `crossWiredIds`.
   */
  koreanSwappedIds?: readonly string[];
  /** Path kinds the rate-based faults apply to. @defaultValue ['en-article', 'ko-article', 'en-front', 'en-section'] */
  kinds?: readonly PathKind[];
}

const DEFAULT_FAULT_KINDS: readonly PathKind[] = ['en-article', 'ko-article', 'en-front', 'en-section'];

/** The transient fault a path gets, and on how many of its first attempts. */
export type FaultPlan =
  | { kind: 'none' }
  | { kind: 'rate_limit'; attempts: 1 }
  | { kind: 'error'; attempts: number; status: 500 | 502 | 503 }
  | { kind: 'truncate'; attempts: 1 }
  | { kind: 'stall'; attempts: 1 };

/**
 * The plan of one path (path + query). The rates partition [0, 1), so a path gets at most one
 * kind of transient fault, and its attempt budget is known in advance.
 */
export function faultPlan(seed: number, path: string, kind: PathKind, faults: ReplayFaults | undefined): FaultPlan {
  if (!faults || !(faults.kinds ?? DEFAULT_FAULT_KINDS).includes(kind)) return { kind: 'none' };
  const u = unit(seed, 'fault', path);
  let edge = faults.rateLimit ?? 0;
  if (u < edge) return { kind: 'rate_limit', attempts: 1 };
  edge += faults.errorRate ?? 0;
  if (u < edge) {
    const h = hash32(seed, 'error', path);
    const statuses = [500, 502, 503] as const;
    return { kind: 'error', attempts: 1 + (h % Math.max(1, faults.errorAttempts ?? 2)), status: statuses[(h >>> 8) % 3]! };
  }
  edge += faults.truncateRate ?? 0;
  if (u < edge) return { kind: 'truncate', attempts: 1 };
  edge += faults.stallRate ?? 0;
  if (u < edge) return { kind: 'stall', attempts: 1 };
  return { kind: 'none' };
}

/** Latency of one attempt in ms (0 when no latency knob). */
export function latencyFor(seed: number, path: string, attempt: number, faults: ReplayFaults | undefined): number {
  const l = faults?.latencyMs;
  if (l === undefined) return 0;
  if (typeof l === 'number') return l;
  const [min, max] = l;
  return min + Math.floor(unit(seed, 'latency', path, attempt) * (max - min + 1));
}

/** What the pipeline must end with for one English id. */
export type ExpectedOutcome =
  | {
      kind: 'stored';
      status: PairStatus;
      /** For `korean_failed`: the error the Korean fetch must record. */
      koreanError: { code: FetchErrorCode; httpStatus: number } | null;
      /** For `paired`: the verdicts pair verification may give (`pairing.verdict`), the predicted one first. */
      verdicts: readonly PairVerdict[] | null;
    }
  | {
      kind: 'failed';
      /** The most precise code; `acceptableCodes` lists every code a correct fetcher may report. */
      code: FetchErrorCode;
      acceptableCodes: readonly FetchErrorCode[];
      httpStatus: number | null;
    };

/** The final outcome for `enId` given the model and the permanent fault knobs. */
export function expectedOutcome(model: SiteModel, faults: ReplayFaults | undefined, enId: string): ExpectedOutcome {
  const has = (list: readonly string[] | undefined) => list?.includes(enId) ?? false;
  if (has(faults?.redirectLoopIds))
    return { kind: 'failed', code: 'redirect_loop', acceptableCodes: ['redirect_loop', 'too_many_redirects'], httpStatus: null };
  if (has(faults?.offSiteRedirectIds)) return { kind: 'failed', code: 'off_site', acceptableCodes: ['off_site'], httpStatus: null };
  if (has(faults?.oversizedIds)) return { kind: 'failed', code: 'too_large', acceptableCodes: ['too_large'], httpStatus: null };
  if (has(faults?.unavailableIds)) return { kind: 'failed', code: 'http_status', acceptableCodes: ['http_status'], httpStatus: 404 };
  const status = model.pairStatus(enId);
  const verdict = model.expectedVerdict(enId);
  return {
    kind: 'stored',
    status,
    koreanError: status === 'korean_failed' ? { code: 'http_status', httpStatus: 404 } : null,
    verdicts: verdict ? [verdict.predicted, ...verdict.acceptable.filter((v) => v !== verdict.predicted)] : null,
  };
}

/** Counts the demo and the tests can compare with: pairs stored by status, failures by code. */
export interface ExpectedSummary {
  total: number;
  stored: Record<PairStatus, number>;
  failed: Partial<Record<FetchErrorCode, number>>;
  /** Stored `paired` records by the verdict the model predicts (failed English pages not counted). */
  verdicts: Record<PairVerdict, number>;
  /** Paired records whose link is wired to another article (cross-wired or swapped page). */
  wronglyWired: number;
}

export function expectedSummary(model: SiteModel, faults: ReplayFaults | undefined): ExpectedSummary {
  const out: ExpectedSummary = {
    total: model.pairs,
    stored: { paired: 0, no_korean_link: 0, korean_failed: 0 },
    failed: {},
    verdicts: { verified: 0, plausible: 0, suspect: 0, mismatch: 0 },
    wronglyWired: 0,
  };
  for (const id of model.englishIds) {
    const o = expectedOutcome(model, faults, id);
    if (o.kind === 'stored') {
      out.stored[o.status]++;
      if (o.verdicts) out.verdicts[o.verdicts[0]!]++;
      if (o.status === 'paired' && model.wiring(id) !== 'own') out.wronglyWired++;
    } else out.failed[o.code] = (out.failed[o.code] ?? 0) + 1;
  }
  return out;
}

export type FaultPreset = 'none' | 'mild' | 'harsh';

/**
 * Picks the ids for a preset's permanent faults from `englishIds` (deterministic, distinct;
 * Korean-link faults only on articles that have a Korean link, via `hasKoreanLink`).
 */
export function faultPreset(preset: FaultPreset, englishIds: readonly string[], hasKoreanLink: (id: string) => boolean): ReplayFaults {
  if (preset === 'none') return {};
  const taken = new Set<string>();
  const pick = (n: number, start: number, want?: (id: string) => boolean): string[] => {
    const out: string[] = [];
    for (let k = 0; k < englishIds.length && out.length < n; k++) {
      const id = englishIds[(start + k * 7) % englishIds.length]!;
      if (taken.has(id) || (want && !want(id))) continue;
      taken.add(id);
      out.push(id);
    }
    return out;
  };
  const n = englishIds.length;
  // Permanent faults are taken only when the site is big enough to keep most pairs healthy.
  const few = n < 10 ? 0 : 1;
  // Wrongly wired Korean links: about one in twenty articles (the model leaves ineligible ids alone).
  const wired = n < 10 ? 0 : Math.max(1, Math.round(n / 40));
  if (preset === 'mild') {
    return {
      latencyMs: [0, 20],
      errorRate: 0.05,
      rateLimit: 0.02,
      truncateRate: 0.02,
      crossWiredIds: pick(wired, 19, hasKoreanLink),
      koreanSwappedIds: pick(wired, 23, hasKoreanLink),
    };
  }
  return {
    latencyMs: [0, 40],
    errorRate: 0.12,
    errorAttempts: 2,
    rateLimit: 0.05,
    truncateRate: 0.04,
    stallRate: 0.01,
    redirectLoopIds: pick(few, 3),
    offSiteRedirectIds: pick(few, 5),
    oversizedIds: pick(few, 8),
    unavailableIds: pick(few, 11),
    koreanLink404Ids: pick(n < 10 ? 0 : 2, 13, hasKoreanLink),
    crossWiredIds: pick(wired, 19, hasKoreanLink),
    koreanSwappedIds: pick(wired, 23, hasKoreanLink),
  };
}
