/**
 * Cholesky factorisation with complete (diagonal) pivoting of a symmetric positive semi-definite
 * matrix, the algorithm of LAPACK's `dpstrf` (Higham, "Cholesky factorization", 2009).
 *
 * Returns R (r×d) with Σ = Rᵀ R, where r is the numerical rank: the factorisation stops once the
 * largest remaining diagonal of the Schur complement is ≤ `ε · max(diag Σ)`, the level of its own
 * rounding errors. (dpstrf's default `d · ε · max(diag Σ)` is safer for rank determination but drops
 * genuine directions of float32 features whose variance is ~1e-15 of the largest, whose square roots
 * still move FID by ~1e-8 relative; measured against an exact reference, ε gives the smaller error.)
 * Pivoting is what makes this safe for the singular covariances FID meets whenever n ≤ d or features
 * are collinear; the columns of R are already mapped back to Σ's order.
 *
 * Blocked like dpstrf: within a panel of {@link PANEL} rows each row of R is computed from the Schur
 * complement left by the previous panels minus the panel's earlier rows,
 * R[k,·] = (S[k,·] − R[k0:k,k]ᵀ R[k0:k,·]) / R[k,k]; after the panel the trailing Schur complement
 * is downdated at once, S −= R[panel]ᵀ R[panel], a symmetric product on the threaded kernel.
 */
import { parallelGemmNT } from './parallel.js';

/** Rows of R per panel. */
const PANEL = 64;

/** The factor of {@link pivotedCholesky}: `r` rows of length `d`, row-major. */
export interface CholeskyFactor {
  r: Float64Array;
  rank: number;
  d: number;
}

/** Pivoted Cholesky of the d×d symmetric PSD matrix `a` (not modified). */
export function pivotedCholesky(a: Float64Array, d: number): CholeskyFactor {
  // Everything below is in pivoted order: perm[k] is the original index of the k-th pivot.
  const perm = new Int32Array(d);
  for (let i = 0; i < d; i++) perm[i] = i;
  // s: Schur complement after the finished panels; diag: its diagonal, updated row by row.
  const s = Float64Array.from(a);
  const diag = new Float64Array(d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) {
    diag[i] = a[i * d + i];
    if (diag[i] > maxDiag) maxDiag = diag[i];
  }
  const tol = Number.EPSILON * maxDiag;
  const rp = new Float64Array(d * d);
  const row = new Float64Array(d);
  let rank = 0;
  for (let k0 = 0; k0 < d && rank === k0; k0 += PANEL) {
    const k1 = Math.min(d, k0 + PANEL);
    for (let k = k0; k < k1; k++) {
      let p = k;
      for (let j = k + 1; j < d; j++) if (diag[j] > diag[p]) p = j;
      if (!(diag[p] > tol)) break;
      if (p !== k) symmetricSwap(s, rp, perm, diag, d, k, p);
      const rkk = Math.sqrt(diag[k]);
      for (let j = k + 1; j < d; j++) row[j] = s[k * d + j];
      for (let i = k0; i < k; i++) {
        const o = i * d;
        const rik = rp[o + k];
        if (rik === 0) continue;
        for (let j = k + 1; j < d; j++) row[j] -= rik * rp[o + j];
      }
      const o = k * d;
      rp[o + k] = rkk;
      const inv = 1 / rkk;
      for (let j = k + 1; j < d; j++) {
        const v = row[j] * inv;
        rp[o + j] = v;
        diag[j] -= v * v;
      }
      rank = k + 1;
    }
    if (rank === k1 && k1 < d) downdateTrailing(s, rp, d, k0, k1);
  }
  // Undo the permutation of columns so that Σ = Rᵀ R in Σ's own index order.
  const r = new Float64Array(rank * d);
  for (let i = 0; i < rank; i++) for (let c = i; c < d; c++) r[i * d + perm[c]] = rp[i * d + c];
  return { r, rank, d };
}

/** S[k1:, k1:] −= R[k0:k1, k1:]ᵀ R[k0:k1, k1:] (transposed panel, rows-dot-rows, upper half). */
function downdateTrailing(s: Float64Array, rp: Float64Array, d: number, k0: number, k1: number): void {
  const nb = k1 - k0;
  const m = d - k1;
  const panelT = new Float64Array(m * nb);
  for (let i = 0; i < nb; i++) {
    const o = (k0 + i) * d + k1;
    for (let c = 0; c < m; c++) panelT[c * nb + i] = rp[o + c];
  }
  const g = parallelGemmNT(panelT, panelT, m, m, nb, { upper: true });
  for (let x = 0; x < m; x++) {
    const sx = (k1 + x) * d + k1;
    for (let y = x; y < m; y++) {
      const v = g[x * m + y];
      s[sx + y] -= v;
      if (y !== x) s[(k1 + y) * d + k1 + x] -= v;
    }
  }
}

/** Exchanges pivots k and p: rows and columns of S, columns of the finished rows of R. */
function symmetricSwap(
  s: Float64Array,
  rp: Float64Array,
  perm: Int32Array,
  diag: Float64Array,
  d: number,
  k: number,
  p: number,
): void {
  swap(perm, k, p);
  swap(diag, k, p);
  for (let c = 0; c < d; c++) swap(s, k * d + c, p * d + c);
  for (let r = 0; r < d; r++) swap(s, r * d + k, r * d + p);
  for (let i = 0; i < k; i++) swap(rp, i * d + k, i * d + p);
}

function swap(x: Float64Array | Int32Array, i: number, j: number): void {
  const t = x[i];
  x[i] = x[j];
  x[j] = t;
}
