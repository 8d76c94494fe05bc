import { z } from 'zod';
import { englishArticleSchema, koreanArticleSchema } from './article.js';

/** Status of an English article's pairing with its Korean original. */
export const pairStatusSchema = z.enum(['paired', 'no_korean_link', 'korean_failed']);
export type PairStatus = z.infer<typeof pairStatusSchema>;

/** Cheap, checkable evidence that the two sides are the same story. */
export const pairEvidenceSchema = z.strictObject({
  /** Reporter e-mails found on both sides (lower-cased). */
  sharedEmails: z.array(z.string()),
  /** true/false when both sides have e-mails; null when either side has none. */
  emailMatch: z.boolean().nullable(),
  /** English `Posted` minus Korean `입력`, in minutes (positive: English came later). */
  minutesKoreanToEnglish: z.number().int().nullable(),
  /** Same YYYYMMDD in both URLs. */
  sameUrlDate: z.boolean().nullable(),
});
export type PairEvidence = z.infer<typeof pairEvidenceSchema>;

/**
 * How far a `paired` record can be trusted as a translation pair (see src/pair/): `verified` (strong independent
 * evidence, no contradiction), `plausible`, `suspect` (a contradiction), `mismatch` (impossible as a pair).
 */
export const pairVerdictSchema = z.enum(['verified', 'plausible', 'suspect', 'mismatch']);
export type PairVerdict = z.infer<typeof pairVerdictSchema>;

/** What one signal does to the verdict. */
const signalEffectSchema = z.enum(['supports', 'contradicts', 'impossible', 'neutral']);

/** The signals pair verification computes (src/pair/pair-signals.ts; docs/alignment.md has the rules). */
export const signalNameSchema = z.enum(['identity', 'email', 'name', 'time', 'numbers', 'latin', 'people', 'length']);
export type SignalName = z.infer<typeof signalNameSchema>;

/**
 * One piece of evidence behind a verdict: what was measured (`value`), what it does (`effect`), how much it
 * counts when it does (`strength`), and a one-line `detail` a reviewer can check against the two pages.
 */
export const pairSignalSchema = z.strictObject({
  name: signalNameSchema,
  /** The measurement: a ratio, minutes, a count, a matched name; null when it could not be observed. */
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  effect: signalEffectSchema,
  /** `strong`: can carry a verdict on its own; `weak`: only corroborates. */
  strength: z.enum(['strong', 'weak']),
  detail: z.string(),
});
export type PairSignal = z.infer<typeof pairSignalSchema>;

export const pairingSchema = z.strictObject({
  /** How the Korean page was found: always the English page's `한국어` link for now. */
  method: z.literal('korean_link'),
  status: pairStatusSchema,
  koreanUrl: z.string().url().nullable(),
  /** Set when status is `korean_failed`. */
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  evidence: pairEvidenceSchema.nullable(),
  /** Set on `paired` records (absent on records written before verdicts existed). */
  verdict: pairVerdictSchema.nullable().optional(),
  /** Confidence in [0, 1] behind the verdict. */
  score: z.number().min(0).max(1).nullable().optional(),
  /** The signals behind the verdict, in a fixed order (absent on records written before verdicts existed). */
  signals: z.array(pairSignalSchema).nullable().optional(),
});
export type Pairing = z.infer<typeof pairingSchema>;

/** Where the records came from, so consumers can trace and rebuild them. */
export const sourceSchema = z.strictObject({
  /** The final URL after redirects (the page's address as served). */
  url: z.string().url(),
  /**
   * The URL that was requested: for the Korean side, the English page's `한국어` link. Kept beside `url` so a
   * redirect to another article stays visible (absent on records written before it existed).
   */
  fetchedUrl: z.string().url().optional(),
  fetchedAt: z.string(),
  /** sha256 of the raw body bytes (the key of the raw page archive). */
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  httpStatus: z.number().int(),
});
export type Source = z.infer<typeof sourceSchema>;

export const pairRecordSchema = z.strictObject({
  /** `en-<englishArticleId>`: stable key of the pair. */
  pairId: z.string().regex(/^en-\d+$/),
  english: englishArticleSchema,
  korean: koreanArticleSchema.nullable(),
  pairing: pairingSchema,
  provenance: z.strictObject({
    english: sourceSchema,
    korean: sourceSchema.nullable(),
    parserVersion: z.string(),
    /** When the pair was assembled. */
    pairedAt: z.string(),
  }),
});
export type PairRecord = z.infer<typeof pairRecordSchema>;
