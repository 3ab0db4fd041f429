/**
 * The one dense kernel the metrics need: C = A·Bᵀ in float64, where A is m×k and B is n×k, both
 * row-major. Every heavy step is a product of this shape — a Gram matrix (covariance, `A = B`), the
 * congruence R·Σ·Rᵀ inside FID, the polynomial kernels of KID and the cross inner products behind
 * pairwise distances — because "rows dot rows" reads both operands contiguously.
 *
 * Performance: panels of `KC` columns keep a 2-row strip of A and a block of `NC` rows of B in L1/L2,
 * and a 2×4 register tile does 8 multiply-adds per 6 loads. A 4×4 tile would reuse loads better but
 * its 16 accumulators spill out of V8's registers (measured 1.4 against 2.5–4 GFLOP/s here). V8 emits
 * scalar SSE2 (no SIMD in JS); a native AVX-512 dgemm would be ≈ 10–20× faster per core.
 */

/** Columns of A and B per cache panel (2 rows × 256 × 8 B = 4 KiB of A in L1). */
const KC = 256;
/** Rows of B per cache block (128 × 256 × 8 B = 256 KiB in L2). */
const NC = 128;

/** A row-major float matrix; `data.length === rows * cols`. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * C = A·Bᵀ (m×n), or C += A·Bᵀ with `accumulate`. With `upper`, only entries with j ≥ i are computed
 * (A·Aᵀ is symmetric; call {@link mirrorUpper} afterwards) — half the work for Gram matrices. With
 * `rowOffset`, A and C are a horizontal slice starting at that row of the full product, so that the
 * upper-triangle bound stays right when threads split the rows.
 */
export function gemmNT(
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  k: number,
  c: Float64Array = new Float64Array(m * n),
  options: { accumulate?: boolean; upper?: boolean; rowOffset?: number } = {},
): Float64Array {
  if (!options.accumulate) c.fill(0);
  const upper = options.upper === true;
  const offset = options.rowOffset ?? 0;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const k1 = Math.min(k, k0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const j1 = Math.min(n, j0 + NC);
      for (let i = 0; i < m; i += 2) {
        const i1 = Math.min(m, i + 2);
        // In upper mode rows i, i+1 need columns from i on; start at the 4-aligned column below i.
        const row = i + offset;
        const jStart = upper ? Math.max(j0, row - (row % 4)) : j0;
        if (jStart >= j1) continue;
        if (i1 - i === 2) tile2(a, b, c, i, jStart, j1, k0, k1, k, n);
        else edgeRows(a, b, c, i, i1, jStart, j1, k0, k1, k, n);
      }
    }
  }
  return c;
}

/** Copies the upper triangle of the n×n matrix `c` onto its lower triangle. */
export function mirrorUpper(c: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
}

/** Rows i, i+1 of C, columns j0..j1, over the panel k0..k1; 2×4 register tiles. */
function tile2(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  i: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  k: number,
  n: number,
): void {
  const a0 = i * k;
  const a1 = a0 + k;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const b0 = j * k;
    const b1 = b0 + k;
    const b2 = b1 + k;
    const b3 = b2 + k;
    let c00 = 0;
    let c01 = 0;
    let c02 = 0;
    let c03 = 0;
    let c10 = 0;
    let c11 = 0;
    let c12 = 0;
    let c13 = 0;
    for (let p = k0; p < k1; p++) {
      const x0 = a[a0 + p];
      const x1 = a[a1 + p];
      const y0 = b[b0 + p];
      const y1 = b[b1 + p];
      const y2 = b[b2 + p];
      const y3 = b[b3 + p];
      c00 += x0 * y0;
      c01 += x0 * y1;
      c02 += x0 * y2;
      c03 += x0 * y3;
      c10 += x1 * y0;
      c11 += x1 * y1;
      c12 += x1 * y2;
      c13 += x1 * y3;
    }
    const o = i * n + j;
    c[o] += c00;
    c[o + 1] += c01;
    c[o + 2] += c02;
    c[o + 3] += c03;
    const q = o + n;
    c[q] += c10;
    c[q + 1] += c11;
    c[q + 2] += c12;
    c[q + 3] += c13;
  }
  if (j < j1) edgeRows(a, b, c, i, i + 2, j, j1, k0, k1, k, n);
}

/** Plain dot products for the ragged edges of C. */
function edgeRows(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  k: number,
  n: number,
): void {
  for (let i = i0; i < i1; i++) {
    const ai = i * k;
    for (let j = j0; j < j1; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = k0; p < k1; p++) s += a[ai + p] * b[bj + p];
      c[i * n + j] += s;
    }
  }
}
