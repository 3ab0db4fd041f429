/**
 * Mode-collapse detection (seed 001): a collapsed generator maps all noise to a few outputs, so the mean
 * pairwise distance of its samples falls far below that of real samples. The ratio is the diversity score.
 */

/** Mean Euclidean distance over all pairs of the n rows (each `dim` long) of `x`. */
export function meanPairwiseDistance(x: Float32Array, n: number, dim: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let k = 0; k < dim; k++) {
        const d = x[i * dim + k] - x[j * dim + k];
        d2 += d * d;
      }
      sum += Math.sqrt(d2);
    }
  }
  return n > 1 ? sum / ((n * (n - 1)) / 2) : 0;
}

/** Sample diversity relative to real data: ≈ 1 for a healthy generator, → 0 under mode collapse. */
export function diversityRatio(fake: Float32Array, real: Float32Array, n: number, dim: number): number {
  return meanPairwiseDistance(fake, n, dim) / meanPairwiseDistance(real, n, dim);
}
