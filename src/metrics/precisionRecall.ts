/**
 * Improved precision and recall (Kynkäänniemi et al., 2019). Each set's manifold is the union of
 * balls around its samples, each with radius the distance to the sample's k-th nearest neighbour in
 * the same set (k = 3 by default, as in the paper and stylegan2-ada). Then
 *
 *     precision = (1/M) Σⱼ 1[ ∃i: ‖yⱼ − xᵢ‖ ≤ r(xᵢ) ]   (fakes inside the real manifold),
 *     recall    = (1/N) Σᵢ 1[ ∃j: ‖xᵢ − yⱼ‖ ≤ r(yⱼ) ]   (reals inside the fake manifold).
 *
 * Cost: O((N² + M² + NM)·d); use a few thousand samples per set.
 */
import { forEachDistanceBlock, kthNeighbourSquaredRadii, realManifold } from './knn.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs } from './validate.js';

/** Precision and recall of fake rows against real rows with k-NN manifolds. */
export function precisionRecall(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  k = 3,
): { precision: number; recall: number } {
  const { x, y, n, m, d, rReal } = realManifold('pr', real, fake, k);
  const rFake = kthNeighbourSquaredRadii(y, m, d, k);
  const fakeCovered = new Uint8Array(m);
  const realCovered = new Uint8Array(n);
  forEachDistanceBlock(x, n, y, m, d, (i0, rows, dist) => {
    for (let r = 0; r < rows; r++) {
      const i = i0 + r;
      for (let j = 0; j < m; j++) {
        const v = dist[r * m + j];
        if (v <= rReal[i]) fakeCovered[j] = 1;
        if (v <= rFake[j]) realCovered[i] = 1;
      }
    }
  });
  return { precision: fraction(fakeCovered), recall: fraction(realCovered) };
}

/** Share of set flags. */
export function fraction(flags: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < flags.length; i++) s += flags[i];
  return s / flags.length;
}

export const precisionRecallMetric: Metric = {
  name: 'pr',
  summary: 'improved precision and recall with k-NN manifolds (k = 3)',
  needs: ['realFeatures', 'fakeFeatures'],
  compute(inputs, options) {
    requireInputs('pr', inputs, this.needs);
    return precisionRecall(inputs.realFeatures!, inputs.fakeFeatures!, options.k ?? 3);
  },
};
