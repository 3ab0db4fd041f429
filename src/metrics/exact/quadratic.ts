/** Exact error on seed 004's quadratic toy: how far generated points (x, y) lie from the curve y = x². */

/**
 * Mean |y − x²| over 2-D samples (row-major n×2). 0 exactly on the curve; it measures fidelity only —
 * coverage of x's range is a separate question (compare the x marginal with U[low, high], e.g. with
 * `wasserstein1Samples` of one-d.ts).
 */
export function quadraticError(samples: ArrayLike<number>): number {
  if (samples.length === 0 || samples.length % 2 !== 0) {
    throw new RangeError('quadratic error needs a non-empty n×2 sample');
  }
  let total = 0;
  for (let i = 0; i < samples.length; i += 2) total += Math.abs(samples[i + 1] - samples[i] * samples[i]);
  return total / (samples.length / 2);
}
