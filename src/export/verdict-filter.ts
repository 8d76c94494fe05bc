import type { PairRecord, PairVerdict } from '../records/pair.js';
import { pairVerdictSchema } from '../records/pair.js';

/**
 * Which verdicts of the pair verification go into the training exports (docs.jsonl, docs.parquet, the TMX and Moses
 * files). A paired record written before verdicts existed has none: it is `unverified`, and is left out of training
 * exports by default like any pair nobody has vouched for. pairs.jsonl and pairs.parquet keep every pair.
 */
export type VerdictClass = PairVerdict | 'unverified';

export const VERDICT_CLASSES: readonly VerdictClass[] = [...pairVerdictSchema.options, 'unverified'];

/** What training exports include without `--verdict`: the two verdicts that vouch for the pair. */
export const DEFAULT_TRAINING_VERDICTS: readonly VerdictClass[] = ['verified', 'plausible'];

/** The pair's verdict, or `unverified` when it has none. Pure. */
export function verdictClass(pair: PairRecord): VerdictClass {
  return pair.pairing.verdict ?? 'unverified';
}

export function emptyVerdictCounts(): Record<VerdictClass, number> {
  return Object.fromEntries(VERDICT_CLASSES.map((v) => [v, 0])) as Record<VerdictClass, number>;
}

/**
 * `verified,plausible` → the listed verdicts in canonical order, `all` → every one, including `unverified`. Pure.
 * An unknown or empty entry is a problem naming it.
 */
export function parseVerdicts(input: string): { ok: true; value: VerdictClass[] } | { ok: false; problem: string } {
  const wanted = new Set<VerdictClass>();
  for (const raw of input.split(',').map((s) => s.trim())) {
    if (raw === 'all') for (const v of VERDICT_CLASSES) wanted.add(v);
    else if ((VERDICT_CLASSES as readonly string[]).includes(raw)) wanted.add(raw as VerdictClass);
    else return { ok: false, problem: `expected ${[...VERDICT_CLASSES, 'all'].join(', ')} (comma-separated), got ${JSON.stringify(raw)}` };
  }
  return { ok: true, value: VERDICT_CLASSES.filter((v) => wanted.has(v)) };
}
