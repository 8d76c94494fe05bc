/** Korean and English character counts (whitespace excluded) of one aligned 1-1 bead. */
export interface LengthSample {
  ko: number;
  en: number;
}

/**
 * Re-estimates the length model from beads believed correct. Under Gale & Church's model the Korean length is
 * `ratio × English` plus noise whose variance grows linearly with size, so the weighted least-squares ratio is
 * Σko / Σen, and the variance is the mean of (ko − ratio·en)² / size with size = (en + ko/ratio) / 2, the same
 * scale `lengthDelta` divides by. Null with fewer than two usable samples. Pure.
 */
export function estimateLengthModel(samples: readonly LengthSample[]): { ratio: number; variance: number; n: number } | null {
  const usable = samples.filter((s) => s.ko > 0 && s.en > 0);
  if (usable.length < 2) return null;
  const ratio = usable.reduce((n, s) => n + s.ko, 0) / usable.reduce((n, s) => n + s.en, 0);
  let sum = 0;
  for (const s of usable) sum += (s.ko - ratio * s.en) ** 2 / ((s.en + s.ko / ratio) / 2);
  return { ratio, variance: sum / (usable.length - 1), n: usable.length };
}
