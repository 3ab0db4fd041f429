/**
 * Density and coverage (Naeem et al., 2020, the `prdc` definitions), with r(xᵢ) the distance from a
 * real sample to its k-th nearest real neighbour (k = 5 by default):
 *
 *     density  = 1/(kM) Σⱼ Σᵢ 1[ ‖yⱼ − xᵢ‖ < r(xᵢ) ]     (can exceed 1; ≈ 1 for matching sets),
 *     coverage = (1/N) Σᵢ 1[ minⱼ ‖xᵢ − yⱼ‖ < r(xᵢ) ].
 *
 * Only real-sample balls are used, which makes both robust to fake outliers. Strict inequalities
 * follow `prdc`.
 */
import { forEachDistanceBlock, realManifold } from './knn.js';
import { fraction } from './precisionRecall.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs } from './validate.js';

/** Density and coverage of fake rows against real rows. */
export function densityCoverage(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  k = 5,
): { density: number; coverage: number } {
  const { x, y, n, m, d, rReal } = realManifold('dc', real, fake, k);
  let inside = 0;
  const covered = new Uint8Array(n);
  forEachDistanceBlock(x, n, y, m, d, (i0, rows, dist) => {
    for (let r = 0; r < rows; r++) {
      const radius = rReal[i0 + r];
      let count = 0;
      for (let j = 0; j < m; j++) if (dist[r * m + j] < radius) count++;
      inside += count;
      if (count > 0) covered[i0 + r] = 1;
    }
  });
  return { density: inside / (k * m), coverage: fraction(covered) };
}

export const densityCoverageMetric: Metric = {
  name: 'dc',
  summary: 'density and coverage with k-NN balls around real samples (k = 5)',
  needs: ['realFeatures', 'fakeFeatures'],
  compute(inputs, options) {
    requireInputs('dc', inputs, this.needs);
    return densityCoverage(inputs.realFeatures!, inputs.fakeFeatures!, options.k ?? 5);
  },
};
