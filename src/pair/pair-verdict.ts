/**
 * Verdict and score of a `paired` record from its signals (docs/alignment.md states the rules):
 *
 * - `mismatch`: a signal says the pair is impossible (the Korean page names another article; the English was
 *   posted more than a day before the Korean original existed, or months after it).
 * - `suspect`: no impossibility, but a contradiction (different reporter e-mails, numbers that do not agree,
 *   English weeks late …).
 * - `verified`: no contradiction and strong independent evidence: the reporter (same e-mail or romanized name)
 *   corroborated by the time window or the content, or strong content evidence (shared numbers, names)
 *   corroborated by the time window.
 * - `plausible`: no contradiction, not enough evidence to verify (editorials without numbers, missing bylines).
 *
 * The score is the weighted share of supporting signals among the observable ones (a neutral prior of 0.5 keeps
 * thin evidence near the middle), then held inside its verdict's band so score and verdict never disagree. Pure.
 */
import type { PairSignal, PairVerdict, SignalName } from '../records/pair.js';
import { pairSignals, type SignalInput } from './pair-signals.js';

export interface PairVerification {
  verdict: PairVerdict;
  score: number;
  signals: PairSignal[];
}

/** Weight of each signal in the score (docs/alignment.md, Pair verification). */
const WEIGHTS: Record<SignalName, number> = {
  identity: 0.1,
  email: 0.35,
  name: 0.15,
  time: 0.15,
  numbers: 0.2,
  latin: 0.05,
  people: 0.1,
  length: 0.05,
};
const PRIOR = { value: 0.5, weight: 0.2 };
/** Score bands per verdict: [min, max]. */
export const SCORE_BANDS: Record<PairVerdict, readonly [number, number]> = {
  verified: [0.8, 1],
  plausible: [0.5, 0.79],
  suspect: [0.05, 0.49],
  mismatch: [0, 0],
};

const REPORTER: readonly SignalName[] = ['email', 'name'];
const CONTENT: readonly SignalName[] = ['numbers', 'people', 'latin'];

/** The verdict rules over a list of signals. */
export function verdictOf(signals: readonly PairSignal[]): PairVerdict {
  if (signals.some((s) => s.effect === 'impossible')) return 'mismatch';
  if (signals.some((s) => s.effect === 'contradicts')) return 'suspect';
  const supports = (names: readonly SignalName[], strength?: 'strong') =>
    signals.filter((s) => names.includes(s.name) && s.effect === 'supports' && (!strength || s.strength === strength));
  const reporterStrong = supports(REPORTER, 'strong').length > 0;
  const contentStrong = supports(CONTENT, 'strong').length > 0 || supports(CONTENT).length >= 2;
  const contentAny = supports(CONTENT).length > 0;
  const timeOk = supports(['time']).length > 0;
  if (reporterStrong && (timeOk || contentAny)) return 'verified';
  if (contentStrong && timeOk) return 'verified';
  return 'plausible';
}

/** Weighted share of supporting signals (strong counts fully, weak half), with the prior. */
function rawScore(signals: readonly PairSignal[]): number {
  let num = PRIOR.value * PRIOR.weight;
  let den = PRIOR.weight;
  for (const s of signals) {
    if (s.effect === 'neutral') continue;
    const w = WEIGHTS[s.name] * (s.strength === 'strong' ? 1 : 0.5);
    den += w;
    if (s.effect === 'supports') num += w;
  }
  return num / den;
}

/** Signals, verdict and score of one pair. */
export function verifyPair(input: SignalInput): PairVerification {
  const signals = pairSignals(input);
  const verdict = verdictOf(signals);
  const [lo, hi] = SCORE_BANDS[verdict];
  const score = Math.round(Math.min(hi, Math.max(lo, rawScore(signals))) * 1000) / 1000;
  return { verdict, score, signals };
}
