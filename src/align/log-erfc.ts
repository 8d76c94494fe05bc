/**
 * ln erfc(z) for z ≥ 0, without underflow for large z: the Chebyshev fit `erfcc` of Press, Teukolsky, Vetterling &
 * Flannery, *Numerical Recipes in C*, 2nd ed. (1992), §6.2 (fractional error below 1.2e-7 everywhere), kept in log
 * space. Gale & Church (1993) use the same kind of approximation for their two-tailed normal probability. Pure.
 */
export function logErfc(z: number): number {
  const x = Math.abs(z);
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const lnErfcAbs = Math.log(t) - x * x + poly;
  // erfc(-x) = 2 - erfc(x); only z ≥ 0 is used by the aligner, but keep the function total.
  return z >= 0 ? lnErfcAbs : Math.log(2 - Math.exp(lnErfcAbs));
}

/** ln P(|Z| ≥ |δ|) for a standard normal Z: the two-tailed probability Gale & Church (1993) score lengths with. */
export function logTwoTailed(delta: number): number {
  return Math.min(0, logErfc(Math.abs(delta) / Math.SQRT2));
}
