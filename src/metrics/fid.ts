/**
 * Fréchet Inception Distance (Heusel et al., 2017): the Fréchet (2-Wasserstein) distance between the
 * Gaussians fitted to real and generated features,
 *
 *     FID = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √(Σ₁Σ₂),
 *
 * with Σ the unbiased (n − 1) sample covariance, as in pytorch-fid / torch-fidelity. Everything runs
 * in float64 (float32 features are widened); the trace of the matrix square root comes from
 * `traceSqrtProduct` (linalg/fidTrace.ts), which stays exact for singular covariances (n ≤ d). The
 * covariances and that trace run on OpenBLAS when the linalg addon is built, else in JavaScript
 * (linalg/dispatch.ts chooses; `GANKIT_LINALG=js` forces the fallback).
 */
import { metricLinalg } from './linalg/dispatch.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs, requireSameWidth } from './validate.js';

/** Mean and covariance of a feature set, the statistics FID compares (cacheable per data set). */
export interface GaussianStats {
  mean: Float64Array;
  cov: Float64Array;
  d: number;
}

/** Fits the Gaussian of a feature set; needs at least 2 rows. */
export function gaussianStats(x: FeatureMatrix): GaussianStats {
  return { ...metricLinalg().meanAndCovariance(x), d: x.cols };
}

/** Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂). */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  const d = a.d;
  let meanTerm = 0;
  for (let i = 0; i < d; i++) {
    const diff = a.mean[i] - b.mean[i];
    meanTerm += diff * diff;
  }
  let traces = 0;
  for (let i = 0; i < d; i++) traces += a.cov[i * d + i] + b.cov[i * d + i];
  // Rounding can leave a tiny negative number when the Gaussians coincide; a distance is ≥ 0.
  return Math.max(0, meanTerm + traces - 2 * metricLinalg().traceSqrtProduct(a.cov, b.cov, d));
}

/** FID between real and generated feature rows. */
export function fid(real: FeatureMatrix, fake: FeatureMatrix): number {
  requireSameWidth('fid', real, fake);
  return frechetDistance(gaussianStats(real), gaussianStats(fake));
}

export const fidMetric: Metric = {
  name: 'fid',
  summary: 'Fréchet distance between Gaussians fitted to real and fake features (lower is better)',
  needs: ['realFeatures', 'fakeFeatures'],
  compute(inputs) {
    const { realFeatures, fakeFeatures } = requireInputs('fid', inputs, this.needs);
    return { fid: fid(realFeatures!, fakeFeatures!) };
  },
};
