/**
 * Mean and sample covariance of the rows of a feature matrix, in float64.
 *
 * Σ = (X − 1μᵀ)ᵀ(X − 1μᵀ) / (n − 1), the unbiased estimate NumPy's `np.cov(x, rowvar=False)` returns.
 * Centring first (two passes) avoids the cancellation of the one-pass E[xxᵀ] − μμᵀ. Rows are centred
 * and transposed a block at a time into a d×B float64 buffer, so the Gram update is the rows-dot-rows
 * product of {@link gemmNT} on contiguous memory and memory stays O(threads · d²) plus one shared copy
 * of the input, instead of a float64 copy of the whole centred input.
 */
import { gemmNT, mirrorUpper } from './gemm.js';
import { type Task, runAll, shared, split, threadsFor } from './parallel.js';

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

/**
 * Adds (X[r0:r1] − 1μᵀ)ᵀ(X[r0:r1] − 1μᵀ) to the upper triangle of the d×d matrix `gram`: the share of
 * the covariance one thread computes. Rows are centred and transposed {@link BLOCK} at a time.
 */
export function accumulateCentredGram(
  data: Float32Array | Float64Array,
  d: number,
  r0: number,
  r1: number,
  mean: Float64Array,
  gram: Float64Array,
): void {
  const bt = new Float64Array(d * BLOCK);
  for (let b0 = r0; b0 < r1; b0 += BLOCK) {
    const nb = Math.min(BLOCK, r1 - b0);
    for (let r = 0; r < nb; r++) {
      const o = (b0 + r) * d;
      for (let j = 0; j < d; j++) bt[j * nb + r] = data[o + j] - mean[j];
    }
    gemmNT(bt, bt, d, d, nb, gram, { accumulate: true, upper: true });
  }
}

/**
 * Mean μ (length d) and covariance Σ (d×d, row-major, symmetric) of the rows of `x`; needs n ≥ 2.
 * The rows are split between threads (parallel.ts).
 */
export function meanAndCovariance(x: FeatureMatrix): { mean: Float64Array; cov: Float64Array } {
  const { rows: n, cols: d } = x;
  if (n < 2) throw new RangeError(`a covariance needs at least 2 rows, got ${n}`);
  const mean = columnMeans(x);
  const cov = parallelGram(x, mean);
  mirrorUpper(cov, d);
  const scale = 1 / (n - 1);
  for (let i = 0; i < d * d; i++) cov[i] *= scale;
  return { mean, cov };
}

/**
 * Upper triangle of the unnormalised centred Gram matrix Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ (d×d), rows of X
 * split between threads; each thread sums its rows into its own d×d buffer, and the buffers are added.
 */
function parallelGram(x: FeatureMatrix, mean: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const threads = threadsFor(n * d * d);
  if (threads === 1) {
    const gram = new Float64Array(d * d);
    accumulateCentredGram(data, d, 0, n, mean, gram);
    return gram;
  }
  const xs = shared(data);
  const ms = shared(mean);
  const bounds = split(n, threads, () => 1);
  const outs = bounds.slice(1).map(() => new SharedArrayBuffer(d * d * 8));
  const tasks: Task[] = outs.map((out, t) => ({
    op: 'gram',
    x: xs,
    float32: data instanceof Float32Array,
    d,
    r0: bounds[t],
    r1: bounds[t + 1],
    mean: ms,
    out,
  }));
  runAll(tasks, () => accumulateCentredGram(data, d, bounds[0], bounds[1], mean, new Float64Array(outs[0])));
  const gram = new Float64Array(outs[0]);
  for (let t = 1; t < outs.length; t++) {
    const part = new Float64Array(outs[t]);
    for (let i = 0; i < gram.length; i++) gram[i] += part[i];
  }
  return gram;
}
