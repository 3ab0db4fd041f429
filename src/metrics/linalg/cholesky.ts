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
 * Row k of R is computed left-looking, R[k,·] = (Σ[k,·] − R[0:k,k]ᵀ R[0:k,·]) / R[k,k], which streams
 * the finished rows of R once per step instead of rewriting the whole trailing matrix.
 */

/** The factor of {@link pivotedCholesky}: `r` rows of length `d`, row-major. */
export interface CholeskyFactor {
  r: Float64Array;
  rank: number;
  d: number;
}

/** Pivoted Cholesky of the d×d symmetric PSD matrix `a` (not modified). */
export function pivotedCholesky(a: Float64Array, d: number): CholeskyFactor {
  // Work in pivoted order: perm[k] is the original index of the k-th pivot.
  const perm = new Int32Array(d);
  for (let i = 0; i < d; i++) perm[i] = i;
  const diag = new Float64Array(d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) {
    diag[i] = a[i * d + i];
    if (diag[i] > maxDiag) maxDiag = diag[i];
  }
  const tol = 4 * Number.EPSILON * maxDiag;
  // rp: rows of R in pivoted column order (column c ↔ original index perm[c]).
  const rp = new Float64Array(d * d);
  const row = new Float64Array(d);
  let rank = 0;
  for (let k = 0; k < d; k++) {
    let p = k;
    for (let j = k + 1; j < d; j++) if (diag[j] > diag[p]) p = j;
    if (!(diag[p] > tol)) break;
    if (p !== k) {
      swap(perm, k, p);
      swap(diag, k, p);
      for (let i = 0; i < k; i++) swap(rp, i * d + k, i * d + p);
    }
    const pk = perm[k];
    const akk = diag[k];
    const rkk = Math.sqrt(akk);
    // row[j] = Σ[perm k, perm j] − Σ_i R[i,k] R[i,j] for j > k.
    for (let j = k + 1; j < d; j++) row[j] = a[pk * d + perm[j]];
    for (let i = 0; i < k; i++) {
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
  // Undo the permutation of columns so that Σ = Rᵀ R in Σ's own index order.
  const r = new Float64Array(rank * d);
  for (let i = 0; i < rank; i++) for (let c = i; c < d; c++) r[i * d + perm[c]] = rp[i * d + c];
  return { r, rank, d };
}

function swap(x: Float64Array | Int32Array, i: number, j: number): void {
  const t = x[i];
  x[i] = x[j];
  x[j] = t;
}
