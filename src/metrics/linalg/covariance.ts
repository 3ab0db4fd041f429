/**
 * Mean and sample covariance of the rows of a feature matrix, in float64.
 *
 * Σ = (X − 1μᵀ)ᵀ(X − 1μᵀ) / (n − 1), the unbiased estimate NumPy's `np.cov(x, rowvar=False)` returns.
 * Rows are centred and transposed a block at a time into a d×B float64 buffer, so the Gram update is
 * the rows-dot-rows product of {@link gemmNT} on contiguous memory and memory stays O(d² + d·B)
 * instead of a float64 copy of the whole input.
 */
import { gemmNT, mirrorUpper } from './gemm.js';

/** Rows of X centred and transposed per Gram update (d × 256 × 8 B = 4 MiB for d = 2048). */
const BLOCK = 256;

/** Feature rows, row-major: `data.length === rows * cols`. Float32 input is widened to float64. */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array;
}

/** Column means of `x` (length d), accumulated in float64. */
export function columnMeans(x: FeatureMatrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const mu = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) mu[j] += data[o + j];
  }
  for (let j = 0; j < d; j++) mu[j] /= n;
  return mu;
}

/** Mean μ (length d) and covariance Σ (d×d, row-major, symmetric) of the rows of `x`; needs n ≥ 2. */
export function meanAndCovariance(x: FeatureMatrix): { mean: Float64Array; cov: Float64Array } {
  const { rows: n, cols: d, data } = x;
  if (n < 2) throw new RangeError(`a covariance needs at least 2 rows, got ${n}`);
  const mean = columnMeans(x);
  const cov = new Float64Array(d * d);
  const bt = new Float64Array(d * BLOCK);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const nb = Math.min(BLOCK, n - r0);
    for (let r = 0; r < nb; r++) {
      const o = (r0 + r) * d;
      for (let j = 0; j < d; j++) bt[j * nb + r] = data[o + j] - mean[j];
    }
    gemmNT(bt, bt, d, d, nb, cov, { accumulate: true, upper: true });
  }
  mirrorUpper(cov, d);
  const scale = 1 / (n - 1);
  for (let i = 0; i < d * d; i++) cov[i] *= scale;
  return { mean, cov };
}
