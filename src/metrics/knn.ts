/**
 * Pairwise squared Euclidean distances and k-nearest-neighbour radii, the geometry behind
 * precision/recall, density/coverage and NDB's bin assignment.
 *
 * ‖x − y‖² = ‖x‖² + ‖y‖² − 2xᵀy, with the inner products from the threaded {@link parallelGemmNT} a
 * block of rows at a time so memory stays O(block · m). Pass `y` in shared memory (`toFloat64`)
 * or it is copied for every block. The expansion loses ≈ ε‖x‖² to cancellation, harmless for the
 * comparisons with radii made here; results are clamped at 0.
 */
import { UsageError } from '../util/errors.js';
import { parallelGemmNT } from './linalg/parallel.js';
import type { FeatureMatrix } from './types.js';
import { requireSameWidth, toFloat64 } from './validate.js';

/** Rows of x per distance block. */
const BLOCK = 256;

function squaredNorms(x: Float64Array, n: number, d: number): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += x[i * d + j] ** 2;
    s[i] = t;
  }
  return s;
}

/**
 * Calls `visit(i0, rows, dist)` for consecutive blocks of x's rows, where `dist[r·ny + j]` is the
 * squared distance between row i0 + r of x and row j of y.
 */
export function forEachDistanceBlock(
  x: Float64Array,
  nx: number,
  y: Float64Array,
  ny: number,
  d: number,
  visit: (i0: number, rows: number, dist: Float64Array) => void,
): void {
  const xn = squaredNorms(x, nx, d);
  const yn = x === y ? xn : squaredNorms(y, ny, d);
  for (let i0 = 0; i0 < nx; i0 += BLOCK) {
    const rows = Math.min(BLOCK, nx - i0);
    const dist = parallelGemmNT(x.subarray(i0 * d, (i0 + rows) * d), y, rows, ny, d);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < ny; j++) {
        const v = xn[i0 + r] + yn[j] - 2 * dist[r * ny + j];
        dist[r * ny + j] = v > 0 ? v : 0;
      }
    }
    visit(i0, rows, dist);
  }
}

/**
 * Squared distance from every row of x to its k-th nearest other row: the (k+1)-th smallest distance
 * counting the row itself at 0, the radius of the k-NN ball of Kynkäänniemi et al. and Naeem et al.
 */
export function kthNeighbourSquaredRadii(x: Float64Array, n: number, d: number, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new UsageError(`k must be an integer between 1 and the number of rows − 1 (${n - 1}), got ${k}`);
  }
  const radii = new Float64Array(n);
  const best = new Float64Array(k + 1);
  forEachDistanceBlock(x, n, x, n, d, (i0, rows, dist) => {
    for (let r = 0; r < rows; r++) {
      // Exactly 0 for the row itself, whatever the rounding of the expansion.
      dist[r * n + i0 + r] = 0;
      best.fill(Number.POSITIVE_INFINITY);
      for (let j = 0; j < n; j++) {
        const v = dist[r * n + j];
        if (v >= best[k]) continue;
        // Insertion into the sorted list of the k+1 smallest so far.
        let p = k;
        while (p > 0 && best[p - 1] > v) {
          best[p] = best[p - 1];
          p--;
        }
        best[p] = v;
      }
      radii[i0 + r] = best[k];
    }
  });
  return radii;
}

/** Real and fake rows in float64 with the real set's k-NN radii: where precision/recall and density/coverage start. */
export interface RealManifold {
  x: Float64Array;
  y: Float64Array;
  n: number;
  m: number;
  d: number;
  rReal: Float64Array;
}

/** Checks the widths, converts both sets and computes the real k-NN radii (`metric` names errors). */
export function realManifold(
  metric: string,
  real: FeatureMatrix,
  fake: FeatureMatrix,
  k: number,
): RealManifold {
  requireSameWidth(metric, real, fake);
  const x = toFloat64(real);
  const d = real.cols;
  return {
    x,
    y: toFloat64(fake),
    n: real.rows,
    m: fake.rows,
    d,
    rReal: kthNeighbourSquaredRadii(x, real.rows, d, k),
  };
}
