import { canonicalJson } from '../pair/pair-content-hash.js';
import type { PairRecord } from '../records/pair.js';

/**
 * The fields in which two versions of a pair differ, as dotted paths (`english.title`, `korean.body`,
 * `pairing.verdict`), in a fixed order: what a reparse report lists per changed pair so a reviewer can see at
 * a glance whether a parser fix did what it meant to. A side that appears or disappears is named whole
 * (`korean`). Provenance is not compared: it is not content (see pairContentHash). Pure.
 */
export function changedFields(before: Pick<PairRecord, 'english' | 'korean' | 'pairing'>, after: Pick<PairRecord, 'english' | 'korean' | 'pairing'>): string[] {
  const out: string[] = [];
  for (const side of ['english', 'korean', 'pairing'] as const) {
    const a = before[side] as Record<string, unknown> | null;
    const b = after[side] as Record<string, unknown> | null;
    if (a === null || b === null) {
      if (a !== b) out.push(side);
      continue;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      // Canonical JSON: key order (PostgreSQL jsonb reorders keys) and absent-vs-undefined are no change.
      if (canonicalJson(a[key] ?? null) !== canonicalJson(b[key] ?? null)) out.push(`${side}.${key}`);
    }
  }
  return out;
}
