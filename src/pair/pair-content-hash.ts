import { createHash } from 'node:crypto';
import type { PairRecord } from '../records/pair.js';

/** JSON with object keys sorted at every level, so equal values always serialize to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * sha256 (hex) of what a pair says: english + korean + pairing. Provenance (fetch times, body hashes,
 * parser version) is left out on purpose, so re-fetching an unchanged story never makes a new revision.
 */
export function pairContentHash(pair: Pick<PairRecord, 'english' | 'korean' | 'pairing'>): string {
  return createHash('sha256')
    .update(canonicalJson({ english: pair.english, korean: pair.korean, pairing: pair.pairing }))
    .digest('hex');
}
