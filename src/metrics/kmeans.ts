/**
 * Seeded k-means (Lloyd's algorithm with k-means++ initialisation, Arthur & Vassilvitskii 2007),
 * used by NDB to cut the real feature space into bins. The seed fixes the initial centres, so the
 * same data and seed give the same bins on every machine.
 */
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { forEachDistanceBlock } from './knn.js';

/** Lloyd iterations stop here if assignments still change (they rarely do for NDB-sized problems). */
const MAX_ITERATIONS = 100;

/** Index of the nearest centre for every row of x (centres k×d). */
export function nearestCentre(
  x: Float64Array,
  n: number,
  centres: Float64Array,
  k: number,
  d: number,
): Int32Array {
  const label = new Int32Array(n);
  forEachDistanceBlock(x, n, centres, k, d, (i0, rows, dist) => {
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (dist[r * k + c] < dist[r * k + best]) best = c;
      label[i0 + r] = best;
    }
  });
  return label;
}

/** k-means centres (k×d, row-major) of the n rows of x. */
export function kMeans(x: Float64Array, n: number, d: number, k: number, seed: number): Float64Array {
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new UsageError(
      `the number of k-means bins (--bins) must be between 1 and ${n}, the number of real rows; got ${k}`,
    );
  }
  const rng = new Rng(seed);
  const centres = new Float64Array(k * d);
  // k-means++: each next centre is a row drawn with probability ∝ squared distance to the chosen ones.
  const first = rng.int(n);
  centres.set(x.subarray(first * d, first * d + d), 0);
  const d2 = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const u = new Float32Array(1);
  for (let c = 1; c < k; c++) {
    updateNearest(x, n, d, centres.subarray((c - 1) * d, c * d), d2);
    let total = 0;
    for (let i = 0; i < n; i++) total += d2[i];
    let pick = n - 1;
    if (total > 0) {
      let t = rng.uniform(1, u)[0] * total;
      for (let i = 0; i < n; i++) {
        t -= d2[i];
        if (t < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = rng.int(n);
    }
    centres.set(x.subarray(pick * d, pick * d + d), c * d);
  }
  let label: Int32Array = new Int32Array(n).fill(-1);
  const counts = new Float64Array(k);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const next = nearestCentre(x, n, centres, k, d);
    let changed = false;
    for (let i = 0; i < n; i++) if (next[i] !== label[i]) changed = true;
    label = next;
    if (!changed) break;
    const sums = new Float64Array(k * d);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = label[i];
      counts[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += x[i * d + j];
    }
    // An emptied cluster keeps its previous centre.
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / counts[c];
    }
  }
  return centres;
}

/** d2[i] = min(d2[i], ‖xᵢ − c‖²). */
function updateNearest(x: Float64Array, n: number, d: number, c: Float64Array, d2: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[i * d + j] - c[j]) ** 2;
    if (s < d2[i]) d2[i] = s;
  }
}
