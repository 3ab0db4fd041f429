// Float64 linear algebra behind gankit's FID and KID, over CBLAS + LAPACK (OpenBLAS). Pure C++ with
// no N-API, so the same code can be linked against another BLAS/LAPACK to compare them.
#pragma once
#include <cstdint>

namespace gkl {

// Mean (length d) and unbiased (n − 1) covariance (d×d, symmetric) of the n rows of the row-major
// n×d matrix x. Rows are widened to float64 and centred a block at a time, then added with dsyrk.
template <typename T>
void covariance(const T* x, int64_t n, int64_t d, double* mean, double* cov);

// tr √(Σ₁Σ₂) for d×d symmetric PSD matrices: Σ₁ = RᵀR by pivoted Cholesky (dpstrf, stopping at
// ε·max diag Σ₁ like the JS path), then Σ √λ(R Σ₂ Rᵀ) with negative eigenvalues clamped to 0.
// `rank` (optional) receives the numerical rank of Σ₁.
double trace_sqrt_product(const double* s1, const double* s2, int64_t d, int64_t* rank = nullptr);

// Cubic polynomial kernel sums of KID for m×d row-major x, y, with k(a, b) = (aᵀb/d + 1)³:
// out[0] = Σ_{i≠j} k(xᵢ, xⱼ), out[1] = Σ_{i≠j} k(yᵢ, yⱼ), out[2] = Σ_{i,j} k(xᵢ, yⱼ).
void polynomial_kernel_sums(const double* x, const double* y, int64_t m, int64_t d, double out[3]);

}  // namespace gkl
