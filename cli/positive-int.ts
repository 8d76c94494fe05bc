import { InvalidArgumentError } from 'commander';

/** Commander option parser for integers >= 1 (shared by several commands, so not in any one of them). */
export function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a positive integer');
  return Number(v);
}

/** An option parser for integers in 1..max. */
export function positiveIntUpTo(max: number): (v: string) => number {
  return (v) => {
    const n = positiveInt(v);
    if (n > max) throw new InvalidArgumentError(`expected an integer in 1..${max}`);
    return n;
  };
}
