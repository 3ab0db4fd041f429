/**
 * Kernel Inception Distance (Bińkowski et al., 2018): the unbiased estimate of the squared maximum
 * mean discrepancy with the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³,
 *
 *     MMD²ᵤ = Σ_{i≠j} k(xᵢ,xⱼ) / (m(m−1)) + Σ_{i≠j} k(yᵢ,yⱼ) / (m(m−1)) − 2 Σ_{i,j} k(xᵢ,yⱼ) / m²,
 *
 * averaged over `subsets` random subsets of `subsetSize` rows of each set (drawn without replacement
 * within a subset), reported as mean ± population std — torch-fidelity's definition and defaults
 * (100 subsets of 1000). Unlike FID it is unbiased, so it can be negative for matching distributions.
 *
 * Cost: ≈ 2·m²·d multiply-adds per subset (three Gram-type products, two of them symmetric); at the
 * defaults with d = 2048 that is 4e11 for all subsets — seconds on OpenBLAS (dsyrk/dgemm through the
 * linalg addon), minutes on the JavaScript fallback (linalg/dispatch.ts chooses).
 */
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { metricLinalg } from './linalg/dispatch.js';
import { sharedFloat64 } from './linalg/parallel.js';
import { meanStd } from './stats.js';
import type { FeatureMatrix, Metric } from './types.js';
import { requireInputs, requireSameWidth, toFloat64 } from './validate.js';

/** Options of {@link kid}. */
export interface KidOptions {
  subsets?: number;
  subsetSize?: number;
  seed?: number;
}

/** Unbiased MMD² with the cubic polynomial kernel between two m×d row sets (float64). */
export function polynomialMmd2(x: Float64Array, y: Float64Array, m: number, d: number): number {
  const [xx, yy, xy] = metricLinalg().polynomialKernelSums(x, y, m, d);
  return (xx + yy) / (m * (m - 1)) - (2 * xy) / (m * m);
}

/** KID mean ± std over random subsets. */
export function kid(
  real: FeatureMatrix,
  fake: FeatureMatrix,
  options: KidOptions = {},
): { mean: number; std: number } {
  requireSameWidth('kid', real, fake);
  const subsets = options.subsets ?? 100;
  const size = options.subsetSize ?? 1000;
  if (subsets < 1) throw new UsageError(`kid: the number of subsets must be ≥ 1, got ${subsets}`);
  if (size < 2 || size > real.rows || size > fake.rows) {
    throw new UsageError(
      `kid: subset size ${size} must be ≥ 2 and at most the number of real (${real.rows}) and fake ` +
        `(${fake.rows}) rows; pass a smaller --subset-size`,
    );
  }
  const d = real.cols;
  const xAll = toFloat64(real);
  const yAll = toFloat64(fake);
  const rng = new Rng(options.seed ?? 0);
  const x = sharedFloat64(size * d);
  const y = sharedFloat64(size * d);
  const values = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    gatherRows(xAll, d, sampleWithoutReplacement(rng, real.rows, size), x);
    gatherRows(yAll, d, sampleWithoutReplacement(rng, fake.rows, size), y);
    values[s] = polynomialMmd2(x, y, size, d);
  }
  return meanStd(values);
}

/** `k` distinct indices of 0..n−1 (first k steps of a Fisher–Yates shuffle). */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p.subarray(0, k);
}

function gatherRows(src: Float64Array, d: number, rows: Uint32Array, out: Float64Array): void {
  for (let i = 0; i < rows.length; i++) out.set(src.subarray(rows[i] * d, rows[i] * d + d), i * d);
}

export const kidMetric: Metric = {
  name: 'kid',
  summary: 'kernel (cubic polynomial) MMD² between real and fake features, mean ± std over subsets',
  needs: ['realFeatures', 'fakeFeatures'],
  compute(inputs, options) {
    requireInputs('kid', inputs, this.needs);
    return { kid: kid(inputs.realFeatures!, inputs.fakeFeatures!, options) };
  },
};
