/**
 * All exact metrics that apply to a toy world, by the toy's kind, as a flat record of numbers (the shape
 * metrics.jsonl rows take):
 * - 1-D densities: `w1` (exact), `kl`, `reverse_kl`, `js` (histogram, default binning of one-d.ts);
 * - 2-D Gaussian mixtures: `modes_covered`, `high_quality` (VEEGAN / PacGAN convention of mixture-2d.ts)
 *   and `mode_distance` (mean distance to the nearest mode centre);
 * - the quadratic toy: `quadratic_error` (mean |y − x²|) and `w1_x` (x marginal against U[low, high]).
 */
import type { Quadratic } from '../../data/toy/quadratic.js';
import type { Density1D, GaussianMixture2D, ToyDistribution } from '../../data/toy/types.js';
import { modeCoverage } from './mixture-2d.js';
import { histogramDivergences, wasserstein1ToDensity } from './one-d.js';
import { quadraticError } from './quadratic.js';

function isDensity1D(toy: ToyDistribution): toy is ToyDistribution & Density1D {
  return toy.dim === 1 && 'integratedCdf' in toy;
}

function isMixture(toy: ToyDistribution): toy is ToyDistribution & GaussianMixture2D {
  return 'modes' in toy && 'std' in toy;
}

function isQuadratic(toy: ToyDistribution): toy is Quadratic {
  return 'xMarginal' in toy;
}

/**
 * Exact metrics of generated `samples` (row-major n×dim) against `toy`.
 * @throws RangeError for a toy this module has no exact metric for.
 */
export function toyMetrics(toy: ToyDistribution, samples: ArrayLike<number>): Record<string, number> {
  if (isDensity1D(toy)) {
    const h = histogramDivergences(samples, toy);
    return { w1: wasserstein1ToDensity(samples, toy), kl: h.kl, reverse_kl: h.reverseKl, js: h.js };
  }
  if (isMixture(toy)) {
    const c = modeCoverage(samples, toy);
    return {
      modes_covered: c.modesCovered,
      high_quality: c.highQualityFraction,
      mode_distance: c.meanDistance,
    };
  }
  if (isQuadratic(toy)) {
    const xs = Float64Array.from({ length: samples.length / 2 }, (_, i) => samples[2 * i]);
    return { quadratic_error: quadraticError(samples), w1_x: wasserstein1ToDensity(xs, toy.xMarginal) };
  }
  throw new RangeError(`no exact metrics for toy '${toy.name}'`);
}
