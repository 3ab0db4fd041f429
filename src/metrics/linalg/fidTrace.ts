/**
 * tr √(Σ₁Σ₂) for symmetric positive semi-definite Σ₁, Σ₂ — the only non-trivial term of FID.
 *
 * With Σ₁ = RᵀR (pivoted Cholesky, R r×d, r = rank Σ₁), the non-zero eigenvalues of Σ₁Σ₂ = RᵀRΣ₂ are
 * those of M = R Σ₂ Rᵀ (eig(AB) = eig(BA) away from 0), and M is symmetric PSD. The principal square
 * root of Σ₁Σ₂ has the square roots of those eigenvalues, so
 *
 *     tr √(Σ₁Σ₂) = Σᵢ √λᵢ(R Σ₂ Rᵀ).
 *
 * This never forms the non-symmetric product Σ₁Σ₂ (whose Schur-form square root, as in
 * `scipy.linalg.sqrtm`, can return complex noise for singular inputs), works for rank-deficient Σ₁
 * and Σ₂ (n < d), and needs eigenvalues only. Eigenvalues that round to slightly below zero are
 * clamped: they belong to an exactly singular direction.
 *
 * Accuracy: exact to rounding for non-singular covariances. For singular ones every method that goes
 * through covariances (scipy's sqrtm included) is off by up to ≈ √(ε·‖Σ‖) per null direction, since
 * √ of a rounding-level eigenvalue is not small; measured ≤ 2e-8 relative to an exact nuclear-norm
 * reference in test/metrics/reference.test.ts.
 */
import { pivotedCholesky } from './cholesky.js';
import { symmetricEigenvalues } from './eigen.js';
import { mirrorUpper } from './gemm.js';
import { parallelGemmNT } from './parallel.js';

/** tr √(Σ₁Σ₂) for two d×d symmetric PSD matrices (row-major). */
export function traceSqrtProduct(sigma1: Float64Array, sigma2: Float64Array, d: number): number {
  const { r, rank } = pivotedCholesky(sigma1, d);
  if (rank === 0) return 0;
  // T = R Σ₂ = R Σ₂ᵀ (Σ₂ symmetric), then M = T Rᵀ; both are rows-dot-rows products, and M is
  // symmetric, so only its upper triangle is computed and then mirrored.
  const t = parallelGemmNT(r, sigma2, rank, d, d);
  const m = parallelGemmNT(t, r, rank, rank, d, { upper: true });
  mirrorUpper(m, rank);
  const lambda = symmetricEigenvalues(m, rank);
  let s = 0;
  for (let i = 0; i < rank; i++) if (lambda[i] > 0) s += Math.sqrt(lambda[i]);
  return s;
}
