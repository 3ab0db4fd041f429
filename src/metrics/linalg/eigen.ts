/**
 * Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then the implicit
 * QL algorithm with Wilkinson shifts on the tridiagonal matrix (Golub & Van Loan §8.3; Numerical
 * Recipes' tred2/tqli without eigenvectors). Backward stable: each computed eigenvalue is within
 * O(ε‖A‖₂) of an exact one.
 *
 * Cost: 4/3·n³ flops for the reduction (everything else is O(n²)). The reduction works on the lower
 * triangle stored row-major, so its sweeps read rows contiguously.
 */

/** All eigenvalues of the n×n symmetric matrix `a` (row-major, only the lower triangle is read), ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) w[i * n + j] = a[i * n + j];
  const diag = new Float64Array(n);
  const off = new Float64Array(n);
  tridiagonalize(w, n, diag, off);
  tridiagonalEigenvalues(diag, off);
  return diag.sort();
}

/**
 * Reduces the lower triangle of `a` in place (destroying it) to tridiagonal form T = QᵀAQ;
 * writes T's diagonal into `diag` and its subdiagonal into `off[1..n-1]` (`off[0] = 0`).
 *
 * Step k builds the Householder vector v from column k, p = β·A·v, w = p − (β·pᵀv/2)·v, and updates
 * A −= v·wᵀ + w·vᵀ. The update of step k is deferred and fused into the pass that computes p for
 * step k + 1 (only column k + 1 is updated ahead, to build the next v): one sweep over the trailing
 * triangle per step instead of two, which halves the memory traffic that bounds this O(n³) loop.
 */
function tridiagonalize(a: Float64Array, n: number, diag: Float64Array, off: Float64Array): void {
  let v = new Float64Array(n);
  let p = new Float64Array(n);
  // The deferred update of the previous step (zero before the first step).
  let pv = new Float64Array(n);
  let pw = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Apply the deferred update to column k (diagonal included), then take its Householder vector
    // (I − β v vᵀ) x = α e₁ for x = A[k+1:n, k].
    for (let i = k; i < n; i++) a[i * n + k] -= pv[i] * pw[k] + pw[i] * pv[k];
    diag[k] = a[k * n + k];
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      const x = a[i * n + k];
      v[i] = x;
      norm2 += x * x;
    }
    const x0 = v[k + 1];
    const alpha = norm2 === 0 ? 0 : x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    off[k + 1] = alpha;
    v[k + 1] = x0 - alpha;
    // β = 2 / vᵀv with vᵀv = ‖x‖² − x₀² + (x₀ − α)² = 2(‖x‖² − x₀α); β = 0 (no reflection) if x = 0.
    const beta = norm2 === 0 ? 0 : 1 / (norm2 - x0 * alpha);
    // One sweep over the trailing lower triangle: finish the previous update and accumulate p = A·v.
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const vi = v[i];
      const pvi = pv[i];
      const pwi = pw[i];
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const aij = a[o + j] - (pvi * pw[j] + pwi * pv[j]);
        a[o + j] = aij;
        s += aij * v[j];
        p[j] += aij * vi;
      }
      const aii = a[o + i] - 2 * pvi * pwi;
      a[o + i] = aii;
      p[i] += s + aii * vi;
    }
    let pDotV = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= beta;
      pDotV += p[i] * v[i];
    }
    const half = 0.5 * beta * pDotV;
    for (let i = k + 1; i < n; i++) p[i] -= half * v[i];
    // This step's (v, w) becomes the deferred update; the old buffers are reused.
    [pv, v] = [v, pv];
    [pw, p] = [p, pw];
  }
  // The last deferred update touches only the final 2×2 block.
  for (let i = Math.max(0, n - 2); i < n; i++) {
    for (let j = Math.max(0, n - 2); j <= i; j++) a[i * n + j] -= pv[i] * pw[j] + pw[i] * pv[j];
  }
  if (n >= 2) {
    diag[n - 2] = a[(n - 2) * n + n - 2];
    off[n - 1] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) diag[n - 1] = a[(n - 1) * n + n - 1];
  off[0] = 0;
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal matrix (d, e), where `e[i]` couples
 * rows i−1 and i. On return `d` holds the eigenvalues (unordered); `e` is destroyed.
 */
function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      // Find a negligible off-diagonal element that splits the matrix.
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new Error('symmetric eigenvalue iteration did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: deflate and restart this eigenvalue.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
